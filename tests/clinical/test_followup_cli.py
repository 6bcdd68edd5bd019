"""Follow-up from the command line: add visits and courses to a stored case, then ask "is she responding?"."""

import json

from typer.testing import CliRunner

from imnm.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _new_case(tmp_path) -> str:
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"sex": "F", "age_years": 9, "visits": [
        {"label": "diagnosis", "months_from_diagnosis": 0, "cmas": 10, "mmt8": 40,
         "physician_global_activity": 8, "patient_global_activity": 7, "chaq": 2.5, "extramuscular_activity": 4,
         "labs": [{"analyte": "CK", "value": 12000, "unit": "U/L", "reference_low": 26, "reference_high": 192}]}]}))
    return run("case", "add", f).stdout.strip().splitlines()[-1]


def test_add_visit_then_total_improvement_score(tmp_path):
    case_id = _new_case(tmp_path)
    visit = tmp_path / "visit.json"
    visit.write_text(json.dumps({"label": "month 6", "months_from_diagnosis": 6, "cmas": 40, "mmt8": 72,
                                 "physician_global_activity": 2, "patient_global_activity": 2, "chaq": 0.5,
                                 "extramuscular_activity": 0,
                                 "labs": [{"analyte": "CK", "value": 300, "unit": "U/L",
                                           "reference_low": 26, "reference_high": 192}]}))
    added = run("case", "add-visit", case_id, visit)
    assert added.exit_code == 0, added.output
    out = run("case", "response", case_id, "--baseline", "diagnosis", "--follow-up", "month 6", "--format", "json")
    assert out.exit_code == 0, out.output
    d = json.loads(out.stdout)
    assert d["complete"] is True and d["population"] == "juvenile"
    scores = {c["measure"]: (c["percent_improvement"], c["score"]) for c in d["contributions"]}
    # absolute % of each scale: MD global 6/10, patient global 5/10, MMT8 32/80, CHAQ 2/3, CK fall 11700/12000,
    # extramuscular 4/10 (exactly 40%: the band '> 25% to 40%', not the top one)
    assert scores == {
        "physician_global_activity": (60.0, 20.0), "patient_global_activity": (50.0, 10.0),
        "muscle_strength": (40.0, 32.5), "physical_function": (66.67, 10.0), "muscle_enzyme": (97.5, 7.5),
        "extramuscular_activity": (40.0, 15.0)}
    assert d["total_improvement_score"] == 95.0
    assert d["category"] == "major"


def test_add_treatment_and_refractoriness(tmp_path):
    case_id = _new_case(tmp_path)
    course = tmp_path / "course.json"
    course.write_text(json.dumps({"drug": "prednisolone", "dose": 2, "dose_unit": "mg/kg", "frequency": "daily",
                                  "start_month": 0}))
    assert run("case", "add-treatment", case_id, course).exit_code == 0
    shown = json.loads(run("case", "show", case_id, "--format", "json").stdout)
    assert shown["treatments"][0]["drug"] == "glucocorticoids"
    out = run("case", "refractory", case_id, "--format", "json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["status"] in {"refractory", "responding", "not_assessable"}


def test_bad_visit_is_refused_and_nothing_changes(tmp_path):
    case_id = _new_case(tmp_path)
    visit = tmp_path / "visit.json"
    visit.write_text(json.dumps({"label": "month 6", "cmas": 60}))
    result = run("case", "add-visit", case_id, visit)
    assert result.exit_code == 2 and "cmas: got 60" in result.stderr
    shown = json.loads(run("case", "show", case_id, "--format", "json").stdout)
    assert len(shown["visits"]) == 1


def test_response_names_unknown_visits():
    result = run("case", "response", "toledo-del-castillo-2024", "--baseline", "week 99")
    assert result.exit_code == 2 and "expected one of the visit labels" in result.stderr
