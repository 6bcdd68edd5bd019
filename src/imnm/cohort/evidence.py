"""Outcome evidence: good outcome by treatment, age and CK, with exact intervals and Fisher's test.

A good outcome is ``marked_improvement`` or ``remission`` (the project vocabulary). Only individual
records with a known outcome count; aggregate records (several patients in one row, no individual
outcomes) are excluded and said so. Every table is an *association* in a small sample of published
case reports, confounded by publication era (rituximab and IVIG appear in the newer reports), by
severity (sicker children get more drugs) and by publication bias; none of it is a treatment effect.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from imnm.cohort.dataset import CaseFacts, as_facts
from imnm.cohort.statistics import Proportion, exact_proportion
from imnm.knowledge.criteria import suspicion_rule
from imnm.model import CORE_FEATURES, ORDERED_OUTCOMES, Case, Drug, OutcomeClass

CaseRecord = TypeVar("CaseRecord", Case, CaseFacts)
GOOD = frozenset(o for o in OutcomeClass if o.is_good)

CAVEAT = (
    "Associations in a small, confounded sample of published case reports (publication era, severity, "
    "publication bias); they are not treatment effects and do not support a treatment choice on their own."
)
AGE_CUT_YEARS = 10.0
#: The seed's suspicion threshold ("CK values greater than 10 000 IU/L"), read from its cited rule file.
CK_CUT_IU_L = suspicion_rule().ck_threshold_iu_l
ERA_CUT_YEAR = 2016



def format_ratio(value: float | None, significant: int = 2) -> str:
    """A ratio to ``significant`` figures as a clinician reads it: 860, 8.6, 0.046 (never 8.6e+02).

    ``None`` is an infinite ratio (a zero cell), as scipy reports it.
    """
    if value is None or math.isinf(value):
        return "inf"
    if value == 0:
        return "0"
    decimals = significant - 1 - math.floor(math.log10(abs(value)))
    return f"{round(value, decimals):.{max(decimals, 0)}f}"


@dataclass(frozen=True)
class Group:
    label: str
    n: int
    good: Proportion | None
    outcome_counts: dict[str, int]

    def as_dict(self) -> dict:
        return {"label": self.label, "n": self.n, "good_outcome": self.good.as_dict() if self.good else None,
                "outcome_counts": self.outcome_counts}


@dataclass(frozen=True)
class CrossTab:
    """Good outcome in two groups: exact proportions, Fisher's exact test, conditional odds ratio."""

    name: str
    question: str
    exposed: Group
    unexposed: Group
    fisher_p: float | None
    odds_ratio: float | None
    odds_ratio_ci95: tuple[float, float] | None
    n_unclassified: int

    def as_dict(self) -> dict:
        return {
            "name": self.name, "question": self.question,
            "groups": [self.exposed.as_dict(), self.unexposed.as_dict()],
            "fisher_exact_p": None if self.fisher_p is None else round(self.fisher_p, 4),
            "odds_ratio": None if self.odds_ratio is None or not math.isfinite(self.odds_ratio)
            else round(self.odds_ratio, 3),
            "odds_ratio_ci95": None if self.odds_ratio_ci95 is None else [
                None if not math.isfinite(x) else round(x, 3) for x in self.odds_ratio_ci95],
            "odds_ratio_method": "conditional maximum likelihood, exact interval",
            "n_unclassified": self.n_unclassified,
        }


#: Outcomes tallied by class: what one side of a split (or the whole sample) rests on.
Tally = dict[OutcomeClass, int]


def _group(label: str, tally: Tally) -> Group:
    n = sum(tally.values())
    counts = {o.value: tally.get(o, 0) for o in ORDERED_OUTCOMES}
    good = sum(k for o, k in tally.items() if o.is_good)
    return Group(label, n, exact_proportion(good, n) if n else None, {k: v for k, v in counts.items() if v})


def _solve_increasing(func: Callable[[float], float]) -> float:
    """The root of an increasing function of the odds ratio: bracket by doubling from 1, then Brent
    (scipy's own search in ``scipy.stats.contingency.odds_ratio``, same tolerance)."""
    from scipy.optimize import brentq

    nc, factor = 1.0, 2.0
    value = func(nc)
    if value == 0:
        return nc
    if value > 0:
        while func(nc / factor) > 0:
            nc /= factor
        lo, hi = nc / factor, nc
    else:
        while func(nc * factor) < 0:
            nc *= factor
        lo, hi = nc, nc * factor
    return brentq(func, lo, hi, xtol=1e-13)


