"""Storing imported cases: through the bulk path (one transaction, a batch at a time), on SQLite and
PostgreSQL; stored cases skipped, changed ones and the same patient under another id refused."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from imnm.interop.importing import import_cases
from imnm.model import Case, InvalidInput
from imnm.store import open_registry
from imnm.store.cases import DuplicateCase, get_case, list_cases, revisions


def _statements(registry, run) -> int:
    """How many SQL statements ``run()`` sends (an executemany or a COPY counts once)."""
    seen = []
    listener = lambda *_args: seen.append(1)
    event.listen(registry.engine, "before_cursor_execute", listener)
    try:
        run()
    finally:
        event.remove(registry.engine, "before_cursor_execute", listener)
    return len(seen)


def test_statements_do_not_grow_with_the_number_of_cases(database_url, local_case):
    """One case at a time cost several statements a case; the bulk path writes a table at a time."""
    registry = open_registry(database_url)
    few = _statements(registry, lambda: import_cases(registry, [local_case(i) for i in range(3)]))
    many = _statements(registry, lambda: import_cases(registry, [local_case(i) for i in range(100, 160)]))
    registry.dispose()
    assert many == few


def test_only_new_cases_are_added_and_stored_ones_skipped(database_url, local_case):
    registry = open_registry(database_url)
    first = import_cases(registry, [local_case(0), local_case(1)], actor="clinic")
    assert first.added == ["local-00000", "local-00001"] and first.unchanged == []
    again = import_cases(registry, [local_case(i) for i in range(4)], actor="clinic")
    assert again.added == ["local-00002", "local-00003"]
    assert again.unchanged == ["local-00000", "local-00001"]
    assert get_case(registry, "local-00003") == local_case(3)
    assert revisions(registry, "local-00002")[0]["actor"] == "clinic"
    local = [c.id for c in list_cases(registry, source_kind="local")]
    assert local == ["local-00000", "local-00001", "local-00002", "local-00003"]
    registry.dispose()


def test_a_case_stored_before_is_recognised_whichever_path_stored_it(database_url, local_case):
    """The one-at-a-time path kept the document as a dict, the bulk path as JSON text: both compare equal."""
    from imnm.store.cases import insert_case

    registry = open_registry(database_url)
    with registry.session() as session:
        insert_case(session, local_case(7))
    report = import_cases(registry, [local_case(7), local_case(8)])
    assert report.unchanged == ["local-00007"] and report.added == ["local-00008"]
    registry.dispose()


def test_the_same_patient_under_another_id_is_refused_and_nothing_written(database_url, local_case):
    registry = open_registry(database_url)
    cited = {"citation": {"first_author": "Invented", "year": 2020, "doi": "10.5555/imnm-test.1"},
             "case_label": "case 1 of 2"}
    import_cases(registry, [Case.model_validate({**local_case(0).model_dump(), **cited})])
    before = [c.id for c in list_cases(registry)]
    again = Case.model_validate({**local_case(1).model_dump(), **cited})
    with pytest.raises(DuplicateCase, match="same patient as stored case 'local-00000'"):
        import_cases(registry, [local_case(2), again])
    assert [c.id for c in list_cases(registry)] == before
    registry.dispose()


def test_progress_counts_every_case_added(local_case):
    registry = open_registry()
    told: list[int] = []
    report = import_cases(registry, [local_case(i) for i in range(5)], progress=told.append)
    assert sum(told) == len(report.added) == 5
    registry.dispose()


def test_a_missing_id_or_an_id_twice_is_reported_and_nothing_written(local_case):
    registry = open_registry()
    before = [c.id for c in list_cases(registry)]
    nameless = local_case(1).model_copy(update={"id": None})
    with pytest.raises(InvalidInput) as caught:
        import_cases(registry, [local_case(0), local_case(0), nameless])
    assert "id 'local-00000': twice in this import" in str(caught.value)
    assert "id: missing" in str(caught.value)
    assert [c.id for c in list_cases(registry)] == before
    registry.dispose()
