"""Spot what looks like a patient identifier typed into free text, an id or a label.

A name, a record number or a telephone number typed into ``presentation.text``, ``outcome_text``,
``case_label`` or ``id`` would otherwise travel verbatim into every export and every Table 1. This
module only looks: entry commands print one warning line per suspicious field, and the exports meant
for sharing redact or drop free text. It is a safety net built from patterns, not a guarantee: a bare
name with no title and no 'patient' before it is not found.

Pure: no I/O, no registry.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
           "septiembre|octubre|noviembre|diciembre")
_NAME = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü'\-]+"

#: (kind, pattern): what each looks for. Kinds are named as a warning says them.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("name after a title", re.compile(
        rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Dra|Prof|Sr|Sra|Srta|Don|Doña)\.?\s+{_NAME}(?:\s+{_NAME})*")),
    ("name after 'patient'", re.compile(
        rf"\b(?i:patient|pt\.?|paciente|child|girl|boy|niña|niño)\s+{_NAME}(?:\s+{_NAME})*")),
    ("record number", re.compile(
        r"\b(?i:MRN|NHC|NHI|NUHSA|CIP|SIP|DNI|NIE|NIF|SSN|record\s+(?:no\.?|number|#))\s*[:#.-]?\s*[A-Z0-9-]*\d[A-Z0-9-]*")),
    ("date", re.compile(
        r"\b(?:(?:19|20)\d{2}(?P<ymd>[-/.])(?:0?[1-9]|1[0-2])(?P=ymd)(?:0?[1-9]|[12]\d|3[01])"
        r"|(?:0?[1-9]|[12]\d|3[01])(?P<dmy>[-/.])(?:0?[1-9]|1[0-2])(?P=dmy)(?:19|20)?\d{2})\b"
        rf"|\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:de\s+)?(?i:{_MONTHS})\.?,?\s+(?:de\s+)?(?:19|20)\d{{2}}\b"
        rf"|\b(?i:{_MONTHS})\.?\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b")),
    ("telephone number", re.compile(r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w.])")),
    ("long number", re.compile(r"(?<![\d.,])\d{6,}(?![\d.,])")),
)
#: A telephone number has at least this many digits (so '10 15 20 mg' is not one).
PHONE_MIN_DIGITS = 9
#: Every pattern in one: it matches a text exactly when one of PATTERNS does (the engine tries each
#: alternative at each position), so most strings -- drug names, units, labels -- are cleared in one pass.
ANY_IDENTIFIER = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in PATTERNS))

#: Fields that hold controlled vocabulary, published bibliographic data or curator names, not patients' words
#: (``sources_read``: the address or PMC id of the article a curator read).
NOT_SCANNED = frozenset({"citation", "curated_by", "source", "sources_read", "location", "analyte", "antigen", "result", "drug",
                         "feature", "unit", "dose_unit", "dose_given_unit", "route", "frequency", "phase", "sex",
                         "source_kind", "outcome_class", "kind", "inflammation", "hla_class_i", "p62", "mac",
                         "basis", "item", "onset", "field"})


@dataclass(frozen=True)
class Suspect:
    """One stretch of text that looks like an identifier: where, what kind, and the text itself."""

    field: str
    kind: str
    text: str

    def warning(self) -> str:
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return (f"warning: {self.field} may hold a patient identifier ({self.kind}: {shown!r}); "
                "free text and ids reach exports and Table 1 -- remove it if it identifies the patient")


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """``(kind, matched text)`` for every suspicious stretch of ``text``; overlapping finds are kept once."""
    found: list[tuple[int, int, str, str]] = []
    if not ANY_IDENTIFIER.search(text):
        return []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if kind == "telephone number" and sum(ch.isdigit() for ch in m.group()) < PHONE_MIN_DIGITS:
                continue
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _, _ in found):
                continue
            found.append((m.start(), m.end(), kind, m.group()))
    return [(kind, text) for _, _, kind, text in sorted(found)]


def redact(text: str, replacement: str = "[removed]") -> str:
    """The text with every suspicious stretch replaced."""
    if not ANY_IDENTIFIER.search(text):
        return text
    spans = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if kind == "telephone number" and sum(ch.isdigit() for ch in m.group()) < PHONE_MIN_DIGITS:
                continue
            spans.append((m.start(), m.end()))
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            last = max(last, end)
            continue
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def _suspicious_strings(value: Any, parts: tuple, out: list) -> None:
    """Append (path parts, text) for every non-empty string the combined pattern matches, skipping the
    fields in NOT_SCANNED at any depth. Paths are only spelled out for these few (see :func:`_field`)."""
    if isinstance(value, dict):
        items = ((key, item) for key, item in value.items() if key not in NOT_SCANNED)
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        if isinstance(item, str):
            if item and ANY_IDENTIFIER.search(item):
                out.append(((*parts, key), item))
        elif item and isinstance(item, dict | list):
            _suspicious_strings(item, (*parts, key), out)


def _field(prefix: str, parts: tuple) -> str:
    """A field as warnings name it: ``visits[1].labs[0].as_written`` after the caller's prefix."""
    path = prefix
    for part in parts:
        if isinstance(part, int):
            path = f"{path}[{part}]"
        else:
            sep = "" if not path or path.endswith((".", " ")) else "."
            path = f"{path}{sep}{part}"
    return path


