"""The registry store: SQLAlchemy 2 tables, Alembic migrations, transactional reads and writes."""

from imnm.store.registry import Registry, default_database_url
from imnm.store.seed import open_registry, seed_literature_cohort

__all__ = ["Registry", "default_database_url", "open_registry", "seed_literature_cohort"]
