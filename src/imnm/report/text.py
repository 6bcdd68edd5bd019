"""Plain-text reports for the terminal: the cohort summary and one case in full."""

from __future__ import annotations

from imnm.cohort.statistics import CohortSummary
from imnm.model import Case


def summary_text(s: CohortSummary) -> str:
    """The cohort summary as a clinician reads it; intervals are exact (Clopper-Pearson) 95%."""
    lines = [
        (f"Patients: {s.n_patients} in {s.n_records} records "
         f"({s.n_individual} described individually, {s.n_aggregate_patients} only in aggregate rows)"),
        "Counts below are over the individually described patients; 95% CI exact (Clopper-Pearson).",
    ]
    if s.sex:
        lines.append("Sex: " + "; ".join(f"{k} {v}" for k, v in s.sex.items()))
    a, c = s.age_years, s.ck_iu_l
    if a.n:
        lines.append(f"Age at onset, years: median {a.median:g} (range {a.minimum:g}-{a.maximum:g}; n={a.n})")
    if c.n:
        lines.append(f"CK, IU/L: median {c.median:,.0f} (range {c.minimum:,.0f}-{c.maximum:,.0f}; n={c.n})")
    lines.append("Features:")
    lines += [f"  {k:<26} {v}" for k, v in s.features.items()]
    lines.append("Treatments:")
    lines += [f"  {k:<26} {v}" for k, v in s.treatments.items()]
    lines.append("Outcomes (worst to best):")
    lines += [f"  {k:<26} {v}" for k, v in s.outcomes.items()]
    if s.good_outcome:
        lines.append(f"Good outcome (marked improvement or remission), of known outcomes: {s.good_outcome}")
    if s.aggregates:
        lines.append("Aggregate records (not split into individuals, not in the counts above):")
        for agg in s.aggregates:
            lines.append(f"  {agg['article']}: {agg['n_cases']} patients"
                         + (f", ages {agg['age_min_years']:g}-{agg['age_max_years']:g}"
                            if agg["age_min_years"] is not None else ""))
    return "\n".join(lines)


def case_text(case: Case) -> str:
    """One case in full, with provenance and the review flags a reviewer must see."""
    r = case.export_record()
    lines = [f"{case.id}: {case.article or 'local case'}" + (f" ({case.case_label})" if case.case_label else "")]
    if case.aggregate:
        lines.append(f"aggregate record of {case.n_cases} patients")
    lines.append(f"sex {r['sex'] or '-'}, age {case.age_as_written or r['age_years'] or '-'}, "
                 f"ethnicity {case.ethnicity or 'not reported'}")
    if case.weight_kg or case.body_surface_area_m2:
        lines.append(f"weight {case.weight_kg or '-'} kg, height {case.height_cm or '-'} cm, "
                     f"BSA {case.body_surface_area_m2 or '-'} m2")
    if case.presentation.text:
        lines.append(f"presentation: {case.presentation.text}")
    for lab in case.labs:
        ref = (f" [ref {lab.reference_low:g}-{lab.reference_high:g}]"
               if lab.reference_low is not None and lab.reference_high is not None else "")
        lines.append(f"lab: {lab.analyte.value} {lab.value:g} {lab.unit}{ref}")
    for ab in case.antibodies:
        lines.append(f"antibody: {ab.antigen.value} {ab.result.value}")
    if r["features"]:
        lines.append("features: " + ", ".join(r["features"]))
    for t in case.treatments:
        dose = f" {t.dose:g} {t.dose_unit}" if t.dose else ""
        given = f" (given {t.dose_given:g} {t.dose_given_unit})" if t.dose_given else ""
        lines.append(f"treatment: {t.drug.value}{dose}{given}" + (f" - {t.as_written}" if t.as_written else ""))
    for v in case.visits:
        when = v.date or (f"month {v.months_from_diagnosis:g}" if v.months_from_diagnosis is not None else "undated")
        scores = ", ".join(f"{k} {getattr(v, k)}" for k in ("cmas", "mmt8") if getattr(v, k) is not None)
        lines.append(f"visit: {v.label or ''} ({when}) {scores}".rstrip())
    lines.append(f"outcome: {case.outcome_class.value} - {case.outcome.outcome_text or 'not reported'}")
    if case.provenance:
        p = case.provenance
        lines.append(f"provenance: {p.source}; {p.location or ''}; verified against original: "
                     f"{'yes' if p.verified_against_original else 'no'}")
    for flag in case.review_flags:
        lines.append(f"REVIEW FLAG ({flag.kind}) {flag.field}: {flag.message}")
    return "\n".join(lines)
