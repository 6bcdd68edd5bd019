"""The extraction review queue: store and ``imnm literature queue`` on SQLite and PostgreSQL.

Items are made from the extractor's contract (ExtractedCase) by hand, with invented values, so these
tests do not depend on what the extractor reads from a text (test_update.py covers that path).
"""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from typer.testing import CliRunner

from imnm.cli import app
from imnm.literature.extract import Evidence, ExtractedCase, empty_record
from imnm.literature.queue import accept, prisma_with_cases, reject
from imnm.literature.records import Author, Record
from imnm.literature.screening import Decision
from imnm.store import open_registry
from imnm.store.cases import DuplicateCase, get_case, list_cases
from imnm.store.extraction_queue import (
    NewItem,
    QueueDecisionRow,
    QueueItemRow,
    QueueStateError,
    get_item,
    list_items,
    record_update_run,
)
from imnm.store.literature import save_decision, save_search_run

PMID = "90030001"
KEY = f"pmid:{PMID}"
ABSTRACT = ("An invented 8-year-old girl had weakness of the thighs, creatine kinase 9500 U/L and anti-SRP "
            "antibodies. She improved with steroids and IVIG.")
FLAG = "inconsistency: age_years: the invented abstract says 8 years, its title 9 years"


def invented_record(pmid: str = PMID, language: str = "eng") -> Record:
    return Record(pmid=pmid, doi=f"10.5555/queue.{pmid[-4:]}", title="Invented anti-SRP myopathy in a girl",
                  abstract=ABSTRACT, authors=[Author(last_name="Inventa", fore_name="Lia", initials="L")],
                  journal="Synthetic journal of paediatric rheumatology", year=2024, pubdate="2024-02",
                  publication_types=["Case Reports"], language=[language])


def extracted(label: str | None = None, language: str = "en", **values) -> dict:
    record = empty_record() | {"sex": "F", "age_years": 8.0, "antibodies": {"srp": "positive"},
                               "labs": [{"analyte": "creatine_kinase", "value": 9500, "unit": "U/L",
                                         "as_written": "creatine kinase 9500 U/L"}],
                               "courses": [{"drug": "glucocorticoids", "drug_as_written": "steroids"},
                                           {"drug": "ivig", "drug_as_written": "IVIG"}],
                               "outcome_class": "improvement", "outcome_text": "She improved"} | values
    if language != "en":
        record = empty_record()
    case = ExtractedCase(record=record, language=language, patient_label=label, source=KEY,
                         evidence={"age_years": [Evidence(start=12, end=23, text="8-year-old")],
                                   "sex": [Evidence(start=24, end=28, text="girl")]} if language == "en" else {},
                         confidence={"age_years": 0.9, "sex": 0.9},
                         review_flags=[FLAG] if language == "en" else [f"unverified: language: text in {language}"])
    return case.model_dump(mode="json")


def item(pmid: str = PMID, label: str | None = None, language: str = "en", **values) -> NewItem:
    return NewItem(record_key=f"pmid:{pmid}", pmid=pmid, doi=f"10.5555/queue.{pmid[-4:]}", patient_label=label,
                   extracted=extracted(label, language, **values), language=language)


def include(registry, key: str = KEY) -> None:
    for stage in ("screening", "eligibility"):
        save_decision(registry, Decision(record_key=key, stage=stage, decision="include", reviewer="AB"))


def setup(url: str, items: list[NewItem], *, included: bool = True):
    registry = open_registry(url)
    save_search_run(registry, [invented_record(i.pmid) for i in {i.pmid: i for i in items}.values()],
                    source="PubMed", query="invented")
    if included:
        for pmid in {i.pmid for i in items}:
            include(registry, f"pmid:{pmid}")
    run = record_update_run(registry, search_run_id=None, since=None, identified=len(items), new_records=1,
                            likely_new=1, records_extracted=1, policy="test", items=items)
    return registry, run.queued_ids


def test_an_accepted_item_is_a_literature_case_citing_the_article_and_the_reviewer(database_url):
    registry, [item_id] = setup(database_url, [item()])
    before = len(list_cases(registry))
    assert [i.id for i in list_items(registry, state="pending")] == [item_id]

    decided = accept(registry, item_id, reviewer="Dr Reviewer")

    assert decided.state == "accepted" and decided.latest.decision == "accept"
    case = get_case(registry, decided.case_id)
    assert len(list_cases(registry)) == before + 1
    assert case.source_kind == "literature"
    c = case.citation
    assert (c.first_author, c.year, c.pmid, c.doi, c.journal) == (
        "Inventa", 2024, PMID, "10.5555/queue.0001", "Synthetic journal of paediatric rheumatology")
    assert c.title == "Invented anti-SRP myopathy in a girl"
    p = case.provenance
    assert p.curated_by == "Dr Reviewer" and p.curated_on == dt.date.today()
    assert p.source == "imnm literature extract" and not p.verified_against_original
    assert '"8-year-old" [12-23]' in p.location and KEY in p.location
    assert case.ck_iu_l == 9500 and case.age_years == 8.0
    assert [(f.kind, f.field) for f in case.review_flags] == [("inconsistency", "age_years")]
    assert list_items(registry, state="pending") == []


