"""The literature service's extraction queue: list, show, accept (as extracted or edited), reject, audited.

The CLI (``imnm literature queue ...``) and the API (``/api/literature/queue``) both call these.
Items are built by hand from the extractor's contract with invented values.
"""

from __future__ import annotations

import pytest

from imnm.literature.extract import ExtractedCase, empty_record
from imnm.literature.records import Author, Record
from imnm.literature.screening import Decision
from imnm.model import InvalidInput
from imnm.services import literature
from imnm.services.audit import Actor, entries
from imnm.store import open_registry
from imnm.store.cases import get_case
from imnm.store.extraction_queue import NewItem, QueueItemNotFound, QueueStateError, record_update_run
from imnm.store.literature import save_decision, save_search_run

PMID = "90040001"
KEY = f"pmid:{PMID}"
REVIEWER = Actor("Dr Queue", "reviewer", "127.0.0.1")


def _queued(url: str, labels: tuple[str, ...] = ("case 1", "case 2"), *, included: bool = True):
    registry = open_registry(url)
    record = Record(pmid=PMID, title="Invented necrotising myopathy in a boy", year=2024, language=["eng"],
                    abstract="An invented 9-year-old boy with anti-SRP antibodies.",
                    authors=[Author(last_name="Fictus", fore_name="Ana", initials="A")])
    save_search_run(registry, [record], source="PubMed", query="invented")
    if included:
        for stage in ("screening", "eligibility"):
            save_decision(registry, Decision(record_key=KEY, stage=stage, decision="include", reviewer="AB"))
    extracted = ExtractedCase(record=empty_record() | {"sex": "M", "age_years": 9.0, "antibodies": {"srp": "positive"}},
                              language="en", source=KEY, confidence={"age_years": 0.9})
    items = [NewItem(record_key=KEY, pmid=PMID, doi=None, patient_label=label, language="en",
                     extracted=extracted.model_copy(update={"patient_label": label}).model_dump(mode="json"))
             for label in labels]
    run = record_update_run(registry, search_run_id=None, since=None, identified=1, new_records=1, likely_new=1,
                            records_extracted=1, policy="test", items=items)
    return registry, run.queued_ids


def test_the_queue_lists_pending_items_and_shows_one(database_url):
    registry, [first, second] = _queued(database_url)
    rows = literature.queue(registry)
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["state"] == "pending" and rows[0]["patient_label"] == "case 1" and rows[0]["age_years"] == 9.0
    assert literature.queue_item(registry, second)["patient_label"] == "case 2"
    with pytest.raises(QueueItemNotFound, match="queue item: got 999"):
        literature.queue_item(registry, 999)


def test_accept_adds_the_case_in_the_reviewers_name_and_audits_it(database_url):
    registry, [first, _] = _queued(database_url)
    row = literature.accept_item(registry, first, REVIEWER)
    assert row["state"] == "accepted" and row["decisions"][-1]["reviewer"] == "Dr Queue"
    case = get_case(registry, row["case_id"])
    assert case.provenance.curated_by == "Dr Queue" and case.age_years == 9.0
    [entry] = entries(registry, resource=f"case/{row['case_id']}")
    assert (entry["actor"], entry["role"], entry["action"]) == ("Dr Queue", "reviewer", "create")
    assert f"queue item {first}" in entry["detail"]
    assert [r["id"] for r in literature.queue(registry)] == [first + 1]


def test_an_edit_is_validated_and_named_in_the_error_and_nothing_is_stored(database_url):
    registry, [first, _] = _queued(database_url)
    with pytest.raises(InvalidInput) as caught:
        literature.accept_item(registry, first, REVIEWER, edited={"sex": "M", "age_years": 500}, source="edit.json")
    assert caught.value.source == "edit.json" and "age_years" in caught.value.problems[0]
    assert literature.queue_item(registry, first)["state"] == "pending"
    assert entries(registry, actor="Dr Queue") == []
    row = literature.accept_item(registry, first, REVIEWER, edited={"sex": "M", "age_years": 10})
    assert get_case(registry, row["case_id"]).age_years == 10
    assert "edit" in entries(registry, actor="Dr Queue")[0]["detail"]


def test_reject_keeps_the_reason_and_audits_it_and_accept_needs_an_included_article(database_url):
    registry, [first, second] = _queued(database_url, included=False)
    row = literature.reject_item(registry, first, REVIEWER, "the same boy as another report")
    assert row["state"] == "rejected" and row["decisions"][-1]["reason"] == "the same boy as another report"
    [entry] = entries(registry, resource=f"literature/queue/{first}")
    assert entry["action"] == "reject" and entry["detail"] == "the same boy as another report"
    with pytest.raises(QueueStateError):
        literature.reject_item(registry, second, REVIEWER, "  ")
    with pytest.raises(QueueStateError, match="included"):
        literature.accept_item(registry, second, REVIEWER)
    assert literature.prisma_with_cases(registry).included == 0
