"""Who is asking, and may they: session cookies, roles, CSRF.

* Session: ``imnm_session`` cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) holding a random
  token; the registry keeps its SHA-256 (``web_sessions``). A worker remembers a checked session
  for ``SESSION_CACHE_SECONDS``, so sign-out or deactivation reaches every worker within that time.
* Roles: :data:`PERMISSIONS` says which roles reach which capability; :func:`require` is the
  route dependency (401 when not signed in, 403 for another role).
* CSRF: every state-changing request of a signed-in user carries the session's token, in the
  ``X-CSRF-Token`` header (API) or the ``csrf_token`` form field (pages). Before sign-in, the login
  form uses a signed double-submit token (:func:`anonymous_csrf_token`, ``imnm_csrf`` cookie).
  Helpers for templates and form handlers: :func:`csrf_token`, :func:`check_csrf`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from imnm.services.accounts import Principal, session_user
from imnm.services.audit import Actor
from imnm.store.registry import Registry

SESSION_COOKIE = "imnm_session"
CSRF_COOKIE = "imnm_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_CACHE_SECONDS = 10.0
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Which roles reach which capability. admin: accounts and the audit log, no identified patient data.
PERMISSIONS: dict[str, frozenset[str]] = {
    "cases": frozenset({"clinician"}),  # identified patient records: read, add, amend, follow-up
    "assessment": frozenset({"clinician"}),  # bedside assessment and forecast of a child
    "cohort_records": frozenset({"clinician"}),  # record-level exports of the registry
    "cohort_statistics": frozenset({"clinician", "researcher"}),  # summary, Table 1, evidence
    # issue 18: the one patient-level download researchers get (no names, ids, dates or free text)
    "deidentified_export": frozenset({"admin", "clinician", "researcher"}),
    "literature": frozenset({"reviewer"}),  # screening, decisions, PRISMA, extraction queue
    "users": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
}


# --- the registry the app works on ---------------------------------------------------------------


def get_registry(request: Request) -> Registry:
    """The app's registry, opened (migrated, seeded) on first use, so a database that is down at
    start-up only makes requests fail with 503 until it is back."""
    state = request.app.state
    reg = state.registry
    if reg is None:
        with state.registry_lock:
            if state.registry is None:
                from imnm.store import open_registry

                state.registry = open_registry(state.settings.database_url)
            reg = state.registry
    return reg


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- sessions --------------------------------------------------------------------------------------


class SessionCache:
    """Checked sessions, per worker, for a few seconds (the hot path then reads no database)."""

    def __init__(self, ttl: float = SESSION_CACHE_SECONDS):
        self.ttl = ttl
        self._items: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> Principal | None:
        item = self._items.get(token)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, token: str, principal: Principal) -> None:
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[token] = (time.monotonic() + self.ttl, principal)

    def drop(self, token: str) -> None:
        with self._lock:
            self._items.pop(token, None)


def optional_user(request: Request) -> Principal | None:
    """The signed-in user, or None (no cookie, unknown or expired session)."""
    if "principal" in request.state._state:
        return request.state.principal
    token = request.cookies.get(SESSION_COOKIE)
    principal = None
    if token and len(token) <= 100:
        cache: SessionCache = request.app.state.sessions
        principal = cache.get(token)
        if principal is None:
            principal = session_user(get_registry(request), token)
            if principal is not None:
                cache.put(token, principal)
    request.state.principal = principal
    return principal


def current_user(request: Request) -> Principal:
    """The signed-in user; 401 when nobody is signed in."""
    principal = optional_user(request)
    if principal is None:
        raise HTTPException(401, "not signed in: sign in at POST /api/login (or the login page) first")
    return principal


def actor_of(request: Request, principal: Principal) -> Actor:
    return Actor(principal.name, principal.role, client_ip(request))


def _cached_user(request: Request) -> Principal | None:
    """The user already known for this request or held by this worker's session cache (no I/O)."""
    if "principal" in request.state._state:
        return request.state.principal
    token = request.cookies.get(SESSION_COOKIE)
    principal = request.app.state.sessions.get(token) if token and len(token) <= 100 else None
    if principal is not None:
        request.state.principal = principal
    return principal


def require(capability: str) -> Callable[[Request], Awaitable[Principal]]:
    """Route dependency: a signed-in user whose role reaches ``capability``; CSRF checked on writes.

    A coroutine: with the session cached it answers on the event loop (a hop to the thread pool cost
    a third of a bare request); only a session not yet cached is looked up in the registry, in a thread.
    """
    roles = PERMISSIONS[capability]

    async def dependency(request: Request) -> Principal:
        principal = _cached_user(request) or await run_in_threadpool(current_user, request)
        if principal.role not in roles:
            raise HTTPException(403, f"your role ({principal.role}) may not use {capability.replace('_', ' ')}; "
                                     f"it needs the role {' or '.join(sorted(roles))}")
        if request.method not in SAFE_METHODS:
            check_csrf(request, request.headers.get(CSRF_HEADER))
        return principal

    dependency.__name__ = f"require_{capability}"
    return dependency


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600), httponly=True,
                        samesite="lax", secure=_secure(request), path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        request.app.state.sessions.drop(token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.app.state.settings.always_secure_cookies


# --- CSRF ------------------------------------------------------------------------------------------


def _sign(request: Request, nonce: str) -> str:
    key = request.app.state.settings.secret_key.encode()
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()


def anonymous_csrf_token(request: Request, response: Response) -> str:
    """A token for a form shown before sign-in (the login form): set as cookie, echoed in the form."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and _valid_anonymous(request, existing):
        return existing
    nonce = secrets.token_urlsafe(24)
    token = f"{nonce}.{_sign(request, nonce)}"
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/")
    return token


def _valid_anonymous(request: Request, token: str) -> bool:
    nonce, _, signature = token.partition(".")
    return bool(nonce) and hmac.compare_digest(signature, _sign(request, nonce))


def csrf_token(request: Request, response: Response | None = None) -> str:
    """The token a form must send back: the session's when signed in, else an anonymous one
    (then ``response`` is needed, to set its cookie)."""
    principal = optional_user(request)
    if principal is not None:
        return principal.csrf_token
    if response is None:
        raise ValueError("csrf_token before sign-in needs the response, to set the CSRF cookie")
    return anonymous_csrf_token(request, response)


def check_csrf(request: Request, submitted: str | None) -> None:
    """403 unless ``submitted`` is this session's token (or, before sign-in, matches the CSRF cookie)."""
    principal = optional_user(request)
    if principal is not None:
        expected = principal.csrf_token
    else:
        expected = request.cookies.get(CSRF_COOKIE) or ""
        if not _valid_anonymous(request, expected):
            expected = ""
    if not submitted or not expected or not hmac.compare_digest(str(submitted), expected):
        raise HTTPException(403, f"CSRF check failed: send the session's token in the {CSRF_HEADER} header "
                                 f"(or the {CSRF_FIELD} form field); GET /api/me returns it")