def test_accept_needs_the_article_included_at_full_text_and_writes_nothing_otherwise(database_url):
    registry, [item_id] = setup(database_url, [item()], included=False)
    before = len(list_cases(registry))
    with pytest.raises(QueueStateError, match=r"not included at full-text eligibility \(no full-text decision"):
        accept(registry, item_id, reviewer="AB")
    assert get_item(registry, item_id).state == "pending" and len(list_cases(registry)) == before


def test_reject_then_accept_keeps_the_history_and_an_accepted_item_is_final(database_url):
    registry, [item_id] = setup(database_url, [item()])
    assert reject(registry, item_id, reviewer="AB", reason="adult patient").state == "rejected"
    assert accept(registry, item_id, reviewer="CD").state == "accepted"
    history = get_item(registry, item_id).decisions
    assert [(d.decision, d.reviewer, d.reason) for d in history] == [("reject", "AB", "adult patient"),
                                                                     ("accept", "CD", None)]
    with pytest.raises(QueueStateError, match="already accepted as case"):
        reject(registry, item_id, reviewer="AB", reason="changed my mind")
    with pytest.raises(QueueStateError, match="reason: got an empty reason"):
        reject(registry, item_id, reviewer="AB", reason=" ")
    assert len(get_item(registry, item_id).decisions) == 2


def test_an_edit_is_validated_by_the_case_model_and_the_sources_flags_stay(database_url):
    registry, [item_id] = setup(database_url, [item()])
    before = len(list_cases(registry))
    with pytest.raises(ValidationError, match="age_years"):
        accept(registry, item_id, reviewer="AB", edited={"sex": "F", "age_years": 500})
    with pytest.raises(QueueStateError, match="citation.pmid: got '123'"):
        accept(registry, item_id, reviewer="AB", edited={"citation": {"first_author": "X", "year": 2024,
                                                                      "pmid": "123"}})
    assert get_item(registry, item_id).state == "pending" and len(list_cases(registry)) == before

    edit = {"sex": "F", "age_years": 9.0, "case_label": "the girl", "review_flags": []}
    decided = accept(registry, item_id, reviewer="AB", edited=edit)
    case = get_case(registry, decided.case_id)
    assert decided.latest.decision == "edit" and decided.latest.edited == edit
    assert case.age_years == 9.0 and case.case_label == "the girl" and case.citation.pmid == PMID
    assert [(f.kind, f.field) for f in case.review_flags] == [("inconsistency", "age_years")]
    assert "edited by the reviewer" in case.provenance.notes


def test_the_same_patient_twice_is_refused_with_a_clear_message(database_url):
    registry, [first, second] = setup(database_url, [item(label="case 1"), item(label="Case 1")])
    accepted = accept(registry, first, reviewer="AB")
    with pytest.raises(DuplicateCase, match=rf"queue item {second}: same patient as stored case "
                                            rf"'{accepted.case_id}' \(DOI 10.5555/queue.0001, case label 'case 1'\)"):
        accept(registry, second, reviewer="AB")
    assert get_item(registry, second).state == "pending"


def test_a_text_in_another_language_is_queued_without_values_for_a_person(database_url):
    registry, [item_id] = setup(database_url, [item(language="es")])
    queued = get_item(registry, item_id)
    assert queued.language == "es" and queued.extracted["record"]["age_years"] is None
    with pytest.raises(QueueStateError, match="language 'es'.*--edit FILE"):
        accept(registry, item_id, reviewer="AB")
    decided = accept(registry, item_id, reviewer="AB", edited={"sex": "M", "age_years": 12})
    case = get_case(registry, decided.case_id)
    assert case.sex.value == "M" and [f.field for f in case.review_flags] == ["language"]


def test_queue_rows_are_never_changed_in_place(database_url):
    registry, [item_id] = setup(database_url, [item()])
    reject(registry, item_id, reviewer="AB", reason="not a child")
    for table, column, value in ((QueueItemRow, "language", "fr"), (QueueDecisionRow, "decision", "accept")):
        with pytest.raises(PermissionError, match="append-only"), registry.session() as session:
            setattr(session.scalars(select(table)).first(), column, value)
        with pytest.raises(PermissionError, match="append-only"), registry.session() as session:
            session.delete(session.scalars(select(table)).first())
    assert get_item(registry, item_id).state == "rejected"


