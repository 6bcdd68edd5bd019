"""The command line: Table 1 in every format, summary, export, and transactional case import."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from imnm.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_export_json_has_the_agreed_keys_and_vocabulary():
    result = run("cohort", "export", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 24
    keys = {"article", "year", "aggregate", "n_cases", "sex", "age_years", "ck_iu_l", "aldolase_iu_l",
            "features", "treatments", "outcome_class"}
    assert all(keys <= r.keys() for r in records)
    rs3 = next(r for r in records if r["id"] == "rouster-stevens-2008-3")
    assert rs3["article"] == "Rouster-Stevens et al, 2008" and rs3["ck_iu_l"] == 33000
    assert "lvh" in rs3["features"] and "cardiac" in rs3["features"]
    assert sum(r["n_cases"] for r in records) == 40


def test_export_csv():
    result = run("cohort", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 24 and json.loads(rows[0]["treatments"]) == ["glucocorticoids", "methotrexate", "ivig"]


@pytest.mark.parametrize("fmt", ["markdown", "csv", "html"])
def test_table1_formats(fmt):
    result = run("cohort", "table1", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Rouster-Stevens et al, 2008 (3 cases)" in result.stdout
    assert "33 000" in result.stdout


def test_table1_xlsx(tmp_path):
    out = tmp_path / "t1.xlsx"
    assert run("cohort", "table1", "--format", "xlsx", "--output", str(out)).exit_code == 0
    import openpyxl

    sheet = openpyxl.load_workbook(out)["Table 1"]
    assert sheet.max_row == 25 and sheet.cell(1, 1).value.startswith("Article")


def test_table1_xlsx_needs_an_output_file():
    result = run("cohort", "table1", "--format", "xlsx")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_summary_json():
    data = json.loads(run("cohort", "summary", "--format", "json").stdout)
    assert data["n_patients"] == 40 and data["features"]["dysphagia"]["k"] == 10
    assert data["features"]["dysphagia"]["method"] == "clopper-pearson"


def test_case_add_prints_the_new_id_last_and_show_finds_it(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"sex": "F", "age_years": 9.5, "labs": [
        {"analyte": "CK", "value": 15000, "unit": "U/L", "reference_low": 26, "reference_high": 192}]}))
    result = run("case", "add", str(f))
    assert result.exit_code == 0, result.output
    new_id = result.stdout.strip().splitlines()[-1]
    assert new_id.startswith("local-")
    shown = json.loads(run("case", "show", new_id, "--format", "json").stdout)
    assert shown["labs"][0]["analyte"] == "creatine_kinase" and shown["age_years"] == 9.5


def test_case_add_rejects_bad_input_and_stores_nothing(tmp_path):
    f = tmp_path / "cases.json"
    f.write_text(json.dumps([{"age_years": 9}, {"age_years": 250, "visits": [{"label": "x", "cmas": 60}]}]))
    result = run("case", "add", str(f))
    assert result.exit_code == 2
    assert "[1].age_years: got 250" in result.stderr and "[1].visits[0].cmas: got 60" in result.stderr
    listed = run("case", "list").stdout
    assert "local-" not in listed


def test_case_add_missing_file_and_bad_json(tmp_path):
    assert run("case", "add", str(tmp_path / "nope.json")).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("case", "add", str(bad))
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_case_show_unknown_id():
    result = run("case", "show", "no-such-case")
    assert result.exit_code == 2 and "no case with id 'no-such-case'" in result.stderr


def test_overview_prints_summary_and_table():
    result = run("overview")
    assert result.exit_code == 0, result.output
    assert "Patients: 40 in 24 records" in result.stdout and "Table 1" in result.stdout
