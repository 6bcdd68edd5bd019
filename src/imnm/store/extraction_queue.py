"""Registry tables for the extraction review queue and the living update's runs.

Extracted cases wait in ``extraction_queue_items`` until a reviewer decides; every decision is a new
row of ``extraction_queue_decisions`` (accept, edit = accept with changes, reject), so the state of an
item is its latest decision and the history of a changed mind is kept. Neither table is ever updated
or deleted in place (the ORM refuses it). ``literature_update_runs`` records what each
``imnm literature update`` did. Only an accepted item reaches the cohort, as a case added in the same
transaction as the decision that accepted it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, event, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from imnm.literature.records import LiteratureError, Record
from imnm.model import Case
from imnm.store.cases import DuplicateCase, find_same_patient, insert_case
from imnm.store.literature import (  # noqa: F401  (SearchRunRow: a foreign-key target on Base)
    LiteratureRecordRow,
    ScreeningDecisionRow,
    SearchRunRow,
)
from imnm.store.registry import Registry
from imnm.store.schema import Base

QUEUE_LOCK_KEY = 0x696D6E71  # "imnq": PostgreSQL advisory lock held while a run adds items to the queue

State = Literal["pending", "accepted", "rejected"]
DecisionKind = Literal["accept", "edit", "reject"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UpdateRunRow(Base):
    """One ``imnm literature update``: its search, what screening suggested, what was extracted."""

    __tablename__ = "literature_update_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    search_run_id: Mapped[int | None] = mapped_column(ForeignKey("literature_search_runs.id"), index=True)
    since: Mapped[str | None] = mapped_column(String(10), doc="publication date the search started from")
    identified: Mapped[int] = mapped_column(Integer, default=0)
    new_records: Mapped[int] = mapped_column(Integer, default=0)
    likely_new: Mapped[int] = mapped_column(Integer, default=0, doc="new records the rules call likely")
    records_extracted: Mapped[int] = mapped_column(Integer, default=0)
    items_queued: Mapped[int] = mapped_column(Integer, default=0)
    policy: Mapped[str] = mapped_column(Text, doc="which records were read for cases, in words")
    actor: Mapped[str] = mapped_column(String(120), default="cli")


class QueueItemRow(Base):
    """One extracted patient waiting for a reviewer: the ExtractedCase exactly as the extractor gave it."""

    __tablename__ = "extraction_queue_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_key: Mapped[str] = mapped_column(ForeignKey("literature_records.key"), index=True)
    pmid: Mapped[str | None] = mapped_column(String(12), index=True)
    doi: Mapped[str | None] = mapped_column(String(200))
    patient_label: Mapped[str | None] = mapped_column(String(200))
    extracted: Mapped[dict] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    update_run_id: Mapped[int | None] = mapped_column(ForeignKey("literature_update_runs.id"), index=True)


class QueueDecisionRow(Base):
    """A reviewer's decision on a queue item (append-only; the latest one is the item's state)."""

    __tablename__ = "extraction_queue_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("extraction_queue_items.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    reviewer: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    edited: Mapped[dict | None] = mapped_column(JSON, doc="the case document the reviewer supplied")
    case_id: Mapped[str | None] = mapped_column(String(80), doc="the case an accept added to the cohort")


def _append_only(mapper, connection, target) -> None:
    raise PermissionError(f"{type(target).__tablename__} is append-only: a change is a new row, "
                          "never an update or a delete")


for _row in (UpdateRunRow, QueueItemRow, QueueDecisionRow):
    event.listen(_row, "before_update", _append_only)
    event.listen(_row, "before_delete", _append_only)


class QueueItemNotFound(LiteratureError):
    """No queue item has that id."""


class QueueStateError(LiteratureError):
    """The decision does not fit the item's state (already accepted, or its article is not included)."""


@dataclass(frozen=True)
class QueueDecision:
    decision: DecisionKind
    reviewer: str
    reason: str | None
    decided_at: dt.datetime
    case_id: str | None
    edited: dict | None


