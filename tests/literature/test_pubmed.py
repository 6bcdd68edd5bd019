"""The PubMed client against recorded E-utilities responses, through Biopython's real request code.

``Bio.Entrez.urlopen`` is replaced by a server stand-in that answers from ``data/`` (responses
made from invented records; see data/README.md) and records every URL, so the tests see the
exact requests Biopython would send. Pacing and back-off are tested with an injected clock.
"""

from __future__ import annotations

import types
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest
from Bio import Entrez
from eutils_server import RecordedEutils

from imnm.literature.pubmed import (
    DEFAULT_CONCEPTS,
    SEED_SEARCH_END,
    PubMedClient,
    PubMedError,
    RateLimiter,
    build_query,
    with_retries,
)

DATA = Path(__file__).parent / "data"


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def eutils(monkeypatch):
    server = RecordedEutils()
    monkeypatch.setattr(Entrez, "urlopen", server)
    # Biopython also paces itself with the wall clock; ours is the one under test (fake clock).
    monkeypatch.setattr(Entrez, "time", types.SimpleNamespace(time=lambda: 0.0, sleep=lambda s: None))
    return server


@pytest.fixture
def clock():
    return FakeClock()


def client(clock, **kwargs) -> PubMedClient:
    return PubMedClient(email="review@imnm.example", batch_size=2, clock=clock, sleep=clock.sleep, **kwargs)


def test_default_query_has_the_four_concepts():
    query = build_query()
    assert query.count(") AND (") == 3
    assert '"Signal Recognition Particle"[MeSH Terms]' in query
    assert '"Case Reports"[Publication Type]' in query
    assert "juvenile[Title/Abstract]" in query
    assert set(DEFAULT_CONCEPTS) == {"anti_srp", "myositis_or_myopathy", "children", "case_reports"}
    assert build_query({"x": ["a[tiab]"]}, extra="english[la]") == "(a[tiab]) AND (english[la])"


def test_search_uses_history_server_and_date_limits(eutils, clock):
    result = client(clock).search(mindate="2000")
    utility, params = eutils.calls[0]
    assert utility == "esearch"
    assert params["usehistory"] == "y" and params["db"] == "pubmed"
    assert params["term"] == build_query()
    assert (params["datetype"], params["mindate"], params["maxdate"]) == ("pdat", "2000", SEED_SEARCH_END)
    assert params["email"] == "review@imnm.example" and params["tool"] == "imnm"
    assert "api_key" not in params
    assert result.count == 4
    assert result.pmids == ["90020001", "90020002", "90020003", "90020004"]
    assert (result.webenv, result.query_key) == ("MCID_6543f2a1b0c9d8e7f6a5b4c3", "1")


def test_fetch_in_batches_from_history(eutils, clock):
    c = client(clock)
    records = list(c.fetch(c.search()))
    assert [r.pmid for r in records] == ["90020001", "90020002", "90020003", "90020004"]
    assert records[0].title == "Necrotising myopathy with anti-SRP antibodies in a 9-year-old boy: a case report."
    assert records[3].doi == "10.5555/eutils.0004" and records[2].doi is None
    fetches = [p for u, p in eutils.calls if u == "efetch"]
    assert [(p["retstart"], p["retmax"]) for p in fetches] == [("0", "2"), ("2", "2")]
    assert all(p["WebEnv"] == "MCID_6543f2a1b0c9d8e7f6a5b4c3" and p["query_key"] == "1" for p in fetches)
    # three requests at 3/s: the second and third wait a third of a second each
    assert clock.slept == [pytest.approx(1 / 3), pytest.approx(1 / 3)]


def test_api_key_raises_the_rate_to_ten(eutils, clock):
    c = client(clock, api_key="k123")
    list(c.fetch(c.search()))
    assert all(p["api_key"] == "k123" for _, p in eutils.calls)
    assert clock.slept == [pytest.approx(0.1), pytest.approx(0.1)]


def test_cache_makes_a_rerun_free(eutils, clock, tmp_path):
    c = client(clock, cache_dir=tmp_path / "cache")
    first = [r.pmid for r in c.fetch(c.search())]
    assert sum(1 for u, _ in eutils.calls if u == "efetch") == 2
    again = [r.pmid for r in c.fetch(c.search())]
    assert again == first
    assert sum(1 for u, _ in eutils.calls if u == "efetch") == 2  # served from disk
    assert sum(1 for u, _ in eutils.calls if u == "esearch") == 2  # the search itself is always live


def test_transient_errors_are_retried_with_backoff(eutils, clock):
    eutils.failures = [HTTPError("u", 429, "Too Many Requests", {}, None), URLError("reset")]
    result = client(clock).search()
    assert result.count == 4
    assert len(eutils.calls) == 3
    # back-off 1 s then 2 s; the rate limiter adds nothing as the back-off is longer
    assert clock.slept == [1.0, 2.0]


def test_gives_up_after_the_last_attempt(eutils, clock):
    eutils.failures = [HTTPError("u", 503, "Unavailable", {}, None)] * 4
    with pytest.raises(PubMedError, match="unreachable after 4 attempts"):
        client(clock).search()
    assert clock.slept == [1.0, 2.0, 4.0]


def test_a_bad_request_is_not_retried(eutils, clock):
    eutils.failures = [HTTPError("u", 400, "Bad Request", {}, None)]
    with pytest.raises(PubMedError, match="400"):
        client(clock).search()
    assert len(eutils.calls) == 1


def test_esearch_error_message_is_reported(monkeypatch, clock):
    server = RecordedEutils(esearch="esearch_error.xml")
    monkeypatch.setattr(Entrez, "urlopen", server)
    monkeypatch.setattr(Entrez, "time", types.SimpleNamespace(time=lambda: 0.0, sleep=lambda s: None))
    with pytest.raises(PubMedError, match="Invalid query syntax"):
        client(clock).search("((")


def test_rate_limiter_with_injected_clock():
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    assert limiter.wait() == 0.0
    assert limiter.wait() == pytest.approx(1 / 3)
    clock.now += 5  # idle for a while: no wait
    assert limiter.wait() == 0.0
    clock.now += 0.1
    assert limiter.wait() == pytest.approx(1 / 3 - 0.1)


def test_with_retries_backoff_doubles():
    clock = FakeClock()
    outcomes = [URLError("a"), URLError("b"), b"ok"]

    def call():
        item = outcomes.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    assert with_retries(call, attempts=5, backoff_s=0.5, sleep=clock.sleep) == b"ok"
    assert clock.slept == [0.5, 1.0]


def test_bad_arguments_are_clear():
    with pytest.raises(PubMedError, match="email"):
        PubMedClient(email="")
    with pytest.raises(PubMedError, match="date: got '2023-7x'"):
        PubMedClient(email="a@b.org").search(mindate="2023-7x")
