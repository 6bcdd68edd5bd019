"""Start-up: how long a command takes as a whole process, beside ``python -c pass``.

Each program runs ``--repeats`` times, alternating, and the median wall time is printed (with the
median CPU time, user + sys, from ``os.wait4``). ``imnm assess`` reads the example index case;
``imnm cohort summary`` reads a registry (a temporary SQLite file) that the first, untimed run
creates and seeds with the shipped cohort. Targets: --help < 0.25 s, assess < 0.4 s, summary < 0.6 s.

    .venv/bin/python benchmarks/bench_startup.py --repeats 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMNM = str(Path(sys.executable).with_name("imnm"))
TARGETS = {"imnm --help": 0.25, "imnm assess examples/index_case.json": 0.4, "imnm cohort summary": 0.6}


def run(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys) of one whole process, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    programs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "imnm --help": [IMNM, "--help"],
        "imnm assess examples/index_case.json": [IMNM, "assess", "examples/index_case.json"],
        "imnm cohort summary": [IMNM, "cohort", "summary"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "IMNM_DATABASE_URL": f"sqlite:///{Path(tmp) / 'registry.sqlite3'}"}
        run([IMNM, "db", "init"], env)  # create and seed once, untimed: later runs find it current
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
        for _ in range(args.repeats):
            for name, argv in programs.items():
                times[name].append(run(argv, env))
    print(f"median of {args.repeats} runs (whole processes)")
    print("| command | wall s | CPU s | target s |")
    print("|---|---|---|---|")
    for name, runs in times.items():
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        target = TARGETS.get(name)
        verdict = "" if target is None else f"< {target} {'met' if wall < target else 'MISSED'}"
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {verdict} |")


if __name__ == "__main__":
    main()
