"""Flat exports of case records for spreadsheets and other tools."""

from __future__ import annotations

import io
import json

import pandas as pd


def records_to_csv(records: list[dict]) -> str:
    """CSV with one row per case; list and dict values become JSON text so nothing is lost."""
    rows = [
        {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in r.items()}
        for r in records
    ]
    buffer = io.StringIO()
    pd.DataFrame(rows).to_csv(buffer, index=False)
    return buffer.getvalue()
