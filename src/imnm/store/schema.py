"""Registry tables (SQLAlchemy 2).

A case is stored whole as its validated JSON document (so nothing the model holds is lost) and,
beside it, in normalised child tables (features, treatments, labs, antibodies, visits) that SQL
can count and filter. Both are written in one transaction from the same :class:`imnm.model.Case`.
Every write leaves a row in ``case_revisions``: who changed what, when.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base for every registry table, whichever capability owns it."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CaseRow(Base):
    __tablename__ = "cases"
    # The summary's and the evidence's columns in one index, so their grouped passes never read the
    # table itself (each row carries its ~2 KB document: a scan took 0.1-0.3 s at 100 000 records); its
    # first column also finds the few aggregate records.
    # Table 1's columns likewise, in table order (store.queries.table1_rows).
    __table_args__ = (Index("ix_cases_statistics", "aggregate", "outcome_class", "sex", "age_years", "ck_iu_l",
                            "year", "n_cases", "id"),
                      Index("ix_cases_table1", "position", "id", "article", "aggregate", "n_cases", "sex",
                            "age_years", "ethnicity", "outcome_class"))

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(20), index=True)
    article: Mapped[str | None] = mapped_column(String(200), index=True)
    first_author: Mapped[str | None] = mapped_column(String(120))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    doi: Mapped[str | None] = mapped_column(String(200), index=True)  # the same-patient check (store.cases)
    pmid: Mapped[str | None] = mapped_column(String(12), index=True)
    aggregate: Mapped[bool] = mapped_column(Boolean, default=False)
    n_cases: Mapped[int] = mapped_column(Integer, default=1)
    sex: Mapped[str | None] = mapped_column(String(1))
    age_years: Mapped[float | None] = mapped_column(Float)
    ck_iu_l: Mapped[float | None] = mapped_column(Float)
    aldolase_iu_l: Mapped[float | None] = mapped_column(Float)
    outcome_class: Mapped[str] = mapped_column(String(40), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True, doc="order of the record in its data set")
    document: Mapped[dict] = mapped_column(JSON)
    # Two values repeated from the document so Table 1 and the summary need not parse every document
    # (half a second at 100 000 records); written with the document on every write (store.cases).
    ethnicity: Mapped[str | None] = mapped_column(Text)
    annotated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True, doc=(
        "the document holds review flags, checked fields or a same-patient link: read it for them"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)

    features: Mapped[list[CaseFeatureRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    treatments: Mapped[list[CaseTreatmentRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    labs: Mapped[list[CaseLabRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    antibodies: Mapped[list[CaseAntibodyRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    visits: Mapped[list[CaseVisitRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class CaseFeatureRow(Base):
    __tablename__ = "case_features"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    feature: Mapped[str] = mapped_column(String(60), index=True)
    present: Mapped[bool] = mapped_column(Boolean)
    as_written: Mapped[str | None] = mapped_column(Text)


class CaseTreatmentRow(Base):
    __tablename__ = "case_treatments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    drug: Mapped[str] = mapped_column(String(40), index=True)
    drug_as_written: Mapped[str | None] = mapped_column(Text)
    dose: Mapped[float | None] = mapped_column(Float)
    dose_unit: Mapped[str | None] = mapped_column(String(10))
    dose_given: Mapped[float | None] = mapped_column(Float)
    dose_given_unit: Mapped[str | None] = mapped_column(String(10))
    route: Mapped[str | None] = mapped_column(String(10))
    frequency: Mapped[str | None] = mapped_column(String(20))
    start: Mapped[dt.date | None] = mapped_column(Date)
    stop: Mapped[dt.date | None] = mapped_column(Date)
    start_month: Mapped[float | None] = mapped_column(Float)
    stop_month: Mapped[float | None] = mapped_column(Float)
    line_of_therapy: Mapped[int | None] = mapped_column(Integer)


class CaseLabRow(Base):
    __tablename__ = "case_labs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    visit_position: Mapped[int | None] = mapped_column(Integer, doc="None for labs at diagnosis")
    analyte: Mapped[str] = mapped_column(String(60), index=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    reference_low: Mapped[float | None] = mapped_column(Float)
    reference_high: Mapped[float | None] = mapped_column(Float)
    date: Mapped[dt.date | None] = mapped_column(Date)
    months_from_diagnosis: Mapped[float | None] = mapped_column(Float)


class CaseAntibodyRow(Base):
    __tablename__ = "case_antibodies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    antigen: Mapped[str] = mapped_column(String(20), index=True)
    result: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(Text)


class CaseVisitRow(Base):
    __tablename__ = "case_visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date)
    months_from_diagnosis: Mapped[float | None] = mapped_column(Float)
    cmas: Mapped[int | None] = mapped_column(Integer)
    mmt8: Mapped[int | None] = mapped_column(Integer)
    physician_global_activity: Mapped[float | None] = mapped_column(Float)
    patient_global_activity: Mapped[float | None] = mapped_column(Float)
    chaq: Mapped[float | None] = mapped_column(Float)
    extramuscular_activity: Mapped[float | None] = mapped_column(Float)


class CaseRevisionRow(Base):
    """The audit trail of case records: every add, update and delete with the whole document."""

    __tablename__ = "case_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    document: Mapped[dict | None] = mapped_column(JSON)


class RegistryMetaRow(Base):
    """Key-value facts about the registry itself, such as which cohort version was loaded."""

    __tablename__ = "registry_meta"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
