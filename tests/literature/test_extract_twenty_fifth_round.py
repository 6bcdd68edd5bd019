"""The twenty-fifth round: what the teaching cases of the twenty-fifth blind set showed after their first score.

Texts written for these tests; the patients' values are made up for the test."""

from imnm.literature.extract_patterns import extract

GIRL = ("A 13-year-old girl was admitted with a heliotrope rash and proximal weakness. Her creatine kinase was "
        "9 200 U/L.\n\n")


def _record(text: str) -> dict:
    cases = extract(text)
    assert len(cases) == 1
    return cases[0].record


def test_a_run_in_teaching_heading_holds_the_discussants_reasoning_up_to_the_next_run_in_heading():
    record = _record(GIRL + (
        "Differential diagnosis (discussant). Mixed connective tissue disease brings Raynaud phenomenon and "
        "arthritis. In the antisynthetase syndrome, mechanic's hands and interstitial lung disease come with the "
        "myositis.\n\n"
        "Discussion of the cardiac finding. In a 2005 series, 5 of 12 children had dilated coronary arteries.\n\n"
        "Course. She was treated with prednisolone 2 mg/kg/day and later developed dysphagia.\n"))
    assert set(record["features"]) == {"cutaneous", "dysphagia"}
    assert record["treatments"] == ["glucocorticoids"]


def test_a_headed_discussion_of_the_differential_is_no_count_of_patients():
    record = _record(GIRL + (
        "Discussion of the differential diagnosis\nFever with cytopenia has three explanations. The first is "
        "infection. The second is drug toxicity, since methotrexate and azathioprine suppress the marrow. The "
        "third is a haematological process.\n\n"
        "Follow-up\nShe was given intravenous immunoglobulin and died of macrophage activation syndrome.\n"))
    assert record["sex"] == "F" and record["outcome_class"] == "death"
    assert record["treatments"] == ["ivig"]


def test_a_discussants_differential_and_the_other_options_of_a_quiz_are_not_the_patients():
    record = _record(GIRL + (
        "Discussant's differential diagnosis\nDermatomyositis is defined by its skin signs. The typical patient "
        "with the antisynthetase syndrome has arthritis and fever.\n\n"
        "The answer\nAnti-NXP2 antibodies were positive.\n\n"
        "Why not the other options?\n- Anti-SRP marks a necrotising myopathy with dysphagia.\n"
        "- Anti-Jo-1 is linked to interstitial lung disease.\n"))
    assert record["features"] == ["cutaneous"]
    assert record["antibodies"] == {"nxp2": "positive"}


def test_what_a_drug_does_in_general_is_not_a_treatment():
    record = _record(GIRL + (
        "Discussant: high-dose glucocorticoids cause peptic ulceration. Rituximab is held in reserve. It was not "
        "a treatment of her disease, even though intravenous cyclophosphamide is used for refractory disease.\n\n"
        "She received methotrexate 15 mg/m2 weekly.\n"))
    assert record["treatments"] == ["methotrexate"]


def test_a_drug_given_as_one_of_alternatives_or_both_is_not_a_treatment():
    record = _record(GIRL + "Before the abdominal illness she had been managed with steroids, with "
                            "immunosuppressive drugs or with both.\n")
    assert record["treatments"] == []


def test_a_background_heading_over_the_patients_own_story_is_the_case():
    record = _record("Background\n\nA Japanese boy was diagnosed with juvenile dermatomyositis when he was 6 "
                     "years old. His serum was positive for anti-MDA5 antibody. He was treated with prednisolone "
                     "and methotrexate and remained in remission.\n")
    assert (record["sex"], record["age_years"], record["ethnicity"]) == ("M", 6.0, "Japanese")
    assert record["antibodies"] == {"mda5": "positive"}
    assert set(record["treatments"]) == {"glucocorticoids", "methotrexate"}
    assert record["outcome_class"] == "remission"


def test_a_patients_sections_in_steps_with_reasoning_between_them():
    cases = extract(
        "Case 1, step 1. An 11-year-old boy is brought in with fever and aching muscles.\n\n"
        "Reasoning. Juvenile dermatomyositis brings a heliotrope rash; glucocorticoids have no place here.\n\n"
        "Case 1, step 2. Influenza A was confirmed and he was given intravenous fluids.\n\n"
        "Case 2, step 1. A 10-year-old girl complains of weakness and dysphagia.\n\n"
        "Case 2, step 2. She received intravenous immunoglobulin.\n")
    records = [c.record for c in cases]
    assert [(r["sex"], r["age_years"]) for r in records] == [("M", 11.0), ("F", 10.0)]
    assert records[0]["features"] == [] and records[0]["treatments"] == []
    assert records[1]["features"] == ["dysphagia"] and records[1]["treatments"] == ["ivig"]


def test_pulmonary_fibrosis_swollen_joints_and_a_lacking_sign():
    record = _record("A girl aged 6 years had swelling of several joints, and a CT scan of the lungs showed "
                     "pulmonary fibrosis. Her myositis lacks the skin signs of dermatomyositis.\n")
    assert set(record["features"]) == {"arthritis", "interstitial_lung_disease", "pulmonary"}
    assert record["features_absent"] == ["cutaneous"]
