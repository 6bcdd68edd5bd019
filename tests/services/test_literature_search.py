"""Reading the literature in, as the service the ``imnm literature`` commands and the API call: exports
parsed and screened (streamed, or stored in the actor's name), PubMed searched, the living update, and
case reports read. PubMed is a stand-in client; records are invented (PMIDs 900..., DOIs 10.5555).
"""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
from sqlalchemy import select

from imnm.literature.readers import UnknownFormat
from imnm.literature.records import LiteratureError, Record
from imnm.literature.screening import Decision
from imnm.services import literature, literature_search
from imnm.services.audit import Actor
from imnm.store import open_registry
from imnm.store.literature import SearchRunRow, list_records, save_decision

DATA = Path(__file__).parents[1] / "literature" / "data"
CORPUS, RIS = DATA / "screening_corpus.xml", DATA / "export.ris"
DR = Actor("dr-lit", "reviewer", "127.0.0.1")
RELEVANT = Record(pmid="90070001", title="Anti-SRP necrotising myopathy in an invented girl", year=2023,
                  abstract="An invented 9-year-old girl with anti-SRP antibodies, necrotizing myopathy, CK "
                           "12000 U/L. She received IVIG.")
OTHER = Record(pmid="90070002", title="Invented knee surgery outcomes", year=2022)


def _never_opened():
    raise AssertionError("the registry was opened although nothing is to be stored")


def _runs(registry) -> list[tuple[str, str, int]]:
    with registry.session() as session:
        return [(r.source, r.actor, r.identified) for r in session.scalars(select(SearchRunRow).order_by(SearchRunRow.id))]


class StandInPubMed:
    """Answers ``search`` and ``fetch`` like :class:`~imnm.literature.pubmed.PubMedClient`, from a list."""

    def __init__(self, records: list[Record]):
        self.records = records
        self.asked: list[dict] = []

    def search(self, query=None, *, mindate=None, maxdate=None):
        self.asked.append({"query": query, "mindate": mindate, "maxdate": maxdate})
        return types.SimpleNamespace(count=len(self.records), query=query or "the review's query",
                                     mindate=mindate, maxdate=maxdate)

    def fetch(self, result, *, progress=False):
        return iter(self.records)


def test_summary_rows_and_records_of_an_export():
    rows = list(literature_search.summary_rows(RIS))
    assert [r["pmid"] for r in rows] == ["90000005", "90000007"] and "language" in rows[0]
    assert [r.pmid for r in literature_search.records_of(RIS)] == ["90000005", "90000007"]
    with pytest.raises(UnknownFormat, match="notes.docx: unknown format"):
        list(literature_search.summary_rows(Path("notes.docx")))


def test_screen_exports_streams_without_storing():
    with literature_search.screen_exports([CORPUS, RIS]) as screened:
        assert (screened.identified, screened.duplicates, screened.likely) == (8, 1, 1)
        lines = [json.loads(line) for line in screened.lines()]
        assert lines[0]["pmid"] == "90000001" and lines[0]["suggestion"] == "likely"
        assert [s.pmid for s in screened.screenings()] == [row["pmid"] for row in lines]
    assert [row["pmid"] for row in lines] == [row["pmid"] for row in literature.screen(
        [r for path in (CORPUS, RIS) for r in literature_search.records_of(path)])]  # the API's ranking


def test_screen_exports_refuses_an_unknown_format_before_reading(tmp_path):
    with pytest.raises(UnknownFormat), literature_search.screen_exports([CORPUS, tmp_path / "x.docx"]):
        pass


def test_screen_exports_stores_each_file_in_the_actors_name(database_url):
    registry = open_registry(database_url)
    heard = []
    with literature_search.screen_exports([CORPUS, RIS], registry=lambda: registry, actor=DR,
                                          on_saved=lambda path, saved: heard.append((path.name, saved))) as screened:
        assert screened.identified == 8
    assert [(name, s["identified"], s["duplicates_removed"], s["new_records"]) for name, s in heard] == [
        ("screening_corpus.xml", 6, 0, 6), ("export.ris", 2, 1, 1)]
    assert _runs(registry) == [("PubMed", "dr-lit", 6), ("RIS import", "dr-lit", 2)]


