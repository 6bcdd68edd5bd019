"""A teaching case (a clinical problem told in steps, a case conference, a quiz): what the clinician weighs,
supposes or teaches is not the patient's.

Texts written for these tests from the form alone; the patients' values are made up for the test."""

import pytest

from imnm.literature.extract_patterns import extract
from imnm.literature.layout import as_prose

CASE = ("A 9-year-old girl was brought to clinic with six weeks of difficulty climbing stairs. She had "
        "symmetric proximal weakness and no rash. Her creatine kinase was 14 500 U/L and anti-SRP antibodies "
        "were positive.\n\n")
TREATED = ("\n\nShe received intravenous methylprednisolone 30 mg/kg for three days and methotrexate 15 mg/m2 "
           "weekly.\n")


def _record(text: str) -> dict:
    cases = extract(text)
    assert len(cases) == 1
    return cases[0].record


def test_a_finding_supposed_or_in_a_condition_is_not_the_patients():
    record = _record(CASE + (
        "If dysphagia were present, high-dose glucocorticoids would be urgent. A heliotrope rash or Gottron "
        "papules would point to juvenile dermatomyositis, which may be complicated by calcinosis. A dystrophy "
        "would not explain the Raynaud phenomenon." + TREATED))
    assert record["features"] == []
    assert "raynaud" not in record["features_absent"]
    assert record["features_absent"] == ["cutaneous"]


def test_a_drug_the_team_weighed_or_would_give_is_not_a_treatment():
    record = _record(CASE + (
        "I would start intravenous immunoglobulin early. Ciclosporin was discussed but not given. The team "
        "proposed rituximab at three months." + TREATED))
    assert set(record["treatments"]) == {"glucocorticoids", "methotrexate"}


def test_a_differential_diagnosis_after_a_speaker_lists_diseases_not_findings():
    record = _record(CASE + (
        "Dr. B. (rheumatology): the differential diagnosis of a weak child includes juvenile dermatomyositis, "
        "overlap myositis with arthritis and interstitial lung disease, and a muscular dystrophy. In this girl "
        "there was no arthritis." + TREATED))
    assert record["features"] == []
    assert set(record["features_absent"]) == {"cutaneous", "arthritis"}


def test_general_statements_of_a_teaching_case_are_nobodys_findings_or_treatments():
    record = _record(CASE + (
        "Dermatomyositis brings skin changes such as Gottron papules and periungual erythema. Calcinosis is "
        "rare in necrotising myopathy. Viral myositis usually follows influenza and resolves within a week. "
        "Children with dermatomyositis have a heliotrope rash. Dysphagia and respiratory weakness signal severe "
        "disease. Anti-MDA5 antibodies are linked to interstitial lung disease. Plasma exchange is used in "
        "refractory cases, and rituximab is reserved for refractory disease. Most experts add intravenous "
        "immunoglobulin." + TREATED))
    assert record["features"] == []
    assert set(record["treatments"]) == {"glucocorticoids", "methotrexate"}


def test_teaching_headings_hold_lessons_and_the_case_goes_on_after_them():
    record = _record(CASE + (
        "Commentary\nCardiac involvement is a known complication. Cyclophosphamide is given when interstitial "
        "lung disease coexists with the myositis.\n\n"
        "She then received intravenous immunoglobulin 2 g/kg.\n\n"
        "Pearls\n- Dysphagia needs urgent treatment.\n- Plasmapheresis helps some refractory children.\n"))
    assert record["features"] == []
    assert record["treatments"] == ["ivig"]
    assert [(c["drug"], c["dose"], c["dose_unit"]) for c in record["courses"]] == [("ivig", 2.0, "g/kg")]


def test_a_quizs_lettered_answers_are_candidates_and_an_answer_c_is_not_a_copyright_line():
    text = (CASE + "What is the diagnosis?\n(a) Viral myositis\n(b) Juvenile dermatomyositis with calcinosis\n"
            "(c) Anti-SRP myopathy\n(d) Limb-girdle dystrophy with cardiomyopathy\n\nAnswer: (c)." + TREATED)
    assert "(c) Anti-SRP myopathy" in as_prose(text).text
    assert "(c) 2021 Elsevier Inc." not in as_prose("(c) 2021 Elsevier Inc.\n" + text).text
    record = _record(text)
    assert record["features"] == []


def test_normal_strength_and_a_normal_creatine_kinase_is_remission():
    record = _record(CASE + "After 18 months she had normal strength and a normal creatine kinase.")
    assert record["outcome_class"] == "remission"


def test_an_antigen_written_out_in_full_is_read():
    record = _record(CASE.replace("anti-SRP antibodies were positive", (
        "testing returned a positive anti-melanoma differentiation-associated gene 5 (MDA5) antibody; antibodies "
        "against histidyl-tRNA synthetase were negative")))
    assert record["antibodies"] == {"mda5": "positive", "jo1": "negative"}


@pytest.mark.parametrize("written, antigen", [
    ("melanoma differentiation-associated protein 5", "mda5"), ("histidyl-tRNA synthetase", "jo1"),
    ("threonyl-tRNA synthetase", "pl7"), ("alanyl-tRNA synthetase", "pl12"), ("glycyl-tRNA synthetase", "ej"),
    ("isoleucyl-tRNA synthetase", "oj"), ("nuclear matrix protein 2", "nxp2"),
    ("transcriptional intermediary factor 1-gamma", "tif1g")])
def test_each_antigen_written_out_in_full_is_named_as_the_vocabulary_names_it(written, antigen):
    record = _record(f"A 9-year-old girl had proximal weakness. Antibodies against {written} were positive.")
    assert record["antibodies"] == {antigen: "positive"}
