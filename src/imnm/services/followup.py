"""Follow-up of a case: response criteria between two visits, steroid refractoriness, the course figure.

The functions on an already-loaded :class:`~imnm.model.Case` are the rules' one entry point: the
follow-up page reads the case once (one audit entry) and calls them all; the id-based functions that
``imnm case response/refractory/plot`` and GET /api/cases/{id}/... call load the case and call them.
"""

from __future__ import annotations

from pathlib import Path

from imnm.model import Case, InvalidInput
from imnm.services.audit import Actor
from imnm.services.cases import get_case
from imnm.store.registry import Registry


def score_response(case: Case, *, baseline: str = "0", follow_up: str | None = None, population: str | None = None,
                   strength: str | None = None):
    """2016 ACR/EULAR Total Improvement Score between two visits (default: first and last; the criteria
    of the age at onset) as :class:`imnm.clinical.response.ResponseResult`."""
    from imnm.clinical.response import find_visit, population_for, total_improvement_score

    if len(case.visits) < 2:
        recorded = "no visits" if not case.visits else "one visit"
        problem = (f"{case.id}: {recorded} recorded; the response needs two (a baseline and a follow-up): add them "
                   f"first (imnm case add-visit, POST /api/cases/{case.id}/visits or the follow-up page)")
        raise InvalidInput([problem])
    if population is not None and population not in ("juvenile", "adult"):
        raise InvalidInput([f"population: got {population!r}; expected juvenile or adult"])
    if strength is not None and strength not in ("mmt8", "cmas"):
        raise InvalidInput([f"strength: got {strength!r}; expected mmt8 or cmas"])
    last = str(len(case.visits) - 1)
    try:
        return total_improvement_score(
            find_visit(case, baseline), find_visit(case, follow_up if follow_up is not None else last),
            population or population_for(case), strength_instrument=strength)
    except (LookupError, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput([str(exc)]) from exc


def response(registry: Registry, case_id: str, actor: Actor | None = None, *, baseline: str = "0",
             follow_up: str | None = None, population: str | None = None, strength: str | None = None) -> dict:
    """:func:`score_response` of a stored case, as JSON."""
    return score_response(get_case(registry, case_id, actor).case, baseline=baseline, follow_up=follow_up,
                          population=population, strength=strength).as_dict()


def assess_refractoriness(case: Case):
    """Steroid refractoriness (:class:`imnm.clinical.refractory.RefractoryAssessment`): refractory,
    responding or not assessable, with the reasons."""
    from imnm.clinical.refractory import assess_steroid_refractoriness

    return assess_steroid_refractoriness(case)


def refractoriness(registry: Registry, case_id: str, actor: Actor | None = None) -> dict:
    return assess_refractoriness(get_case(registry, case_id, actor).case).as_dict()


def plot_data(case: Case) -> dict:
    """CK (with its ULN), CMAS, MMT8 and treatment courses on one time axis, as JSON."""
    from imnm.report.plots import trajectory

    return trajectory(case).as_dict()


def trajectory(registry: Registry, case_id: str, actor: Actor | None = None) -> dict:
    return plot_data(get_case(registry, case_id, actor).case)


def plot_svg(case: Case) -> str:
    """The course figure as inline SVG for a web page (the figure ``imnm case plot`` writes, no XML prologue)."""
    from imnm.report.plots import inline_svg, plot_trajectory

    return inline_svg(plot_trajectory(case))


def visit_labels(case: Case) -> list[tuple[str, object]]:
    """Each visit with the label the response criteria name it by."""
    from imnm.clinical.response import visit_label

    return [(visit_label(v), v) for v in case.visits]


def save_plot(registry: Registry, case_id: str, out: Path | None, fmt: str, actor: Actor | None = None) -> Path:
    """The trajectory figure of a stored case as PNG or SVG (default file: ID.FORMAT); returns the path."""
    from imnm.report.plots import save_trajectory

    return save_trajectory(get_case(registry, case_id, actor).case, out or Path(f"{case_id}.{fmt}"), fmt)
