"""Reading and writing case records: every write validated, transactional and audited."""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from sqlalchemy import Date, DateTime, func, or_, select, text
from sqlalchemy.orm import Session

from imnm.model import Case
from imnm.store.registry import Registry
from imnm.store.schema import (
    CaseAntibodyRow,
    CaseFeatureRow,
    CaseLabRow,
    CaseRevisionRow,
    CaseRow,
    CaseTreatmentRow,
    CaseVisitRow,
)


class CaseNotFound(LookupError):
    def __init__(self, case_id: str):
        super().__init__(f"no case with id {case_id!r} in the registry")
        self.case_id = case_id


class DuplicateCase(ValueError):
    """A record that is already in the registry: the same id, or the same patient under another id."""

    def __init__(self, case_id: str, message: str | None = None):
        super().__init__(message or f"a case with id {case_id!r} is already in the registry")
        self.case_id = case_id


def _label(case_label: str | None) -> str:
    return " ".join((case_label or "").lower().split())


def patient_keys(case: Case) -> list[tuple[str, str, str, bool]]:
    """What identifies a published patient: (DOI or PMID, its value, case label, aggregate).

    A DOI or PMID names an article, not a child; with the case label ('case 2 of 3') and the record
    kind it names one patient (or one published group). A record without a citation has no key.
    """
    c = case.citation
    if c is None:
        return []
    keys = [("DOI", c.doi.lower(), _label(case.case_label), case.aggregate)] if c.doi else []
    if c.pmid:
        keys.append(("PMID", c.pmid, _label(case.case_label), case.aggregate))
    return keys


def _describe(key: tuple[str, str, str, bool]) -> str:
    kind, value, label, _ = key
    return f"{kind} {value}, " + (f"case label {label!r}" if label else "no case label")


def find_same_patient(session: Session, case: Case) -> tuple[str, tuple[str, str, str, bool]] | None:
    """The stored record (local or literature) of the same patient as ``case``, with the matching key."""
    keys = patient_keys(case)
    if not keys:
        return None
    doi = next((k[1] for k in keys if k[0] == "DOI"), None)
    pmid = next((k[1] for k in keys if k[0] == "PMID"), None)
    clauses = ([func.lower(CaseRow.doi) == doi] if doi else []) + ([CaseRow.pmid == pmid] if pmid else [])
    stmt = select(CaseRow.id, CaseRow.document).where(or_(*clauses)).order_by(CaseRow.position, CaseRow.id)
    for row_id, document in session.execute(stmt):
        if row_id == case.id:
            continue
        stored = set(patient_keys(Case.model_validate(document)))
        match = next((k for k in keys if k in stored), None)
        if match is not None:
            return row_id, match
    return None


class _SamePatient:
    """The same-patient check for many records at once: the registry's patient keys are read once
    (one query, only records with a DOI or PMID), then every record is a set lookup."""

    def __init__(self, session: Session):
        self.session = session
        self.in_import: dict[tuple[str, str, str, bool], int] = {}
        self._stored: dict[tuple[str, str, str, bool], tuple[int, str]] | None = None

    def stored(self) -> dict[tuple[str, str, str, bool], tuple[int, str]]:
        """Patient key -> (order, id) of the first stored record (data-set order) that has it."""
        if self._stored is None:
            self._stored = {}
            stmt = (select(CaseRow.id, CaseRow.doi, CaseRow.pmid, CaseRow.aggregate,
                           CaseRow.document["case_label"].as_string())
                    .where(or_(CaseRow.doi.is_not(None), CaseRow.pmid.is_not(None)))
                    .order_by(CaseRow.position, CaseRow.id))
            for order, (row_id, doi, pmid, aggregate, label) in enumerate(self.session.execute(stmt)):
                keys = ([("DOI", doi.lower(), _label(label), aggregate)] if doi else []) + (
                    [("PMID", pmid, _label(label), aggregate)] if pmid else [])
                for key in keys:
                    self._stored.setdefault(key, (order, row_id))
        return self._stored

    def refuse(self, index: int, case: Case) -> None:
        """Raise DuplicateCase if record ``index`` is a patient already stored or earlier in the import."""
        keys = patient_keys(case)
        for key in keys:
            if key in self.in_import:
                raise DuplicateCase(case.id or "", (
                    f"records {self.in_import[key]} and {index} of this import are the same patient "
                    f"({_describe(key)}): the same patient twice in this import; nothing was added"))
            self.in_import[key] = index
        stored = self.stored() if keys else {}
        found = min(((stored[k], k) for k in keys if k in stored and stored[k][1] != case.id), default=None)
        if found is not None:
            (_, stored_id), key = found
            raise DuplicateCase(stored_id, (
                f"same patient as stored case {stored_id!r} ({_describe(key)}); nothing was added. "
                f"To record more of that patient, use 'imnm case add-visit {stored_id} VISIT.json' or "
                f"'imnm case add-treatment {stored_id} COURSE.json'"))


