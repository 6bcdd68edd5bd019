"""services.registry_admin: db init/upgrade/repair/status, input schemas and the overview, as the CLI prints them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from imnm.cli import app
from imnm.model import InvalidInput
from imnm.services import registry_admin as admin
from imnm.store.registry import HEAD_REVISION


def test_status_of_a_new_registry_then_initialise_then_upgrade(database_url):
    before = admin.status(database_url)
    assert before.current == [] and before.heads == [HEAD_REVISION] and before.records is None
    done = admin.initialise(database_url)
    assert done.records > 0 and done.cohort_version
    after = admin.status(database_url)
    assert after.current == [HEAD_REVISION] and after.records == done.records
    assert admin.upgrade(database_url)[1] == [HEAD_REVISION]


def test_status_is_what_imnm_db_status_prints(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'status.sqlite3'}"
    monkeypatch.setenv("IMNM_DATABASE_URL", url)
    admin.initialise(url)
    state = admin.status(url)
    printed = CliRunner().invoke(app, ["db", "status"])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == (f"registry: {state.url}\nrevision: {HEAD_REVISION} (head: {HEAD_REVISION})\n"
                              f"records: {state.records}\n")


def test_repair_drops_only_the_empty_tables_of_an_interrupted_set_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'half.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE cases (id VARCHAR PRIMARY KEY)"))
    engine.dispose()
    repaired = admin.repair(url)
    assert repaired.dropped == ["cases"] and repaired.where.endswith("half.sqlite3")
    assert admin.status(url).current == [HEAD_REVISION]
    assert admin.repair(url).dropped == []


def test_input_schema_names_the_fields_of_each_input_file_and_refuses_another_name():
    assert "cmas" in admin.input_schema("visit")["properties"]
    assert "drug" in admin.input_schema("course")["properties"]
    assert "citation" in json.dumps(admin.input_schema("case"))
    with pytest.raises(InvalidInput, match=r"schema: got 'patient'; expected case, visit, course"):
        admin.input_schema("patient")


def test_overview_summarises_every_stored_record(tmp_path):
    url = f"sqlite:///{tmp_path / 'overview.sqlite3'}"
    records = admin.initialise(url).records
    from imnm.store import open_registry

    done = admin.overview(open_registry(url))
    assert done.url == url and len(done.table1.rows) == records
