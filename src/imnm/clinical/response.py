"""Is she responding? The 2016 ACR/EULAR Total Improvement Score between two visits.

Each of the six IMACS core set measures scores a level (from the cited table in
``knowledge/data/response_criteria_2016.yaml``) by its absolute percent improvement; the Total
Improvement Score (TIS, 0-100) is their sum and is read against the juvenile (>= 30/45/70) or adult
(>= 20/40/60) thresholds. A measure missing at either visit contributes nothing and is listed: the
TIS is then a lower bound, and the category is stated as "at least".

Rider LG, Aggarwal R, et al. Arthritis Rheumatol 2017;69:911-923 (juvenile);
Aggarwal R, Rider LG, et al. Arthritis Rheumatol 2017;69:898-910 (adult).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imnm.knowledge.response import MEASURES, Population, ResponseCriteria, load_response_criteria
from imnm.model import Analyte, Case, InvalidInput, LabResult, Visit


@dataclass(frozen=True)
class Contribution:
    """One core set measure: its values, percent improvement, level band and score."""

    measure: str
    label: str
    instrument: str | None
    baseline: float | None
    follow_up: float | None
    percent_improvement: float | None
    band: str | None
    score: float
    max_score: float
    note: str | None = None

    @property
    def available(self) -> bool:
        return self.percent_improvement is not None

    def as_dict(self) -> dict:
        return {
            "measure": self.measure, "label": self.label, "instrument": self.instrument,
            "baseline": self.baseline, "follow_up": self.follow_up,
            "percent_improvement": None if self.percent_improvement is None else round(self.percent_improvement, 2),
            "band": self.band, "score": self.score, "max_score": self.max_score, "note": self.note,
        }


@dataclass(frozen=True)
class ResponseResult:
    population: Population
    baseline_label: str
    follow_up_label: str
    total_improvement_score: float
    category: str
    complete: bool
    contributions: list[Contribution]
    thresholds: dict[str, float]
    citation: str
    unverified: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [c.measure for c in self.contributions if not c.available]

    @property
    def statement(self) -> str:
        """The category as a clinician reads it, honest about missing measures."""
        n = sum(c.available for c in self.contributions)
        if self.complete:
            return f"{self.category} improvement (TIS {self.total_improvement_score:g})"
        if self.category == "none":
            return (f"not classifiable: TIS >= {self.total_improvement_score:g} from {n} of 6 measures "
                    f"(missing measures could add up to {sum(c.max_score for c in self.contributions if not c.available):g})")
        return f"at least {self.category} improvement (TIS >= {self.total_improvement_score:g} from {n} of 6 measures)"

    def as_dict(self) -> dict:
        return {
            "population": self.population, "baseline": self.baseline_label, "follow_up": self.follow_up_label,
            "total_improvement_score": self.total_improvement_score, "category": self.category,
            "complete": self.complete, "statement": self.statement, "missing_measures": self.missing,
            "thresholds": self.thresholds, "contributions": [c.as_dict() for c in self.contributions],
            "citation": self.citation, "unverified": self.unverified,
        }


def visit_label(visit: Visit) -> str:
    parts = [visit.label] if visit.label else []
    if visit.months_from_diagnosis is not None:
        parts.append(f"month {visit.months_from_diagnosis:g}")
    if visit.date is not None:
        parts.append(visit.date.isoformat())
    return ", ".join(parts) or "visit"


def _is_enzyme_unit(lab: LabResult) -> bool:
    return lab.unit.replace(" ", "").upper() in {"U/L", "IU/L"}


def _scale_contribution(rule, name: str, instrument: str | None, base: float | None, follow: float | None,
                        lo: float, hi: float) -> Contribution:
    if base is None or follow is None:
        which = "baseline" if base is None else "follow-up"
        if base is None and follow is None:
            which = "both visits"
        return Contribution(name, rule.label, instrument, base, follow, None, None, 0.0, rule.max_score,
                            f"not recorded at {which}")
    delta = (base - follow) if rule.direction == "lower_is_better" else (follow - base)
    pct = 100.0 * delta / (hi - lo)
    score, band = rule.level_score(pct)
    return Contribution(name, rule.label, instrument, base, follow, pct, band, score, rule.max_score)


def _enzyme_contribution(rule, baseline: Visit, follow_up: Visit) -> Contribution:
    base_labs = {lab.analyte.value: lab for lab in baseline.labs if _is_enzyme_unit(lab)}
    follow_labs = {lab.analyte.value: lab for lab in follow_up.labs if _is_enzyme_unit(lab)}
    both = [a for a in rule.analytes if a in base_labs and a in follow_labs and base_labs[a].value > 0]
    if not both:
        return Contribution(rule.name, rule.label, None, None, None, None, None, 0.0, rule.max_score,
                            "no muscle enzyme measured at both visits")
    with_uln = [a for a in both if base_labs[a].reference_high]
    if with_uln:
        chosen = max(with_uln, key=lambda a: base_labs[a].value / base_labs[a].reference_high)
        note = "most abnormal at baseline (value / upper limit of normal)"
    elif Analyte.creatine_kinase.value in both:
        chosen, note = Analyte.creatine_kinase.value, "no upper limits of normal given; creatine kinase used"
    else:
        chosen, note = both[0], "no upper limits of normal given; first enzyme measured at both visits used"
    b, f = base_labs[chosen].value, follow_labs[chosen].value
    pct = 100.0 * (b - f) / b
    score, band = rule.level_score(pct)
    return Contribution(rule.name, rule.label, chosen, b, f, pct, band, score, rule.max_score, note)


def total_improvement_score(
    baseline: Visit,
    follow_up: Visit,
    population: Population = "juvenile",
    *,
    strength_instrument: str | None = None,
    criteria: ResponseCriteria | None = None,
) -> ResponseResult:
    """The TIS between two visits, each measure's contribution shown.

    ``strength_instrument`` is ``"mmt8"`` or ``"cmas"``; by default MMT8 when recorded at both visits,
    else CMAS (juvenile only: the adult criteria use MMT).
    """
    if population not in ("juvenile", "adult"):
        raise InvalidInput([f"population: got {population!r}; expected 'juvenile' or 'adult'"])
    crit = criteria or load_response_criteria()
    m = crit.measures
    contributions: list[Contribution] = []
    for name in MEASURES:
        rule = m[name]
        if name == "muscle_strength":
            allowed = ["mmt8"] + (["cmas"] if population == "juvenile" else [])
            if strength_instrument is not None and strength_instrument not in allowed:
                raise InvalidInput([f"strength_instrument: got {strength_instrument!r}; expected one of {allowed}"])
            instrument = strength_instrument
            if instrument is None:
                instrument = next((i for i in allowed if getattr(baseline, i) is not None
                                   and getattr(follow_up, i) is not None), allowed[0])
            lo, hi = rule.instruments[instrument]
            contributions.append(_scale_contribution(rule, name, instrument, getattr(baseline, instrument),
                                                     getattr(follow_up, instrument), lo, hi))
        elif name == "muscle_enzyme":
            contributions.append(_enzyme_contribution(rule, baseline, follow_up))
        else:
            attr = {"physical_function": "chaq"}.get(name, name)
            contributions.append(_scale_contribution(rule, name, attr, getattr(baseline, attr),
                                                     getattr(follow_up, attr), rule.scale_min, rule.scale_max))
    tis = round(sum(c.score for c in contributions), 4)
    thr = crit.thresholds[population]
    return ResponseResult(
        population=population, baseline_label=visit_label(baseline), follow_up_label=visit_label(follow_up),
        total_improvement_score=tis, category=thr.category(tis),
        complete=all(c.available for c in contributions), contributions=contributions,
        thresholds={"minimal": thr.minimal, "moderate": thr.moderate, "major": thr.major},
        citation=crit.citation(population), unverified=crit.unverified,
    )


def find_visit(case: Case, ref: str | int) -> Visit:
    """A visit of ``case`` by position (0-based) or by label; a clear error otherwise."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        i = int(ref)
        if 0 <= i < len(case.visits):
            return case.visits[i]
        raise InvalidInput([f"visit: got {i}; expected a position from 0 to {len(case.visits) - 1}"])
    for v in case.visits:
        if v.label == ref:
            return v
    labels = ", ".join(repr(v.label) for v in case.visits if v.label) or "none"
    raise InvalidInput([f"visit: got {ref!r}; expected one of the visit labels: {labels}"])


def population_for(case: Case) -> Population:
    """Juvenile criteria for onset before 18 years (or unknown age in this paediatric tool)."""
    return "adult" if case.age_years is not None and case.age_years >= 18 else "juvenile"