def _refuse_same_patient(session: Session, cases: list[Case]) -> None:
    """Refuse a case whose citation and case label match a stored record, or another case of the import."""
    check = _SamePatient(session)
    for i, case in enumerate(cases):
        check.refuse(i, case)


def new_case_id(case: Case) -> str:
    """A readable, unique id: ``local-`` or the first author's name, then a short random suffix."""
    stem = "local"
    if case.citation is not None:
        stem = re.sub(r"[^a-z0-9]+", "-", case.citation.first_author.lower()).strip("-")[:40] or "case"
        stem = f"{stem}-{case.citation.year}"
    return f"{stem}-{uuid.uuid4().hex[:8]}"


#: Child table -> the relationship of CaseRow that holds its rows, and the columns _child_values gives.
_CHILDREN: dict[type, tuple[str, tuple[str, ...]]] = {
    CaseFeatureRow: ("features", ("feature", "present", "as_written")),
    CaseTreatmentRow: ("treatments", ("position", "drug", "drug_as_written", "dose", "dose_unit",
                                      "dose_given", "dose_given_unit", "route", "frequency", "start", "stop",
                                      "start_month", "stop_month", "line_of_therapy")),
    CaseLabRow: ("labs", ("visit_position", "analyte", "value", "unit", "reference_low", "reference_high",
                          "date", "months_from_diagnosis")),
    CaseAntibodyRow: ("antibodies", ("antigen", "result", "method")),
    CaseVisitRow: ("visits", ("position", "label", "date", "months_from_diagnosis", "cmas", "mmt8",
                              "physician_global_activity", "patient_global_activity", "chaq",
                              "extramuscular_activity")),
}


def _child_values(case: Case) -> dict[type, list[tuple]]:
    """The normalised rows of one case per child table, columns as in _CHILDREN (ORM and bulk path alike)."""
    labs = [(None, lab) for lab in case.labs] + [
        (i, lab) for i, visit in enumerate(case.visits) for lab in visit.labs
    ]
    return {
        CaseFeatureRow: [(f.feature.value, f.present, f.as_written) for f in case.features],
        CaseTreatmentRow: [
            (i, t.drug.value, t.drug_as_written, t.dose, t.dose_unit, t.dose_given, t.dose_given_unit,
             t.route, t.frequency, t.start, t.stop, t.start_month, t.stop_month, t.line_of_therapy)
            for i, t in enumerate(case.treatments)
        ],
        CaseLabRow: [
            (pos, lab.analyte.value, lab.value, lab.unit, lab.reference_low, lab.reference_high, lab.date,
             lab.months_from_diagnosis)
            for pos, lab in labs
        ],
        CaseAntibodyRow: [(a.antigen.value, a.result.value, a.method) for a in case.antibodies],
        CaseVisitRow: [
            (i, v.label, v.date, v.months_from_diagnosis, v.cmas, v.mmt8, v.physician_global_activity,
             v.patient_global_activity, v.chaq, v.extramuscular_activity)
            for i, v in enumerate(case.visits)
        ],
    }