@dataclass(frozen=True)
class QueueItem:
    """A queue item with its history; ``state`` follows from the latest decision."""

    id: int
    record_key: str
    pmid: str | None
    doi: str | None
    patient_label: str | None
    extracted: dict
    language: str
    created_at: dt.datetime
    update_run_id: int | None
    decisions: tuple[QueueDecision, ...] = ()

    @property
    def latest(self) -> QueueDecision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def state(self) -> State:
        if self.latest is None:
            return "pending"
        return "rejected" if self.latest.decision == "reject" else "accepted"

    @property
    def case_id(self) -> str | None:
        return self.latest.case_id if self.latest is not None else None


@dataclass(frozen=True)
class NewItem:
    """What a run queues: one extracted patient of one stored literature record."""

    record_key: str
    pmid: str | None
    doi: str | None
    patient_label: str | None
    extracted: dict
    language: str


@dataclass(frozen=True)
class UpdateRun:
    run_id: int
    queued_ids: list[int]


def _decision(row: QueueDecisionRow) -> QueueDecision:
    return QueueDecision(decision=row.decision, reviewer=row.reviewer, reason=row.reason,  # type: ignore[arg-type]
                         decided_at=row.decided_at, case_id=row.case_id, edited=row.edited)


def _items(session: Session, rows: list[QueueItemRow]) -> list[QueueItem]:
    ids = [r.id for r in rows]
    history: dict[int, list[QueueDecision]] = {i: [] for i in ids}
    if ids:
        for d in session.scalars(select(QueueDecisionRow).where(QueueDecisionRow.item_id.in_(ids))
                                 .order_by(QueueDecisionRow.id)):
            history[d.item_id].append(_decision(d))
    return [QueueItem(id=r.id, record_key=r.record_key, pmid=r.pmid, doi=r.doi, patient_label=r.patient_label,
                      extracted=r.extracted, language=r.language, created_at=r.created_at,
                      update_run_id=r.update_run_id, decisions=tuple(history[r.id])) for r in rows]


def record_update_run(registry: Registry, *, search_run_id: int | None, since: str | None, identified: int,
                      new_records: int, likely_new: int, records_extracted: int, policy: str,
                      items: list[NewItem], actor: str = "cli") -> UpdateRun:
    """Store a run and queue its items in one transaction; a record already queued is not queued again."""
    with registry.session() as session:
        if session.get_bind().dialect.name == "postgresql":  # two runs at once must not queue one paper twice
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": QUEUE_LOCK_KEY})
        queued = set(session.scalars(select(QueueItemRow.record_key).where(
            QueueItemRow.record_key.in_({i.record_key for i in items}))))
        items = [i for i in items if i.record_key not in queued]
        run = UpdateRunRow(search_run_id=search_run_id, since=since, identified=identified,
                           new_records=new_records, likely_new=likely_new, records_extracted=records_extracted,
                           items_queued=len(items), policy=policy, actor=actor)
        session.add(run)
        session.flush()
        rows = [QueueItemRow(record_key=i.record_key, pmid=i.pmid, doi=i.doi, patient_label=i.patient_label,
                             extracted=i.extracted, language=i.language, update_run_id=run.id) for i in items]
        session.add_all(rows)
        session.flush()
        return UpdateRun(run.id, [r.id for r in rows])


def queued_record_keys(registry: Registry) -> set[str]:
    """Records with at least one queued patient (the update does not read them again)."""
    with registry.session(write=False) as session:
        return set(session.scalars(select(QueueItemRow.record_key).distinct()))


def last_update_run(registry: Registry) -> dt.datetime | None:
    with registry.session(write=False) as session:
        return session.scalar(select(func.max(UpdateRunRow.run_at)))


