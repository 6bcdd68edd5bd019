"""The Alembic migrations build exactly the schema the ORM tables describe, on both databases."""

import importlib
import pkgutil

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import imnm.store
from imnm.store import Registry
from imnm.store.schema import Base


def _import_all_table_modules() -> None:
    """Tables of every capability register on Base when their module is imported."""
    for info in pkgutil.iter_modules(imnm.store.__path__):
        if info.name != "migrations":
            importlib.import_module(f"imnm.store.{info.name}")


def test_migrated_schema_matches_the_models(database_url):
    _import_all_table_modules()
    registry = Registry(database_url)
    registry.upgrade()
    with registry.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    registry.dispose()
    assert diff == []


def test_single_head():
    """One line of migrations: parallel branches must be merged before they ship."""
    registry = Registry("sqlite://")
    assert len(registry.head_revisions()) == 1
