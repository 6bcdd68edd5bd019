"""Alembic environment: runs on the connection the registry hands over, or on the configured URL."""

from alembic import context

import imnm.store.accounts  # registers the web accounts and audit tables on Base
import imnm.store.extraction_queue  # registers the extraction queue tables on Base
import imnm.store.literature  # noqa: F401  (registers the literature tables on Base)
from imnm.store.registry import Registry
from imnm.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Every pending migration in one transaction, so an interrupted upgrade changes nothing.

    The registry hands over a connection already inside its transaction (Alembic then opens none of
    its own); run from the ``alembic`` tool, the registry's engine is used the same way -- on SQLite it
    issues BEGIN itself, which makes DDL transactional there too.
    """
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          transactional_ddl=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    registry = Registry(config.get_main_option("sqlalchemy.url"))
    try:
        with registry.schema_change() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                              transactional_ddl=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        registry.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
