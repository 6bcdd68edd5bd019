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
