"""Screening many MEDLINE files at once on Dask (a MEDLINE baseline: ~1,300 files, 36M+ records).

Each task streams one file (or one share of a large file) on a worker (constant memory, see
:mod:`medline`) and sends back only counts and the records that pass ``min_score``, so the client
never holds a baseline in memory. A local cluster is started by default; give a scheduler address
to use a real cluster.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from imnm.literature.medline import ArticleRange
from imnm.literature.records import LiteratureError, Record
from imnm.literature.screening import RuleSet, Screening, ScreeningInput, load_rules, rank


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
    part: int = 0  # this task's share of the file (see medline.article_ranges), of ``parts``
    parts: int = 1
    positions: list[int] = field(default_factory=list)  # article number of each hit in its file
    cpu_seconds: float = 0.0  # CPU time of the task (of a file's slowest share, once merged); wall is ``seconds``


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
        in_file_order = sorted(
            ((f.path, n, screening, record) for f in self.files
             for n, (screening, record) in zip(f.positions or range(len(f.hits)), f.hits, strict=True)),
            key=lambda hit: (hit[0], hit[1]))
        for _path, _n, screening, record in in_file_order:
            by_key[screening.key] = (screening, record)  # later files (and articles) carry the newer version
        order = {s.key: i for i, s in enumerate(rank(s for s, _ in by_key.values()))}
        return sorted(by_key.values(), key=lambda pair: order[pair[0].key])


def _default_parts(files: int, workers: int) -> int:
    """Tasks per file: one, unless there are fewer files than workers (then enough to give each one)."""
    return -(-workers // files) if files < workers else 1


def _merge(shares: list[FileScreening]) -> FileScreening:
    """The shares of one file as one file's screening (hits in article order, the first error)."""
    shares.sort(key=lambda f: f.part)
    hits = sorted(((n, hit) for f in shares for n, hit in zip(f.positions, f.hits, strict=True)),
                  key=lambda pair: pair[0])
    errors = [f.error for f in shares if f.error]
    return FileScreening(path=shares[0].path, records=sum(f.records for f in shares),
                         likely=sum(f.likely for f in shares), hits=[h for _, h in hits],
                         seconds=max(f.seconds for f in shares), error=errors[0] if errors else None,
                         parts=len(shares), positions=[n for n, _ in hits],
                         cpu_seconds=max(f.cpu_seconds for f in shares))


def expand_glob(pattern: str) -> list[str]:
    """Sorted files matching ``pattern`` (``**`` allowed); an error naming the pattern if none."""
    if not pattern.strip():
        raise NoFilesMatched("GLOB: got an empty pattern; expected e.g. 'baseline/pubmed25n*.xml.gz'")
    paths = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not paths:
        raise NoFilesMatched(f"GLOB: no files match {pattern!r}; expected MEDLINE .xml or .xml.gz files")
    return paths


def iter_medline_part(path: str, part: int = 0, parts: int = 1) -> Iterator[tuple[int, Record]]:
    """(article number, record) for the articles of share ``part`` of a file cut into ``parts`` shares.

    A convenience over :func:`medline.article_ranges` (which scans the file) and :func:`medline.iter_range`;
    ``screen_files`` scans once and hands each task its range. The shares together give exactly the
    records of :func:`iter_medline`; a file that cannot be cut (another encoding, too few articles) has
    fewer shares, and the missing ones are empty.
    """
    from imnm.literature.medline import article_ranges, iter_range

    ranges = article_ranges(path, parts)
    if part < len(ranges):
        yield from iter_range(path, ranges[part])


def _screening_input_and_element(element) -> tuple[ScreeningInput, object]:
    from imnm.literature.medline import article_screening_fields

    return ScreeningInput.from_medline(article_screening_fields(element)), element


def screen_file(path: str, rules: RuleSet | None = None, min_score: float = 0.5,
                share: ArticleRange | None = None) -> FileScreening:
    """Stream one MEDLINE file (or one share of it) and screen every record (on a Dask worker).

    Screening reads only what it needs (:class:`ScreeningInput`); the full :class:`Record` is built
    for the records kept (the hits) alone, from the same parsed article.
    """
    from imnm.literature.medline import article_record, iter_range

    started, cpu = time.perf_counter(), time.process_time()
    share = share or ArticleRange(0, None)
    compiled = (rules or load_rules()).compiled()
    records = likely = 0
    hits: list[tuple[Screening, Record]] = []
    positions: list[int] = []
    error = None
    try:
        for n, (item, element) in iter_range(path, share, _screening_input_and_element):
            records += 1
            screening = compiled.screen(item)
            if screening.suggestion == "likely":
                likely += 1
            if screening.score >= min_score:
                hits.append((screening, article_record(element)))
                positions.append(n)
    except (LiteratureError, OSError) as exc:  # one bad file must not sink a baseline run
        error = str(exc)
    return FileScreening(path=path, records=records, likely=likely, hits=hits,
                         seconds=time.perf_counter() - started, error=error, part=share.part,
                         parts=share.parts, positions=positions, cpu_seconds=time.process_time() - cpu)


