"""Thirty-ninth round: what the blind set of bilingual records showed the reader missed in their English parts,
read after the set was scored. Each text is the project's own probe; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

from imnm.literature.extract import extract_cases
from imnm.literature.languages import language_parts


def test_a_series_that_says_it_tells_one_and_a_review_pooled_with_its_own_case():
    told = ("Our poster presents two children with necrotising myopathy who were given rituximab after years of other "
            "treatment; the abstract below details the first. A 15-year-old boy had weakness from the age of 9. "
            "Anti-HMGCR antibodies were positive.")
    record = _one(told)
    assert (record["sex"], record["age_years"], record["antibodies"]) == ("M", 9, {"hmgcr": "positive"})
    pooled = ("Our patient, a 12-year-old girl, had Gottron's sign and a normal creatine kinase. Two further cases were "
              "found in the literature; across the three, fever was common, and anti-Jo-1 antibody was negative in all "
              "three children.")
    assert [(r["sex"], r["age_years"]) for r in _records(pooled)] == [("F", 12)]


def test_groups_of_each_sex_with_their_ages_are_the_series_in_order():
    text = ("We describe three children with refractory JDM: a girl with disease onset at 7.2 years and two boys with "
            "onset at 3.5 and 10 years. All three had Gottron papules. Before tacrolimus the girl had received "
            "methotrexate.")
    records = _records(text)
    assert [(r["sex"], r["age_years"]) for r in records] == [("F", 7.2), ("M", 3.5), ("M", 10)]
    assert [r["treatments"] for r in records] == [["methotrexate"], [], []]  # "the girl" is the first


def test_keys_in_brackets_close_their_clauses_and_a_gapped_antibody_takes_the_first_verb():
    text = ("We report three children. All three were boys; weakness began at 6 years 3 months (case 1), 9 years "
            "(case 2) and 12 years 6 months (case 3). Anti-MDA5 antibody was found in case 1, and anti-TIF1-gamma "
            "antibody in cases 2 and 3.")
    records = _records(text)
    assert [(r["sex"], r["age_years"]) for r in records] == [("M", 6.25), ("M", 9), ("M", 12.5)]
    assert [r["antibodies"] for r in records] == [{"mda5": "positive"}, {"tif1g": "positive"}, {"tif1g": "positive"}]


def test_a_general_statement_is_neither_a_series_nor_the_patients_finding():
    text = ("Sir, the gut is involved in some patients with juvenile dermatomyositis. We report a 10 year old Turkish "
            "girl. Her creatine phosphokinase was 7400 IU/l. Anti-NXP2 is known to be associated with subcutaneous "
            "calcification, which she did not have at presentation.")
    record = _one(text)
    assert (record["sex"], record["age_years"], record["ethnicity"], record["ck_iu_l"]) == ("F", 10, "Turkish", 7400)
    assert "calcinosis" not in record["features"]


def test_a_gapped_count_of_some_of_the_group_names_no_one():
    text = ("Six children were treated: Patient 1 was a girl of 7, Patient 2 a boy of 11. At the start of rituximab all "
            "6 were taking prednisolone, 4 an immunosuppressive drug and 2 plasma exchange.")
    records = _records(text)
    assert all(r["treatments"] == ["glucocorticoids", "rituximab"] for r in records)


def test_what_a_lab_value_or_a_time_is_not():
    text = ("A 12-year-old girl with polymyositis had received prednisolone and plasma exchange. IVIG was given at "
            "400 mg/kg per day for 5 days; her strength improved, but her CK fell by no more than a fifth (lowest value "
            "712 mU/mL).")
    [case] = extract_cases(text)
    assert case.record["ck_iu_l"] is None  # the lowest it reached on treatment, not the illness's value
    assert {c["drug"]: (c["dose"], c["dose_unit"]) for c in case.record["courses"] if c.get("dose")} == {
        "ivig": (400, "mg/kg")}
    assert not [f for f in case.review_flags if f.startswith("suspect_unit")]  # 400 mg/kg is 0.4 g/kg
    # the time it took to recover is no follow-up
    record = _one("A 6-year-old boy was given prednisolone, and within one month the rash and the weakness had cleared.")
    assert record["follow_up_months"] is None


def test_a_line_blot_subunit_and_a_japanese_heading_in_chinese_characters():
    record = _one("A 9-year-old girl. Myositis line blot: anti-Ro52, anti-PM/Scl75 and anti-SRP positive.")
    assert record["antibodies"] == {"ro52": "positive", "pmscl": "positive", "srp": "positive"}
    text = "要旨\n\n11歳の女児。近位筋力低下と嚥下障害を認めた。\n\nAbstract\n\nAn 11-year-old girl had proximal weakness."
    assert {p.language for p in language_parts(text)} == {"ja", "en"}
