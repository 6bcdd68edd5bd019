"""One time axis for a case: months from diagnosis, from either months or calendar dates.

A record may date an event by its month (``months_from_diagnosis``, ``start_month``) or by the
calendar (``date``, ``start``). A calendar date is placed only when the record itself dates the
diagnosis: a visit or lab that carries both a date and its month. Nothing is placed by guesswork.
"""

from __future__ import annotations

import datetime as dt

from imnm.model import Case

DAYS_PER_MONTH = 365.25 / 12


def diagnosis_date(case: Case) -> dt.date | None:
    """The diagnosis date the record implies: a visit (month 0 first) or lab with both date and month."""
    dated = [(v.date, v.months_from_diagnosis) for v in case.visits]
    dated += [(lab.date, lab.months_from_diagnosis) for v in case.visits for lab in v.labs]
    dated += [(lab.date, lab.months_from_diagnosis) for lab in case.labs]
    dated = [(d, m) for d, m in dated if d is not None and m is not None]
    if not dated:
        return None
    date, months = min(dated, key=lambda dm: dm[1] != 0)
    return date - dt.timedelta(days=round(months * DAYS_PER_MONTH))


def months_between(date: dt.date | None, diagnosis: dt.date | None) -> float | None:
    """Months from ``diagnosis`` to ``date`` (None when either is unknown)."""
    if date is None or diagnosis is None:
        return None
    return (date - diagnosis).days / DAYS_PER_MONTH


def month_of(month: float | None, date: dt.date | None, diagnosis: dt.date | None) -> float | None:
    """The recorded month if there is one, else the calendar date placed on the diagnosis date."""
    return month if month is not None else months_between(date, diagnosis)