def _screen_share(task: tuple[str, ArticleRange], **options) -> FileScreening:
    return screen_file(task[0], share=task[1], **options)


def _shares(paths: list[str], parts: int) -> tuple[list[tuple[str, ArticleRange]], list[FileScreening]]:
    """Every file's shares (one scan of each file to be split), and the files whose scan failed."""
    from imnm.literature.medline import article_ranges

    tasks: list[tuple[str, ArticleRange]] = []
    failed: list[FileScreening] = []
    for path in paths:
        try:
            ranges = article_ranges(path, parts)
        except (LiteratureError, OSError) as exc:
            failed.append(FileScreening(path=path, records=0, likely=0, hits=[], seconds=0.0, error=str(exc)))
            continue
        tasks.extend((path, share) for share in ranges)
    return tasks, failed


def _worker_start() -> dict:
    """How local workers start: from a fork server where the platform has one.

    Forking this process directly was fastest, but it holds threads by then (Dask's event loop, and any
    a host program such as a test runner or a web server runs), and a fork taken while another thread
    holds a lock can leave the worker waiting forever: a full test run once hung there. A fork server
    is a fresh single-threaded process that Dask preloads with its own imports and forks each worker
    from; spawning instead imports everything again per worker. ``IMNM_DASK_START`` (fork, forkserver
    or spawn) overrides the choice.
    """
    import multiprocessing

    wanted = os.environ.get("IMNM_DASK_START", "forkserver")
    if wanted not in multiprocessing.get_all_start_methods():
        return {}
    if wanted == "forkserver":
        import dask
        from distributed.utils import get_mp_context

        with dask.config.set({"distributed.worker.multiprocessing-method": wanted}):
            context = get_mp_context()  # Dask names its preload once; the server has not started yet
        # The server imports what a worker needs before it forks any (Dask's default list also imports
        # pandas and other optional packages a screening worker never uses).
        context.set_forkserver_preload(["distributed", __name__])
    return {"distributed.worker.multiprocessing-method": wanted}


def screen_files(pattern: str, *, scheduler: str | None = None, n_workers: int | None = None,
                 processes: bool = True, rules: RuleSet | None = None, min_score: float = 0.5,
                 on_file_done: Callable[[FileScreening], None] | None = None,
                 raise_on_error: bool = True, parts_per_file: int | None = None) -> ScreenFilesResult:
    """Screen every file matching ``pattern`` in parallel, one Dask task per file.

    ``scheduler`` is a Dask scheduler address (``tcp://host:8786``); without one a local cluster with
    ``n_workers`` single-threaded workers (default: one per core) is started and closed again.
    A file that cannot be read is reported in ``errors`` (and raised after the run if
    ``raise_on_error``); the other files are still screened.

    With fewer files than workers, each file is split into ``parts_per_file`` tasks (default: enough
    to give every worker one): the client scans the file once for article boundaries and each task
    parses only its byte range (:func:`medline.article_ranges`), so two workers beat one on a single
    large file. ``on_file_done`` is called once per file, when all its shares are in.
    """
    import dask
    from distributed import Client, LocalCluster, as_completed

    paths = expand_glob(pattern)
    rules = rules or load_rules()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        with dask.config.set(_worker_start()):
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                                   dashboard_address=None)
        client = Client(cluster)
    result = ScreenFilesResult()
    try:
        workers = n_workers or len(client.scheduler_info().get("workers", {})) or os.cpu_count() or 1
        parts = parts_per_file or _default_parts(len(paths), workers)
        tasks, failed = _shares(paths, parts)
        for whole in failed:
            result.files.append(whole)
            if on_file_done:
                on_file_done(whole)
        futures = client.map(_screen_share, tasks, rules=rules, min_score=min_score, pure=False)
        expected = {path: share.parts for path, share in tasks}
        pending: dict[str, list[FileScreening]] = {}
        for future in as_completed(futures):
            done = future.result()
            pending.setdefault(done.path, []).append(done)
            if len(pending[done.path]) == expected[done.path]:  # every share of this file is in
                whole = _merge(pending.pop(done.path))
                result.files.append(whole)
                if on_file_done:
                    on_file_done(whole)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    result.files.sort(key=lambda f: f.path)
    if raise_on_error and result.errors:
        raise LiteratureError("some files could not be screened:\n" + "\n".join(f"  - {e}" for e in result.errors))
    return result
