"""Shared helpers of the extraction tests: the records a text gives, with their number checked first."""

from __future__ import annotations

from imnm.literature.extract import extract_cases


def records(text: str, n: int) -> list[dict]:
    """The candidate records of ``text``; the test fails, showing them, unless there are exactly ``n``."""
    cases = extract_cases(text)
    assert len(cases) == n, [c.record for c in cases]
    return [c.record for c in cases]


def one(text: str) -> dict:
    """The one record of a single-patient text."""
    return records(text, 1)[0]
