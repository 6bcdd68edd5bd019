"""Spreadsheets and REDCap: round trips, row-level error reports, idempotent and crash-safe imports."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys

import openpyxl
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from imnm.cli import app
from imnm.cohort.dataset import load_cohort
from imnm.interop.flat import SHEETS, TableImportError
from imnm.interop.importing import import_cases
from imnm.interop.redcap import DICTIONARY_COLUMNS, dictionary_csv, read_records, records_csv
from imnm.interop.spreadsheet import read_csv, read_xlsx, write_csv, write_xlsx
from imnm.model import InvalidInput
from imnm.store import Registry, open_registry
from imnm.store.cases import count_cases, list_cases
from imnm.store.registry import KILL_HOOK_ENV


@pytest.fixture
def cases(local_case):
    return [*load_cohort(), *(local_case(i, identifiers=i == 2) for i in range(3))]


def test_xlsx_has_one_sheet_per_entity_and_round_trips(tmp_path, cases):
    path = tmp_path / "cohort.xlsx"
    write_xlsx(cases, path)
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == list(SHEETS)
    assert read_xlsx(path) == cases


def test_xlsx_keeps_control_characters_and_literal_escapes(tmp_path, local_case):
    """XLSX cannot hold a control character: OOXML writes it as _xHHHH_ (and a literal '_x0041_' as
    '_x005F_x0041_'); the workbook is an interchange file, so both must come back exactly."""
    case = local_case(0)
    odd = case.model_copy(update={"case_label": "bed 3\x01\x1f, note _x0041_ kept", "presentation":
                                  case.presentation.model_copy(update={"text": "weak\x0bness\ttab\nline"})})
    path = tmp_path / "odd.xlsx"
    write_xlsx([odd], path)
    assert read_xlsx(path) == [odd]


def test_csv_folder_round_trips(tmp_path, cases):
    write_csv(cases, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{s}.csv" for s in SHEETS)
    assert read_csv(tmp_path / "out" / "cases.csv") == cases


def test_bad_rows_are_reported_by_sheet_row_column_value_and_why(tmp_path, local_case):
    path = tmp_path / "bad.xlsx"
    write_xlsx([local_case(0), local_case(1)], path)
    book = openpyxl.load_workbook(path)
    cases_sheet, labs = book["cases"], book["labs"]
    header = [c.value for c in cases_sheet[1]]
    cases_sheet.cell(row=3, column=header.index("sex") + 1, value="X")
    lab_header = [c.value for c in labs[1]]
    labs.cell(row=2, column=lab_header.index("unit") + 1, value="furlongs")
    labs.cell(row=4, column=lab_header.index("case_id") + 1, value="nobody")
    book.save(path)
    with pytest.raises(TableImportError) as caught:
        read_xlsx(path)
    where = [(p.sheet, p.row, p.column) for p in caught.value.rows]
    assert ("cases", 3, "sex") in where and ("labs", 2, "unit") in where and ("labs", 4, "case_id") in where
    sex = next(p for p in caught.value.rows if p.column == "sex")
    assert sex.value == "'X'" and "F" in sex.why
    result = CliRunner().invoke(app, ["case", "import", str(path), "--format", "xlsx"])
    assert result.exit_code == 2 and "nothing was imported" in result.output
    assert "cases row 3, column sex: got 'X'" in result.output
    reg = Registry()
    reg.upgrade()
    assert all(c.source_kind == "literature" for c in list_cases(reg))


def test_redcap_dictionary_has_redcaps_columns_and_one_row_per_field():
    rows = list(csv.DictReader(io.StringIO(dictionary_csv())))
    assert tuple(rows[0].keys()) == DICTIONARY_COLUMNS
    names = [r["Variable / Field Name"] for r in rows]
    assert names[0] == "record_id" and len(names) == len(set(names))
    assert all(n.isascii() and n == n.lower() and n[0].isalpha() and len(n) <= 100 for n in names)
    forms = {r["Form Name"] for r in rows}
    assert forms == {"case", "lab", "antibody", "feature", "treatment", "visit"}
    by_name = {r["Variable / Field Name"]: r for r in rows}
    assert by_name["sex"]["Field Type"] == "dropdown" and by_name["sex"]["Choices, Calculations, OR Slider Labels"]
    assert by_name["visit_cmas"]["Text Validation Type OR Show Slider Number"] == "integer"
    assert by_name["visit_cmas"]["Text Validation Max"] == "52"
    assert by_name["visit_date"]["Text Validation Type OR Show Slider Number"] == "date_ymd"
    assert by_name["visit_date"]["Identifier?"] == "y"
    assert by_name["presentation_preceding_infection"]["Field Type"] == "yesno"


def test_redcap_records_round_trip(cases):
    text = records_csv(cases)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:3] == ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance"]
    visits = [r for r in rows if r["redcap_repeat_instrument"] == "visit" and r["record_id"] == "local-00000"]
    assert [r["redcap_repeat_instance"] for r in visits] == ["1", "2", "3"]
    assert read_records(text) == cases


def test_redcap_unknown_instrument_is_refused():
    text = "record_id,redcap_repeat_instrument,redcap_repeat_instance,sex\nx1,,,F\nx1,scan,1,\n"
    with pytest.raises(InvalidInput, match="row 3, column redcap_repeat_instrument: got 'scan'"):
        read_records(text)


def test_import_twice_adds_nothing_the_second_time(tmp_path, local_case):
    path = tmp_path / "two.xlsx"
    write_xlsx([local_case(0), local_case(1)], path)
    runner = CliRunner()
    first = runner.invoke(app, ["case", "import", str(path), "--format", "xlsx"])
    assert first.exit_code == 0, first.output
    assert "2 added, 0 already stored" in first.output
    before = count_cases(Registry())
    second = runner.invoke(app, ["case", "import", str(path), "--format", "xlsx"])
    assert second.exit_code == 0 and "0 added, 2 already stored" in second.output
    assert count_cases(Registry()) == before


def test_a_changed_record_under_a_stored_id_is_refused_and_nothing_written(local_case):
    reg = Registry()
    reg.upgrade()
    import_cases(reg, [local_case(0)])
    changed = local_case(0).model_copy(update={"age_years": 3.0})
    with pytest.raises(InvalidInput, match="different record with this id"):
        import_cases(reg, [local_case(5), changed])
    assert [c.id for c in list_cases(reg)] == ["local-00000"]


def _import_statements(url: str, path) -> list[str]:
    """The SQL statements an in-process 'imnm case import' sends (measured on a copy of the registry)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        result = CliRunner().invoke(app, ["case", "import", str(path), "--format", "xlsx"],
                                    env={"IMNM_DATABASE_URL": url})
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert result.exit_code == 0, result.output
    return seen


