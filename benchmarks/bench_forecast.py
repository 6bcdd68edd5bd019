"""``imnm forecast FILE`` as a user runs it, with N invented patients in the registry (whole processes).

For each N a fresh SQLite registry (a temporary folder, ``IMNM_DATABASE_URL``) is seeded with the
shipped cohort, then N invented patients from ``synthetic_patients.py`` are added in batches (not
timed). The timed part is the whole command, ``imnm forecast examples/index_case.json --format json``:
interpreter start-up, imports, reading the registry, the fit, its validation (leave-one-out up to 200
training cases, stratified 10-fold above) and the similar-case search. Wall time, CPU time (user +
sys) and peak RSS come from ``os.wait4``; each figure is the median of ``--repeats`` runs. Run by hand:

    .venv/bin/python benchmarks/bench_forecast.py [--patients 1000 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from synthetic_patients import iter_patients

ROOT = Path(__file__).resolve().parents[1]
INDEX_CASE = ROOT / "examples" / "index_case.json"
IMNM = [str(Path(sys.executable).with_name("imnm"))]  # the console script, as a user runs it


def fill_registry(url: str, patients: int, seed: int = 1) -> None:
    """A registry with the shipped cohort and ``patients`` invented ones (batches of 1 000, one transaction each)."""
    from imnm.model import Case
    from imnm.store import open_registry
    from imnm.store.cases import add_cases

    registry = open_registry(url)
    stream = iter_patients(patients, seed)
    while batch := [Case.model_validate(p) for p in islice(stream, 1000)]:
        add_cases(registry, batch, actor="benchmark")


def measure(url: str) -> dict:
    """One whole-process run: wall, CPU and peak RSS of the child from ``os.wait4``."""
    env = os.environ | {"IMNM_DATABASE_URL": url}
    argv = [*IMNM, "forecast", str(INDEX_CASE), "--format", "json"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"imnm forecast failed: {err.read().decode()}")
        validation = json.loads(out.read())["validation"]
    return {"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "scheme": validation["scheme"], "folds": validation["folds"], "n_cases": validation["n_cases"],
            "auc": validation["auc"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| patients added | training cases | validation | wall s | CPU s | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|")
    for n in args.patients:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'registry.sqlite3'}"
            started = time.perf_counter()
            fill_registry(url, n)
            filled = time.perf_counter() - started
            runs = [measure(url) for _ in range(args.repeats)]
        median = {key: statistics.median(r[key] for r in runs) for key in ("seconds", "cpu", "peak_mib")}
        first = runs[0]
        scheme = "leave-one-out" if first["scheme"] == "leave_one_out" else f"stratified {first['folds']}-fold"
        print(f"| {n:,} | {first['n_cases']:,} | {scheme} (AUC {first['auc']:.3f}) | {median['seconds']:.2f} | "
              f"{median['cpu']:.2f} | {median['peak_mib']:.0f} |", flush=True)
        print(f"  (registry filled in {filled:.1f} s, not timed; runs: "
              + ", ".join(f"{r['seconds']:.2f}" for r in runs) + ")", file=sys.stderr)


if __name__ == "__main__":
    main()
