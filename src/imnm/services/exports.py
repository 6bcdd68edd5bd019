"""Patient-level downloads: the cohort as records, the de-identified export for research, and one case
as a FHIR Bundle.

The researcher role may not read identified records; this is the one patient-level download it gets
(:func:`imnm.interop.deidentify.deidentified_export`: no names, ids, dates or free text, keyed
pseudonyms). Every download is audited, like any other read of patient data.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from imnm.model import Case, InvalidInput
from imnm.services.audit import Actor, record_now
from imnm.services.cohort import XLSX, _cells_for_excel, cases
from imnm.store.registry import Registry

DEIDENTIFIED_FORMATS = ("json", "csv", "xlsx")
#: ``imnm cohort export --format``: flat records (json, csv), a workbook with a sheet per entity (xlsx),
#: REDCap flat records (redcap), or de-identified records (deidentified).
COHORT_FORMATS = ("json", "csv", "xlsx", "redcap", "deidentified")


def cohort_records(registry: Registry | None, fmt: str, actor: Actor | None = None, *,
                   include_free_text: bool = False, where: Sequence = (), selection: str = "") -> tuple[bytes, str]:
    """Every case of the registry (or of the shipped cohort file, ``registry`` None) in one of
    COHORT_FORMATS: (content, media type). ``imnm cohort export`` and the web's downloads.

    Local cases' free text (which may name the patient) is dropped unless ``include_free_text``;
    literature cases keep their published words. ``where``: SQL conditions on the cases table (the
    cohort explorer's filters, described by ``selection`` in the audit entry); none, every case.
    Audited as an export when an ``actor`` is given.
    """
    from imnm.interop.deidentify import strip_free_text

    if fmt not in COHORT_FORMATS:
        raise InvalidInput([f"format: got {fmt!r}; expected {', '.join(COHORT_FORMATS)}"])
    every = _selected(registry, where) if where and registry is not None else cases(registry)
    if registry is not None and actor is not None:
        record_now(registry, actor, "export", "cases",
                   f"{len(every)} records as {fmt}" + (f" ({selection})" if selection else ""))
    if fmt == "deidentified":
        from imnm.interop.deidentify import deidentified_export

        records = deidentified_export(every, include_free_text=include_free_text)
        return (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode(), "application/json"
    if not include_free_text:
        every = [strip_free_text(c) for c in every]
    if fmt == "json":
        return (json.dumps([c.export_record() for c in every], indent=2, ensure_ascii=False) + "\n").encode(), \
            "application/json"
    if fmt == "csv":
        from imnm.interop.export import records_to_csv

        return records_to_csv([c.export_record() for c in every]).encode(), "text/csv; charset=utf-8"
    if fmt == "redcap":
        from imnm.interop.redcap import records_csv

        return records_csv(every).encode(), "text/csv; charset=utf-8"
    from imnm.interop.spreadsheet import write_xlsx
    from imnm.services.cohort import _xlsx

    return _xlsx(lambda path: write_xlsx(every, path)), XLSX


def _selected(registry: Registry, where: Sequence) -> list[Case]:
    """The cases meeting ``where``, in the order of :func:`imnm.store.cases.list_cases`."""
    from sqlalchemy import select

    from imnm.store.schema import CaseRow

    with registry.session(write=False) as session:
        documents = session.scalars(select(CaseRow.document).where(*where).order_by(CaseRow.position, CaseRow.id))
        return [Case.model_validate(d) for d in documents]


def deidentified(registry: Registry, fmt: str, actor: Actor) -> tuple[bytes, str]:
    """Every case de-identified (JSON list, CSV or XLSX; nested parts as JSON text in a cell), audited."""
    from imnm.interop.deidentify import deidentified_export

    if fmt not in DEIDENTIFIED_FORMATS:
        raise InvalidInput([f"format: got {fmt!r}; expected {', '.join(DEIDENTIFIED_FORMATS)}"])
    records = deidentified_export(cases(registry))
    record_now(registry, actor, "export", "cases/deidentified", f"{len(records)} records as {fmt}")
    if fmt == "json":  # the bytes of ``imnm cohort export --format deidentified``
        return (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode(), "application/json"
    from imnm.interop.export import records_to_csv

    if fmt == "csv":
        return records_to_csv(records).encode(), "text/csv; charset=utf-8"
    import pandas as pd

    frame = _cells_for_excel(pd.DataFrame([{k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                                            for k, v in r.items()} for r in records]))
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="deidentified")
    return buffer.getvalue(), XLSX


FHIR_MEDIA_TYPE = "application/fhir+json"


def fhir_bundle(registry: Registry, case_id: str, actor: Actor | None = None) -> bytes:
    """One identified case as an HL7 FHIR R4 Bundle (what ``imnm case export ID --format fhir`` writes).

    The read is audited as an export of that case when an ``actor`` is given (the web app always gives
    one; the command line audits writes only, see :mod:`imnm.services.audit`)."""
    from imnm.interop.fhir import bundle_json
    from imnm.services.cases import get_case

    case = get_case(registry, case_id).case
    if actor is not None:
        record_now(registry, actor, "export", f"case/{case_id}", "FHIR R4 Bundle")
    return bundle_json(case).encode()
