"""The domain model rejects impossible values with field, value and what is allowed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from imnm.model import (
    Case,
    Drug,
    Feature,
    OutcomeClass,
    TreatmentCourse,
    explain,
    normalise_antigen,
    normalise_drug,
)


def _errors(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    return explain(info.value)


def test_negative_ck_is_rejected_naming_field_and_value():
    lines = _errors({"labs": [{"analyte": "CK", "value": -5, "unit": "U/L"}]})
    assert lines == ["labs[0].value: got -5; expected at least 0"]


def test_cmas_above_52_is_rejected():
    lines = _errors({"visits": [{"label": "diagnosis", "cmas": 60}]})
    assert lines == ["visits[0].cmas: got 60; expected at most 52"]


def test_mmt8_above_80_is_rejected():
    assert "visits[0].mmt8: got 81" in _errors({"visits": [{"label": "x", "mmt8": 81}]})[0]


def test_unknown_drug_lists_the_vocabulary():
    (line,) = _errors({"treatments": [{"drug": "unobtainium"}]})
    assert line.startswith("treatments[0].drug: got 'unobtainium'; unknown drug 'unobtainium'")
    assert "glucocorticoids" in line and "rituximab" in line


def test_age_250_is_rejected():
    assert _errors({"age_years": 250}) == ["age_years: got 250; expected at most 120"]


def test_unknown_field_is_rejected():
    (line,) = _errors({"creatine_kinase": 1000})
    assert line.startswith("creatine_kinase:") and line.endswith("unknown field")


def test_reference_range_must_be_ordered():
    (line,) = _errors({"labs": [{"analyte": "ck", "value": 5, "unit": "U/L",
                                 "reference_low": 200, "reference_high": 26}]})
    assert "reference_low 200.0 must be below reference_high 26.0" in line


def test_dose_needs_its_unit():
    with pytest.raises(ValidationError, match="dose and dose_unit must be given together"):
        TreatmentCourse(drug="methotrexate", dose=15)


def test_literature_case_needs_citation():
    assert "a literature case needs its citation" in _errors({"source_kind": "literature"})[0]


def test_aggregate_needs_several_patients():
    assert "n_cases is 1" in _errors({"aggregate": True, "n_cases": 1})[0]


@pytest.mark.parametrize(
    ("written", "drug"),
    [("Steroid therapy", Drug.glucocorticoids), ("MabThera", Drug.rituximab), ("Rituxan", Drug.rituximab),
     ("methylprednisolone", Drug.glucocorticoids), ("MMF", Drug.mycophenolate),
     ("cyclosporine", Drug.ciclosporin), ("IVIG", Drug.ivig), ("plasma exchange", Drug.plasmapheresis),
     ("IVGG", Drug.ivig), ("intravenous gamma globulin", Drug.ivig),
     ("intravenous human gammaglobulin", Drug.ivig), ("hydrocortisone", Drug.glucocorticoids),
     ("Meticorten", Drug.glucocorticoids)],
)
def test_drug_synonyms_map_to_the_vocabulary(written, drug):
    assert normalise_drug(written) is drug


def test_antigen_names_as_written():
    assert normalise_antigen("anti-SRP-54").value == "srp"
    assert normalise_antigen("52 kDa Ro/SSA").value == "ro52"
    assert normalise_antigen("Jo-1").value == "jo1"
    with pytest.raises(ValueError, match="unknown antibody 'XYZ'"):
        normalise_antigen("XYZ")


def test_lvh_also_counts_as_cardiac_but_negations_stay_absent():
    case = Case.model_validate({"features": [{"feature": "lvh"}, {"feature": "dysphagia", "present": False}]})
    assert case.features_present == [Feature.cardiac, Feature.lvh]
    assert case.export_record()["features_absent"] == ["dysphagia"]


def test_outcome_order_and_good_outcome():
    assert OutcomeClass.death.rank == 0 and OutcomeClass.remission.rank == 5
    assert OutcomeClass.marked_improvement.is_good and not OutcomeClass.improvement.is_good
    assert OutcomeClass.unknown.rank is None and OutcomeClass.unknown.is_good is None


# --- property tests: any input is either a valid record or a clear ValidationError -------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12))


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "age_years": _scalars, "sex": _scalars, "weight_kg": _scalars, "n_cases": _scalars,
    "labs": st.lists(st.fixed_dictionaries({"analyte": st.sampled_from(["CK", "LDH", "x", 3]),
                                             "value": _scalars, "unit": _scalars}), max_size=2),
    "visits": st.lists(st.fixed_dictionaries({"label": _scalars, "cmas": _scalars, "mmt8": _scalars}), max_size=2),
    "treatments": st.lists(st.fixed_dictionaries({"drug": _scalars, "dose": _scalars}), max_size=2),
}))
def test_any_input_is_valid_or_explained(data):
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        lines = explain(exc)
        assert lines and all(":" in line for line in lines if not line.startswith("... and "))
        return
    # what validates is within the documented bounds
    assert case.age_years is None or 0 <= case.age_years <= 120
    assert all(v.cmas is None or 0 <= v.cmas <= 52 for v in case.visits)
    assert all(lab.value >= 0 for lab in case.labs)


def test_ck_in_microkatal_is_read_in_iu_per_litre():
    """1 U = 1 umol/min and 1 ukat = 1 umol/s, so 1 ukat/L = 60 U/L (SI definition)."""
    for unit in ("µkat/L", "μkat/L", "ukat/L"):
        case = Case.model_validate({"labs": [{"analyte": "CK", "value": 190.5, "unit": unit}]})
        assert case.ck_iu_l == pytest.approx(11430)
    # a unit creatine kinase cannot be reported in never reaches a record
    assert _errors({"labs": [{"analyte": "CK", "value": 5, "unit": "mg/dL"}]}) == [
        ("labs[0].unit: got 'mg/dL'; expected an enzyme activity per volume (U/L, IU/L, ukat/L or mU/mL) "
        "for creatine_kinase")]


def test_age_at_presentation_is_bounded_and_exported():
    case = Case.model_validate({"age_years": 10, "age_at_presentation_years": 11})
    assert case.export_record()["age_at_presentation_years"] == 11
    assert _errors({"age_at_presentation_years": 130}) == [
        "age_at_presentation_years: got 130; expected at most 120"]


def test_index_case_keeps_table1_age_at_onset_and_age_at_presentation():
    import json
    from pathlib import Path

    from imnm.cohort.dataset import load_cohort

    example = Path(__file__).resolve().parents[2] / "examples" / "index_case.json"
    shipped = next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")
    for case in (shipped, Case.model_validate(json.loads(example.read_text(encoding="utf-8")))):
        assert (case.age_years, case.age_at_presentation_years) == (10, 11)
        (flag,) = [f for f in case.review_flags if f.field == "age_years"]
        assert "presentation" in flag.message and "onset" in flag.message


# --- hostile shapes: never a crash, never an unbounded echo ----------------------------------------------

_hostile = st.one_of(
    st.integers(min_value=10**4300, max_value=10**4400), st.just(1e308), st.just(-1e308),
    st.sampled_from([float("nan"), float("inf"), "x" * 100_000, "0001-01-01", "9999-12-31"]),
)


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "age_years": _hostile, "age_at_presentation_years": _hostile, "ethnicity": _hostile, "case_label": _hostile,
    "labs": st.lists(st.fixed_dictionaries({"analyte": st.just("CK"), "value": _hostile, "unit": _hostile,
                                             "date": _hostile}), max_size=2),
    "visits": st.lists(st.fixed_dictionaries({"label": _hostile, "date": _hostile, "chaq": _hostile}), max_size=2),
    "treatments": st.lists(st.fixed_dictionaries({"drug": st.just("ivig"), "dose": _hostile,
                                                   "dose_unit": st.just("g/kg"), "start": _hostile}), max_size=2),
}))
def test_hostile_input_is_refused_briefly_or_within_bounds(data):
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        lines = explain(exc)
        assert 1 <= len(lines) <= 11 and all(len(line) < 400 for line in lines)
        return
    assert case.ethnicity is None or len(case.ethnicity) <= 5000
    assert all(t.dose is None or t.dose <= 1e6 for t in case.treatments)


def test_strings_dates_and_non_finite_numbers_are_bounded():
    assert _errors({"citation": {"first_author": "A" * 121, "year": 2000}, "source_kind": "literature"}) == [
        f"citation.first_author: got {repr('A' * 121)[:77]}...; expected at most 120 characters"]
    assert _errors({"visits": [{"label": "x", "date": "1066-10-14"}]}) == [
        "visits[0].date: got '1066-10-14'; expected on or after 1900-01-01"]
    assert _errors({"visits": [{"label": "x", "chaq": float("nan")}]}) == [
        "visits[0].chaq: got nan; expected a finite number"]
    many = _errors({"labs": [{"analyte": "CK", "value": -1, "unit": "U/L"}] * 30})
    assert len(many) == 11 and many[-1] == "... and 20 more problems"


def test_nothing_is_dated_before_the_child_was_born():
    """A visit 120 months before the diagnosis of a one-year-old would precede birth (issue 14)."""
    with pytest.raises(ValidationError) as err:
        Case.model_validate({"age_years": 1, "visits": [{"label": "x", "months_from_diagnosis": -120}]})
    text = str(err.value)
    assert "visits[0].months_from_diagnosis" in text and "-120" in text and "birth" in text
    with pytest.raises(ValidationError, match=r"treatments\[0\].start_month"):
        Case.model_validate({"age_years": 2, "treatments": [{"drug": "ivig", "start_month": -30}]})
    with pytest.raises(ValidationError, match=r"labs\[0\].months_from_diagnosis"):
        Case.model_validate({"age_years": 0.5, "labs": [{"analyte": "creatine_kinase", "value": 900,
                                                       "unit": "U/L", "months_from_diagnosis": -7}]})
    # a later diagnosis, when recorded, moves birth back: the same visit is then possible
    Case.model_validate({"age_years": 1, "age_at_presentation_years": 11,
                         "visits": [{"label": "x", "months_from_diagnosis": -120}]})
    Case.model_validate({"age_years": 1, "presentation": {"duration_months": 120},
                         "visits": [{"label": "x", "months_from_diagnosis": -120}]})
    Case.model_validate({"visits": [{"label": "x", "months_from_diagnosis": -120}]})  # age unknown: no bound
