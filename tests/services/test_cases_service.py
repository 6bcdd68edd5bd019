"""services.cases: the functions ``imnm case ...`` and ``/api/cases`` both call, each audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imnm.model import Case, TreatmentCourse, Visit
from imnm.services import audit
from imnm.services import cases as service
from imnm.services.audit import Actor
from imnm.store.cases import CaseNotFound, DuplicateCase

ROOT = Path(__file__).resolve().parents[2]
ACTOR = Actor("dr-test", "clinician", "127.0.0.1")


def _example(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


def _local(n: int) -> list[Case]:
    base = _example("patient.json")
    return [Case.model_validate({**base, "age_years": 5 + i / 10}) for i in range(n)]


@pytest.fixture
def registry(opened_registry):
    return opened_registry


def test_add_cases_streams_in_batches_and_audits_each_case_in_the_same_transaction(registry, monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    seen: list[int] = []
    ids = service.add_cases(registry, iter(_local(5)), ACTOR, on_batch=seen.append)
    assert seen == [2, 4, 5] and len(set(ids)) == 5
    created = {e["resource"]: e for e in audit.entries(registry, actor="dr-test")}
    assert set(created) == {f"case/{i}" for i in ids}
    assert {(e["action"], e["role"], e["ip"]) for e in created.values()} == {("create", "clinician", "127.0.0.1")}
    assert [r["id"] for r in service.list_cases(registry, source_kind="local")] == ids


def test_add_cases_is_all_or_nothing_and_audits_nothing_when_refused(registry, monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    first = service.add_cases(registry, _local(1), ACTOR)[0]
    stored = service.get_case(registry, first).case
    with pytest.raises(DuplicateCase):
        service.add_cases(registry, [*_local(3), stored], Actor("dr-late"))
    assert audit.entries(registry, actor="dr-late") == []
    assert len(service.list_cases(registry, source_kind="local")) == 1


def test_get_and_list_audit_a_read_only_when_an_actor_is_named(registry):
    [case_id] = service.add_cases(registry, _local(1), ACTOR)
    assert service.get_case(registry, case_id).version == 1
    service.list_cases(registry)
    assert audit.entries(registry, actor="dr-reader") == []
    service.get_case(registry, case_id, Actor("dr-reader"))
    assert [e["resource"] for e in audit.entries(registry, actor="dr-reader")] == [f"case/{case_id}"]
    with pytest.raises(CaseNotFound):
        service.get_case(registry, "no-such-case", Actor("dr-reader"))


def test_add_visit_and_treatment_append_version_and_audit(registry):
    [case_id] = service.add_cases(registry, _local(1), ACTOR)
    visit = Visit.model_validate(_example("visit.json"))
    found = service.add_visit(registry, case_id, visit, ACTOR)
    assert found.version == 2 and found.case.visits[-1] == visit
    course = TreatmentCourse.model_validate(_example("course.json"))
    found = service.add_treatment(registry, case_id, course, ACTOR, expected_version=2)
    assert found.version == 3 and found.case.treatments[-1] == course
    with pytest.raises(service.StaleVersion):
        service.add_visit(registry, case_id, visit, ACTOR, expected_version=2)
    actions = [e["action"] for e in audit.entries(registry, resource=f"case/{case_id}")]
    assert actions == ["add-course", "add-visit", "create"]
