"""Loading a newer shipped cohort touches only the shipped records, and every change it makes is audited."""

from __future__ import annotations

import pytest

from imnm.cohort.dataset import load_cohort
from imnm.model import Case
from imnm.store import open_registry, seed_literature_cohort
from imnm.store.cases import add_case, get_case, list_cases, revisions
from imnm.store.seed import loaded_cohort_version


@pytest.fixture
def seeded(database_url):
    registry = open_registry(database_url)
    yield registry
    registry.dispose()


def _ship_a_new_version(monkeypatch, cases: list[Case], version: str = "test-v2") -> None:
    monkeypatch.setattr("imnm.store.seed.cohort_version", lambda: version)
    monkeypatch.setattr("imnm.store.seed.load_cohort", lambda: cases)


def test_a_users_literature_case_survives_a_new_cohort_version(seeded, monkeypatch):
    mine = Case.model_validate({"source_kind": "literature", "sex": "F", "age_years": 12,
                                "citation": {"first_author": "Userentered", "year": 2031}})
    mine_id = add_case(seeded, mine, actor="dr-a")
    _ship_a_new_version(monkeypatch, load_cohort())
    seed_literature_cohort(seeded)
    assert get_case(seeded, mine_id).citation.first_author == "Userentered"
    assert [r["action"] for r in revisions(seeded, mine_id)] == ["add"]
    assert loaded_cohort_version(seeded) == "test-v2"


def test_reseeding_records_each_change_once_and_adds_nothing_twice(seeded, monkeypatch):
    shipped = load_cohort()
    kept, changed, dropped = shipped[0].id, shipped[1].id, shipped[2].id
    new = [c for c in shipped if c.id != dropped]
    new[1] = new[1].model_copy(update={"age_years": 11.5})  # a corrected age in the newer cohort
    new.append(shipped[3].model_copy(update={"id": "added-in-v2"}))
    _ship_a_new_version(monkeypatch, new)
    seed_literature_cohort(seeded)

    def history(case_id):
        return [(r["version"], r["action"], r["actor"]) for r in revisions(seeded, case_id)]

    assert history(kept) == [(1, "add", "imnm:seed")]
    assert history(changed) == [(1, "add", "imnm:seed"), (2, "update", "imnm:seed")]
    assert get_case(seeded, changed).age_years == 11.5
    assert history(dropped) == [(1, "add", "imnm:seed"), (2, "delete", "imnm:seed")]
    assert history("added-in-v2") == [(1, "add", "imnm:seed")]
    assert len(list_cases(seeded)) == len(new)


def test_reseeding_the_same_version_by_force_changes_nothing(seeded):
    before = {c.id: len(revisions(seeded, c.id)) for c in list_cases(seeded)}
    seed_literature_cohort(seeded, force=True)
    assert {c.id: len(revisions(seeded, c.id)) for c in list_cases(seeded)} == before
