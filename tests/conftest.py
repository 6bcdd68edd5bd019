"""Shared fixtures: registries on SQLite and on a real PostgreSQL server.

``make test`` starts PostgreSQL on loopback (scripts/start-postgres.sh) and passes its URL in
``IMNM_TEST_POSTGRES_URL``; a plain ``pytest`` run starts it the same way. Each test gets its own
empty database, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_registry(tmp_path, monkeypatch):
    """No test touches the user's real registry: the default URL points into tmp_path."""
    monkeypatch.setenv("IMNM_DATABASE_URL", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    # nor writes a pseudonym key file into the tester's home folder
    monkeypatch.setenv("IMNM_PSEUDONYM_KEY", "test-only-pseudonym-key")


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get("IMNM_TEST_POSTGRES_URL")
    if not url:
        try:
            url = subprocess.run(
                ["bash", str(ROOT / "scripts" / "start-postgres.sh")],
                check=True, capture_output=True, text=True, timeout=600,
            ).stdout.strip().splitlines()[-1]
        except (subprocess.SubprocessError, IndexError, OSError) as exc:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL could not be started for the store tests: {exc}")
            pytest.skip(f"PostgreSQL not available here: {exc}")
    return url


@pytest.fixture
def postgres_url(postgres_server_url):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    base = make_url(postgres_server_url)
    name = f"imnm_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
        ), {"n": name})
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Run a store test on both databases the registry supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def opened_registry(database_url):
    """A migrated, seeded registry on each database, disposed of afterwards."""
    from imnm.store import open_registry

    registry = open_registry(database_url)
    yield registry
    registry.dispose()
