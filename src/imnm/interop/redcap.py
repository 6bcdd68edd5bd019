"""REDCap: a data dictionary for imnm's case model, and REDCap's flat CSV records in and out.

The dictionary has REDCap's 18 columns, one non-repeating instrument ``case`` and the repeating
instruments ``lab``, ``antibody``, ``feature``, ``treatment`` and ``visit`` (mark them repeating in
the project's set-up: repeating is not part of a data dictionary). Records are REDCap's flat export:
``record_id, redcap_repeat_instrument, redcap_repeat_instance`` then every field; the case row has no
instrument, each repeat row fills its instrument's fields. ``record_id`` is the case id (the import key);
a lab row's ``lab_visit`` names the visit instance it belongs to (empty: labs at diagnosis).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import typing
from enum import Enum
from typing import Any

from imnm.interop.flat import (
    Column,
    Rows,
    _unwrap,
    case_tables,
    cases_from_tables,
    is_json_leaf,
    sheet_columns,
)
from imnm.model import Case, InvalidInput

DICTIONARY_COLUMNS = (
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
    "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
    "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation",
)
RECORD_HEAD = ("record_id", "redcap_repeat_instrument", "redcap_repeat_instance")
INSTRUMENTS = {"cases": "case", "labs": "lab", "antibodies": "antibody", "features": "feature",
               "treatments": "treatment", "visits": "visit"}
SHEET_OF = {v: k for k, v in INSTRUMENTS.items()}
#: Free text that REDCap should treat as possibly identifying, and long text shown as a notes box.
FREE_TEXT = {"text", "outcome_text", "notes", "as_written", "case_label", "curated_by", "result", "age_as_written",
             "drug_as_written", "course_text"}
REQUIRED = {"lab_analyte", "lab_value", "lab_unit", "antibody_antigen", "antibody_result", "feature_feature",
            "treatment_drug"}


def variable(sheet: str, column: str) -> str:
    """The REDCap variable for a table column: lowercase, underscores, prefixed by its instrument."""
    if column in ("id", "case_id"):
        return "record_id"
    name = column.replace(".", "_")
    return name if sheet == "cases" else f"{INSTRUMENTS[sheet]}_{name}"


def _fields() -> list[tuple[str, str, Column]]:
    """(sheet, variable, column) for every REDCap field, record_id first."""
    out = []
    for sheet, cols in sheet_columns().items():
        for col in cols:
            if col.name in ("id", "case_id") or (sheet == "visits" and col.name == "visit"):
                continue
            out.append((sheet, variable(sheet, col.name), col))
    return out


def _bounds(col: Column) -> tuple[Any, Any]:
    lo = hi = None
    for m in getattr(col.field, "metadata", []) or []:
        lo = getattr(m, "ge", None) if getattr(m, "ge", None) is not None else lo
        hi = getattr(m, "le", None) if getattr(m, "le", None) is not None else hi
    return lo, hi


def _spec(col: Column) -> dict[str, Any]:
    """Field Type, choices and validation of one column."""
    a = _unwrap(col.annotation)
    if is_json_leaf(col.annotation):
        return {"Field Type": "notes", "Field Note": "JSON (a list or mapping), as imnm writes it"}
    if a is bool:
        return {"Field Type": "yesno"}
    choices = None
    if isinstance(a, type) and issubclass(a, Enum):
        choices = [m.value for m in a]
    elif typing.get_origin(a) is typing.Literal:
        choices = list(typing.get_args(a))
    if choices is not None:
        return {"Field Type": "dropdown",
                "Choices, Calculations, OR Slider Labels": " | ".join(f"{c}, {str(c).replace('_', ' ')}" for c in choices)}
    lo, hi = _bounds(col)
    bounds = {"Text Validation Min": "" if lo is None else lo, "Text Validation Max": "" if hi is None else hi}
    if a is int:
        return {"Field Type": "text", "Text Validation Type OR Show Slider Number": "integer", **bounds}
    if a is float:
        return {"Field Type": "text", "Text Validation Type OR Show Slider Number": "number", **bounds}
    if a is dt.date:
        return {"Field Type": "text", "Text Validation Type OR Show Slider Number": "date_ymd"}
    leaf = col.name.rsplit(".", 1)[-1]
    return {"Field Type": "notes" if leaf in FREE_TEXT else "text"}


def dictionary_rows() -> list[dict[str, Any]]:
    """The data dictionary as rows keyed by REDCap's column headers."""
    rows = [{"Variable / Field Name": "record_id", "Form Name": "case", "Field Type": "text",
             "Field Label": "Case id (the import key)", "Required Field?": "y"}]
    section = None
    for sheet, name, col in _fields():
        leaf = col.name.rsplit(".", 1)[-1]
        group = col.name.split(".")[0] if "." in col.name else None
        description = getattr(col.field, "description", None) if col.field is not None else None
        row: dict[str, Any] = {
            "Variable / Field Name": name, "Form Name": INSTRUMENTS[sheet],
            "Field Label": (description or col.name.replace(".", ": ").replace("_", " ")).capitalize()[:200],
            **_spec(col),
        }
        if sheet == "labs" and col.name == "visit":
            row.update({"Field Type": "text", "Text Validation Type OR Show Slider Number": "integer",
                        "Field Label": "Visit instance (empty: labs at diagnosis)", "Text Validation Min": 1})
        if group and (sheet, group) != section:
            row["Section Header"] = group.replace("_", " ").capitalize()
        section = (sheet, group) if group else None
        if leaf in FREE_TEXT or _unwrap(col.annotation) is dt.date:
            row["Identifier?"] = "y"
        if name in REQUIRED:
            row["Required Field?"] = "y"
        rows.append(row)
    return [{c: row.get(c, "") for c in DICTIONARY_COLUMNS} for row in rows]


