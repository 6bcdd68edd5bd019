"""Case records: list, get, add, add a visit or a treatment course, amend with a version check.

Every read and write is audited (:mod:`imnm.services.audit`) in the same transaction as the write,
or right after the read. The version is the case's revision number in the registry: an amendment
names the version it was made from, and is refused (:class:`StaleVersion`) if someone saved the
case in between, so two clinicians saving the same case never silently lose an update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, insert, select

from imnm.model import Case, InvalidInput, TreatmentCourse, Visit
from imnm.services.audit import Actor, record, record_now
from imnm.store.cases import BATCH_SIZE, CaseNotFound, _replace
from imnm.store.registry import Registry
from imnm.store.schema import CaseRevisionRow, CaseRow


class StaleVersion(Exception):
    """The case changed since the version the caller read."""

    def __init__(self, case_id: str, expected: int, current: int):
        super().__init__(f"case {case_id!r} was saved by someone else since you read it: you sent version "
                         f"{expected}, the registry holds version {current}; reload it, reapply your change "
                         "and save again")
        self.case_id, self.expected, self.current = case_id, expected, current


@dataclass(frozen=True)
class Versioned:
    """A case as stored, with its revision number (the ETag of the web API)."""

    case: Case
    version: int


class CaseListing(NamedTuple):
    """One page of summary lines and how many cases match in all (for the pager)."""

    rows: list[dict]
    total: int


#: The summary line of a case: what ``imnm case list``, GET /api/cases and the patients page show.
LISTED = (CaseRow.id, CaseRow.article, CaseRow.source_kind, CaseRow.sex, CaseRow.age_years, CaseRow.ck_iu_l,
          CaseRow.outcome_class, CaseRow.aggregate, CaseRow.version)


def list_page(registry: Registry, actor: Actor | None = None, *, offset: int = 0, limit: int | None = None,
              source_kind: str | None = None, newest_first: bool = False, detail: str | None = None) -> CaseListing:
    """Summary lines in registry order (or newest first), paged and counted in SQL on the narrow columns.

    A page is one ``LIMIT/OFFSET`` query plus one count, so a registry of many thousand patients
    lists as fast as a small one. With an actor the read is audited once (``detail``: what was read,
    by default how many cases).
    """
    if offset < 0:
        raise InvalidInput([f"offset: got {offset}; expected 0 or more"])
    if limit is not None and limit < 1:
        raise InvalidInput([f"limit: got {limit}; expected 1 or more"])
    where = [CaseRow.source_kind == source_kind] if source_kind is not None else []
    order = (CaseRow.position.desc(), CaseRow.id) if newest_first else (CaseRow.position, CaseRow.id)
    stmt = select(*LISTED).where(*where).order_by(*order).offset(offset or None).limit(limit)
    with registry.session(write=False) as session:
        rows = [dict(r._mapping) for r in session.execute(stmt)]
        paged = limit is not None or offset
        total = session.scalar(select(func.count()).select_from(CaseRow).where(*where)) if paged else len(rows)
    if actor is not None:
        record_now(registry, actor, "read", "cases", detail or f"list of {len(rows)} cases")
    return CaseListing(rows, total or 0)


def list_cases(registry: Registry, actor: Actor | None = None, *, source_kind: str | None = None) -> list[dict]:
    """Every case's summary line (id, article, sex, age, CK, outcome, version), in registry order."""
    return list_page(registry, actor, source_kind=source_kind).rows


def get_case(registry: Registry, case_id: str, actor: Actor | None = None) -> Versioned:
    with registry.session(write=False) as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise CaseNotFound(case_id)
        found = Versioned(Case.model_validate(row.document), row.version)
    if actor is not None:
        record_now(registry, actor, "read", f"case/{case_id}", f"version {found.version}")
    return found


