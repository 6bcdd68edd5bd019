"""Turn pydantic validation errors into messages a clinician can act on: field, value, expected."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

#: At most this many problems are listed (then "... and N more problems"); no value is echoed longer.
MAX_PROBLEMS = 10
MAX_SHOWN = 80


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


#: pydantic's error types said as what was expected (the rest keep pydantic's own words).
_EXPECTED = {
    "less_than_equal": "expected at most {le}",
    "less_than": "expected less than {lt}",
    "greater_than_equal": "expected at least {ge}",
    "greater_than": "expected more than {gt}",
    "finite_number": "expected a finite number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "int_type": "expected a whole number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "string_too_short": "expected at least {min_length} character(s)",
    "string_too_long": "expected at most {max_length} characters",
    "string_pattern_mismatch": "expected text matching {pattern}",
    "literal_error": "expected {expected}",
    "enum": "expected {expected}",
    "date_parsing": "expected a date YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date YYYY-MM-DD",
    "date_type": "expected a date YYYY-MM-DD",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "json_invalid": "not valid JSON: {error}",
    "missing": "missing; required",
    "extra_forbidden": "unknown field",
}


def _number(v: object) -> object:
    """A bound as a person writes it: 120, not 120.0; 1000000, not 1e+06."""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:g}"
    return v


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_BOUNDS = {"greater_than_equal": "expected on or after {ge}", "less_than_equal": "expected on or before {le}"}


def _message(err: dict) -> str:
    template = _EXPECTED.get(err.get("type", ""))
    if any(isinstance(v, dt.date) or (isinstance(v, str) and _ISO_DATE.fullmatch(v))
           for v in (err.get("ctx") or {}).values()):
        template = _DATE_BOUNDS.get(err.get("type", ""), template)
    if template is not None:
        ctx = {k: _number(v) for k, v in (err.get("ctx") or {}).items()}
        try:
            return template.format(**ctx)
        except (KeyError, IndexError, ValueError):
            pass
    return err.get("msg", "invalid").removeprefix("Value error, ")[:200]


def _shown(value: object) -> str:
    """The value as the user wrote it, never longer than MAX_SHOWN characters (nor a 5 000-digit repr)."""
    if isinstance(value, dict | list):
        return type(value).__name__
    if isinstance(value, int) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    shown = repr(value)
    return shown if len(shown) <= MAX_SHOWN else shown[: MAX_SHOWN - 3] + "..."


#: A whole-record rule's message that starts with the field it refuses ("reason: ...") is shown as it is.
_NAMES_ITS_FIELD = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z0-9_]+|\[\d+\])*: ")


def problem(err: dict, loc: tuple | None = None) -> dict:
    """One pydantic error as field, expected, value (when shown) and the one-line message every shell prints."""
    loc = tuple(err.get("loc", ())) if loc is None else loc
    field = _loc(loc)
    expected = _message(err)
    item = {"field": field, "expected": expected}
    if not loc and _NAMES_ITS_FIELD.match(expected):
        named, _, rest = expected.partition(": ")
        item.update(field=named, expected=rest, message=expected)  # a rule across fields naming its field
    elif "input" in err and err.get("type") not in {"missing", "model_type"}:
        item["value"] = _shown(err["input"])
        item["message"] = f"{field}: got {item['value']}; {expected}"
    else:
        item["message"] = f"{field}: {expected}"
    return item


def explain(exc: ValidationError) -> list[str]:
    """One line per error: ``field: got VALUE; expected ...``; the first MAX_PROBLEMS, then how many more."""
    errors = exc.errors(include_url=False)
    lines = [problem(err)["message"] for err in errors[:MAX_PROBLEMS]]
    if len(errors) > MAX_PROBLEMS:
        lines.append(f"... and {len(errors) - MAX_PROBLEMS} more problems")
    return lines
