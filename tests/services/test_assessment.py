"""The assessment service: the API's document holds exactly the CLI's assessment, computed once per case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imnm.model import Case, InvalidInput
from imnm.services import assessment

ROOT = Path(__file__).resolve().parents[2]


def _index_case() -> Case:
    return Case.model_validate_json((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8"))


def test_the_api_document_is_the_clis_assessment_compact():
    case = _index_case()
    document = assessment.assessment_document(case, "haycock")
    assert json.loads(document) == json.loads(assessment.assess_json(case, "haycock"))
    assert b"\n" not in document and len(document) < len(assessment.assess_json(case, "haycock").encode())


def test_the_same_case_is_assessed_once_and_a_changed_one_again(monkeypatch):
    calls = []
    real = assessment.run
    monkeypatch.setattr(assessment, "run", lambda case, bsa_method: calls.append(case.weight_kg) or real(
        case, bsa_method=bsa_method))
    assessment.forget_assessments()
    case = _index_case()
    first = assessment.assessment_document(case)
    assert assessment.assessment_document(Case.model_validate_json(case.model_dump_json())) == first
    assert len(calls) == 1
    heavier = case.model_copy(update={"weight_kg": case.weight_kg + 10})
    assert json.loads(assessment.assessment_document(heavier)) != json.loads(first)
    assessment.assessment_document(case, "dubois")  # the method is part of the key (same here: BSA entered)
    assert len(calls) == 3


def test_a_bad_method_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(InvalidInput, match="bsa_method: got 'guess'"):
            assessment.assessment_document(_index_case(), "guess")


def test_a_new_case_is_assessed_as_given_not_parsed_again(monkeypatch):
    """The route has validated the case already: the service assesses that Case, it does not re-read its JSON
    (re-validating a posted case cost a quarter of a request assessed anew)."""
    case = _index_case().model_copy(update={"weight_kg": 48.125})
    assessment.forget_assessments()

    def parsed_again(*args, **kwargs):
        raise AssertionError("the case was validated a second time")

    monkeypatch.setattr(Case, "model_validate_json", parsed_again)
    monkeypatch.setattr(Case, "model_validate", parsed_again)
    document = assessment.assessment_document(case)
    assert json.loads(document)["weight_kg"] == 48.125
    assert assessment.assessment_document(case) is document  # and a case sent again is still not assessed again


def test_the_memo_keeps_only_the_latest_cases(monkeypatch):
    calls = []
    real = assessment.run
    monkeypatch.setattr(assessment, "run", lambda case, bsa_method: calls.append(case.weight_kg) or real(
        case, bsa_method=bsa_method))
    monkeypatch.setattr(assessment, "MEMO_SIZE", 2)
    assessment.forget_assessments()
    cases = [_index_case().model_copy(update={"weight_kg": w}) for w in (40.0, 41.0, 42.0)]
    for case in cases:
        assessment.assessment_document(case)
    assessment.assessment_document(cases[2])  # kept
    assessment.assessment_document(cases[0])  # forgotten: assessed again
    assert calls == [40.0, 41.0, 42.0, 40.0]
