"""The patient-data audit log: who read or wrote what, when, and from where.

Entries are only ever added (see :mod:`imnm.store.accounts`); admins read them with
``GET /api/audit``. The web app audits every read and write of patient data; the CLI audits its
writes (its user already holds the database file, so its reads are not access-controlled).
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from imnm.store.accounts import AuditRow
from imnm.store.registry import Registry


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in web user (with role and address) or a command-line user."""

    name: str
    role: str | None = None
    ip: str | None = None

    @classmethod
    def cli(cls, name: str | None = None) -> Actor:
        """The command-line user: ``--actor`` when given, else the operating-system login."""
        if name:
            return cls(name=name, role=None, ip="local")
        try:
            login = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (containers)
            login = "unknown"
        return cls(name=f"cli:{login}", role=None, ip="local")


def record(session: Session, actor: Actor, action: str, resource: str, detail: str | None = None) -> None:
    """Add one entry inside the caller's transaction (so the entry and the change commit together)."""
    session.add(AuditRow(actor=actor.name[:120], role=actor.role, ip=(actor.ip or "")[:64] or None,
                         action=action, resource=resource[:200], detail=detail))


def record_now(registry: Registry, actor: Actor, action: str, resource: str, detail: str | None = None) -> None:
    """Add one entry in its own transaction (after a read: the read is returned only once it is logged)."""
    with registry.session() as session:
        record(session, actor, action, resource, detail)


def entries(registry: Registry, *, limit: int = 100, before_id: int | None = None, actor: str | None = None,
            resource: str | None = None) -> list[dict]:
    """The newest entries first, ``limit`` at a time (page with ``before_id``)."""
    stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if before_id is not None:
        stmt = stmt.where(AuditRow.id < before_id)
    if actor is not None:
        stmt = stmt.where(AuditRow.actor == actor)
    if resource is not None:
        stmt = stmt.where(AuditRow.resource == resource)
    with registry.session(write=False) as session:
        return [_entry(r) for r in session.scalars(stmt)]


def _entry(r: AuditRow) -> dict:
    at = r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC)
    return {"id": r.id, "at": at.isoformat(), "actor": r.actor, "role": r.role, "ip": r.ip,
            "action": r.action, "resource": r.resource, "detail": r.detail}
