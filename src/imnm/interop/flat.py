"""Cases as flat tables (one per entity) and back, with row-level errors: the layer under the
spreadsheet and REDCap formats.

Tables: ``cases`` (one row per case; nested parts as dotted columns such as ``presentation.text``,
lists as JSON text), and ``labs``, ``antibodies``, ``features``, ``treatments``, ``visits`` with one row
per item, linked by ``case_id``. Visits are numbered from 1 in ``visit``; a lab row with a ``visit``
number belongs to that visit, one without belongs to the labs at diagnosis. The case ``id`` is the
import key: it must be filled, so re-running an import can recognise what it already stored.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache, cached_property
from typing import Any

from pydantic import BaseModel, ValidationError
from typing_extensions import is_typeddict

from imnm.model import Autoantibody, Case, FeatureFinding, InvalidInput, LabResult, TreatmentCourse, Visit
from imnm.model.errors import _message, _shown

#: Entity tables in the order they are written.
SHEETS = ("cases", "labs", "antibodies", "features", "treatments", "visits")
CHILDREN: dict[str, tuple[str, type[BaseModel]]] = {
    "labs": ("labs", LabResult), "antibodies": ("antibodies", Autoantibody), "features": ("features", FeatureFinding),
    "treatments": ("treatments", TreatmentCourse), "visits": ("visits", Visit),
}


def _unwrap(annotation: Any) -> Any:
    """``X | None`` -> ``X``; Annotated[...] -> its type."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def is_json_leaf(annotation: Any) -> bool:
    """Lists and mappings (and the typed score-item mappings) travel as JSON text in one cell."""
    a = _unwrap(annotation)
    return typing.get_origin(a) in (list, dict) or a in (list, dict) or is_typeddict(a)


@dataclass(frozen=True)
class Column:
    name: str  # dotted path
    annotation: Any
    field: Any  # the pydantic FieldInfo

    @cached_property
    def json_leaf(self) -> bool:
        """A list or mapping, kept as JSON text in one cell (asked once: typing introspection is slow)."""
        return is_json_leaf(self.annotation)

    @cached_property
    def target(self) -> Any:
        """The field's type without ``| None`` and annotations."""
        return _unwrap(self.annotation)

    @cached_property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))


def columns(model: type[BaseModel], prefix: str = "", skip: frozenset[str] = frozenset()) -> list[Column]:
    """The leaf columns of a model, nested models flattened with dots."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        inner = _unwrap(info.annotation)
        if _is_model(inner):
            out.extend(columns(inner, f"{prefix}{name}."))
        else:
            out.append(Column(f"{prefix}{name}", info.annotation, info))
    return out


CASE_SKIP = frozenset(CHILDREN)


@cache
def sheet_columns() -> dict[str, list[Column]]:
    """Every table's columns (link columns first); built once, shared: do not change what it returns."""
    link = [Column("case_id", str, None)]
    return {
        "cases": columns(Case, skip=CASE_SKIP),
        "labs": [*link, Column("visit", int, None), *columns(LabResult)],
        "antibodies": [*link, *columns(Autoantibody)],
        "features": [*link, *columns(FeatureFinding)],
        "treatments": [*link, *columns(TreatmentCourse)],
        "visits": [*link, Column("visit", int, None), *columns(Visit, skip=frozenset({"labs"}))],
    }


# --- cases -> tables ----------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flatten(data: dict, cols: list[Column]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for col in cols:
        value: Any = data
        for part in col.path:
            value = value.get(part) if isinstance(value, dict) else None
        row[col.name] = _cell(value)
    return row


def case_tables(cases: list[Case]) -> dict[str, list[dict[str, Any]]]:
    """The cases as rows of each table (python values: dates stay dates, lists become JSON)."""
    cols = sheet_columns()
    tables: dict[str, list[dict[str, Any]]] = {s: [] for s in SHEETS}
    for case in cases:
        d = case.model_dump(mode="python", exclude_none=True)
        tables["cases"].append(_flatten(d, cols["cases"]))
        for sheet in ("antibodies", "features", "treatments"):
            for item in d.get(sheet, []):
                tables[sheet].append({**_flatten(item, cols[sheet]), "case_id": case.id})
        for lab in d.get("labs", []):
            tables["labs"].append({**_flatten(lab, cols["labs"]), "case_id": case.id, "visit": None})
        for i, visit in enumerate(d.get("visits", []), start=1):
            tables["visits"].append({**_flatten(visit, cols["visits"]), "case_id": case.id, "visit": i})
            for lab in visit.get("labs", []):
                tables["labs"].append({**_flatten(lab, cols["labs"]), "case_id": case.id, "visit": i})
    return tables


# --- tables -> cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One reason a row was refused: where (sheet, row, column), the value, and why."""

    sheet: str
    row: int
    column: str
    value: str
    why: str

    def line(self) -> str:
        return f"{self.sheet} row {self.row}, column {self.column}: got {self.value}; {self.why}"


