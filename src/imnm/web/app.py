"""The web app: ``create_app()`` builds the FastAPI application (JSON API, pages, /health).

Error policy, as for the CLI: never a traceback. 422 names each field, the value and what was
expected (the same :func:`imnm.model.explain` lines as the CLI); 400 malformed JSON; 413 a body over
``max_body_bytes``; 409 a stale version; 503 the registry cannot be used; 500 only for a bug.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import threading

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from imnm.model import InvalidInput
from imnm.model.errors import problem as validation_problem
from imnm.web.auth import SessionCache
from imnm.web.settings import Settings

log = logging.getLogger("imnm.web")
FASTAPI_BODY_ERROR = "There was an error parsing the body"


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with 413, before it is read whole (pure ASGI)."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    return await self._refuse(send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge(self.limit)
            return message

        try:
            return await self.app(scope, limited, send)
        except _TooLarge:  # raised outside the app's exception handlers
            return await self._refuse(send)

    async def _refuse(self, send):
        body = json.dumps({"error": _TooLarge(self.limit).detail}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(StarletteHTTPException):
    """An HTTP error, so FastAPI's body parsing passes it on as 413 (it turns other errors into a 400)."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body too large: expected at most {limit} bytes")


def problem(status: int, message: str, *, problems: list | None = None, headers: dict | None = None) -> JSONResponse:
    """Every error the app returns: ``{"error": one line, "problems": [...]}``."""
    content: dict = {"error": message}
    if problems is not None:
        content["problems"] = problems
    return JSONResponse(content, status_code=status, headers=headers)


def validation_problems(errors: list[dict], *, skip_body: bool = True) -> list[dict]:
    """pydantic errors as field, value and expected, plus the CLI's one-line message (one formatter for both)."""
    out = []
    for err in errors[:10]:
        loc = tuple(err.get("loc", ()))
        if skip_body and loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
        out.append(validation_problem(err, loc))
    return out


def _registry_unavailable(request: Request, exc: Exception) -> JSONResponse:
    from imnm.shell import _first_line

    reason = _first_line(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else _first_line(exc)
    log.warning("registry unavailable: %s", reason)
    if "locked" in reason or "busy" in reason:
        return problem(503, "the registry is busy with another write; try again in a moment",
                       headers={"Retry-After": "2"})
    return problem(503, f"the registry database cannot be used right now ({reason}); try again later or "
                        "ask the administrator", headers={"Retry-After": "30"})


def _install_error_handlers(app: FastAPI) -> None:
    from imnm.literature.records import LiteratureError
    from imnm.services.accounts import SignInRefused, TooManySignIns
    from imnm.services.cases import StaleVersion
    from imnm.store.cases import CaseNotFound, DuplicateCase
    from imnm.store.registry import RegistryError

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError):
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            ctx = next((e.get("ctx") or {} for e in errors if e.get("type") == "json_invalid"), {})
            return problem(400, f"malformed JSON: {ctx.get('error', 'could not be parsed')}")
        items = validation_problems(errors)
        return problem(422, "invalid input: " + "; ".join(i["message"] for i in items), problems=items)

    @app.exception_handler(ValidationError)
    async def _model_invalid(request: Request, exc: ValidationError):
        items = validation_problems(exc.errors(include_url=False), skip_body=False)
        return problem(422, "invalid input: " + "; ".join(i["message"] for i in items), problems=items)

    @app.exception_handler(InvalidInput)
    async def _invalid(request: Request, exc: InvalidInput):
        return problem(422, "invalid input: " + "; ".join(exc.problems),
                       problems=[{"message": p} for p in exc.problems])

    @app.exception_handler(LiteratureError)
    async def _literature(request: Request, exc: LiteratureError):
        from imnm.store.extraction_queue import QueueItemNotFound, QueueStateError
        from imnm.store.literature import RecordNotFound

        if isinstance(exc, RecordNotFound | QueueItemNotFound):
            return problem(404, str(exc))
        return problem(409 if isinstance(exc, QueueStateError) else 422, str(exc))

    @app.exception_handler(CaseNotFound)
    async def _not_found(request: Request, exc: CaseNotFound):
        return problem(404, str(exc))

    @app.exception_handler(DuplicateCase)
    async def _duplicate(request: Request, exc: DuplicateCase):
        return problem(409, str(exc))

    @app.exception_handler(StaleVersion)
    async def _stale(request: Request, exc: StaleVersion):
        return problem(409, str(exc), headers={"ETag": f'"{exc.current}"'})

    @app.exception_handler(SignInRefused)
    async def _refused(request: Request, exc: SignInRefused):
        return problem(401, str(exc))

    @app.exception_handler(TooManySignIns)
    async def _too_many(request: Request, exc: TooManySignIns):
        return problem(429, str(exc), headers={"Retry-After": str(exc.retry_after_seconds)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400 and exc.detail == FASTAPI_BODY_ERROR and exc.__cause__ is not None:
            # FastAPI's words for a JSON body json.loads gave up on (too deeply nested, a number too long)
            return problem(400, f"malformed JSON: {str(exc.__cause__).split(';')[0].strip()}")
        return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    app.add_exception_handler(SQLAlchemyError, _registry_unavailable)
    app.add_exception_handler(RegistryError, _registry_unavailable)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("internal error on %s %s", request.method, request.url.path)
        return problem(500, f"internal error ({type(exc).__name__}); this is a bug in imnm -- please report it")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application; ``settings`` default to the environment (:meth:`Settings.from_env`)."""
    from imnm import __version__
    from imnm.web import api

    settings = settings or Settings.from_env()
    app = FastAPI(title="imnm", version=__version__,
                  description="Immune-mediated necrotising myopathy in children: registry, bedside "
                              "assessment, follow-up, cohort and living literature review.")
    app.state.settings = settings
    app.state.registry = None
    app.state.registry_lock = threading.Lock()
    app.state.sessions = SessionCache()
    _install_error_handlers(app)
    app.include_router(api.router)
    pages = importlib.import_module("imnm.web.pages") if importlib.util.find_spec("imnm.web.pages") else None
    if pages is not None and hasattr(pages, "router"):
        app.include_router(pages.router)
        if hasattr(pages, "install"):
            pages.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    return app