def _fill_children(row: CaseRow, case: Case) -> None:
    for model, values in _child_values(case).items():
        relation, names = _CHILDREN[model]
        setattr(row, relation, [model(**dict(zip(names, v, strict=True))) for v in values])


def _scalar_values(case: Case) -> dict:
    """The columns of ``cases`` that SQL filters on, read from the validated case."""
    c = case.citation
    return {
        "source_kind": case.source_kind, "article": case.article,
        "first_author": c.first_author if c else None, "year": c.year if c else None,
        "doi": c.doi if c else None, "pmid": c.pmid if c else None,
        "aggregate": case.aggregate, "n_cases": case.n_cases, "sex": case.sex.value if case.sex else None,
        "age_years": case.age_years, "ck_iu_l": case.ck_iu_l, "aldolase_iu_l": case.aldolase_iu_l,
        "outcome_class": case.outcome_class.value, "ethnicity": case.ethnicity, "annotated": annotated(case),
    }


def annotated(case: Case) -> bool:
    """Whether a reader of the statistics must open the document: review flags, fields checked against
    the original, or a link to another record of the same patient (``cases.annotated``)."""
    p = case.provenance
    return bool(case.review_flags or (p and (p.checked_fields or p.same_patient_as)))


def _fill_scalars(row: CaseRow, case: Case) -> None:
    for name, value in _scalar_values(case).items():
        setattr(row, name, value)
    row.document = case.model_dump(mode="json", exclude_none=True)


def _audit(session: Session, case_id: str, version: int, action: str, actor: str, document) -> None:
    session.add(CaseRevisionRow(case_id=case_id, version=version, action=action, actor=actor, document=document))


def insert_case(session: Session, case: Case, *, actor: str = "system", position: int | None = None) -> str:
    """Add one case inside the caller's transaction; returns its id."""
    if case.id is None:
        case = case.model_copy(update={"id": new_case_id(case)})
    if session.get(CaseRow, case.id) is not None:
        raise DuplicateCase(case.id)
    if position is None:
        position = (session.scalar(select(func.max(CaseRow.position))) or 0) + 1
    row = CaseRow(id=case.id, position=position, version=1)
    _fill_scalars(row, case)
    _fill_children(row, case)
    session.add(row)
    session.flush()
    _audit(session, case.id, 1, "add", actor, row.document)
    return case.id


def add_case(registry: Registry, case: Case, *, actor: str = "system") -> str:
    """Add one case in its own transaction (refused if the same patient is stored); returns its id."""
    return add_cases(registry, [case], actor=actor)[0]


#: Cases validated, checked and inserted together (one executemany per table); memory grows with this, not N.
BATCH_SIZE = 1000
#: PostgreSQL transaction lock held while cases are added, so two imports cannot both pass the
#: same-patient check for one patient (SQLite: the write lock taken at BEGIN does the same).
ADD_LOCK_KEY = 0x696D6E6E


#: The columns of ``cases`` the bulk path writes, in the order of its rows.
_SCALAR_COLUMNS = ("source_kind", "article", "first_author", "year", "doi", "pmid", "aggregate", "n_cases",
                   "sex", "age_years", "ck_iu_l", "aldolase_iu_l", "outcome_class", "ethnicity", "annotated")
_CASE_COLUMNS = (*_SCALAR_COLUMNS, "id", "position", "version", "document", "created_at", "updated_at")
_REVISION_COLUMNS = ("case_id", "version", "action", "actor", "changed_at", "document")


