"""Spreadsheet export: Table 1 opens in Excel/LibreOffice with readable columns, not 8.43-character slits."""

from __future__ import annotations

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from imnm.cli import app
from imnm.interop.tables import MAX_COLUMN_WIDTH, write_xlsx


def _widths(sheet) -> list[float | None]:
    return [sheet.column_dimensions[get_column_letter(i)].width if get_column_letter(i) in sheet.column_dimensions
            else None for i in range(1, sheet.max_column + 1)]


def test_table1_xlsx_has_readable_column_widths(tmp_path):
    out = tmp_path / "t1.xlsx"
    result = CliRunner().invoke(app, ["cohort", "table1", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book["Table 1"]
    widths = _widths(sheet)
    assert all(w is not None for w in widths), widths
    assert all(8 <= w <= MAX_COLUMN_WIDTH + 2 for w in widths), widths
    # the article column is wide enough for its longest entry ("Rouster-Stevens et al, 2008 (3 cases)")
    longest_article = max(len(str(c.value)) for c in sheet["A"] if c.value)
    assert widths[0] >= min(longest_article, MAX_COLUMN_WIDTH)
    # text longer than the cap wraps instead of running under the next column
    long_cells = [c for row in sheet.iter_rows(min_row=2) for c in row
                  if c.value is not None and len(str(c.value)) > MAX_COLUMN_WIDTH]
    assert long_cells and all(c.alignment.wrap_text for c in long_cells)
    assert sheet.freeze_panes == "A2"
    notes = book["Review notes"]
    assert notes.column_dimensions["A"].width >= 40


def test_widths_follow_the_longest_line_of_each_column(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "outcome": ["remission", "marked improvement\nCMAS 45"]})
    out = tmp_path / "x.xlsx"
    write_xlsx(frame, out, sheet="cases")
    widths = _widths(openpyxl.load_workbook(out)["cases"])
    assert widths == [8, len("marked improvement") + 2]
