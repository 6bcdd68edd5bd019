"""``cases.ethnicity`` and ``cases.annotated`` repeat what the document holds, so the cohort statistics need
not parse every document: every write path sets them, and migration 0006 fills them for stored records."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, inspect, select, text

from imnm.model import Case
from imnm.store import Registry
from imnm.store.cases import add_cases, amend_case, insert_case, update_case
from imnm.store.schema import CaseRow

PROVENANCE = {"source": "clinic notes", "sources_read": [{"part": "abstract", "where": "local file"}]}
RECORDS = {
    "plain": {"id": "plain", "source_kind": "local", "sex": "F"},
    "ethnic": {"id": "ethnic", "source_kind": "local", "ethnicity": 'Roma, "Kale"'},
    "flagged": {"id": "flagged", "source_kind": "local", "review_flags": [
        {"field": "age_years", "kind": "unverified", "message": "from the referral letter"}]},
    "checked": {"id": "checked", "source_kind": "local",
                "provenance": {**PROVENANCE, "checked_fields": {"sex": "agrees"}}},
    "same": {"id": "same", "source_kind": "local", "provenance": {**PROVENANCE, "same_patient_as": "plain"}},
    "bare-provenance": {"id": "bare-provenance", "source_kind": "local", "provenance": PROVENANCE},
}


def _expected(document: dict) -> tuple[str | None, bool]:
    """What the two columns must say of a stored document."""
    provenance = document.get("provenance") or {}
    notes = document.get("review_flags") or provenance.get("checked_fields") or provenance.get("same_patient_as")
    return document.get("ethnicity"), bool(notes)


def _stored(registry: Registry) -> dict[str, tuple[tuple, tuple]]:
    """Each record's (ethnicity, annotated) as stored, beside what its document says."""
    with registry.session(write=False) as session:
        rows = session.execute(select(CaseRow.id, CaseRow.ethnicity, CaseRow.annotated, CaseRow.document))
        return {i: ((ethnicity, bool(annotated)), _expected(document)) for i, ethnicity, annotated, document in rows}


def _assert_columns_match(registry: Registry) -> dict[str, tuple[tuple, tuple]]:
    stored = _stored(registry)
    assert stored and {i: s for i, (s, _) in stored.items()} == {i: e for i, (_, e) in stored.items()}
    return stored


def _children(registry: Registry) -> int:
    with registry.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM case_features")).scalar_one()


@pytest.fixture
def registry(opened_registry):
    return opened_registry


def test_the_shipped_cohort_is_seeded_with_both_columns(registry):
    stored = _assert_columns_match(registry)
    assert any(annotated for (_, annotated), _ in stored.values())  # shipped checks and same-patient links
    assert any(ethnicity for (ethnicity, _), _ in stored.values())


def test_bulk_add_sets_both_columns(registry):
    """add_cases: executemany on SQLite, COPY on PostgreSQL."""
    add_cases(registry, [Case.model_validate(r) for r in RECORDS.values()], actor="test")
    stored = _assert_columns_match(registry)
    assert {i for i, ((_, annotated), _) in stored.items() if i in RECORDS and annotated} == {"flagged", "checked", "same"}
    assert stored["ethnic"][0] == ('Roma, "Kale"', False)


def test_one_record_insert_sets_both_columns(registry):
    """insert_case: the web form, the extraction queue's accept and the seed go through it."""
    with registry.session() as session:
        for record in RECORDS.values():
            insert_case(session, Case.model_validate(record), actor="test")
    assert {i: s for i, (s, _) in _assert_columns_match(registry).items() if i in RECORDS}["checked"] == (None, True)


def test_update_and_amend_keep_both_columns_right(registry):
    add_cases(registry, [Case.model_validate(RECORDS["plain"]), Case.model_validate(RECORDS["flagged"])])
    update_case(registry, Case.model_validate({**RECORDS["plain"], "ethnicity": "Sami",
                                               "provenance": {**PROVENANCE, "checked_fields": {"sex": "differs"}}}))
    amend_case(registry, "flagged", lambda c: c.model_copy(update={"review_flags": [], "ethnicity": "Basque"}))
    stored = _assert_columns_match(registry)
    assert stored["plain"][0] == ("Sami", True) and stored["flagged"][0] == ("Basque", False)


def test_migration_0006_fills_both_columns_from_stored_documents_and_downgrade_drops_them(database_url):
    """A registry at 0005 holding records (written as 0005 wrote them) is upgraded: each record's columns
    come from its document; the downgrade removes them again."""
    registry = Registry(database_url)
    registry.upgrade("0005_accounts")
    documents = [Case.model_validate(r).model_dump(mode="json", exclude_none=True) for r in RECORDS.values()]
    with registry.engine.begin() as conn:
        for position, document in enumerate(documents):
            conn.execute(text("INSERT INTO cases (id, source_kind, aggregate, n_cases, outcome_class, position, "
                              "document, version, created_at, updated_at) VALUES (:id, 'local', false, 1, "
                              "'unknown', :position, :document, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                         {"id": document["id"], "position": position, "document": json.dumps(document)})
            conn.execute(text("INSERT INTO case_features (case_id, feature, present) VALUES (:id, 'dysphagia', true)"),
                         {"id": document["id"]})
    registry.upgrade()
    assert _children(registry) == len(RECORDS)  # a table rebuilt under foreign keys would cascade-delete them
    stored = _assert_columns_match(registry)
    assert set(stored) == set(RECORDS)
    assert {i for i, ((_, annotated), _) in stored.items() if annotated} == {"flagged", "checked", "same"}
    registry.upgrade()  # idempotent
    from alembic import command

    command.downgrade(registry.alembic_config(), "0005_accounts")
    assert _children(registry) == len(RECORDS)
    engine = create_engine(database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("cases")}
    engine.dispose()
    registry.dispose()
    assert "ethnicity" not in columns and "annotated" not in columns and "document" in columns
