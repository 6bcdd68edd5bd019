"""Registry tables and functions for the living literature review.

Three tables: ``literature_search_runs`` (every search or import, with what it found),
``literature_records`` (each paper once, the :class:`~imnm.literature.records.Record` stored whole
as JSON beside the columns SQL filters on) and ``literature_decisions`` (every reviewer decision,
append-only, so the history of a changed mind is kept). PRISMA 2020 counts are read from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from imnm.literature.prisma import PrismaCounts, count_prisma
from imnm.literature.records import LiteratureError, Record
from imnm.literature.screening import CompiledRules, Decision, deduplicate, default_rules
from imnm.store.registry import Registry
from imnm.store.schema import Base


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SearchRunRow(Base):
    """One search (PubMed) or import (RIS/CSV export of another database) and what it returned."""

    __tablename__ = "literature_search_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(80), index=True, doc="database or register, e.g. PubMed")
    query: Mapped[str | None] = mapped_column(Text)
    mindate: Mapped[str | None] = mapped_column(String(10))
    maxdate: Mapped[str | None] = mapped_column(String(10))
    run_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    identified: Mapped[int] = mapped_column(Integer, default=0)
    duplicates_removed: Mapped[int] = mapped_column(Integer, default=0)
    new_records: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str] = mapped_column(String(120), default="cli")


class LiteratureRecordRow(Base):
    __tablename__ = "literature_records"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    pmid: Mapped[str | None] = mapped_column(String(12), index=True)
    doi: Mapped[str | None] = mapped_column(String(200), index=True)
    normalised_title: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(20))
    score: Mapped[float | None] = mapped_column(Float, doc="rule-set relevance score at import")
    suggestion: Mapped[str | None] = mapped_column(String(20))
    document: Mapped[dict] = mapped_column(JSON)
    search_run_id: Mapped[int] = mapped_column(ForeignKey("literature_search_runs.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ScreeningDecisionRow(Base):
    __tablename__ = "literature_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_key: Mapped[str] = mapped_column(ForeignKey("literature_records.key", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RecordNotFound(LiteratureError):
    """No stored literature record has that key or PMID."""


@dataclass(frozen=True)
class SearchRunSummary:
    run_id: int
    identified: int
    duplicates_removed: int
    new_keys: list[str]


def _existing(session: Session, records: list[Record]) -> list[Record]:
    """Stored records that could be the same papers (same PMID, DOI or title), for deduplication."""
    pmids = {r.pmid for r in records if r.pmid}
    dois = {r.doi for r in records if r.doi}
    titles = {r.normalised_title for r in records if r.normalised_title}
    rows = session.scalars(select(LiteratureRecordRow).where(
        LiteratureRecordRow.pmid.in_(pmids) | LiteratureRecordRow.doi.in_(dois)
        | LiteratureRecordRow.normalised_title.in_(titles))).all()
    return [Record.model_validate(row.document) for row in rows]


def save_search_run(registry: Registry, records: Iterable[Record], *, source: str, query: str | None = None,
                    mindate: str | None = None, maxdate: str | None = None, actor: str = "cli",
                    rules: CompiledRules | None = None) -> SearchRunSummary:
    """Store a search's records: new papers are added, duplicates (in the run or already stored) counted.

    All in one transaction, so a failed import leaves the registry and the PRISMA counts unchanged.
    """
    records = list(records)
    rules = rules or default_rules()
    with registry.session() as session:
        known = _existing(session, records)
        combined = deduplicate(known + records)
        known_keys = {r.key for r in known}
        new = [r for r in combined.unique if r.key not in known_keys]
        run = SearchRunRow(source=source, query=query, mindate=mindate, maxdate=maxdate, identified=len(records),
                           duplicates_removed=len(records) - len(new), new_records=len(new), actor=actor)
        session.add(run)
        session.flush()
        for record in new:
            verdict = rules.screen(record)
            session.add(LiteratureRecordRow(
                key=record.key, pmid=record.pmid, doi=record.normalised_doi,
                normalised_title=record.normalised_title, title=record.title, year=record.year,
                source=record.source, score=verdict.score, suggestion=verdict.suggestion,
                document=record.model_dump(mode="json"), search_run_id=run.id))
        return SearchRunSummary(run.id, len(records), len(records) - len(new), [r.key for r in new])


def resolve_key(registry: Registry, key_or_pmid: str) -> str:
    """``29768149`` or ``pmid:29768149`` or ``doi:…`` to the stored record key."""
    value = key_or_pmid.strip()
    with registry.session() as session:
        if session.get(LiteratureRecordRow, value) is not None:
            return value
        key = session.scalar(select(LiteratureRecordRow.key).where(LiteratureRecordRow.pmid == value))
    if key is None:
        raise RecordNotFound(f"record: got {key_or_pmid!r}; no stored literature record has this key or PMID")
    return key


def save_decision(registry: Registry, decision: Decision) -> None:
    """Append a reviewer decision (earlier ones stay as history; the latest counts)."""
    with registry.session() as session:
        if session.get(LiteratureRecordRow, decision.record_key) is None:
            raise RecordNotFound(f"record: got {decision.record_key!r}; no stored literature record has this key")
        session.add(ScreeningDecisionRow(
            record_key=decision.record_key, stage=decision.stage, decision=decision.decision,
            reason=decision.reason, reviewer=decision.reviewer, decided_at=decision.decided_at))


def list_decisions(registry: Registry) -> list[Decision]:
    with registry.session() as session:
        rows = session.scalars(select(ScreeningDecisionRow).order_by(ScreeningDecisionRow.id)).all()
        return [Decision(record_key=r.record_key, stage=r.stage, decision=r.decision, reason=r.reason,
                         reviewer=r.reviewer, decided_at=r.decided_at) for r in rows]


def list_records(registry: Registry) -> list[Record]:
    """Every stored record, most relevant first (the reviewer's reading order)."""
    with registry.session() as session:
        rows = session.scalars(select(LiteratureRecordRow).order_by(
            LiteratureRecordRow.score.desc(), LiteratureRecordRow.year.desc(), LiteratureRecordRow.key)).all()
        return [Record.model_validate(row.document) for row in rows]


def included_records(registry: Registry) -> list[Record]:
    """Reports a reviewer included at full text: the input of case extraction (next issue)."""
    from imnm.literature.screening import latest_decisions

    keys = {k for (k, stage), d in latest_decisions(list_decisions(registry)).items()
            if stage == "eligibility" and d.decision == "include"}
    return [r for r in list_records(registry) if r.key in keys]


def prisma_counts(registry: Registry) -> PrismaCounts:
    """PRISMA 2020 counts from every search run and the current decisions."""
    with registry.session() as session:
        by_source = session.execute(select(
            SearchRunRow.source, func.sum(SearchRunRow.identified), func.sum(SearchRunRow.duplicates_removed),
        ).group_by(SearchRunRow.source).order_by(SearchRunRow.source)).all()
    identified = {source: int(n or 0) for source, n, _ in by_source}
    duplicates = sum(int(d or 0) for _, _, d in by_source)
    return count_prisma(identified, duplicates, list_decisions(registry))
