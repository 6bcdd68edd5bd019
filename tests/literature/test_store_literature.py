"""Literature records, search runs and decisions in the registry, and PRISMA counts read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from imnm.literature.medline import parse_medline
from imnm.literature.ris import read_ris
from imnm.literature.screening import Decision
from imnm.store.literature import (
    RecordNotFound,
    included_records,
    list_records,
    prisma_counts,
    resolve_key,
    save_decision,
    save_search_run,
)
from imnm.store.registry import Registry
from imnm.store.schema import Base

DATA = Path(__file__).parent / "data"


@pytest.fixture
def registry(tmp_path) -> Registry:
    reg = Registry("sqlite:///" + str(tmp_path / "r.db"))
    reg.upgrade()
    yield reg
    reg.dispose()


def test_migration_creates_the_orm_tables(registry):
    assert registry.is_current()  # at head, which includes 0002_literature
    with registry.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diff if "literature" in repr(d)]
    assert ours == []


def test_search_runs_deduplicate_against_the_registry(registry):
    corpus = parse_medline(DATA / "screening_corpus.xml")
    first = save_search_run(registry, corpus, source="PubMed", query="q", maxdate="2023/07/31")
    assert (first.identified, first.duplicates_removed, len(first.new_keys)) == (6, 0, 6)
    # an RIS export of two records (90000005 is stored already, found by PMID; 90000007 is new)
    second = save_search_run(registry, read_ris(DATA / "export.ris"), source="Embase (RIS)")
    assert (second.identified, second.duplicates_removed, second.new_keys) == (2, 1, ["pmid:90000007"])
    records = list_records(registry)
    assert len(records) == 7
    assert records[0].pmid == "90000001"  # ranked by the rules' score


def test_decisions_and_prisma_counts(registry):
    save_search_run(registry, parse_medline(DATA / "screening_corpus.xml"), source="PubMed")
    save_search_run(registry, read_ris(DATA / "export.ris"), source="Embase (RIS)")
    for pmid in ["90000002", "90000003", "90000004", "90000005", "90000006", "90000007"]:
        save_decision(registry, Decision(record_key=resolve_key(registry, pmid), stage="screening",
                                         decision="exclude", reason="not paediatric anti-SRP", reviewer="AB"))
    key = resolve_key(registry, "90000001")
    save_decision(registry, Decision(record_key=key, stage="screening", decision="include", reviewer="AB"))
    save_decision(registry, Decision(record_key=key, stage="eligibility", decision="include", reviewer="CD"))
    counts = prisma_counts(registry)
    assert counts.identified == {"Embase (RIS)": 2, "PubMed": 6}
    assert counts.duplicates_removed == 1 and counts.screened == 7
    assert counts.screening_excluded == 6 and counts.assessed == 1 and counts.included == 1
    assert counts.complete
    assert [r.pmid for r in included_records(registry)] == ["90000001"]


def test_prisma_counts_add_up_mid_review(registry):
    """Half-way through screening the registry's counts show decided and waiting records, never more."""
    save_search_run(registry, parse_medline(DATA / "screening_corpus.xml"), source="PubMed")
    save_search_run(registry, read_ris(DATA / "export.ris"), source="Embase (RIS)")
    first, second, *rest = list_records(registry)
    save_decision(registry, Decision(record_key=first.key, stage="screening", decision="include", reviewer="AB"))
    save_decision(registry, Decision(record_key=second.key, stage="screening", decision="exclude",
                                     reason="adult patient", reviewer="AB"))
    counts = prisma_counts(registry)
    pool = counts.identified_total - counts.duplicates_removed
    assert (pool, counts.screened, counts.awaiting_screening) == (2 + len(rest), 2, len(rest))
    assert counts.screened == counts.screening_excluded + counts.sought_for_retrieval == 1 + 1
    assert (counts.assessed, counts.awaiting_assessment, counts.included) == (0, 1, 0)
    assert not counts.complete


def test_unknown_record_is_a_clear_error(registry):
    with pytest.raises(RecordNotFound, match="'31415926'"):
        resolve_key(registry, "31415926")
    with pytest.raises(RecordNotFound):
        save_decision(registry, Decision(record_key="pmid:1", stage="screening", decision="include", reviewer="AB"))


def test_a_failed_import_leaves_nothing(registry, monkeypatch):

    corpus = parse_medline(DATA / "screening_corpus.xml")

    class Boom(RuntimeError):
        pass

    class BrokenRules:
        def screen(self, record):
            raise Boom

    with pytest.raises(Boom):
        save_search_run(registry, corpus, source="PubMed", rules=BrokenRules())
    assert list_records(registry) == []
    assert prisma_counts(registry).identified == {}
