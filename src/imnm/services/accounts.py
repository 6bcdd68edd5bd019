"""Accounts: users with one role each, argon2 password hashes, sign-in sessions and the sign-in limit.

Roles (what each may reach is in :mod:`imnm.web.auth`): ``admin`` manages users and reads the
audit log; ``clinician`` works with identified patient data; ``researcher`` reads the cohort
statistics; ``reviewer`` works the literature queues.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from imnm.model import InvalidInput
from imnm.services.audit import Actor, record
from imnm.store.accounts import ROLES, LoginFailureRow, SessionRow, UserRow
from imnm.store.registry import Registry

ENV_HASH_COST = "IMNM_PASSWORD_HASH_COST"
#: argon2id; production uses the library's RFC 9106 low-memory parameters (m=64 MiB, t=3, p=4). "test"
#: is for the test suite only (a sign-in costs ~0.1 s in production; hundreds of them made the web tests
#: slow). A hash records its own parameters, so either hasher verifies the other's hashes.
_HASHERS = {"production": PasswordHasher(), "test": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)}
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


class SignInRefused(Exception):
    """Wrong name or password (the message never says which)."""


class TooManySignIns(Exception):
    def __init__(self, retry_after_seconds: int):
        super().__init__(f"too many failed sign-ins for this user from this address; try again in "
                         f"{retry_after_seconds} seconds")
        self.retry_after_seconds = retry_after_seconds


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the web app sees them."""

    user_id: int
    name: str
    role: str
    csrf_token: str


def password_hasher() -> PasswordHasher:
    """The hasher the ``IMNM_PASSWORD_HASH_COST`` setting names (default production), read at each use."""
    cost = os.environ.get(ENV_HASH_COST) or "production"
    if cost not in _HASHERS:
        raise InvalidInput([f"{ENV_HASH_COST}: got {cost!r}; expected production or test"])
    return _HASHERS[cost]


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def check_new_user(name: str, role: str, password: str) -> None:
    problems = []
    if not _NAME.fullmatch(name or ""):
        problems.append(f"name: got {name!r}; expected 1-80 letters, digits or . _ @ - (starting with a letter "
                        "or digit)")
    if role not in ROLES:
        problems.append(f"role: got {role!r}; expected one of {', '.join(ROLES)}")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.append(f"password: got {len(password)} characters; expected {MIN_PASSWORD} to {MAX_PASSWORD}")
    if problems:
        raise InvalidInput(problems)


def add_user(registry: Registry, name: str, role: str, password: str, *, actor: Actor) -> int:
    """Create a user (refused if the name is taken); the creation is audited."""
    check_new_user(name, role, password)
    with registry.session() as session:
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise InvalidInput([f"name: got {name!r}; expected a name not already taken"])
        row = UserRow(name=name, role=role, password_hash=hash_password(password), active=True)
        session.add(row)
        session.flush()
        record(session, actor, "create", f"user/{name}", f"role {role}")
        return row.id


def list_users(registry: Registry) -> list[dict]:
    with registry.session(write=False) as session:
        rows = session.scalars(select(UserRow).order_by(UserRow.name))
        return [{"id": u.id, "name": u.name, "role": u.role, "active": u.active} for u in rows]


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(registry: Registry, name: str, password: str, ip: str, *, allowed_failures: int = 5,
            window: dt.timedelta = dt.timedelta(minutes=15), session_length: dt.timedelta = dt.timedelta(hours=8),
            ) -> tuple[str, Principal]:
    """Check the password and open a session; returns the cookie token (random) and the user.

    After ``allowed_failures`` failed attempts for one user name from one address within ``window``,
    further attempts are refused (even with the right password) until the oldest failure ages out.
    """
    now = dt.datetime.now(dt.UTC)
    name = (name or "")[:80]
    with registry.session() as session:
        since = now - window
        recent = session.scalars(select(LoginFailureRow.at).where(
            LoginFailureRow.name == name, LoginFailureRow.ip == ip, LoginFailureRow.at > since,
        ).order_by(LoginFailureRow.at)).all()
        if len(recent) >= allowed_failures:
            retry = int((_aware(recent[-allowed_failures]) + window - now).total_seconds()) + 1
            raise TooManySignIns(max(retry, 1))
        user = session.scalar(select(UserRow).where(UserRow.name == name, UserRow.active.is_(True)))
        ok = False
        if user is not None:
            try:
                ok = password_hasher().verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok:
            session.add(LoginFailureRow(name=name, ip=ip, at=now))
            record(session, Actor(name or "(empty)", None, ip), "login-failed", f"user/{name}")
    if not ok:  # the failure is committed before the refusal is raised
        raise SignInRefused("sign-in refused: wrong user name or password")
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with registry.session() as session:
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.name == name, LoginFailureRow.ip == ip))
        session.execute(delete(SessionRow).where(SessionRow.expires_at < now))
        session.add(SessionRow(token_hash=token_hash(token), user_id=user.id, csrf_token=csrf,
                               created_at=now, expires_at=now + session_length))
        record(session, Actor(user.name, user.role, ip), "login", f"user/{user.name}")
    return token, Principal(user.id, user.name, user.role, csrf)


def session_user(registry: Registry, token: str) -> Principal | None:
    """The user of a live session token, or None (unknown, expired, or the user was deactivated)."""
    now = dt.datetime.now(dt.UTC)
    with registry.session(write=False) as session:
        row = session.execute(
            select(SessionRow.expires_at, SessionRow.csrf_token, UserRow.id, UserRow.name, UserRow.role)
            .join(UserRow, UserRow.id == SessionRow.user_id)
            .where(SessionRow.token_hash == token_hash(token), UserRow.active.is_(True))
        ).first()
    if row is None or _aware(row.expires_at) <= now:
        return None
    return Principal(row.id, row.name, row.role, row.csrf_token)


def sign_out(registry: Registry, token: str, *, actor: Actor) -> None:
    with registry.session() as session:
        session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))
        record(session, actor, "logout", f"user/{actor.name}")


def count_users(registry: Registry) -> int:
    with registry.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(UserRow)) or 0