_NEVER_TEXT = (int, float, bool, dt.date, dt.datetime, dt.time, dt.timedelta, type(None))


def _text_fields(annotation: Any) -> Any:
    """What of a value of this type can hold text, as pydantic's ``include``: True (all of it), a dict
    (these fields; ``__all__`` for every item of a list) or None (nothing: numbers, dates, flags).
    Anything not known to be text-free (Any, mappings, a serializer) is kept whole."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        if any(type(m).__name__.endswith("Serializer") for m in args[1:]):
            return True
        return _text_fields(args[0])
    if origin in (typing.Union, types.UnionType):
        parts = [_text_fields(a) for a in args]
        if any(p is True for p in parts):
            return True
        models = [p for p in parts if p]
        return models[0] if len(models) == 1 else (True if models else None)
    if origin in (list, tuple, set, frozenset):
        inner = [_text_fields(a) for a in args if a is not Ellipsis]
        if any(p is True for p in inner):
            return True
        models = [p for p in inner if p]
        return {"__all__": models[0]} if len(models) == 1 else (True if models else None)
    if origin is typing.Literal:
        return True if any(isinstance(a, str) for a in args) else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_text_fields(annotation)
    if isinstance(annotation, type) and issubclass(annotation, _NEVER_TEXT) and not issubclass(annotation, str):
        return None
    return True


@cache
def _model_text_fields(model: type[BaseModel]) -> dict | None:
    """A model's fields that can hold text (NOT_SCANNED left out), worked out once per model."""
    spec = {name: sub for name, info in model.model_fields.items()
            if name not in NOT_SCANNED and (sub := _text_fields(info.annotation))}
    return spec or None


def scan_record(record: Any, prefix: str = "") -> list[Suspect]:
    """Every suspicious stretch in a record's strings (a Case, a Visit, a course, or their JSON form).

    A model is dumped with only its fields that can hold text (most of a record is numbers, dates and
    flags, and walking them cost most of the scan); a dict (the JSON form) is walked whole.
    """
    if isinstance(record, BaseModel):
        spec = _model_text_fields(type(record))
        data = record.model_dump(exclude_none=True, include=spec) if spec else {}
    else:
        data = record
    if isinstance(data, str):
        strings = [((), data)] if data and ANY_IDENTIFIER.search(data) else []
    else:
        strings = []
        _suspicious_strings(data, (), strings)
    return [Suspect(_field(prefix, parts), kind, text) for parts, value in strings
            for kind, text in find_identifiers(value)]


def warnings_for(record: Any, prefix: str = "") -> list[str]:
    """One warning line per suspicious field of the record (the first find in that field)."""
    seen: dict[str, Suspect] = {}
    for suspect in scan_record(record, prefix):
        seen.setdefault(suspect.field, suspect)
    return [s.warning() for s in seen.values()]
