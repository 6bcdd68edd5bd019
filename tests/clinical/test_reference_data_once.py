"""Reference data are indexed once per process; every look-up answers what a scan of the file would.

The slow scans below are the look-ups as they were written before the indices (issue 17): kept here as
the reference the indices are checked against, for every id, analyte, age band and sex in the shipped files.
"""

from __future__ import annotations

from pathlib import Path

from imnm.clinical.assessment import assess
from imnm.clinical.prognosis import antibody_prognosis
from imnm.knowledge.antibodies import default_antibodies
from imnm.knowledge.criteria import enmc_2017, eular_acr_2017, suspicion_rule
from imnm.knowledge.ranges import ReferenceRange, default_reference_ranges
from imnm.knowledge.regimens import default_regimens
from imnm.knowledge.workup import default_workup
from imnm.model import Case
from imnm.model.vocabulary import Analyte, Antigen, Drug, Sex

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = (default_antibodies, enmc_2017, eular_acr_2017, suspicion_rule, default_reference_ranges,
              default_regimens, default_workup)


def test_a_citation_line_is_built_once_per_source():
    for catalogue in CATALOGUES:
        for source in catalogue().sources:
            assert source.short is source.short
    assert enmc_2017().citation is enmc_2017().citation


def test_sources_are_found_as_a_scan_finds_them():
    for catalogue in CATALOGUES:
        cat = catalogue()
        for source in cat.sources:
            assert cat.source(source.id) is next(s for s in cat.sources if s.id == source.id)


def test_workup_items_antibodies_and_enmc_labels_are_found_as_a_scan_finds_them():
    workup = default_workup()
    everything = [*workup.systemic_evaluation, *workup.extra_items]
    for item_id in [i.id for i in everything] + ["not_an_item", *workup.synonyms]:
        assert workup.item(item_id) is next((i for i in everything if i.id == item_id), None)
    antibodies = default_antibodies()
    for antigen in Antigen:
        assert antibodies.profile(antigen) is next((a for a in antibodies.antibodies if a.antigen == antigen), None)
    enmc = enmc_2017()
    for requirement in [*enmc.requirements, *enmc.supportive]:
        assert enmc.label(requirement.id) == next(
            r.label for r in [*enmc.requirements, *enmc.supportive] if r.id == requirement.id)


def test_rounding_and_regimens_are_found_as_a_scan_finds_them():
    cat = default_regimens()
    agents = [None, "", *{r.agent for r in cat.rounding}, *{r.agent for r in cat.regimens}, "Methotrexate", "other"]
    for drug in Drug:
        for agent in agents:
            for unit in ("mg", "g"):
                scanned = next((r for key in [k for k in (agent, drug.value) if k] for r in cat.rounding
                                if r.agent == key.lower() and r.unit == unit), None)
                found = cat.rounding_for(agent, drug, unit)
                assert found is scanned if scanned is not None else (found.step, found.unit) == (1, unit)
            assert cat.for_drug(drug, agent) == [r for r in cat.regimens if r.drug == drug
                                                 and (agent is None or r.agent == agent)]


def test_reference_ranges_are_found_as_a_scan_finds_them():
    table = default_reference_ranges()
    for analyte in Analyte:
        for sex in (None, *Sex):
            for age in (None, 0, 0.5, 1, 2, 5, 9.99, 10, 12, 15, 17.9, 18, 40, 65, 119):
                matches = [r for r in table.ranges if r.analyte == analyte and r.applies(age, sex)]
                scanned = max(matches, key=ReferenceRange.specificity) if matches else None
                assert table.lookup(analyte, age, sex) is scanned


def test_what_a_positive_antibody_says_is_built_once_per_process():
    case = Case.model_validate_json((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8"))
    first, again = antibody_prognosis(case), antibody_prognosis(case)
    assert [a.antigen for a in first] == ["srp", "ro52"]
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert antibody_prognosis(case, default_antibodies()) == first  # a catalogue passed in: the same content


def test_antigens_the_model_normalised_are_not_normalised_again(monkeypatch):
    """The Case holds Antigen members already: the criteria and the work-up compare them as they are."""
    import imnm.model.case

    case = Case.model_validate_json((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8"))
    expected = assess(case).model_dump_json()

    def normalised_again(name):
        raise AssertionError(f"{name!r} normalised again")

    monkeypatch.setattr(imnm.model.case, "normalise_antigen", normalised_again)
    assert assess(case).model_dump_json() == expected
