"""``imnm literature`` end to end with typer's CliRunner (registry in tmp_path via the conftest)."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
from Bio import Entrez
from medline_factory import SAMPLES, write_medline
from typer.testing import CliRunner

from imnm.cli import app

DATA = Path(__file__).parent / "data"
KEYS = ["pmid", "doi", "title", "abstract", "authors", "journal", "pubdate", "publication_types", "mesh_terms",
        "keywords", "language"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_parse_prints_one_record_a_line(runner, tmp_path):
    two = write_medline(tmp_path / "two_records.xml", SAMPLES["two_records.xml"], pretty=False)
    result = runner.invoke(app, ["literature", "parse", str(two), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["pmid"] for r in rows] == ["90010002", "90010003"]
    assert list(rows[0]) == KEYS
    assert rows[0]["authors"] == ["Ferrand JM"] and rows[0]["language"] == ["eng"]
    assert "Calcinosis" in rows[0]["mesh_terms"]
    assert rows[1]["doi"] == "10.5555/0009-8981(78)90311-2" and rows[1]["pubdate"] == "1978-09-28"


def test_parse_ris_and_csv(runner):
    result = runner.invoke(app, ["literature", "parse", str(DATA / "export.ris")])
    assert [json.loads(x)["pmid"] for x in result.stdout.splitlines()] == ["90000005", "90000007"]
    result = runner.invoke(app, ["literature", "parse", str(DATA / "export_pubmed.csv")])
    assert next(json.loads(x)["doi"] for x in result.stdout.splitlines()) == "10.5555/prt.2018.1865"


@pytest.mark.parametrize("args, message", [
    (["parse", "notes.docx"], "unknown format"),
    (["parse", "missing.xml"], "no such file"),
    (["screen-files", "/nonexistent/pubmed*.xml.gz"], "no files match"),
    (["decide", "31415926", "--include"], "no stored literature record"),
    (["decide", "31415926"], "exactly one of --include"),
])
def test_user_errors_exit_2_without_traceback(runner, args, message):
    result = runner.invoke(app, ["literature", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_malformed_xml_exits_2(runner, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<PubmedArticleSet><PubmedArticle><MedlineCitation>", encoding="utf-8")
    result = runner.invoke(app, ["literature", "parse", str(bad)])
    assert result.exit_code == 2 and "malformed XML at line 1" in result.stderr


def test_screen_decide_prisma_round_trip(runner, tmp_path):
    result = runner.invoke(app, ["literature", "screen", str(DATA / "screening_corpus.xml"), str(DATA / "export.ris"),
                                 "--save", "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    ranked = [json.loads(x) for x in result.stdout.splitlines()]
    assert ranked[0]["pmid"] == "90000001" and ranked[0]["suggestion"] == "likely"
    assert "8 records, 1 duplicate(s) removed, 1 likely relevant" in result.stderr
    assert runner.invoke(app, ["literature", "decide", "90000001", "--include", "--reviewer", "AB"]).exit_code == 0
    assert runner.invoke(app, ["literature", "decide", "90000001", "--include", "--stage", "eligibility"]).exit_code == 0
    result = runner.invoke(app, ["literature", "decide", "90000002", "--exclude", "--reviewer", "AB"])
    assert result.exit_code == 2 and "exclusion needs a reason" in result.stderr
    result = runner.invoke(app, ["literature", "decide", "90000002", "--exclude", "--reason", "adult patient"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["literature", "prisma", "--format", "json", "--output", str(tmp_path / "flow")])
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["identified"] == {"PubMed": 6, "RIS import": 2}
    # two of the seven records decided: screened counts those two, the other five are awaiting
    assert counts["duplicates_removed"] == 1 and (counts["screened"], counts["awaiting_screening"]) == (2, 5)
    assert counts["screening_excluded"] == 1 and counts["assessed"] == 1
    # included at full text, but a study counts as included once a reviewer accepted one of its cases
    assert (counts["included"], counts["awaiting_case_review"]) == (0, 1)
    assert (tmp_path / "flow.svg").exists() and (tmp_path / "flow.png").exists()
    text = runner.invoke(app, ["literature", "prisma"]).stdout
    assert "screened: 2; excluded: 1" in text and "in progress: 5 awaiting screening" in text


def test_screen_files_cli(runner, tmp_path):
    out = tmp_path / "kept.jsonl"
    result = runner.invoke(app, ["literature", "screen-files", str(DATA / "screening_*.xml"), "--workers", "1",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    kept = [json.loads(x) for x in out.read_text().splitlines()]
    assert kept[0]["record"]["pmid"] == "90000001"
    assert "1 files, 6 records, 1 likely relevant" in result.stderr


def test_search_against_recorded_eutils(runner, monkeypatch, tmp_path):
    from eutils_server import RecordedEutils

    server = RecordedEutils()
    monkeypatch.setattr(Entrez, "urlopen", server)
    monkeypatch.setattr(Entrez, "time", types.SimpleNamespace(time=lambda: 0.0, sleep=lambda s: None))
    result = runner.invoke(app, ["literature", "search", "--email", "review@imnm.example",
                                 "--cache-dir", str(tmp_path / "cache"), "--batch-size", "2"])
    assert result.exit_code == 0, result.stderr
    assert "PubMed: 4 records" in result.stderr and "stored: 4 new" in result.stderr
    assert [u for u, _ in server.calls] == ["esearch", "efetch", "efetch"]
