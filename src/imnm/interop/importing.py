"""Storing imported cases: all or nothing, and safe to run twice.

The case id is the import key (the spreadsheet's ``id``, REDCap's ``record_id``, the FHIR Patient's
imnm identifier). A case whose id is stored with the same content is skipped; one whose id is stored
with different content is refused (nothing is written; change it with the case commands instead). New
cases go in one transaction, so an import killed half-way leaves the registry as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from imnm.model import Case, InvalidInput
from imnm.store.cases import _refuse_same_patient, insert_case
from imnm.store.registry import Registry
from imnm.store.schema import CaseRow

FORMATS = ("fhir", "redcap", "xlsx", "csv")


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


def import_cases(registry: Registry, cases: list[Case], *, actor: str = "import",
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    """Store the cases not yet stored, in one transaction; identical ones are skipped, changed ones refused."""
    report = ImportReport()
    problems: list[str] = []
    seen: set[str] = set()
    with registry.session() as session:
        new: list[Case] = []
        for case in cases:
            if not case.id:
                problems.append("id: missing; every imported case needs its id (the import key)")
                continue
            if case.id in seen:
                problems.append(f"id {case.id!r}: twice in this import")
                continue
            seen.add(case.id)
            row = session.get(CaseRow, case.id)
            if row is None:
                new.append(case)
            elif Case.model_validate(row.document) == case:
                report.unchanged.append(case.id)
            else:
                problems.append(f"id {case.id!r}: a different record with this id is already stored; "
                                f"nothing was imported (see 'imnm case show {case.id}')")
        if problems:
            raise InvalidInput(problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else []))
        _refuse_same_patient(session, new)
        position = session.scalar(select(func.max(CaseRow.position))) or 0
        for case in new:
            position += 1
            report.added.append(insert_case(session, case, actor=actor, position=position))
            if progress:
                progress(1)
    return report
