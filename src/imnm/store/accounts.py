"""Web accounts, sign-in sessions, failed sign-ins and the patient-data audit log.

``audit_log`` is append-only: imnm has no code path that changes or removes a row, and the ORM
refuses to flush an update or a delete of one (see :func:`_audit_log_is_append_only`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from imnm.store.schema import Base

ROLES = ("admin", "clinician", "researcher", "reviewer")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UserRow(Base):
    """A person who signs in to the web app; ``password_hash`` is an argon2id hash, never the password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SessionRow(Base):
    """A signed-in browser: the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    """One failed sign-in, kept for the per user and address rate limit."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), index=True)
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditRow(Base):
    """Who read or wrote which patient data, when, and from which address."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(120), index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    ip: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20), doc="read, create, update, export, login...")
    resource: Mapped[str] = mapped_column(String(200), doc="what was touched, e.g. case/<id>")
    detail: Mapped[str | None] = mapped_column(Text)


class AuditLogIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or remove an audit entry."""


@event.listens_for(Session, "before_flush")
def _audit_log_is_append_only(session: Session, _context, _instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditRow):
            raise AuditLogIsAppendOnly("the audit log is append-only: entries are never changed or removed")
