"""Screening throughput: the rule set alone (records/s on one core), and parse + screen with Dask.

Input: MEDLINE files given on the command line, or (by default) invented records written by
``synthetic_medline.py`` into a temporary folder, plus the test screening corpus so a few records
are relevant, as in a real baseline. Also measured: ``imnm literature screen FILE -f jsonl`` against
``imnm literature parse FILE`` on the same file as whole processes (wall, CPU, peak RSS from
``os.wait4``; median of three), and ``screen-files`` on one single file with one and two workers
(the file split into tasks). Run by hand:
    .venv/bin/python benchmarks/bench_screening.py [--records 20000] [--files 4]
    .venv/bin/python benchmarks/bench_screening.py pubmed25n0001.xml.gz pubmed25n0002.xml.gz
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_medline import write_medline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "literature" / "data" / "screening_corpus.xml"


def inputs(folder: Path, paths: list[Path], records: int, files: int) -> list[Path]:
    """The files to screen, copied into ``folder`` (so one glob matches them all)."""
    if paths:
        out = []
        for i, path in enumerate(paths):
            target = folder / f"pubmed_bench{i:04d}{''.join(path.suffixes[-2:]) or '.xml'}"
            shutil.copy(path, target)
            out.append(target)
        return out
    out = [write_medline(folder / f"pubmed_bench{i:04d}.xml.gz", records, seed=i + 1) for i in range(files)]
    corpus = folder / "pubmed_bench_corpus.xml.gz"
    corpus.write_bytes(gzip.compress(CORPUS.read_bytes()))
    return [*out, corpus]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="MEDLINE XML files (.xml or .xml.gz); default: invented")
    parser.add_argument("--records", type=int, default=20_000, help="invented records per file")
    parser.add_argument("--files", type=int, default=4, help="invented files")
    args = parser.parse_args()

    from imnm.literature.medline import parse_medline
    from imnm.literature.parallel import screen_files
    from imnm.literature.screening import default_rules

    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(Path(tmp), args.paths, args.records, args.files)
        screen_vs_parse(files[0], Path(tmp))  # first: a child forked later would count this process' records
        records = parse_medline(files[0])
        rules = default_rules()
        best = min(_time(lambda: [rules.screen(r) for r in records]) for _ in range(3))
        print(f"rules only, 1 core: {len(records)} records in {best:.2f} s = {len(records) / best:,.0f} records/s")

        single = str(files[0])
        for workers in (1, 2):
            result = None

            def run_single(w=workers):
                nonlocal result
                result = screen_files(single, n_workers=w, processes=True, min_score=0.5)

            seconds = min(_time(run_single) for _ in range(3))
            print(f"screen-files on one file, {workers} worker(s) ({result.files[0].parts} task(s)): "
                  f"{result.records} records in {seconds:.2f} s = {result.records / seconds:,.0f} records/s")

        pattern = str(Path(tmp) / "pubmed_bench*.xml*")
        for workers in (1, 2):
            result = None

            def run(w=workers):
                nonlocal result
                result = screen_files(pattern, n_workers=w, processes=True, min_score=0.5)

            seconds = _time(run)
            total = result.records
            print(f"parse + screen, Dask LocalCluster {workers} worker(s): {len(files)} files, {total} records "
                  f"({result.likely} likely) in {seconds:.2f} s = {total / seconds:,.0f} records/s "
                  f"({total / seconds / workers:,.0f} per core; includes cluster start-up)")


IMNM = str(Path(sys.executable).with_name("imnm"))


def whole_process(argv: list[str], out: Path) -> dict:
    with out.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def screen_vs_parse(path: Path, folder: Path, repeats: int = 3) -> None:
    """The streaming screen command against the parser on the same file (runs alternate)."""
    commands = {"parse": [IMNM, "literature", "parse", str(path)],
                "screen": [IMNM, "literature", "screen", str(path), "-f", "jsonl"]}
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            runs[name].append(whole_process(argv, folder / f"{name}.out"))
    med = {name: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "rss")} for name, rs in runs.items()}
    for name, m in med.items():
        print(f"imnm literature {name}: wall {m['wall']:.2f} s, CPU {m['cpu']:.2f} s, peak RSS {m['rss']:.0f} MiB")
    print(f"screen / parse: wall {med['screen']['wall'] / med['parse']['wall']:.2f}x, "
          f"CPU {med['screen']['cpu'] / med['parse']['cpu']:.2f}x")


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
