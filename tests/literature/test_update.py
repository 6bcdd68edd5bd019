"""``imnm literature update`` end to end on recorded E-utilities responses (invented records).

search -> store and deduplicate -> screen -> (a reviewer includes) -> extract -> queue -> accept ->
``imnm cohort table1`` and ``imnm literature prisma``, on SQLite and PostgreSQL. The fixtures are
written by data/make_update_fixtures.py; Biopython's real request code talks to the server stand-in.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import types
from pathlib import Path

import eutils_server
import pytest
from Bio import Entrez
from eutils_server import RecordedEutils
from typer.testing import CliRunner

from imnm.cli import app
from imnm.literature.pubmed import PubMedClient
from imnm.literature.update import run_update
from imnm.store import open_registry
from imnm.store.extraction_queue import list_items
from imnm.store.literature import list_decisions

DATA = Path(__file__).parent / "data"
ENGLISH, SPANISH, ADULT = "pmid:90040001", "pmid:90040002", "pmid:90040003"


@pytest.fixture
def eutils(monkeypatch, tmp_path):
    """The recorded server answering with the update fixtures (one EFetch batch)."""
    folder = tmp_path / "eutils"
    folder.mkdir()
    shutil.copy(DATA / "esearch_update.xml", folder / "esearch_update.xml")
    shutil.copy(DATA / "efetch_update.xml", folder / "efetch_batch1.xml")
    monkeypatch.setattr(eutils_server, "DATA", folder)
    server = RecordedEutils("esearch_update.xml")
    monkeypatch.setattr(Entrez, "urlopen", server)
    monkeypatch.setattr(Entrez, "time", types.SimpleNamespace(time=lambda: 0.0, sleep=lambda s: None))
    return server


@pytest.fixture
def imnm(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("IMNM_DATABASE_URL", database_url)
    runner = CliRunner()
    cache = str(tmp_path / "cache")

    def run(*args: str):
        if args[:2] == ("literature", "update"):
            args = (*args, "--email", "review@imnm.example", "--cache-dir", cache)
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result
    return run


def test_an_update_never_includes_a_record_by_itself(database_url, eutils):
    registry = open_registry(database_url)
    client = PubMedClient(email="review@imnm.example", sleep=lambda s: None)
    report = run_update(registry, client)
    assert report.identified == 3 and sorted(report.new_keys) == [ENGLISH, SPANISH, ADULT]
    assert sorted(report.likely_new) == [ENGLISH, SPANISH]  # suggested, for a reviewer to screen
    assert report.records_read == [] and report.queued == []
    assert list_decisions(registry) == [] and list_items(registry) == []


def test_update_extract_queue_accept_reaches_table1_and_prisma(imnm, eutils):
    first = imnm("literature", "update")
    assert "3 identified, 0 already stored, 3 new (2 likely relevant" in first.stderr
    assert "read for cases: 0 included record(s); queued: 0" in first.stderr
    assert "mindate" not in eutils.calls[0][1]  # a first run searches without a date limit
    for pmid in ("90040001", "90040002"):
        imnm("literature", "decide", pmid, "--include", "--reviewer", "AB")
        imnm("literature", "decide", pmid, "--include", "--stage", "eligibility", "--reviewer", "AB")
    imnm("literature", "decide", "90040003", "--exclude", "--reason", "adults", "--reviewer", "AB")

    second = imnm("literature", "update")
    searched = [params for utility, params in eutils.calls if utility == "esearch"][-1]
    assert searched["mindate"] == dt.datetime.now(dt.UTC).strftime("%Y/%m/%d")  # since the last update
    assert "3 identified, 3 already stored, 0 new" in second.stderr
    assert "read for cases: 2 included record(s); queued: 2" in second.stderr

    items = {row["record_key"]: row for row in json.loads(imnm("literature", "queue", "--format", "json").stdout)}
    english, spanish = items[ENGLISH], items[SPANISH]
    assert (english["sex"], english["age_years"], english["ck_iu_l"]) == ("M", 7.0, 14200.0)
    assert english["antibodies"] == {"srp": "positive"} and english["evidence"]["age_years"]
    assert spanish["language"] == "es" and spanish["age_years"] is None
    prisma = json.loads(imnm("literature", "prisma", "--format", "json").stdout)
    assert (prisma["assessed"], prisma["included"], prisma["awaiting_case_review"]) == (2, 0, 2)

    accepted = imnm("literature", "queue", "accept", str(english["id"]), "--reviewer", "Dr R")
    assert "accepted as case invento-2024-" in accepted.stdout
    edit = Path(eutils_server.DATA) / "spanish_case.json"
    edit.write_text(json.dumps({"sex": "F", "age_years": 10,
                                "antibodies": [{"antigen": "srp", "result": "positive", "basis": "reported"}]}))
    imnm("literature", "queue", "accept", str(spanish["id"]), "--edit", str(edit), "--reviewer", "Dr R")

    table = imnm("cohort", "table1", "--format", "csv").stdout
    rows = [line for line in table.splitlines() if "Invento et al, 2024" in line or "Imaginaria et al, 2024" in line]
    assert len(rows) == 2 and "14 200" in rows[0] + rows[1]
    prisma = json.loads(imnm("literature", "prisma", "--format", "json").stdout)
    assert (prisma["included"], prisma["awaiting_case_review"], prisma["eligibility_excluded"]) == (2, 0, {})
    assert prisma["screening_excluded"] == 1
    text = imnm("literature", "prisma").stdout
    assert "included: 2" in text and "in progress" not in text

    third = imnm("literature", "update")  # queued records are not read again
    assert "read for cases: 0 included record(s); queued: 0" in third.stderr
    assert imnm("literature", "queue", "--format", "json").stdout.strip() == "[]"


def test_an_included_record_without_a_patient_is_stored_as_read_with_the_reason(database_url, eutils):
    from imnm.literature.screening import Decision
    from imnm.store.literature import save_decision

    registry = open_registry(database_url)
    client = PubMedClient(email="review@imnm.example", sleep=lambda s: None)
    run_update(registry, client)
    for stage in ("screening", "eligibility"):
        save_decision(registry, Decision(record_key=ENGLISH, stage=stage, decision="include", reviewer="AB"))
    calls: list[str] = []

    def finds_nobody(text: str, *, source: str | None = None) -> list:
        calls.append(source)
        return []

    first = run_update(registry, client, extractor=finds_nobody)
    assert first.records_read == [ENGLISH] and first.records_without_case == [ENGLISH]
    [item] = list_items(registry)
    assert item.record_key == ENGLISH and item.patient_label is None and item.state == "pending"
    assert any("no patient" in f for f in item.extracted["review_flags"])  # the reason, for the reviewer

    second = run_update(registry, client, extractor=finds_nobody)  # read once, not on every update
    assert second.records_read == [] and calls == [ENGLISH]
    assert len(list_items(registry)) == 1