@pytest.mark.parametrize("when", ["before the first write", "before the last insert"])
def test_an_import_killed_midway_leaves_the_registry_as_it_was(tmp_path, local_case, when):
    url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    reg = open_registry(url)  # set up and seeded: the killed command's only writes are the import's
    import_cases(reg, [local_case(0)])
    before = [c.model_dump() for c in list_cases(reg)]
    reg.dispose()
    path = tmp_path / "many.xlsx"
    write_xlsx([local_case(i) for i in range(1, 30)], path)
    shutil.copyfile(tmp_path / "kill.sqlite3", tmp_path / "counted.sqlite3")
    statements = _import_statements(f"sqlite:///{tmp_path / 'counted.sqlite3'}", path)
    inserts = [i for i, sql in enumerate(statements, start=1) if sql.startswith("INSERT INTO case_revisions")]
    kill_at = 3 if when == "before the first write" else inserts[-1]
    env = {**os.environ, "IMNM_DATABASE_URL": url, KILL_HOOK_ENV: str(kill_at)}
    done = subprocess.run([sys.executable, "-c", "from imnm.cli import app; app()", "case", "import", str(path),
                           "--format", "xlsx"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert [c.model_dump() for c in list_cases(Registry(url))] == before


def test_cohort_export_drops_local_free_text_unless_asked(local_case):
    reg = Registry()
    reg.upgrade()
    import_cases(reg, [local_case(2, identifiers=True)])
    runner = CliRunner()
    shared = runner.invoke(app, ["cohort", "export", "--format", "json"])
    assert shared.exit_code == 0
    records = {r["id"]: r for r in json.loads(shared.stdout)}
    local = next(r for r in records.values() if r["source_kind"] == "local")
    assert local["presentation"] is None and local["outcome_text"] is None
    assert records["rider-1994"]["presentation"]  # published words stay
    assert "Fernandez" not in shared.stdout.split('"case_label"')[0]
    full = runner.invoke(app, ["cohort", "export", "--format", "json", "--include-free-text"])
    full_records = {r["id"]: r for r in json.loads(full.stdout)}
    assert "Ana Fernandez" in full_records[local["id"]]["presentation"]
    redcap = runner.invoke(app, ["cohort", "export", "--format", "redcap"])
    assert redcap.exit_code == 0 and "612 345" not in redcap.stdout


def test_an_unknown_column_is_refused_even_on_a_sheet_without_rows(tmp_path, local_case):
    path = tmp_path / "extra.xlsx"
    write_xlsx([local_case(0)], path)
    book = openpyxl.load_workbook(path)
    book.remove(book["visits"])
    book.create_sheet("visits").append(["case_id", "visit", "cmas", "patient_name"])
    book.save(path)
    with pytest.raises(InvalidInput, match="sheet visits: unknown column.s. patient_name"):
        read_xlsx(path)
