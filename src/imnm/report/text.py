"""Plain-text reports for the terminal: the cohort summary and one case in full."""

from __future__ import annotations

from imnm.cohort.statistics import CohortSummary
from imnm.model import Case, TreatmentCourse

#: How each recorded frequency reads after a dose: 2 mg/kg/day, 10 mg every 2 weeks.
DOSE_PERIOD = {"once": " once", "daily": "/day", "weekly": "/week", "every_2_weeks": " every 2 weeks",
               "monthly": "/month", "cycle": " per cycle"}
ANTIBODY_BASIS = {"reported": "reported for this patient",
                  "inclusion_criterion": "by the inclusion criterion of the review"}


def _checks_line(s: CohortSummary) -> str | None:
    """How far the records rest on the original articles, and who was counted once."""
    c = s.checks
    if not c:
        return None
    line = (f"Checked against the original articles: {c['fields_checked']} fields in {c['records_checked']} records "
            f"({c['fields_agree']} agree, {c['fields_differ']} differ); other values are the source's only.")
    if c["same_patient_left_out"]:
        line += " Counted once (same patient as another record): " + ", ".join(c["same_patient_left_out"]) + "."
    elif c["as_published"]:
        line += " Counted as published: every record, as the letter did."
    return line


def summary_text(s: CohortSummary) -> str:
    """The cohort summary as a clinician reads it; intervals are exact (Clopper-Pearson) 95%."""
    lines = [
        (f"Patients: {s.n_patients} in {s.n_records} records "
         f"({s.n_individual} described individually, {s.n_aggregate_patients} only in aggregate rows)"),
        "Counts below are over the individually described patients; 95% CI exact (Clopper-Pearson).",
    ]
    if checks := _checks_line(s):
        lines.append(checks)
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


def dose_text(course: TreatmentCourse) -> str:
    """The dose with its period, so 60 mg is never read as 60 mg a week when it was 60 mg a day."""
    if course.dose is None and course.dose_given is None:
        return ""
    if course.frequency is not None:
        period = DOSE_PERIOD[course.frequency]
    elif course.n_doses or course.interval_days:
        period = " per dose"
    else:
        period = ""
    parts = [f"{course.dose:g} {course.dose_unit}{period}" if course.dose is not None else ""]
    if course.dose_given is not None:
        parts.append(f"(given {course.dose_given:g} {course.dose_given_unit}{period})")
    text = " ".join(p for p in parts if p)
    if not period:
        text += " (frequency not recorded)"
    if course.n_doses:
        text += f", {course.n_doses} dose{'s' if course.n_doses > 1 else ''}"
        if course.interval_days:
            text += f" {course.interval_days} days apart"
    elif course.interval_days:
        text += f", every {course.interval_days} days"
    if course.duration_days:
        text += f", for {course.duration_days} days"
    return text


def _marker(case: Case):
    """How a value of a published record stands against its original: checked and agreeing, differing
    (with the original's value from its review flag), or taken from the secondary source only."""
    p = case.provenance
    if case.source_kind != "literature" or p is None:
        return lambda key: ""
    originals = {f.field: f.alternative for f in case.review_flags if f.alternative}

    def mark(key: str) -> str:
        result = p.checked_fields.get(key) or p.checked_fields.get(key.split(".")[0])
        if result == "agrees":
            return " [checked: agrees]"
        if result == "differs":
            return f" [checked: differs, original: {originals.get(key, 'see review flag')}]"
        return " [from the letter only]" if p.sources_read or p.checked_fields or case.citation else ""
    return mark


