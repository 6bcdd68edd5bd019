"""Storing imported cases: all or nothing, and safe to run twice.

The case id is the import key (the spreadsheet's ``id``, REDCap's ``record_id``, the FHIR Patient's
imnm identifier). A case whose id is stored with the same content is skipped; one whose id is stored
with different content is refused (nothing is written; change it with the case commands instead). New
cases go through the bulk path of ``imnm case add`` (:func:`imnm.store.cases.add_cases`): one
transaction, a batch of tables at a time, so an import killed half-way leaves the registry as it was,
and the same patient already stored under another id is refused there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from imnm.model import Case, InvalidInput
from imnm.store.cases import add_cases
from imnm.store.registry import Registry
from imnm.store.schema import CaseRow

FORMATS = ("fhir", "redcap", "xlsx", "csv")
#: Ids looked up per query when finding what is already stored (one IN list each).
LOOKUP_CHUNK = 500
#: Problems listed before the rest are counted.
PROBLEMS_LISTED = 20


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.unchanged)} already stored (unchanged)"


def read_cases(path: Path, fmt: str, progress: Callable[[int], None] | None = None) -> list[Case]:
    """Read and validate every case of a file in one of FORMATS; nothing partial on an error."""
    if fmt == "fhir":
        from imnm.interop.fhir import read_bundle

        return [read_bundle(path.read_text(encoding="utf-8"), source=str(path))]
    if fmt == "redcap":
        from imnm.interop.redcap import read_records

        return read_records(path.read_text(encoding="utf-8-sig"), source=str(path))
    from imnm.interop import spreadsheet

    if fmt == "xlsx":
        return spreadsheet.read_xlsx(path, progress)
    if fmt == "csv":
        return spreadsheet.read_csv(path, progress)
    raise InvalidInput([f"format: got {fmt!r}; expected one of {', '.join(FORMATS)}"])


def _stored_documents(registry: Registry, ids: list[str]) -> dict[str, Any]:
    """The stored document of every id in ``ids`` that is in the registry."""
    found: dict[str, Any] = {}
    with registry.session(write=False) as session:
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start:start + LOOKUP_CHUNK]
            found.update(session.execute(select(CaseRow.id, CaseRow.document).where(CaseRow.id.in_(chunk))).all())
    return found


def _same_record(document: Any, case: Case) -> bool:
    """True if the stored document is what storing ``case`` would write, or reads back as the same case
    (a document written by an earlier version of the model)."""
    return case.model_dump(mode="json", exclude_none=True) == document or Case.model_validate(document) == case


def import_cases(registry: Registry, cases: list[Case], *, actor: str = "import",
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    """Store the cases not yet stored, in one transaction; identical ones are skipped, changed ones refused.

    ``progress`` gets the number of cases written by each batch.
    """
    report = ImportReport()
    problems: list[str] = []
    seen: set[str] = set()
    for case in cases:
        if not case.id:
            problems.append("id: missing; every imported case needs its id (the import key)")
        elif case.id in seen:
            problems.append(f"id {case.id!r}: twice in this import")
        seen.add(case.id or "")
    stored = _stored_documents(registry, [c.id for c in cases if c.id])
    new: list[Case] = []
    for case in cases:
        if not case.id:
            continue
        if case.id not in stored:
            new.append(case)
        elif _same_record(stored[case.id], case):
            report.unchanged.append(case.id)
        else:
            problems.append(f"id {case.id!r}: a different record with this id is already stored; "
                            f"nothing was imported (see 'imnm case show {case.id}')")
    if problems:
        more = len(problems) - PROBLEMS_LISTED
        raise InvalidInput(problems[:PROBLEMS_LISTED] + ([f"... and {more} more"] if more > 0 else []))
    written = 0

    def on_batch(total: int) -> None:
        nonlocal written
        if progress is not None:
            progress(total - written)
        written = total

    report.added = add_cases(registry, new, actor=actor, on_batch=on_batch)
    return report
