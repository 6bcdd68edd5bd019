"""Descriptive statistics of a cohort, with exact (Clopper-Pearson) intervals for small samples.

Counts are over individual case records; aggregate records (several patients summarised in one
row) cannot be split, so they are reported beside the counts, never mixed into them.
"""

from __future__ import annotations

import math
import statistics as pystats
from dataclasses import dataclass, field

from imnm.cohort.dataset import CaseFacts, as_facts, counted_once
from imnm.model import CORE_FEATURES, ORDERED_OUTCOMES, Case, Drug, Feature, OutcomeClass


@dataclass(frozen=True)
class Proportion:
    """k of n with its exact two-sided 95% interval (Clopper-Pearson)."""

    k: int
    n: int
    low: float
    high: float

    @property
    def percent(self) -> float:
        return 100.0 * self.k / self.n if self.n else float("nan")

    def __str__(self) -> str:
        return f"{self.k}/{self.n} ({self.percent:.1f}%, 95% CI {100 * self.low:.1f}-{100 * self.high:.1f})"

    def as_dict(self) -> dict:
        return {"k": self.k, "n": self.n, "percent": round(self.percent, 1),
                "ci95": [round(self.low, 4), round(self.high, 4)], "method": "clopper-pearson"}


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_continued_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes 6.4)."""
    tiny, eps = 1e-300, 1e-16
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)), -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            break
    return h


def _incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b), the binomial tail P(X >= a) for p = x."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(x, a, b) / a
    return 1.0 - front * _beta_continued_fraction(1.0 - x, b, a) / b


def _beta_quantile(q: float, a: float, b: float) -> float:
    """The x with I_x(a, b) = q: Newton steps kept inside a shrinking bracket (bisection as fallback)."""
    lo, hi = 0.0, 1.0
    x = a / (a + b)
    for _ in range(200):
        f = _incomplete_beta(x, a, b) - q
        if f == 0.0:
            return x
        if f < 0:
            lo = x
        else:
            hi = x
        density = math.exp((a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - _log_beta(a, b))
        step = x - f / density if density > 0 else None
        new = step if step is not None and lo < step < hi else (lo + hi) / 2.0
        if abs(new - x) <= 1e-15 * max(x, 1e-300) or hi - lo <= 1e-300:
            return new
        x = new
    return x


def exact_proportion(k: int, n: int, confidence: float = 0.95) -> Proportion:
    """A proportion with its Clopper-Pearson interval: the beta quantiles that bound the binomial tails
    (Clopper and Pearson, Biometrika 1934), as scipy's ``binomtest(...).proportion_ci(method="exact")``
    gives them (checked against scipy in tests), computed here so the cohort commands start fast."""
    if n <= 0:
        raise ValueError(f"n must be positive to estimate a proportion, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must lie between 0 and n={n}, got {k}")
    alpha = (1.0 - confidence) / 2.0
    low = 0.0 if k == 0 else _beta_quantile(alpha, k, n - k + 1)
    high = 1.0 if k == n else 1.0 - _beta_quantile(alpha, n - k, k + 1)
    return Proportion(k, n, low, high)


@dataclass(frozen=True)
class Spread:
    n: int
    median: float | None
    minimum: float | None
    maximum: float | None

    def as_dict(self) -> dict:
        return {"n": self.n, "median": self.median, "min": self.minimum, "max": self.maximum}


def spread(values: list[float]) -> Spread:
    if not values:
        return Spread(0, None, None, None)
    return Spread(len(values), float(pystats.median(values)), float(min(values)), float(max(values)))


@dataclass
class CohortSummary:
    n_records: int
    n_patients: int
    n_individual: int
    n_aggregate_patients: int
    sex: dict[str, Proportion]
    age_years: Spread
    ck_iu_l: Spread
    features: dict[str, Proportion]
    treatments: dict[str, Proportion]
    outcomes: dict[str, Proportion]
    good_outcome: Proportion | None
    aggregates: list[dict] = field(default_factory=list)
    checks: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "n_records": self.n_records,
            "n_patients": self.n_patients,
            "n_individual": self.n_individual,
            "n_aggregate_patients": self.n_aggregate_patients,
            "sex": {k: v.as_dict() for k, v in self.sex.items()},
            "age_years": self.age_years.as_dict(),
            "ck_iu_l": self.ck_iu_l.as_dict(),
            "features": {k: v.as_dict() for k, v in self.features.items()},
            "treatments": {k: v.as_dict() for k, v in self.treatments.items()},
            "outcomes": {k: v.as_dict() for k, v in self.outcomes.items()},
            "good_outcome": self.good_outcome.as_dict() if self.good_outcome else None,
            "aggregates": self.aggregates,
            "checked_against_original": self.checks,
        }


@dataclass
class CohortCounts:
    """The counts a summary rests on, from validated cases (:func:`count_cases`) or from SQL
    aggregates over the registry's tables (:func:`imnm.store.queries.cohort_counts`).

    ``sex``, ``features``, ``drugs`` and ``outcomes`` count individual records only; ``ages`` and
    ``cks`` are the individual records' recorded values; ``aggregates`` are the aggregate records'
    export records."""

    n_records: int
    n_patients: int
    n_individual: int
    n_aggregate_patients: int
    sex: dict[str, int]
    ages: list[float]
    cks: list[float]
    features: dict[Feature, int]
    drugs: dict[Drug, int]
    outcomes: dict[OutcomeClass, int]
    aggregates: list[dict]
    checks: dict = field(default_factory=dict)


def _tally(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def check_counts(cases: list[CaseFacts], *, as_published: bool = False) -> dict:
    """How far the records were checked against the original articles, and who was counted once."""
    results = [r for c in cases for _, r in c.checked_fields]
    return {
        "records_checked": sum(1 for c in cases if c.checked_fields),
        "fields_checked": len(results),
        "fields_agree": results.count("agrees"),
        "fields_differ": results.count("differs"),
        "same_patient_left_out": [] if as_published else [c.id for c in cases if c.same_patient_as],
        "as_published": as_published,
    }


def count_cases(cases: list[Case] | list[CaseFacts], *, as_published: bool = False) -> CohortCounts:
    """The counts, each patient once (``as_published=True`` counts every record, as the letter did)."""
    every = as_facts(cases)
    cases = counted_once(every, as_published=as_published)
    individual = [c for c in cases if not c.aggregate]
    aggregates = [c for c in cases if c.aggregate]
    return CohortCounts(
        n_records=len(cases),
        n_patients=sum(c.n_cases for c in cases),
        n_individual=len(individual),
        n_aggregate_patients=sum(c.n_cases for c in aggregates),
        sex=_tally(c.sex for c in individual if c.sex),
        ages=[c.age_years for c in individual if c.age_years is not None],
        cks=[c.ck_iu_l for c in individual if c.ck_iu_l is not None],
        features=_tally(f for c in individual for f in c.features_present),
        drugs=_tally(d for c in individual for d in c.drugs),
        outcomes=_tally(c.outcome_class for c in individual),
        aggregates=[c.export_record() for c in aggregates],
        checks=check_counts(every, as_published=as_published),
    )


def summarise(cases: list[Case] | list[CaseFacts], *, as_published: bool = False) -> CohortSummary:
    """n, sex, age and CK (median, range), feature, drug and outcome counts with exact intervals.

    Denominators are the individual records; features and drugs absent from a record count as not
    reported, which is how Table 1 reads. Outcomes exclude ``unknown`` from the good-outcome rate.
    """
    return summarise_counts(count_cases(cases, as_published=as_published))


def summarise_counts(counts: CohortCounts) -> CohortSummary:
    """The summary of :func:`summarise` from its counts (however they were counted)."""
    n = counts.n_individual

    def prop(k: int, d: int) -> Proportion | None:
        return exact_proportion(k, d) if d else None

    n_sexed = sum(counts.sex.values())
    sex = {s: p for s in ("F", "M") if (p := prop(counts.sex.get(s, 0), n_sexed))}
    seen = {f for f, k in counts.features.items() if k}
    feature_order = list(CORE_FEATURES) + [f for f in Feature if f in seen and f not in CORE_FEATURES]
    features = {f.value: p for f in feature_order if (p := prop(counts.features.get(f, 0), n))}
    treatments = {d.value: p for d in Drug if counts.drugs.get(d) and (p := prop(counts.drugs[d], n))}
    outcomes = {
        o.value: p for o in [*ORDERED_OUTCOMES, OutcomeClass.unknown] if (p := prop(counts.outcomes.get(o, 0), n))
    }
    known = n - counts.outcomes.get(OutcomeClass.unknown, 0)
    good = prop(sum(k for o, k in counts.outcomes.items() if o is not OutcomeClass.unknown and o.is_good), known)
    return CohortSummary(
        n_records=counts.n_records,
        n_patients=counts.n_patients,
        n_individual=n,
        n_aggregate_patients=counts.n_aggregate_patients,
        sex=sex,
        age_years=spread(counts.ages),
        ck_iu_l=spread(counts.cks),
        features=features,
        treatments=treatments,
        outcomes=outcomes,
        good_outcome=good,
        aggregates=counts.aggregates,
        checks=counts.checks,
    )