def conditional_odds_ratio_ci(table: list[list[int]], confidence: float = 0.95) -> tuple[float, float]:
    """The exact conditional 95% interval of the odds ratio of a 2x2 table (Fisher's noncentral
    hypergeometric tails, as ``odds_ratio(table, kind="conditional").confidence_interval()``).

    Computed over the whole support at once with numpy: scipy evaluates the same tails point by point,
    which takes seconds per table once the registry holds thousands of patients. Checked against scipy
    in tests/cohort/test_evidence.py.
    """
    import numpy as np
    from scipy.special import gammaln

    (a, b), (c, d) = table
    x, n_total, row0, col0 = a, a + b + c + d, a + b, a + c
    alpha = (1.0 - confidence) / 2.0
    k = np.arange(max(0, col0 - (n_total - row0)), min(row0, col0) + 1, dtype=float)
    log_base = (gammaln(row0 + 1) - gammaln(k + 1) - gammaln(row0 - k + 1) + gammaln(n_total - row0 + 1)
                - gammaln(col0 - k + 1) - gammaln(n_total - row0 - col0 + k + 1))

    def probabilities(nc: float):
        logw = log_base + k * math.log(nc)
        w = np.exp(logw - logw.max())
        return w / w.sum()

    def cdf(nc: float) -> float:
        return float(probabilities(nc)[k <= x].sum())

    def sf_below(nc: float) -> float:
        return float(probabilities(nc)[k >= x].sum())

    if 0 in (a + b, c + d, a + c, b + d):  # an empty row or column: no information, as scipy says
        return 0.0, math.inf
    sample_zero = b > 0 and c > 0 and a * d == 0  # the sample odds ratio is 0 or infinite: one open end
    sample_infinite = (b == 0 or c == 0) and a > 0 and d > 0
    lower = 0.0 if sample_zero else _solve_increasing(lambda nc: sf_below(nc) - alpha)
    upper = math.inf if sample_infinite else _solve_increasing(lambda nc: alpha - cdf(nc))
    return lower, upper


def cross_tab(name: str, question: str, sides: dict[bool | None, Tally], labels: tuple[str, str]) -> CrossTab:
    """Compare good outcome between the two sides of a split (``None``: records it cannot classify)."""
    from scipy.stats import fisher_exact  # only this command needs scipy: imported here, not at start-up
    from scipy.stats.contingency import odds_ratio

    yes, no = sides.get(True, {}), sides.get(False, {})
    n_yes, n_no = sum(yes.values()), sum(no.values())
    good_yes = sum(k for o, k in yes.items() if o in GOOD)
    good_no = sum(k for o, k in no.items() if o in GOOD)
    table = [[good_yes, n_yes - good_yes], [good_no, n_no - good_no]]
    p = or_ = ci = None
    if n_yes and n_no:
        p = float(fisher_exact(table).pvalue)
        res = odds_ratio(table, kind="conditional")
        or_ = float(res.statistic)
        low, high = conditional_odds_ratio_ci(table)
        ci = (float(low), float(high))
    return CrossTab(name, question, _group(labels[0], yes), _group(labels[1], no), p, or_, ci,
                    sum(sides.get(None, {}).values()))


def outcome_cases(cases: list[CaseRecord]) -> tuple[list[CaseRecord], dict]:
    """Individual records with a known outcome, and what was left out and why (cases or facts alike)."""
    aggregates = [c for c in cases if c.aggregate]
    unknown = [c for c in cases if not c.aggregate and c.outcome_class is OutcomeClass.unknown]
    kept = [c for c in cases if not c.aggregate and c.outcome_class is not OutcomeClass.unknown]
    return kept, {
        "aggregate_records": [f"{c.article} ({c.n_cases} patients)" for c in aggregates],
        "aggregate_patients": sum(c.n_cases for c in aggregates),
        "unknown_outcome": [c.id for c in unknown],
    }


#: Features that make a record "extramuscular" (the core features other than dysphagia).
EXTRAMUSCULAR = tuple(f for f in CORE_FEATURES if f.value != "dysphagia")


def _any_extramuscular(c: CaseFacts) -> bool:
    present = set(c.features_present)
    return any(f in present for f in EXTRAMUSCULAR)


@dataclass(frozen=True)
class Split:
    """One 2x2 table: how a record is classified (True, False, or None when it cannot be)."""

    name: str
    question: str
    labels: tuple[str, str]
    side: Callable[[CaseFacts], bool | None]


