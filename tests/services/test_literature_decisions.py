"""Reviewer decisions and PRISMA: one service for ``imnm literature decide|prisma`` and the JSON API.

The same decision, or the same mistake, gives the same stored result or the same error line whichever
shell it comes through. Records are invented (PMIDs 900...).
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from imnm.cli import app as cli
from imnm.literature.records import LiteratureError, Record
from imnm.services import literature
from imnm.services.accounts import add_user
from imnm.services.audit import Actor, entries
from imnm.store import open_registry
from imnm.store.literature import RecordNotFound, list_decisions, save_search_run

PASSWORD = "a long test password"
REVIEWER = Actor("reviewer", "reviewer", "127.0.0.1")
RECORDS = [Record(pmid="90060001", title="Anti-SRP necrotising myopathy in an invented girl", year=2023,
                  abstract="An invented 11-year-old girl with anti-SRP antibodies and necrotizing myopathy."),
           Record(pmid="90060002", title="Invented knee surgery outcomes", year=2021)]


@pytest.fixture
def stored(database_url, monkeypatch):
    """A registry with two stored records, and the CLI pointed at it."""
    monkeypatch.setenv("IMNM_DATABASE_URL", database_url)
    registry = open_registry(database_url)
    save_search_run(registry, RECORDS, source="PubMed", query="invented")
    yield registry
    registry.dispose()


@pytest.fixture
def web(stored, database_url, monkeypatch):
    """A client signed in as a reviewer on the same registry."""
    monkeypatch.setenv("IMNM_PASSWORD_HASH_COST", "test")
    from imnm.web.app import create_app
    from imnm.web.settings import Settings

    add_user(stored, "reviewer", "reviewer", PASSWORD, actor=Actor("test"))
    client = TestClient(create_app(Settings(database_url=database_url, allowed_hosts=["testserver"])))
    reply = client.post("/api/login", json={"name": "reviewer", "password": PASSWORD})
    client.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
    return client


def _cli(*args: str):
    return CliRunner().invoke(cli, ["literature", *args])


def _cli_error(result) -> str:
    """The CLI's error as one line: ``error: invalid input\\n  - X`` reads as the API's ``invalid input: X``."""
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    return result.stderr.strip().removeprefix("error: ").replace("\n  - ", ": ")


# --- the service itself ------------------------------------------------------------------------------


def test_decide_stores_the_decision_in_the_reviewers_name_and_audits_it(stored):
    made = literature.decide(stored, "90060001", "screening", "include", None, REVIEWER)
    assert (made["record_key"], made["stage"], made["decision"], made["reviewer"]) == (
        "pmid:90060001", "screening", "include", "reviewer")
    [decision] = list_decisions(stored)
    assert decision.reviewer == "reviewer" and decision.record_key == "pmid:90060001"
    [entry] = entries(stored, resource="literature/pmid:90060001")
    assert (entry["actor"], entry["action"], entry["detail"]) == ("reviewer", "update", "screening: include")


@pytest.mark.parametrize("record, stage, decision, reason, message", [
    ("90060001", "full text", "include", None, "stage: got 'full text'; expected screening or eligibility"),
    ("90060001", "screening", "maybe", None, "decision: got 'maybe'; expected include, exclude or not_retrieved"),
    ("  ", "screening", "include", None, "record: got '  '; expected a PMID or a stored record key"),
])
def test_a_bad_decision_is_refused_before_the_registry_is_opened(record, stage, decision, reason, message):
    def never_opened():
        raise AssertionError("the registry was opened for a decision that could not be valid")

    with pytest.raises(LiteratureError) as caught:
        literature.decide(never_opened, record, stage, decision, reason, REVIEWER)
    assert str(caught.value) == message


def test_an_unknown_record_or_an_exclusion_without_reason_stores_nothing(stored):
    with pytest.raises(RecordNotFound, match="record: got '90069999'"):
        literature.decide(stored, "90069999", "screening", "include", None, REVIEWER)
    with pytest.raises(ValueError, match="an exclusion needs a reason"):
        literature.decide(stored, "90060002", "screening", "exclude", None, REVIEWER)
    assert list_decisions(stored) == [] and entries(stored, actor="reviewer") == []


# --- the two shells give the same result and the same error ------------------------------------------


def test_cli_and_api_store_the_same_decision(stored, web):
    by_cli = _cli("decide", "90060001", "--exclude", "--reason", "adult patient", "--reviewer", "reviewer")
    assert by_cli.exit_code == 0, by_cli.stderr
    by_api = web.post("/api/literature/decisions", json={"record": "90060002", "decision": "exclude",
                                                         "reason": "adult patient"})
    assert by_api.status_code == 201, by_api.text
    first, second = (d.model_dump(exclude={"decided_at"}) for d in list_decisions(stored))
    assert first | {"record_key": "pmid:90060002"} == second
    assert by_api.json()["reviewer"] == first["reviewer"] == "reviewer"
    details = [e["detail"] for e in entries(stored, actor="reviewer") if e["resource"].startswith("literature/")]
    assert details == ["screening: exclude", "screening: exclude"]  # both audited alike


@pytest.mark.parametrize("cli_args, body, status", [
    (["90060001", "--include", "--stage", "full"], {"record": "90060001", "decision": "include", "stage": "full"},
     422),
    (["", "--include"], {"record": "", "decision": "include"}, 422),
    (["90069999", "--include"], {"record": "90069999", "decision": "include"}, 404),
    (["90060002", "--exclude"], {"record": "90060002", "decision": "exclude"}, 422),
    (["90060002", "--not-retrieved"], {"record": "90060002", "decision": "not_retrieved"}, 422),
])
def test_cli_and_api_refuse_the_same_input_with_the_same_line(stored, web, cli_args, body, status):
    by_cli = _cli("decide", *cli_args, "--reviewer", "reviewer")
    by_api = web.post("/api/literature/decisions", json=body)
    assert by_api.status_code == status
    assert _cli_error(by_cli) == by_api.json()["error"]
    assert list_decisions(stored) == []


def test_cli_and_api_prisma_are_the_same_counts(stored, web):
    for stage in ("screening", "eligibility"):  # included at full text, no case accepted yet
        literature.decide(stored, "90060001", stage, "include", None, REVIEWER)
    by_cli = _cli("prisma", "--format", "json")
    assert by_cli.exit_code == 0, by_cli.stderr
    counts = json.loads(by_cli.stdout)
    assert (counts["included"], counts["awaiting_case_review"]) == (0, 1)
    assert web.get("/api/literature/prisma").json() == counts


def test_review_state_moves_a_record_through_the_stages_as_decided(stored):
    """The web's screening queue: awaiting screening, then awaiting full text, then decided."""
    def keys(state, bucket):
        return [(r[0] if isinstance(r, tuple) else r).pmid for r in state[bucket]]

    state = literature.review_state(stored)
    assert sorted(keys(state, "screening")) == ["90060001", "90060002"] and not state["decided"]
    literature.decide(stored, "90060001", "screening", "include", None, REVIEWER)
    literature.decide(stored, "90060002", "screening", "exclude", "knee surgery", REVIEWER)
    state = literature.review_state(stored)
    assert keys(state, "screening") == [] and keys(state, "eligibility") == ["90060001"]
    assert sorted(keys(state, "decided")) == ["90060001", "90060002"]
    literature.decide(stored, "90060001", "eligibility", "include", None, REVIEWER)
    assert keys(literature.review_state(stored), "eligibility") == []
