"""The follow-up commands through Typer's runner: forecast, cohort evidence, case plot."""

import json
from pathlib import Path

from typer.testing import CliRunner

from imnm.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def test_forecast_json():
    r = runner.invoke(app, ["forecast", str(DATA / "forecast_index_like.json"), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d["validation"]) >= {"auc", "brier", "n_cases", "method"}
    assert d["validation"]["n_cases"] == 20
    low, high = d["interval"]
    assert low < d["probability_good_outcome"] < high
    assert all({"article", "year", "similarity", "treatments", "outcome_class"} <= set(s) for s in d["similar_cases"])


def test_forecast_text_shows_validation_beside_the_number():
    r = runner.invoke(app, ["forecast", str(DATA / "forecast_new_patient.json")])
    assert r.exit_code == 0, r.output
    first = r.stdout.splitlines()[:3]
    assert first[0].startswith("Probability of a good outcome")
    assert "leave-one-out validation: AUC" in first[2]
    assert "inclusion criterion" in r.stdout


def test_forecast_bad_input_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"source_kind": "local", "age_years": -3}')
    r = runner.invoke(app, ["forecast", str(bad)])
    assert r.exit_code == 2
    assert "age_years: got -3" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["forecast", str(tmp_path / "missing.json")])
    assert r.exit_code == 2


def test_cohort_evidence_json():
    r = runner.invoke(app, ["cohort", "evidence", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["n_cases"] == 21 and "confounded" in d["caveat"]


def test_case_plot(tmp_path):
    out = tmp_path / "girl.svg"
    r = runner.invoke(app, ["case", "plot", "toledo-del-castillo-2024", "--out", str(out), "--format", "svg"])
    assert r.exit_code == 0, r.output
    assert out.exists() and out.read_text().lstrip().startswith("<?xml")
    r = runner.invoke(app, ["case", "plot", "no-such-case"])
    assert r.exit_code == 2 and "no case with id" in r.output


def test_forecast_of_an_empty_case_refuses_and_names_the_missing_predictors(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    r = runner.invoke(app, ["forecast", str(empty)])
    assert r.exit_code == 2, r.output
    for needed in ("age at onset", "creatine kinase", "extramuscular", "treatment strategy"):
        assert needed in r.output, needed
    assert "Probability" not in r.output and "Traceback" not in r.output
