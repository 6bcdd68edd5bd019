"""Issue 17: the cohort explorer's filters and statistics are one service (``services.cohort.explore``).

Without filters its summary is ``imnm cohort summary``'s (aggregate records beside the individual ones,
a record of the same patient as another counted once unless ``as_published``); with filters it is the
same summary of the selected records. The extra record below is invented: a second report of a shipped
patient, linked to it as the same patient.
"""

from __future__ import annotations

import pytest

from imnm.cohort.statistics import summarise
from imnm.model import Antigen, Case, InvalidInput
from imnm.services import cohort
from imnm.services.audit import Actor, entries
from imnm.services.cases import add_cases
from imnm.services.cohort import Selection, explore


def _same_patient_twice(registry) -> Case:
    """A second (invented) record of the first individual shipped patient, linked to it."""
    first = next(c for c in cohort.cases(None) if not c.aggregate)
    document = first.model_dump(mode="json")
    document["id"] = "invented-second-report"
    document["provenance"] = {"source": "invented second report of the same patient",
                              "same_patient_as": first.id}
    twin = Case.model_validate(document)
    add_cases(registry, [twin], Actor("dr-seed"))
    return twin


@pytest.mark.parametrize("as_published", [False, True])
def test_without_filters_the_explorer_counts_as_cohort_summary(opened_registry, as_published):
    _same_patient_twice(opened_registry)
    found = explore(opened_registry, Selection(), as_published=as_published)
    assert found.summary == cohort.summary(opened_registry, as_published=as_published)
    assert found.summary["n_records"] == (25 if as_published else 24)
    assert found.summary["checked_against_original"]["same_patient_left_out"] == (
        [] if as_published else ["invented-second-report"])
    assert found.listed == 25  # every record is listed; the link only changes what is counted


def _positive(case: Case, antigen: str) -> bool:
    return any(a.antigen.value == antigen and a.result.value == "positive" for a in case.antibodies)


@pytest.mark.parametrize("query, keep", [
    ({"sex": "F"}, lambda c: c.sex == "F"),
    ({"antibody": "srp", "age_min": "5", "age_max": "12"},
     lambda c: _positive(c, "srp") and c.age_years is not None and 5 <= c.age_years <= 12),
    ({"outcome": "remission"}, lambda c: c.outcome_class.value == "remission"),
    ({"feature": "dysphagia"}, lambda c: any(f.value == "dysphagia" for f in c.features_present)),
    ({"treatment": "rituximab", "source": "literature"},
     lambda c: any(t.drug.value == "rituximab" for t in c.treatments) and c.source_kind == "literature"),
])
def test_a_selection_is_summarised_as_its_records_would_be(opened_registry, query, keep):
    _same_patient_twice(opened_registry)
    every = cohort.cases(opened_registry)
    kept = [c for c in every if keep(c)]
    found = explore(opened_registry, Selection.parse(query))
    assert found.summary == summarise(kept).as_dict()
    assert found.listed == len(kept)
    individual = [c for c in summarise_input(kept) if not c.aggregate]
    assert {a: (p["k"], p["n"]) for a, p in found.antibodies_positive.items()} == {
        a: (k, len(individual)) for a in (x.value for x in Antigen)
        if (k := sum(_positive(c, a) for c in individual))}
    assert sum(b["count"] for b in found.age_histogram) == found.summary["age_years"]["n"]


def summarise_input(cases: list[Case]) -> list[Case]:
    """The records a summary counts: each patient once."""
    linked = {c.id for c in cases if c.provenance and c.provenance.same_patient_as}
    return [c for c in cases if c.id not in linked]


def test_bad_filter_values_are_one_line_each_and_dropped():
    selection = Selection.parse({"sex": "X", "age_min": "-1", "antibody": "srp", "outcome": ""})
    assert selection.problems == (
        "sex: got 'X'; expected one of F, M",
        "age_min: got '-1'; expected a number of years from 0 to 120",
    )
    assert selection.query() == {"antibody": "srp"}
    with pytest.raises(InvalidInput) as raised:
        selection.checked()
    assert raised.value.problems == list(selection.problems)


def test_a_page_of_records_is_audited_as_a_read(opened_registry):
    found = explore(opened_registry, Selection.parse({"sex": "F"}), page=1, page_size=5, actor=Actor("dr-a"))
    assert len(found.records) == 5 and all(c.sex == "F" for c in found.records)
    last = entries(opened_registry, limit=1)[0]
    assert (last["actor"], last["action"], last["resource"], last["detail"]) == (
        "dr-a", "read", "cohort", "explorer sex=F")
