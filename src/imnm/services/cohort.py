"""The cohort as a data set: summary statistics, Table 1, outcome evidence and record exports.

Statistics and Table 1 are cohort-level (researchers may read them); exports are record-level
patient data and are audited.
"""

from __future__ import annotations

import io
import json

from imnm.model import Case, InvalidInput
from imnm.store.registry import Registry

TABLE1_TITLE = "Table 1. Paediatric anti-SRP immune-mediated necrotising myositis"
TABLE_FORMATS = ("json", "csv", "markdown", "html", "xlsx")


def cases(registry: Registry | None) -> list[Case]:
    """The registry's cases, or the shipped cohort file when ``registry`` is None."""
    if registry is None:
        from imnm.cohort.dataset import load_cohort

        return load_cohort()
    from imnm.store.cases import list_cases

    return list_cases(registry)


def summary_of(registry: Registry | None, *, as_published: bool = False):
    """The cohort summary: the shipped file's cases, or the registry counted in SQL (its aggregates over
    the tables, not every stored document validated). ``as_published``: count every record, even one
    the originals show to report the same patient as another (as the letter did)."""
    from imnm.cohort.statistics import summarise, summarise_counts

    if registry is None:
        return summarise(cases(None), as_published=as_published)
    from imnm.store.queries import cohort_counts

    return summarise_counts(cohort_counts(registry, as_published=as_published))


def summary(registry: Registry | None, *, as_published: bool = False) -> dict:
    return summary_of(registry, as_published=as_published).as_dict()


def evidence(registry: Registry | None) -> dict:
    """Outcome by treatment, age and CK; the registry's 2x2 tables counted in SQL (GROUP BY)."""
    from imnm.cohort.evidence import evidence_from_counts, outcome_evidence

    if registry is None:
        return outcome_evidence(cases(None))
    from imnm.store.queries import evidence_counts

    return evidence_from_counts(evidence_counts(registry))


def table1(registry: Registry | None, *, include_free_text: bool = False):
    """Table 1, one row per record; the registry's records read by columns.

    Table 1 is made to be shared: local records' free text is left out unless asked for (literature
    records keep their published words), as in ``cohort export``.
    """
    from imnm.cohort.table1 import Table1Record, build_table1

    if registry is None:
        records = [Table1Record.from_case(c) for c in cases(None)]
    else:
        from imnm.store.queries import table1_records

        records = table1_records(registry)
    return build_table1(records if include_free_text else [r.without_free_text() for r in records])


def write_table1_csv(registry: Registry | None, out, *, include_free_text: bool = False) -> None:
    """Table 1 as CSV (header, then one row per record) written to the text stream ``out`` row by row,
    byte for byte what pandas' ``to_csv`` writes of :func:`table1`'s frame. A registry's rows are built
    straight from its result rows (:func:`imnm.store.queries.table1_rows`): at 100 000 records the
    per-record objects and the DataFrame took most of the command's time."""
    import csv

    from imnm.cohort.table1 import COLUMNS

    if registry is None:
        rows = table1(None, include_free_text=include_free_text).rows
    else:
        from imnm.store.queries import table1_rows

        rows = table1_rows(registry, include_free_text=include_free_text)
    writer = csv.writer(out, lineterminator="\n")  # pandas' defaults: minimal quoting, quotes doubled
    writer.writerow(COLUMNS)
    writer.writerows(rows)


def table1_as(registry: Registry | None, fmt: str, *, include_free_text: bool = False) -> tuple[bytes, str]:
    """Table 1 in one format: (content, media type)."""
    from imnm.interop import tables

    if fmt not in TABLE_FORMATS:
        raise InvalidInput([f"format: got {fmt!r}; expected {', '.join(TABLE_FORMATS)}"])
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        write_table1_csv(registry, buffer, include_free_text=include_free_text)
        return buffer.getvalue().encode(), "text/csv; charset=utf-8"
    table = table1(registry, include_free_text=include_free_text)
    frame = table.to_frame()
    if fmt == "json":
        body = {"title": TABLE1_TITLE, "columns": list(frame.columns),
                "rows": frame.astype(str).values.tolist(), "notes": table.notes}
        return json.dumps(body, ensure_ascii=False).encode(), "application/json"
    if fmt == "markdown":
        return tables.to_markdown(frame, table.notes).encode(), "text/markdown; charset=utf-8"
    if fmt == "html":
        return tables.to_html(frame, table.notes, title=TABLE1_TITLE).encode(), "text/html; charset=utf-8"
    return _xlsx(lambda path: tables.write_xlsx(_cells_for_excel(frame), path, [_excel_text(n) for n in table.notes])), XLSX


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells_for_excel(frame):
    """XLSX cannot hold control characters (a record may): each is shown as U+FFFD in that file only."""
    return frame.map(lambda v: _excel_text(v) if isinstance(v, str) else v)


def _excel_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _xlsx(write) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        write(path)
        return path.read_bytes()
