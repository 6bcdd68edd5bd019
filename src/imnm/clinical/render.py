"""Render an Assessment as plain text (terminal), JSON (stable keys) or HTML (Jinja2 template)."""

from __future__ import annotations

import json

from jinja2 import Environment, PackageLoader, select_autoescape

from imnm.clinical.assessment import Assessment
from imnm.clinical.criteria import EularAcrResult

STATUS_MARK = {"done_normal": "done, normal", "done_abnormal": "done, ABNORMAL", "done": "done",
               "excluded": "ruled out", "missing": "MISSING"}


def to_json(a: Assessment) -> str:
    return json.dumps(json.loads(a.model_dump_json()), indent=2, ensure_ascii=False)


BAND = {"definite": "definite IIM", "probable": "probable IIM", "possible": "possible IIM", "not_iim": "not IIM"}


def _span(low: float, high: float, fmt: str) -> str:
    return format(low, fmt) if low == high else f"{format(low, fmt)} to {format(high, fmt)}"


def eular_line(e: EularAcrResult) -> str:
    """The EULAR/ACR 2017 line: score and probability ranges, and a category only if it holds across them."""
    head = (f"EULAR/ACR 2017 ({'with' if e.with_biopsy else 'without'} biopsy): score {_span(*e.score_range, 'g')}, "
            f"probability {_span(*e.probability_range, '.1%')}")
    if e.category == "requires_muscle_biopsy":
        verdict = f"not classified: {e.biopsy_requirement}"
    elif e.category == "indeterminate":
        low, high = (BAND[b] for b in e.score_category_range)
        verdict = (f"category not assessable: needs {'; '.join(e.unknown) or 'a muscle biopsy'} "
                   f"({low} at the low end, {high} at the high end)")
        if e.biopsy_requirement:
            verdict += f"; {e.biopsy_requirement}"
    else:
        verdict = BAND[e.category]
        if e.unknown:
            verdict += f" across the range (not assessed: {'; '.join(e.unknown)})"
    return f"{head}; {verdict}"


def _missing(a: Assessment, key: str) -> str:
    return f"not assessable: {a.not_assessable[key]}" if key in a.not_assessable else ""


def to_text(a: Assessment) -> str:
    out: list[str] = [f"imnm bedside assessment{f' — {a.case_id}' if a.case_id else ''}", a.disclaimer, ""]
    out.append("Laboratory (x upper limit of normal)" + (f": {_missing(a, 'labs')}" if not a.labs else ""))
    for lab in a.labs:
        out.append(f"  {lab.analyte.value:<28} {lab.value:>9g} {lab.unit:<6} {lab.uln_multiple:>6.1f} x ULN  {lab.flag}")
    out.append("")
    if a.body_surface_area is not None:
        out.append(f"Body surface area: {a.body_surface_area_m2} m2 ({a.body_surface_area.calculation})")
    else:
        out.append(f"Body surface area: {_missing(a, 'body_surface_area_m2')}")
    out.append("")
    out.append("Computed doses of the courses given per kg or per m2 (computed, not prescribed)"
               + (f": {_missing(a, 'doses')}" if "doses" in a.not_assessable else ""))
    for d in a.doses:
        out.append(f"  {d.agent or d.drug.value}: {d.dose:g} {d.unit} — {d.calculation}")
        if d.given_note:
            out.append(f"      {d.given_note}")
        for w in d.warnings:
            out.append(f"      warning: {w}")
    for d in a.absolute_doses:
        out.append(f"  {d.agent or d.drug.value}: {d.calculation}")
    out.append("")
    out.append("Cited regimens computed for this patient"
               + (f": {_missing(a, 'regimens')}" if "regimens" in a.not_assessable else ""))
    for r in a.regimens:
        dose = "—" if r.dose is None else f"{r.dose:g}" + (f"-{r.dose_high:g}" if r.dose_high else "") + f" {r.unit}"
        out.append(f"  {r.label}: {dose} [{r.source}{'' if r.verified else '; UNVERIFIED'}]")
        out.append(f"      {r.calculation}")
    out.append("")
    out.append(f"CMAS {a.cmas.total}/{a.cmas.max}" if a.cmas else f"CMAS: {_missing(a, 'cmas')}")
    out.append(f"MMT8 {a.mmt8.total}/{a.mmt8.max}" if a.mmt8 else f"MMT8: {_missing(a, 'mmt8')}")
    e = a.eular_acr_2017
    out.append(eular_line(e))
    out.append(f"  subclassification: {e.subclass or '—'} ({e.subclass_branch})")
    n = a.enmc_2017
    if "enmc_2017" in a.not_assessable:
        out.append(f"ENMC 2017 IMNM: {_missing(a, 'enmc_2017')}")
    else:
        out.append(f"ENMC 2017 IMNM: {n.subtype or 'no subtype fulfilled'}")
        out.append(f"  met: {'; '.join(n.met) or '—'}")
        out.append(f"  missing: {'; '.join(n.missing) or '—'}")
    if n.contradicted:
        out.append(f"  contradicted: {'; '.join(n.contradicted)}")
    s = a.suspect_imnm
    status = _missing(a, "suspect_imnm") or s.status.replace("_", " ")
    out.append(f"Seed's suspicion rule: {status} — {'; '.join(s.reasons)}")
    for note in a.criteria_agreement:
        out.append(f"  {note}")
    out.append("")
    if "antibodies" in a.not_assessable:
        out.append(f"Antibodies: {_missing(a, 'antibodies')}")
    else:
        out.append("Antibodies" + ("" if a.antibodies else ": no positive antibody recorded"))
    for ab in a.antibodies:
        out.append(f"  {ab.name}: {ab.phenotype}; prognosis {ab.prognosis}; organ risks: {', '.join(ab.organ_risks) or '—'}")
        for st in ab.statements:
            out.append(f"    - {st.text} [{st.source}{'' if st.verified else '; UNVERIFIED'}]")
    out.append("")
    out.append("Work-up" + (f": {_missing(a, 'workup')}" if "workup" in a.not_assessable else ""))
    for w in a.workup:
        line = f"  {w.label:<60} {STATUS_MARK[w.status]}"
        if w.reason:
            line += f"  ({w.reason})"
        out.append(line)
    if a.warnings:
        out.append("")
        out.extend(f"warning: {w}" for w in a.warnings)
    return "\n".join(out) + "\n"


def to_html(a: Assessment) -> str:
    env = Environment(loader=PackageLoader("imnm.report", "templates"), autoescape=select_autoescape(["html"]))
    return env.get_template("assessment.html").render(a=a, status_mark=STATUS_MARK, eular_line=eular_line(a.eular_acr_2017))


def render(a: Assessment, fmt: str) -> str:
    if fmt == "json":
        return to_json(a) + "\n"
    if fmt == "html":
        return to_html(a)
    if fmt == "text":
        return to_text(a)
    raise ValueError(f"format: got {fmt!r}; expected text, json or html")
