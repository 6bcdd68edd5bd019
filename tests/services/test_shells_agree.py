"""The command line and the web API are two shells over one service: the same input gives the same
stored result, the same audit entry and the same error line (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from imnm.cli import app as cli
from imnm.services import audit
from imnm.services import cases as case_service
from imnm.services.accounts import add_user
from imnm.services.audit import Actor
from imnm.store import open_registry

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long test password"


@pytest.fixture
def shells(tmp_path, monkeypatch):
    """(registry, CLI runner, web client signed in as a clinician, a stored local case id) on one registry."""
    from imnm.web.app import create_app
    from imnm.web.settings import Settings

    monkeypatch.setenv("IMNM_PASSWORD_HASH_COST", "test")
    url = f"sqlite:///{tmp_path / 'shells.sqlite3'}"
    monkeypatch.setenv("IMNM_DATABASE_URL", url)
    registry = open_registry(url)
    add_user(registry, "dr-web", "clinician", PASSWORD, actor=Actor("test"))
    client = TestClient(create_app(Settings(database_url=url, allowed_hosts=["testserver"])))
    reply = client.post("/api/login", json={"name": "dr-web", "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    client.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
    patient = json.loads((ROOT / "examples" / "patient.json").read_text(encoding="utf-8"))
    [case_id] = case_service.add_cases(registry, [case_service.Case.model_validate(patient)], Actor("setup"))
    yield registry, CliRunner(), client, case_id
    registry.dispose()


def _write(tmp_path: Path, name: str, body: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def _cli_problems(output: str) -> list[str]:
    """The ``  - field: got ...; expected ...`` lines of the CLI's one error."""
    return [line.strip().removeprefix("- ") for line in output.splitlines() if line.startswith("  - ")]


def _entries_for(registry, resource: str) -> list[dict]:
    return [e for e in audit.entries(registry, resource=resource) if e["actor"] != "setup"]


@pytest.mark.parametrize(("command", "endpoint", "body"), [
    ("add-visit", "visits", {"label": "too strong", "cmas": 60}),
    ("add-visit", "visits", {"cmas": 30, "mmt8": -1, "chaq": 4}),
    ("add-treatment", "treatments", {"drug": "glucocorticoids", "dose": -2, "dose_unit": "mg/kg"}),
])
def test_a_bad_visit_or_course_is_the_same_error_from_both_shells_and_nothing_is_written(
        shells, tmp_path, command, endpoint, body):
    registry, runner, client, case_id = shells
    before = case_service.get_case(registry, case_id).version
    result = runner.invoke(cli, ["case", command, case_id, str(_write(tmp_path, "item.json", body))])
    reply = client.post(f"/api/cases/{case_id}/{endpoint}", json=body)
    assert result.exit_code == 2 and reply.status_code == 422
    cli_lines = _cli_problems(result.output)
    assert cli_lines and cli_lines == [p["message"] for p in reply.json()["problems"]]
    assert case_service.get_case(registry, case_id).version == before
    assert _entries_for(registry, f"case/{case_id}") == []


def test_a_visit_added_from_either_shell_is_stored_and_audited_alike(shells, tmp_path):
    registry, runner, client, case_id = shells
    visit = json.loads((ROOT / "examples" / "visit.json").read_text(encoding="utf-8"))
    result = runner.invoke(cli, ["case", "add-visit", case_id, str(_write(tmp_path, "visit.json", visit)),
                                 "--actor", "dr-cli"])
    assert result.exit_code == 0, result.output
    reply = client.post(f"/api/cases/{case_id}/visits", json=visit)
    assert reply.status_code == 201, reply.text
    stored = case_service.get_case(registry, case_id).case
    assert stored.visits[-1] == stored.visits[-2]
    entries = sorted(_entries_for(registry, f"case/{case_id}"), key=lambda e: e["id"])
    assert [(e["actor"], e["action"], e["detail"]) for e in entries] == [
        ("dr-cli", "add-visit", f"version {reply.json()['version'] - 1}"),
        ("dr-web", "add-visit", f"version {reply.json()['version']}")]


def test_a_course_added_from_the_command_line_is_audited_as_the_operating_system_user(shells, tmp_path):
    registry, runner, client, case_id = shells
    course = json.loads((ROOT / "examples" / "course.json").read_text(encoding="utf-8"))
    result = runner.invoke(cli, ["case", "add-treatment", case_id, str(_write(tmp_path, "course.json", course))])
    assert result.exit_code == 0, result.output
    assert client.post(f"/api/cases/{case_id}/treatments", json=course).status_code == 201
    entries = sorted(_entries_for(registry, f"case/{case_id}"), key=lambda e: e["id"])
    assert [e["action"] for e in entries] == ["add-course", "add-course"]
    assert entries[0]["actor"] == Actor.cli().name and entries[0]["ip"] == "local"
    assert entries[1]["actor"] == "dr-web"


def test_a_case_added_from_either_shell_is_audited_and_the_same_patient_refused_with_one_message(
        shells, tmp_path):
    registry, runner, client, _ = shells
    patient = json.loads((ROOT / "examples" / "patient.json").read_text(encoding="utf-8"))
    result = runner.invoke(cli, ["case", "add", str(_write(tmp_path, "case.json", patient)), "--actor", "dr-cli"])
    assert result.exit_code == 0, result.output
    cli_id = result.stdout.strip().splitlines()[-1]
    reply = client.post("/api/cases", json=patient)
    assert reply.status_code == 201, reply.text
    for new_id, actor in ((cli_id, "dr-cli"), (reply.json()["id"], "dr-web")):
        assert [(e["actor"], e["action"]) for e in _entries_for(registry, f"case/{new_id}")] == [(actor, "create")]
    cited = {**patient, "source_kind": "literature", "citation": {
        "first_author": "Fictus", "year": 2030, "journal": "Invented J", "pmid": "90099999"}}
    assert runner.invoke(cli, ["case", "add", str(_write(tmp_path, "cited.json", cited))]).exit_code == 0
    again = runner.invoke(cli, ["case", "add", str(_write(tmp_path, "again.json", cited))])
    refused = client.post("/api/cases", json=cited)
    assert again.exit_code == 2 and refused.status_code == 409
    assert " ".join(again.output.split()) == " ".join(f"error: {refused.json()['error']}".split())
