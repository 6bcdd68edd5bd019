"""Killing a command at any moment leaves the registry exactly as before or complete, and usable.

Each command runs as a real subprocess that SIGKILLs itself after N SQL statements (the test-only
hook ``IMNM_TEST_SIGKILL_AFTER_STATEMENTS`` in :mod:`imnm.store.registry`), so the kill points are
deterministic; the processes of one scenario run side by side to keep the file fast.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, func, inspect, select, table, text

from imnm.store import Registry, open_registry
from imnm.store.registry import KILL_HOOK_ENV
from imnm.store.seed import loaded_cohort_version

CLI = [sys.executable, "-c", "from imnm.cli import app; app()"]
SEEDED_CASES = 24


def snapshot(url: str) -> dict:
    """Every table with its row count, and the schema revision: what 'exactly as before' compares."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            counts = {name: conn.scalar(select(func.count()).select_from(table(name))) for name in names}
            version = (sorted(conn.scalars(text("SELECT version_num FROM alembic_version")))
                       if "alembic_version" in names else None)
    finally:
        engine.dispose()
    return {"tables": counts, "version": version}


def run_killed(args: list[str], urls: list[str], kill_points: list[int]) -> list[int]:
    """Start one process per kill point (each on its own registry) and return their exit codes."""
    procs = []
    for url, n in zip(urls, kill_points, strict=True):
        env = {**os.environ, "IMNM_DATABASE_URL": url, KILL_HOOK_ENV: str(n)}
        procs.append(subprocess.Popen(CLI + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    codes = []
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, -signal.SIGKILL), err.decode()
        codes.append(proc.returncode)
    return codes


def assert_mostly_killed(codes: list[int]) -> None:
    """A kill point past the command's last statement lets it finish; most must really interrupt it."""
    assert sum(code == -signal.SIGKILL for code in codes) >= len(codes) - 1, codes


def sqlite_urls(tmp_path, stem: str, n: int) -> list[str]:
    return [f"sqlite:///{tmp_path / f'{stem}-{i}.sqlite3'}" for i in range(n)]


def head() -> list[str]:
    return sorted(Registry("sqlite://").head_revisions())


def assert_opens_and_is_complete(url: str, cases: int = SEEDED_CASES) -> None:
    registry = open_registry(url)
    try:
        assert registry.is_current() and loaded_cohort_version(registry) is not None
        assert snapshot(url)["tables"]["cases"] == cases
    finally:
        registry.dispose()


# inside the first migration, between the two, inside the second, while seeding the cohort
INIT_KILL_POINTS = [14, 37, 45, 150]


def test_killed_first_init_leaves_nothing_or_a_complete_registry(tmp_path):
    urls = sqlite_urls(tmp_path, "init", len(INIT_KILL_POINTS))
    codes = run_killed(["db", "init"], urls, INIT_KILL_POINTS)
    assert_mostly_killed(codes)
    for url in urls:
        state = snapshot(url)
        assert state == {"tables": {}, "version": None} or (
            state["version"] == head() and state["tables"]["cases"] == SEEDED_CASES), state
        assert_opens_and_is_complete(url)


@pytest.mark.postgres
def test_killed_first_init_on_postgresql(postgres_url):
    (code,) = run_killed(["db", "init"], [postgres_url], [37])
    assert code == -signal.SIGKILL
    state = snapshot(postgres_url)
    assert state == {"tables": {}, "version": None} or state["version"] == head(), state
    assert_opens_and_is_complete(postgres_url)


# from revision 0001: early in the 0002 migration, late in it, at its version row
UPGRADE_KILL_POINTS = [7, 11, 15]


def _at_first_revision(url: str) -> dict:
    registry = Registry(url)
    registry.upgrade("0001_initial")
    registry.dispose()
    return snapshot(url)


def test_killed_upgrade_leaves_the_old_schema_or_the_new_one(tmp_path):
    urls = sqlite_urls(tmp_path, "upgrade", len(UPGRADE_KILL_POINTS))
    before = [_at_first_revision(url) for url in urls]
    codes = run_killed(["db", "upgrade"], urls, UPGRADE_KILL_POINTS)
    assert_mostly_killed(codes)
    for url, old in zip(urls, before, strict=True):
        state = snapshot(url)
        assert state == old or state["version"] == head(), state
        assert_opens_and_is_complete(url)


@pytest.mark.postgres
def test_killed_upgrade_on_postgresql(postgres_url):
    old = _at_first_revision(postgres_url)
    (code,) = run_killed(["db", "upgrade"], [postgres_url], [11])
    assert code == -signal.SIGKILL
    state = snapshot(postgres_url)
    assert state == old or state["version"] == head(), state
    assert_opens_and_is_complete(postgres_url)


ADD_KILL_POINTS = [3, 11000]  # before the first insert; near the end of ~12 000 statements
LARGE_IMPORT = 2000


def _synthetic_cases(path) -> None:
    path.write_text(json.dumps([{"sex": "F" if i % 2 else "M", "age_years": 2 + i % 15} for i in range(LARGE_IMPORT)]))


def test_killed_large_import_stores_all_or_nothing(tmp_path):
    cases = tmp_path / "cases.json"
    _synthetic_cases(cases)
    template = tmp_path / "template.sqlite3"
    open_registry(f"sqlite:///{template}").dispose()
    urls = sqlite_urls(tmp_path, "add", len(ADD_KILL_POINTS))
    for url in urls:
        shutil.copyfile(template, url.removeprefix("sqlite:///"))
    before = snapshot(f"sqlite:///{template}")
    codes = run_killed(["case", "add", str(cases)], urls, ADD_KILL_POINTS)
    assert_mostly_killed(codes)
    for url in urls:
        state = snapshot(url)
        assert state == before or state["tables"]["cases"] == SEEDED_CASES + LARGE_IMPORT, state
        stored = state["tables"]["cases"]
        assert_opens_and_is_complete(url, cases=stored)


def _half_built(url: str) -> None:
    """What an interrupted first `imnm db init` left before set-up was one transaction: tables, no version."""
    from imnm.store.registry import _table_names
    from imnm.store.schema import Base

    assert _table_names()
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()


def test_a_half_built_registry_is_named_in_one_line_with_the_way_out(tmp_path):
    from typer.testing import CliRunner

    from imnm.cli import app
    from imnm.shell import EXIT_REGISTRY

    path = tmp_path / "registry.sqlite3"  # the CLI's registry (tests/conftest.py)
    _half_built(f"sqlite:///{path}")
    runner = CliRunner()
    for command in (["case", "list"], ["db", "init"], ["db", "status"]):
        result = runner.invoke(app, command)
        assert result.exit_code == EXIT_REGISTRY and "Traceback" not in result.output, result.output
        (line,) = result.stderr.strip().splitlines()
        assert "incomplete" in line and str(path) in line and "imnm db repair" in line
    repaired = runner.invoke(app, ["db", "repair"])
    assert repaired.exit_code == 0, repaired.output
    assert runner.invoke(app, ["db", "init"]).exit_code == 0
    assert_opens_and_is_complete(f"sqlite:///{path}")


def test_repair_refuses_to_drop_tables_that_hold_records(database_url):
    from imnm.store.registry import RegistryError

    _half_built(database_url)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO registry_meta (key, value) VALUES ('note', 'kept')"))
    engine.dispose()
    registry = Registry(database_url)
    with pytest.raises(RegistryError, match="registry_meta"):
        registry.repair()
    registry.dispose()
    assert snapshot(database_url)["tables"]["registry_meta"] == 1


def test_alembic_run_on_its_own_is_one_transaction_too(tmp_path):
    """Migrations run by Alembic's own command (no connection handed over) are just as crash-safe."""
    url = f"sqlite:///{tmp_path / 'alembic.sqlite3'}"
    script = ("import sys; from alembic import command; from imnm.store import Registry; "
              "command.upgrade(Registry(sys.argv[1]).alembic_config(), 'heads')")
    env = {**os.environ, KILL_HOOK_ENV: "14"}
    proc = subprocess.run([sys.executable, "-c", script, url], check=False, env=env, capture_output=True,
                          timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert snapshot(url) == {"tables": {}, "version": None}