def test_a_bad_file_stores_nothing(database_url, tmp_path):
    registry = open_registry(database_url)
    bad = tmp_path / "bad.xml"
    bad.write_text("<PubmedArticleSet><PubmedArticle><MedlineCitation>", encoding="utf-8")
    with pytest.raises(LiteratureError, match="malformed XML"), \
            literature_search.screen_exports([CORPUS, bad], registry=registry, actor=DR):
        pass
    assert _runs(registry) == [] and list_records(registry) == []


def test_an_api_import_is_stored_in_the_signed_in_users_name(database_url):
    registry = open_registry(database_url)
    saved = literature.save_run(registry, [RELEVANT, OTHER], source="API import", query=None, actor=DR)
    assert (saved["identified"], saved["new_records"]) == (2, 2)
    assert _runs(registry) == [("API import", "dr-lit", 2)]


def test_count_files_names_a_glob_matching_nothing(tmp_path):
    assert literature_search.count_files(str(DATA / "screening_*.xml")) == 1
    with pytest.raises(LiteratureError, match="GLOB: no files match"):
        literature_search.count_files(str(tmp_path / "pubmed*.xml.gz"))


def test_screen_many_files_keeps_and_writes_the_relevant_records(tmp_path):
    done = []
    screened = literature_search.screen_many_files(str(DATA / "screening_*.xml"), workers=1, min_score=0.5,
                                                   on_file_done=done.append)
    assert (screened.result.records, screened.result.likely, len(done)) == (6, 1, 1)
    assert screened.hits[0][1].pmid == "90000001"
    out = tmp_path / "kept.jsonl"
    literature_search.write_hits(screened.hits, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(screened.hits) and rows[0]["screening"]["pmid"] == rows[0]["record"]["pmid"] == "90000001"


def test_search_screens_and_stores_in_the_actors_name(database_url):
    registry = open_registry(database_url)
    client, counted = StandInPubMed([OTHER, RELEVANT]), []
    found = literature_search.search(client, mindate="2020", maxdate="2023/07/31", registry=registry, actor=DR,
                                     on_found=counted.append)
    assert counted == [2] and found.count == 2 and client.asked[0]["query"]  # the review's query by default
    assert [s.pmid for s in found.ranked] == ["90070001", "90070002"] and found.ranked[0].suggestion == "likely"
    assert (found.saved["new_records"], found.saved["duplicates_removed"]) == (2, 0)
    assert _runs(registry) == [("PubMed", "dr-lit", 2)]
    again = literature_search.search(StandInPubMed([RELEVANT]))
    assert again.saved is None and _runs(registry) == [("PubMed", "dr-lit", 2)]


def test_update_runs_in_the_actors_name_and_includes_nothing(database_url):
    registry = open_registry(database_url)
    report = literature_search.update(registry, StandInPubMed([RELEVANT, OTHER]), actor=DR)
    assert (report.identified, sorted(report.new_keys), report.likely_new) == (
        2, ["pmid:90070001", "pmid:90070002"], ["pmid:90070001"])
    assert report.records_read == [] and report.queued == []
    assert _runs(registry) == [("PubMed", "dr-lit", 2)]


def test_extract_from_a_report_an_export_or_the_included_records(database_url, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(RELEVANT.abstract, encoding="utf-8")
    [case] = literature_search.extract(report)
    assert (case.record["age_years"], case.record["sex"], case.source) == (9.0, "F", "report.txt")
    registry = open_registry(database_url)
    literature.save_run(registry, [RELEVANT, OTHER], source="PubMed", query=None, actor=DR)
    assert literature_search.extract(registry=lambda: registry) == []  # nothing included yet
    for stage in ("screening", "eligibility"):
        save_decision(registry, Decision(record_key="pmid:90070001", stage=stage, decision="include", reviewer="AB"))
    [included] = literature_search.extract(registry=registry)
    assert included.record["age_years"] == 9.0 and included.source == "pmid:90070001"


def test_extract_needs_one_input_and_a_readable_report(tmp_path):
    for given in ({}, {"file": tmp_path / "r.txt", "registry": _never_opened}):
        with pytest.raises(LiteratureError, match=r"extract: give FILE or --included \(one of them\)"):
            literature_search.extract(**given)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("niña de 9 años".encode("latin-1"))
    with pytest.raises(OSError, match=r"latin1.txt: cannot read as UTF-8 text \(UnicodeDecodeError\)"):
        literature_search.extract(latin1)
