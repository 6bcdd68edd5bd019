"""Importing cases from another system's file (FHIR Bundle, REDCap records, XLSX, CSV), audited.

The rules (the case id is the import key; identical cases skipped, changed ones refused; all or
nothing) are :mod:`imnm.interop.importing`'s; this adds the audit entry of every case it stores.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from imnm.services.audit import Actor

if TYPE_CHECKING:
    from imnm.interop.importing import ImportReport
    from imnm.model import Case
    from imnm.store.registry import Registry


def read(path: Path, fmt: str, progress: Callable[[int], None] | None = None) -> list[Case]:
    """Read and validate every case of the file; nothing is stored (the caller may warn first)."""
    from imnm.interop.importing import read_cases

    return read_cases(path, fmt, progress)


def store(registry: Registry, cases: list[Case], actor: Actor, *, fmt: str,
          progress: Callable[[int], None] | None = None) -> ImportReport:
    """Store the cases not yet stored, all or nothing; each new case audited as created by ``actor``.

    The audit entries are written right after the import's transaction commits (the import's bulk
    path owns its transaction); the case revisions written with the cases name ``actor`` too.
    """
    from imnm.interop.importing import import_cases
    from imnm.services.cases import audit_each

    report = import_cases(registry, cases, actor=actor.name, progress=progress)
    if report.added:
        with registry.session() as session:
            audit_each(session, actor, "create", [f"case/{case_id}" for case_id in report.added],
                         detail=f"imported ({fmt})")
    return report
