"""Forecast of a good outcome for one child, from the registry's cases (the pool is read, not audited
per case: it is the cohort, as the statistics are)."""

from __future__ import annotations

from imnm.model import Case
from imnm.services.audit import Actor
from imnm.services.cases import get_case
from imnm.store.registry import Registry


def forecast(registry: Registry, case: Case) -> dict:
    from imnm.cohort.forecast import forecast_or_error
    from imnm.store.cases import list_cases

    return forecast_or_error(case, list_cases(registry, include_aggregates=True)).as_dict()


def forecast_stored(registry: Registry, case_id: str, actor: Actor | None = None) -> dict:
    return forecast(registry, get_case(registry, case_id, actor).case)
