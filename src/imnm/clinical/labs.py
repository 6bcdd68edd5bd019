"""Laboratory results against their reference range: multiple of the upper limit of normal and a flag.

The seed's authors read CK 11 426 U/L against 26-192 U/L as "about 60 times normal"; this module does
that for every result. Units are converted with the shared table in :mod:`imnm.model.limits` (the
one the model validates every record with: U/L = IU/L = mU/mL, 1 ukat/L = 60 U/L, ...), so a unit
accepted into the registry is always one the assessment can read.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imnm.knowledge.ranges import ReferenceRangeTable, default_reference_ranges
from imnm.model.case import LabResult
from imnm.model.limits import is_known_unit, lab_unit_problem, unit_factor
from imnm.model.vocabulary import Analyte, Sex


class UnitError(ValueError):
    """A unit the table does not know, or one that cannot be converted to the range's unit."""


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a value between units of the same kind (e.g. ukat/L -> U/L)."""
    for unit in (from_unit, to_unit):
        if not isinstance(unit, str):
            raise UnitError(f"unit: got {unit!r}; expected a unit such as U/L, IU/L, ukat/L or mU/mL")
    return value * _factor(from_unit, to_unit)


@lru_cache(maxsize=256)  # a laboratory writes its units a few ways: each pair is looked up once per process
def _factor(from_unit: str, to_unit: str) -> float:
    for unit in (from_unit, to_unit):
        if not is_known_unit(unit):
            raise UnitError(f"unit: got {unit!r}; expected a unit such as U/L, IU/L, ukat/L or mU/mL")
    factor = unit_factor(from_unit, to_unit)
    if factor is None:
        raise UnitError(f"unit: got {from_unit!r}; it cannot be converted to {to_unit!r} (different dimension)")
    return factor


def check_unit_for(analyte: Analyte, unit: str) -> None:
    """Reject a unit that cannot measure this analyte (e.g. mg/dL or furlongs for creatine kinase)."""
    problem = lab_unit_problem(analyte, unit)
    if problem:
        raise UnitError(f"{analyte.value}.unit: got {unit!r}; {problem}")


class LabAssessment(BaseModel):
    """One result read against its range; ``uln_multiple`` is value / upper limit of normal."""

    model_config = ConfigDict(frozen=True)

    analyte: Analyte
    value: float
    unit: str
    reference_low: float | None
    upper_limit_of_normal: float
    range_unit: str
    range_source: str
    range_verified: bool
    uln_multiple: float
    flag: Literal["high", "low", "normal"]
    calculation: str


def _flag(value: float, low: float | None, high: float) -> Literal["high", "low", "normal"]:
    if value > high:
        return "high"
    if low is not None and value < low:
        return "low"
    return "normal"


def assess_lab(
    lab: LabResult,
    age_years: float | None = None,
    sex: Sex | None = None,
    ranges: ReferenceRangeTable | None = None,
) -> LabAssessment:
    """Read one result against the laboratory's own range, or the configured default for age and sex."""
    check_unit_for(lab.analyte, lab.unit)
    if lab.reference_high is not None:
        low, high, range_unit = lab.reference_low, lab.reference_high, lab.unit
        source, verified = "range reported with the result", True
    else:
        table = ranges or default_reference_ranges()
        ref = table.lookup(lab.analyte, age_years, sex)
        if ref is None:
            raise ValueError(
                f"{lab.analyte.value}: no reference range given with the result and no default range "
                f"for age {age_years} and sex {sex}; expected reference_low/reference_high on the result"
            )
        low, high, range_unit = ref.low, ref.high, ref.unit
        source = f"default range: {table.source(ref.source).short}"
        verified = ref.verified
    value = convert(lab.value, lab.unit, range_unit)
    multiple = value / high
    shown = f"{lab.value:g} {lab.unit}" + (f" = {value:.4g} {range_unit}" if lab.unit != range_unit else "")
    calc = f"{shown} / ULN {high:g} {range_unit} = {multiple:.1f} x ULN"
    return LabAssessment(
        analyte=lab.analyte, value=lab.value, unit=lab.unit, reference_low=low, upper_limit_of_normal=high,
        range_unit=range_unit, range_source=source, range_verified=verified,
        uln_multiple=round(multiple, 1), flag=_flag(value, low, high), calculation=calc,
    )


def assess_labs(labs: list[LabResult], age_years: float | None = None, sex: Sex | None = None,
                ranges: ReferenceRangeTable | None = None) -> list[LabAssessment]:
    return [assess_lab(lab, age_years, sex, ranges) for lab in labs]
