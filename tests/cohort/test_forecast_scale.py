"""The forecast grows linearly with the registry: features once per case, k-fold validation for large N.

The shipped cohort keeps leave-one-out, so its published figures are pinned here to the values the
forecast gave before this change (index case, 20 training cases).
"""

import random
from pathlib import Path

import numpy as np
import pytest

import imnm.cohort.forecast as fc
import imnm.cohort.similarity as sim
from imnm.cohort.dataset import load_cohort
from imnm.model import Case

INDEX_CASE = Path(__file__).parents[2] / "examples" / "index_case.json"
EXTRAMUSCULAR = ("pulmonary", "cardiac", "cutaneous", "arthritis", "raynaud")
OUTCOMES = ("death", "severe_impairment", "mild_impairment", "improvement", "marked_improvement", "remission")


def registry_cases(n: int, seed: int = 7) -> list[Case]:
    """``n`` invented local cases with every predictor recorded (no real patient)."""
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        present = {f for f in EXTRAMUSCULAR if rng.random() < 0.15}
        drugs = ["glucocorticoids"] + (["ivig"] if rng.random() < 0.4 else []) + (
            ["rituximab"] if rng.random() < 0.2 else [])
        cases.append(Case.model_validate({
            "id": f"synthetic-{i}", "source_kind": "local", "sex": rng.choice("FM"),
            "age_years": rng.randint(2, 17),
            "labs": [{"analyte": "creatine_kinase", "value": rng.randint(800, 40000), "unit": "U/L"}],
            "features": [{"feature": f, "present": f in present} for f in EXTRAMUSCULAR],
            "antibodies": [{"antigen": "srp", "result": "positive"}],
            "treatments": [{"drug": d} for d in drugs],
            "outcome": {"outcome_class": rng.choice(OUTCOMES)},
        }))
    return cases


@pytest.fixture(scope="module")
def cohort():
    return load_cohort()


@pytest.fixture(scope="module")
def index_case():
    return Case.model_validate_json(INDEX_CASE.read_text(encoding="utf-8"))


def test_the_index_case_forecast_on_the_shipped_cohort_is_unchanged(cohort, index_case):
    d = fc.forecast(index_case, cohort).as_dict()
    assert d["probability_good_outcome"] == 0.822 and d["interval"] == [0.352, 0.975]
    v = d["validation"]
    assert "leave-one-out" in v["method"] and v["n_cases"] == 20 and v["n_good_outcome"] == 9
    assert (v["auc"], v["brier"], v["brier_null"]) == (0.616, 0.269, 0.274)
    assert (v["calibration_in_the_large"], v["calibration_slope"]) == (0.002, 0.271)
    assert [(b["n"], b["mean_predicted"], b["observed_good"]) for b in v["calibration_bins"]] == [
        (7, 0.148, 2), (7, 0.465, 4), (6, 0.78, 3)]
    assert [(c["term"], c["log_odds"], c["se"]) for c in d["model"]["coefficients"]] == [
        ("intercept", -0.2598, 0.5305), ("age_years", 0.7461, 0.9178), ("log10_ck", 0.2199, 0.748),
        ("extramuscular", -1.0268, 0.7249), ("rituximab_or_ivig", 1.4498, 0.8685)]
    assert [(s["id"], s["similarity"]) for s in d["similar_cases"]] == [
        ("zao-2017-3", 0.966), ("yi-2021", 0.916), ("monomura-2014", 0.901), ("kawabata-2012", 0.901),
        ("della-marina-2021", 0.86)]


def test_features_are_computed_a_bounded_number_of_times_per_case(cohort, index_case, monkeypatch):
    calls = 0
    real = fc.features

    def counting(case):
        nonlocal calls
        calls += 1
        return real(case)

    monkeypatch.setattr(fc, "features", counting)
    pool = cohort + registry_cases(150)  # 174 records: still leave-one-out, the costly validation
    fc.forecast(index_case, pool)
    assert calls <= 3 * len(pool)  # quadratic before: every refit recomputed every case's features


def test_a_large_registry_is_validated_by_stratified_ten_fold_cross_validation(cohort, index_case):
    pool = cohort + registry_cases(400)
    result = fc.forecast(index_case, pool)
    v = result.validation
    assert v.n_cases == 420 and v.folds == 10
    assert "10-fold" in v.method and "stratified" in v.method and "420 cases" in v.method
    shown = result.as_dict()["validation"]
    assert (shown["scheme"], shown["folds"], shown["n_cases"]) == ("stratified_k_fold", 10, 420)
    assert "10-fold" in shown["method"]
    # stratified: each fold holds 42 cases with the cohort's share of good outcomes (+/- one)
    y = np.array([p["good_outcome"] for p in v.loo_predictions], dtype=float)
    folds = fc.stratified_folds(y, 10)
    assert sorted(np.concatenate(folds).tolist()) == list(range(420))
    for fold in folds:
        assert len(fold) in (41, 42, 43)
        assert abs(y[fold].sum() - y.mean() * len(fold)) <= 1
    # seeded: the same registry gives the same figures
    assert fc.forecast(index_case, pool).validation.auc == v.auc


