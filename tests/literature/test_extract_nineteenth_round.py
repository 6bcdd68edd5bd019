"""Nineteenth round: wordings and forms met in the nineteenth blind set (whole articles), each written here
in new words and read the general way."""

from imnm.literature.extract import extract_cases


def _one(text):
    [case] = extract_cases(text)
    return case.record


def test_a_discussion_that_counts_other_patients_beside_ours_does_not_multiply_the_patients():
    text = ("Case presentation\nA 10-year-old girl had weakness and a CK of 21 000 U/L. Anti-HMGCR antibodies "
            "were positive.\n\nDiscussion\nThe rash depends on age: it was seen in 15 of the 22 patients aged 7 years "
            "or more and in none of the 12 younger children, and in 12 of the 15 it was an erythematous eruption, "
            "as in our patient.")
    assert (_one(text)["sex"], _one(text)["ck_iu_l"]) == ("F", 21000.0)


def test_the_points_of_a_discussion_are_not_patients():
    text = ("Case report\nA 6-year-old boy had dysphagia and Gottron papules.\n\nDiscussion\nTwo things stand out. "
            "The first is the dysphagia, rare at this age. The second is the speed of onset.")
    assert _one(text)["age_years"] == 6.0


def test_a_structured_abstract_with_full_stops_after_its_headings_is_read_by_heading():
    text = ("Abstract\nBackground. Anti-SAE antibodies are rare in children. Case presentation. A boy aged 6 years "
            "had a heliotrope rash and anti-SAE antibodies. Conclusions. Lip swelling may be a sign.")
    record = _one(text)
    assert (record["sex"], record["age_years"], record["antibodies"]) == ("M", 6.0, {"sae": "positive"})


def test_one_numbered_case_of_a_counted_series_is_the_one_record():
    text = ("Four children of our clinic had a bowel perforation. All four were anti-NXP2 positive, and none had "
            "calcinosis.\n\nCase 1. A girl aged 4 years was started on prednisone and methotrexate. She died.")
    [case] = extract_cases(text)
    assert case.patient_label == "Case 1" and case.record["age_years"] == 4.0
    assert case.record["antibodies"] == {"nxp2": "positive"}
    assert any("Case 1" in f for f in case.review_flags)


def test_chemotherapy_for_a_cancer_named_in_another_sentence_is_not_the_myositis_treatment():
    text = ("A 9-year-old girl had had a neuroblastoma. She then received six cycles of chemotherapy comprising "
            "cyclophosphamide, vincristine and doxorubicin. Years later JDM was treated with prednisolone.")
    assert _one(text)["treatments"] == ["glucocorticoids"]


def test_an_abbreviation_the_text_defines_names_the_drug_later():
    text = ("Three children had received cyclophosphamide (CTX) or methotrexate.\n\n"
            "Case 1. A boy aged 8 years was given prednisone and then CTX.")
    [case] = extract_cases(text)
    assert "cyclophosphamide" in case.record["treatments"]


def test_what_one_child_of_the_group_also_received_is_not_each_ones():
    text = ("Five of our children had a perforation. Every child had received steroids; one child also received "
            "plasma exchange.\n\nCase 1. A girl aged 3 years had a rash. She was treated with methotrexate.")
    [case] = extract_cases(text)
    assert "plasmapheresis" not in case.record["treatments"]
    assert "glucocorticoids" in case.record["treatments"]


def test_onset_told_as_dating_back_or_with_about():
    assert _one("A boy aged 14 years was seen. His muscle disease dated back to the age of 2 years.")[
        "age_years"] == 2.0
    assert _one("A girl of 12 was referred. She developed weakness at about 6 years.")["age_years"] == 6.0


def test_a_patient_of_an_earlier_report_is_not_ours():
    text = ("A 7-year-old girl had calcinosis and was given alendronate. In one earlier report, a 12-year-old boy "
            "was put into remission with ciclosporin.")
    record = _one(text)
    assert "ciclosporin" not in record["treatments"] and record["outcome_class"] is None


def test_a_remission_judged_and_an_excellent_recovery():
    assert _one("A 9-year-old boy was given IVIG. His strength returned and the disease was considered to be in "
                "remission.")["outcome_class"] == "remission"
    assert _one("A 13-year-old girl was given prednisolone and made an excellent recovery.")[
        "outcome_class"] == "marked_improvement"
    assert _one("A 13-year-old girl was given prednisolone; her response was excellent.")[
        "outcome_class"] == "marked_improvement"


def test_nailfold_findings_named_as_changes_and_a_normal_capillaroscopy():
    assert "periungual_capillaries" in _one("A 12-year-old girl had a rash and nailfold changes.")["features"]
    assert "periungual_capillaries" in _one(
        "A 12-year-old girl had a rash; the dermatoscope showed microhaemorrhages of the nailfolds.")["features"]
    assert "periungual_capillaries" not in _one(
        "A 12-year-old girl had a rash. Capillaroscopy of the nail folds was normal.")["features"]


def test_a_drug_weighed_and_set_aside_is_not_given():
    assert _one("A 14-year-old girl had ILD. Cyclophosphamide carries a gonadal risk, so we chose tacrolimus and "
                "MMF instead.")["treatments"] == ["tacrolimus", "mycophenolate"]
    assert _one("A 14-year-old girl had ILD. The team weighed intravenous cyclophosphamide and decided against "
                "it. She was given tacrolimus.")["treatments"] == ["tacrolimus"]
    assert _one("A 14-year-old girl had ILD. We chose to avoid cyclophosphamide and gave tacrolimus.")[
        "treatments"] == ["tacrolimus"]
    # a drug given to avoid another's harm is given
    assert _one("A 9-year-old boy had JDM. To avoid steroid toxicity, methotrexate was added.")[
        "treatments"] == ["methotrexate"]