class TableImportError(InvalidInput):
    """Rows that could not be read; nothing is written when there is one. ``rows`` holds them all."""

    def __init__(self, rows: list[RowProblem], source: str | None = None, limit: int = 20):
        self.rows = rows
        lines = [f"{len(rows)} problem(s) in the rows below; nothing was imported"]
        lines += [p.line() for p in rows[:limit]]
        if len(rows) > limit:
            lines.append(f"... and {len(rows) - limit} more problems")
        super().__init__(lines, source)


def _parse(value: Any, col: Column) -> Any:
    """A cell as the model reads it; None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if col.json_leaf:
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer() and col.target is int:
        return int(value)
    if isinstance(value, int | float) and col.target is str:
        return str(value)
    return value


def _nest(row: dict[str, Any], cols: list[Column], sheet: str, rownum: int, problems: list[RowProblem],
          name_of) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in cols:
        if col.name not in row:
            continue
        try:
            value = _parse(row[col.name], col)
        except (ValueError, TypeError) as exc:
            problems.append(RowProblem(sheet, rownum, name_of(sheet, col.name), _shown(row[col.name]),
                                       f"expected JSON text ({exc})"))
            continue
        if value is None:
            continue
        target = out
        parts = col.path
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return out


def _validate(model: type[BaseModel], data: dict, sheet: str, rownum: int, problems: list[RowProblem],
              name_of) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int)) or "(record)"
            value = _shown(err["input"]) if "input" in err and err.get("type") != "missing" else "nothing"
            problems.append(RowProblem(sheet, rownum, name_of(sheet, loc), value, _message(err)))
        return None


Rows = list[tuple[int, dict[str, Any]]]


def cases_from_tables(tables: dict[str, Rows], *, source: str | None = None,
                      name_of=lambda sheet, column: column) -> list[Case]:
    """Cases from numbered rows of each table; every bad row is reported, and then nothing is returned.

    ``name_of(sheet, column)`` says a column as the user's file names it (REDCap names differ).
    """
    cols = sheet_columns()
    problems: list[RowProblem] = []
    cases: dict[str, tuple[int, dict]] = {}
    for rownum, row in tables.get("cases", []):
        data = _nest(row, cols["cases"], "cases", rownum, problems, name_of)
        case_id = data.get("id")
        if not case_id:
            problems.append(RowProblem("cases", rownum, name_of("cases", "id"), "nothing",
                                       "expected the case id: it is the import key that makes re-running safe"))
            continue
        if case_id in cases:
            problems.append(RowProblem("cases", rownum, name_of("cases", "id"), repr(case_id),
                                       f"the same id is on row {cases[case_id][0]}"))
            continue
        for key in CHILDREN:
            data[key] = []
        cases[case_id] = (rownum, data)

    def owner(sheet: str, rownum: int, row: dict) -> dict | None:
        case_id = row.get("case_id")
        case_id = str(case_id).strip() if case_id is not None else ""
        if case_id not in cases:
            problems.append(RowProblem(sheet, rownum, name_of(sheet, "case_id"), repr(case_id or None),
                                       "expected the id of a case on the cases sheet"))
            return None
        return cases[case_id][1]

    visit_numbers: dict[tuple[str, int], dict] = {}
    for rownum, row in tables.get("visits", []):
        case = owner("visits", rownum, row)
        data = _nest(row, cols["visits"], "visits", rownum, problems, name_of)
        number = data.pop("visit", None)
        data.pop("case_id", None)
        visit = _validate(Visit, data, "visits", rownum, problems, name_of)
        if case is None or visit is None:
            continue
        key = (case["id"], int(number) if number is not None else len(case["visits"]) + 1)
        if key in visit_numbers:
            problems.append(RowProblem("visits", rownum, name_of("visits", "visit"), repr(key[1]),
                                       "this case already has a visit with that number"))
            continue
        data["labs"] = []
        visit_numbers[key] = data
        case["visits"].append(data)
    for sheet in ("labs", "antibodies", "features", "treatments"):
        field, model = CHILDREN[sheet]
        for rownum, row in tables.get(sheet, []):
            case = owner(sheet, rownum, row)
            data = _nest(row, cols[sheet], sheet, rownum, problems, name_of)
            data.pop("case_id", None)
            number = data.pop("visit", None)
            item = _validate(model, data, sheet, rownum, problems, name_of)
            if case is None or item is None:
                continue
            if number is not None:
                visit = visit_numbers.get((case["id"], int(number)))
                if visit is None:
                    problems.append(RowProblem(sheet, rownum, name_of(sheet, "visit"), repr(number),
                                               "expected the number of a visit of this case on the visits sheet"))
                    continue
                visit["labs"].append(data)
            else:
                case[field].append(data)
    out: list[Case] = []
    for rownum, data in cases.values():
        case = _validate(Case, data, "cases", rownum, problems, name_of)
        if case is not None:
            out.append(case)
    if problems:
        raise TableImportError(problems, source)
    return out
