"""What every command-line shell of imnm shares: consoles, the error policy and the registry.

A user's mistake (a bad file, an invalid value, an unknown id) is one clear message on stderr and
exit code 2, never a traceback. Every capability's commands use these, so the policy is one place.
"""

from __future__ import annotations

import functools
import json

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

console = Console(soft_wrap=True)
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    """Print a clear error on stderr and stop with ``code`` (2: bad input)."""
    err_console.print(Text.assemble(("error: ", "bold red"), message), highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def friendly_errors(func):
    """Turn the errors a user can cause into one clear message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from imnm.literature.records import LiteratureError
        from imnm.model import InvalidInput, explain
        from imnm.store.cases import CaseNotFound, DuplicateCase

        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            fail("invalid input\n" + "\n".join(f"  - {line}" for line in explain(exc)))
        except json.JSONDecodeError as exc:
            fail(f"not valid JSON: {exc}")
        except (InvalidInput, LiteratureError, CaseNotFound, DuplicateCase, FileNotFoundError,
                IsADirectoryError, UnicodeDecodeError) as exc:
            fail(str(exc))

    return wrapper


def registry():
    """The registry the CLI works on (``IMNM_DATABASE_URL`` or the user's SQLite), migrated and seeded."""
    from imnm.store import open_registry

    return open_registry()
