"""Spot what looks like a patient identifier typed into free text, an id or a label.

A name, a record number or a telephone number typed into ``presentation.text``, ``outcome_text``,
``case_label`` or ``id`` would otherwise travel verbatim into every export and every Table 1. This
module only looks: entry commands print one warning line per suspicious field, and the exports meant
for sharing redact or drop free text. It is a safety net built from patterns, not a guarantee: a bare
name with no title and no 'patient' before it is not found.

Pure: no I/O, no registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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
        r"\b(?:(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
        r"|(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\2(?:19|20)?\d{2})\b"
        rf"|\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:de\s+)?(?i:{_MONTHS})\.?,?\s+(?:de\s+)?(?:19|20)\d{{2}}\b"
        rf"|\b(?i:{_MONTHS})\.?\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b")),
    ("telephone number", re.compile(r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w.])")),
    ("long number", re.compile(r"(?<![\d.,])\d{6,}(?![\d.,])")),
)
#: A telephone number has at least this many digits (so '10 15 20 mg' is not one).
PHONE_MIN_DIGITS = 9

#: Fields that hold controlled vocabulary, published bibliographic data or curator names, not patients' words.
NOT_SCANNED = frozenset({"citation", "curated_by", "source", "location", "analyte", "antigen", "result", "drug",
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


def _walk(value: Any, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SCANNED:
                sep = "" if not path or path.endswith((".", " ")) else "."
                yield from _walk(item, f"{path}{sep}{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def scan_record(record: Any, prefix: str = "") -> list[Suspect]:
    """Every suspicious stretch in a record's strings (a Case, a Visit, a course, or their JSON form)."""
    data = record.model_dump(exclude_none=True) if hasattr(record, "model_dump") else record
    return [Suspect(path, kind, text) for path, value in _walk(data, prefix)
            for kind, text in find_identifiers(value)]


def warnings_for(record: Any, prefix: str = "") -> list[str]:
    """One warning line per suspicious field of the record (the first find in that field)."""
    seen: dict[str, Suspect] = {}
    for suspect in scan_record(record, prefix):
        seen.setdefault(suspect.field, suspect)
    return [s.warning() for s in seen.values()]
