"""Writing tables for people and spreadsheets: terminal (Rich), Markdown, CSV, XLSX and HTML."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd
from rich.table import Table

FORMATS = ("terminal", "markdown", "csv", "xlsx", "html")


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(frame: pd.DataFrame, notes: list[str] | None = None) -> str:
    head = "| " + " | ".join(_md_escape(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(_md_escape(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    text = "\n".join([head, rule, *body]) + "\n"
    if notes:
        text += "\n" + "\n".join(f"- {_md_escape(n)}" for n in notes) + "\n"
    return text


def to_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()


def to_html(frame: pd.DataFrame, notes: list[str] | None = None, title: str = "") -> str:
    table = frame.to_html(index=False, escape=True, border=0, classes="imnm-table")
    notes_html = "".join(f"<li>{html.escape(n)}</li>" for n in notes or [])
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}</style>"
        f"</head><body><h1>{html.escape(title)}</h1>{table}<ol class='notes'>{notes_html}</ol></body></html>\n"
    )


#: Column widths in characters: wide enough for the longest line, capped so a long cell wraps instead.
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60


def _fit_columns(worksheet) -> None:
    """Size each column to its longest line (header included), wrap what is longer, freeze the header."""
    from openpyxl.styles import Alignment

    for cells in worksheet.iter_cols():
        lines = [line for c in cells if c.value is not None for line in str(c.value).splitlines()]
        longest = max((len(line) for line in lines), default=0)
        width = min(max(longest + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH + 2)
        worksheet.column_dimensions[cells[0].column_letter].width = width
        for c in cells[1:]:
            if c.value is not None and ("\n" in str(c.value) or len(str(c.value)) > width - 2):
                c.alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.freeze_panes = "A2"


def write_xlsx(frame: pd.DataFrame, path: Path, notes: list[str] | None = None, sheet: str = "Table 1") -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        if notes:
            pd.DataFrame({"review notes": notes}).to_excel(writer, sheet_name="Review notes", index=False)
        for worksheet in writer.book.worksheets:
            _fit_columns(worksheet)


def to_rich(frame: pd.DataFrame, title: str = "") -> Table:
    table = Table(title=title, show_lines=True)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    return table
