"""PubMed search and fetch through NCBI E-utilities (Biopython's ``Bio.Entrez``).

The seed letter's Table 1 came from a manual "PubMed search through July 2023"; this module reruns
that search reproducibly. ESearch posts the result set to the NCBI history server and EFetch reads
it back in batches (NCBI's recommended pattern for more than a few hundred records). NCBI allows
3 requests per second without an API key and 10 with one
(https://www.ncbi.nlm.nih.gov/books/NBK25497/); the client paces itself, retries transient
failures with exponential back-off, and caches EFetch batches on disk so a rerun costs nothing.

The network is reached only through ``transport`` (default: :func:`entrez_transport`), and time only
through ``clock``/``sleep``, so tests replay recorded responses with a fake clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError

from lxml import etree

from imnm.literature.records import LiteratureError, Record

EUTILS_BATCH_MAX = 10_000
SEED_SEARCH_END = "2023/07/31"  # the seed letter: "PubMed search through July 2023"

#: The review's default query. Each block is one concept; MeSH and free text are both used because
#: case reports are often indexed late or loosely.
DEFAULT_CONCEPTS: dict[str, list[str]] = {
    "anti_srp": [
        '"Signal Recognition Particle"[MeSH Terms]',
        '"signal recognition particle"[Title/Abstract]',
        '"anti-SRP"[Title/Abstract]',
        "SRP[Title/Abstract]",
    ],
    "myositis_or_myopathy": [
        '"Myositis"[MeSH Terms]',
        '"Muscular Diseases"[MeSH Terms]',
        "myositis[Title/Abstract]",
        "myopathy[Title/Abstract]",
        '"necrotizing myopathy"[Title/Abstract]',
        '"necrotising myopathy"[Title/Abstract]',
    ],
    "children": [
        '"Child"[MeSH Terms]',
        '"Adolescent"[MeSH Terms]',
        '"Infant"[MeSH Terms]',
        "child*[Title/Abstract]",
        "paediatric[Title/Abstract]",
        "pediatric[Title/Abstract]",
        "juvenile[Title/Abstract]",
    ],
    "case_reports": [
        '"Case Reports"[Publication Type]',
        '"case report"[Title/Abstract]',
        '"case series"[Title/Abstract]',
    ],
}


class PubMedError(LiteratureError):
    """E-utilities answered with an error, or could not be reached after every retry."""


# --- the query -----------------------------------------------------------------------------------


def build_query(concepts: dict[str, list[str]] | None = None, *, extra: str | None = None) -> str:
    """AND of concept blocks, each an OR of its terms: the review's search string in PubMed syntax."""
    blocks = concepts if concepts is not None else DEFAULT_CONCEPTS
    parts = ["(" + " OR ".join(terms) + ")" for terms in blocks.values() if terms]
    if extra:
        parts.append(f"({extra})")
    if not parts:
        raise PubMedError("query: no terms; expected at least one concept block")
    return " AND ".join(parts)


def _entrez_date(value: str | dt.date | None) -> str | None:
    """``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` as E-utilities expects for mindate/maxdate."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.strftime("%Y/%m/%d")
    text = value.strip().replace("-", "/")
    parts = text.split("/")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        raise PubMedError(f"date: got {value!r}; expected YYYY, YYYY/MM or YYYY/MM/DD")
    return text


# --- pacing, retries, cache -------------------------------------------------------------------------


class RateLimiter:
    """At most ``per_second`` requests a second: waits so that calls are at least 1/rate apart."""

    def __init__(self, per_second: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self.clock = clock
        self.sleep = sleep
        self._next_allowed: float | None = None

    def wait(self) -> float:
        """Block until a request may go; returns the seconds waited."""
        now = self.clock()
        waited = 0.0
        if self._next_allowed is not None and now < self._next_allowed:
            waited = self._next_allowed - now
            self.sleep(waited)
            now = self._next_allowed
        self._next_allowed = now + self.interval
        return waited


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: rate limiting (429), server errors (5xx), dropped or timed-out connections."""
    if isinstance(exc, HTTPError):
        return exc.code == 429 or exc.code >= 500
    return isinstance(exc, URLError | TimeoutError | ConnectionError | http.client.IncompleteRead)


def with_retries(call: Callable[[], bytes], *, attempts: int, backoff_s: float,
                 sleep: Callable[[float], None]) -> bytes:
    """Run ``call``; after a transient failure wait ``backoff_s``, then twice that, and so on."""
    for attempt in range(attempts):
        try:
            return call()
        except Exception as exc:
            if not is_transient(exc):
                raise PubMedError(f"E-utilities request failed: {exc}") from exc
            if attempt == attempts - 1:
                raise PubMedError(f"E-utilities unreachable after {attempts} attempts: {exc}") from exc
            sleep(backoff_s * (2 ** attempt))
    raise AssertionError("unreachable")  # pragma: no cover


