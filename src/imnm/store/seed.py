"""First-run set-up: migrate the schema and load the shipped literature cohort once."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from imnm.cohort.dataset import cohort_version, load_cohort
from imnm.model import Case
from imnm.store.cases import _audit, _replace, insert_case
from imnm.store.registry import Registry
from imnm.store.schema import CaseRevisionRow, CaseRow, RegistryMetaRow

COHORT_KEY = "literature_cohort_version"
SEED_ACTOR = "imnm:seed"  # the author of every shipped record's revisions: how reseeding tells them apart


def seed_literature_cohort(registry: Registry, *, force: bool = False, connection: Connection | None = None) -> int:
    """Load the shipped cohort unless this version is already loaded; returns records written.

    Only shipped records change: a newer version adds, updates and deletes them, each change a
    revision by ``imnm:seed``, in one transaction (the caller's, when ``connection`` is given).
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
    written = _sync_shipped(session, load_cohort())
    if meta is None:
        session.add(RegistryMetaRow(key=COHORT_KEY, value=version))
    else:
        meta.value = version
    return written


def _sync_shipped(session: Session, cases: list[Case]) -> int:
    """Bring the shipped records (those imnm itself added) to this cohort, each change audited.

    A user's records -- including ones of source_kind "literature" -- are never touched, nor is a
    user's record that happens to carry a shipped id; a shipped record a user deleted stays deleted.
    """
    shipped = set(session.scalars(select(CaseRevisionRow.case_id).where(
        CaseRevisionRow.action == "add", CaseRevisionRow.actor == SEED_ACTOR)))
    written = 0
    for position, case in enumerate(cases, start=1):
        row = session.get(CaseRow, case.id)
        if row is None and case.id not in shipped:
            insert_case(session, case, actor=SEED_ACTOR, position=position)
            written += 1
        elif row is not None and case.id in shipped and (
                row.document != case.model_dump(mode="json", exclude_none=True) or row.position != position):
            row.position = position
            _replace(session, row, case, SEED_ACTOR)
            written += 1
    for case_id in sorted(shipped - {case.id for case in cases}):
        row = session.get(CaseRow, case_id)
        if row is not None:
            version = row.version + 1
            session.delete(row)
            _audit(session, case_id, version, "delete", SEED_ACTOR, None)
            written += 1
    return written


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