def dictionary_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DICTIONARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dictionary_rows())
    return buffer.getvalue()


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dt.date):
        return v.isoformat()
    return "" if v is None else v


def records_csv(cases: list[Case]) -> str:
    """REDCap's flat CSV records (what a REDCap export gives and its import tool takes)."""
    fields = [name for _, name, _ in _fields()]
    by_sheet: dict[str, list[tuple[str, str]]] = {}
    for sheet, name, col in _fields():
        by_sheet.setdefault(sheet, []).append((name, col.name))
    tables = case_tables(cases)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*RECORD_HEAD, *fields])
    children: dict[str, list[tuple[str, str, dict]]] = {c.id: [] for c in cases}
    instance: dict[tuple[str, str], int] = {}
    for sheet in ("labs", "antibodies", "features", "treatments", "visits"):
        for row in tables[sheet]:
            children[row["case_id"]].append((sheet, INSTRUMENTS[sheet], row))
    for row in tables["cases"]:
        values = dict.fromkeys(fields, "")
        values.update({name: _value(row.get(col)) for name, col in by_sheet["cases"]})
        writer.writerow([row["id"], "", "", *values.values()])
        for sheet, instrument, child in children[row["id"]]:
            key = (row["id"], instrument)
            instance[key] = child["visit"] if sheet == "visits" else instance.get(key, 0) + 1
            values = dict.fromkeys(fields, "")
            values.update({name: _value(child.get(col)) for name, col in by_sheet[sheet]})
            writer.writerow([row["id"], instrument, instance[key], *values.values()])
    return buffer.getvalue()


def read_records(text: str, *, source: str | None = None) -> list[Case]:
    """Cases from REDCap flat CSV records; every bad row and cell reported, nothing partial."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if "record_id" not in header:
        raise InvalidInput(["expected REDCap flat records with a record_id column"], source)
    columns = {(sheet, name): col.name for sheet, name, col in _fields()}
    sheet_of_var = {name: sheet for sheet, name in columns}
    unknown = [h for h in header if h not in RECORD_HEAD and h not in sheet_of_var and not h.endswith("_complete")]
    if unknown:
        raise InvalidInput([(f"unknown REDCap field(s): {', '.join(unknown[:10])}; expected the fields of "
                            "'imnm redcap dictionary'")], source)
    tables: dict[str, Rows] = {s: [] for s in INSTRUMENTS}
    problems = []
    for line, row in enumerate(reader, start=2):
        instrument = (row.get("redcap_repeat_instrument") or "").strip()
        sheet = SHEET_OF.get(instrument or "case")
        if sheet is None:
            problems.append(f"row {line}, column redcap_repeat_instrument: got {instrument!r}; expected one of "
                            f"{', '.join(i for i in INSTRUMENTS.values() if i != 'case')} or empty")
            continue
        cells = {columns[(sheet, k)]: v for k, v in row.items() if (sheet, k) in columns and v not in (None, "")}
        cells["id" if sheet == "cases" else "case_id"] = row["record_id"]
        if sheet == "visits":
            cells["visit"] = row.get("redcap_repeat_instance")
        tables[sheet].append((line, cells))
    if problems:
        raise InvalidInput(problems, source)
    return cases_from_tables(tables, source=source, name_of=lambda sheet, col: (
        "redcap_repeat_instance" if sheet == "visits" and col == "visit" else variable(sheet, col)))
