"""Patient-level downloads: the de-identified export for research, and one case as a FHIR Bundle.

The researcher role may not read identified records; this is the one patient-level download it gets
(:func:`imnm.interop.deidentify.deidentified_export`: no names, ids, dates or free text, keyed
pseudonyms). Every download is audited, like any other read of patient data.
"""

from __future__ import annotations

import io
import json

from imnm.model import InvalidInput
from imnm.services.audit import Actor, record_now
from imnm.services.cohort import XLSX, _cells_for_excel, cases
from imnm.store.registry import Registry

DEIDENTIFIED_FORMATS = ("json", "csv", "xlsx")


def deidentified(registry: Registry, fmt: str, actor: Actor) -> tuple[bytes, str]:
    """Every case de-identified (JSON list, CSV or XLSX; nested parts as JSON text in a cell), audited."""
    from imnm.interop.deidentify import deidentified_export

    if fmt not in DEIDENTIFIED_FORMATS:
        raise InvalidInput([f"format: got {fmt!r}; expected {', '.join(DEIDENTIFIED_FORMATS)}"])
    records = deidentified_export(cases(registry))
    record_now(registry, actor, "export", "cases/deidentified", f"{len(records)} records as {fmt}")
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False).encode(), "application/json"
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


def fhir_bundle(registry: Registry, case_id: str, actor: Actor) -> bytes:
    """One identified case as an HL7 FHIR R4 Bundle (what ``imnm case export ID --format fhir`` writes).

    The read is audited as an export of that case."""
    from imnm.interop.fhir import bundle_json
    from imnm.services.cases import get_case

    case = get_case(registry, case_id).case
    record_now(registry, actor, "export", f"case/{case_id}", "FHIR R4 Bundle")
    return bundle_json(case).encode()
