"""The living update: search PubMed again, store and screen what is new, extract cases for review.

One run is search -> ingest -> deduplicate -> screen -> extract -> queue, and is recorded in
``literature_update_runs``. Nothing is included automatically. Which records are read for cases:

* only records a reviewer included at full-text eligibility (``imnm literature decide PMID --stage
  eligibility --include``) and not read by an earlier run (a record with queued patients is not read
  again, so a reviewer's pending work is never duplicated);
* a record where the extractor finds no patient is stored as read all the same: one queue item without a
  patient, whose review flag gives the reason, so the next run does not read it again and a reviewer
  sees it (to add its cases by hand with an edit, or reject it with a reason);
* new records are screened by the rule set, which only suggests: the likely relevant ones are named in
  the run's report and wait, like every new record, for a reviewer's screening decision (PRISMA's
  "awaiting screening"). Once a reviewer includes one at full text, the next run extracts its cases.

``since`` (a publication date, as E-utilities' ``pdat``) defaults to the day of the last update, so a
paper published earlier but indexed later is found by a run with an earlier ``--since``; records
already stored are counted as duplicates and stored once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from imnm.literature.extract import ExtractedCase, extract_cases, flag
from imnm.literature.pubmed import PubMedClient
from imnm.literature.screening import default_rules
from imnm.store.extraction_queue import NewItem, last_update_run, queued_record_keys, record_update_run
from imnm.store.literature import included_records, save_search_run
from imnm.store.registry import Registry

POLICY = ("cases read only from records a reviewer included at full-text eligibility and not read before; "
          "new records the rules call likely relevant await a reviewer's screening; nothing auto-included")

Extractor = Callable[..., list[ExtractedCase]]


@dataclass
class UpdateReport:
    run_id: int
    search_run_id: int
    since: str | None
    identified: int
    duplicates_removed: int
    new_keys: list[str]
    likely_new: list[str]
    records_read: list[str]
    records_without_case: list[str]
    queued: list[int] = field(default_factory=list)


def _since(registry: Registry, since: dt.date | str | None) -> str | None:
    if since is None:
        last = last_update_run(registry)  # PostgreSQL answers in the session's time zone, SQLite naive UTC
        if last is None:
            return None
        return (last.astimezone(dt.UTC) if last.tzinfo else last).strftime("%Y/%m/%d")
    return since.strftime("%Y/%m/%d") if isinstance(since, dt.date) else since


def _no_patient(record) -> ExtractedCase:
    """The queue item that records an included report as read although no patient was found in it."""
    what = "abstract" if record.abstract else "title (no abstract stored)"
    return ExtractedCase(source=record.key, review_flags=[flag(
        "unverified", "extraction", f"no patient found in the record's {what}; read the full text and add "
                                    "its cases with an edit, or reject this item with the reason")])


def run_update(registry: Registry, client: PubMedClient, *, since: dt.date | str | None = None,
               query: str | None = None, actor: str = "cli", extractor: Extractor = extract_cases,
               progress: bool = False) -> UpdateReport:
    """One living-update run (see the module docstring for what is read and what waits for a person)."""
    result = client.search(query, mindate=_since(registry, since), maxdate=None)
    records = list(client.fetch(result, progress=progress))
    summary = save_search_run(registry, records, source="PubMed", query=result.query, mindate=result.mindate,
                              maxdate=result.maxdate, actor=actor)
    new_keys = set(summary.new_keys)
    rules = default_rules()
    likely = [r.key for r in records if r.key in new_keys and rules.screen(r).suggestion == "likely"]
    already = queued_record_keys(registry)
    to_read = [r for r in included_records(registry) if r.key not in already]
    items: list[NewItem] = []
    without_case: list[str] = []
    for record in to_read:
        found = extractor(record.text_for_extraction(), source=record.key)
        if not found:
            without_case.append(record.key)
            found = [_no_patient(record)]
        items += [NewItem(record_key=record.key, pmid=record.pmid, doi=record.normalised_doi,
                          patient_label=case.patient_label, extracted=case.model_dump(mode="json"),
                          language=case.language) for case in found]
    run = record_update_run(registry, search_run_id=summary.run_id, since=result.mindate,
                            identified=summary.identified, new_records=len(new_keys), likely_new=len(likely),
                            records_extracted=len(to_read), policy=POLICY, items=items, actor=actor)
    return UpdateReport(run_id=run.run_id, search_run_id=summary.run_id, since=result.mindate,
                        identified=summary.identified, duplicates_removed=summary.duplicates_removed,
                        new_keys=summary.new_keys, likely_new=likely, records_read=[r.key for r in to_read],
                        records_without_case=without_case, queued=run.queued_ids)
