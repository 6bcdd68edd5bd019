"""Weight- and BSA-based doses, with the calculation shown: what the seed's authors did by hand.

Everything here computes; nothing prescribes. Each result carries the formula, the inputs, any cap
applied and the rounding, so a clinician can check it line by line. Regimens and caps come from
``imnm.knowledge`` (cited data); rounding steps are local policy in the same file.
The seed's arithmetic: methotrexate 6.6 mg/m2 x 1.51 m2 = 10 mg; rituximab 375 mg/m2 x 1.51 m2 = 566 mg
(500 mg was given); IVIG 1 g/kg x 52 kg = 52 g; methylprednisolone 125 mg/day / 52 kg = 2.4 mg/kg/day.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from imnm.knowledge.regimens import Regimen, RegimenCatalogue, Rounding, default_regimens
from imnm.model.case import TreatmentCourse
from imnm.model.vocabulary import Drug

PER_FREQUENCY = {"daily": "/day", "weekly": "/week", "monthly": "/month", "every_2_weeks": "/2 weeks"}


class ComputedDose(BaseModel):
    """A computed dose (never an order): ``dose`` in ``unit`` after cap and rounding."""

    model_config = ConfigDict(frozen=True)

    drug: Drug
    agent: str | None = None
    per_unit_dose: float
    basis: str
    body_size: float
    body_size_unit: Literal["kg", "m2"]
    raw_dose: float
    cap: float | None = None
    cap_applied: bool = False
    rounding_step: float
    dose: float
    unit: Literal["mg", "g"]
    calculation: str
    given: float | None = None
    given_unit: str | None = None
    given_note: str | None = None
    warnings: list[str] = []


class NormalisedDose(BaseModel):
    """An absolute dose expressed per kg (and per m2 when BSA is known), as the seed did for steroids."""

    model_config = ConfigDict(frozen=True)

    drug: Drug
    agent: str | None = None
    dose: float
    unit: str
    dose_per_kg: float | None
    dose_per_m2: float | None
    calculation: str


def round_to_step(value: float, step: float) -> float:
    """Round half up to a multiple of ``step`` (2.5 mg, 1 g ...), avoiding binary-float surprises."""
    if step <= 0 or not math.isfinite(step):
        raise ValueError(f"rounding step: got {step!r}; expected a positive number")
    exact_step = _decimal(step)
    q = (Decimal(repr(value)) / exact_step).quantize(_ONE, rounding=ROUND_HALF_UP)
    return float(q * exact_step)


def floor_to_step(value: float, step: float) -> float:
    """The largest multiple of ``step`` not above ``value`` (for keeping a rounded dose under its cap)."""
    exact_step = _decimal(step)
    q = (Decimal(repr(value)) / exact_step).to_integral_value(rounding=ROUND_FLOOR)
    return float(q * exact_step)


_ONE = Decimal(1)


@lru_cache(maxsize=64, typed=True)  # rounding steps are a handful of values from the reference data
def _decimal(step: float) -> Decimal:
    return Decimal(repr(step))


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


#: Rounding to a practical amount that moves a dose by more than this fraction is pointed out
#: (small children: methotrexate 1.5 mg on a 2.5 mg step becomes 2.5 mg, +67%). Local policy, not a source.
ROUNDING_WARN_FRACTION = 0.10


class _Dose(NamedTuple):
    """What :func:`compute_dose` computes, before it becomes a :class:`ComputedDose` (a cited regimen
    needs only the dose, its unit and the calculation: no model is built for the rest)."""

    size: float
    size_unit: str
    raw: float
    cap_applied: bool
    dose: float
    unit: str
    calculation: str
    warnings: list[str]


def compute_dose(
    drug: Drug,
    per_unit_dose: float,
    basis: str,
    weight_kg: float | None = None,
    body_surface_area_m2: float | None = None,
    cap: float | None = None,
    rounding_step: float = 1.0,
    agent: str | None = None,
    frequency: str | None = None,
) -> ComputedDose:
    """Dose = per-unit dose x weight (mg/kg, g/kg) or x BSA (mg/m2, g/m2), capped, then rounded."""
    d = _dose(per_unit_dose, basis, weight_kg, body_surface_area_m2, cap, rounding_step, frequency)
    return ComputedDose(
        drug=drug, agent=agent, per_unit_dose=per_unit_dose, basis=basis, body_size=d.size,
        body_size_unit=d.size_unit, raw_dose=d.raw, cap=cap, cap_applied=d.cap_applied,  # type: ignore[arg-type]
        rounding_step=rounding_step, dose=d.dose, unit=d.unit, calculation=d.calculation,  # type: ignore[arg-type]
        warnings=d.warnings,
    )


def _dose(per_unit_dose: float, basis: str, weight_kg: float | None, body_surface_area_m2: float | None,
          cap: float | None, rounding_step: float, frequency: str | None) -> _Dose:
    if basis not in {"mg/kg", "g/kg", "mg/m2", "g/m2"}:
        raise ValueError(f"dose_unit: got {basis!r}; expected mg/kg, g/kg, mg/m2 or g/m2")
    if isinstance(per_unit_dose, bool) or not isinstance(per_unit_dose, int | float) or not (
        math.isfinite(per_unit_dose) and per_unit_dose > 0
    ):
        raise ValueError(f"dose: got {per_unit_dose!r}; expected a positive number")
    unit, per = basis.split("/")
    if per == "kg":
        if weight_kg is None:
            raise ValueError(f"weight_kg: missing; a {basis} dose needs the weight")
        size, size_unit = weight_kg, "kg"
    else:
        if body_surface_area_m2 is None:
            raise ValueError(f"body_surface_area_m2: missing; a {basis} dose needs the BSA (or height and weight)")
        size, size_unit = body_surface_area_m2, "m2"
    if isinstance(size, bool) or not math.isfinite(size) or size <= 0:
        raise ValueError(f"{'weight_kg' if size_unit == 'kg' else 'body_surface_area_m2'}: got {size!r}; expected > 0")
    suffix = PER_FREQUENCY.get(frequency or "", "")
    raw = per_unit_dose * size
    calc = f"{_fmt(per_unit_dose)} {basis}{suffix} x {_fmt(size)} {size_unit} = {_fmt(raw)} {unit}"
    capped, cap_applied = raw, False
    if cap is not None and raw > cap:
        capped, cap_applied = cap, True
        calc += f"; above the cited maximum, capped at {_fmt(cap)} {unit}"
    dose = round_to_step(capped, rounding_step)
    if dose == 0:
        dose = rounding_step if capped > 0 else 0.0
    if dose != capped:
        calc += f"; rounded to the nearest {_fmt(rounding_step)} {unit} = {_fmt(dose)} {unit}"
    if cap is not None and dose > cap:
        # rounding half up must never lift a dose above the cited maximum: take the step below the cap
        below = floor_to_step(cap, rounding_step)
        dose = below if below > 0 else cap
        calc += f"; that is above the cited maximum {_fmt(cap)} {unit}, so {_fmt(dose)} {unit}"
    warnings = []
    if capped > 0 and abs(dose - capped) / capped > ROUNDING_WARN_FRACTION:
        warnings.append(
            f"rounding to a {_fmt(rounding_step)} {unit} step changes the computed {_fmt(capped)} {unit} by "
            f"{100 * (dose - capped) / capped:+.0f}%: check the amount for this child's size")
    return _Dose(size, size_unit, raw, cap_applied, dose, unit, calc, warnings)


def _to_unit(amount: float, unit: str, target: str) -> float:
    if unit == target:
        return amount
    if unit == "g" and target == "mg":
        return amount * 1000
    if unit == "mg" and target == "g":
        return amount / 1000
    raise ValueError(f"dose_given_unit: got {unit!r}; expected mg or g")


def dose_for_course(
    course: TreatmentCourse,
    weight_kg: float | None,
    body_surface_area_m2: float | None,
    catalogue: RegimenCatalogue | None = None,
) -> ComputedDose | None:
    """Turn a course prescribed per kg or per m2 into an absolute dose; None for absolute courses."""
    if course.dose is None or course.dose_unit is None or "/" not in course.dose_unit:
        return None
    cat = catalogue or default_regimens()
    unit = course.dose_unit.split("/")[0]
    rounding = cat.rounding_for(course.agent, course.drug, unit)
    result = _dose(course.dose, course.dose_unit, weight_kg, body_surface_area_m2, None, rounding.step,
                   course.frequency)
    warnings: list[str] = []
    # A cap belongs to one agent's regimen: methylprednisolone is not held to oral prednisone's maximum.
    # Only when the course names no agent (or one without a regimen) is every regimen of the class used.
    regimens = cat.for_drug(course.drug)
    agent = (course.agent or "").strip().lower()
    same_agent = [r for r in regimens if r.agent.lower() == agent]
    for reg in same_agent or regimens:
        if (reg.basis and reg.basis != course.dose_unit and reg.basis.split("/")[1] == course.dose_unit.split("/")[1]
                and not any(f"from the {reg.basis} of" in w for w in warnings)):
            warnings.append(
                f"dose unit {course.dose_unit} differs from the {reg.basis} of '{reg.label}' "
                f"({cat.source(reg.source).short}): check for a mg/g unit mix-up (a 1000-fold error)"
            )
        if reg.cap is not None and reg.result_unit == result.unit and result.dose > reg.cap:
            src = cat.source(reg.source).short
            warnings.append(
                f"computed {_fmt(result.dose)} {result.unit} is above the {_fmt(reg.cap)} {reg.result_unit} "
                f"maximum of '{reg.label}' ({src}{'' if reg.verified else ', unverified'})"
            )
    given: dict = {}
    if course.dose_given is not None and course.dose_given_unit is not None:
        amount = _to_unit(course.dose_given, course.dose_given_unit, result.unit)
        per = amount / result.size
        pct = 100 * amount / result.dose if result.dose else float("nan")
        given = {
            "given": course.dose_given,
            "given_unit": course.dose_given_unit,
            "given_note": (
                f"given {_fmt(course.dose_given)} {course.dose_given_unit} = {per:.1f} {course.dose_unit} "
                f"({pct:.0f}% of the computed {_fmt(result.dose)} {result.unit})"
            ),
        }
    # The course's own warnings replace the arithmetic's (the rounding note is not shown for a course).
    return ComputedDose(
        drug=course.drug, agent=course.agent, per_unit_dose=course.dose, basis=course.dose_unit,
        body_size=result.size, body_size_unit=result.size_unit, raw_dose=result.raw, cap=None,  # type: ignore[arg-type]
        cap_applied=result.cap_applied, rounding_step=rounding.step, dose=result.dose,
        unit=result.unit, calculation=result.calculation, warnings=warnings, **given,  # type: ignore[arg-type]
    )


def normalise_absolute_dose(
    course: TreatmentCourse, weight_kg: float | None, body_surface_area_m2: float | None
) -> NormalisedDose | None:
    """Express an absolute course (e.g. 125 mg/day) per kg and per m2; None for per-kg/per-m2 courses."""
    if course.dose is None or course.dose_unit not in {"mg", "g"}:
        return None
    suffix = PER_FREQUENCY.get(course.frequency or "", "")
    per_kg = course.dose / weight_kg if weight_kg else None
    per_m2 = course.dose / body_surface_area_m2 if body_surface_area_m2 else None
    parts = []
    if per_kg is not None:
        parts.append(f"{_fmt(course.dose)} {course.dose_unit}{suffix} / {_fmt(weight_kg)} kg = "  # type: ignore[arg-type]
                     f"{per_kg:.1f} {course.dose_unit}/kg{suffix}")
    if per_m2 is not None:
        parts.append(f"{_fmt(course.dose)} {course.dose_unit}{suffix} / {_fmt(body_surface_area_m2)} m2 = "  # type: ignore[arg-type]
                     f"{per_m2:.1f} {course.dose_unit}/m2{suffix}")
    return NormalisedDose(
        drug=course.drug, agent=course.agent, dose=course.dose, unit=course.dose_unit,
        dose_per_kg=round(per_kg, 2) if per_kg is not None else None,
        dose_per_m2=round(per_m2, 2) if per_m2 is not None else None,
        calculation="; ".join(parts) or "weight and BSA unknown: not normalised",
    )


class RegimenDose(BaseModel):
    """A cited standard regimen computed for this patient (low and high end when the source gives a range)."""

    model_config = ConfigDict(frozen=True)

    regimen_id: str
    label: str
    drug: Drug
    agent: str
    route: str | None
    schedule: str | None
    dose: float | None
    dose_high: float | None
    unit: str | None
    calculation: str
    source: str
    verified: bool
    verification_note: str


def regimen_dose(
    regimen: Regimen, weight_kg: float | None, body_surface_area_m2: float | None,
    catalogue: RegimenCatalogue | None = None,
) -> RegimenDose:
    """Compute one cited regimen for this patient; missing weight/BSA or no checked dose gives no number."""
    cat = catalogue or default_regimens()
    if not regimen.computable:
        return _uncomputed(cat, regimen, None, "no dose computed: no dose could be checked against a source")
    per = "kg" if regimen.basis.endswith("kg") else "m2"  # type: ignore[union-attr]
    if (per == "kg" and weight_kg is None) or (per == "m2" and body_surface_area_m2 is None):
        need = "weight" if per == "kg" else "body surface area (or height and weight)"
        return _uncomputed(cat, regimen, regimen.result_unit, f"not computed: {need} missing")
    base, rounding = _regimen_parts(cat, regimen)  # a computable regimen has a result unit: a rounding step
    per_unit = regimen.dose
    band_note = ""
    if regimen.bands:
        index = next((i for i, b in enumerate(regimen.bands) if body_surface_area_m2 <= b.bsa_max_m2),  # type: ignore[operator]
                     len(regimen.bands) - 1)
        per_unit = regimen.bands[index].dose
        lower = f"above {regimen.bands[index - 1].bsa_max_m2:g} m2" if index else (
            f"up to {regimen.bands[0].bsa_max_m2:g} m2")
        band_note = f"BSA {body_surface_area_m2:.2f} m2 ({lower}): "
    low = _dose(per_unit, regimen.basis, weight_kg, body_surface_area_m2,  # type: ignore[arg-type]
                regimen.cap, rounding.step, regimen.frequency)
    calc = band_note + low.calculation
    high_dose = None
    if regimen.dose_high is not None:
        high = _dose(regimen.dose_high, regimen.basis, weight_kg, body_surface_area_m2,  # type: ignore[arg-type]
                     regimen.cap, rounding.step, regimen.frequency)
        high_dose = high.dose
        calc += f" | upper end: {high.calculation}"
    if not regimen.verified:
        calc += " [UNVERIFIED regimen: check the source]"
    return RegimenDose(**base, dose=low.dose, dose_high=high_dose, unit=low.unit, calculation=calc)


RegimenParts = tuple[dict, Rounding | None]


def _regimen_parts(cat: RegimenCatalogue, regimen: Regimen) -> RegimenParts:
    """What a regimen's result takes from the reference data alone: the fields shown with every result
    and the local rounding step (for the shipped catalogue, built once per process)."""
    if cat is default_regimens():
        shipped = _shipped_regimen_parts().get(id(regimen))
        if shipped is not None:
            return shipped
    return _build_regimen_parts(cat, regimen)


def _build_regimen_parts(cat: RegimenCatalogue, regimen: Regimen) -> RegimenParts:
    base = {
        "regimen_id": regimen.id, "label": regimen.label, "drug": regimen.drug, "agent": regimen.agent,
        "route": regimen.route, "schedule": regimen.schedule, "source": cat.source(regimen.source).short,
        "verified": regimen.verified, "verification_note": regimen.verification_note,
    }
    unit = regimen.result_unit
    return base, cat.rounding_for(regimen.agent, regimen.drug, unit) if unit is not None else None


@cache
def _shipped_regimen_parts() -> dict[int, RegimenParts]:
    """By object: the shipped catalogue lives as long as the process, so its regimens' ids never repeat."""
    cat = default_regimens()
    return {id(r): _build_regimen_parts(cat, r) for r in cat.regimens}


def _uncomputed(cat: RegimenCatalogue, regimen: Regimen, unit: str | None, why: str) -> RegimenDose:
    base, _ = _regimen_parts(cat, regimen)
    return RegimenDose(**base, dose=None, dose_high=None, unit=unit, calculation=why)


def regimen_doses(weight_kg: float | None, body_surface_area_m2: float | None,
                  catalogue: RegimenCatalogue | None = None) -> list[RegimenDose]:
    cat = catalogue or default_regimens()
    return [regimen_dose(r, weight_kg, body_surface_area_m2, cat) for r in cat.regimens]
