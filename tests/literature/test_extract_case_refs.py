"""Case extraction, issue 16 (the blind set's misses): general forms of case series and single reports.

Every text here is invented for the test. Each form is one a case series uses: values keyed by "Case N"
inside a sentence, ages given 'respectively', statements that hold for each member of a group, an antibody
named as a modifier of the diagnosis, onset before presentation, local (not systemic) steroids.
Precision first: where the text does not say which patient, or only suspects an antibody, nothing is read.
"""

from __future__ import annotations

import pytest
from extraction_records import records as _records

# --- values keyed by "Case N" inside one sentence ---------------------------------------------------------


def test_onset_ages_keyed_by_case_number_after_each_value():
    one, two, three = _records(
        "We describe three boys with necrotising myopathy. Weakness started at 6 years 3 months in Case 1, at "
        "12 years in Case 2 and at 3 years 9 months in Case 3. All three had dysphagia.", 3)
    assert [r["age_years"] for r in (one, two, three)] == [6.25, 12, 3.75]
    assert one["features"] == two["features"] == three["features"] == ["dysphagia"]


def test_antibodies_for_case_1_and_for_cases_2_and_3():
    one, two, three = _records(
        "We report three children with juvenile myositis. Case 1 had anti-HMGCR antibodies, while Cases 2 and "
        "3 were anti-TIF1-gamma positive. Case 3 received rituximab.", 3)
    assert one["antibodies"] == {"hmgcr": "positive"}
    assert two["antibodies"] == three["antibodies"] == {"tif1g": "positive"}
    assert (one["treatments"], two["treatments"], three["treatments"]) == ([], [], ["rituximab"])


def test_a_finding_in_cases_2_and_3_then_the_former_and_the_latter():
    one, two, three = _records(
        "We report three girls with myositis. Calcinosis was present in Cases 2 and 3: on the elbows in the "
        "former, with alopecia in the latter. Case 1 had a CK of 9,000 U/L.", 3)
    assert one["features"] == [] and one["ck_iu_l"] == 9000
    assert two["features"] == ["calcinosis"]
    assert sorted(three["features"]) == ["alopecia", "calcinosis"]


def test_a_sentence_opening_case_number_out_of_order_is_not_a_section_header():
    one, two, three = _records(
        "We report three girls with myositis. Case 3 developed dysphagia. Case 1 had a heliotrope rash.", 3)
    assert one["features"] == ["cutaneous"] and two["features"] == [] and three["features"] == ["dysphagia"]


def test_a_sentence_after_a_lab_unit_is_a_sentence_of_its_own():
    one, two = _records("We report two boys with myositis. The first had a CK of 4,000 U/L. Case 2 had "
                        "dysphagia.", 2)
    assert one["features"] == [] and two["features"] == ["dysphagia"]


# --- ages given 'respectively' -----------------------------------------------------------------------------


@pytest.mark.parametrize("wording", ["with weakness from the ages of 3 and 11 years respectively",
                                     "with onset at the ages of 3 and 11 years, respectively"])
def test_onset_ages_given_respectively_for_a_group_of_two(wording):
    first, second = _records(f"Two Korean boys developed anti-HMGCR myopathy, {wording}. Both boys had dysphagia.",
                             2)
    assert (first["age_years"], second["age_years"]) == (3, 11)
    assert first["antibodies"] == second["antibodies"] == {"hmgcr": "positive"}
    assert first["features"] == second["features"] == ["dysphagia"]


def test_a_respectively_list_of_another_length_is_not_read():
    first, second = _records("We report two girls who developed myositis at the ages of 3, 6 and 11 years "
                             "respectively.", 2)
    assert first["age_years"] is None and second["age_years"] is None


# --- statements that hold for each member of a group ----------------------------------------------------------


def test_neither_child_had_negates_the_features_for_each():
    first, second = _records("We report two sisters with anti-SRP myopathy. Neither child had calcinosis or "
                             "dysphagia.", 2)
    assert first["features_absent"] == second["features_absent"] == ["dysphagia", "calcinosis"]


def test_an_outcome_stated_for_both_girls_goes_to_each():
    first, second = _records("We report two sisters with anti-SRP myopathy. Treatment did not help; both girls "
                             "ended up severely disabled.", 2)
    assert first["outcome_class"] == second["outcome_class"] == "severe_impairment"


def test_each_girl_and_all_of_them_are_statements_about_each():
    records = _records("We report three girls with myositis. Each girl was given IVIG. Dysphagia was present in "
                       "all of them.", 3)
    assert all(r["treatments"] == ["ivig"] and r["features"] == ["dysphagia"] for r in records)


