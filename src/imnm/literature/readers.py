"""One entry point for every bibliographic file format imnm reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from imnm.literature.records import LiteratureError, Record

FORMATS = ("medline", "ris", "csv")


class UnknownFormat(LiteratureError):
    """Neither the ``--format`` given nor the file name says how to read the file."""


def detect_format(path: str | Path) -> str:
    """``medline`` for .xml and .xml.gz, ``ris`` for .ris, ``csv`` for .csv."""
    name = Path(path).name.lower()
    if name.endswith((".xml", ".xml.gz", ".gz")):
        return "medline"
    if name.endswith(".ris"):
        return "ris"
    if name.endswith(".csv"):
        return "csv"
    raise UnknownFormat(
        f"{path}: unknown format (file name ends {Path(path).suffix or 'without an extension'!r}); "
        f"expected .xml, .xml.gz, .ris or .csv, or name the format with --input-format {'|'.join(FORMATS)}"
    )


def iter_records(path: str | Path, format: str | None = None) -> Iterator[Record]:
    """Records of one file, streamed for MEDLINE XML, read whole for RIS and CSV (exports are small)."""
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise UnknownFormat(f"format: got {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such file")
    if fmt == "medline":
        from imnm.literature.medline import iter_medline

        yield from iter_medline(path)
    elif fmt == "ris":
        from imnm.literature.ris import read_ris

        yield from read_ris(path)
    else:
        from imnm.literature.tabular import read_csv

        yield from read_csv(path)


def iter_summary_rows(path: str | Path, format: str | None = None) -> Iterator[dict]:
    """:meth:`Record.summary_row` of every record; MEDLINE rows are read without building records (faster)."""
    if (format or detect_format(path)) == "medline":
        if not Path(path).exists():
            raise FileNotFoundError(f"{path}: no such file")
        from imnm.literature.medline import iter_summary_rows as medline_rows

        return medline_rows(path)
    return (record.summary_row() for record in iter_records(path, format))


def read_records(path: str | Path, format: str | None = None) -> list[Record]:
    return list(iter_records(path, format))