def case_text(case: Case) -> str:
    """One case in full, with provenance and the review flags a reviewer must see."""
    r = case.export_record()
    mark = _marker(case)
    lines = [f"{case.id}: {case.article or 'local case'}" + (f" ({case.case_label})" if case.case_label else "")]
    if case.aggregate:
        lines.append(f"aggregate record of {case.n_cases} patients")
    age = "age_at_presentation_years" if case.age_at_presentation_years is not None else "age_years"
    lines.append(f"sex {r['sex'] or '-'}{mark('sex')}, age {case.age_as_written or r['age_years'] or '-'}{mark(age)}, "
                 f"ethnicity {case.ethnicity or 'not reported'}{mark('ethnicity') if case.ethnicity else ''}")
    if case.weight_kg or case.body_surface_area_m2:
        lines.append(f"weight {case.weight_kg or '-'} kg, height {case.height_cm or '-'} cm, "
                     f"BSA {case.body_surface_area_m2 or '-'} m2")
    if case.presentation.text:
        lines.append(f"presentation: {case.presentation.text}")
    for lab in case.labs:
        ref = (f" [ref {lab.reference_low:g}-{lab.reference_high:g}]"
               if lab.reference_low is not None and lab.reference_high is not None else "")
        lines.append(f"lab: {lab.analyte.value} {lab.value:g} {lab.unit}{ref}{mark('labs.' + lab.analyte.value)}")
    for ab in case.antibodies:
        basis = f" ({ANTIBODY_BASIS[ab.basis]})" if ab.basis else ""
        lines.append(f"antibody: {ab.antigen.value} {ab.result.value}{basis}{mark('antibodies.' + ab.antigen.value)}")
    if r["features"]:
        lines.append("features: " + ", ".join(f + mark("features." + f) for f in r["features"]))
    for t in case.treatments:
        agent = f" ({t.agent})" if t.agent else ""
        dose = dose_text(t)
        lines.append(f"treatment: {t.drug.value}{agent}" + (f" {dose}" if dose else "")
                     + (f" - {t.as_written}" if t.as_written else "") + mark("treatments." + t.drug.value))
    for v in case.visits:
        when = v.date or (f"month {v.months_from_diagnosis:g}" if v.months_from_diagnosis is not None else "undated")
        scores = ", ".join(f"{k} {getattr(v, k)}" for k in ("cmas", "mmt8") if getattr(v, k) is not None)
        lines.append(f"visit: {v.label or ''} ({when}) {scores}".rstrip())
    lines.append(f"outcome: {case.outcome_class.value} - {case.outcome.outcome_text or 'not reported'}"
                 + mark("outcome"))
    if case.provenance:
        p = case.provenance
        where = f"; {p.location}" if p.location else ""
        lines.append(f"provenance: {p.source}{where}; verified against original: "
                     f"{'yes' if p.verified_against_original else 'no'}")
        if p.checked_fields:
            read = "; ".join(f"{s.part} {s.where}" for s in p.sources_read)
            flags = {f.field: f for f in case.review_flags}
            differ = [f"{k} [checked: differs, letter: {flags[k].source_value}, original: {flags[k].alternative}]"
                      if k in flags else f"{k} [checked: differs]"
                      for k, v in p.checked_fields.items() if v == "differs"]
            lines.append(f"checked against the original ({read}): {len(p.checked_fields)} fields, "
                         f"{len(differ)} differ" + (f": {'; '.join(differ)}" if differ else ""))
        if p.same_patient_as:
            lines.append(f"same patient as {p.same_patient_as} (counted once unless counting as published)")
        if p.notes:
            lines.append(f"provenance notes: {p.notes}")
    c = case.citation
    if c is not None and (c.doi or c.pmid or c.identification):
        ids = ", ".join(x for x in (f"doi {c.doi}" if c.doi else "", f"PMID {c.pmid}" if c.pmid else "") if x)
        lines.append(f"article: {c.title or c.article}" + (f" ({c.journal})" if c.journal else "")
                     + (f"; {ids}" if ids else "") + (f"; identified: {c.identification}" if c.identification else ""))
    for flag in case.review_flags:
        lines.append(f"REVIEW FLAG ({flag.kind}) {flag.field}: {flag.message}")
    return "\n".join(lines)
