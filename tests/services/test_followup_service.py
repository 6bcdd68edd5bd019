"""services.followup on an already-loaded case (issue 17): the follow-up page reads the case once and
calls the same functions as GET /api/cases/{id}/response|refractory|trajectory and ``imnm case
response/refractory/plot``, which now load the case and call them too. The one-visit patient is
examples/patient.json (invented)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imnm.model import Case, InvalidInput
from imnm.services import audit, followup
from imnm.services.audit import Actor
from imnm.services.cases import add_cases, get_case
from imnm.store import open_registry

ROOT = Path(__file__).resolve().parents[2]
CASE = "toledo-del-castillo-2024"  # shipped, with four dated visits
READER = Actor("dr-follow", "clinician", "127.0.0.1")


@pytest.fixture
def registry(tmp_path):
    reg = open_registry(f"sqlite:///{tmp_path / 'followup-service.sqlite3'}")
    yield reg
    reg.dispose()


def _one_visit_patient(registry) -> str:
    case = Case.model_validate(json.loads((ROOT / "examples" / "patient.json").read_text(encoding="utf-8")))
    assert len(case.visits) == 1
    [case_id] = add_cases(registry, [case], READER)
    return case_id


def test_the_id_based_functions_are_the_case_based_ones_on_the_stored_case(registry):
    case = get_case(registry, CASE).case
    assert followup.response(registry, CASE) == followup.score_response(case).as_dict()
    assert followup.response(registry, CASE, baseline="diagnosis", strength="cmas") == followup.score_response(
        case, baseline="diagnosis", strength="cmas").as_dict()
    assert followup.refractoriness(registry, CASE) == followup.assess_refractoriness(case).as_dict()
    assert followup.trajectory(registry, CASE) == followup.plot_data(case)


def test_default_response_is_first_against_last_visit_with_the_age_s_criteria(registry):
    case = get_case(registry, CASE).case
    result = followup.score_response(case)
    from imnm.clinical.response import visit_label

    assert (result.baseline_label, result.follow_up_label) == (visit_label(case.visits[0]),
                                                               visit_label(case.visits[-1]))
    assert result.population == "juvenile"  # onset at 11 years


def test_one_visit_is_not_scored_against_itself_in_any_shell(registry):
    case_id = _one_visit_patient(registry)
    with pytest.raises(InvalidInput, match="one visit recorded; the response needs two"):
        followup.response(registry, case_id)
    with pytest.raises(InvalidInput, match="one visit recorded"):
        followup.score_response(get_case(registry, case_id).case)


def test_bad_choices_are_one_line_naming_the_field(registry):
    case = get_case(registry, CASE).case
    with pytest.raises(InvalidInput, match="population: got 'elderly'; expected juvenile or adult"):
        followup.score_response(case, population="elderly")
    with pytest.raises(InvalidInput, match="visit: got 'week 99'"):
        followup.score_response(case, baseline="week 99")


def test_each_id_based_read_is_audited_once(registry):
    followup.response(registry, CASE, READER)
    followup.refractoriness(registry, CASE, READER)
    followup.trajectory(registry, CASE, READER)
    assert [e["resource"] for e in audit.entries(registry, actor=READER.name)] == [f"case/{CASE}"] * 3


def test_the_inline_figure_is_svg_without_its_xml_prologue(registry):
    svg = followup.plot_svg(get_case(registry, CASE).case)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>") and "<?xml" not in svg
