"""Screening throughput: the rule set alone (records/s on one core), and parse + screen with Dask.

Input: MEDLINE files given on the command line, or (by default) invented records written by
``synthetic_medline.py`` into a temporary folder, plus the test screening corpus so a few records
are relevant, as in a real baseline. Also measured: ``imnm literature screen FILE -f jsonl`` against
``imnm literature parse FILE`` on the same file as whole processes (wall, CPU, peak RSS from
``os.wait4``; runs alternate, median of ``--repeats``), and ``screen-files`` on one single file with one
and two workers (the file cut into byte ranges, one task each), runs alternating, median of
``--repeats``: the whole call with cluster start-up, and the slowest task's wall and CPU time; the load
average is printed with each, as other work on the machine takes cores from the workers. Run by hand:
    .venv/bin/python benchmarks/bench_screening.py [--records 20000] [--files 4] [--repeats 5]
    .venv/bin/python benchmarks/bench_screening.py pubmed25n0001.xml.gz pubmed25n0002.xml.gz
    .venv/bin/python benchmarks/bench_screening.py --commands-only --against /tmp/old/src  # before/after
With ``--against SRC`` the screen command is also run from another copy of the package's source
(``PYTHONPATH=SRC``, e.g. an earlier commit's ``src``), in the same alternation, and the outputs compared.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
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
    parser.add_argument("--repeats", type=int, default=5, help="runs of each whole-process and split measurement")
    parser.add_argument("--against", type=Path, help="another copy of the package's src, screened in alternation")
    parser.add_argument("--commands-only", action="store_true", help="only the whole-process parse/screen runs")
    args = parser.parse_args()

    from imnm.literature.medline import parse_medline
    from imnm.literature.parallel import screen_files
    from imnm.literature.screening import default_rules

    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(Path(tmp), args.paths, args.records, args.files)
        screen_vs_parse(files[0], Path(tmp), args.repeats, args.against)
        if args.commands_only:
            return
        records = parse_medline(files[0])
        rules = default_rules()
        best = min(_time(lambda: [rules.screen(r) for r in records]) for _ in range(3))
        print(f"rules only, 1 core: {len(records)} records in {best:.2f} s = {len(records) / best:,.0f} records/s")

        split_one_file(str(files[0]), args.repeats)

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


#: Runs ARGV (stdout to the file named first) and prints its wall s, CPU s and peak RSS KiB from os.wait4.
#: Linux keeps a process's peak RSS across exec, so a command started straight from this process would
#: report at least this process's RSS (the records parsed for "rules only", or a generator's buffers);
#: started from this small, fresh launcher, it reports its own.
LAUNCHER = """
import os, subprocess, sys, time
with open(sys.argv[1], "wb") as sink:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[2:], stdout=sink, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def whole_process(argv: list[str], out: Path, src: Path | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(out), *argv], capture_output=True, text=True,
                          check=True, env=env)
    wall, cpu, rss, code = done.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return {"wall": float(wall), "cpu": float(cpu), "rss": int(rss) / 1024}


def screen_vs_parse(path: Path, folder: Path, repeats: int = 3, against: Path | None = None) -> None:
    """The streaming screen command against the parser on the same file (runs alternate); with ``against``,
    also the screen command of another copy of the source, whose output must be the same bytes."""
    screen = [IMNM, "literature", "screen", str(path), "-f", "jsonl"]
    commands = {"parse": ([IMNM, "literature", "parse", str(path)], None), "screen": (screen, None)}
    if against:
        commands["screen (against)"] = (screen, against.resolve())
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    loads = []
    for _ in range(repeats):
        for name, (argv, src) in commands.items():
            loads.append(os.getloadavg()[0])
            runs[name].append(whole_process(argv, folder / f"{name}.out", src))
    if against:
        same = len({hashlib.md5((folder / f"{n}.out").read_bytes()).hexdigest() for n in commands if n != "parse"})
        print(f"screen output {'identical' if same == 1 else 'DIFFERENT'} with {against}")
    print(f"load average {min(loads):.1f}-{max(loads):.1f}")
    med = {name: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "rss")} for name, rs in runs.items()}
    for name, m in med.items():
        print(f"imnm literature {name}: wall {m['wall']:.2f} s, CPU {m['cpu']:.2f} s, peak RSS {m['rss']:.0f} MiB")
    for name in (n for n in med if n != "parse"):
        print(f"{name} / parse: wall {med[name]['wall'] / med['parse']['wall']:.2f}x, "
              f"CPU {med[name]['cpu'] / med['parse']['cpu']:.2f}x")


def split_one_file(path: str, repeats: int) -> None:
    """``screen-files`` on one file with one worker and with two (two byte ranges), runs alternating."""
    from imnm.literature.parallel import screen_files

    runs: dict[int, list[tuple[float, float, float, float]]] = {1: [], 2: []}
    for _ in range(repeats):
        for workers in (1, 2):
            load = os.getloadavg()[0]
            start = time.perf_counter()
            result = screen_files(path, n_workers=workers, processes=True, min_score=0.5)
            whole = result.files[0]
            runs[workers].append((time.perf_counter() - start, whole.seconds, whole.cpu_seconds, load))
    for workers, rs in runs.items():
        wall, task, cpu = (statistics.median(r[i] for r in rs) for i in range(3))
        loads = [r[3] for r in rs]
        print(f"screen-files on one file ({result.records} records), {workers} worker(s), {workers} task(s): "
              f"median {wall:.2f} s with cluster start-up (runs {', '.join(f'{r[0]:.2f}' for r in rs)}); "
              f"slowest task {task:.2f} s wall, {cpu:.2f} s CPU; load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"two workers / one: {statistics.median(r[0] for r in runs[2]) / statistics.median(r[0] for r in runs[1]):.2f}x "
          f"whole call, {statistics.median(r[2] for r in runs[2]) / statistics.median(r[2] for r in runs[1]):.2f}x "
          "slowest task's CPU")


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
