"""The registry store round-trips cases on SQLite and PostgreSQL, transactionally and audited."""

import pytest
from sqlalchemy import func, select

from imnm.cohort.dataset import load_cohort
from imnm.model import Case
from imnm.store import Registry, open_registry, seed_literature_cohort
from imnm.store.cases import (
    CaseNotFound,
    DuplicateCase,
    add_case,
    add_cases,
    count_cases,
    delete_case,
    get_case,
    list_cases,
    revisions,
    update_case,
)
from imnm.store.schema import CaseFeatureRow, CaseLabRow, CaseTreatmentRow


def test_cohort_round_trip(database_url):
    registry = open_registry(database_url)
    stored = list_cases(registry)
    shipped = load_cohort()
    assert [c.id for c in stored] == [c.id for c in shipped]
    for a, b in zip(stored, shipped, strict=True):
        assert a == b, a.id
    registry.dispose()


def test_child_tables_can_be_queried(database_url):
    registry = open_registry(database_url)
    with registry.session() as s:
        rituximab = s.scalar(select(func.count(func.distinct(CaseTreatmentRow.case_id)))
                             .where(CaseTreatmentRow.drug == "rituximab"))
        dysphagia = s.scalar(select(func.count()).select_from(CaseFeatureRow)
                             .where(CaseFeatureRow.feature == "dysphagia", CaseFeatureRow.present.is_(True)))
        ck = s.scalar(select(CaseLabRow.value).where(CaseLabRow.case_id == "toledo-del-castillo-2024",
                                                      CaseLabRow.analyte == "creatine_kinase",
                                                      CaseLabRow.visit_position.is_(None)))
    assert (rituximab, dysphagia, ck) == (7, 10, 11426)
    registry.dispose()


def test_seeding_is_idempotent_and_spares_local_cases(database_url):
    registry = open_registry(database_url)
    local = add_case(registry, Case(sex="F", age_years=9))
    assert seed_literature_cohort(registry) == 0
    assert seed_literature_cohort(registry, force=True) == 0  # nothing changed, so nothing rewritten
    assert count_cases(registry) == 25
    assert get_case(registry, local).age_years == 9
    registry.dispose()


def test_all_or_nothing_import(database_url):
    registry = open_registry(database_url, seed=False)
    good = Case(id="good-1", age_years=7)
    clash = Case(id="good-1", age_years=8)
    with pytest.raises(DuplicateCase):
        add_cases(registry, [good, Case(id="good-2"), clash])
    assert count_cases(registry) == 0
    registry.dispose()


def test_update_delete_and_audit_trail(database_url):
    registry = open_registry(database_url, seed=False)
    case_id = add_case(registry, Case(age_years=7), actor="dr-a")
    case = get_case(registry, case_id)
    assert update_case(registry, case.model_copy(update={"age_years": 8}), actor="dr-b") == 2
    assert get_case(registry, case_id).age_years == 8
    delete_case(registry, case_id, actor="dr-c")
    with pytest.raises(CaseNotFound):
        get_case(registry, case_id)
    trail = revisions(registry, case_id)
    assert [(r["version"], r["action"], r["actor"]) for r in trail] == [
        (1, "add", "dr-a"), (2, "update", "dr-b"), (3, "delete", "dr-c")]
    registry.dispose()


def test_schema_is_at_head_after_open(database_url):
    registry = open_registry(database_url, seed=False)
    assert registry.is_current()
    registry.upgrade()  # idempotent
    assert registry.is_current()
    registry.dispose()


def test_default_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("IMNM_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert Registry().url.endswith("x.db")


def test_amend_case_is_validated_whole_and_transactional(database_url):
    from imnm.model import Visit
    from imnm.store.cases import amend_case

    registry = open_registry(database_url, seed=False)
    case_id = add_case(registry, Case(age_years=7), actor="dr-a")
    amended = amend_case(registry, case_id,
                         lambda c: c.model_copy(update={"visits": [Visit(label="month 3", cmas=30)]}), actor="dr-b")
    assert [v.cmas for v in amended.visits] == [30]
    # an amendment that breaks the record (CMAS 60/52 smuggled past the Visit's own check) is refused whole
    with pytest.raises(ValueError, match="cmas"):
        amend_case(registry, case_id, lambda c: c.model_copy(
            update={"visits": [*c.visits, Visit.model_construct(label="bad", cmas=60)]}))
    assert [v.cmas for v in get_case(registry, case_id).visits] == [30]
    assert [r["action"] for r in revisions(registry, case_id)] == ["add", "update"]
    with pytest.raises(CaseNotFound):
        amend_case(registry, "no-such-case", lambda c: c)
    registry.dispose()


# --- the same patient is not counted twice ------------------------------------------------------------


def _cited(label=None, doi="10.1000/xyz123", pmid=None, **extra) -> Case:
    citation = {"first_author": "Doe", "year": 2020, "doi": doi, "pmid": pmid}
    return Case.model_validate({"source_kind": "literature", "citation": citation, "case_label": label,
                                "sex": "F", "age_years": 8, **extra})


def test_same_citation_and_label_is_refused_naming_the_stored_record(database_url):
    registry = open_registry(database_url, seed=False)
    first = add_case(registry, _cited("case 1 of 2"))
    with pytest.raises(DuplicateCase, match=f"same patient as stored case '{first}'") as info:
        add_case(registry, _cited("Case 1 of 2 ", source_kind="local"))
    assert info.value.case_id == first
    # another child of the same article, and the same label in another article, are different patients
    add_case(registry, _cited("case 2 of 2"))
    add_case(registry, _cited("case 1 of 2", doi="10.1000/other"))
    assert count_cases(registry) == 3
    registry.dispose()


def test_pmid_match_and_duplicates_inside_one_import_are_refused_whole(database_url):
    registry = open_registry(database_url, seed=False)
    add_case(registry, _cited(None, doi=None, pmid="12345"))
    with pytest.raises(DuplicateCase, match="PMID 12345"):
        add_cases(registry, [_cited("x", doi=None, pmid="999"), _cited(None, doi=None, pmid="12345")])
    with pytest.raises(DuplicateCase, match="twice in this import"):
        add_cases(registry, [_cited("a", doi="10.1000/new"), _cited("a", doi="10.1000/NEW")])
    assert count_cases(registry) == 1
    registry.dispose()


def test_adding_the_letters_own_patient_again_is_refused(tmp_path):
    """examples/index_case.json is the seed's index patient, already in the registry as a literature record."""
    from pathlib import Path

    from typer.testing import CliRunner

    from imnm.cli import app

    example = Path(__file__).resolve().parents[2] / "examples" / "index_case.json"
    runner = CliRunner()
    before = runner.invoke(app, ["cohort", "summary", "--format", "json"]).stdout
    result = runner.invoke(app, ["case", "add", str(example)])
    assert result.exit_code == 2, result.output
    assert "same patient as stored case 'toledo-del-castillo-2024'" in result.stderr
    assert runner.invoke(app, ["cohort", "summary", "--format", "json"]).stdout == before
