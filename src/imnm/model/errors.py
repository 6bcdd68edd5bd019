"""Turn pydantic validation errors into messages a clinician can act on: field, value, expected."""

from __future__ import annotations

from pydantic import ValidationError


class InvalidInput(ValueError):
    """Input that was rejected; ``problems`` holds one line per field."""

    def __init__(self, problems: list[str], source: str | None = None):
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(where + "invalid input\n" + "\n".join(f"  - {p}" for p in problems))


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(record)"


def explain(exc: ValidationError) -> list[str]:
    """One line per error: ``field: got VALUE; expected ...``."""
    lines = []
    for err in exc.errors(include_url=False):
        field = _loc(tuple(err.get("loc", ())))
        message = err.get("msg", "invalid").removeprefix("Value error, ")
        if "input" in err and err.get("type") not in {"missing", "model_type"}:
            value = err["input"]
            shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
            lines.append(f"{field}: got {shown[:80]}; {message}")
        else:
            lines.append(f"{field}: {message}")
    return lines
