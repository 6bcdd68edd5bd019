"""The literature cohort says what defines it: every Table 1 case is anti-SRP positive by inclusion.

The review behind Table 1 only took paediatric anti-SRP cases, so each record carries ``srp: positive``
with the basis stated; similarity then compares antibodies over the antigens tested in both cases.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from imnm.cohort.dataset import load_cohort
from imnm.cohort.similarity import similarity
from imnm.model import AntibodyResult, Antigen, Case


@pytest.fixture(scope="module")
def cohort() -> list[Case]:
    return load_cohort()


def by_id(cohort, case_id):
    return next(c for c in cohort if c.id == case_id)


def test_every_literature_record_is_srp_positive_and_says_why(cohort):
    literature = [c for c in cohort if c.source_kind == "literature"]
    assert len(literature) == 24
    for case in literature:
        assert case.antibody(Antigen.srp) is AntibodyResult.positive, case.id
    by_inclusion = [c for c in literature if c.id != "toledo-del-castillo-2024"]
    for case in by_inclusion:
        srp = next(a for a in case.antibodies if a.antigen is Antigen.srp)
        assert srp.basis == "inclusion_criterion", case.id
        assert "inclusion criterion" in (srp.as_written or ""), case.id
    # the letter's own patient was tested and reported individually
    girl = next(a for a in by_id(cohort, "toledo-del-castillo-2024").antibodies if a.antigen is Antigen.srp)
    assert girl.basis == "reported"


def test_basis_is_a_closed_vocabulary():
    ok = Case.model_validate({"antibodies": [{"antigen": "srp", "result": "positive", "basis": "inclusion_criterion"}]})
    assert ok.antibodies[0].basis == "inclusion_criterion"
    with pytest.raises(ValueError, match="basis"):
        Case.model_validate({"antibodies": [{"antigen": "srp", "result": "positive", "basis": "assumed"}]})


def test_export_no_longer_gives_empty_antibodies():
    from imnm.cli import app

    result = CliRunner().invoke(app, ["cohort", "export", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 24
    assert all(r["antibodies"].get("srp") == "positive" for r in records)


def test_similarity_compares_antibodies_over_antigens_tested_in_both(cohort):
    girl = by_id(cohort, "toledo-del-castillo-2024")  # SRP and Ro52 positive
    zao = by_id(cohort, "zao-2017-3")  # SRP positive by inclusion; Ro52 not tested
    comp = {c.feature: c for c in similarity(girl, zao).components}
    assert comp["antibodies"].similarity == 1.0

    hmgcr_child = Case(source_kind="local", antibodies=[{"antigen": "srp", "result": "negative"},
                                                        {"antigen": "hmgcr", "result": "positive"}])
    comp = {c.feature: c for c in similarity(hmgcr_child, zao).components}
    assert comp["antibodies"].similarity == 0.0

    # tested in both with a second shared positive, and one discordant antigen
    a = Case(source_kind="local", antibodies=[{"antigen": "srp", "result": "positive"},
                                              {"antigen": "ro52", "result": "positive"}])
    b = Case(source_kind="local", antibodies=[{"antigen": "srp", "result": "positive"},
                                              {"antigen": "ro52", "result": "negative"}])
    comp = {c.feature: c for c in similarity(a, b).components}
    assert comp["antibodies"].similarity == 0.5


def test_no_antigen_tested_in_both_means_antibodies_are_not_compared(cohort):
    untested = Case(source_kind="local", age_years=9)
    ro52_only = Case(source_kind="local", age_years=9, antibodies=[{"antigen": "ro52", "result": "positive"}])
    zao = by_id(cohort, "zao-2017-3")
    assert "antibodies" in similarity(untested, zao).excluded_features
    assert "antibodies" in similarity(ro52_only, zao).excluded_features


def test_against_the_girl_every_literature_record_scores_1_on_antibodies(cohort):
    """The girl against the whole cohort: no longer 0.50 for every record."""
    girl = by_id(cohort, "toledo-del-castillo-2024")
    scores = {c.id: {x.feature: x.similarity for x in similarity(girl, c).components}.get("antibodies")
              for c in cohort if not c.aggregate and c.id != girl.id}
    assert set(scores.values()) == {1.0}


def test_a_registry_seeded_before_the_antibodies_were_recorded_reseeds(tmp_path):
    from imnm.store import open_registry
    from imnm.store.cases import list_cases, update_case
    from imnm.store.schema import RegistryMetaRow
    from imnm.store.seed import COHORT_KEY

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    reg = open_registry(url)
    for case in list_cases(reg):  # what the first shipped version stored
        if case.source_kind == "literature" and case.id != "toledo-del-castillo-2024":
            update_case(reg, case.model_copy(update={"antibodies": []}))
    with reg.session() as session:
        session.get(RegistryMetaRow, COHORT_KEY).value = "2024-seed-table1-v1"
    reopened = open_registry(url)
    literature = [c for c in list_cases(reopened) if c.source_kind == "literature"]
    assert len(literature) == 24
    assert all(c.antibody("srp") is AntibodyResult.positive for c in literature)
