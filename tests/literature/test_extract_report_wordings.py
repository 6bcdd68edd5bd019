"""Case extraction, issue 16 (the eleventh blind set's misses, after its first score): skin and voice
wordings, outcomes and follow-up, general statements, ranges, normal examinations, "Boy 1 ... Boy 2".

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest
from extraction_records import one, records

# --- features -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "A 4-year-old boy was seen with eruptions on the face and the knees.",
    "A 15-year-old girl had had a facial eruption for 7 months.",
    "A 5-year-old girl had itchy, scaly erythematous macules on the limbs.",
    "A 14-year-old girl had bluish discolouration of the skin over the elbows.",
])
def test_skin_eruptions_and_macules_are_cutaneous(text):
    assert one(text)["features"] == ["cutaneous"]


def test_a_disease_named_purpura_is_not_a_skin_finding():
    r = one("A 9-year-old girl had polymyositis and no skin rash. At 3 years of age she had had immune "
            "thrombocytopenic purpura.")
    assert r["features"] == [] and r["features_absent"] == ["cutaneous"]


@pytest.mark.parametrize(("text", "feature"), [
    ("A 5-year-old boy had weakness; his speech had taken on a nasal quality.", "dysphonia"),
    ("A 6-year-old boy had Gottron papules and a periungual rash.", "periungual_capillaries"),
    ("A 6-year-old girl had Gottron papules; the nailfold capillaries were tortuous.", "periungual_capillaries"),
    ("A 17-year-old girl died of biopsy-proven diffuse alveolar damage.", "pulmonary"),
])
def test_voice_nailfold_and_lung_wordings(text, feature):
    assert feature in one(text)["features"]


@pytest.mark.parametrize(("text", "absent"), [
    ("A 6-year-old girl had JDM. Abdominal ultrasound, ECG and echocardiogram were all normal.", "cardiac"),
    ("An 11-year-old girl had myositis. CT of the chest showed no abnormality.", "interstitial_lung_disease"),
    ("An 8-year-old boy had myositis. Neurological and osteoarticular examinations were normal.", "arthritis"),
])
def test_normal_examinations_in_a_list_or_with_no_abnormality(text, absent):
    assert absent in one(text)["features_absent"]


# --- general statements -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Gut involvement ranges from dysphagia and dysmotility to perforation. We report a 12-year-old girl with JDM.",
    ("The syndrome goes with features such as Raynaud's phenomenon and mechanic's hands. We report a 16-year-old "
    "girl with the syndrome."),
    ("A 14-year-old girl had dermatomyositis. Atypical findings (unusual rashes, lymphadenopathy) should prompt a "
    "search for a tumour."),
])
def test_general_statements_give_no_feature(text):
    assert one(text)["features"] == []


def test_a_subgroup_said_to_be_at_risk_is_no_result():
    r = one("Children positive for anti-NXP2 are generally regarded as most at risk. We report a 12-year-old girl "
            "with JDM.")
    assert r["antibodies"] == {}


# --- antibodies ---------------------------------------------------------------------------------------------


def test_a_spelled_out_antibody_with_its_abbreviation():
    r = one("A boy aged 6 years, followed for JDM with anti-transcription intermediary factor 1-γ (anti-TIF1-γ) "
            "antibodies, had skin ulcers.")
    assert r["antibodies"] == {"tif1g": "positive"}


def test_an_antibody_of_a_named_type():
    r = one("An 11-year-old girl had weakness. The immunoblot found an anti-synthetase antibody of the OJ type.")
    assert r["antibodies"] == {"oj": "positive"}


# --- drugs --------------------------------------------------------------------------------------------------


def test_a_drug_that_did_not_work_was_given():
    r = one("A 6-year-old boy had JDM. His weakness had not yielded to 3 months of corticosteroids at 1 mg/kg.")
    assert r["treatments"] == ["glucocorticoids"]
    assert [(c["dose"], c["dose_unit"]) for c in r["courses"]] == [(1.0, "mg/kg")]
    r = one("A 6-year-old boy had JDM. The rash was not controlled by hydroxychloroquine.")
    assert r["treatments"] == ["hydroxychloroquine"]


def test_a_cancers_chemotherapy_is_not_a_myositis_treatment():
    r = one("A 14-year-old girl had JDM. Years before, a retinoblastoma had been treated with 13 cycles of "
            "chemotherapy (cyclophosphamide, etoposide and vincristine). Methotrexate was started.")
    assert r["treatments"] == ["methotrexate"]
    r = one("A 14-year-old girl had JDM and was given IV cyclophosphamide monthly.")
    assert r["treatments"] == ["cyclophosphamide"]


def test_plasma_exchanges_in_the_plural():
    r = one("A 12-year-old girl had JDM and was given a series of plasma exchanges (PE).")
    assert r["treatments"] == ["plasmapheresis"]


# --- ages, labs ---------------------------------------------------------------------------------------------


def test_years_and_months_without_and():
    assert one("A girl of 6 years 6 months was admitted with weakness.")["age_years"] == 6.5


def test_a_range_of_values_is_no_value():
    r = one("A girl aged 16 months had creatine kinase that fluctuated between 400 and 1000 U/L for months.")
    assert r["ck_iu_l"] is None


# --- outcomes and follow-up -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "outcome"), [
    ("A boy aged 9 had JDM. He got better after pulses of methylprednisolone.", "improvement"),
    ("A boy aged 9 had JDM. Only after cyclophosphamide was added did he improve.", "improvement"),
    ("A girl aged 10 had JDM. Five years after discharge she remains well.", "improvement"),
    ("A boy aged 14 had JDM. Six months later his muscle power had returned to normal.", "marked_improvement"),
    ("A girl aged 12 had JDM. Her muscle power recovered slowly on plasma exchange.", "improvement"),
    ("A girl aged 4 had JDM. Immunoglobulin was given subcutaneously instead, with success.", "improvement"),
    ("A girl aged 12 had JDM. Her response to the steroids was only partial.", "improvement"),
    ("A girl aged 12 had myositis. Her symptoms disappeared and the laboratory tests returned to normal.",
     "remission"),
])
def test_outcome_wordings(text, outcome):
    assert one(text)["outcome_class"] == outcome


def test_remission_told_as_a_past_point_is_no_outcome():
    r = one("We report a 4-year-old boy whose JDM came back 8 years after remission.")
    assert r["outcome_class"] is None


@pytest.mark.parametrize(("text", "months"), [
    ("A girl aged 10 had JDM. Five years after discharge she remains well.", 60),
    ("A girl aged 7 had JDM. The course was favourable. Twenty months later the child died at home.", 20),
    ("A boy aged 17 had myositis. He died of multiple organ failure 14 months after the illness began.", 14),
])
def test_follow_up_to_the_last_state_or_to_death(text, months):
    assert one(text)["follow_up_months"] == months


def test_a_bound_on_the_time_to_death_is_no_follow_up():
    assert one("A girl aged 9 had JDM and died less than four years from onset.")["follow_up_months"] is None


# --- patients -----------------------------------------------------------------------------------------------


def test_boy_1_and_boy_2_are_headers():
    first, second = records("We describe two boys with JDM.\n\nBoy 1. He got better after methylprednisolone.\n\n"
                            "Boy 2. He was given cyclophosphamide and plasmapheresis and improved.", 2)
    assert first["treatments"] == ["glucocorticoids"]
    assert second["treatments"] == ["cyclophosphamide", "plasmapheresis"]


def test_numbered_sections_for_some_of_a_counted_series():
    first, third = records("We saw four children with anti-PM/Scl antibodies; two of them are summarised here.\n\n"
                           "Patient 1, a boy of 8 years, had Gottron papules.\n\n"
                           "Patient 3, a girl, was diagnosed at the age of 4. Her course was complicated by "
                           "calcinosis.", 2)
    assert (first["case_label"], first["sex"], first["age_years"], first["features"]) == (
        "Patient 1", "M", 8.0, ["cutaneous"])
    assert (third["case_label"], third["sex"], third["age_years"], third["features"]) == (
        "Patient 3", "F", 4.0, ["calcinosis"])


def test_a_series_whose_other_patients_are_referred_to_keeps_every_record():
    records("We treated four children with rituximab.\nPatient 1 was positive for anti-Mi-2.\n"
            "Patients 2 and 3 had no myositis-specific antibody. Both improved.\n"
            "Patient 4, by contrast, worsened.", 4)


def test_what_some_children_with_the_disease_have_is_general():
    r = one("Background: some children with juvenile dermatomyositis have an amyopathic form.\n\n"
            "Case: a 6-year-old girl had Gottron papules. The nailfold capillaries were tortuous. During 12 months "
            "of follow-up the disease did not progress.")
    assert r["follow_up_months"] == 12 and set(r["features"]) == {"cutaneous", "periungual_capillaries"}