# --- an antibody named as a modifier of the diagnosis ---------------------------------------------------------


@pytest.mark.parametrize("text, antigen", [
    ("A 10-year-old boy with anti-PL-7 antisynthetase syndrome had interstitial lung disease.", "pl7"),
    ("A 12-year-old girl developed anti-NXP2 juvenile dermatomyositis.", "nxp2"),
    ("Anti-MDA5 dermatomyositis in a 7-year-old girl.", "mda5"),
    ("The myositis panel returned anti-Mi-2 antibodies in a 9-year-old boy.", "mi2"),
])
def test_an_antibody_named_in_the_diagnosis_is_positive(text, antigen):
    (record,) = _records(text, 1)
    assert record["antibodies"] == {antigen: "positive"}


@pytest.mark.parametrize("text", [
    "A 12-year-old girl with suspected anti-MDA5 dermatomyositis had a rash.",
    "A 12-year-old girl had a rash; anti-MDA5 was not tested.",
    "A 12-year-old girl had a rash. We first put her fever down to anti-MDA5 positive dermatomyositis.",
    "A 12-year-old girl had a rash. The panel returned normal values and anti-MDA5 was not tested.",
    "A 12-year-old girl had a rash. MRI showed oedema, and the anti-SRP result was awaited.",
])
def test_a_suspected_or_untested_antibody_stays_empty(text):
    (record,) = _records(text, 1)
    assert record["antibodies"] == {}


def test_an_antigen_written_as_ssa_52_is_ro52():
    (record,) = _records("A 13-year-old girl was anti-SSA-52 positive.", 1)
    assert record["antibodies"] == {"ro52": "positive"}


# --- onset before presentation ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, age", [
    ("An 18-month-old boy had been well until 11 months of age, when his parents noticed a rash.", 11 / 12),
    ("A 2-year-old girl was admitted; her symptoms began at 15 months.", 1.25),
    ("A 14-year-old boy was referred; weakness began at 10 years 6 months.", 10.5),
])
def test_onset_in_months_or_years_and_months_is_the_age(text, age):
    (record,) = _records(text, 1)
    assert record["age_years"] == pytest.approx(age, abs=0.01)


@pytest.mark.parametrize("text, age", [("A boy aged 7 had weakness and a rash.", 7),
                                       ("We saw a girl aged 11 with dysphagia.", 11)])
def test_a_patient_aged_n_without_a_unit(text, age):
    (record,) = _records(text, 1)
    assert record["age_years"] == age


def test_a_girl_aged_n_months_keeps_the_unit():
    (record,) = _records("A girl aged 8 months had a rash.", 1)
    assert record["age_years"] == pytest.approx(0.67, abs=0.01)


def test_a_lower_case_ethnicity_is_read_in_the_lexicon_form():
    (record,) = _records("A black girl aged 9 presented with a rash.", 1)
    assert record["ethnicity"] == "Black"


# --- local steroids; doses after a negated clause; outcomes -------------------------------------------------


@pytest.mark.parametrize("wording", ["topical steroids", "a steroid cream", "topical corticosteroids"])
def test_a_local_steroid_is_not_a_systemic_glucocorticoid(wording):
    (record,) = _records(f"A 6-year-old girl had a rash that was treated with {wording}.", 1)
    assert record["treatments"] == []


def test_oral_prednisolone_after_a_topical_steroid_is_kept():
    (record,) = _records("A 6-year-old girl had a rash; topical steroids failed and oral prednisolone 2 mg/kg "
                         "was started.", 1)
    assert record["treatments"] == ["glucocorticoids"]


def test_a_drug_after_a_negated_clause_and_so_is_read_with_its_flat_dose():
    (record,) = _records("A 12-year-old boy had no improvement, so rituximab was started at 500 mg.", 1)
    assert record["treatments"] == ["rituximab"]
    assert (record["courses"][0]["dose"], record["courses"][0]["dose_unit"]) == (500, "mg")


@pytest.mark.parametrize("phrase, cls", [("she was left markedly disabled", "severe_impairment"),
                                         ("the treatment relieved her symptoms", "improvement")])
def test_outcome_phrases(phrase, cls):
    (record,) = _records(f"A 10-year-old girl had weakness; {phrase}.", 1)
    assert record["outcome_class"] == cls


@pytest.mark.parametrize("phrase, feature", [("a weak, quiet voice", "dysphonia"), ("a hoarse voice", "dysphonia"),
                                             ("skin signs", "cutaneous"),
                                             ("choked after aspirating food", "bronchoaspiration")])
def test_feature_phrases(phrase, feature):
    (record,) = _records(f"A 10-year-old girl had weakness and {phrase}.", 1)
    assert feature in record["features"]
