"""Case extraction, issue 16: several patients told apart inside one sentence, and lexicon gaps.

Every text here is invented for the test. A value goes to the patient a clause names, or stays empty:
never to the other patient.
"""

from __future__ import annotations

import pytest

from imnm.literature.extract import extract_cases


def _two(text: str) -> tuple[dict, dict]:
    cases = extract_cases(text)
    assert len(cases) == 2, [c.record for c in cases]
    return cases[0].record, cases[1].record


# --- "the first ...; the second ..." ---------------------------------------------------------------------


def test_ordinal_clauses_of_one_sentence_go_to_their_own_patient():
    first, second = _two("We describe two sisters with juvenile myositis. The first girl had dysphagia and a CK of "
                         "15,000 U/L; the second had a heliotrope rash and a CK of 3,200 U/L.")
    assert (first["features"], first["ck_iu_l"]) == (["dysphagia"], 15000)
    assert (second["features"], second["ck_iu_l"]) == (["cutaneous"], 3200)
    assert first["sex"] == second["sex"] == "F"


def test_in_the_first_and_in_the_second_attribute_each_treatment():
    first, second = _two("We treated two boys with anti-HMGCR myopathy. In the first boy methotrexate was added; "
                         "in the second, rituximab was given.")
    assert first["treatments"] == ["methotrexate"] and second["treatments"] == ["rituximab"]


@pytest.mark.parametrize("predicate", ["carried", "tested positive for"])
def test_a_gapped_second_clause_takes_the_verb_of_the_first(predicate):
    first, second = _two(f"We report two children with necrotising myopathy. The first {predicate} anti-SRP "
                         "antibodies and the second anti-HMGCR antibodies.")
    assert first["antibodies"] == {"srp": "positive"} and second["antibodies"] == {"hmgcr": "positive"}


def test_a_gapped_clause_after_a_negation_leaves_features_empty():
    first, second = _two("We report two sisters. The first had no rash and the second dysphagia.")
    assert first["features_absent"] == ["cutaneous"]
    assert second["features"] == [] and second["features_absent"] == []


# --- two patients introduced in one sentence ------------------------------------------------------------------


def test_two_introductions_with_their_own_lab_values_and_a_shared_predicate():
    boy, sister = _two("A 6-year-old boy (CK 12,000 U/L) and his 9-year-old sister (CK 8,400 U/L) were referred "
                       "with proximal weakness and dysphagia.")
    assert (boy["sex"], boy["age_years"], boy["ck_iu_l"]) == ("M", 6, 12000)
    assert (sister["sex"], sister["age_years"], sister["ck_iu_l"]) == ("F", 9, 8400)
    assert boy["features"] == sister["features"] == ["dysphagia"]


def test_later_sentences_naming_the_girl_or_her_brother_go_to_that_patient():
    girl, brother = _two("A 5-year-old girl and her 8-year-old brother had weakness. The girl had a heliotrope "
                         "rash. Her brother received IVIG. Both the girl and her brother had dysphagia.")
    assert (girl["sex"], girl["features"], girl["treatments"]) == ("F", ["dysphagia", "cutaneous"], [])
    assert (brother["sex"], brother["features"], brother["treatments"]) == ("M", ["dysphagia"], ["ivig"])


def test_a_negation_before_coordinated_patients_is_not_lost():
    girl, brother = _two("A 5-year-old girl and her 8-year-old brother had weakness. Neither the girl nor her "
                         "brother had dysphagia.")
    assert girl["features"] == [] and brother["features"] == []


# --- a group with its ages in one list ------------------------------------------------------------------------


@pytest.mark.parametrize("ages", ["aged 4 and 7 years", "aged 4 and 7", "4 and 7 years old"])
def test_two_brothers_with_their_ages_then_the_younger_and_the_elder(ages):
    younger, elder = _two(f"We report two brothers {ages} with anti-SRP myopathy. The younger had dysphagia; "
                          "the elder had a CK of 20,000 U/L.")
    assert (younger["sex"], younger["age_years"], younger["features"], younger["ck_iu_l"]) == ("M", 4, ["dysphagia"],
                                                                                              None)
    assert (elder["sex"], elder["age_years"], elder["features"], elder["ck_iu_l"]) == ("M", 7, [], 20000)


