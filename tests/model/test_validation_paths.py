"""Every way into the registry (case add, add-visit, add-treatment, import) and the bedside assessment
refuse the same bad value with the same message, and nothing is written."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imnm.cli import app
from imnm.clinical.scores import CMAS_ITEMS
from imnm.model import Case
from imnm.model.limits import CMAS_ITEMS as SHARED_CMAS_ITEMS
from imnm.model.limits import lab_unit_problem, to_reference_unit

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _count() -> int:
    from imnm.shell import registry
    from imnm.store.cases import count_cases

    return count_cases(registry())


def _write(tmp_path, name, data) -> Path:
    f = tmp_path / name
    f.write_text(json.dumps(data))
    return f


def _stored_case(tmp_path) -> str:
    result = run("case", "add", _write(tmp_path, "case.json", {"sex": "F", "age_years": 9}))
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def _error_lines(result) -> list[str]:
    return [line.strip().removeprefix("- ") for line in result.stderr.splitlines() if ": got " in line]


BAD_CK = {"analyte": "CK", "value": 5, "unit": "mmol/L"}
CK_MESSAGE = ("unit: got 'mmol/L'; expected an enzyme activity per volume (U/L, IU/L, ukat/L or mU/mL) "
              "for creatine_kinase")


def test_ck_in_mmol_per_litre_is_refused_by_every_way_in(tmp_path):
    case_id = _stored_case(tmp_path)
    before = _count()
    added = run("case", "add", _write(tmp_path, "c.json", {"sex": "F", "labs": [BAD_CK]}))
    visit = run("case", "add-visit", case_id, _write(tmp_path, "v.json", {"label": "month 1", "labs": [BAD_CK]}))
    assessed = run("assess", _write(tmp_path, "a.json", {"labs": [BAD_CK]}))
    for result, field in ((added, "labs[0]."), (visit, "labs[0]."), (assessed, "labs[0].")):
        assert result.exit_code == 2, result.output
        assert _error_lines(result) == [field + CK_MESSAGE]
    assert _count() == before
    assert run("case", "show", case_id, "--format", "json").stdout.count('"label"') == 0


def test_cmas_item_above_its_maximum_is_refused_by_case_add_and_assess(tmp_path):
    items = {i.key: 0 for i in CMAS_ITEMS} | {"sit_ups": 9}  # sit-ups are scored 0-6
    before = _count()
    added = run("case", "add", _write(tmp_path, "c.json", {"examination": {"cmas_items": items}}))
    assessed = run("assess", _write(tmp_path, "a.json", {"examination": {"cmas_items": items}}))
    for result in (added, assessed):
        assert result.exit_code == 2, result.output
        assert _error_lines(result) == ["examination.cmas_items.sit_ups: got 9; expected at most 6"]
    assert _count() == before


def test_unknown_and_missing_score_items_are_refused_on_the_model():
    from pydantic import ValidationError

    from imnm.model import explain

    items = {i.key: 1 for i in CMAS_ITEMS if i.key != "pick_up"} | {"cartwheel": 1}
    with pytest.raises(ValidationError) as info:
        Case.model_validate({"examination": {"cmas_items": items}})
    lines = explain(info.value)
    assert lines == ["examination.cmas_items.pick_up: missing; required",
                     "examination.cmas_items.cartwheel: got 1; unknown field"]
    with pytest.raises(ValidationError, match=r"mmt8_items.neck_flexors"):
        Case.model_validate({"examination": {"mmt8_items": {k: 11 if k == "neck_flexors" else 5 for k in
                                                             ("neck_flexors", "deltoid_middle", "biceps_brachii",
                                                              "gluteus_maximus", "gluteus_medius", "quadriceps",
                                                              "wrist_extensors", "ankle_dorsiflexors")}}})


def test_absurd_dose_is_refused_by_case_add_add_treatment_and_assess(tmp_path):
    case_id = _stored_case(tmp_path)
    before = _count()
    course = {"drug": "ivig", "dose": 1e308, "dose_unit": "g/kg"}
    added = run("case", "add", _write(tmp_path, "c.json", {"weight_kg": 30, "treatments": [course]}))
    treatment = run("case", "add-treatment", case_id, _write(tmp_path, "t.json", course))
    assessed = run("assess", _write(tmp_path, "a.json", {"weight_kg": 30, "treatments": [course]}))
    expected = "dose: got 1e+308; expected at most 1000000"
    assert _error_lines(added) == ["treatments[0]." + expected]
    assert _error_lines(treatment) == [expected]
    assert _error_lines(assessed) == ["treatments[0]." + expected]
    assert all(r.exit_code == 2 for r in (added, treatment, assessed))
    assert _count() == before


def test_clinical_layer_reuses_the_model_tables():
    assert CMAS_ITEMS is SHARED_CMAS_ITEMS
    from imnm.clinical.labs import convert

    assert convert(3, "µkat/L", "U/L") == pytest.approx(180)
    assert lab_unit_problem("creatine_kinase", "U/l") is None


@pytest.mark.parametrize("unit", ["U/L", "IU/L", "ukat/L", "µkat/L", "mU/mL", "nkat/L"])
def test_enzyme_unit_factors_agree_with_pint(unit):
    """The cited table is checked against an independent unit library (pint), enzyme unit = umol/min."""
    import pint

    ureg = pint.UnitRegistry()
    ureg.define("enzyme_unit = micromole / minute = U = IU")
    expected = ureg.Quantity(1, unit.replace("µ", "u").replace("IU", "U")).to("U/L").magnitude
    assert to_reference_unit("creatine_kinase", 1, unit) == pytest.approx(expected)


def test_the_shipped_cohort_and_the_example_still_validate():
    from imnm.cohort.dataset import load_cohort

    assert len(load_cohort()) == 24
    Case.model_validate_json((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, expected", [
    ('{"age_years": ' + "9" * 5000 + "}", "not valid JSON: number out of range"),
    ("[" * 1000 + "]" * 1000, "not valid JSON: recursion limit exceeded"),
])
def test_hostile_json_is_one_clear_error_from_case_add_and_assess(tmp_path, text, expected):
    f = tmp_path / "hostile.json"
    f.write_text(text)
    before = _count()
    for result in (run("case", "add", f), run("assess", f)):
        assert result.exit_code == 2, result.output
        assert expected in result.stderr and "Traceback" not in result.output
        assert max(len(line) for line in result.stderr.splitlines()) < 300
    assert _count() == before
