"""First-run set-up: migrate the schema and load the shipped literature cohort once."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from imnm.cohort.dataset import cohort_version, load_cohort
from imnm.store.cases import clear_literature, insert_case
from imnm.store.registry import Registry
from imnm.store.schema import RegistryMetaRow

COHORT_KEY = "literature_cohort_version"


def seed_literature_cohort(registry: Registry, *, force: bool = False, connection: Connection | None = None) -> int:
    """Load the shipped cohort unless this version is already loaded; returns records written.

    Local cases are never touched. A newer shipped version replaces the older literature records
    in one transaction (the caller's, when ``connection`` is given).
    """
    if connection is None:
        with registry.session() as session:
            return _seed(session, force)
    with Session(bind=connection, expire_on_commit=False) as session:
        count = _seed(session, force)
        session.flush()
        return count


def _seed(session: Session, force: bool) -> int:
    version = cohort_version()
    meta = session.get(RegistryMetaRow, COHORT_KEY)
    if meta is not None and meta.value == version and not force:
        return 0
    clear_literature(session)
    cases = load_cohort()
    for position, case in enumerate(cases, start=1):
        insert_case(session, case, actor="imnm:seed", position=position)
    if meta is None:
        session.add(RegistryMetaRow(key=COHORT_KEY, value=version))
    else:
        meta.value = version
    return len(cases)


def open_registry(url: str | None = None, *, seed: bool = True) -> Registry:
    """Open (creating and migrating if needed) the registry, seeded with the literature cohort.

    Migration and seeding are one transaction; a registry that is already set up is only read, so
    a read-only registry still opens.
    """
    registry = Registry(url)
    if registry.is_current() and (not seed or loaded_cohort_version(registry) == cohort_version()):
        return registry
    registry.upgrade(then=(lambda conn: seed_literature_cohort(registry, connection=conn)) if seed else None)
    return registry


def loaded_cohort_version(registry: Registry) -> str | None:
    with registry.session(write=False) as session:
        return session.scalar(select(RegistryMetaRow.value).where(RegistryMetaRow.key == COHORT_KEY))
