"""``imnm case add`` of N invented patients, as whole processes, on SQLite and PostgreSQL.

For each N the input is a JSON list written by ``synthetic_patients.py`` (same seed, same bytes).
Each run gets a new registry set up by ``imnm db init`` (not timed: migrations and the literature
cohort), then ``imnm case add FILE`` runs as a child process; its wall time, CPU time (user + sys)
and peak resident memory come from ``os.wait4``, so start-up and imports are included. After each
run the script checks that the command printed N ids and that the registry holds N more cases.
PostgreSQL runs use a new database on the server ``--postgres-url`` names (default: the one
``scripts/start-postgres.sh`` starts and prints), dropped afterwards. Run by hand:

    .venv/bin/python benchmarks/bench_import.py [--patients 1000 10000 100000] [--databases sqlite postgresql]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, table, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_patients import write_patients

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from imnm.cli import app; app()"]


def _postgres_server() -> str:
    out = subprocess.run(["bash", str(ROOT / "scripts" / "start-postgres.sh")], check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


class _Postgres:
    """A new, empty database on the server for one run; dropped on exit."""

    def __init__(self, server: str):
        self.base = make_url(server)
        self.name = f"imnm_bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(self.base.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def __enter__(self) -> str:
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.base.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def _count_cases(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(table("cases")))
    finally:
        engine.dispose()


def measure(args: list[str], env: dict, workdir: Path) -> dict:
    """Run one command as a child process: wall and CPU seconds, peak RSS in MiB, exit code, stdout lines."""
    out, err = workdir / "stdout.txt", workdir / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(CLI + args, env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "code": proc.returncode, "lines": sum(1 for _ in out.open("rb")),
            "stderr": err.read_text(encoding="utf-8", errors="replace")[-2000:]}


def on_database(database: str, workdir: Path, server: str | None, go):
    """Run ``go(url)`` on a throwaway registry: an SQLite file, or a new PostgreSQL database."""
    if database == "sqlite":
        path = workdir / f"registry-{uuid.uuid4().hex[:8]}.sqlite3"
        try:
            return go(f"sqlite:///{path}")
        finally:
            path.unlink(missing_ok=True)
    with _Postgres(server) as url:
        return go(url)


def run_one(database: str, n: int, data: Path, workdir: Path, server: str | None) -> dict:
    def go(url: str) -> dict:
        env = {**os.environ, "IMNM_DATABASE_URL": url}
        init = measure(["db", "init"], env, workdir)
        if init["code"] != 0:
            raise SystemExit(f"db init failed: {init['stderr']}")
        before = _count_cases(url)
        result = measure(["case", "add", str(data)], env, workdir)
        if result["code"] != 0 or result["lines"] != n or _count_cases(url) != before + n:
            raise SystemExit(f"{database} N={n}: import failed or incomplete: {result}")
        return result

    return on_database(database, workdir, server, go)


def parse_database_arguments(parser: argparse.ArgumentParser) -> tuple[argparse.Namespace, str | None]:
    """The options every import benchmark shares; starts the test PostgreSQL server when it is asked for."""
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres-url", help="a PostgreSQL server URL (default: scripts/start-postgres.sh)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    server = None
    if "postgresql" in args.databases:
        server = args.postgres_url or _postgres_server()
    return args, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, nargs="+", default=[1000, 10000, 100000])
    args, server = parse_database_arguments(parser)
    print("| database | patients | file MB | wall s | CPU s | patients/s (wall) | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="imnm-bench-import-") as tmp:
        workdir = Path(tmp)
        for n in args.patients:
            data = write_patients(workdir / f"patients-{n}.json", n, args.seed)
            size = data.stat().st_size / 1e6
            for database in args.databases:
                r = run_one(database, n, data, workdir, server)
                print(f"| {database} | {n:,} | {size:.1f} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                      f"{n / r['wall']:,.0f} | {r['rss_mib']:.0f} |", flush=True)
            data.unlink()


if __name__ == "__main__":
    main()