class ResponseCache:
    """Raw E-utilities responses on disk, one file per request key (safe to delete at any time)."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def _path(self, key: dict) -> Path:
        digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
        return self.directory / f"{digest[:2]}" / f"{digest}.xml"

    def get(self, key: dict) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.exists() else None

    def put(self, key: dict, payload: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(payload)
        tmp.replace(path)


# --- the transport ---------------------------------------------------------------------------------

Transport = Callable[[str, dict], bytes]


def entrez_transport(utility: str, params: dict) -> bytes:
    """One E-utilities call through Biopython, returning the raw response body.

    Biopython's own retry loop is switched off (``max_tries = 1``) so that back-off is decided in
    one place, :func:`with_retries`, where it is tested.
    """
    from Bio import Entrez

    saved = Entrez.max_tries
    Entrez.max_tries = 1
    try:
        handle = getattr(Entrez, utility)(**params)
        try:
            body = handle.read()
        finally:
            handle.close()
    finally:
        Entrez.max_tries = saved
    return body.encode("utf-8") if isinstance(body, str) else body


# --- search and fetch --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    """What ESearch returned: the count, the PMIDs, and the history-server handle for EFetch."""

    query: str
    mindate: str | None
    maxdate: str | None
    count: int
    pmids: list[str]
    webenv: str
    query_key: str
    query_translation: str = ""

    @property
    def fingerprint(self) -> str:
        """Identifies the result set (not the server session), so cached batches stay valid."""
        material = json.dumps([self.query, self.mindate, self.maxdate, self.count, self.pmids])
        return hashlib.sha256(material.encode()).hexdigest()[:16]


def parse_esearch(payload: bytes) -> dict:
    """Count, IdList, WebEnv, QueryKey and QueryTranslation of an ESearch XML response."""
    try:
        root = etree.fromstring(payload, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise PubMedError(f"ESearch response is not XML: {exc}") from None
    if root.tag != "eSearchResult":
        raise PubMedError(f"ESearch response: got <{root.tag}>; expected <eSearchResult>")
    error = root.findtext("ERROR")
    if error:
        raise PubMedError(f"ESearch error: {error}")
    return {
        "count": int(root.findtext("Count") or 0),
        "pmids": [i.text.strip() for i in root.iterfind("IdList/Id") if i.text],
        "webenv": root.findtext("WebEnv") or "",
        "query_key": root.findtext("QueryKey") or "",
        "query_translation": root.findtext("QueryTranslation") or "",
    }


@dataclass
class PubMedClient:
    """A polite E-utilities client for PubMed.

    ``email`` is required by NCBI's usage policy; ``api_key`` raises the rate limit from 3 to 10
    requests per second.
    """

    email: str
    api_key: str | None = None
    tool: str = "imnm"
    cache_dir: str | Path | None = None
    batch_size: int = 200
    attempts: int = 4
    backoff_s: float = 1.0
    transport: Transport = entrez_transport
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    requests: list[tuple[str, dict]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.email or "@" not in self.email:
            raise PubMedError(f"email: got {self.email!r}; NCBI requires a contact e-mail address")
        if not 1 <= self.batch_size <= EUTILS_BATCH_MAX:
            raise PubMedError(f"batch_size: got {self.batch_size}; expected 1 to {EUTILS_BATCH_MAX}")
        self.limiter = RateLimiter(10 if self.api_key else 3, clock=self.clock, sleep=self.sleep)
        self.cache = ResponseCache(self.cache_dir) if self.cache_dir else None

    def _call(self, utility: str, params: dict) -> bytes:
        full = {"db": "pubmed", "tool": self.tool, "email": self.email, **params}
        if self.api_key:
            full["api_key"] = self.api_key

        def attempt() -> bytes:
            self.limiter.wait()
            self.requests.append((utility, params))
            return self.transport(utility, dict(full))

        return with_retries(attempt, attempts=self.attempts, backoff_s=self.backoff_s, sleep=self.sleep)

    def search(self, query: str | None = None, *, mindate: str | dt.date | None = None,
               maxdate: str | dt.date | None = SEED_SEARCH_END, retmax: int = EUTILS_BATCH_MAX) -> SearchResult:
        """ESearch with the history server; always live (the point of a living review is to re-ask)."""
        query = query or build_query()
        mindate, maxdate = _entrez_date(mindate), _entrez_date(maxdate)
        params: dict = {"term": query, "usehistory": "y", "retmax": retmax}
        if mindate or maxdate:
            params.update(datetype="pdat", mindate=mindate or "1800", maxdate=maxdate or "3000")
        found = parse_esearch(self._call("esearch", params))
        return SearchResult(query=query, mindate=mindate, maxdate=maxdate, **found)

    def fetch(self, result: SearchResult, *, progress: bool = False) -> Iterator[Record]:
        """EFetch every record of ``result`` in batches from the history server (cached on disk)."""
        from imnm.literature.medline import parse_medline

        with _progress(progress, result.count) as advance:
            for start in range(0, result.count, self.batch_size):
                key = {"efetch": result.fingerprint, "retstart": start, "retmax": self.batch_size}
                payload = self.cache.get(key) if self.cache else None
                if payload is None:
                    payload = self._call("efetch", {
                        "WebEnv": result.webenv, "query_key": result.query_key, "retstart": start,
                        "retmax": self.batch_size, "retmode": "xml",
                    })
                    records = parse_medline(payload)  # parse before caching: never cache a bad batch
                    if self.cache:
                        self.cache.put(key, payload)
                else:
                    records = parse_medline(payload)
                yield from records
                advance(len(records))


class _progress:
    """A Rich progress bar over records fetched, or nothing when ``enabled`` is false."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                             TimeRemainingColumn(), transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("PubMed efetch", total=self.total)
        return lambda n: self._bar.advance(task, n)

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self._bar.__exit__(*exc)
