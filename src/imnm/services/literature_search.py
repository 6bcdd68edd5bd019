"""Reading the literature in: exports parsed and screened, MEDLINE baselines screened on Dask, PubMed
searched, the living update run, and case reports read for Table 1 rows.

The ``imnm literature`` commands are shells over these functions: they parse arguments and print. What
is stored is stored here, in the actor's name; screening stays streamed (a large export is never held
in memory, see :class:`~imnm.literature.screening.RankedSpool`). A registry argument may be the registry
or how to open it, so the CLI opens (and creates) its registry only once the input has been read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: ``imnm literature parse`` and ``screen`` never load the registry's code
    from imnm.literature.extract import ExtractedCase
    from imnm.literature.parallel import FileScreening, ScreenFilesResult
    from imnm.literature.pubmed import PubMedClient
    from imnm.literature.records import Record
    from imnm.literature.screening import RankedSpool, Screening
    from imnm.literature.update import UpdateReport
    from imnm.services.audit import Actor
    from imnm.services.literature import RegistryOrOpener

#: PRISMA's source of an import when none is named: by the file's format.
SOURCE_BY_FORMAT = {"medline": "PubMed", "ris": "RIS import", "csv": "CSV import"}


def _cli_user() -> Actor:
    """Who stores a run when no one is named: ``cli``, as search runs have always recorded."""
    from imnm.services.audit import Actor

    return Actor("cli", None, "local")


def summary_rows(path: Path, input_format: str | None = None) -> Iterator[dict]:
    """Every record of an export as one flat row (pmid, doi, title, ... language), streamed."""
    from imnm.literature.readers import iter_summary_rows

    return iter_summary_rows(path, input_format)


def records_of(path: Path, input_format: str | None = None) -> Iterator[Record]:
    """Every record of an export, streamed for MEDLINE XML."""
    from imnm.literature.readers import iter_records

    return iter_records(path, input_format)


# --- screening exports -------------------------------------------------------------------------------


@dataclass
class ScreenedExports:
    """A screening run: its counts and its screenings ranked most relevant first (kept on disk)."""

    identified: int
    duplicates: int
    likely: int
    spool: RankedSpool

    def lines(self) -> Iterator[bytes]:
        """Each screening as a JSON line, most relevant first."""
        return self.spool.lines()

    def screenings(self) -> Iterator[Screening]:
        return self.spool.screenings()


@contextmanager
def screen_exports(paths: list[Path], *, rules: Path | None = None, registry: RegistryOrOpener | None = None,
                   source: str | None = None, actor: Actor | None = None,
                   on_saved: Callable[[Path, dict], None] | None = None) -> Iterator[ScreenedExports]:
    """Deduplicate and screen exports with the rule set (the shipped one or the reviewer's ``rules``).

    Without ``registry`` nothing is stored and records are streamed one at a time (memory flat in the
    files' size). With it, each file is stored as one search run (PRISMA counts it) once every file has
    been read, so a bad file stores nothing; ``on_saved`` hears of each file stored.
    """
    from imnm.literature.readers import detect_format, read_records
    from imnm.literature.screening import (
        Deduplicator,
        RankedSpool,
        iter_screening_inputs,
        load_rules,
        screen_unique,
    )

    compiled = load_rules(rules).compiled()
    if registry is not None:  # storing needs every record: read everything before writing anything
        from imnm.services.literature import opened, save_run

        batches = [(path, read_records(path)) for path in paths]
        store = opened(registry)
        for path, batch in batches:
            saved = save_run(store, batch, source=source or SOURCE_BY_FORMAT[detect_format(path)],
                             query=f"import of {path.name}", actor=actor or _cli_user(),
                             rules=compiled)
            if on_saved is not None:
                on_saved(path, saved)
        records: Iterable = (r for _, batch in batches for r in batch)
    else:  # streamed: one record at a time, the identities seen and the ranking keys are all that is kept
        for path in paths:
            detect_format(path)  # an unknown format is refused before anything is read
        records = (r for path in paths for r in iter_screening_inputs(path))  # MEDLINE: no Record built
    seen = Deduplicator()
    with RankedSpool() as spool:
        for screening in screen_unique(records, compiled, seen):
            spool.add(screening)
        yield ScreenedExports(seen.identified, seen.duplicates, spool.likely, spool)


# --- screening a MEDLINE baseline on Dask -------------------------------------------------------------


def count_files(pattern: str) -> int:
    """How many files the glob matches; an error naming the pattern if none (before a cluster starts)."""
    from imnm.literature.parallel import expand_glob

    return len(expand_glob(pattern))


@dataclass
class ScreenedFiles:
    """Many files screened: the run (counts, errors) and the kept records, deduplicated, best first."""

    result: ScreenFilesResult
    hits: list[tuple[Screening, Record]] = field(default_factory=list)


def screen_many_files(pattern: str, *, scheduler: str | None = None, workers: int | None = None,
                      min_score: float = 0.5,
                      on_file_done: Callable[[FileScreening], None] | None = None) -> ScreenedFiles:
    """Screen every MEDLINE file the glob matches in parallel, keeping records scoring ``min_score`` or more;
    a file that cannot be read is reported in ``result.errors`` and the others are still screened."""
    from imnm.literature.parallel import screen_files

    result = screen_files(pattern, scheduler=scheduler, n_workers=workers, min_score=min_score,
                          on_file_done=on_file_done, raise_on_error=False)
    return ScreenedFiles(result, result.ranked_hits())


def write_hits(hits: Iterable[tuple[Screening, Record]], output: Path) -> None:
    """The kept records as JSON lines: each its screening and its record."""
    import json

    with output.open("w", encoding="utf-8") as fh:
        for screening, record in hits:
            fh.write(json.dumps({"screening": screening.model_dump(mode="json"),
                                 "record": record.model_dump(mode="json")}, ensure_ascii=False) + "\n")


# --- PubMed: the search and the living update ---------------------------------------------------------


def pubmed_client(email: str, *, api_key: str | None = None, cache_dir: Path | None = None,
                  batch_size: int = 200) -> PubMedClient:
    """An E-utilities client; EFetch batches are cached in the user's cache folder unless told otherwise."""
    from imnm.literature.pubmed import PubMedClient

    if cache_dir is None:
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("imnm", appauthor=False)) / "eutils"
    return PubMedClient(email=email, api_key=api_key, cache_dir=cache_dir, batch_size=batch_size)


@dataclass
class Searched:
    """A PubMed search: what ESearch counted, the records fetched, the stored run, the ranked screenings."""

    count: int
    records: list[Record]
    saved: dict | None
    ranked: list[Screening]


def search(client: PubMedClient, *, query: str | None = None, mindate: str | None = None,
           maxdate: str | None = None, registry: RegistryOrOpener | None = None, actor: Actor | None = None,
           progress: bool = False, on_found: Callable[[int], None] | None = None) -> Searched:
    """Run the review's PubMed search (or ``query``), fetch every record, store the run in the actor's
    name when given a registry, and screen what was found with the shipped rules (nothing is decided)."""
    from imnm.literature.pubmed import build_query
    from imnm.literature.screening import default_rules, rank

    result = client.search(query or build_query(), mindate=mindate, maxdate=maxdate)
    if on_found is not None:
        on_found(result.count)
    records = list(client.fetch(result, progress=progress))
    saved = None
    if registry is not None:
        from imnm.services.literature import opened, save_run

        saved = save_run(opened(registry), records, source="PubMed", query=result.query, mindate=result.mindate,
                         maxdate=result.maxdate, actor=actor or _cli_user())
    return Searched(result.count, records, saved, rank(default_rules().screen(r) for r in records))


def update(registry: RegistryOrOpener, client: PubMedClient, *, since: str | None = None, query: str | None = None,
           actor: Actor | None = None, progress: bool = False) -> UpdateReport:
    """One living-update run in the actor's name (see :mod:`imnm.literature.update`: nothing is included
    automatically; cases are read only from reports a reviewer included at full text)."""
    from imnm.literature.update import run_update
    from imnm.services.literature import opened

    return run_update(opened(registry), client, since=since, query=query, actor=(actor or _cli_user()).name,
                      progress=progress)


# --- candidate Table 1 rows from case reports ---------------------------------------------------------


def extract(file: Path | None = None, *, registry: RegistryOrOpener | None = None) -> list[ExtractedCase]:
    """Candidate Table 1 rows, one per patient: from a case report (.txt), an export's records, or (given
    ``registry`` instead of a file) the registry's records a reviewer included at full text."""
    from imnm.literature.extract import extract_cases, extract_record
    from imnm.literature.records import LiteratureError

    if (file is None) == (registry is None):
        raise LiteratureError("extract: give FILE or --included (one of them)")
    if registry is not None:
        from imnm.services.literature import opened
        from imnm.store.literature import included_records

        return [c for record in included_records(opened(registry)) for c in extract_record(record)]
    if file.suffix.lower() == ".txt":
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:  # exit code 4 in the CLI: a file that cannot be read
            raise OSError(f"{file}: cannot read as UTF-8 text ({exc.__class__.__name__})") from None
        return extract_cases(text, source=file.name)
    return [c for record in records_of(file) for c in extract_record(record)]