def test_the_elder_without_known_ages_stays_empty():
    first, second = _two("We report two sisters with myositis. The elder had dysphagia; the younger had a rash.")
    assert first["features"] == [] and second["features"] == []


def test_one_and_the_other_cannot_be_told_apart_and_stay_empty():
    first, second = _two("We describe two girls with myositis. One had dysphagia and the other a CK of 9,000 U/L.")
    assert first["features"] == second["features"] == []
    assert first["ck_iu_l"] is None and second["ck_iu_l"] is None


# --- item 4: a value in a sentence about both patients ---------------------------------------------------------


def test_a_sentence_about_both_with_one_patient_clause_gives_the_lab_to_that_patient_only():
    first, second = _two("We report two girls. Both had dysphagia, and the first girl had a CK of 9,000 U/L.")
    assert first["features"] == second["features"] == ["dysphagia"]
    assert first["ck_iu_l"] == 9000 and second["ck_iu_l"] is None


@pytest.mark.parametrize("sentence", ["Both sisters had a raised CK (12,000 and 8,400 U/L).",
                                      "The two sisters had a CK of 12,000 U/L and a rash, respectively."])
def test_two_values_or_respectively_in_a_shared_sentence_stay_empty_and_are_flagged(sentence):
    cases = extract_cases(f"We describe two sisters with myositis. {sentence}")
    assert len(cases) == 2
    for case in cases:
        assert case.record["ck_iu_l"] is None and case.record["features"] == []
        expected = ("ambiguous: ck_iu_l: a sentence about several patients",
                    "ambiguous: patients: values given 'respectively'")
        assert any(f.startswith(expected) for f in case.review_flags), case.review_flags


def test_one_patient_texts_are_not_split_by_clause():
    [case] = extract_cases("A 9-year-old girl had dysphagia and her brother had a rash; the first biopsy was normal.")
    assert case.record["features"] == ["dysphagia", "cutaneous"] and case.record["sex"] == "F"


# --- lexicon gaps -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "feature"), [
    ("trouble swallowing", "dysphagia"),
    ("difficulty with swallowing", "dysphagia"),
    ("trouble breathing and swallowing", "dysphagia"),
    ("minor skin changes", "cutaneous"),
    ("a nasal voice", "dysphonia"),
    ("Raynaud's", "raynaud"),
    ("calcinosis", "calcinosis"),
])
def test_feature_phrases_map_to_the_vocabulary(words, feature):
    [case] = extract_cases(f"A 10-year-old girl had weakness and {words}.")
    assert feature in case.record["features"]


def test_her_skin_showed_only_minor_changes_is_a_skin_finding():
    [case] = extract_cases("A 10-year-old girl had weakness. Her skin showed only minor changes.")
    assert case.record["features"] == ["cutaneous"]


@pytest.mark.parametrize("words", ["arthralgia", "joint pain", "shortness of breath on exertion"])
def test_symptoms_that_are_not_a_vocabulary_feature_record_nothing(words):
    [case] = extract_cases(f"A 10-year-old girl had weakness, fever and {words}.")
    assert case.record["features"] == [] and case.record["features_absent"] == []


# --- found on the corpus once clauses were read (general forms, invented sentences) ----------------------------


def test_a_treatment_started_months_after_diagnosis_is_not_a_follow_up():
    [case] = extract_cases("A 9-year-old girl received prednisolone; methotrexate was added three months after "
                           "diagnosis.")
    assert case.record["follow_up_months"] is None
    [case] = extract_cases("A 9-year-old girl received prednisolone. Two years after diagnosis she was in remission.")
    assert case.record["follow_up_months"] == 24


def test_a_negation_does_not_reach_into_a_clause_with_its_own_subject():
    [case] = extract_cases("A 14-year-old boy could no longer climb stairs and he had trouble swallowing.")
    assert case.record["features"] == ["dysphagia"] and case.record["features_absent"] == []
