"""Case extraction, issue 16: common case-report wordings found missing by probing the extractor with
wordings a report could use, before the eleventh blind set was scored (the set itself was not read).

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest
from extraction_records import one

# --- sex -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "sex"), [
    ("A 10-year-old male presented with dysphagia. CK 9,800 U/L.", "M"),
    ("We report a 14-year-old Caucasian female with necrotising myopathy.", "F"),
    ("A 15-year-old Hispanic adolescent female had weakness for six months.", "F"),
    ("An 8-year-old previously healthy male developed a rash.", "M"),
])
def test_an_n_year_old_female_or_male_gives_the_sex(text, sex):
    assert one(text)["sex"] == sex


def test_a_relative_named_female_after_an_age_is_not_the_patient():
    r = one("A 9-year-old boy had weakness. His 40-year-old female cousin had lupus.")
    assert r["sex"] == "M"


# --- antibodies -----------------------------------------------------------------------------------------------


def test_with_a_diagnosis_and_anti_x_antibodies_is_positive():
    r = one("We report a 14-year-old girl with necrotising myopathy and anti-HMGCR antibodies.")
    assert r["antibodies"] == {"hmgcr": "positive"}
    r = one("A 14-year-old girl with necrotising myopathy and anti-HMGCR antibodies, which were tested twice.")
    assert r["antibodies"] == {}


# --- follow-up ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "months"), [
    ("An 11-year-old girl had IMNM. At 6 months' follow-up her CMAS was 52/52.", 6),
    ("An 11-year-old girl had IMNM. Three years after onset, she is asymptomatic on methotrexate.", 36),
    ("An 11-year-old girl had JDM. She is currently doing well, 5 years after diagnosis.", 60),
    ("A 13-year-old girl had IMNM. She remains wheelchair-bound after 2 years.", 24),
])
def test_follow_up_wordings(text, months):
    assert one(text)["follow_up_months"] == months


@pytest.mark.parametrize("text", [
    "An 11-year-old girl had IMNM. Two years later she developed a rash on her cheeks.",
    "An 11-year-old girl had IMNM. Weakness remained after 2 months of prednisolone, so IVIG was added.",
    "An African girl, now 18 years old, had suffered for almost 4 years from joint pains and a rash.",
    # "later" counts from the last event told (here IVIG), not from the diagnosis
    "A 12-year-old girl had IMNM. IVIG was added. She improved, and one year later she could walk with a stick.",
])
def test_a_time_that_dates_an_event_is_no_follow_up(text):
    assert one(text)["follow_up_months"] is None


# --- outcome --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "outcome"), [
    ("A 12-year-old girl had IMNM. After 2 years of follow-up she has mild proximal weakness.", "mild_impairment"),
    ("A 12-year-old girl had IMNM. At the last visit she had mild persistent weakness of the neck flexors.",
     "mild_impairment"),
    ("A 12-year-old girl had IMNM. At follow-up she had mild residual proximal weakness.", "mild_impairment"),
])
def test_mild_weakness_with_a_site_or_qualifier_is_mild_impairment(text, outcome):
    assert one(text)["outcome_class"] == outcome


@pytest.mark.parametrize("text", [
    "A girl aged 2 years had had a malar rash, mild muscle weakness and weight loss for a few months.",
    "A boy aged 3 years was febrile, with severe proximal weakness and mild distal weakness.",
])
def test_a_mild_weakness_at_presentation_is_no_outcome(text):
    assert one(text)["outcome_class"] is None


# --- features -------------------------------------------------------------------------------------------------


def test_nsip_and_hoarseness_are_features():
    r = one("A 14-year-old boy had mechanic's hands; HRCT showed NSIP.")
    assert {"interstitial_lung_disease", "pulmonary", "cutaneous"} <= set(r["features"])
    r = one("A 14-year-old boy had non-specific interstitial pneumonia.")
    assert "interstitial_lung_disease" in r["features"]
    r = one("A 12-year-old girl developed hoarseness and proximal weakness.")
    assert r["features"] == ["dysphonia"]


@pytest.mark.parametrize(("text", "absent"), [
    ("A 4-year-old boy had JDM. Pulmonary function tests were normal.", {"pulmonary"}),
    ("A 4-year-old boy had JDM. High-resolution CT of the chest was normal.", {"interstitial_lung_disease"}),
    ("A 4-year-old boy had IMNM. Cardiac evaluation was normal.", {"cardiac"}),
    ("A 4-year-old boy had IMNM. Skin examination was unremarkable.", {"cutaneous"}),
])
def test_a_normal_test_names_the_feature_absent(text, absent):
    assert set(one(text)["features_absent"]) == absent
