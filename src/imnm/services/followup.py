"""Follow-up of a stored case: response criteria between two visits, steroid refractoriness, plot data."""

from __future__ import annotations

from pathlib import Path

from imnm.model import Case, InvalidInput
from imnm.services.audit import Actor
from imnm.services.cases import get_case
from imnm.store.registry import Registry


def response(registry: Registry, case_id: str, actor: Actor | None = None, *, baseline: str = "0",
             follow_up: str | None = None, population: str | None = None, strength: str | None = None) -> dict:
    """2016 ACR/EULAR Total Improvement Score between two visits (default: first and last)."""
    from imnm.clinical.response import find_visit, population_for, total_improvement_score

    case = get_case(registry, case_id, actor).case
    if not case.visits:
        raise InvalidInput([f"{case_id}: no visits recorded; add them first (imnm case add-visit, or "
                            + "POST /api/cases/{id}/visits)"])
    if population is not None and population not in ("juvenile", "adult"):
        raise InvalidInput([f"population: got {population!r}; expected juvenile or adult"])
    if strength is not None and strength not in ("mmt8", "cmas"):
        raise InvalidInput([f"strength: got {strength!r}; expected mmt8 or cmas"])
    last = str(len(case.visits) - 1)
    try:
        result = total_improvement_score(
            find_visit(case, baseline), find_visit(case, follow_up if follow_up is not None else last),
            population or population_for(case), strength_instrument=strength)
    except (LookupError, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput([str(exc)]) from exc
    return result.as_dict()


def refractoriness(registry: Registry, case_id: str, actor: Actor | None = None) -> dict:
    from imnm.clinical.refractory import assess_steroid_refractoriness

    return assess_steroid_refractoriness(get_case(registry, case_id, actor).case).as_dict()


def plot_data(case: Case) -> dict:
    """CK (with its ULN), CMAS, MMT8 and treatment courses on one time axis, as JSON."""
    from imnm.report.plots import trajectory

    return trajectory(case).as_dict()


def trajectory(registry: Registry, case_id: str, actor: Actor | None = None) -> dict:
    return plot_data(get_case(registry, case_id, actor).case)


def save_plot(registry: Registry, case_id: str, out: Path | None, fmt: str, actor: Actor | None = None) -> Path:
    """The trajectory figure of a stored case as PNG or SVG (default file: ID.FORMAT); returns the path."""
    from imnm.report.plots import save_trajectory

    return save_trajectory(get_case(registry, case_id, actor).case, out or Path(f"{case_id}.{fmt}"), fmt)
