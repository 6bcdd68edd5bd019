"""The registry: where it lives, how it is migrated, and a transactional session.

SQLite in the user's data directory by default; ``IMNM_DATABASE_URL`` (any SQLAlchemy URL, e.g.
``postgresql+psycopg://user@host/imnm``) selects PostgreSQL for a multi-centre registry.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

ENV_URL = "IMNM_DATABASE_URL"


def default_database_url() -> str:
    """``IMNM_DATABASE_URL`` if set, else an SQLite file in the user's data directory."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    folder = Path(user_data_dir("imnm", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'registry.sqlite3'}"


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Registry:
    """A connection to one registry database.

    >>> reg = Registry("sqlite:///:memory:")  # doctest: +SKIP
    >>> reg.upgrade()                          # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, *, echo: bool = False):
        self.url = url or default_database_url()
        self.engine: Engine = create_engine(self.url, echo=echo, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_foreign_keys)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Registry({self.engine.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls everything back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    # --- migrations -----------------------------------------------------------------------------

    def alembic_config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("imnm.store") / "migrations"))
        cfg.set_main_option("sqlalchemy.url", self.engine.url.render_as_string(hide_password=False))
        return cfg

    def upgrade(self, revision: str = "heads") -> None:
        """Bring the schema to the newest revision (idempotent)."""
        cfg = self.alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    def current_revisions(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())

    def head_revisions(self) -> set[str]:
        return set(ScriptDirectory.from_config(self.alembic_config()).get_heads())

    def is_current(self) -> bool:
        return self.current_revisions() == self.head_revisions()

    def dispose(self) -> None:
        self.engine.dispose()
