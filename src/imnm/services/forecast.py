"""Forecast of a good outcome for one child, from the registry's cases (the pool is read, not audited
per case: it is the cohort, as the statistics are)."""

from __future__ import annotations

import gc

from imnm.model import Case
from imnm.services.audit import Actor
from imnm.services.cases import get_case
from imnm.store.registry import Registry


def forecast(registry: Registry, case: Case) -> dict:
    """The forecast, its validation and the most similar cases, from every registry case."""
    from imnm.cohort.forecast import forecast_or_error
    from imnm.store.cases import list_cases

    # Reading a large registry builds tens of thousands of small objects that all stay alive; the cyclic
    # garbage collector re-scans them again and again as they accumulate (about 85% of the read at 10 000
    # cases). Nothing built here forms garbage cycles worth collecting, so it is paused meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        pool = list_cases(registry, include_aggregates=True)
        return forecast_or_error(case, pool).as_dict()
    finally:
        if was_enabled:
            gc.enable()


def forecast_stored(registry: Registry, case_id: str, actor: Actor | None = None) -> dict:
    return forecast(registry, get_case(registry, case_id, actor).case)
