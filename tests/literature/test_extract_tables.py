"""Patients whose facts stand in a table: each row or column read as that patient's, joined to the prose."""

from test_table_reading import SERIES as TABLE_SERIES

from imnm.literature.extract_patterns import extract

# the table-reading tests' series, its last sentence telling no outcome
SERIES = TABLE_SERIES.replace("All three improved.", "All three were followed for at least a year.")

COLUMNS = """We report two siblings with anti-HMGCR myopathy.

| | Patient 1 | Patient 2 |
|---|---|---|
| Sex | Male | Female |
| Age at onset | 3 y 6 mo | 9 y |
| CK, IU/L | 8 900 | 15 600 |
| Anti-HMGCR | + | + |
| Dysphagia | No | Yes |
| Treatment | PSL 1 mg/kg/day, MTX | IVMP 30 mg/kg ×3, IVIG 2 g/kg monthly |
| Follow-up (months) | 36 | 12 |
PSL, prednisolone; IVMP, intravenous methylprednisolone.
"""

LITERATURE = """An 11-year-old boy had anti-SRP myopathy; we compare him with the children published before.

Table 2  Paediatric anti-SRP cases in the literature
Reference            Sex   Age (y)   CK (IU/L)   ILD   Outcome
Kishi et al. [4]     F     9         20 000      -     Remission
Suzuki et al. [5]    M     12        8 000       +     Death
Present case         M     11        18 400      -     Improvement

He was given rituximab.
"""


def _row(case):
    r = case.record
    doses = {c["drug"]: f"{c['dose']:g} {c['dose_unit']}" for c in r["courses"] if c.get("dose")}
    return r["sex"], r["age_years"], r["ck_iu_l"], sorted(r["features"]), sorted(r["features_absent"]), \
        r["outcome_class"], doses


def test_each_row_is_its_own_patient_and_nothing_leaks_between_rows():
    cases = extract(SERIES)
    assert [_row(c) for c in cases] == [
        ("F", 11.0, 12400.0, ["dysphagia"], ["interstitial_lung_disease"], "remission",
         {"glucocorticoids": "30 mg/kg", "ivig": "2 g/kg"}),
        ("M", 8.0, 9800.0, [], ["dysphagia"], "improvement",
         {"glucocorticoids": "2 mg/kg", "methotrexate": "15 mg/m2"}),
        ("F", 14.0, 20500.0, ["dysphagia", "interstitial_lung_disease", "pulmonary"], [], "remission", {}),
    ]


def test_evidence_quotes_the_cell_in_the_text_as_given():
    first = extract(SERIES)[0]
    (ck,) = first.evidence["ck_iu_l"]
    assert SERIES[ck.start:ck.end] == ck.text == "12 400"
    assert "IVMP 30 mg/kg/d" in " ".join(e.text for e in first.evidence["doses"])


def test_a_column_for_each_patient_with_the_footnotes_words():
    one, two = extract(COLUMNS)
    assert (one.record["sex"], one.record["age_years"], one.record["ck_iu_l"]) == ("M", 3.5, 8900.0)
    assert (two.record["sex"], two.record["age_years"], two.record["follow_up_months"]) == ("F", 9.0, 12.0)
    assert one.record["antibodies"] == {"hmgcr": "positive"} and one.record["features_absent"] == ["dysphagia"]
    assert sorted(one.record["treatments"]) == ["glucocorticoids", "methotrexate"]
    assert "ivig" not in one.record["treatments"]
    assert {c["drug"]: c["dose"] for c in two.record["courses"] if c.get("dose")} == {"glucocorticoids": 30, "ivig": 2}


def test_only_the_present_case_of_a_literature_table_is_read():
    (case,) = extract(LITERATURE)
    r = case.record
    assert (r["sex"], r["age_years"], r["ck_iu_l"], r["outcome_class"]) == ("M", 11.0, 18400.0, "improvement")
    assert r["features_absent"] == ["interstitial_lung_disease"] and r["treatments"] == ["rituximab"]


def test_a_table_that_disagrees_with_the_prose_is_flagged():
    text = "A 12-year-old girl had weakness; her CK was 9 000 U/L.\n\nTable 1 Findings at admission\n" \
           "Item\tValue\nCK (U/L)\t19 000\nDysphagia\tYes\n"
    (case,) = extract(text)
    assert case.record["ck_iu_l"] == 9000 and case.record["features"] == ["dysphagia"]
    assert any(f.startswith("inconsistency: ck_iu_l:") and "19000" in f for f in case.review_flags)


def test_a_table_inside_a_text_copied_out_of_a_pdf():
    text = ("Case presentation\nA previously healthy 9-year-old boy was admitted with weakness of the\n"
            "proximal muscles and trouble swallowing that had grown over two months. His laboratory\n"
            "values are listed in Table 1; anti-SRP antibodies were positive and he was treated with\n"
            "intravenous immunoglobulin.\n\nTable 1  Laboratory values\nTest            Admission    Week 6     Normal\n"
            "CK (IU/L)       22 600       3 100      <170\nAldolase (U/L)  61           12         <7.6\n\n"
            "Discussion\nThe boy improved.\n")
    (case,) = extract(text)
    assert (case.record["ck_iu_l"], case.record["aldolase_iu_l"]) == (22600.0, 61.0)
    assert case.record["age_years"] == 9.0 and case.record["antibodies"] == {"srp": "positive"}
    (ck,) = case.evidence["ck_iu_l"]
    assert text[ck.start:ck.end] == "22 600"


def test_a_death_in_an_outcome_column():
    text = "Two boys are described.\n\nNo.\tSex\tAge (y)\tOutcome\n1\tM\t6\tDeath (sepsis)\n2\tM\t10\tPartial remission\n"
    one, two = extract(text)
    assert (one.record["outcome_class"], two.record["outcome_class"]) == ("death", "improvement")


def test_a_column_named_for_a_drug_with_yes_gives_the_drug():
    text = ("Two girls are described.\n\nCase\tSex\tAge at onset\tRash\tRituximab\n1\tF\t8 y 6 mo\tNo\tYes\n"
            "2\tF\t11 y\tYes (facial papules)\tNo\n")
    one, two = extract(text)
    assert one.record["treatments"] == ["rituximab"] and two.record["treatments"] == []
    assert one.record["features_absent"] == ["cutaneous"] and two.record["features"] == ["cutaneous"]
    assert (one.record["age_years"], two.record["age_years"]) == (8.5, 11.0)
