"""Case extraction, issue 16 (the seventh blind set's misses): a series told in numbered paragraphs, subgroups
named by a relative clause, onset and follow-up forms, drugs not given, and a few wordings.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

# --- a series in numbered paragraphs -----------------------------------------------------------------------

_SERIES = (
    "Rituximab in juvenile dermatomyositis: four children. We followed four children with JDM who received "
    "rituximab; all were also on corticosteroids.\n"
    "Patient 1, a girl with onset at 8 years, had a rash and calcinosis; she reached a complete clinical "
    "response (follow-up 2.2 years).\n"
    "Patient 2 (girl, onset 7.5 years) had a rash and did not respond.\n"
    "Patient 3, a girl whose disease began at 10 years, had a rash; the response was sustained at 3.5 years.\n"
    "Patient 4, the only boy, fell ill at 30 months with a rash and calcinosis.\n"
    "Calcinosis improved in none of the two children who had it.")


def test_a_relative_clause_names_some_of_the_series_not_the_whole_of_it():
    rs = records(_SERIES, 4)
    assert [r["outcome_class"] for r in rs] == ["remission", None, None, None]
    for r in rs:
        assert set(r["treatments"]) == {"glucocorticoids", "rituximab"}


def test_onset_ages_written_as_onset_at_onset_n_and_fell_ill_at():
    rs = records(_SERIES, 4)
    assert [r["age_years"] for r in rs] == [8, 7.5, 10, 2.5]


def test_follow_up_written_in_parentheses_or_as_a_response_sustained_at_a_time():
    rs = records(_SERIES, 4)
    assert [r["follow_up_months"] for r in rs] == [26.4, None, 42, None]


def test_a_group_of_three_with_three_words_before_the_noun_is_the_series():
    rs = records("We describe three adolescent African American girls whose juvenile polymyositis was anti-SRP "
                 "positive. Patient 1 developed cardiac disease, Patient 2 developed ILD, and Patient 3 had "
                 "skin findings.", 3)
    for r in rs:
        assert r["ethnicity"] == "African American"
        assert r["antibodies"] == {"srp": "positive"}
        assert r["sex"] == "F"
    assert [r["features"] for r in rs] == [["cardiac"], ["pulmonary", "interstitial_lung_disease"],
                                           ["cutaneous"]]


# --- drugs not given ------------------------------------------------------------------------------------


def test_a_drug_not_given_instead_of_or_spared_is_no_treatment():
    r = one("A 13-year-old girl with anti-MDA5 JDM was given tacrolimus instead of cyclophosphamide. "
            "Cyclophosphamide, the usual choice, was deliberately not given. Sparing cyclophosphamide protects "
            "fertility.")
    assert r["treatments"] == ["tacrolimus"]


# --- what a disease may do ---------------------------------------------------------------------------------


def test_a_feature_followed_by_can_or_may_is_a_general_statement():
    r = one("A 9-year-old boy had polymyositis. Because cardiac disease can appear years later, he is followed "
            "with yearly echocardiograms.")
    assert "cardiac" not in r["features"]


# --- outcomes and follow-up -------------------------------------------------------------------------------


def test_improved_considerably_or_remarkably_is_marked_improvement():
    assert one("An 8-year-old boy with JDM was given methylprednisolone and improved considerably.")[
        "outcome_class"] == "marked_improvement"
    assert one("A girl aged 14 with JDM was started on prednisolone and improved remarkably.")[
        "outcome_class"] == "marked_improvement"


def test_stayed_in_remission_for_three_years_is_remission_with_its_follow_up():
    r = one("A 13-year-old girl with JDM received tacrolimus and has stayed in remission, off steroids, for "
            "three years.")
    assert r["outcome_class"] == "remission"
    assert r["follow_up_months"] == 36


def test_three_and_a_half_years_and_eight_and_a_half_are_read():
    r = one("A boy was diagnosed with JDM when he was 6 years old. After three and a half years of treatment "
            "he was in drug-free remission.")
    assert r["follow_up_months"] == 42
    assert one("A girl aged 8½ years had anti-HMGCR myopathy.")["age_years"] == 8.5


def test_a_patient_with_named_antibodies_carries_them():
    r = one("A girl with anti-Ku antibodies had myositis and a rash.")
    assert r["antibodies"] == {"ku": "positive"}


# --- the eighth blind set's misses --------------------------------------------------------------------


def test_a_head_clause_before_a_colon_is_about_the_whole_subset_and_the_breakdown_about_nobody():
    rs = records("We reviewed the notes of 10 children with JDM. Five of them had interstitial lung disease: "
                 "interstitial pneumonia in three and calcinosis in two. Every one of the five received "
                 "prednisolone.", 5)
    for r in rs:
        assert r["features"] == ["pulmonary", "interstitial_lung_disease"]
        assert r["treatments"] == ["glucocorticoids"]


def test_an_adult_woman_is_female_and_a_kenyan_girl_is_kenyan():
    rs = records("Two cases. Case 1. A 16-year-old girl with dermatomyositis. Case 2. A 47-year-old woman with "
                 "dermatomyositis.", 2)
    assert [r["sex"] for r in rs] == ["F", "F"]
    assert one("A 4-year-old Kenyan girl had JDM.")["ethnicity"] == "Kenyan"


def test_megacapillaries_on_capillaroscopy_are_periungual_capillary_change():
    r = one("A 3-year-old girl had a heliotrope rash; nailfold capillaroscopy showed megacapillaries.")
    assert set(r["features"]) == {"cutaneous", "periungual_capillaries"}


def test_recovered_completely_is_marked_improvement_with_remission_named_and_never_fully_is_not():
    cases = __import__("imnm.literature.extract", fromlist=["extract_cases"]).extract_cases(
        "A girl, 4 years of age, had polymyositis; she received IVIG and recovered completely within 14 days.")
    assert cases[0].record["outcome_class"] == "marked_improvement"
    assert any("remission is the alternative" in f for f in cases[0].review_flags)
    r = one("A 9-year-old boy had anti-HMGCR myopathy. His strength got better but never fully recovered.")
    assert r["outcome_class"] == "improvement"


def test_regained_strength_four_years_on_is_marked_improvement_with_its_follow_up():
    r = one("We report a girl aged 8½ years with necrotising myopathy proven by muscle biopsy and by anti-HMGCR "
            "antibodies. Four years on she has regained her muscle strength.")
    assert r["age_years"] == 8.5
    assert r["antibodies"] == {"hmgcr": "positive"}
    assert r["outcome_class"] == "marked_improvement"
    assert r["follow_up_months"] == 48
