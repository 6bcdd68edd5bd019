"""RIS import (EndNote, Zotero, Mendeley, Embase and Scopus exports) via rispy.

Reviewers often bring hits from databases other than PubMed; RIS carries them into the same
:class:`Record` so they are deduplicated against PubMed and screened by the same rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import rispy

from imnm.literature.records import Author, LiteratureError, Record

_PMID_IN_TEXT = re.compile(r"(?:PMID:?\s*|pubmed(?:\.ncbi\.nlm\.nih\.gov)?/)(\d{1,9})", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})(?:[/-](\d{1,2}))?(?:[/-](\d{1,2}))?")


class RisFormatError(LiteratureError):
    """The file is not RIS (no ``TY  -`` … ``ER  -`` entries could be read)."""


def _first(entry: dict, *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value).strip()
    return ""


def _author(name: str) -> Author:
    """``Last, First`` (RIS's own convention) or a group name without a comma."""
    if "," not in name:
        return Author(collective_name=name.strip())
    last, _, fore = name.partition(",")
    fore = fore.strip()
    initials = "".join(part[0] for part in re.split(r"[\s.-]+", fore) if part).upper()
    return Author(last_name=last.strip(), fore_name=fore, initials=initials)


def _pubdate(entry: dict) -> tuple[str, int | None]:
    raw = _first(entry, "year", "publication_year", "date")
    match = _YEAR.search(raw)
    if not match:
        return "", None
    year, month, day = match.groups()
    parts = [year] + ([f"{int(month):02d}"] if month else []) + ([f"{int(day):02d}"] if month and day else [])
    return "-".join(parts), int(year)


def _pmid(entry: dict) -> str | None:
    accession = _first(entry, "accession_number")
    if accession.isdigit():
        return accession
    for key in ("notes", "note", "urls", "id"):
        values = entry.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            match = _PMID_IN_TEXT.search(str(value))
            if match:
                return match.group(1)
    return None


def record_from_ris(entry: dict) -> Record:
    pubdate, year = _pubdate(entry)
    authors = entry.get("authors") or entry.get("first_authors") or []
    keywords = entry.get("keywords") or []
    language = entry.get("language")
    return Record(
        pmid=_pmid(entry),
        doi=_first(entry, "doi") or None,
        title=_first(entry, "title", "primary_title", "translated_title"),
        abstract=_first(entry, "abstract", "notes_abstract"),
        authors=[_author(a) for a in authors if a and a.strip()],
        journal=_first(entry, "secondary_title", "journal_name", "alternate_title3", "alternate_title2",
                       "alternate_title1"),
        journal_abbreviation=_first(entry, "alternate_title1", "alternate_title2"),
        pubdate=pubdate,
        year=year,
        publication_types=[t] if (t := rispy.TYPE_OF_REFERENCE_MAPPING.get(entry.get("type_of_reference", ""),
                                                                         "")) else [],
        keywords=[k.strip() for k in keywords if k and k.strip()],
        language=[language.strip()] if isinstance(language, str) and language.strip() else [],
        source="ris",
    )


def read_ris(path: str | Path) -> list[Record]:
    """All records of a RIS file (UTF-8, with or without a byte-order mark)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        entries = rispy.loads(text)
    except (OSError, ValueError, KeyError) as exc:  # rispy raises IOError on a missing TY line
        raise RisFormatError(f"{path}: not a readable RIS file ({exc})") from None
    if not entries and text.strip():
        raise RisFormatError(f"{path}: no RIS entries found (expected lines like 'TY  - JOUR' ... 'ER  - ')")
    return [record_from_ris(e) for e in entries]
