"""Patients like mine: the published (and registry) cases most similar to one case, explainably.

Similarity is a weighted mean of per-feature similarities in [0, 1] (Gower's approach for mixed data),
over the features known in both cases; every component is returned, so a clinician sees *why* two
cases are close. Components:

- age: 1 - |difference| / 18 years (the paediatric span);
- sex: 1 if equal, else 0;
- creatine kinase: 1 - |difference of log10 CK| / 1.5 (1.5 decades, e.g. 1 000 vs ~32 000 IU/L, is 0);
- antibodies: Jaccard overlap of the positive antibodies among the antigens tested in both cases (an
  antigen one case was never tested for says nothing), 1 when both are negative for all of them;
- extramuscular features: Jaccard overlap of the core features present (dysphagia, pulmonary,
  cardiac, cutaneous, arthritis, Raynaud), 1 when neither has any.

Table 1 has no antibody column; its cases record anti-SRP as positive with basis
``inclusion_criterion`` (the review took only anti-SRP cases), so they compare on SRP alone.
Aggregate records (several patients in one row) are never matched. A case never matches its own
record: the same id, the same citation (DOI, or first author + year, with the same case label: one
article can report several children), a record flagged as a possible duplicate of it, or the same
patient (same sex, age and CK).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from imnm.model import CORE_FEATURES, AntibodyResult, Case

WEIGHTS = {"age": 1.0, "sex": 0.5, "creatine_kinase": 1.0, "antibodies": 1.0, "extramuscular": 1.0}
AGE_SPAN_YEARS = 18.0
CK_SPAN_LOG10 = 1.5
SRP_INCLUSION_NOTE = (
    "Published Table 1 cases are anti-SRP positive by the review's inclusion criterion (the table has no "
    "antibody results per case); antibodies are compared only over the antigens tested in both cases."
)


def tested_antibodies(case: Case) -> dict[str, bool]:
    """Antigen -> positive?, for the antigens with a result (``not_tested`` entries say nothing)."""
    return {a.antigen.value: a.result is AntibodyResult.positive
            for a in case.antibodies if a.result is not AntibodyResult.not_tested}


def positive_antibodies(case: Case) -> set[str]:
    """Positive antibodies as recorded (Table 1 cases record anti-SRP by the review's inclusion criterion)."""
    return {antigen for antigen, positive in tested_antibodies(case).items() if positive}


def antibody_agreement(query: dict[str, bool], other: dict[str, bool]) -> float:
    """Jaccard overlap of the positives over the antigens tested in both (1 when both all negative)."""
    shared = query.keys() & other.keys()
    return _jaccard({a for a in shared if query[a]}, {a for a in shared if other[a]})


def core_features(case: Case) -> set[str]:
    present = set(case.features_present)
    return {f.value for f in CORE_FEATURES if f in present}


def _citation_key(case: Case) -> tuple | None:
    if case.citation is None:
        return None
    return (case.citation.first_author.strip().lower(), case.citation.year, (case.case_label or "").lower())


def same_record(a: Case, b: Case) -> str | None:
    """Why ``b`` is ``a``'s own record (or the same patient), or None."""
    if a.id and b.id and a.id == b.id:
        return "same id"
    # A DOI names an article, not a patient: cases 1 and 2 of one report share it and are different children.
    same_label = (a.case_label or "").strip().lower() == (b.case_label or "").strip().lower()
    doi_a = a.citation.doi.lower() if a.citation and a.citation.doi else None
    doi_b = b.citation.doi.lower() if b.citation and b.citation.doi else None
    if doi_a and doi_a == doi_b and same_label:
        return "same DOI"
    ka, kb = _citation_key(a), _citation_key(b)
    if ka is not None and ka == kb and not (doi_a and doi_b and doi_a != doi_b):
        return "same citation"
    if (b.id and b.id in {f.alternative for f in a.review_flags if f.kind == "possible_duplicate"}) or (
            a.id and a.id in {f.alternative for f in b.review_flags if f.kind == "possible_duplicate"}):
        return "flagged as a possible duplicate of the same patient"
    if (a.sex is not None and a.sex == b.sex and a.age_years is not None and a.age_years == b.age_years
            and a.ck_iu_l is not None and a.ck_iu_l == b.ck_iu_l):
        return "same patient (same sex, age and CK)"
    return None


@dataclass(frozen=True)
class Component:
    feature: str
    similarity: float
    weight: float
    query_value: str
    match_value: str

    def as_dict(self) -> dict:
        return {"feature": self.feature, "similarity": round(self.similarity, 3), "weight": self.weight,
                "case": self.query_value, "match": self.match_value}


@dataclass(frozen=True)
class Match:
    case: Case
    similarity: float
    components: list[Component]
    excluded_features: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        c = self.case
        return {
            "id": c.id,
            "article": c.article or ("local registry case" if c.source_kind == "local" else None),
            "year": c.citation.year if c.citation else None,
            "source_kind": c.source_kind,
            "similarity": round(self.similarity, 3),
            "components": [x.as_dict() for x in self.components],
            "not_compared": self.excluded_features,
            "sex": c.sex.value if c.sex else None,
            "age_years": c.age_years,
            "ck_iu_l": c.ck_iu_l,
            "antibodies_positive": sorted(positive_antibodies(c)),
            "extramuscular": sorted(core_features(c)),
            "treatments": [d.value for d in c.drugs],
            "outcome_class": c.outcome_class.value,
            "outcome_text": c.outcome.outcome_text,
            "possible_duplicate_of": [f.alternative for f in c.review_flags if f.kind == "possible_duplicate"],
        }


def _fmt(v) -> str:
    if v is None:
        return "not recorded"
    if isinstance(v, set):
        return ", ".join(sorted(v)) or "none"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _fmt_antibodies(results: dict[str, bool]) -> str:
    return ", ".join(f"{a}{'+' if pos else '-'}" for a, pos in sorted(results.items()))


def _jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(query: Case, other: Case) -> Match:
    """Explainable similarity of ``other`` to ``query`` (weighted mean over features known in both)."""
    comps: list[Component] = []
    missing: list[str] = []

    def add(name: str, qv, ov, fn):
        if qv is None or ov is None:
            missing.append(name)
            return
        comps.append(Component(name, max(0.0, min(1.0, fn(qv, ov))), WEIGHTS[name], _fmt(qv), _fmt(ov)))

    add("age", query.age_years, other.age_years, lambda a, b: 1 - abs(a - b) / AGE_SPAN_YEARS)
    add("sex", query.sex.value if query.sex else None, other.sex.value if other.sex else None,
        lambda a, b: float(a == b))
    add("creatine_kinase", query.ck_iu_l, other.ck_iu_l,
        lambda a, b: 1 - abs(math.log10(max(a, 1)) - math.log10(max(b, 1))) / CK_SPAN_LOG10)
    qa, oa = tested_antibodies(query), tested_antibodies(other)
    if qa.keys() & oa.keys():
        comps.append(Component("antibodies", antibody_agreement(qa, oa), WEIGHTS["antibodies"],
                               _fmt_antibodies(qa), _fmt_antibodies(oa)))
    else:
        missing.append("antibodies")
    add("extramuscular", core_features(query), core_features(other), _jaccard)
    total_w = sum(c.weight for c in comps)
    score = sum(c.similarity * c.weight for c in comps) / total_w if total_w else 0.0
    return Match(other, score, comps, missing)


@dataclass
class SimilarCases:
    matches: list[Match]
    excluded: list[dict]
    notes: list[str]

    def as_dict(self) -> dict:
        return {"matches": [m.as_dict() for m in self.matches], "excluded": self.excluded, "notes": self.notes}


def most_similar(query: Case, pool: list[Case], k: int = 5) -> SimilarCases:
    """The ``k`` most similar individual cases of ``pool`` (ties broken by newer publication, then id)."""
    excluded: list[dict] = []
    candidates: list[Match] = []
    for other in pool:
        if other.aggregate:
            continue
        why = same_record(query, other)
        if why:
            excluded.append({"id": other.id, "article": other.article, "reason": why})
            continue
        candidates.append(similarity(query, other))
    # the k best in one pass (N log k), in the order a full sort would give
    best = heapq.nsmallest(k, candidates, key=lambda m: (
        -m.similarity, -(m.case.citation.year if m.case.citation else 9999), m.case.id or ""))
    notes = [
        SRP_INCLUSION_NOTE,
        "Aggregate records (Rider 2013, Suzuki 2015, Kishi 2017) summarise several patients and are not matched.",
        ("Similarity is descriptive: it finds published children who resembled this one at onset; their "
        "treatments and outcomes are reports, not predictions or recommendations."),
    ]
    return SimilarCases(best, excluded, notes)
