"""Which parts of the work-up are done, abnormal or still missing for this patient.

The checklist is the seed's: a broad differential (infectious, neurological, metabolic, toxic,
endocrine, oncological, autoimmune) and a systemic evaluation (heart, lungs, swallowing, muscle MRI,
EMG, biopsy with HLA class I, p62 and MAC), plus what each positive antibody calls for.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from imnm.clinical.prognosis import AntibodyPrognosis
from imnm.knowledge.workup import WorkupCatalogue, default_workup
from imnm.model.case import Case
from imnm.model.vocabulary import AntibodyResult, Antigen

Status = Literal["done_normal", "done_abnormal", "done", "excluded", "missing"]


class WorkupStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    item: str
    label: str
    kind: Literal["differential", "systemic"]
    group: str
    status: Status
    result: str | None = None
    reason: str | None = None
    source: str
    verified: bool


def _from_done(done: bool, abnormal: bool | None) -> Status:
    if not done:
        return "missing"
    return "done" if abnormal is None else ("done_abnormal" if abnormal else "done_normal")


def _findings_status(item: str, case: Case) -> tuple[Status, str | None] | None:
    f = case.findings
    if item == "emg" and f.electromyography is not None:
        e = f.electromyography
        return _from_done(e.performed, e.myopathic), e.text
    if item == "muscle_mri" and f.magnetic_resonance is not None:
        m = f.magnetic_resonance
        abn = None if m.oedema is None and m.fatty_replacement is None else bool(m.oedema or m.fatty_replacement)
        return _from_done(m.performed, abn), m.text
    bx = f.muscle_biopsy
    if bx is None:
        return None
    if item == "muscle_biopsy":
        flags = [bx.necrosis, bx.regeneration, bx.perifascicular_atrophy, bx.rimmed_vacuoles]
        abn = None if all(v is None for v in flags) else any(bool(v) for v in flags)
        return _from_done(bx.performed, abn), bx.text
    stain = {"biopsy_hla_class_i": "hla_class_i", "biopsy_p62": "p62", "biopsy_mac": "mac"}.get(item)
    if stain:
        value = getattr(bx, stain) if bx.performed else None
        if value is None:
            return "missing", None
        return ("done_normal" if value == "absent" else "done_abnormal"), f"{stain}: {value}"
    return None


def _antibody_panel(case: Case) -> tuple[Status, str]:
    tested = [ab for ab in case.antibodies if ab.result is not AntibodyResult.not_tested]
    untested = [a.value for a in (Antigen.srp, Antigen.hmgcr) if case.antibody(a) is AntibodyResult.not_tested]
    if not tested:
        return "missing", "no myositis antibodies recorded"
    pos = [ab.antigen.value for ab in tested if ab.result is AntibodyResult.positive]
    text = f"positive: {', '.join(pos) or 'none'}"
    if untested:
        text += f"; not recorded: anti-{', anti-'.join(u.upper() for u in untested)}"
    return ("done_abnormal" if pos else "done_normal"), text


def workup_checklist(case: Case, antibodies: list[AntibodyPrognosis] | None = None,
                     catalogue: WorkupCatalogue | None = None) -> list[WorkupStatus]:
    """The checklist for this patient: every differential group and evaluation item with its status."""
    cat = catalogue or default_workup()
    recorded = {cat.canonical(w.item): w for w in case.workup}
    excluded = {cat.canonical(g) for g in case.differential_excluded}
    out: list[WorkupStatus] = []
    for g in cat.differential_groups:
        src = cat.source(g.source).short
        if g.id == "autoimmune":
            status, result = _antibody_panel(case)
            status = "done_abnormal" if status == "done_abnormal" else ("excluded" if g.id in excluded else status)
        else:
            status, result = ("excluded", "ruled out") if g.id in excluded else ("missing", None)
        out.append(WorkupStatus(item=g.id, label=g.label, kind="differential", group="differential",
                                status=status, result=result, source=src, verified=g.verified))
    wanted: dict[str, str | None] = {i.id: None for i in cat.systemic_evaluation}
    for ab in antibodies or []:
        for item in ab.workup:
            key = cat.canonical(item)
            reason = f"called for by anti-{ab.antigen.upper()}"
            wanted[key] = reason if wanted.get(key) is None else f"{wanted[key]}; {reason}"
    for key, reason in wanted.items():
        spec = cat.item(key)
        if spec is None:
            continue
        if key == "myositis_antibody_panel":
            status, result = _antibody_panel(case)
        elif key in recorded:
            w = recorded[key]
            status, result = _from_done(w.done, w.abnormal), w.result
        else:
            found = _findings_status(key, case)
            status, result = found if found is not None else ("missing", None)
        out.append(WorkupStatus(item=key, label=spec.label, kind="systemic", group=spec.group, status=status,
                                result=result, reason=reason or spec.note, source=cat.source(spec.source).short,
                                verified=spec.verified))
    return out
