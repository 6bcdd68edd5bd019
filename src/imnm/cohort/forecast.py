"""Outcome forecast: Firth-penalised logistic regression of a good outcome, validated on held-out cases.

Why Firth: with ~20 published cases and a handful of predictors, ordinary maximum likelihood is biased
and breaks under (quasi-)separation; Firth's penalty (the Jeffreys prior, ``0.5 log|I(beta)|``) gives
finite, less biased estimates (Firth 1993, Biometrika 80:27-38; Heinze & Schemper 2002, Stat Med
21:2409-19). No maintained Firth implementation is in the pinned dependencies, so it is implemented
here with numpy (modified-score Newton-Raphson with step halving on the penalised log-likelihood) and
pinned in the tests against a direct numerical maximisation with scipy.

Intervals: Wald, from the inverse Fisher information at the penalised estimate, on the linear
predictor, transformed to the probability scale. With so few cases they are wide, and they do not
include model-selection uncertainty; the validation beside every prediction is the honest measure of
how much the model knows. It is leave-one-out up to ``LOO_MAX_CASES`` training cases (the published
cohort), else stratified, seeded k-fold cross-validation, so the forecast stays linear in the registry's
size: each case's features are computed once into a design matrix that every refit slices.

The model refits on whatever cases it is given (the registry's individual cases with a known outcome),
so it changes as cases are added. A case is never in its own training set.

Not recorded is not absent, and nothing is imputed: the forecast refuses a case that lacks a predictor
and names what to record. A published Table 1 case lists every child's core features, so a feature it
does not list is absent; a local case must record each extramuscular feature (present or not), its
treatment strategy (planned or given courses) and, when anti-SRP is a model term, its anti-SRP result.
Age is age at onset (``Case.age_years``); an age at presentation is never substituted. A registry case
missing a predictor is left out of training and listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import norm, rankdata

from imnm.cohort.evidence import outcome_cases
from imnm.cohort.similarity import (
    SRP_INCLUSION_NOTE,
    core_features,
    most_similar,
    positive_antibodies,
    same_record,
)
from imnm.cohort.statistics import exact_proportion
from imnm.model import (
    CORE_FEATURES,
    AntibodyResult,
    Antigen,
    Case,
    Drug,
    Feature,
    InvalidInput,
    OutcomeClass,
)

PREDICTORS = ("age_years", "log10_ck", "extramuscular", "rituximab_or_ivig")
PREDICTOR_LABELS = {
    "age_years": "age at onset (years)",
    "log10_ck": "log10 creatine kinase at diagnosis (IU/L)",
    "extramuscular": "any extramuscular feature (pulmonary, cardiac, cutaneous, arthritis, Raynaud)",
    "rituximab_or_ivig": "treatment strategy: rituximab or IVIG given",
    "anti_srp": "anti-SRP positive",
}
METHOD = "Firth-penalised logistic regression (Jeffreys prior), Wald intervals; validated on held-out cases"


class FitError(RuntimeError):
    """The model could not be fitted (too few cases or no outcome variation)."""


# --- Firth logistic regression --------------------------------------------------------------------


@dataclass(frozen=True)
class FirthFit:
    coef: np.ndarray
    cov: np.ndarray
    penalised_loglik: float
    converged: bool
    n_iter: int


def _expit(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def penalised_loglik(beta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """l(beta) + 0.5 log det(X' W X): the Firth (Jeffreys-prior) penalised log-likelihood."""
    eta = X @ beta
    loglik = float(np.sum(y * eta - np.logaddexp(0.0, eta)))
    p = _expit(eta)
    info = X.T @ (X * (p * (1 - p))[:, None])
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        return -math.inf
    return loglik + 0.5 * logdet


def firth_logistic(X: np.ndarray, y: np.ndarray, *, max_iter: int = 200, tol: float = 1e-10) -> FirthFit:
    """Maximise the Firth-penalised log-likelihood (X includes the intercept column)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    beta = np.zeros(X.shape[1])
    current = penalised_loglik(beta, X, y)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        p = _expit(X @ beta)
        w = p * (1 - p)
        info = X.T @ (X * w[:, None])
        info_inv = np.linalg.inv(info)
        # hat values of the weighted design: h_i = w_i x_i' I^-1 x_i
        h = np.einsum("ij,jk,ik->i", X, info_inv, X) * w
        score = X.T @ (y - p + h * (0.5 - p))
        step = info_inv @ score
        step_size = 1.0
        while True:
            candidate = beta + step_size * step
            value = penalised_loglik(candidate, X, y)
            if value >= current - 1e-12 or step_size < 1e-8:
                break
            step_size /= 2
        beta, previous, current = candidate, current, value
        if np.max(np.abs(step_size * step)) < tol or abs(current - previous) < tol * 1e-2:
            converged = True
            break
    p = _expit(X @ beta)
    info = X.T @ (X * (p * (1 - p))[:, None])
    return FirthFit(beta, np.linalg.inv(info), current, converged, it)


# --- the model's features -------------------------------------------------------------------------


EXTRAMUSCULAR = tuple(f for f in CORE_FEATURES if f is not Feature.dysphagia)


def _extramuscular(case: Case) -> float | None:
    """1 if any core extramuscular feature is present; 0 only when their absence is recorded (or Table 1's)."""
    if set(core_features(case)) - {"dysphagia"}:
        return 1.0
    if case.source_kind == "literature":
        return 0.0  # Table 1 lists each child's features: one not listed is absent
    absent = {f.feature for f in case.features if not f.present}
    return 0.0 if all(f in absent for f in EXTRAMUSCULAR) else None


def _anti_srp(case: Case) -> float | None:
    if case.source_kind == "literature":
        return float("srp" in positive_antibodies(case))
    result = case.antibody(Antigen.srp)
    return None if result is AntibodyResult.not_tested else float(result is AntibodyResult.positive)


def features(case: Case) -> dict[str, float | None]:
    """The predictors of one case (None when not recorded: never read as absent)."""
    ck = case.ck_iu_l
    return {
        "age_years": case.age_years,
        "log10_ck": math.log10(ck) if ck and ck > 0 else None,
        "extramuscular": _extramuscular(case),
        "rituximab_or_ivig": float(bool({Drug.rituximab, Drug.ivig} & set(case.drugs))) if case.treatments else None,
        "anti_srp": _anti_srp(case),
    }


def _what_to_record(case: Case, predictor: str) -> str:
    """What a case lacking ``predictor`` must record (one line, naming the field)."""
    if predictor == "age_years":
        shown = getattr(case, "age_at_presentation_years", None)
        extra = (f"; age at presentation {shown:g} years is given but is not used in its place (the model was "
                 "fitted on age at onset)") if shown is not None else ""
        return f"age at onset (age_years){extra}"
    if predictor == "log10_ck":
        lab = case.lab("creatine_kinase")
        if lab is not None:
            return f"creatine kinase at diagnosis in U/L or IU/L (labs: got unit {lab.unit!r})"
        return "creatine kinase at diagnosis (labs: creatine_kinase, value, unit)"
    if predictor == "extramuscular":
        recorded = {f.feature for f in case.features}
        missing = [f.value for f in EXTRAMUSCULAR if f not in recorded]
        return ("extramuscular features: record each as present or absent (features: feature, present); "
                f"not recorded: {', '.join(missing)}")
    if predictor == "rituximab_or_ivig":
        return ("treatment strategy: the planned or given courses (treatments); the model term is whether "
                "rituximab or IVIG is given")
    if predictor == "anti_srp":
        return "anti-SRP result (antibodies: srp positive or negative)"
    return PREDICTOR_LABELS.get(predictor, predictor)


@dataclass
class Standardiser:
    names: tuple[str, ...]
    mean: np.ndarray
    sd: np.ndarray

    @classmethod
    def fit(cls, names: tuple[str, ...], rows: np.ndarray) -> Standardiser:
        sd = rows.std(axis=0, ddof=1)
        sd[sd == 0] = 1.0
        return cls(names, rows.mean(axis=0), sd)

    def design(self, rows: np.ndarray) -> np.ndarray:
        z = (rows - self.mean) / self.sd
        return np.column_stack([np.ones(len(rows)), z])


@dataclass
class FittedModel:
    predictors: tuple[str, ...]
    standardiser: Standardiser
    fit: FirthFit
    n_cases: int
    n_good: int
    medians: dict[str, float]
    dropped: list[str] = field(default_factory=list)

    def predict(self, values: dict[str, float]) -> tuple[float, tuple[float, float]]:
        row = np.array([[values[p] for p in self.predictors]], dtype=float)
        x = self.standardiser.design(row)[0]
        eta = float(x @ self.fit.coef)
        se = float(math.sqrt(max(x @ self.fit.cov @ x, 0.0)))
        z = norm.ppf(0.975)
        return float(_expit(np.array(eta))), (float(_expit(np.array(eta - z * se))), float(_expit(np.array(eta + z * se))))

    def predict_rows(self, rows: np.ndarray, columns: tuple[str, ...]) -> np.ndarray:
        """Probabilities for many cases at once (``rows`` has one column per name in ``columns``)."""
        picked = rows[:, [columns.index(p) for p in self.predictors]]
        return _expit(self.standardiser.design(picked) @ self.fit.coef)

    def coefficients(self) -> list[dict]:
        z = norm.ppf(0.975)
        out = []
        names = ("intercept",) + self.predictors
        for i, name in enumerate(names):
            b, se = float(self.fit.coef[i]), float(math.sqrt(self.fit.cov[i, i]))
            row = {"term": name, "label": PREDICTOR_LABELS.get(name, "intercept (at the cohort means)"),
                   "log_odds": round(b, 4), "se": round(se, 4),
                   "ci95": [round(b - z * se, 4), round(b + z * se, 4)]}
            if i:
                row["odds_ratio_per_sd"] = round(math.exp(b), 3)
                row["sd"] = round(float(self.standardiser.sd[i - 1]), 4)
            out.append(row)
        return out


@dataclass
class TrainingSet:
    """The design of a fit: one row of predictor values per usable case, computed once."""

    predictors: tuple[str, ...]
    rows: np.ndarray
    y: np.ndarray
    used: list[Case]
    skipped: list[str]


def training_set(cases: list[Case], predictors: tuple[str, ...], values: list[dict] | None = None) -> TrainingSet:
    """Each case's features are read once here (or given); every refit (validation folds) slices these rows."""
    rows, ys, used, skipped = [], [], [], []
    for i, c in enumerate(cases):
        f = values[i] if values is not None else features(c)
        if any(f[p] is None for p in predictors):
            skipped.append(c.id or "?")
            continue
        rows.append([f[p] for p in predictors])
        ys.append(1.0 if c.outcome_class.is_good else 0.0)
        used.append(c)
    matrix = np.array(rows, dtype=float).reshape(len(rows), len(predictors))
    return TrainingSet(predictors, matrix, np.array(ys), used, skipped)


def _training_rows(cases: list[Case], predictors: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, list[Case], list[str]]:
    data = training_set(cases, predictors)
    return data.rows, data.y, data.used, data.skipped


def choose_predictors(cases: list[Case], values: list[dict] | None = None) -> tuple[tuple[str, ...], list[str]]:
    """The fixed predictors, plus anti-SRP only when it varies in the training cases."""
    values = values if values is not None else [features(c) for c in cases]
    srp = {f["anti_srp"] for f in values} - {None}
    if len(srp) > 1:
        return PREDICTORS + ("anti_srp",), []
    return PREDICTORS, ["antibody (anti-SRP) is not a model term: it is the same for every training case. "
                        + SRP_INCLUSION_NOTE]


def fit_rows(rows: np.ndarray, y: np.ndarray, predictors: tuple[str, ...]) -> FittedModel:
    """Fit on a design already computed (``rows``: one column per predictor, in ``predictors`` order)."""
    if len(y) < len(predictors) + 2:
        raise FitError(f"{len(y)} cases with all predictors recorded; at least {len(predictors) + 2} needed")
    if y.min() == y.max():
        raise FitError("every training case has the same outcome class; nothing to model")
    medians = {p: float(np.median(rows[:, i])) for i, p in enumerate(predictors)}
    # A predictor that is the same for every training case cannot be estimated (its column makes the
    # information matrix singular): this happens in a validation fold that holds out the only case that
    # differs. It is left out of this fit, and said so, rather than crashing the forecast.
    varies = [bool(np.ptp(rows[:, i]) > 0) for i in range(len(predictors))]
    dropped = [p for p, v in zip(predictors, varies, strict=True) if not v]
    kept = tuple(p for p, v in zip(predictors, varies, strict=True) if v)
    rows = rows[:, varies]
    std = Standardiser.fit(kept, rows)
    fit = firth_logistic(std.design(rows), y)
    return FittedModel(kept, std, fit, len(y), int(y.sum()), medians, dropped)


def training_cases(cases: list[Case]) -> list[Case]:
    """The individual records with a known outcome (aggregate records and unknown outcomes cannot be fitted)."""
    return [c for c in cases if not c.aggregate and c.outcome_class is not OutcomeClass.unknown]


def fit_model(cases: list[Case], predictors: tuple[str, ...] | None = None) -> FittedModel:
    """Fit on individual cases with a known outcome (aggregates and unknown outcomes are dropped)."""
    kept = training_cases(cases)
    predictors = predictors or choose_predictors(kept)[0]
    data = training_set(kept, predictors)
    return fit_rows(data.rows, data.y, predictors)


# --- validation -----------------------------------------------------------------------------------


#: Below this held-out calibration slope the forecast says its probabilities are too extreme
#: (a slope of 1 is perfect calibration; this reading threshold is local policy, not a source).
OVERFIT_SLOPE = 0.8

#: Up to this many training cases the model is validated by leave-one-out (N refits: exact and cheap for
#: the published cohort, whose figures it gives); above it by stratified k-fold cross-validation (K refits),
#: which keeps the forecast linear in the registry's size. Local policy, not a source: 200 keeps every
#: cohort of published cases on leave-one-out; 10 folds is the usual choice (Hastie, Tibshirani &
#: Friedman, The Elements of Statistical Learning, 2nd ed. 2009, section 7.10.1).
LOO_MAX_CASES = 200
K_FOLDS = 10
FOLD_SEED = 20240208  # fixed so the same registry always gives the same validation figures


def stratified_folds(y: np.ndarray, k: int = K_FOLDS, seed: int = FOLD_SEED) -> list[np.ndarray]:
    """``k`` disjoint folds covering every case, each with the cohort's share of good outcomes (seeded)."""
    rng = np.random.default_rng(seed)
    members: list[list[np.ndarray]] = [[] for _ in range(k)]
    offset = 0
    for label in (0.0, 1.0):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        # deal the shuffled cases of each class round the folds, continuing where the last class stopped
        for j in range(k):
            members[(offset + j) % k].append(idx[j::k])
        offset += len(idx)
    return [np.sort(np.concatenate(parts)) for parts in members]


def _null_brier(y: np.ndarray, folds: list[np.ndarray]) -> float:
    """Brier score of the no-skill model validated like the real one: each held-out case gets the rest's rate."""
    total = 0.0
    for fold in folds:
        rest = np.delete(y, fold)
        total += float(np.sum((rest.mean() - y[fold]) ** 2))
    return total / len(y)


def _loo_null_brier(y: np.ndarray) -> float:
    """Brier score of the no-skill model under leave-one-out: each case gets the others' rate."""
    n = len(y)
    others = (y.sum() - y) / (n - 1)
    return float(np.mean((others - y) ** 2))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney by ranks, ties counting one half; N log N)."""
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(p)  # average ranks: a tie between a positive and a negative counts one half
    greater = float(ranks[y == 1].sum()) - n_pos * (n_pos + 1) / 2
    return greater / (n_pos * n_neg)


@dataclass
class Validation:
    method: str
    n_cases: int
    n_good: int
    auc: float
    brier: float
    brier_null: float
    calibration_in_the_large: float
    calibration_slope: float | None
    bins: list[dict]
    loo_predictions: list[dict] = field(default_factory=list)
    folds: int | None = None  # None: leave-one-out (as many folds as cases)

    @property
    def short_name(self) -> str:
        return "leave-one-out" if self.folds is None else f"stratified {self.folds}-fold cross-validation"

    def as_dict(self, with_predictions: bool = False) -> dict:
        out = {
            "method": self.method, "n_cases": self.n_cases, "n_good_outcome": self.n_good,
            "scheme": "leave_one_out" if self.folds is None else "stratified_k_fold",
            "folds": self.n_cases if self.folds is None else self.folds,
            "auc": round(self.auc, 3), "brier": round(self.brier, 3),
            "brier_null": round(self.brier_null, 3),
            "brier_null_note": ("Brier of predicting, for each held-out case, the prevalence of the other cases "
                                f"(the no-skill reference under the same {self.short_name})"),
            "calibration_in_the_large": round(self.calibration_in_the_large, 3),
            "calibration_in_the_large_note": "observed rate minus mean predicted probability (0 is ideal)",
            "calibration_slope": None if self.calibration_slope is None else round(self.calibration_slope, 3),
            "calibration_slope_note": "slope of the outcome on the logit of the held-out prediction (1 is ideal; "
                                      "< 1 means predictions too extreme)",
            "calibration_bins": self.bins,
        }
        if with_predictions:
            out["loo_predictions"] = self.loo_predictions
        return out


def validate(data: TrainingSet, *, loo_max: int = LOO_MAX_CASES, k: int = K_FOLDS) -> Validation:
    """Held-out predictions for every training case: leave-one-out up to ``loo_max`` cases, else k-fold."""
    y, n = data.y, len(data.y)
    preds = np.empty(n)
    if n <= loo_max:
        keep = np.ones(n, dtype=bool)
        for i in range(n):
            keep[i] = False
            model = fit_rows(data.rows[keep], y[keep], data.predictors)
            keep[i] = True
            preds[i] = model.predict_rows(data.rows[i:i + 1], data.predictors)[0]
        folds, brier_null = None, _loo_null_brier(y)
        method = f"leave-one-out on {n} cases (each case predicted by a model refitted without it)"
    else:
        split = stratified_folds(y, k)
        for fold in split:
            model = fit_rows(np.delete(data.rows, fold, axis=0), np.delete(y, fold), data.predictors)
            preds[fold] = model.predict_rows(data.rows[fold], data.predictors)
        folds, brier_null = k, _null_brier(y, split)
        method = (f"stratified {k}-fold cross-validation on {n} cases (seeded; each fold predicted by a model "
                  f"fitted on the other {k - 1}; leave-one-out is used up to {loo_max} cases)")
    clipped = np.clip(preds, 1e-6, 1 - 1e-6)
    logit = np.log(clipped / (1 - clipped))
    slope = None
    if np.std(logit) > 0:
        slope = float(firth_logistic(np.column_stack([np.ones(n), logit]), y).coef[1])
    order = np.argsort(preds, kind="stable")
    bins = []
    for b, idx in enumerate(np.array_split(order, 3)):
        if len(idx) == 0:
            continue
        obs = int(y[idx].sum())
        interval = exact_proportion(obs, len(idx))
        bins.append({"bin": ["low", "middle", "high"][b], "n": len(idx),
                     "mean_predicted": round(float(preds[idx].mean()), 3),
                     "observed_good": obs, "observed_rate": round(obs / len(idx), 3),
                     "observed_ci95": [round(interval.low, 3), round(interval.high, 3)]})
    return Validation(
        method=method, n_cases=n, n_good=int(y.sum()), auc=auc(y, preds),
        brier=float(np.mean((preds - y) ** 2)), brier_null=brier_null,
        calibration_in_the_large=float(y.mean() - preds.mean()), calibration_slope=slope, bins=bins,
        loo_predictions=[{"id": c.id, "predicted": round(float(p), 3), "good_outcome": bool(t)}
                         for c, p, t in zip(data.used, preds, y, strict=True)],
        folds=folds,
    )


def leave_one_out(cases: list[Case], predictors: tuple[str, ...] | None = None) -> Validation:
    """Validation of the model on ``cases``: leave-one-out up to LOO_MAX_CASES cases, else k-fold."""
    kept = training_cases(cases)
    predictors = predictors or choose_predictors(kept)[0]
    return validate(training_set(kept, predictors))


# --- the forecast for one case ------------------------------------------------------------------

NAMED_SKIPPED = 20  # a large registry may leave thousands of cases out: the note names the first ones only


@dataclass
class Forecast:
    probability: float
    interval: tuple[float, float]
    inputs: dict[str, dict]
    model: FittedModel
    validation: Validation
    similar: list[dict]
    excluded_from_training: list[dict]
    notes: list[str]
    training_excluded: dict

    def as_dict(self) -> dict:
        return {
            "probability_good_outcome": round(self.probability, 3),
            "interval": [round(self.interval[0], 3), round(self.interval[1], 3)],
            "interval_method": "95% Wald interval on the log-odds scale, transformed",
            "good_outcome_definition": "marked_improvement or remission",
            "inputs": self.inputs,
            "model": {
                "method": METHOD,
                "n_cases": self.model.n_cases, "n_good_outcome": self.model.n_good,
                "predictors": list(self.model.predictors),
                "coefficients": self.model.coefficients(),
                "converged": self.model.fit.converged,
            },
            "validation": self.validation.as_dict() | {"method": f"{METHOD}: " + self.validation.method},
            "similar_cases": self.similar,
            "excluded_from_training": self.excluded_from_training,
            "training_data_excluded": self.training_excluded,
            "notes": self.notes,
        }


def forecast(case: Case, pool: list[Case], *, k_similar: int = 5) -> Forecast:
    """Probability of a good outcome for ``case``, fitted on ``pool`` minus the case's own record.

    Linear in the pool: each case's features are read once into a design matrix that the fit and every
    validation fold slice (leave-one-out up to LOO_MAX_CASES training cases, else stratified k-fold).
    """
    reasons = [same_record(case, c) for c in pool]
    own = [{"id": c.id, "article": c.article, "reason": why} for c, why in zip(pool, reasons, strict=True) if why]
    training = [c for c, why in zip(pool, reasons, strict=True) if not why]
    kept = training_cases(training)
    _, left_out = outcome_cases(training)  # what was left out and why (aggregate records, unknown outcomes)
    known = [features(c) for c in kept]
    predictors, notes = choose_predictors(kept, known)
    values = features(case)
    missing = [p for p in predictors if values[p] is None]
    if missing:  # nothing is imputed: say what to record
        raise InvalidInput([f"forecast: not assessable: needs {_what_to_record(case, p)}" for p in missing])
    data = training_set(kept, predictors, known)
    model = fit_rows(data.rows, data.y, predictors)
    validation = validate(data)
    skipped = data.skipped
    inputs: dict[str, dict] = {}
    used: dict[str, float] = {}
    for p in predictors:
        v = float(values[p])  # type: ignore[arg-type]
        used[p] = v
        how = "recorded"
        if p == "extramuscular" and case.source_kind == "literature" and v == 0:
            how = "Table 1 lists no core extramuscular feature for this case"
        inputs[p] = {"label": PREDICTOR_LABELS[p], "value": round(v, 4), "how": how}
    if skipped:
        named = ", ".join(skipped[:NAMED_SKIPPED]) + (
            f" and {len(skipped) - NAMED_SKIPPED} more" if len(skipped) > NAMED_SKIPPED else "")
        notes.append(f"Left out of training because a predictor is not recorded (never read as absent): "
                     f"{len(skipped)} {'case' if len(skipped) == 1 else 'cases'}: {named}.")
    if case.source_kind == "local" and not case.antibodies:
        notes.append("This case records no antibody results.")
    if model.dropped:
        notes.append("Not a model term because it is the same for every training case: "
                     + "; ".join(PREDICTOR_LABELS[p] for p in model.dropped) + ".")
    prob, interval = model.predict(used)
    similar = most_similar(case, pool, k_similar)
    if not validation.brier < validation.brier_null:
        notes.append(
            f"In {validation.short_name} the model does not beat the cohort's base rate (Brier "
            f"{validation.brier:.3f} vs {validation.brier_null:.3f} for predicting each held-out case the "
            f"other cases' rate of good outcomes); read the probability as uninformative beyond that base rate.")
    slope = validation.calibration_slope
    if slope is not None and slope < OVERFIT_SLOPE:
        notes.append(
            f"Held-out calibration slope {slope:.2f} (1 is ideal): the model's probabilities are too extreme "
            f"for new cases; shrink them towards the base rate of {model.n_good}/{model.n_cases} when reading.")
    notes = notes + [
        (f"The model rests on {model.n_cases} individual published/registry cases ({model.n_good} with a good "
        f"outcome); {left_out['aggregate_patients']} patients in aggregate records have no individual "
        "outcomes and are excluded."),
        ("The treatment-strategy term is an association in a confounded sample (publication era, severity); "
        "the forecast supports, and never replaces, clinical judgement and does not recommend a treatment."),
    ]
    return Forecast(prob, interval, inputs, model, validation,
                    [m.as_dict() for m in similar.matches], own, notes, left_out)


def forecast_or_error(case: Case, pool: list[Case]) -> Forecast:
    """``forecast`` with the model's own failures turned into the project's input error."""
    try:
        return forecast(case, pool)
    except FitError as exc:
        raise InvalidInput([f"forecast: {exc}"]) from exc