def history(registry: Registry, case_id: str, actor: Actor | None = None) -> list[dict]:
    """Every revision of one case: version, action, who and when."""
    with registry.session(write=False) as session:
        rows = session.scalars(select(CaseRevisionRow).where(CaseRevisionRow.case_id == case_id)
                               .order_by(CaseRevisionRow.id)).all()
        out = [{"version": r.version, "action": r.action, "actor": r.actor, "changed_at": r.changed_at.isoformat()}
               for r in rows]
    if not out:
        raise CaseNotFound(case_id)
    if actor is not None:
        record_now(registry, actor, "read", f"case/{case_id}/revisions")
    return out


def add_cases(registry: Registry, cases: Iterable[Case], actor: Actor, *,
              on_batch: Callable[[int], None] | None = None) -> list[str]:
    """Store new cases all-or-nothing in one transaction; returns their ids.

    ``cases`` may be a stream (``imnm case add`` of a large file): it is checked and written a batch
    at a time (:func:`imnm.store.cases.add_cases`' bulk path), so memory does not grow with the file.
    One invalid record, an id already used, or a patient already stored (or twice in the stream) and
    nothing is stored. Each new case gets its ``create`` entry in the audit log in the same transaction.
    ``on_batch`` gets the number of cases written so far.
    """
    from imnm.store.cases import _Adding, _batches, _collector_paused

    with _collector_paused(), registry.session() as session:
        adding = _Adding(session, actor.name)
        for batch in _batches(cases, BATCH_SIZE):
            done = len(adding.ids)
            adding.add(batch)
            audit_each(session, actor, "create", [f"case/{case_id}" for case_id in adding.ids[done:]])
            if on_batch is not None:
                on_batch(len(adding.ids))
        return adding.ids


def audit_each(session, actor: Actor, action: str, resources: list[str], detail: str | None = None) -> None:
    """One audit entry per resource in the caller's transaction, in one statement (a large import)."""
    if resources:
        from imnm.store.accounts import AuditRow

        who = {"actor": actor.name[:120], "role": actor.role, "ip": (actor.ip or "")[:64] or None,
               "at": dt.datetime.now(dt.UTC), "action": action, "detail": detail}
        session.execute(insert(AuditRow), [{**who, "resource": r[:200]} for r in resources])


def amend(registry: Registry, case_id: str, change, actor: Actor, *, expected_version: int | None = None,
          what: str = "update") -> Versioned:
    """Read, change and save one case in one locked transaction; refused if ``expected_version`` is stale.

    ``change`` gets the stored case and returns the new one, validated again as a whole.
    """
    with registry.session() as session:
        row = session.get(CaseRow, case_id, with_for_update=True)
        if row is None:
            raise CaseNotFound(case_id)
        if expected_version is not None and expected_version != row.version:
            raise StaleVersion(case_id, expected_version, row.version)
        changed = Case.model_validate(change(Case.model_validate(row.document)).model_dump())
        if changed.id != case_id:
            raise ValueError(f"id: got {changed.id!r}; expected {case_id!r} (a case's id cannot change)")
        version = _replace(session, row, changed, actor.name)
        record(session, actor, what, f"case/{case_id}", f"version {version}")
        return Versioned(changed, version)


def replace(registry: Registry, case_id: str, case: Case, actor: Actor, *, expected_version: int) -> Versioned:
    """Save a whole edited case over the stored one, if nobody saved it since ``expected_version``."""
    new = case if case.id == case_id else case.model_copy(update={"id": case_id})
    return amend(registry, case_id, lambda _stored: new, actor, expected_version=expected_version)


def add_visit(registry: Registry, case_id: str, visit: Visit, actor: Actor, *,
              expected_version: int | None = None) -> Versioned:
    return amend(registry, case_id, lambda c: c.model_copy(update={"visits": [*c.visits, visit]}), actor,
                 expected_version=expected_version, what="add-visit")


def add_treatment(registry: Registry, case_id: str, course: TreatmentCourse, actor: Actor, *,
                  expected_version: int | None = None) -> Versioned:
    return amend(registry, case_id, lambda c: c.model_copy(update={"treatments": [*c.treatments, course]}), actor,
                 expected_version=expected_version, what="add-course")
