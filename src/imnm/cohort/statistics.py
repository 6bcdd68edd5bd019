"""Descriptive statistics of a cohort, with exact (Clopper-Pearson) intervals for small samples.

Counts are over individual case records; aggregate records (several patients summarised in one
row) cannot be split, so they are reported beside the counts, never mixed into them.
"""

from __future__ import annotations

import statistics as pystats
from dataclasses import dataclass, field

from scipy.stats import binomtest

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


def exact_proportion(k: int, n: int, confidence: float = 0.95) -> Proportion:
    """A proportion with its Clopper-Pearson interval (scipy's exact binomial interval)."""
    if n <= 0:
        raise ValueError(f"n must be positive to estimate a proportion, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must lie between 0 and n={n}, got {k}")
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    return Proportion(k, n, float(ci.low), float(ci.high))


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
        }


def summarise(cases: list[Case]) -> CohortSummary:
    """n, sex, age and CK (median, range), feature, drug and outcome counts with exact intervals.

    Denominators are the individual records; features and drugs absent from a record count as not
    reported, which is how Table 1 reads. Outcomes exclude ``unknown`` from the good-outcome rate.
    """
    individual = [c for c in cases if not c.aggregate]
    aggregates = [c for c in cases if c.aggregate]
    n = len(individual)

    def prop(k: int, d: int) -> Proportion | None:
        return exact_proportion(k, d) if d else None

    sexes = [c.sex.value for c in individual if c.sex]
    sex = {s: p for s in ("F", "M") if (p := prop(sexes.count(s), len(sexes)))}
    features_seen = {f for c in individual for f in c.features_present}
    feature_order = list(CORE_FEATURES) + [f for f in Feature if f in features_seen and f not in CORE_FEATURES]
    features = {
        f.value: p for f in feature_order if (p := prop(sum(f in c.features_present for c in individual), n))
    }
    treatments = {
        d.value: p
        for d in Drug
        if any(d in c.drugs for c in individual) and (p := prop(sum(d in c.drugs for c in individual), n))
    }
    outcomes = {
        o.value: p
        for o in [*ORDERED_OUTCOMES, OutcomeClass.unknown]
        if (p := prop(sum(c.outcome_class is o for c in individual), n))
    }
    known = [c for c in individual if c.outcome_class is not OutcomeClass.unknown]
    good = prop(sum(bool(c.outcome_class.is_good) for c in known), len(known))
    return CohortSummary(
        n_records=len(cases),
        n_patients=sum(c.n_cases for c in cases),
        n_individual=n,
        n_aggregate_patients=sum(c.n_cases for c in aggregates),
        sex=sex,
        age_years=spread([c.age_years for c in individual if c.age_years is not None]),
        ck_iu_l=spread([c.ck_iu_l for c in individual if c.ck_iu_l is not None]),
        features=features,
        treatments=treatments,
        outcomes=outcomes,
        good_outcome=good,
        aggregates=[c.export_record() for c in aggregates],
    )
