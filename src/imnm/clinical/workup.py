"""Which parts of the work-up are done, abnormal or still missing for this patient.

The checklist is the seed's: a broad differential (infectious, neurological, metabolic, toxic,
endocrine, oncological, autoimmune) and a systemic evaluation (heart, lungs, swallowing, muscle MRI,
EMG, biopsy with HLA class I, p62 and MAC), plus what each positive antibody calls for.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imnm.clinical.prognosis import AntibodyPrognosis
from imnm.knowledge.workup import DifferentialGroup, WorkupCatalogue, default_workup
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
    stain = _STAINS.get(item)
    if stain:
        value = getattr(bx, stain) if bx.performed else None
        if value is None:
            return "missing", None
        return ("done_normal" if value == "absent" else "done_abnormal"), f"{stain}: {value}"
    return None


_STAINS = {"biopsy_hla_class_i": "hla_class_i", "biopsy_p62": "p62", "biopsy_mac": "mac"}


def _antibody_panel(case: Case) -> tuple[Status, str]:
    tested = [ab for ab in case.antibodies if ab.result is not AntibodyResult.not_tested]
    # an antigen recorded twice counts by its first record, as Case.antibody reads it
    first = {}
    for ab in case.antibodies:
        first.setdefault(ab.antigen, ab.result)
    untested = [a.value for a in (Antigen.srp, Antigen.hmgcr)
                if first.get(a, AntibodyResult.not_tested) is AntibodyResult.not_tested]
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
    panel = _antibody_panel(case)
    out: list[WorkupStatus] = []
    for g in cat.differential_groups:
        if g.id == "autoimmune":
            status, result = panel
            status = "done_abnormal" if status == "done_abnormal" else ("excluded" if g.id in excluded else status)
            out.append(WorkupStatus(item=g.id, label=g.label, kind="differential", group="differential",
                                    status=status, result=result, source=cat.source(g.source).short,
                                    verified=g.verified))
        else:
            out.append(_differential_row(cat, g, g.id in excluded))
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
            status, result = panel
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


def _differential_row(cat: WorkupCatalogue, group: DifferentialGroup, excluded: bool) -> WorkupStatus:
    """A differential group other than the autoimmune one: ruled out or missing, nothing of the patient's
    but that, so the shipped catalogue's rows are built once per process (results are frozen)."""
    if cat is default_workup():
        shipped = _shipped_differential_rows().get((id(group), excluded))
        if shipped is not None:
            return shipped
    return _build_differential_row(cat, group, excluded)


def _build_differential_row(cat: WorkupCatalogue, group: DifferentialGroup, excluded: bool) -> WorkupStatus:
    status, result = ("excluded", "ruled out") if excluded else ("missing", None)
    return WorkupStatus(item=group.id, label=group.label, kind="differential", group="differential",
                        status=status, result=result, source=cat.source(group.source).short, verified=group.verified)


@cache
def _shipped_differential_rows() -> dict[tuple[int, bool], WorkupStatus]:
    """By object: the shipped catalogue lives as long as the process, so its groups' ids never repeat."""
    cat = default_workup()
    return {(id(g), excluded): _build_differential_row(cat, g, excluded)
            for g in cat.differential_groups for excluded in (False, True)}
