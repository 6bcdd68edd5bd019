"""Cases to spreadsheets and back: one XLSX sheet (or one CSV file) per entity.

The layout is :mod:`imnm.interop.flat`'s: sheets ``cases``, ``labs``, ``antibodies``, ``features``,
``treatments`` and ``visits`` linked by ``case_id``. A workbook written here reads back into the same
cases; a workbook filled in by hand is read with a row-level report (sheet, row, column, value, why)
and nothing is returned while any row is wrong. XLSX is written and read in openpyxl's streaming modes,
so a 10 000-case workbook stays within a few hundred MB.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from imnm.interop.flat import SHEETS, Rows, case_tables, cases_from_tables, sheet_columns
from imnm.model import Case, InvalidInput

Progress = Callable[[int], None]

#: Characters a worksheet cannot hold (XML 1.0 forbids them; tab, line feed and carriage return are fine).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_text(value: Any) -> Any:
    """Text as OOXML stores what XML cannot: a control character as ``_xHHHH_`` and a literal ``_xHHHH_``
    with its underscore escaped (``_x005F_``), as Excel does, so the workbook reads back exactly."""
    if not isinstance(value, str) or ("_x" not in value and not _NOT_IN_XML.search(value)):
        return value
    return _NOT_IN_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", _LOOKS_ESCAPED.sub("_x005F_", value))


def _plain_text(value: Any) -> Any:
    """The inverse of :func:`_ooxml_text` (also what Excel means by ``_xHHHH_`` in a workbook it wrote)."""
    if not isinstance(value, str) or "_x" not in value:
        return value
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)


def write_xlsx(cases: list[Case], path: Path) -> None:
    """One sheet per entity, header row first."""
    from openpyxl import Workbook

    tables = case_tables(cases)
    book = Workbook(write_only=True)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        names = [c.name for c in sheet_columns()[sheet]]
        ws.append(names)
        for row in tables[sheet]:
            ws.append([_ooxml_text(row.get(n)) for n in names])
    book.save(path)


def _rows(values, sheet: str, source: str) -> Rows:
    """Numbered rows as {column: value}, empty cells and empty rows left out; the header is checked first."""
    header = None
    out: Rows = []
    for number, row in enumerate(values, start=1):
        if header is None:
            header = [str(h).strip() if h is not None else "" for h in row]
            _check_columns(sheet, header, source)
            continue
        cells = {h: v for h, v in zip(header, row, strict=False) if h and v is not None and v != ""}
        if all(isinstance(v, str) and not v.strip() for v in cells.values()):
            continue
        out.append((number, cells))
    return out


def _check_columns(sheet: str, header: list[str], source: str) -> None:
    known = {c.name for c in sheet_columns()[sheet]}
    unknown = sorted({h for h in header if h} - known)
    if unknown:
        raise InvalidInput([(f"sheet {sheet}: unknown column(s) {', '.join(unknown)}; expected the columns "
                            f"'imnm cohort export --format xlsx' writes")], source)


def read_xlsx(path: Path, progress: Progress | None = None) -> list[Case]:
    """Cases from a workbook in this layout (the ``cases`` sheet is required, the others optional)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise InvalidInput([f"not an XLSX workbook: {exc}"], str(path)) from None
    try:
        if "cases" not in book.sheetnames:
            raise InvalidInput([f"no sheet named 'cases' (sheets: {', '.join(book.sheetnames)})"], str(path))
        tables: dict[str, Rows] = {}
        for sheet in SHEETS:
            if sheet in book.sheetnames:
                values = ([_plain_text(v) for v in row] for row in book[sheet].iter_rows(values_only=True))
                tables[sheet] = _rows(values, sheet, str(path))
                if progress:
                    progress(len(tables[sheet]))
    finally:
        book.close()
    return cases_from_tables(tables, source=str(path))


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def write_csv(cases: list[Case], folder: Path) -> list[Path]:
    """One CSV file per entity in ``folder`` (cases.csv, labs.csv, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = case_tables(cases)
    written = []
    for sheet in SHEETS:
        names = [c.name for c in sheet_columns()[sheet]]
        path = folder / f"{sheet}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            for row in tables[sheet]:
                writer.writerow([_csv_value(row.get(n)) for n in names])
        written.append(path)
    return written


def read_csv(path: Path, progress: Progress | None = None) -> list[Case]:
    """Cases from a folder of CSV files in this layout (or from its cases.csv: the siblings are read too)."""
    folder = path if path.is_dir() else path.parent
    if not (folder / "cases.csv").exists():
        raise InvalidInput([f"no cases.csv in {folder}"], str(path))
    tables: dict[str, Rows] = {}
    for sheet in SHEETS:
        file = folder / f"{sheet}.csv"
        if file.exists():
            with file.open(newline="", encoding="utf-8-sig") as handle:
                tables[sheet] = _rows(csv.reader(handle), sheet, str(file))
            if progress:
                progress(len(tables[sheet]))
    return cases_from_tables(tables, source=str(folder))
