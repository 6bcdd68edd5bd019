"""The full bedside assessment of one child: every calculator run on the same Case, one pydantic result.

The JSON keys are stable (the CLI, the web page and tests read them): ``labs``, ``body_surface_area_m2``,
``doses``, ``absolute_doses``, ``regimens``, ``cmas``, ``mmt8``, ``eular_acr_2017``, ``enmc_2017``,
``suspect_imnm``, ``criteria_agreement``, ``antibodies``, ``workup``, ``not_assessable``, ``warnings``,
``disclaimer``.

Not assessed is not absent: ``not_assessable`` maps each section whose inputs are missing to
"needs ..." (the fields to fill in), so an empty input never reads as a normal or negative result.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from imnm.clinical.bsa import BodySurfaceArea, Method, body_surface_area, resolve_body_surface_area
from imnm.clinical.criteria import (
    EnmcResult,
    EularAcrResult,
    SuspicionResult,
    agreement,
    enmc,
    eular_acr,
    suspect_imnm,
)
from imnm.clinical.dosing import (
    ComputedDose,
    NormalisedDose,
    RegimenDose,
    dose_for_course,
    normalise_absolute_dose,
    regimen_doses,
)
from imnm.clinical.labs import LabAssessment, assess_labs
from imnm.clinical.prognosis import AntibodyPrognosis, antibody_prognosis
from imnm.clinical.scores import ScoreResult, cmas_score, mmt8_score
from imnm.clinical.workup import WorkupStatus, workup_checklist
from imnm.knowledge.ranges import ReferenceRangeTable
from imnm.model.case import Case, Visit

DISCLAIMER = ("Decision support only: computed values for a clinician to check, not a prescription. "
              "Every dose shows its formula, inputs, cap and rounding; items marked UNVERIFIED were not "
              "checked against their source.")


class Assessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    case_id: str | None
    labs: list[LabAssessment]
    body_surface_area_m2: float | None
    body_surface_area: BodySurfaceArea | None
    weight_kg: float | None
    doses: list[ComputedDose]
    absolute_doses: list[NormalisedDose]
    regimens: list[RegimenDose]
    cmas: ScoreResult | None
    mmt8: ScoreResult | None
    eular_acr_2017: EularAcrResult
    enmc_2017: EnmcResult
    suspect_imnm: SuspicionResult
    criteria_agreement: list[str]
    antibodies: list[AntibodyPrognosis]
    workup: list[WorkupStatus]
    not_assessable: dict[str, str]
    warnings: list[str]
    disclaimer: str = DISCLAIMER


def _baseline_visit(case: Case) -> Visit | None:
    """The visit at diagnosis: labelled 'diagnosis', else the earliest by month from diagnosis."""
    for v in case.visits:
        if v.label and v.label.strip().lower() == "diagnosis":
            return v
    timed = [v for v in case.visits if v.months_from_diagnosis is not None]
    return min(timed, key=lambda v: v.months_from_diagnosis) if timed else (case.visits[0] if case.visits else None)


def _workup_recorded(case: Case) -> bool:
    f = case.findings
    return bool(case.workup or case.differential_excluded or case.antibodies
                or f.electromyography or f.magnetic_resonance or f.muscle_biopsy)


def not_assessable(case: Case, a: dict) -> dict[str, str]:
    """Each section whose inputs are missing, with what it needs (keys are the Assessment's JSON keys)."""
    out: dict[str, str] = {}
    if not case.labs:
        out["labs"] = "needs at least one laboratory result (labs: analyte, value, unit, reference range)"
    if a["body_surface_area"] is None:
        out["body_surface_area_m2"] = "needs weight_kg and height_cm, or body_surface_area_m2"
    if not case.treatments:
        out["doses"] = "needs the treatment courses (treatments: drug, dose and dose unit)"
    if case.weight_kg is None:
        out["regimens"] = "needs weight_kg (and height_cm or body_surface_area_m2 for doses per m2)"
    if a["cmas"] is None:
        out["cmas"] = "needs the CMAS item scores (examination.cmas_items) or a CMAS total at a visit"
    if a["mmt8"] is None:
        out["mmt8"] = "needs the MMT8 item scores (examination.mmt8_items) or an MMT8 total at a visit"
    eular: EularAcrResult = a["eular"]
    if eular.category == "indeterminate":
        out["eular_acr_2017"] = "needs " + "; ".join(eular.unknown) if eular.unknown else "needs a muscle biopsy"
    elif eular.category == "requires_muscle_biopsy":
        out["eular_acr_2017"] = "needs a muscle biopsy (no heliotrope rash, Gottron's papules or Gottron's sign)"
    enmc_result: EnmcResult = a["enmc"]
    if enmc_result.subtype is None and enmc_result.needs:
        out["enmc_2017"] = "needs " + "; ".join(enmc_result.needs)
    suspicion: SuspicionResult = a["suspicion"]
    if suspicion.status == "incomplete":
        out["suspect_imnm"] = "needs " + "; ".join(suspicion.needs)
    if all(ab.result.value == "not_tested" for ab in case.antibodies):
        out["antibodies"] = "needs myositis antibody results (antibodies: antigen and result)"
    if not _workup_recorded(case):
        out["workup"] = ("needs the work-up done so far (workup, differential_excluded, findings, antibodies); "
                         "every item below is listed as missing")
    return out


def assess(case: Case, bsa_method: Method = "mosteller", ranges: ReferenceRangeTable | None = None) -> Assessment:
    """Run every calculator on the case; raises ValueError (field, value, expected) on unusable input."""
    warnings: list[str] = []
    labs = assess_labs(case.labs, case.age_years, case.sex, ranges)
    bsa = resolve_body_surface_area(case.weight_kg, case.height_cm, case.body_surface_area_m2, bsa_method)
    bsa_m2 = round(bsa.value_m2, 2) if bsa else None
    if case.body_surface_area_m2 is not None and case.height_cm is not None and case.weight_kg is not None:
        computed = body_surface_area(case.weight_kg, case.height_cm, bsa_method).value_m2
        if abs(computed - case.body_surface_area_m2) > 0.05:
            warnings.append(f"entered BSA {case.body_surface_area_m2:g} m2 differs from {bsa_method} "
                            f"{computed:.2f} m2 for the entered height and weight; the entered BSA is used")
    # Every review flag of the input is shown: a value the assessment rests on may be inferred or disputed.
    for flag in case.review_flags:
        warnings.append(f"{flag.field} ({flag.kind}): {flag.message}")
    doses, absolute = [], []
    for i, course in enumerate(case.treatments):
        try:
            computed_dose = dose_for_course(course, case.weight_kg, bsa_m2)
        except ValueError as exc:
            warnings.append(f"treatments[{i}] ({course.drug.value}): not computed: {exc}")
            continue
        if computed_dose is not None:
            doses.append(computed_dose)
        normalised = normalise_absolute_dose(course, case.weight_kg, bsa_m2)
        if normalised is not None:
            absolute.append(normalised)
    exam = case.examination
    baseline = _baseline_visit(case)
    if exam is not None and exam.cmas_items is not None:
        cmas = cmas_score(exam.cmas_items, baseline.cmas if baseline else None)
    else:
        cmas = cmas_score(total=baseline.cmas) if baseline and baseline.cmas is not None else None
    if exam is not None and exam.mmt8_items is not None:
        mmt8 = mmt8_score(exam.mmt8_items, baseline.mmt8 if baseline else None)
    else:
        mmt8 = mmt8_score(total=baseline.mmt8) if baseline and baseline.mmt8 is not None else None
    eular = eular_acr(case, labs)
    enmc_result = enmc(case, labs)
    antibodies = antibody_prognosis(case)
    suspicion = suspect_imnm(case, labs)
    missing = not_assessable(case, {"body_surface_area": bsa, "cmas": cmas, "mmt8": mmt8, "eular": eular,
                                    "enmc": enmc_result, "suspicion": suspicion})
    return Assessment(
        case_id=case.id, labs=labs, body_surface_area_m2=bsa_m2, body_surface_area=bsa, weight_kg=case.weight_kg,
        doses=doses, absolute_doses=absolute, regimens=regimen_doses(case.weight_kg, bsa_m2),
        cmas=cmas, mmt8=mmt8, eular_acr_2017=eular, enmc_2017=enmc_result, suspect_imnm=suspicion,
        criteria_agreement=agreement(eular, enmc_result), antibodies=antibodies,
        workup=workup_checklist(case, antibodies), not_assessable=missing, warnings=warnings,
    )
