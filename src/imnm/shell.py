"""What every command-line shell of imnm shares: consoles, the error policy and the registry.

No traceback reaches a user: every failure is one clear line on stderr and an exit code --
2 the user's input (a bad file, an invalid value, an unknown id), 3 the registry database cannot be
used (unreachable, busy, corrupt, read-only, half-built), 4 a file cannot be read or written
(permission, disk full, read-only file system), 1 a bug in imnm. ``imnm --debug`` (or ``IMNM_DEBUG=1``)
prints the full traceback as well. The policy is here only: ``friendly_errors`` on the commands and
``FriendlyGroup`` on the application, so a command that forgets the decorator is covered too.
"""

from __future__ import annotations

import functools
import json
import os
import traceback

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup
from typer.exceptions import TyperException

console = Console(soft_wrap=True)
err_console = Console(stderr=True)

EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_REGISTRY = 3
EXIT_FILES = 4
DEBUG_ENV = "IMNM_DEBUG"
_debug = False


def set_debug(on: bool) -> None:
    """Show full tracebacks (``imnm --debug``) as well as the one-line message."""
    global _debug
    _debug = on


def debugging() -> bool:
    return _debug or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def fail(message: str, code: int = EXIT_INPUT) -> None:
    """Print a clear error on stderr and stop with ``code`` (2: bad input)."""
    err_console.print(Text.assemble(("error: ", "bold red"), message), highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _registry_where() -> str:
    from imnm.store.registry import ENV_URL, default_database_url, where

    try:
        return where(os.environ.get(ENV_URL) or default_database_url())
    except Exception:  # noqa: BLE001 - only for the message; never hide the original error
        return "(unknown)"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def _report(exc: Exception) -> None:
    """The one line (and, when debugging, the traceback) for an exception a command let through."""
    from pydantic import ValidationError
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from imnm.literature.records import LiteratureError
    from imnm.model import InvalidInput, explain
    from imnm.store.cases import CaseNotFound, DuplicateCase
    from imnm.store.registry import RegistryError

    if debugging():
        err_console.print(traceback.format_exc(), highlight=False, markup=False, soft_wrap=True, end="")
    if isinstance(exc, ValidationError):
        fail("invalid input\n" + "\n".join(f"  - {line}" for line in explain(exc)))
    if isinstance(exc, json.JSONDecodeError):
        fail(f"not valid JSON: {exc}")
    if isinstance(exc, InvalidInput | LiteratureError | CaseNotFound | DuplicateCase | FileNotFoundError
                  | IsADirectoryError | UnicodeDecodeError):
        fail(str(exc))
    if isinstance(exc, RegistryError):
        fail(str(exc), EXIT_REGISTRY)
    if isinstance(exc, DBAPIError):
        reason = _first_line(exc.orig) if exc.orig is not None else _first_line(exc)
        if "database is locked" in reason or "database is busy" in reason:
            fail(f"the registry at {_registry_where()} is busy: another imnm command is writing to it; "
                 "try again in a moment", EXIT_REGISTRY)
        fail(f"the registry at {_registry_where()} could not be used: {reason}", EXIT_REGISTRY)
    if isinstance(exc, SQLAlchemyError):
        fail(f"the registry at {_registry_where()} could not be used: {_first_line(exc)}", EXIT_REGISTRY)
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        fail(f"{exc.strerror or _first_line(exc)}{where}", EXIT_FILES)
    fail(f"internal error ({type(exc).__name__}: {_first_line(exc)}); this is a bug in imnm -- please "
         "report it with the output of the same command run as `imnm --debug ...`", EXIT_INTERNAL)


def friendly_errors(func):
    """Turn any error a command lets through into one clear line and its exit code (see above)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the whole point: no traceback for the user
            _report(exc)

    return wrapper


class FriendlyGroup(TyperGroup):
    """The application's command group: the same policy around every command, decorated or not."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001
            _report(exc)


def registry():
    """The registry the CLI works on (``IMNM_DATABASE_URL`` or the user's SQLite), migrated and seeded."""
    from imnm.store import open_registry

    return open_registry()