SPLITS = (
    Split("rituximab", "rituximab given vs not", ("rituximab", "no rituximab"), lambda c: Drug.rituximab in c.drugs),
    Split("ivig", "IVIG given vs not", ("IVIG", "no IVIG"), lambda c: Drug.ivig in c.drugs),
    Split("rituximab_or_ivig", "rituximab or IVIG given vs neither", ("rituximab or IVIG", "neither"),
          lambda c: Drug.rituximab in c.drugs or Drug.ivig in c.drugs),
    Split("steroids_alone", "glucocorticoids alone vs any other drug added", ("glucocorticoids alone", "other drugs added"),
          lambda c: None if not c.drugs else set(c.drugs) == {Drug.glucocorticoids}),
    Split("age", f"age at onset < {AGE_CUT_YEARS:g} vs >= {AGE_CUT_YEARS:g} years",
          (f"< {AGE_CUT_YEARS:g} years", f">= {AGE_CUT_YEARS:g} years"),
          lambda c: None if c.age_years is None else c.age_years < AGE_CUT_YEARS),
    Split("creatine_kinase", f"CK > {CK_CUT_IU_L:,.0f} vs <= {CK_CUT_IU_L:,.0f} IU/L",
          (f"CK > {CK_CUT_IU_L:,.0f}", f"CK <= {CK_CUT_IU_L:,.0f}"),
          lambda c: None if c.ck_iu_l is None else c.ck_iu_l > CK_CUT_IU_L),
    Split("extramuscular", "any extramuscular feature (pulmonary, cardiac, cutaneous, arthritis, Raynaud) vs none",
          ("extramuscular", "none"), _any_extramuscular),
    Split("era", f"published {ERA_CUT_YEAR} or later vs before (a confounder of the treatment rows)",
          (f">= {ERA_CUT_YEAR}", f"< {ERA_CUT_YEAR}"), lambda c: None if c.year is None else c.year >= ERA_CUT_YEAR),
)


@dataclass
class EvidenceCounts:
    """What the evidence rests on: outcomes tallied for the kept records (individual, outcome known)
    and for each side of every split, and what was left out. Counted from validated cases
    (:func:`count_evidence`) or by GROUP BY over the registry's tables
    (:func:`imnm.store.queries.evidence_counts`)."""

    kept: Tally
    splits: dict[str, dict[bool | None, Tally]]
    excluded: dict


def count_evidence(cases: list[Case] | list[CaseFacts]) -> EvidenceCounts:
    kept, left_out = outcome_cases(as_facts(cases))
    splits: dict[str, dict[bool | None, Tally]] = {}
    for split in SPLITS:
        sides: dict[bool | None, Tally] = {}
        for c in kept:
            tally = sides.setdefault(split.side(c), {})
            tally[c.outcome_class] = tally.get(c.outcome_class, 0) + 1
        splits[split.name] = sides
    tally: Tally = {}
    for c in kept:
        tally[c.outcome_class] = tally.get(c.outcome_class, 0) + 1
    return EvidenceCounts(kept=tally, splits=splits, excluded=left_out)


def outcome_evidence(cases: list[Case] | list[CaseFacts]) -> dict:
    """All cross-tabulations, with the sample they rest on and the caveats beside them."""
    return evidence_from_counts(count_evidence(cases))


def evidence_from_counts(counts: EvidenceCounts) -> dict:
    """The evidence of :func:`outcome_evidence` from its counts (however they were counted)."""
    tabs = [cross_tab(s.name, s.question, counts.splits.get(s.name, {}), s.labels) for s in SPLITS]
    n = sum(counts.kept.values())
    good = sum(k for o, k in counts.kept.items() if o.is_good)
    return {
        "n_cases": n,
        "good_outcome": exact_proportion(good, n).as_dict() if n else None,
        "good_outcome_definition": "marked_improvement or remission",
        "excluded": counts.excluded,
        "tables": [t.as_dict() for t in tabs],
        "cut_points": {"age_years": AGE_CUT_YEARS, "ck_iu_l": CK_CUT_IU_L, "era_year": ERA_CUT_YEAR},
        "cut_point_note": "Cut points were fixed before looking at outcomes (10 years; CK above 10 000 IU/L, the "
                          "seed letter's suspicion threshold; 2016), not chosen to maximise a difference.",
        "caveat": CAVEAT,
        "interval_method": "Clopper-Pearson exact 95% interval; Fisher's exact test, two-sided",
    }
