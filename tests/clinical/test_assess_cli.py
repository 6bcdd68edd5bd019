"""``imnm assess`` on the seed's index case: stable JSON keys, the seed's numbers, clean errors (exit 2)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imnm.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "index_case.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def out():
    result = runner.invoke(app, ["assess", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stable_keys(out):
    for key in ("labs", "body_surface_area_m2", "doses", "regimens", "cmas", "eular_acr_2017", "enmc_2017",
                "suspect_imnm", "antibodies", "workup"):
        assert key in out
    assert set(out["labs"][0]) >= {"analyte", "value", "uln_multiple", "flag"}
    assert set(out["doses"][0]) >= {"drug", "dose", "unit", "calculation"}
    assert set(out["eular_acr_2017"]) >= {"score", "probability", "category", "with_biopsy"}
    assert set(out["enmc_2017"]) >= {"subtype", "met", "missing"}
    assert set(out["suspect_imnm"]) >= {"value", "reasons"}


def test_seed_numbers(out):
    ck = next(lab for lab in out["labs"] if lab["analyte"] == "creatine_kinase")
    assert ck["uln_multiple"] == 59.5 and ck["flag"] == "high"
    assert out["body_surface_area_m2"] == 1.51
    doses = {(d["drug"], d["dose"], d["unit"]) for d in out["doses"]}
    assert {("methotrexate", 10.0, "mg"), ("rituximab", 566.0, "mg"), ("ivig", 52.0, "g")} <= doses
    rtx = next(d for d in out["doses"] if d["drug"] == "rituximab")
    assert rtx["given"] == 500
    mp = next(d for d in out["absolute_doses"] if d["agent"] == "methylprednisolone")
    assert mp["dose_per_kg"] == 2.4
    assert out["cmas"] == {**out["cmas"], "total": 9, "max": 52}
    assert out["enmc_2017"]["subtype"] == "anti_srp_imnm"
    # 3.2 as recorded; anti-Jo-1 and parts of the examination and biopsy are not recorded, so no category
    assert out["eular_acr_2017"]["score"] == 3.2 and out["eular_acr_2017"]["category"] == "indeterminate"
    assert out["suspect_imnm"]["value"] is True
    assert out["criteria_agreement"]


def test_text_and_html():
    text = runner.invoke(app, ["assess", str(EXAMPLE)])
    assert text.exit_code == 0 and "59.5 x ULN" in text.stdout and "566 mg" in text.stdout
    html = runner.invoke(app, ["assess", str(EXAMPLE), "--format", "html"])
    assert html.exit_code == 0 and html.stdout.lstrip().startswith("<!doctype html>")


def test_bad_input_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"source_kind": "local", "weight_kg": -1,
                               "labs": [{"analyte": "CK", "value": 10, "unit": "U/L"}]}))
    r = runner.invoke(app, ["assess", str(bad)])
    assert r.exit_code == 2 and "weight_kg: got -1" in r.output and "Traceback" not in r.output


def test_bad_unit_exit_2(tmp_path):
    bad = tmp_path / "unit.json"
    bad.write_text(json.dumps({"source_kind": "local", "labs": [{"analyte": "CK", "value": 10, "unit": "mg/dL"}]}))
    r = runner.invoke(app, ["assess", str(bad)])
    assert r.exit_code == 2 and "expected an enzyme activity" in r.output


def test_not_json_and_missing_file(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    assert runner.invoke(app, ["assess", str(junk)]).exit_code == 2
    assert runner.invoke(app, ["assess", str(tmp_path / "nope.json")]).exit_code == 2


def test_every_input_review_flag_reaches_the_output(out):
    """An inferred or disputed input value (e.g. skin lesions, age) is shown beside the result it feeds."""
    flags = json.loads(EXAMPLE.read_text())["review_flags"]
    assert flags
    for flag in flags:
        assert any(w.startswith(f"{flag['field']} ({flag['kind']}): ") for w in out["warnings"]), flag["field"]


# --- not assessed is not absent -------------------------------------------------------------------

SECTIONS = ("labs", "body_surface_area_m2", "doses", "regimens", "cmas", "mmt8", "eular_acr_2017", "enmc_2017",
            "suspect_imnm", "antibodies", "workup")


@pytest.fixture()
def empty(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("{}")
    return path


def test_empty_input_says_what_each_section_needs_in_json(empty):
    r = runner.invoke(app, ["assess", str(empty), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d["not_assessable"]) == set(SECTIONS)
    assert all(v.startswith("needs ") for v in d["not_assessable"].values())
    e = d["eular_acr_2017"]
    assert e["category"] == "indeterminate" and e["score_range"][0] == 0 and e["score_range"][1] > 15


def test_empty_input_text_never_says_not_iim(empty):
    r = runner.invoke(app, ["assess", str(empty)])
    assert r.exit_code == 0, r.output
    assert "not IIM" not in r.stdout.replace("not IIM at the low end", "")
    assert "probability 0%," not in r.stdout
    for heading in ("Laboratory", "Body surface area", "Computed doses", "CMAS", "MMT8", "EULAR/ACR 2017",
                    "ENMC 2017", "Seed's suspicion rule", "Antibodies", "Work-up"):
        line = next(x for x in r.stdout.splitlines() if x.startswith(heading))
        assert "not assessable: needs" in line, line


def test_empty_input_html_says_not_assessable(empty):
    r = runner.invoke(app, ["assess", str(empty), "--format", "html"])
    assert r.exit_code == 0, r.output
    assert r.stdout.count("not assessable: needs") >= len(SECTIONS)


def test_the_index_case_is_fully_assessable_where_it_has_data(out):
    assert "labs" not in out["not_assessable"] and "enmc_2017" not in out["not_assessable"]
    assert "eular_acr_2017" in out["not_assessable"] or out["eular_acr_2017"]["category"] != "indeterminate"
