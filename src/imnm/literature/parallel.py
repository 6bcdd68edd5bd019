"""Screening many MEDLINE files at once on Dask (a MEDLINE baseline: ~1,300 files, 36M+ records).

Each task streams one file on a worker (constant memory, see :mod:`medline`) and sends back only
counts and the records that pass ``min_score``, so the client never holds a baseline in memory.
A local cluster is started by default; give a scheduler address to use a real cluster.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from imnm.literature.records import LiteratureError, Record
from imnm.literature.screening import RuleSet, Screening, load_rules, rank


class NoFilesMatched(LiteratureError):
    """The glob matched no readable file."""


@dataclass
class FileScreening:
    """What one worker found in one file."""

    path: str
    records: int
    likely: int
    hits: list[tuple[Screening, Record]]
    seconds: float
    error: str | None = None


@dataclass
class ScreenFilesResult:
    files: list[FileScreening] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def likely(self) -> int:
        return sum(f.likely for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.files if f.error]

    def ranked_hits(self) -> list[tuple[Screening, Record]]:
        """Hits of every file, deduplicated by record key (update files repeat PMIDs), best first."""
        by_key: dict[str, tuple[Screening, Record]] = {}
        for f in self.files:
            for screening, record in f.hits:
                by_key[screening.key] = (screening, record)  # later files carry the newer version
        order = {s.key: i for i, s in enumerate(rank(s for s, _ in by_key.values()))}
        return sorted(by_key.values(), key=lambda pair: order[pair[0].key])


def expand_glob(pattern: str) -> list[str]:
    """Sorted files matching ``pattern`` (``**`` allowed); an error naming the pattern if none."""
    if not pattern.strip():
        raise NoFilesMatched("GLOB: got an empty pattern; expected e.g. 'baseline/pubmed25n*.xml.gz'")
    paths = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not paths:
        raise NoFilesMatched(f"GLOB: no files match {pattern!r}; expected MEDLINE .xml or .xml.gz files")
    return paths


def screen_file(path: str, rules: RuleSet | None = None, min_score: float = 0.5) -> FileScreening:
    """Stream one MEDLINE file and screen every record (runs on a Dask worker)."""
    from imnm.literature.medline import iter_medline

    started = time.perf_counter()
    compiled = (rules or load_rules()).compiled()
    records = likely = 0
    hits: list[tuple[Screening, Record]] = []
    error = None
    try:
        for record in iter_medline(path):
            records += 1
            screening = compiled.screen(record)
            if screening.suggestion == "likely":
                likely += 1
            if screening.score >= min_score:
                hits.append((screening, record))
    except (LiteratureError, OSError) as exc:  # one bad file must not sink a baseline run
        error = str(exc)
    return FileScreening(path=path, records=records, likely=likely, hits=hits,
                         seconds=time.perf_counter() - started, error=error)


def screen_files(pattern: str, *, scheduler: str | None = None, n_workers: int | None = None,
                 processes: bool = True, rules: RuleSet | None = None, min_score: float = 0.5,
                 on_file_done: Callable[[FileScreening], None] | None = None,
                 raise_on_error: bool = True) -> ScreenFilesResult:
    """Screen every file matching ``pattern`` in parallel, one Dask task per file.

    ``scheduler`` is a Dask scheduler address (``tcp://host:8786``); without one a local cluster with
    ``n_workers`` single-threaded workers (default: one per core) is started and closed again.
    A file that cannot be read is reported in ``errors`` (and raised after the run if
    ``raise_on_error``); the other files are still screened.
    """
    from distributed import Client, LocalCluster, as_completed

    paths = expand_glob(pattern)
    rules = rules or load_rules()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None)
        client = Client(cluster)
    result = ScreenFilesResult()
    try:
        futures = client.map(screen_file, paths, rules=rules, min_score=min_score, pure=False)
        for future in as_completed(futures):
            done = future.result()
            result.files.append(done)
            if on_file_done:
                on_file_done(done)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    result.files.sort(key=lambda f: f.path)
    if raise_on_error and result.errors:
        raise LiteratureError("some files could not be screened:\n" + "\n".join(f"  - {e}" for e in result.errors))
    return result
