"""The registry: where it lives, how it is migrated, and a transactional session.

SQLite in the user's data directory by default; ``IMNM_DATABASE_URL`` (any SQLAlchemy URL, e.g.
``postgresql+psycopg://user@host/imnm``) selects PostgreSQL for a multi-centre registry.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, MetaData, create_engine, event, func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

ENV_URL = "IMNM_DATABASE_URL"

#: The newest migration. A registry whose version row says this is current without importing
#: Alembic (~0.1 s of every command's start-up); tests/test_startup.py checks it is Alembic's head.
HEAD_REVISION = "0006_case_notes_columns"

# Test-only hook: with this set to N, the process SIGKILLs itself just before its N-th SQL statement, so
# tests can interrupt a command at a reproducible point (tests/store/test_crash_safety.py).
KILL_HOOK_ENV = "IMNM_TEST_SIGKILL_AFTER_STATEMENTS"


def default_database_url() -> str:
    """``IMNM_DATABASE_URL`` if set, else an SQLite file in the user's data directory."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    folder = Path(user_data_dir("imnm", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'registry.sqlite3'}"


BUSY_TIMEOUT_SECONDS = 10.0  # how long an SQLite command waits for another one's write lock before "busy"
SCHEMA_LOCK_KEY = 0x696D6E6D  # "imnm": PostgreSQL advisory lock held while the schema or the seed changes


class RegistryError(Exception):
    """The registry itself cannot be used as it is (not the user's input, not a bug in imnm)."""


class RegistryIncomplete(RegistryError):
    """Tables without a schema version: a set-up that was interrupted before this was crash-safe."""

    def __init__(self, where: str, tables: list[str], *, is_file: bool):
        how = ("move the file aside (or delete it) and run `imnm db init`" if is_file
               else "drop its tables and run `imnm db init`")
        super().__init__(f"the registry at {where} is incomplete: it has tables ({', '.join(tables)}) but no "
                         f"schema version, probably from an interrupted `imnm db init`; run `imnm db repair` "
                         f"(safe while it holds no records), or {how}")


def _sqlite_connect(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
    """Foreign keys on, and transactions under our control: pysqlite's own handling commits each
    CREATE TABLE on its own, so an interrupted migration used to leave tables without a version row."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn) -> None:  # pragma: no cover - driver hook
    """BEGIN ourselves (SQLAlchemy SQLite dialect docs, "Serializable isolation / Savepoints /
    Transactional DDL"); writers take the write lock at once so two writers never deadlock."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("imnm_write") else "BEGIN")


def where(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _table_names() -> set[str]:
    """Every table the migrations create (the ORM models of every capability)."""
    import imnm.store.literature  # noqa: F401  (registers the literature tables)
    from imnm.store.schema import Base

    return set(Base.metadata.tables)


def _install_kill_hook(engine: Engine, after: int) -> None:
    """Die without any clean-up before statement number ``after``: a power cut or ``kill -9``."""
    executed = 0

    def count(*_args) -> None:
        nonlocal executed
        executed += 1
        if executed >= after:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(engine, "before_cursor_execute", count)


class Registry:
    """A connection to one registry database.

    >>> reg = Registry("sqlite:///:memory:")  # doctest: +SKIP
    >>> reg.upgrade()                          # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, *, echo: bool = False):
        self.url = url or default_database_url()
        sqlite = self.url.startswith("sqlite")
        self.engine: Engine = create_engine(self.url, echo=echo, future=True,
                                            connect_args={"timeout": BUSY_TIMEOUT_SECONDS} if sqlite else {})
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        if os.environ.get(KILL_HOOK_ENV):
            _install_kill_hook(self.engine, int(os.environ[KILL_HOOK_ENV]))
        self._writer: Engine = self.engine.execution_options(imnm_write=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Registry({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def where(self) -> str:
        """The registry as a user would recognise it: the SQLite file, or the URL without password."""
        return where(self.url)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls everything back on any error.

        A writing session holds the registry's write lock from its first statement (SQLite), so a
        read-modify-write cannot interleave with another process's and lose its update.
        """
        with (self._write_sessions if write else self._sessions)() as session, session.begin():
            yield session

    @contextmanager
    def schema_change(self) -> Iterator[Connection]:
        """One transaction, exclusive among imnm processes, for migrating and seeding."""
        with self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            yield conn

    # --- migrations -----------------------------------------------------------------------------

    def alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("imnm.store") / "migrations"))
        # ConfigParser reads '%' as interpolation: escape it (URL-quoted passwords, sqlite 'file%3A' URIs)
        cfg.set_main_option("sqlalchemy.url",
                            self.engine.url.render_as_string(hide_password=False).replace("%", "%%"))
        return cfg

    def upgrade(self, revision: str = "heads", *, then: Callable[[Connection], object] | None = None) -> None:
        """Bring the schema to ``revision`` (idempotent), then run ``then`` -- all in one transaction,
        so a crash leaves the registry exactly as it was or complete."""
        from alembic import command

        cfg = self.alembic_config()
        with self.schema_change() as conn:
            self._check(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if then is not None:
                then(conn)

    def _check(self, conn: Connection) -> set[str]:
        """The stored revisions, once the registry is known to be whole and of a schema imnm knows."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        current = set(MigrationContext.configure(conn).get_current_heads())
        if not current:
            ours = sorted(set(inspect(conn).get_table_names()) & _table_names())
            if ours:
                raise RegistryIncomplete(self.where, ours, is_file=conn.dialect.name == "sqlite")
        known = {rev.revision for rev in ScriptDirectory.from_config(self.alembic_config()).walk_revisions()}
        unknown = current - known
        if unknown:
            raise RegistryError(f"the registry at {self.where} is at schema revision {', '.join(sorted(unknown))}, "
                                "which this version of imnm does not know; install a newer imnm")
        return current

    def current_revisions(self) -> set[str]:
        with self.engine.connect() as conn:
            return self._check(conn)

    def head_revisions(self) -> set[str]:
        from alembic.script import ScriptDirectory

        return set(ScriptDirectory.from_config(self.alembic_config()).get_heads())

    def is_current(self) -> bool:
        """Whether the schema is at the newest migration: one SELECT when it is, Alembic otherwise."""
        try:
            with self.engine.connect() as conn:
                stored = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        except DBAPIError:  # no version table yet (a new or half-built registry): Alembic says what it is
            stored = None
        if stored == [HEAD_REVISION]:
            return True
        return self.current_revisions() == self.head_revisions()

    def repair(self) -> list[str]:
        """Drop the tables of an interrupted set-up, if (and only if) none holds a row; returns them."""
        with self.schema_change() as conn:
            try:
                self._check(conn)
                return []
            except RegistryIncomplete:
                pass
            names = sorted(set(inspect(conn).get_table_names()) & (_table_names() | {"alembic_version"}))
            filled = [n for n in names if conn.scalar(select(func.count()).select_from(table(n)))]
            if filled:
                raise RegistryError(f"the registry at {self.where} is incomplete and its tables "
                                    f"{', '.join(filled)} hold rows, so imnm will not drop them; move it aside "
                                    "and run `imnm db init`, then re-add those records")
            meta = MetaData()
            meta.reflect(conn, only=names)
            meta.drop_all(conn)
            return names

    def dispose(self) -> None:
        self.engine.dispose()
