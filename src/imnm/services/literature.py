"""The living literature review: screening, reviewer decisions, PRISMA, and the extraction queue
(when :mod:`imnm.store.extraction_queue` is installed)."""

from __future__ import annotations

import importlib.util

from imnm.literature.records import Record
from imnm.literature.screening import Decision, default_rules, rank
from imnm.services.audit import Actor
from imnm.store.registry import Registry


def screen(records: list[Record]) -> list[dict]:
    """Deduplicate and screen records with the shipped rule set, most relevant first (nothing stored)."""
    from imnm.literature.screening import deduplicate

    unique = deduplicate(records).unique
    return [s.model_dump(mode="json") for s in rank(default_rules().screen(r) for r in unique)]


def save_run(registry: Registry, records: list[Record], *, source: str, query: str | None, actor: Actor) -> dict:
    from imnm.store.literature import save_search_run

    summary = save_search_run(registry, records, source=source, query=query)
    return {"search_run_id": summary.run_id, "identified": summary.identified,
            "duplicates_removed": summary.duplicates_removed, "new_records": len(summary.new_keys)}


def records(registry: Registry) -> list[dict]:
    from imnm.store.literature import list_records

    return [r.model_dump(mode="json") for r in list_records(registry)]


def decide(registry: Registry, record: str, stage: str, decision: str, reason: str | None, actor: Actor) -> dict:
    """Record a reviewer's decision (the latest counts; history is kept); the reviewer is the signed-in user."""
    from imnm.store.literature import resolve_key, save_decision

    made = Decision(record_key=resolve_key(registry, record), stage=stage, decision=decision, reason=reason,
                    reviewer=actor.name)
    save_decision(registry, made)
    return made.model_dump(mode="json")


def decisions(registry: Registry) -> list[dict]:
    from imnm.store.literature import list_decisions

    return [d.model_dump(mode="json") for d in list_decisions(registry)]


def prisma(registry: Registry) -> dict:
    from imnm.store.literature import prisma_counts

    return prisma_counts(registry).model_dump(mode="json")


def has_extraction_queue() -> bool:
    return importlib.util.find_spec("imnm.store.extraction_queue") is not None