class _Inserter:
    """Write many rows of one table through the driver: executemany on SQLite, COPY on PostgreSQL.

    SQLAlchemy's Core executemany builds a parameter dict per row (about 5 us each; 1.7 million child
    rows for 100 000 patients); here rows are tuples, converted only where SQLite's driver stores a
    type differently from SQLAlchemy (dates), by SQLAlchemy's own bind processors. ``document`` is
    JSON text already: pydantic's dump, serialised once for the case and its revision.
    """

    def __init__(self, conn, model: type, names: tuple[str, ...]):
        dialect = conn.dialect
        self.conn = conn
        self.copy = None
        if dialect.name == "postgresql":  # COPY: psycopg's executemany costs ~15 us a row in Python
            self.copy = f"COPY {model.__tablename__} ({', '.join(names)}) FROM STDIN"
            return
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self.sql = (f"INSERT INTO {model.__tablename__} ({', '.join(names)}) "
                    f"VALUES ({', '.join([mark] * len(names))})")
        types = [model.__table__.columns[name].type for name in names]
        self.convert = [(i, proc) for i, t in enumerate(types) if isinstance(t, Date | DateTime)
                        and (proc := t._cached_bind_processor(dialect)) is not None]

    def __call__(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.copy is not None:
            with self.conn.connection.driver_connection.cursor() as cursor, cursor.copy(self.copy) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if self.convert:
            converted = []
            for row in rows:
                row = list(row)
                for i, proc in self.convert:
                    row[i] = proc(row[i])
                converted.append(tuple(row))
            rows = converted
        self.conn.exec_driver_sql(self.sql, rows)


class _Adding:
    """One all-or-nothing addition of many cases inside the caller's transaction, a batch at a time."""

    def __init__(self, session: Session, actor: str):
        self.session, self.actor = session, actor
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADD_LOCK_KEY})
        self.now = dt.datetime.now(dt.UTC)
        self.position = session.scalar(select(func.max(CaseRow.position))) or 0
        self.same_patient = _SamePatient(session)
        self.ids: list[str] = []
        self.taken: set[str] = set()
        conn = session.connection()
        self.insert = {model: _Inserter(conn, model, ("case_id", *names))
                       for model, (_, names) in _CHILDREN.items()}
        self.insert[CaseRow] = _Inserter(conn, CaseRow, _CASE_COLUMNS)
        self.insert[CaseRevisionRow] = _Inserter(conn, CaseRevisionRow, _REVISION_COLUMNS)

    def _new_ids(self, batch: list[Case]) -> list[str]:
        """Each case's id: its own (refused if already used) or a new one drawn until it is free."""
        ids: list[str | None] = []
        for case in batch:
            if case.id is not None and case.id in self.taken:
                raise DuplicateCase(case.id)
            ids.append(case.id)
            if case.id is not None:
                self.taken.add(case.id)
        while True:
            for i, case in enumerate(batch):
                while ids[i] is None:
                    drawn = new_case_id(case)
                    if drawn not in self.taken:
                        ids[i] = drawn
                        self.taken.add(drawn)
            stored = set(self.session.scalars(select(CaseRow.id).where(CaseRow.id.in_(ids))))
            if not stored:
                return ids
            for i, case in enumerate(batch):
                if ids[i] in stored:
                    if case.id is not None:
                        raise DuplicateCase(case.id)
                    ids[i] = None

    def add(self, batch: list[Case]) -> None:
        for i, case in enumerate(batch, start=len(self.ids)):
            self.same_patient.refuse(i, case)
        ids = self._new_ids(batch)
        cases, revisions = [], []
        children: dict[type, list[tuple]] = {model: [] for model in _CHILDREN}
        for case_id, case in zip(ids, batch, strict=True):
            self.position += 1
            document = case.model_dump_json(exclude_none=True)
            if case.id != case_id:  # the new id as the document's first field, where the model puts it
                document = f'{{"id":{json.dumps(case_id)},{document[1:]}'
            scalars = _scalar_values(case)
            cases.append((*(scalars[name] for name in _SCALAR_COLUMNS), case_id, self.position, 1, document,
                          self.now, self.now))
            revisions.append((case_id, 1, "add", self.actor, self.now, document))
            for model, values in _child_values(case).items():
                children[model].extend((case_id, *v) for v in values)
        self.insert[CaseRow](cases)
        for model, rows in children.items():
            self.insert[model](rows)
        self.insert[CaseRevisionRow](revisions)
        self.ids.extend(ids)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, then restore it as it was.

    An import creates and drops millions of small objects; each full collection re-scans every live
    one (modules, schemas, the batch), which cost about 40% of an import's CPU (20 000 patients:
    5.8 s with it, 3.5 s without). Nothing built here forms reference cycles worth collecting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _batches(cases: Iterable[Case], size: int) -> Iterator[list[Case]]:
    stream = iter(cases)
    while batch := list(islice(stream, size)):
        yield batch


