"""The extraction review queue: a reviewer accepts, edits or rejects each extracted patient.

Only an accepted patient reaches the cohort, as a literature case whose citation is the article's
(from the stored literature record) and whose provenance names the reviewer and the text spans the
values were read from. An edit is a whole case document, validated by :class:`~imnm.model.Case` like
every other way in. The extractor's review flags (a source's inconsistency, an ambiguous value) stay
on the accepted case whatever the edit says: a reviewer may correct a value, but the source's
inconsistency remains a fact about the source. A patient can only be accepted from an article a
reviewer included at full-text eligibility, so PRISMA's included studies and the cohort agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from imnm.literature.extract import ExtractedCase
from imnm.literature.extract_patterns import describes_a_patient
from imnm.literature.prisma import PrismaCounts, count_prisma
from imnm.literature.records import Record, normalise_doi
from imnm.model import Case, Provenance, ReviewFlag
from imnm.model.limits import TEXT_MAX
from imnm.store.extraction_queue import (
    QueueItem,
    QueueStateError,
    accepted_record_keys,
    decide_item,
    get_item,
    list_items,
)
from imnm.store.literature import list_decisions, prisma_counts
from imnm.store.registry import Registry

PROVENANCE_SOURCE = "imnm literature extract"
ENGLISH = {"en", "eng"}


def citation_for(record: Record) -> dict[str, Any]:
    """The article as a Citation: first author's surname (as Table 1 names articles), year, title, ..."""
    first = record.authors[0] if record.authors else None
    first_author = (first.last_name or first.collective_name) if first else ""
    return {"first_author": first_author, "year": record.year, "authors": [a.display for a in record.authors],
            "title": record.title or None, "journal": record.journal or None,
            "doi": normalise_doi(record.doi), "pmid": record.pmid}


def evidence_text(item: QueueItem, limit: int = 2000) -> str:
    """Where each value was read, 'field "words" [start-end]', in the text of title and abstract."""
    extracted = ExtractedCase.model_validate(item.extracted)
    parts = [f'{name} "{e.text}" [{e.start}-{e.end}]'
             for name, spans in extracted.evidence.items() for e in spans]
    text = f"title and abstract of {item.record_key}" + (": " + "; ".join(parts) if parts else "")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _flag_key(flag: ReviewFlag) -> tuple[str, str, str]:
    return flag.kind, flag.field, flag.message


def build_case(item: QueueItem, record: Record, *, reviewer: str, edited: dict | None = None,
               today: dt.date | None = None) -> Case:
    """The case an accept adds: the extracted values (or the reviewer's edit) with the article's
    citation, the reviewer's provenance and every review flag the extractor raised."""
    extracted = ExtractedCase.model_validate(item.extracted)
    citation = citation_for(record)
    if edited is None:
        if extracted.language not in ENGLISH:
            raise QueueStateError(
                f"queue item {item.id}: the text is in language {extracted.language!r}, from which imnm reads "
                "no values; accept it with --edit FILE holding the case as a reader took it from the text, "
                "or reject it")
        if not describes_a_patient(extracted):
            raise QueueStateError(
                f"queue item {item.id}: no patient value was found in the text; accept it with --edit FILE "
                "holding the case as read from the full text, or reject it with the reason")
        case = extracted.to_case(citation)
        how = "accepted as extracted"
    else:
        stated = edited.get("citation") if isinstance(edited.get("citation"), dict) else {}
        for name, value in (("pmid", stated.get("pmid")), ("doi", normalise_doi(stated.get("doi")))):
            if value is not None and value != citation[name]:
                raise QueueStateError(f"edit: citation.{name}: got {value!r}; expected the queued "
                                      f"article's {citation[name]!r} (or leave the citation out)")
        case = Case.model_validate({**edited, "citation": citation, "source_kind": "literature", "id": None})
        how = "edited by the reviewer at acceptance"
    flags = list(case.review_flags)
    seen = {_flag_key(f) for f in flags}
    # the extractor's flags alone (its values may be what the edit corrects)
    raised = ExtractedCase(review_flags=extracted.review_flags).to_case(None).review_flags
    flags += [f for f in raised if _flag_key(f) not in seen]
    notes = f"queue item {item.id}, {how}; values not checked against the full text"
    provenance = Provenance(source=PROVENANCE_SOURCE, location=evidence_text(item, TEXT_MAX),
                            curated_by=reviewer, curated_on=today or dt.date.today(), notes=notes)
    return Case.model_validate({**case.model_dump(exclude_none=True), "provenance": provenance.model_dump(),
                                "review_flags": [f.model_dump() for f in flags],
                                "case_label": case.case_label or item.patient_label})


def accept(registry: Registry, item_id: int, *, reviewer: str, edited: dict | None = None) -> QueueItem:
    """Accept an item (``edited``: the reviewer's case document instead of the extracted values)."""
    return decide_item(registry, item_id, "edit" if edited is not None else "accept", reviewer=reviewer,
                       edited=edited,
                       build_case=lambda item, record: build_case(item, record, reviewer=reviewer, edited=edited))


def reject(registry: Registry, item_id: int, *, reviewer: str, reason: str) -> QueueItem:
    if not reason.strip():
        raise QueueStateError("reason: got an empty reason; expected why the case is rejected")
    return decide_item(registry, item_id, "reject", reviewer=reviewer, reason=reason)


def item_row(item: QueueItem) -> dict[str, Any]:
    """An item as ``imnm literature queue --format json`` prints it: values, evidence, flags, history."""
    extracted = ExtractedCase.model_validate(item.extracted)
    return {
        **extracted.output_row(),
        "id": item.id, "state": item.state, "record_key": item.record_key, "pmid": item.pmid, "doi": item.doi,
        "patient_label": item.patient_label, "language": item.language,
        "created_at": item.created_at.isoformat(), "update_run_id": item.update_run_id, "case_id": item.case_id,
        "decisions": [{"decision": d.decision, "reviewer": d.reviewer, "reason": d.reason,
                       "decided_at": d.decided_at.isoformat(), "case_id": d.case_id} for d in item.decisions],
    }


def pending(registry: Registry) -> list[QueueItem]:
    return list_items(registry, state="pending")


def show(registry: Registry, item_id: int) -> QueueItem:
    return get_item(registry, item_id)


def prisma_with_cases(registry: Registry) -> PrismaCounts:
    """PRISMA counts where a study is included once a reviewer accepted at least one of its cases."""
    base = prisma_counts(registry)
    return count_prisma(base.identified, base.duplicates_removed, list_decisions(registry),
                        with_accepted_cases=accepted_record_keys(registry))
