"""Render an Assessment as plain text (terminal), JSON (stable keys) or HTML (Jinja2 template)."""

from __future__ import annotations

import json

from jinja2 import Environment, PackageLoader, select_autoescape

from imnm.clinical.assessment import Assessment

STATUS_MARK = {"done_normal": "done, normal", "done_abnormal": "done, ABNORMAL", "done": "done",
               "excluded": "ruled out", "missing": "MISSING"}


def to_json(a: Assessment) -> str:
    return json.dumps(json.loads(a.model_dump_json()), indent=2, ensure_ascii=False)


def to_text(a: Assessment) -> str:
    out: list[str] = [f"imnm bedside assessment{f' — {a.case_id}' if a.case_id else ''}", a.disclaimer, ""]
    out.append("Laboratory (x upper limit of normal)")
    for lab in a.labs:
        out.append(f"  {lab.analyte.value:<28} {lab.value:>9g} {lab.unit:<6} {lab.uln_multiple:>6.1f} x ULN  {lab.flag}")
    out.append("")
    if a.body_surface_area is not None:
        out.append(f"Body surface area: {a.body_surface_area_m2} m2 ({a.body_surface_area.calculation})")
    out.append("")
    out.append("Computed doses of the courses given per kg or per m2 (computed, not prescribed)")
    for d in a.doses:
        out.append(f"  {d.agent or d.drug.value}: {d.dose:g} {d.unit} — {d.calculation}")
        if d.given_note:
            out.append(f"      {d.given_note}")
        for w in d.warnings:
            out.append(f"      warning: {w}")
    for d in a.absolute_doses:
        out.append(f"  {d.agent or d.drug.value}: {d.calculation}")
    out.append("")
    out.append("Cited regimens computed for this patient")
    for r in a.regimens:
        dose = "—" if r.dose is None else f"{r.dose:g}" + (f"-{r.dose_high:g}" if r.dose_high else "") + f" {r.unit}"
        out.append(f"  {r.label}: {dose} [{r.source}{'' if r.verified else '; UNVERIFIED'}]")
        out.append(f"      {r.calculation}")
    out.append("")
    if a.cmas:
        out.append(f"CMAS {a.cmas.total}/{a.cmas.max}")
    if a.mmt8:
        out.append(f"MMT8 {a.mmt8.total}/{a.mmt8.max}")
    e = a.eular_acr_2017
    out.append(f"EULAR/ACR 2017: score {e.score:g} ({'with' if e.with_biopsy else 'without'} biopsy), "
               f"probability {e.probability:.0%}, {e.category.replace('_', ' ')}; {e.subclass_branch}")
    if e.unknown:
        out.append(f"  not assessed: {'; '.join(e.unknown)} (score if all present: {e.max_score_if_unknown_present:g})")
    n = a.enmc_2017
    out.append(f"ENMC 2017 IMNM: {n.subtype or 'no subtype fulfilled'}")
    out.append(f"  met: {'; '.join(n.met) or '—'}")
    out.append(f"  missing: {'; '.join(n.missing) or '—'}")
    if n.contradicted:
        out.append(f"  contradicted: {'; '.join(n.contradicted)}")
    s = a.suspect_imnm
    out.append(f"Seed's suspicion rule: {s.status.replace('_', ' ')} — {'; '.join(s.reasons)}")
    for note in a.criteria_agreement:
        out.append(f"  {note}")
    out.append("")
    out.append("Antibodies")
    for ab in a.antibodies:
        out.append(f"  {ab.name}: {ab.phenotype}; prognosis {ab.prognosis}; organ risks: {', '.join(ab.organ_risks) or '—'}")
        for st in ab.statements:
            out.append(f"    - {st.text} [{st.source}{'' if st.verified else '; UNVERIFIED'}]")
    out.append("")
    out.append("Work-up")
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
    return env.get_template("assessment.html").render(a=a, status_mark=STATUS_MARK)


def render(a: Assessment, fmt: str) -> str:
    if fmt == "json":
        return to_json(a) + "\n"
    if fmt == "html":
        return to_html(a)
    if fmt == "text":
        return to_text(a)
    raise ValueError(f"format: got {fmt!r}; expected text, json or html")
