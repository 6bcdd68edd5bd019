"""Strength and function scores: CMAS (0-52) and MMT8 (0-80), from item-level input or a total.

The items, their maxima and their sources live in :mod:`imnm.model.limits`, the one table the model
validates every record with; this module only scores (re-exported names kept for callers).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from imnm.model.limits import CMAS_ITEMS, CMAS_MAX, MMT8_ITEMS, MMT8_MAX, Item

__all__ = ["CMAS_ITEMS", "CMAS_MAX", "MMT8_ITEMS", "MMT8_MAX", "Item", "ScoreResult", "cmas_score", "mmt8_score"]


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
