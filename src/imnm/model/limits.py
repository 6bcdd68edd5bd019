"""One table of limits, read by the model (every way into the registry) and by the clinical calculators.

A value the bedside assessment would refuse must never reach the registry, so the rule lives here
once: score items and their maxima, the units each analyte may be reported in (with the factor to its
reference unit), and the numeric bounds of a record. Kept free of heavy imports (no pint) so that
validating a record stays fast; ``tests/model/test_validation_paths.py`` checks every factor against pint.

Sources:

* CMAS: Lovell DJ, et al. Arthritis Rheum 1999;42:2213-2219 (Childhood Myositis Assessment Scale),
  14 manoeuvres, total 52. Maxima of items 1-7 checked against the published scoring sheet; items 8-14
  (``verified=False``) are as recalled and sum with 1-7 to the published total.
* MMT8: Rider LG, et al. Arthritis Care Res 2010;62:465-472; IMACS form 04: eight muscle groups tested
  unilaterally, 0-10 each, total 80 (checked against the IMACS scoring sheet).
* Units: the enzyme unit U (= IU) is 1 umol of substrate per minute and the katal 1 mol per second
  (NC-IUB, Eur J Biochem 1979;97:319-320; BIPM SI Brochure, 9th ed., 2019), so 1 ukat/L = 60 U/L and
  1 mU/mL = 1 U/L; mass prefixes are SI. Which units each analyte is reported in: the enzymes in U/L
  and IU/L as in the seed letter; the other analytes' lists are the usual reporting units and are
  marked unverified (``UNVERIFIED_UNIT_LISTS``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, NamedTuple

from pydantic import ConfigDict, Field
from typing_extensions import TypedDict

from imnm.model.vocabulary import Analyte, normalise_analyte

# --- strength scores -----------------------------------------------------------------------------------


class Item(NamedTuple):
    key: str
    label: str
    max: int
    verified: bool


CMAS_ITEMS: tuple[Item, ...] = (
    Item("head_elevation", "Head elevation (neck flexion)", 5, True),
    Item("leg_raise", "Leg raise / touch object", 2, True),
    Item("straight_leg_lift", "Straight leg lift / duration", 5, True),
    Item("supine_to_prone", "Supine to prone", 3, True),
    Item("sit_ups", "Sit-ups", 6, True),
    Item("supine_to_sit", "Supine to sit", 3, True),
    Item("arm_raise_straighten", "Arm raise / straighten", 3, True),
    Item("arm_raise_duration", "Arm raise / duration", 4, False),
    Item("floor_sit", "Floor sit", 4, False),
    Item("all_fours", "All-fours manoeuvre", 4, False),
    Item("floor_rise", "Floor rise", 4, False),
    Item("chair_rise", "Chair rise", 4, False),
    Item("stool_step", "Stool step", 3, False),
    Item("pick_up", "Pick-up", 2, False),
)
CMAS_MAX = 52

MMT8_ITEMS: tuple[Item, ...] = tuple(
    Item(k, label, 10, True)
    for k, label in (
        ("neck_flexors", "Neck flexors"), ("deltoid_middle", "Deltoid (middle)"), ("biceps_brachii", "Biceps brachii"),
        ("gluteus_maximus", "Gluteus maximus"), ("gluteus_medius", "Gluteus medius"), ("quadriceps", "Quadriceps"),
        ("wrist_extensors", "Wrist extensors"), ("ankle_dorsiflexors", "Ankle dorsiflexors"),
    )
)
MMT8_MAX = 80

if sum(i.max for i in CMAS_ITEMS) != CMAS_MAX or sum(i.max for i in MMT8_ITEMS) != MMT8_MAX:
    raise RuntimeError("score item maxima do not sum to the published totals")


def _items_type(name: str, spec: tuple[Item, ...]) -> type:
    """A closed mapping item -> whole score 0..max: every item needed, no other key (errors name the item)."""
    fields = {i.key: Annotated[int, Field(ge=0, le=i.max)] for i in spec}
    typed = TypedDict(name, fields)  # type: ignore[misc]
    typed.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return typed


CmasItems = _items_type("CmasItems", CMAS_ITEMS)
Mmt8Items = _items_type("Mmt8Items", MMT8_ITEMS)

# --- numeric bounds of a record --------------------------------------------------------------------------

AGE_YEARS = (0.0, 120.0)
WEIGHT_KG = (0.3, 300.0)  # lower bound exclusive
HEIGHT_CM = (30.0, 250.0)
BODY_SURFACE_AREA_M2 = (0.1, 3.5)
#: Free text (notes, the source's words) and dates: data-entry guards, as the registry's columns allow.
TEXT_MAX = 5000
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
#: A data-entry guard, not a dosing limit: no dose in mg, g, mg/kg or mg/m2 reaches a million.
DOSE_MAX = 1_000_000

# --- laboratory units ------------------------------------------------------------------------------------


class UnitKind(NamedTuple):
    """A kind of quantity: its reference unit and each accepted spelling with its factor to it."""

    name: str
    reference: str
    factors: dict[str, float]
    shown: tuple[str, ...]


CATALYTIC = UnitKind(
    "an enzyme activity per volume", "U/L",
    {"u/l": 1.0, "iu/l": 1.0, "ui/l": 1.0, "mu/ml": 1.0, "ukat/l": 60.0, "nkat/l": 0.06},
    ("U/L", "IU/L", "ukat/L", "mU/mL"))
MASS_CONCENTRATION = UnitKind(
    "a mass concentration", "mg/L",
    {"mg/l": 1.0, "mg/dl": 10.0, "g/l": 1000.0, "ug/ml": 1.0, "ug/l": 1e-3, "ng/ml": 1e-3, "ng/l": 1e-6,
     "pg/ml": 1e-6},
    ("mg/L", "mg/dL", "ug/L", "ng/mL", "ng/L"))
SEDIMENTATION_RATE = UnitKind("a sedimentation rate", "mm/h", {"mm/h": 1.0, "mm/hr": 1.0}, ("mm/h",))
HORMONE_UNITS = UnitKind(
    "international units per volume", "mIU/L", {"miu/l": 1.0, "mu/l": 1.0, "uiu/ml": 1.0, "uu/ml": 1.0},
    ("mIU/L", "uIU/mL"))

ANALYTE_UNITS: dict[Analyte, UnitKind] = {
    Analyte.creatine_kinase: CATALYTIC,
    Analyte.aldolase: CATALYTIC,
    Analyte.lactate_dehydrogenase: CATALYTIC,
    Analyte.alanine_aminotransferase: CATALYTIC,
    Analyte.aspartate_aminotransferase: CATALYTIC,
    Analyte.myoglobin: MASS_CONCENTRATION,
    Analyte.troponin_t: MASS_CONCENTRATION,
    Analyte.troponin_i: MASS_CONCENTRATION,
    Analyte.c_reactive_protein: MASS_CONCENTRATION,
    Analyte.ferritin: MASS_CONCENTRATION,
    Analyte.erythrocyte_sedimentation_rate: SEDIMENTATION_RATE,
    Analyte.thyroid_stimulating_hormone: HORMONE_UNITS,
}
UNVERIFIED_UNIT_LISTS = frozenset(ANALYTE_UNITS) - {a for a, k in ANALYTE_UNITS.items() if k is CATALYTIC}
if set(ANALYTE_UNITS) != set(Analyte):
    raise RuntimeError("every analyte of the vocabulary needs its accepted units")

_KINDS = (CATALYTIC, MASS_CONCENTRATION, SEDIMENTATION_RATE, HORMONE_UNITS)


def unit_key(unit: str) -> str:
    """How a unit is looked up: no spaces, micro sign as u, case ignored ('µkat/l' = 'ukat/L')."""
    return "".join(unit.split()).replace("µ", "u").replace("μ", "u").lower()


def _analyte(analyte: Analyte | str) -> Analyte:
    return analyte if isinstance(analyte, Analyte) else normalise_analyte(analyte)


def lab_unit_problem(analyte: Analyte | str, unit: str) -> str | None:
    """None when ``unit`` measures this analyte, else what was expected (for ``unit: got X; <this>``)."""
    kind = ANALYTE_UNITS[_analyte(analyte)]
    if unit_key(unit) in kind.factors:
        return None
    units = ", ".join(kind.shown[:-1]) + (" or " if len(kind.shown) > 1 else "") + kind.shown[-1]
    return f"expected {kind.name} ({units}) for {_analyte(analyte).value}"


def to_reference_unit(analyte: Analyte | str, value: float, unit: str) -> float | None:
    """The value in the analyte's reference unit (U/L for enzymes), or None for a unit it cannot have."""
    factor = ANALYTE_UNITS[_analyte(analyte)].factors.get(unit_key(unit))
    return None if factor is None else value * factor


def unit_factor(from_unit: str, to_unit: str) -> float | None:
    """Factor from one unit to another of the same kind (ukat/L -> U/L: 60); None if not convertible."""
    a, b = unit_key(from_unit), unit_key(to_unit)
    for kind in _KINDS:
        if a in kind.factors and b in kind.factors:
            return kind.factors[a] / kind.factors[b]
    return None


def is_known_unit(unit: str) -> bool:
    return any(unit_key(unit) in kind.factors for kind in _KINDS)
