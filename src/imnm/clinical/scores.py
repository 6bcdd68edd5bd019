"""Strength and function scores: CMAS (0-52) and MMT8 (0-80), from item-level input or a total.

CMAS: Lovell DJ, et al. Arthritis Rheum 1999;42:2213-2219 (the Childhood Myositis Assessment Scale),
14 manoeuvres. Item maxima of items 1-7 were checked against the published scoring sheet (head
elevation 0-5, leg raise 0-2, straight leg lift 0-5, supine to prone 0-3, sit-ups 0-6, supine to sit
0-3, arm raise/straighten 0-3); items 8-14 (marked ``verified=False``) are as recalled and sum with
1-7 to the published total of 52.
MMT8: Rider LG, et al. Arthritis Care Res 2010;62:465-472; IMACS form 04: eight muscle groups tested
unilaterally on a 0-10 scale, total 0-80 (checked against the IMACS scoring sheet).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict


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

assert sum(i.max for i in CMAS_ITEMS) == CMAS_MAX and len(CMAS_ITEMS) == 14
assert sum(i.max for i in MMT8_ITEMS) == MMT8_MAX and len(MMT8_ITEMS) == 8


class ScoreResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    total: int
    max: int
    from_items: bool
    items: dict[str, int] = {}
    note: str | None = None


def _int_in(field: str, value: object, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or (
        isinstance(value, float) and (not math.isfinite(value) or not value.is_integer())
    ):
        raise ValueError(f"{field}: got {value!r}; expected a whole number 0-{hi}")
    if not 0 <= value <= hi:
        raise ValueError(f"{field}: got {value!r}; expected 0-{hi}")
    return int(value)


def _score(name: str, spec: tuple[Item, ...], maximum: int, items: dict[str, int] | None, total: int | None,
           note: str | None) -> ScoreResult:
    if items is None and total is None:
        raise ValueError(f"{name}: expected item scores or a total")
    if items is not None:
        if not isinstance(items, dict):
            raise ValueError(f"{name}: got {type(items).__name__}; expected a mapping of item -> score")
        known = {i.key: i for i in spec}
        unknown = sorted(set(items) - set(known))
        if unknown:
            raise ValueError(f"{name}: unknown item(s) {', '.join(map(repr, unknown))}; expected {', '.join(known)}")
        missing = [k for k in known if k not in items]
        if missing:
            raise ValueError(f"{name}: missing item(s) {', '.join(missing)}; all {len(spec)} items are needed")
        checked = {k: _int_in(f"{name}.{k}", items[k], known[k].max) for k in known}
        summed = sum(checked.values())
        if total is not None and _int_in(f"{name}.total", total, maximum) != summed:
            raise ValueError(f"{name}.total: got {total}; the items sum to {summed}")
        return ScoreResult(name=name, total=summed, max=maximum, from_items=True, items=checked, note=note)
    return ScoreResult(name=name, total=_int_in(f"{name}.total", total, maximum), max=maximum, from_items=False,
                       note=note)


def cmas_score(items: dict[str, int] | None = None, total: int | None = None) -> ScoreResult:
    """Childhood Myositis Assessment Scale: 14 items, each within its own range, total /52."""
    unverified = [i.key for i in CMAS_ITEMS if not i.verified]
    note = f"item maxima of {', '.join(unverified)} not checked against the original scoring sheet" if items else None
    return _score("cmas", CMAS_ITEMS, CMAS_MAX, items, total, note)


def mmt8_score(items: dict[str, int] | None = None, total: int | None = None) -> ScoreResult:
    """Manual Muscle Testing of 8 muscle groups (0-10 each, unilateral), total /80."""
    return _score("mmt8", MMT8_ITEMS, MMT8_MAX, items, total, None)