def test_a_k_fold_prediction_comes_from_a_model_fitted_without_its_fold(cohort):
    kept = fc.training_cases(cohort + registry_cases(300))
    data = fc.training_set(kept, fc.PREDICTORS)
    validation = fc.validate(data, loo_max=100)
    assert validation.folds == 10
    fold = fc.stratified_folds(data.y, 10)[3]
    train = np.setdiff1d(np.arange(len(data.y)), fold)
    model = fc.fit_rows(data.rows[train], data.y[train], data.predictors)
    expected = model.predict_rows(data.rows[fold], data.predictors)
    got = np.array([validation.loo_predictions[i]["predicted"] for i in fold])
    np.testing.assert_allclose(got, np.round(expected, 3))
    # the no-skill reference is validated the same way: each fold is given the other folds' rate
    null = np.concatenate([np.full(len(f), np.delete(data.y, f).mean()) for f in fc.stratified_folds(data.y, 10)])
    truth = np.concatenate([data.y[f] for f in fc.stratified_folds(data.y, 10)])
    assert validation.brier_null == pytest.approx(float(np.mean((null - truth) ** 2)))


def test_auc_by_ranks_equals_the_pairwise_count():
    rng = np.random.default_rng(3)
    y = (rng.random(500) < 0.4).astype(float)
    p = np.round(rng.random(500), 2)  # many ties
    pos, neg = p[y == 1], p[y == 0]
    pairwise = ((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()) / (
        len(pos) * len(neg))
    assert fc.auc(y, p) == pytest.approx(pairwise, abs=1e-12)


def test_similar_case_search_scores_each_case_once_and_keeps_the_best(cohort, index_case, monkeypatch):
    pool = cohort + registry_cases(500, seed=11)
    calls = 0
    real = sim.similarity

    def counting(query, other):
        nonlocal calls
        calls += 1
        return real(query, other)

    monkeypatch.setattr(sim, "similarity", counting)
    found = sim.most_similar(index_case, pool, k=7)
    assert calls <= len(pool)
    everyone = sorted((real(index_case, c) for c in pool if not c.aggregate and not sim.same_record(index_case, c)),
                      key=lambda m: (-m.similarity, -(m.case.citation.year if m.case.citation else 9999),
                                     m.case.id or ""))
    assert [m.case.id for m in found.matches] == [m.case.id for m in everyone[:7]]


def test_the_forecast_text_names_the_validation_used(cohort, index_case):
    from imnm.cohort.commands import forecast_text

    small = forecast_text(fc.forecast(index_case, cohort).as_dict())
    assert "leave-one-out validation: AUC" in small
    large = forecast_text(fc.forecast(index_case, cohort + registry_cases(400)).as_dict())
    assert "stratified 10-fold cross-validation on 420 cases: validation: AUC" not in large
    assert "stratified 10-fold cross-validation on 420 cases: AUC" in large


def test_cases_left_out_of_training_are_counted_and_only_the_first_named(cohort, index_case):
    lacking = [c.model_copy(update={"id": f"no-ck-{i}", "labs": []}) for i, c in enumerate(registry_cases(300))]
    result = fc.forecast(index_case, cohort + lacking)
    note = next(n for n in result.notes if n.startswith("Left out of training"))
    assert "300 cases" in note and "no-ck-0" in note and "and 280 more" in note and "no-ck-299" not in note


def test_the_forecast_command_reads_the_registry_with_the_cyclic_collector_paused(monkeypatch, tmp_path):
    import gc

    import imnm.store.cases as store_cases
    from imnm.cohort.commands import OutputFormat, _forecast

    seen = []
    cohort_cases = load_cohort()

    def read(_registry, **_options):
        seen.append(gc.isenabled())  # re-scanning every case read so far made the read 85% collector
        return cohort_cases

    monkeypatch.setattr(store_cases, "list_cases", read)
    monkeypatch.setattr("imnm.shell.registry", lambda: None)
    _forecast(INDEX_CASE, OutputFormat.json)
    assert seen == [False] and gc.isenabled()