def list_items(registry: Registry, *, state: State | None = None) -> list[QueueItem]:
    """Queue items in the order they were queued, optionally only those in ``state``."""
    with registry.session(write=False) as session:
        items = _items(session, list(session.scalars(select(QueueItemRow).order_by(QueueItemRow.id))))
    return [i for i in items if state is None or i.state == state]


def get_item(registry: Registry, item_id: int) -> QueueItem:
    with registry.session(write=False) as session:
        row = session.get(QueueItemRow, item_id)
        if row is None:
            raise QueueItemNotFound(f"queue item: got {item_id}; no queue item has this id "
                                    "(see 'imnm literature queue')")
        return _items(session, [row])[0]


def accepted_record_keys(registry: Registry) -> set[str]:
    """Articles with at least one accepted case: the studies included in the review."""
    return {i.record_key for i in list_items(registry, state="accepted")}


def _require_included(session: Session, item: QueueItem) -> None:
    """The article's latest full-text decision (as :func:`latest_decisions` orders them) is include."""
    latest = session.scalars(select(ScreeningDecisionRow).where(
        ScreeningDecisionRow.record_key == item.record_key, ScreeningDecisionRow.stage == "eligibility",
    ).order_by(ScreeningDecisionRow.decided_at.desc(), ScreeningDecisionRow.id.desc())).first()
    if latest is None or latest.decision != "include":
        state = f"latest: {latest.decision}" if latest else "no full-text decision yet"
        raise QueueStateError(
            f"queue item {item.id}: its article {item.record_key} is not included at full-text eligibility "
            f"({state}); include it first: imnm literature decide {item.pmid or item.record_key} "
            "--stage eligibility --include")


def decide_item(registry: Registry, item_id: int, decision: DecisionKind, *, reviewer: str,
                reason: str | None = None, edited: dict | None = None,
                build_case: Callable[[QueueItem, Record], Case] | None = None) -> QueueItem:
    """Append a decision; an accept or edit adds ``build_case(item, record)`` to the cohort in the same
    transaction, through the same checks as ``add_case`` (a validated Case, refused if the patient is
    already stored), and only from an article a reviewer included at full-text eligibility.
    An accepted item is final: its case is in the cohort, and is withdrawn with ``imnm case delete``.
    """
    if not reviewer.strip():
        raise QueueStateError("reviewer: got an empty name; expected a name or initials")
    with registry.session() as session:
        row = session.get(QueueItemRow, item_id, with_for_update=True)  # one decision at a time per item
        if row is None:
            raise QueueItemNotFound(f"queue item: got {item_id}; no queue item has this id "
                                    "(see 'imnm literature queue')")
        item = _items(session, [row])[0]
        if item.state == "accepted":
            raise QueueStateError(f"queue item {item_id}: already accepted as case {item.case_id!r} by "
                                  f"{item.latest.reviewer}; a decision on it would not change the cohort "
                                  f"(to withdraw the case: imnm case delete {item.case_id})")
        case_id = None
        if decision in ("accept", "edit"):
            if build_case is None:
                raise ValueError("an accept needs build_case")
            _require_included(session, item)
            record_row = session.get(LiteratureRecordRow, item.record_key)
            case = Case.model_validate(build_case(item, Record.model_validate(record_row.document)).model_dump())
            found = find_same_patient(session, case)
            if found is not None:
                stored_id, (kind, value, label, _) = found
                raise DuplicateCase(stored_id, (
                    f"queue item {item_id}: same patient as stored case {stored_id!r} ({kind} {value}, "
                    + (f"case label {label!r}" if label else "no case label")
                    + "); nothing was added. Reject the item with that reason, or accept it with --edit "
                    "and a case label that tells the patients apart"))
            case_id = insert_case(session, case, actor=f"{reviewer} (queue item {item_id})")
        session.add(QueueDecisionRow(item_id=item_id, decision=decision, reviewer=reviewer, reason=reason,
                                     edited=edited, case_id=case_id))
        session.flush()
        return _items(session, [row])[0]
