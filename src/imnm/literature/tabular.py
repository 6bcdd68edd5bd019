"""CSV import: PubMed's own "Save > CSV" export and any table with recognisable column names.

PubMed's CSV has PMID, Title, Authors, Journal/Book, Publication Year, DOI; other tools name the
same things differently, so columns are matched by a small list of aliases (case-insensitive).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from imnm.literature.records import Author, LiteratureError, Record

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "pmid": ("pmid", "pubmed id", "pubmed_id", "accession number"),
    "doi": ("doi",),
    "title": ("title", "article title", "primary title"),
    "abstract": ("abstract",),
    "authors": ("authors", "author", "author full names"),
    "journal": ("journal/book", "journal", "source title", "source", "journal title"),
    "year": ("publication year", "year", "pubdate", "publication date", "date"),
    "publication_types": ("publication_types", "publication type", "publication types", "document type"),
    "mesh_terms": ("mesh_terms", "mesh terms", "mesh"),
    "keywords": ("keywords", "author keywords"),
    "language": ("language",),
}


class CsvFormatError(LiteratureError):
    """The table has no title column, or cannot be read as CSV."""


def _column(columns: dict[str, str], field: str) -> str | None:
    for alias in COLUMN_ALIASES[field]:
        if alias in columns:
            return columns[alias]
    return None


def _split(value: str, separators: str = ";|") -> list[str]:
    for sep in separators:
        if sep in value:
            return [v.strip() for v in value.split(sep) if v.strip()]
    return [value.strip()] if value.strip() else []


def _author(name: str) -> Author:
    """PubMed writes ``Lastname AB``; others write ``Lastname, First``."""
    name = name.strip().rstrip(".")
    if "," in name:
        last, _, fore = name.partition(",")
        return Author(last_name=last.strip(), fore_name=fore.strip())
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].isupper() and len(parts[1]) <= 3:
        return Author(last_name=parts[0], initials=parts[1])
    return Author(collective_name=name)


def read_csv(path: str | Path) -> list[Record]:
    """All rows of a CSV export as records; every value is read as text, never guessed as numbers."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CsvFormatError(f"{path}: not a readable CSV file ({exc})") from None
    columns = {str(c).strip().lower(): c for c in frame.columns}
    title_col = _column(columns, "title")
    if title_col is None:
        raise CsvFormatError(
            f"{path}: no title column; got columns {list(frame.columns)}; expected one of "
            f"{list(COLUMN_ALIASES['title'])}"
        )
    picked = {field: _column(columns, field) for field in COLUMN_ALIASES}
    records = []
    for row in frame.to_dict(orient="records"):
        value = {field: (row[col].strip() if col else "") for field, col in picked.items()}
        year_text = value["year"][:4]
        records.append(Record(
            pmid=value["pmid"] or None,
            doi=value["doi"] or None,
            title=value["title"],
            abstract=value["abstract"],
            authors=[_author(a) for a in _split(value["authors"], ";,") if a],
            journal=value["journal"],
            pubdate=value["year"],
            year=int(year_text) if year_text.isdigit() else None,
            publication_types=_split(value["publication_types"]),
            mesh_terms=[{"descriptor": d} for d in _split(value["mesh_terms"])],
            keywords=_split(value["keywords"]),
            language=_split(value["language"]),
            source="csv",
        ))
    return records
