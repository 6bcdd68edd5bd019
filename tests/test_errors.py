"""No traceback reaches a user: every kind of failure is one line on stderr and a documented exit code.

2: the user's input; 3: the registry database cannot be used; 4: a file cannot be read or written;
1: a bug in imnm. ``imnm --debug`` (or ``IMNM_DEBUG=1``) adds the full traceback.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from imnm.cli import app
from imnm.shell import EXIT_FILES, EXIT_INTERNAL, EXIT_REGISTRY

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture
def registry_at(monkeypatch):
    def point(url: str) -> None:
        monkeypatch.setenv("IMNM_DATABASE_URL", url)
    return point


@pytest.fixture
def ready_registry(tmp_path) -> Path:
    """A set-up registry file (migrated and seeded) in tmp_path."""
    assert run("db", "init").exit_code == 0
    return tmp_path / "registry.sqlite3"


def a_case(tmp_path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"sex": "F", "age_years": 9.5}))
    return path


def test_registry_path_that_is_a_directory(tmp_path, registry_at):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    registry_at(f"sqlite:///{folder}")
    line = one_line_error(run("case", "list"), EXIT_REGISTRY)
    assert "unable to open database file" in line and str(folder) in line


def test_corrupted_registry_file(tmp_path, registry_at):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not an SQLite file at all" * 200)
    registry_at(f"sqlite:///{broken}")
    line = one_line_error(run("case", "list"), EXIT_REGISTRY)
    assert "file is not a database" in line


def test_read_only_registry_still_reads_but_refuses_writes_in_one_line(tmp_path, ready_registry, registry_at):
    registry_at(f"sqlite:///file:{ready_registry}?mode=ro&uri=true")
    listed = run("case", "list")
    assert listed.exit_code == 0 and "rouster-stevens-2008-3" in listed.stdout
    line = one_line_error(run("case", "add", str(a_case(tmp_path))), EXIT_REGISTRY)
    assert "readonly" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind root")
def test_unreadable_registry_file(ready_registry):
    ready_registry.chmod(0)
    try:
        one_line_error(run("case", "list"), EXIT_REGISTRY)
    finally:
        ready_registry.chmod(0o600)


def test_registry_busy_is_one_line(tmp_path, ready_registry, monkeypatch):
    monkeypatch.setattr("imnm.store.registry.BUSY_TIMEOUT_SECONDS", 0.1)
    holder = sqlite3.connect(ready_registry, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        line = one_line_error(run("case", "add", str(a_case(tmp_path))), EXIT_REGISTRY)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "busy" in line


def test_unreachable_postgresql_server(registry_at):
    registry_at("postgresql+psycopg://nobody@127.0.0.1:1/imnm?connect_timeout=2")
    line = one_line_error(run("db", "status"), EXIT_REGISTRY)
    assert "127.0.0.1" in line


def test_a_database_error_inside_a_command(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise IntegrityError("INSERT INTO cases ...", {}, Exception("UNIQUE constraint failed: cases.id"))

    monkeypatch.setattr("imnm.shell.registry", refuse)  # `cohort evidence` looks it up when it runs
    line = one_line_error(run("cohort", "evidence"), EXIT_REGISTRY)
    assert "UNIQUE constraint failed" in line and "INSERT" not in line


def test_a_command_without_the_decorator_is_covered_too():
    """The policy sits on the command group as well, so a command that forgets friendly_errors is safe."""
    import typer

    from imnm.shell import FriendlyGroup

    demo = typer.Typer(cls=FriendlyGroup)

    @demo.command()
    def crash() -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), "/some/file")

    @demo.command()
    def other() -> None:
        pass

    line = one_line_error(runner.invoke(demo, ["crash"]), EXIT_FILES)
    assert "Read-only file system" in line and "/some/file" in line


def test_disk_full_while_writing_an_output_file(tmp_path, ready_registry, monkeypatch):
    out = tmp_path / "cohort.json"

    def full(self, *_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", full)
    line = one_line_error(run("cohort", "export", "--output", str(out)), EXIT_FILES)
    assert "No space left on device" in line and str(out) in line


def test_permission_denied_on_an_output_file(tmp_path, ready_registry, monkeypatch):
    out = tmp_path / "locked" / "cohort.csv"

    def denied(self, *_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "write_text", denied)
    line = one_line_error(run("cohort", "export", "--format", "csv", "--output", str(out)), EXIT_FILES)
    assert "Permission denied" in line and str(out) in line


def _break_summary(monkeypatch):
    def bug(_cases):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("imnm.cohort.statistics.summarise_counts", bug)  # the SQL path of `cohort summary`


def test_an_internal_error_is_one_line_naming_debug(ready_registry, monkeypatch):
    _break_summary(monkeypatch)
    line = one_line_error(run("cohort", "summary"), EXIT_INTERNAL)
    assert "ZeroDivisionError" in line and "--debug" in line


def test_debug_shows_the_traceback(ready_registry, monkeypatch):
    _break_summary(monkeypatch)
    result = run("--debug", "cohort", "summary")
    assert result.exit_code == EXIT_INTERNAL
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_user_input_errors_keep_exit_code_2(tmp_path, ready_registry):
    result = run("case", "add", str(tmp_path / "missing.json"))
    assert result.exit_code == 2 and "Traceback" not in result.output
