"""Shared by the extraction tests: the records a probe text gives, and the one record it must give."""

from imnm.literature.extract import extract_cases


def records(text: str) -> list[dict]:
    return [c.record for c in extract_cases(text)]


def one_record(text: str) -> dict:
    found = records(text)
    assert len(found) == 1, [r.get("case_label") for r in found]
    return found[0]
