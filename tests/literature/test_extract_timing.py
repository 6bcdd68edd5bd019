"""Case extraction, issue 16 (the fifth blind set's misses): when a time phrase is a follow-up, hedged
treatment statements, patients keyed P1..Pn, ages and treatments in other wordings.

Every text here is invented for the test. Precision first: the time at which an event happened is not how
long the patient was followed, and "steroids or IVIG" says neither was given.
"""

from __future__ import annotations

import pytest
from extraction_records import one as _one
from extraction_records import records as _records

# --- 1. a follow-up is the length of observation, not the time of an event -----------------------------------


@pytest.mark.parametrize("sentence", [
    "Five months after diagnosis he began to vomit after meals.",
    "Two months after diagnosis she developed pancreatitis.",
    "Six months after the diagnosis her platelets fell and she became jaundiced.",
    "A colonic perforation occurred 3 to 14 months after diagnosis.",
])
def test_the_time_of_an_event_after_diagnosis_is_not_a_follow_up(sentence):
    record = _one(f"A 9-year-old boy with juvenile dermatomyositis had a heliotrope rash. {sentence}")
    assert record["follow_up_months"] is None


@pytest.mark.parametrize(("sentence", "months"), [
    ("He was followed for 3 years.", 36),
    ("After 4 years of follow-up he was in remission.", 48),
    ("Two years after diagnosis he is in complete remission.", 24),
    ("At his last visit, 2 years later, he walked unaided.", 24),
    ("After 18 months he walks independently.", 18),
])
def test_a_length_of_observation_is_a_follow_up(sentence, months):
    record = _one(f"A 9-year-old boy with juvenile dermatomyositis had a heliotrope rash. {sentence}")
    assert record["follow_up_months"] == months


# --- 2. a hedged group statement gives no treatment ---------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Before referral he had been given corticosteroids and/or immunosuppressive drugs.",
    "He had received prednisolone or IVIG at the local hospital.",
    "Earlier courses of methotrexate, azathioprine or mycophenolate were not recorded.",
])
def test_a_treatment_joined_by_or_to_another_is_not_given(sentence):
    record = _one(f"A 9-year-old boy with juvenile dermatomyositis had a heliotrope rash. {sentence}")
    assert record["treatments"] == []


def test_a_drug_and_its_own_abbreviation_joined_by_or_is_still_given():
    record = _one("A 9-year-old boy with juvenile dermatomyositis had a heliotrope rash. He was given "
                  "intravenous immunoglobulin (or IVIG) and methotrexate.")
    assert set(record["treatments"]) == {"ivig", "methotrexate"}


# --- 3. patients keyed P1..Pn, outcomes in other wordings ----------------------------------------------------


def test_patients_keyed_p1_to_p3_take_their_own_sentences():
    records = _records(
        "We describe three children (P1-P3) with anti-SRP myopathy, two boys and a girl. All three were "
        "positive for anti-SRP. P1 was given rituximab and he walks again. In P2 death followed a "
        "pulmonary haemorrhage. P3 had dysphagia and is in complete remission.", 3)
    assert [r["antibodies"] for r in records] == [{"srp": "positive"}] * 3
    assert records[0]["treatments"] == ["rituximab"] and records[0]["sex"] == "M"
    assert [r["outcome_class"] for r in records] == ["marked_improvement", "death", "remission"]
    assert records[2]["features"] == ["dysphagia"]
    assert records[1]["treatments"] == [] and records[1]["sex"] is None


def test_a_remission_followed_by_death_ends_in_death_and_keeps_its_follow_up():
    record = _one("A 7-year-old girl with anti-NXP2 dermatomyositis stayed in complete remission through "
                  "3 years of follow-up but died of sepsis after bowel surgery.")
    assert record["outcome_class"] == "death" and record["follow_up_months"] == 36


def test_a_no_response_cue_does_not_negate_the_drug_that_followed():
    record = _one("A 10-year-old girl had Gottron papules. Oral prednisolone was begun; rituximab was given for "
                  "lack of response, and cyclophosphamide after a relapse.")
    assert set(record["treatments"]) == {"glucocorticoids", "rituximab", "cyclophosphamide"}


# --- 3. ages ---------------------------------------------------------------------------------------------------


def test_an_age_written_as_a_patient_of_n_years():
    record = _one("A boy of 6.5 years presented with weakness and a heliotrope rash.")
    assert record["age_years"] == 6.5


def test_an_age_at_diagnosis_is_the_age_when_no_onset_is_told():
    record = _one("A boy of 16.2 years had been diagnosed with juvenile dermatomyositis aged 13, after months "
                  "of weakness.")
    assert record["age_years"] == 13 and record["age_at_presentation_years"] == 16.2


def test_an_onset_age_beats_an_age_at_diagnosis_told_first():
    record = _one("A girl was diagnosed with JDM aged 9; her rash had begun at the age of 7.")
    assert record["age_years"] == 7


# --- 3. treatments of one patient of several --------------------------------------------------------------------


def test_a_pronoun_sentence_after_one_patient_stays_with_that_patient():
    records = _records(
        "We report two boys with juvenile dermatomyositis. The first had fever and a heliotrope rash. He was "
        "given methylprednisolone and tacrolimus (Prograf). The second had no rash.", 2)
    assert set(records[0]["treatments"]) == {"glucocorticoids", "tacrolimus"}
    assert records[1]["treatments"] == []


def test_a_sentence_for_both_patients_inside_the_last_case_goes_to_both():
    records = _records(
        "Case 1. A 12-year-old boy had a heliotrope rash.\nCase 2. A 5-year-old boy had Gottron papules.\n"
        "Both boys were treated with IV methylprednisolone and methotrexate.", 2)
    assert [set(r["treatments"]) for r in records] == [{"glucocorticoids", "methotrexate"}] * 2


# --- 4. feature wordings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "feature"), [
    ("She had telangiectasia of the nail folds.", "periungual_capillaries"),
    ("Nail-fold telangiectasias were seen.", "periungual_capillaries"),
    ("She had skin ulcers on both elbows.", "cutaneous"),
    ("Livedo reticularis covered her legs.", "cutaneous"),
])
def test_skin_and_nailfold_wordings(sentence, feature):
    record = _one(f"A 9-year-old girl with juvenile dermatomyositis was admitted. {sentence}")
    assert feature in record["features"]
