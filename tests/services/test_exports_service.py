"""services.exports.cohort_records (``imnm cohort export``) and services.imports (``imnm case import``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from imnm.cli import app
from imnm.model import Case, InvalidInput
from imnm.services import audit, exports, imports
from imnm.services import cases as case_service
from imnm.services.audit import Actor
from imnm.store import open_registry

ROOT = Path(__file__).resolve().parents[2]
WORDS = "six weeks of difficulty running"  # in examples/patient.json's presentation


@pytest.fixture
def registry(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'exports.sqlite3'}"
    monkeypatch.setenv("IMNM_DATABASE_URL", url)
    reg = open_registry(url)
    patient = json.loads((ROOT / "examples" / "patient.json").read_text(encoding="utf-8"))
    case_service.add_cases(reg, [Case.model_validate(patient)], Actor("setup"))
    yield reg
    reg.dispose()


def test_json_is_what_the_cli_prints_and_local_free_text_is_dropped_unless_asked(registry):
    content, media = exports.cohort_records(registry, "json")
    printed = CliRunner().invoke(app, ["cohort", "export", "-f", "json"])
    assert printed.exit_code == 0 and media == "application/json"
    assert printed.stdout.encode() == content
    assert WORDS not in content.decode()
    assert WORDS in exports.cohort_records(registry, "json", include_free_text=True)[0].decode()
    records = json.loads(content)
    assert len(records) == len(case_service.list_cases(registry))


def test_csv_redcap_deidentified_and_xlsx_hold_every_case(registry, tmp_path):
    n = len(case_service.list_cases(registry))
    assert len(list(csv.DictReader(io.StringIO(exports.cohort_records(registry, "csv")[0].decode())))) == n
    redcap = list(csv.DictReader(io.StringIO(exports.cohort_records(registry, "redcap")[0].decode())))
    assert len({r["record_id"] for r in redcap}) == n
    local_id = case_service.list_cases(registry, source_kind="local")[0]["id"]
    deidentified = exports.cohort_records(registry, "deidentified")[0].decode()
    assert len(json.loads(deidentified)) == n and local_id not in deidentified and WORDS not in deidentified
    path = tmp_path / "cases.xlsx"
    path.write_bytes(exports.cohort_records(registry, "xlsx")[0])
    assert load_workbook(path, read_only=True).sheetnames[0]


def test_an_unknown_format_is_refused_and_an_export_audited_only_with_an_actor(registry):
    with pytest.raises(InvalidInput, match=r"format: got 'pdf'; expected json, csv, xlsx, redcap, deidentified"):
        exports.cohort_records(registry, "pdf", Actor("dr-x"))
    exports.cohort_records(registry, "csv")
    assert [e for e in audit.entries(registry) if e["action"] == "export"] == []
    exports.cohort_records(registry, "csv", Actor("dr-x"))
    [entry] = [e for e in audit.entries(registry) if e["action"] == "export"]
    assert (entry["actor"], entry["resource"]) == ("dr-x", "cases")


def test_the_shipped_cohort_exports_without_a_registry():
    assert len(json.loads(exports.cohort_records(None, "json")[0])) > 0


def test_an_import_audits_each_new_case_and_nothing_when_run_again(registry, tmp_path):
    path = tmp_path / "cases.xlsx"
    local = Case.model_validate({**case_service.get_case(registry, case_service.list_cases(
        registry, source_kind="local")[0]["id"]).case.model_dump(), "id": "imported-1", "age_years": 9})
    from imnm.interop.spreadsheet import write_xlsx

    write_xlsx([local], path)
    cases = imports.read(path, "xlsx")
    report = imports.store(registry, cases, Actor("dr-import"), fmt="xlsx")
    assert report.added == ["imported-1"]
    [entry] = audit.entries(registry, actor="dr-import")
    assert (entry["action"], entry["resource"], entry["detail"]) == ("create", "case/imported-1", "imported (xlsx)")
    assert imports.store(registry, cases, Actor("dr-import"), fmt="xlsx").unchanged == ["imported-1"]
    assert len(audit.entries(registry, actor="dr-import")) == 1