def test_prisma_counts_a_study_included_once_it_has_an_accepted_case(database_url):
    registry, [item_id] = setup(database_url, [item()])
    counts = prisma_with_cases(registry)
    assert (counts.assessed, counts.included, counts.awaiting_case_review, counts.complete) == (1, 0, 1, False)
    accept(registry, item_id, reviewer="AB")
    counts = prisma_with_cases(registry)
    assert (counts.assessed, counts.included, counts.awaiting_case_review, counts.complete) == (1, 1, 0, True)


def test_two_reviewers_accepting_one_item_at_once_add_one_case(database_url):
    registry, [item_id] = setup(database_url, [item()])
    before = len(list_cases(registry))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def reviewer(name: str) -> None:
        barrier.wait()
        try:
            accept(registry, item_id, reviewer=name)
            outcomes.append("accepted")
        except (QueueStateError, DuplicateCase) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in ("AB", "CD")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["QueueStateError", "accepted"]
    assert len(list_cases(registry)) == before + 1 and len(get_item(registry, item_id).decisions) == 1


# --- the commands ---------------------------------------------------------------------------------


@pytest.fixture
def cli(database_url, monkeypatch):
    monkeypatch.setenv("IMNM_DATABASE_URL", database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["literature", "queue", *args])


def test_queue_lists_pending_items_with_their_evidence(database_url, cli):
    _, [first, second] = setup(database_url, [item(label="case 1"), item(label="case 2")])
    text = cli()
    assert text.exit_code == 0, text.output
    assert f"#{first}" in text.stdout and "case 2" in text.stdout and '"8-year-old"' in text.stdout
    assert FLAG.split(": ", 2)[2] in text.stdout
    rows = json.loads(cli("--format", "json").stdout)
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["evidence"]["age_years"][0]["text"] == "8-year-old" and rows[0]["state"] == "pending"
    assert rows[0]["pmid"] == PMID and rows[0]["review_flags"] == [FLAG]
    shown = cli("show", str(second))
    assert shown.exit_code == 0 and "case 2" in shown.stdout and "pending" in shown.stdout


def test_accept_and_reject_commands(database_url, cli, tmp_path):
    registry, [first, second, third] = setup(database_url, [item(label="case 1"), item(label="case 2"),
                                                             item(label="case 3")])
    done = cli("accept", str(first), "--reviewer", "Dr R")
    assert done.exit_code == 0, done.output
    case_id = get_item(registry, first).case_id
    assert f"accepted as case {case_id}" in done.stdout
    rejected = cli("reject", str(second), "--reason", "the same girl as case 1", "--reviewer", "Dr R")
    assert rejected.exit_code == 0 and get_item(registry, second).state == "rejected"
    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps({"sex": "F", "age_years": 500}))
    bad = cli("accept", str(third), "--edit", str(edit), "--reviewer", "Dr R")
    assert bad.exit_code == 2 and "age_years" in bad.stderr and "500" in bad.stderr and "Traceback" not in bad.output
    edit.write_text(json.dumps({"sex": "F", "age_years": 10, "case_label": "case 3"}))
    good = cli("accept", str(third), "--edit", str(edit), "--reviewer", "Dr R")
    assert good.exit_code == 0, good.output
    assert get_case(registry, get_item(registry, third).case_id).age_years == 10
    assert cli("--format", "json").stdout.strip() == "[]"


def test_command_errors_are_one_line_and_exit_2(database_url, cli):
    registry, [first, second] = setup(database_url, [item(label="case 1"), item(label="case 1")])
    missing = cli("show", "99")
    assert missing.exit_code == 2 and "queue item: got 99" in missing.stderr
    no_reason = cli("reject", str(first), "--reviewer", "AB")
    assert no_reason.exit_code == 2 and "--reason" in no_reason.stderr
    assert cli("accept", str(first), "--reviewer", "AB").exit_code == 0
    duplicate = cli("accept", str(second), "--reviewer", "AB")
    assert duplicate.exit_code == 2 and "same patient as stored case" in duplicate.stderr
    assert get_item(registry, second).state == "pending"


def test_an_item_with_no_patient_values_cannot_be_accepted_as_extracted(database_url):
    """A report read with no patient found is queued as read; accepting it plain would add an empty case."""
    nothing = {"sex": None, "age_years": None, "antibodies": {}, "labs": [], "courses": [],
               "outcome_class": None, "outcome_text": None}
    registry, [item_id] = setup(database_url, [item(**nothing)])
    before = len(list_cases(registry))
    with pytest.raises(QueueStateError, match="no patient value"):
        accept(registry, item_id, reviewer="AB")
    assert get_item(registry, item_id).state == "pending" and len(list_cases(registry)) == before
    edited = accept(registry, item_id, reviewer="AB", edited={"sex": "F", "age_years": 9})
    assert edited.state == "accepted"
