"""The living literature review: screening, reviewer decisions, PRISMA, and the extraction queue
(when :mod:`imnm.store.extraction_queue` is installed)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable

from imnm.literature.records import LiteratureError, Record
from imnm.literature.screening import CompiledRules, Decision, default_rules, rank, screen_unique
from imnm.services.audit import Actor, record_now
from imnm.store.registry import Registry

#: The registry, or how to open it: the CLI opens (and so creates) its registry only once the input is valid.
RegistryOrOpener = Registry | Callable[[], Registry]

STAGES = ("screening", "eligibility")  # PRISMA 2020: title/abstract screening, full-text eligibility
DECISIONS = ("include", "exclude", "not_retrieved")


def opened(registry: RegistryOrOpener) -> Registry:
    return registry if isinstance(registry, Registry) else registry()


def screen(records: Iterable[Record], rules: CompiledRules | None = None) -> list[dict]:
    """Deduplicate and screen records with the rule set, most relevant first (nothing stored)."""
    return [s.model_dump(mode="json") for s in rank(screen_unique(records, rules or default_rules()))]


def save_run(registry: Registry, records: Iterable[Record], *, source: str, query: str | None, actor: Actor,
             mindate: str | None = None, maxdate: str | None = None, rules: CompiledRules | None = None) -> dict:
    """Store a search's or an import's records and the run (PRISMA counts it), in the actor's name."""
    from imnm.store.literature import save_search_run

    summary = save_search_run(registry, records, source=source, query=query, mindate=mindate, maxdate=maxdate,
                              actor=actor.name, rules=rules)
    return {"search_run_id": summary.run_id, "identified": summary.identified,
            "duplicates_removed": summary.duplicates_removed, "new_records": len(summary.new_keys)}


def records(registry: Registry) -> list[dict]:
    from imnm.store.literature import list_records

    return [r.model_dump(mode="json") for r in list_records(registry)]


def decide(registry: RegistryOrOpener, record: str, stage: str, decision: str, reason: str | None,
           actor: Actor) -> dict:
    """Record a reviewer's decision (the latest counts; history is kept) in the actor's name, audited.

    The stage and decision are checked here, before the registry is opened, so the CLI and the API
    refuse the same input with the same line.
    """
    from imnm.store.literature import resolve_key, save_decision

    if stage not in STAGES:
        raise LiteratureError(f"stage: got {stage!r}; expected screening or eligibility")
    if decision not in DECISIONS:
        raise LiteratureError(f"decision: got {decision!r}; expected include, exclude or not_retrieved")
    if not record.strip():
        raise LiteratureError(f"record: got {record!r}; expected a PMID or a stored record key")
    reason = (reason or "").strip() or None  # a form's blank field, or spaces, is no reason
    registry = opened(registry)
    made = Decision(record_key=resolve_key(registry, record), stage=stage, decision=decision, reason=reason,
                    reviewer=actor.name)
    save_decision(registry, made)
    record_now(registry, actor, "update", f"literature/{made.record_key}", f"{stage}: {decision}")
    return made.model_dump(mode="json")


def review_state(registry: Registry) -> dict:
    """Where each stored record stands: awaiting title/abstract screening, included at screening and
    awaiting full text, or decided (with its latest decision at each stage); the web's screening queue."""
    from imnm.literature.screening import latest_decisions
    from imnm.store.literature import list_decisions, list_records

    current = latest_decisions(list_decisions(registry))
    stored = list_records(registry)
    return {
        "records": stored,
        "screening": [r for r in stored if (r.key, "screening") not in current],
        "eligibility": [r for r in stored if (r.key, "screening") in current
                        and current[(r.key, "screening")].decision == "include" and (r.key, "eligibility") not in current],
        "decided": [(r, current.get((r.key, "screening")), current.get((r.key, "eligibility")))
                    for r in stored if (r.key, "screening") in current],
    }


def decisions(registry: Registry) -> list[dict]:
    from imnm.store.literature import list_decisions

    return [d.model_dump(mode="json") for d in list_decisions(registry)]


def has_extraction_queue() -> bool:
    return importlib.util.find_spec("imnm.store.extraction_queue") is not None


# --- the extraction review queue: a reviewer accepts (as extracted or edited) or rejects each patient -----


def queue(registry: Registry) -> list[dict]:
    """The extracted patients waiting for a decision, each value with its evidence (the published
    article's words: literature, not patient records, so reads are not audited)."""
    from imnm.literature.queue import item_row, pending

    return [item_row(i) for i in pending(registry)]


def queue_item(registry: Registry, item_id: int) -> dict:
    """One queue item, whatever its state, with its values, evidence, flags and decisions."""
    from imnm.literature.queue import item_row, show

    return item_row(show(registry, item_id))


def accept_item(registry: Registry, item_id: int, actor: Actor, *, edited: dict | None = None,
                source: str | None = None) -> dict:
    """Add the patient to the cohort as extracted, or as the reviewer's edited case (validated as every
    case is; ``source`` names the edit in an error). The reviewer is the actor; the new case is audited."""
    from pydantic import ValidationError

    from imnm.literature.queue import accept, item_row
    from imnm.model import InvalidInput, explain

    try:
        item = accept(registry, item_id, reviewer=actor.name, edited=edited)
    except ValidationError as exc:
        raise InvalidInput(explain(exc), source or f"queue item {item_id}") from None
    record_now(registry, actor, "create", f"case/{item.case_id}",
               f"accepted from extraction queue item {item_id}" + (" with the reviewer's edit" if edited else ""))
    return item_row(item)


def reject_item(registry: Registry, item_id: int, actor: Actor, reason: str) -> dict:
    """Keep the patient out of the cohort with the reason (the item keeps its history); audited."""
    from imnm.literature.queue import item_row, reject

    item = reject(registry, item_id, reviewer=actor.name, reason=reason)
    record_now(registry, actor, "reject", f"literature/queue/{item_id}", reason[:500])
    return item_row(item)


def prisma_with_cases(registry: Registry):
    """PRISMA counts where a study is included once a reviewer accepted one of its cases (the CLI's and
    the API's counts)."""
    from imnm.literature.queue import prisma_with_cases as counts

    return counts(registry)
