"""Steroid-refractoriness: no clinical and no enzyme response after an adequate glucocorticoid course.

The definition and its parameters are cited data (``steroid_refractoriness`` in
``knowledge/data/response_criteria_2016.yaml``) and are marked unverified there: no single validated
definition for paediatric IMNM was found. The flag reuses the 2016 ACR/EULAR bands: "no clinical
response" is strength in the lowest band (and TIS below the minimal threshold), "no enzyme response"
is the most abnormal enzyme in the lowest band. It only ever uses dated values: a case whose steroid
phase has no dated assessment is reported as not assessable, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from imnm.clinical.response import ResponseResult, population_for, total_improvement_score, visit_label
from imnm.clinical.timeline import diagnosis_date, month_of
from imnm.knowledge.response import load_response_criteria
from imnm.model import Case, Drug, Visit

WEEKS_PER_MONTH = 52.0 / 12.0

Status = Literal["refractory", "responding", "not_assessable"]


@dataclass(frozen=True)
class RefractoryAssessment:
    status: Status
    reasons: list[str]
    definition: str
    basis: str
    verified: bool
    baseline: str | None = None
    assessment: str | None = None
    response: ResponseResult | None = None
    documented: list[str] = field(default_factory=list)

    @property
    def flag(self) -> bool | None:
        """True when refractory, False when responding, None when it cannot be assessed."""
        return {"refractory": True, "responding": False}.get(self.status)

    def as_dict(self) -> dict:
        return {
            "status": self.status, "flag": self.flag, "reasons": self.reasons,
            "baseline": self.baseline, "assessment": self.assessment,
            "response": self.response.as_dict() if self.response else None,
            "documented_in_record": self.documented, "definition": self.definition,
            "basis": self.basis, "verified": self.verified,
        }


def assess_steroid_refractoriness(case: Case) -> RefractoryAssessment:
    """Apply the operational definition to a case's dated visits and treatment courses."""
    rule = load_response_criteria().refractoriness
    thresholds = load_response_criteria().thresholds[population_for(case)]
    documented = [f"visit '{v.label}'" + (f": {v.notes.strip()}" if v.notes else "")
                  for v in case.visits if v.label and "refractory" in v.label.lower()]

    def result(status: Status, reasons: list[str], **kw) -> RefractoryAssessment:
        return RefractoryAssessment(status, reasons, rule.definition, rule.basis, rule.verified and
                                    rule.minimum_course_weeks_verified, documented=documented, **kw)

    diagnosis = diagnosis_date(case)

    def start_of(course) -> float | None:
        return month_of(course.start_month, course.start, diagnosis)

    def undated_because(what: str, has_calendar_date: bool) -> str:
        if has_calendar_date:
            return (f"{what} is dated by calendar only and the record gives no diagnosis date to place it "
                    "(a visit or lab with both its date and months_from_diagnosis)")
        return f"{what} is not recorded"

    steroids = [t for t in case.treatments if t.drug is Drug.glucocorticoids]
    others = [t for t in case.treatments if t.drug is not Drug.glucocorticoids]
    if not steroids:
        return result("not_assessable", ["no glucocorticoid course is recorded"])
    starts = [m for t in steroids if (m := start_of(t)) is not None]
    if not starts:
        return result("not_assessable", [undated_because(
            "the start of the glucocorticoid course (start or start_month)", any(t.start for t in steroids))])
    gc_start = min(starts)
    undated = [t for t in others if start_of(t) is None]
    if undated:
        names = ", ".join(sorted({t.drug.value for t in undated}))
        return result("not_assessable", [undated_because(
            f"the start of other immunosuppression ({names})", any(t.start for t in undated))
            + ", so the steroid-only period cannot be delimited"])
    escalation = min((start_of(t) for t in others), default=None)
    placed = [(month_of(v.months_from_diagnosis, v.date, diagnosis), v) for v in case.visits]
    dated_pairs = sorted(((m, v) for m, v in placed if m is not None), key=lambda mv: mv[0])
    month = {id(v): m for m, v in dated_pairs}
    dated = [v for _, v in dated_pairs]
    before = [v for v in dated if month[id(v)] <= gc_start]
    if not before:
        return result("not_assessable", [f"no dated assessment at or before the glucocorticoid start (month {gc_start:g})"])
    baseline: Visit = before[-1]
    earliest = gc_start + rule.minimum_course_weeks / WEEKS_PER_MONTH
    window = [v for v in dated if month[id(v)] >= earliest
              and (escalation is None or month[id(v)] < escalation)]
    if not window:
        span = f"month {earliest:.1f}" + (f" to before month {escalation:g}" if escalation is not None else " onwards")
        return result("not_assessable", [
            f"no dated assessment on glucocorticoids alone after at least {rule.minimum_course_weeks:g} weeks ({span})"],
            baseline=visit_label(baseline))
    follow = window[-1]
    resp = total_improvement_score(baseline, follow, population_for(case))
    by = {c.measure: c for c in resp.contributions}
    strength, enzyme = by["muscle_strength"], by["muscle_enzyme"]
    reasons: list[str] = []
    clinical_response: bool | None
    if not strength.available:
        clinical_response = None
        reasons.append("strength (CMAS/MMT8) not recorded at both assessments")
    elif strength.score > 0 or (resp.total_improvement_score >= thresholds.minimal):
        clinical_response = True
        reasons.append(f"clinical response: strength {strength.band}, TIS {'>= ' if not resp.complete else ''}"
                       f"{resp.total_improvement_score:g}")
    else:
        clinical_response = False
        reasons.append(f"no clinical response: strength {strength.band}; " + (
            f"TIS {resp.total_improvement_score:g} below {thresholds.minimal:g}" if resp.complete
            else f"TIS not computable ({len(resp.missing)} core set measures missing), strength band used"))
    if not enzyme.available:
        enzyme_response = None
        reasons.append("no muscle enzyme at both assessments")
    else:
        enzyme_response = enzyme.score > 0
        reasons.append(f"{'enzyme response' if enzyme_response else 'no enzyme response'}: "
                       f"{enzyme.instrument} {enzyme.baseline:g} -> {enzyme.follow_up:g} ({enzyme.band})")
    kw = {"baseline": visit_label(baseline), "assessment": visit_label(follow), "response": resp}
    if clinical_response is False and enzyme_response is False:
        return result("refractory", reasons, **kw)
    if clinical_response or enzyme_response:
        return result("responding", reasons, **kw)
    return result("not_assessable", reasons, **kw)
