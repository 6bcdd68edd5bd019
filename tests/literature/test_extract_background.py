"""Case extraction, issue 16 (the sixth blind set's misses): background statements about a disease, drug
alternatives, hedged findings, a screening result told over two sentences, onset ages, peak values and
a few wordings.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

# --- what a text says of the disease in general is nobody's finding ------------------------------------


def test_a_definition_of_the_disease_gives_the_patient_none_of_its_features():
    r = one("Juvenile dermatomyositis (JDM) is a systemic autoimmune disease of childhood with proximal weakness "
            "and typical rashes. We describe a 9-year-old boy with anti-NXP2 JDM who developed calcinosis.")
    assert "cutaneous" not in r["features"]
    assert r["features"] == ["calcinosis"]
    assert r["antibodies"] == {"nxp2": "positive"}


def test_what_a_disease_can_be_or_usually_needs_is_not_a_treatment_given():
    r = one("Necrotising myopathy can be hard to control with corticosteroids and methotrexate. "
            "Children with anti-SRP antibodies usually need intravenous immunoglobulin. "
            "A 12-year-old girl was given rituximab 375 mg/m2 weekly for four weeks.")
    assert r["treatments"] == ["rituximab"]
    assert r["age_years"] == 12


def test_a_consensus_plan_is_not_what_these_patients_received():
    r = one("Consensus treatment plans start with corticosteroids and methotrexate. "
            "We report a 6-year-old girl with JDM who received IVIG 2 g/kg.")
    assert r["treatments"] == ["ivig"]


def test_a_past_tense_sentence_about_the_patient_with_the_disease_name_as_subject_is_still_read():
    r = one("A 10-year-old boy had weakness and a heliotrope rash. His JDM was treated with prednisolone "
            "2 mg/kg/day and methotrexate 15 mg/m2 weekly.")
    assert r["treatments"] == ["glucocorticoids", "methotrexate"]
    assert r["features"] == ["cutaneous"]


# --- drugs offered as alternatives --------------------------------------------------------------------


def test_drugs_listed_as_alternatives_go_to_nobody_in_a_group():
    rs = records("We saw three children with JDM. All three had a heliotrope rash. After treatment with "
                 "steroids, methotrexate or immunoglobulins, all three are in remission.", 3)
    for r in rs:
        assert r["treatments"] == []
        assert r["outcome_class"] == "remission"


def test_drugs_listed_as_alternatives_go_to_nobody_in_a_single_report_either():
    r = one("A 7-year-old girl had JDM. She had been offered prednisolone, hydroxychloroquine or "
            "azathioprine before referral. She then received methotrexate 15 mg/m2.")
    assert r["treatments"] == ["methotrexate"]


def test_an_and_list_is_still_every_drug():
    r = one("A 7-year-old girl with JDM received prednisolone, hydroxychloroquine and methotrexate.")
    assert set(r["treatments"]) == {"glucocorticoids", "hydroxychloroquine", "methotrexate"}


# --- a finding stated with a hedge of degree ----------------------------------------------------------


def test_none_had_more_than_a_minimal_rash_neither_affirms_nor_denies_a_rash():
    rs = records("We describe four children with anti-HMGCR myopathy. None of the four had more than a "
                 "minimal rash, and all four had dysphagia.", 4)
    for r in rs:
        assert "cutaneous" not in r["features"] and "cutaneous" not in r["features_absent"]
        assert r["features"] == ["dysphagia"]


# --- a screening result told over two sentences -------------------------------------------------------


def test_children_positive_in_the_sentence_after_the_screen_carry_the_screened_antibody():
    rs = records("We screened sera from 250 children with juvenile myositis for anti-HMGCR antibodies by "
                 "ELISA. Three children (1%) were positive. All three had severe weakness and dysphagia.", 3)
    for r in rs:
        assert r["antibodies"] == {"hmgcr": "positive"}
        assert r["features"] == ["dysphagia"]


def test_a_screen_for_two_antibodies_does_not_say_which_one_was_positive():
    rs = records("We screened sera from 250 children for anti-HMGCR and anti-SRP antibodies. Three children (1%) "
                 "were positive. All three had dysphagia.", 3)
    for r in rs:
        assert r["antibodies"] == {}


# --- ages at onset ------------------------------------------------------------------------------------


def test_weak_from_three_months_of_age_is_the_onset_not_the_age_treatment_began():
    r = one("A boy became hypotonic and progressively weak from 3 months of age. Polymyositis was "
            "diagnosed on biopsy; he was 10 months old when treatment began.")
    assert r["age_years"] == 0.25


# --- the peak value of a lab --------------------------------------------------------------------------


def test_a_ck_that_climbed_without_being_called_the_peak_keeps_the_first_value_and_names_the_later():
    # the corpus convention: the value called the peak or maximum, else the first value for the illness
    cases = __import__("imnm.literature.extract", fromlist=["extract_cases"]).extract_cases(
        "A 7-year-old boy had muscle pain. On admission creatine kinase was 1148 IU/l. Within days CK "
        "climbed to 28 045 IU/l and he needed ventilation.")
    assert len(cases) == 1
    assert cases[0].record["ck_iu_l"] == 1148
    assert any("28 045" in f and "not called the peak" in f for f in cases[0].review_flags)


def test_a_ck_called_the_peak_is_the_peak_with_the_first_value_named():
    (case,) = __import__("imnm.literature.extract", fromlist=["extract_cases"]).extract_cases(
        "A 7-year-old boy had muscle pain. On admission creatine kinase was 1148 IU/l. Within days CK "
        "peaked at 28 045 IU/l and he needed ventilation.")
    assert case.record["ck_iu_l"] == 28045
    assert any("1148" in f and "peak" in f for f in case.review_flags)


def test_a_ck_that_fell_afterwards_stays_the_first_value():
    r = one("A 7-year-old boy had muscle pain. Creatine kinase was 12 400 IU/l. After prednisolone CK fell "
            "to 300 IU/l.")
    assert r["ck_iu_l"] == 12400


# --- wordings -----------------------------------------------------------------------------------------


def test_dysphagic_is_dysphagia():
    r = one("A 4-year-old girl with JDM became dysphagic within a week.")
    assert r["features"] == ["dysphagia"]


def test_violaceous_erythema_of_the_eyelids_and_papules_over_the_knuckles_are_a_rash():
    r = one("A 4-year-old girl had violaceous erythema of the upper eyelids and papules over the knuckles.")
    assert r["features"] == ["cutaneous"]


def test_a_favourable_outcome_is_improvement():
    r = one("An 8-year-old boy with JDM received second-line treatment and had a favourable outcome.")
    assert r["outcome_class"] == "improvement"


def test_disease_free_is_remission():
    r = one("A 12-year-old girl with JDM received rituximab and remained disease free for 14 months.")
    assert r["outcome_class"] == "remission"


def test_a_numbered_patient_described_as_her_is_a_girl():
    rs = records("We report four patients with JDM treated with rituximab. Patient 1 was positive for anti-Mi-2. "
                 "Her enzymes fell after rituximab. Patient 2 had no antibody. Patient 3 had calcinosis. "
                 "Patient 4 had worsening of his disease after rituximab.", 4)
    assert [r["sex"] for r in rs] == ["F", None, None, "M"]
    assert rs[3]["outcome_class"] is None


def test_both_after_a_sentence_about_two_of_four_patients_is_about_those_two():
    rs = records("We report four patients with JDM given rituximab. Patient 1 had calcinosis. Patients 2 and 3 "
                 "had no antibody. Both improved and were kept on low doses of prednisolone. Patient 4 worsened.", 4)
    assert [r["treatments"] for r in rs] == [["rituximab"], ["glucocorticoids", "rituximab"],
                                             ["glucocorticoids", "rituximab"], ["rituximab"]]
    assert [r["outcome_class"] for r in rs] == [None, "improvement", "improvement", None]


def test_a_title_line_is_its_own_sentence():
    r = one("Juvenile dermatomyositis in a boy\n\nJuvenile dermatomyositis is a systemic disease with typical rashes. "
            "A 9-year-old boy had dysphagia.")
    assert r["features"] == ["dysphagia"]


def test_the_peak_flag_names_the_first_value_of_the_same_lab():
    from imnm.literature.extract import extract_cases

    cases = extract_cases("A 7-year-old boy had myositis. Creatine kinase was 1148 IU/l and aldolase 30 U/l. Within "
                          "days CK reached its maximum of 28 045 IU/l.")
    flags = [f for f in cases[0].review_flags if "peak" in f]
    assert cases[0].record["ck_iu_l"] == 28045
    assert len(flags) == 1 and "1148" in flags[0] and "30 U/l" not in flags[0]