def add_cases(registry: Registry, cases: Iterable[Case], *, actor: str = "system",
              batch_size: int = BATCH_SIZE, on_batch: Callable[[int], None] | None = None) -> list[str]:
    """Add many cases all-or-nothing, in one transaction: one bad record, one id already used, or one
    patient already stored, and none is stored.

    ``cases`` may be a stream (e.g. records read from a file as it is parsed): it is consumed a
    batch at a time, so memory does not grow with the number of cases; an exception it raises
    rolls everything back too. ``on_batch`` gets the number of cases written so far.
    """
    with _collector_paused(), registry.session() as session:
        adding = _Adding(session, actor)
        for batch in _batches(cases, batch_size):
            adding.add(batch)
            if on_batch is not None:
                on_batch(len(adding.ids))
        return adding.ids


def _replace(session: Session, row: CaseRow, case: Case, actor: str) -> int:
    row.version += 1
    _fill_scalars(row, case)
    _fill_children(row, case)
    session.flush()
    _audit(session, row.id, row.version, "update", actor, row.document)
    return row.version


def update_case(registry: Registry, case: Case, *, actor: str = "system") -> int:
    """Replace a stored case by a new validated version; returns the new version number."""
    if case.id is None:
        raise ValueError("update_case needs the case's id")
    with registry.session() as session:
        row = session.get(CaseRow, case.id)
        if row is None:
            raise CaseNotFound(case.id)
        return _replace(session, row, case, actor)


def amend_case(registry: Registry, case_id: str, change: Callable[[Case], Case], *, actor: str = "system") -> Case:
    """Read, change and write one case in a single transaction (a new visit, a new course...).

    ``change`` receives the stored case and returns the new one; it is validated again as a whole,
    so an amendment can never leave an invalid record. Returns the stored new version.
    """
    with registry.session() as session:
        row = session.get(CaseRow, case_id, with_for_update=True)
        if row is None:
            raise CaseNotFound(case_id)
        changed = Case.model_validate(change(Case.model_validate(row.document)).model_dump())
        if changed.id != case_id:
            raise ValueError(f"an amendment may not change the case id ({case_id!r} -> {changed.id!r})")
        _replace(session, row, changed, actor)
        return changed


def delete_case(registry: Registry, case_id: str, *, actor: str = "system") -> None:
    with registry.session() as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise CaseNotFound(case_id)
        version = row.version + 1
        session.delete(row)
        _audit(session, case_id, version, "delete", actor, None)


def get_case(registry: Registry, case_id: str) -> Case:
    with registry.session(write=False) as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise CaseNotFound(case_id)
        return Case.model_validate(row.document)


def list_cases(
    registry: Registry, *, source_kind: str | None = None, include_aggregates: bool = True
) -> list[Case]:
    """All cases in data-set order (literature first as shipped, then local additions)."""
    stmt = select(CaseRow.document).order_by(CaseRow.position, CaseRow.id)
    if source_kind is not None:
        stmt = stmt.where(CaseRow.source_kind == source_kind)
    if not include_aggregates:
        stmt = stmt.where(CaseRow.aggregate.is_(False))
    with registry.session(write=False) as session:
        return [Case.model_validate(doc) for doc in session.scalars(stmt)]


def count_cases(registry: Registry) -> int:
    with registry.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(CaseRow)) or 0


def revisions(registry: Registry, case_id: str) -> list[dict]:
    with registry.session(write=False) as session:
        rows = session.scalars(
            select(CaseRevisionRow).where(CaseRevisionRow.case_id == case_id).order_by(CaseRevisionRow.id)
        )
        return [
            {"version": r.version, "action": r.action, "actor": r.actor, "changed_at": r.changed_at}
            for r in rows
        ]
