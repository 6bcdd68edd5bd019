"""``imnm case import FILE.xlsx --format xlsx`` of N invented patients, as whole processes, on SQLite
and PostgreSQL.

The workbook is written once by the spreadsheet exporter (``imnm.interop.spreadsheet.write_xlsx``,
the layout ``imnm cohort export --format xlsx`` writes) from ``synthetic_patients.py``'s records, each
given an id (``synthetic-<seed>-<index>``: the import key). Each run gets a new registry set up by
``imnm db init`` (not timed), then the import runs as a child process twice: the first adds N cases,
the second (the same file again) must add nothing. Wall time, CPU time (user + sys) and peak resident
memory come from ``os.wait4``, so start-up and reading the workbook are included. PostgreSQL runs use
a new database on the server ``--postgres-url`` names (default: the one ``scripts/start-postgres.sh``
starts and prints), dropped afterwards. Run by hand:

    .venv/bin/python benchmarks/bench_xlsx_import.py [--patients 10000] [--databases sqlite postgresql]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import _count_cases, measure, on_database, parse_database_arguments
from synthetic_patients import iter_patients

from imnm.interop.spreadsheet import write_xlsx
from imnm.model import Case


def write_workbook(path: Path, n: int, seed: int) -> Path:
    """N invented patients, validated and given ids, in the spreadsheet layout."""
    cases = [Case.model_validate({"id": f"synthetic-{seed}-{i:06d}", **record})
             for i, record in enumerate(iter_patients(n, seed))]
    write_xlsx(cases, path)
    return path


def run_one(database: str, n: int, data: Path, workdir: Path, server: str | None) -> tuple[dict, dict]:
    """The first import (N added) and the re-run of the same file (nothing added), checked."""

    def go(url: str) -> tuple[dict, dict]:
        env = {**os.environ, "IMNM_DATABASE_URL": url}
        init = measure(["db", "init"], env, workdir)
        if init["code"] != 0:
            raise SystemExit(f"db init failed: {init['stderr']}")
        before = _count_cases(url)
        args = ["case", "import", str(data), "--format", "xlsx"]
        first = measure(args, env, workdir)
        if first["code"] != 0 or first["lines"] != n + 1 or _count_cases(url) != before + n:
            raise SystemExit(f"{database} N={n}: import failed or incomplete: {first}")
        again = measure(args, env, workdir)
        if again["code"] != 0 or again["lines"] != 1 or _count_cases(url) != before + n:
            raise SystemExit(f"{database} N={n}: the re-run added or failed: {again}")
        return first, again

    return on_database(database, workdir, server, go)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, nargs="+", default=[10000])
    args, server = parse_database_arguments(parser)
    print("| database | patients | workbook MB | run | wall s | CPU s | patients/s (wall) | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="imnm-bench-xlsx-") as tmp:
        workdir = Path(tmp)
        for n in args.patients:
            start = time.perf_counter()
            data = write_workbook(workdir / f"patients-{n}.xlsx", n, args.seed)
            print(f"(workbook of {n:,} written in {time.perf_counter() - start:.1f} s)", file=sys.stderr)
            size = data.stat().st_size / 1e6
            for database in args.databases:
                first, again = run_one(database, n, data, workdir, server)
                for run, r in (("first (adds all)", first), ("again (adds none)", again)):
                    print(f"| {database} | {n:,} | {size:.1f} | {run} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                          f"{n / r['wall']:,.0f} | {r['rss_mib']:.0f} |", flush=True)
            data.unlink()


if __name__ == "__main__":
    main()
