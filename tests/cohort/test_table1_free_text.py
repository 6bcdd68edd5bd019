"""Table 1 is shared: local cases' free text stays out of it unless asked for, in every format.

Literature cases keep their published words (presentation, outcome as the article wrote them).
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from imnm.cli import app
from imnm.cohort.table1 import build_table1
from imnm.interop.deidentify import strip_free_text
from imnm.model import Case
from imnm.store import open_registry
from imnm.store.cases import add_cases, list_cases

PRIVATE = ("Lucia from the third floor", "phone 612 345 678", "back at school with her cousin Marta")
LOCAL = [
    {"id": "local-a", "source_kind": "local", "sex": "F", "age_years": 10,
     "presentation": {"text": f"Weak since the party at {PRIVATE[0]}; {PRIVATE[1]}"},
     "outcome": {"outcome_class": "remission", "outcome_text": PRIVATE[2]}},
    {"id": "local-b", "source_kind": "local", "aggregate": True, "n_cases": 2,
     "aggregate_summary": {"n_female": 1, "n_male": 1, "course_text": f"both seen by {PRIVATE[0]}"}},
]
PUBLISHED = "Abdominal pain, vomiting, weight loss and weakness"  # rider-1994's presentation, as published


@pytest.fixture
def registry(database_url, monkeypatch):
    reg = open_registry(database_url)
    add_cases(reg, [Case.model_validate(d) for d in LOCAL], actor="test")
    monkeypatch.setenv("IMNM_DATABASE_URL", reg.url)
    yield reg
    reg.dispose()


def _table1(tmp_path, fmt: str, *extra: str) -> str:
    if fmt == "xlsx":
        path = tmp_path / "table1.xlsx"
        result = CliRunner().invoke(app, ["cohort", "table1", "--format", "xlsx", "--output", str(path), *extra])
        assert result.exit_code == 0, result.output
        book = load_workbook(path, read_only=True)
        return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row)
    result = CliRunner().invoke(app, ["cohort", "table1", "--format", fmt, *extra], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "csv", "html", "xlsx"])
def test_local_free_text_is_left_out_by_default(registry, tmp_path, fmt):
    shared = _table1(tmp_path, fmt)
    assert [p for p in PRIVATE if p in shared] == []
    assert PUBLISHED in shared


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_include_free_text_keeps_it(registry, tmp_path, fmt):
    full = _table1(tmp_path, fmt, "--include-free-text")
    assert [p for p in PRIVATE if p in full] == list(PRIVATE)


def test_the_registry_path_leaves_out_what_the_document_path_does(registry):
    from imnm.store.queries import table1_records

    shared = build_table1([r.without_free_text() for r in table1_records(registry)])
    assert shared.rows == build_table1([strip_free_text(c) for c in list_cases(registry)]).rows


def test_the_help_says_published_words_stay():
    text = " ".join(CliRunner().invoke(app, ["cohort", "table1", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert "--include-free-text" in text and "Literature cases keep their published words" in text
