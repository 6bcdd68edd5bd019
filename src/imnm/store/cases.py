"""Reading and writing case records: every write validated, transactional and audited."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable

from sqlalchemy import func, or_, select
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


def _refuse_same_patient(session: Session, cases: list[Case]) -> None:
    """Refuse a case whose citation and case label match a stored record, or another case of the import."""
    seen: dict[tuple[str, str, str, bool], int] = {}
    for i, case in enumerate(cases):
        for key in patient_keys(case):
            if key in seen:
                raise DuplicateCase(case.id or "", (
                    f"records {seen[key]} and {i} of this import are the same patient ({_describe(key)}): "
                    "the same patient twice in this import; nothing was added"))
            seen[key] = i
        found = find_same_patient(session, case)
        if found is not None:
            stored_id, key = found
            raise DuplicateCase(stored_id, (
                f"same patient as stored case {stored_id!r} ({_describe(key)}); nothing was added. "
                f"To record more of that patient, use 'imnm case add-visit {stored_id} VISIT.json' or "
                f"'imnm case add-treatment {stored_id} COURSE.json'"))


def new_case_id(case: Case) -> str:
    """A readable, unique id: ``local-`` or the first author's name, then a short random suffix."""
    stem = "local"
    if case.citation is not None:
        stem = re.sub(r"[^a-z0-9]+", "-", case.citation.first_author.lower()).strip("-")[:40] or "case"
        stem = f"{stem}-{case.citation.year}"
    return f"{stem}-{uuid.uuid4().hex[:8]}"


def _fill_children(row: CaseRow, case: Case) -> None:
    row.features = [
        CaseFeatureRow(feature=f.feature.value, present=f.present, as_written=f.as_written) for f in case.features
    ]
    row.treatments = [
        CaseTreatmentRow(
            position=i, drug=t.drug.value, drug_as_written=t.drug_as_written, dose=t.dose,
            dose_unit=t.dose_unit, dose_given=t.dose_given, dose_given_unit=t.dose_given_unit,
            route=t.route, frequency=t.frequency, start=t.start, stop=t.stop,
            start_month=t.start_month, stop_month=t.stop_month, line_of_therapy=t.line_of_therapy,
        )
        for i, t in enumerate(case.treatments)
    ]
    labs = [(None, lab) for lab in case.labs] + [
        (i, lab) for i, visit in enumerate(case.visits) for lab in visit.labs
    ]
    row.labs = [
        CaseLabRow(
            visit_position=pos, analyte=lab.analyte.value, value=lab.value, unit=lab.unit,
            reference_low=lab.reference_low, reference_high=lab.reference_high, date=lab.date,
            months_from_diagnosis=lab.months_from_diagnosis,
        )
        for pos, lab in labs
    ]
    row.antibodies = [
        CaseAntibodyRow(antigen=a.antigen.value, result=a.result.value, method=a.method) for a in case.antibodies
    ]
    row.visits = [
        CaseVisitRow(
            position=i, label=v.label, date=v.date, months_from_diagnosis=v.months_from_diagnosis,
            cmas=v.cmas, mmt8=v.mmt8, physician_global_activity=v.physician_global_activity,
            patient_global_activity=v.patient_global_activity, chaq=v.chaq,
            extramuscular_activity=v.extramuscular_activity,
        )
        for i, v in enumerate(case.visits)
    ]


def _fill_scalars(row: CaseRow, case: Case) -> None:
    row.source_kind = case.source_kind
    row.article = case.article
    row.first_author = case.citation.first_author if case.citation else None
    row.year = case.citation.year if case.citation else None
    row.doi = case.citation.doi if case.citation else None
    row.pmid = case.citation.pmid if case.citation else None
    row.aggregate = case.aggregate
    row.n_cases = case.n_cases
    row.sex = case.sex.value if case.sex else None
    row.age_years = case.age_years
    row.ck_iu_l = case.ck_iu_l
    row.aldolase_iu_l = case.aldolase_iu_l
    row.outcome_class = case.outcome_class.value
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


def add_cases(registry: Registry, cases: Iterable[Case], *, actor: str = "system") -> list[str]:
    """Add many cases all-or-nothing: one bad record, or one patient already stored, and none is stored."""
    cases = list(cases)
    with registry.session() as session:
        _refuse_same_patient(session, cases)
        return [insert_case(session, c, actor=actor) for c in cases]


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
