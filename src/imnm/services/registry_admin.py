"""Running the registry itself: create, migrate, repair, report its state; input schemas; the overview.

These touch no single patient's record (counts, schema revisions, the cohort summary), so nothing
here is audited. Heavy imports (SQLAlchemy, Alembic, pandas) stay inside the functions: ``imnm --help``
imports this package's shells, not these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imnm.cohort.statistics import CohortSummary
    from imnm.cohort.table1 import TableOne
    from imnm.store.registry import Registry


@dataclass(frozen=True)
class Initialised:
    url: str
    cohort_version: str | None
    records: int


@dataclass(frozen=True)
class Status:
    """Where the registry is, its schema revisions (none: not created yet), the head, and its records."""

    url: str
    current: list[str]
    heads: list[str]
    records: int | None


@dataclass(frozen=True)
class Repaired:
    dropped: list[str]
    where: str


def initialise(url: str | None = None) -> Initialised:
    """Create the registry if needed, migrate it and load the literature cohort once."""
    from imnm.store import open_registry
    from imnm.store.cases import count_cases
    from imnm.store.seed import loaded_cohort_version

    reg = open_registry(url)
    return Initialised(reg.url, loaded_cohort_version(reg), count_cases(reg))


def upgrade(url: str | None = None) -> tuple[str, list[str]]:
    """Apply pending schema migrations without loading data; returns the URL and the revisions reached."""
    from imnm.store import Registry

    reg = Registry(url)
    reg.upgrade()
    return reg.url, sorted(reg.current_revisions())


def repair(url: str | None = None) -> Repaired:
    """Drop the empty tables of an interrupted set-up (refused if one holds a row), then set it up."""
    from imnm.store import Registry, open_registry

    dropped = Registry(url).repair()
    return Repaired(dropped, open_registry(url).where)


def status(url: str | None = None) -> Status:
    """The registry's state, read without creating or migrating anything."""
    from imnm.store import Registry
    from imnm.store.cases import count_cases

    reg = Registry(url)
    current = sorted(reg.current_revisions())
    return Status(reg.url, current, sorted(reg.head_revisions()), count_cases(reg) if current else None)


#: The input files the commands and the web API accept, by the name ``imnm schema`` takes.
SCHEMA_NAMES = ("case", "visit", "course")


def input_schema(name: str) -> dict:
    """The JSON Schema of an input file: a case (case add), a visit (add-visit) or a course (add-treatment)."""
    from imnm.model import Case, InvalidInput, TreatmentCourse, Visit

    models = dict(zip(SCHEMA_NAMES, (Case, Visit, TreatmentCourse), strict=True))
    if name not in models:
        raise InvalidInput([f"schema: got {name!r}; expected {', '.join(SCHEMA_NAMES)}"])
    return models[name].model_json_schema()


@dataclass(frozen=True)
class Overview:
    url: str
    summary: CohortSummary
    table1: TableOne


def overview(registry: Registry) -> Overview:
    """The cohort summary and Table 1 of every stored record (the main job of ``make run``)."""
    from imnm.cohort.statistics import summarise
    from imnm.cohort.table1 import build_table1
    from imnm.store.cases import list_cases

    cases = list_cases(registry)
    return Overview(registry.url, summarise(cases), build_table1(cases))
