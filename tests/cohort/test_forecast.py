"""Outcome forecast: the Firth fit is pinned independently, and its validation is computed, not set.

Firth's estimator is checked two ways: (1) against a direct numerical maximisation of the penalised
log-likelihood with scipy on the cohort's own design, and (2) against the closed form for a 2x2 table,
where Firth's log odds ratio equals the log odds ratio with 0.5 added to every cell (Firth 1993;
Heinze & Schemper 2002) -- which stays finite under complete separation.
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from imnm.cohort.dataset import load_cohort
from imnm.cohort.evidence import outcome_cases
from imnm.cohort.forecast import (
    PREDICTORS,
    Standardiser,
    _training_rows,
    auc,
    features,
    firth_logistic,
    fit_model,
    forecast,
    leave_one_out,
    penalised_loglik,
)
from imnm.model import Case
from imnm.model.case import TreatmentCourse

DATA = Path(__file__).parent / "data"


def _local(**fields) -> Case:
    base = {"source_kind": "local", "age_years": 9,
            "labs": [{"analyte": "creatine_kinase", "value": 8000, "unit": "U/L"}],
            "features": [{"feature": f, "present": False} for f in ("pulmonary", "cardiac", "cutaneous",
                                                                       "arthritis", "raynaud")],
            "treatments": [{"drug": "glucocorticoids"}]}
    return Case.model_validate(base | fields)


@pytest.fixture(scope="module")
def cohort():
    return load_cohort()


def test_firth_matches_direct_maximisation(cohort):
    kept, _ = outcome_cases(cohort)
    rows, y, _, _ = _training_rows(kept, PREDICTORS)
    X = Standardiser.fit(PREDICTORS, rows).design(rows)
    fit = firth_logistic(X, y)
    brute = minimize(lambda b: -penalised_loglik(b, X, y), np.zeros(X.shape[1]), method="BFGS",
                     options={"gtol": 1e-9})
    assert fit.converged
    np.testing.assert_allclose(fit.coef, brute.x, atol=1e-4)
    assert fit.penalised_loglik == pytest.approx(-brute.fun, abs=1e-8)


@pytest.mark.parametrize("a, b, c, d", [(6, 1, 4, 10), (5, 0, 3, 7), (4, 0, 0, 6)])
def test_firth_two_by_two_is_haldane_corrected_log_odds_ratio(a, b, c, d):
    # exposed: a good, b not; unexposed: c good, d not
    x = np.array([1] * (a + b) + [0] * (c + d), dtype=float)
    y = np.array([1] * a + [0] * b + [1] * c + [0] * d, dtype=float)
    fit = firth_logistic(np.column_stack([np.ones_like(x), x]), y)
    expected = math.log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5)))
    assert fit.coef[1] == pytest.approx(expected, abs=1e-6)


def test_auc_by_hand():
    y = np.array([1, 1, 0, 0])
    p = np.array([0.9, 0.4, 0.4, 0.1])
    # pairs (pos, neg): (0.9,0.4)=1 (0.9,0.1)=1 (0.4,0.4)=0.5 (0.4,0.1)=1 -> 3.5/4
    assert auc(y, p) == 0.875


def test_validation_is_computed_on_the_shipped_cohort(cohort):
    v = leave_one_out(cohort)
    assert v.n_cases == 21 and v.n_good == 10
    ys = np.array([r["good_outcome"] for r in v.loo_predictions], dtype=float)
    ps = np.array([r["predicted"] for r in v.loo_predictions])
    assert v.auc == pytest.approx(auc(ys, ps), abs=1e-3)
    assert v.brier == pytest.approx(float(np.mean((ps - ys) ** 2)), abs=1e-3)
    # no-skill reference under the same leave-one-out: a good case is given the others' rate 9/20,
    # a poor one 10/20 -> (10 * 0.55**2 + 11 * 0.5**2) / 21
    assert v.brier_null == pytest.approx((10 * 0.55**2 + 11 * 0.5**2) / 21)
    assert sum(b["n"] for b in v.bins) == 21
    # a held-out prediction is not the in-sample fit: they differ for at least one case
    full = fit_model(cohort)
    in_sample = [full.predict({p: features(c)[p] for p in full.predictors})[0]
                 for c in outcome_cases(cohort)[0]]
    assert max(abs(a - b) for a, b in zip(in_sample, ps, strict=True)) > 0.01
    # and it changes when the data change
    fewer = leave_one_out([c for c in cohort if c.id != "binns-2017-1"])
    assert fewer.n_cases == 20 and fewer.auc != v.auc


def test_forecast_json_contract_and_own_record_excluded(cohort):
    case = Case.model_validate_json((DATA / "forecast_index_like.json").read_text())
    d = forecast(case, cohort).as_dict()
    assert 0 < d["interval"][0] < d["probability_good_outcome"] < d["interval"][1] < 1
    assert {"auc", "brier", "n_cases", "method"} <= set(d["validation"])
    assert d["validation"]["n_cases"] == 20  # the index girl's published record is left out
    assert d["excluded_from_training"][0]["id"] == "toledo-del-castillo-2024"
    sims = d["similar_cases"]
    assert sims and all({"article", "year", "similarity", "treatments", "outcome_class"} <= set(s) for s in sims)
    assert "toledo-del-castillo-2024" not in [s["id"] for s in sims]
    assert any("inclusion criterion" in n for n in d["notes"])
    json.dumps(d)  # serialisable


def test_forecast_refits_with_registry_cases(cohort):
    new = Case.model_validate_json((DATA / "forecast_new_patient.json").read_text())
    base = forecast(new, cohort)
    extra = [_local(sex="F", age_years=7, labs=[{"analyte": "ck", "value": 2500, "unit": "IU/L"}],
                    antibodies=[{"antigen": "srp", "result": "positive"}], outcome={"outcome_class": "remission"})
             for _ in range(3)]
    more = forecast(new, cohort + extra)
    assert more.model.n_cases == base.model.n_cases + 3
    assert more.probability != base.probability


def test_a_single_antibody_negative_registry_case_does_not_break_validation(cohort):
    # One anti-SRP-negative child makes anti-SRP a model term; holding her out in leave-one-out leaves the
    # term constant, which made the information matrix singular (numpy LinAlgError). The fold must refit
    # without the constant term instead.
    hmgcr = _local(id="local-hmgcr", sex="F", age_years=7,
                   labs=[{"analyte": "creatine_kinase", "value": 6000, "unit": "U/L"}],
                   antibodies=[{"antigen": "srp", "result": "negative"}, {"antigen": "hmgcr", "result": "positive"}],
                   outcome={"outcome_class": "remission"})
    f = forecast(_local(id="local-query", antibodies=[{"antigen": "srp", "result": "positive"}]), [*cohort, hmgcr])
    assert "anti_srp" in f.model.predictors
    assert 0 < f.probability < 1 and f.validation.n_cases == 22
    held_out = next(p for p in f.validation.loo_predictions if p["id"] == "local-hmgcr")
    assert 0 < held_out["predicted"] < 1


def test_a_constant_predictor_is_left_out_of_the_fit_and_said_so(cohort):
    kept, _ = outcome_cases(cohort)
    steroids_only = [TreatmentCourse(drug="glucocorticoids")]
    nobody = [c.model_copy(update={"treatments": steroids_only}) for c in kept]  # rituximab_or_ivig is 0 for all
    model = fit_model(nobody)
    assert "rituximab_or_ivig" not in model.predictors and model.dropped == ["rituximab_or_ivig"]
    assert 0 < model.predict(features(nobody[0]) | {"rituximab_or_ivig": 0.0})[0] < 1


def test_an_overfitted_model_says_so_beside_its_probability(cohort):
    from imnm.cohort.forecast import OVERFIT_SLOPE, forecast

    index = next(c for c in cohort if c.id == "toledo-del-castillo-2024")
    result = forecast(index, cohort)
    slope = result.validation.calibration_slope
    assert slope is not None and slope < OVERFIT_SLOPE  # 0.27 on the shipped cohort
    assert any("too extreme" in n and f"{slope:.2f}" in n for n in result.notes)


# --- not recorded is not absent: a local case must state every predictor ----------------------------


def test_forecast_refuses_a_case_with_missing_predictors_and_names_them(cohort):
    from imnm.cohort.forecast import forecast_or_error
    from imnm.model import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        forecast_or_error(Case(source_kind="local"), cohort)
    text = str(exc.value)
    for needed in ("age at onset", "creatine kinase", "extramuscular", "treatment strategy"):
        assert needed in text


def test_unrecorded_features_and_treatments_are_not_taken_as_absent(cohort):
    from imnm.model import InvalidInput

    with pytest.raises(InvalidInput, match="extramuscular") as exc:
        forecast(_local(features=[{"feature": "dysphagia"}]), cohort)
    assert "treatment" not in str(exc.value)
    with pytest.raises(InvalidInput, match="treatment strategy"):
        forecast(_local(treatments=[]), cohort)
    ok = forecast(_local(), cohort)
    assert ok.inputs["extramuscular"]["value"] == 0 and ok.inputs["rituximab_or_ivig"]["value"] == 0
    assert not any(v.get("imputed_median") for v in ok.inputs.values())
    present = forecast(_local(features=[{"feature": "cardiac"}]), cohort)
    assert present.inputs["extramuscular"]["value"] == 1


def test_forecast_uses_age_at_onset_never_age_at_presentation(cohort):
    from imnm.model import InvalidInput

    if "age_at_presentation_years" not in Case.model_fields:
        pytest.skip("Case.age_at_presentation_years is not in the model yet")
    with pytest.raises(InvalidInput, match="age at presentation"):
        forecast(_local(age_years=None, age_at_presentation_years=10), cohort)
