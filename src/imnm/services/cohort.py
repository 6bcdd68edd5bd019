"""The cohort as a data set: summary statistics, Table 1, outcome evidence and record exports.

Statistics and Table 1 are cohort-level (researchers may read them); exports are record-level
patient data and are audited.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from imnm.model import Antigen, Case, Drug, Feature, InvalidInput, OutcomeClass
from imnm.store.registry import Registry

if TYPE_CHECKING:
    from imnm.cohort.statistics import CohortSummary
    from imnm.services.audit import Actor

TABLE1_TITLE = "Table 1. Paediatric anti-SRP immune-mediated necrotising myositis"
TABLE_FORMATS = ("json", "csv", "markdown", "html", "xlsx")


def cases(registry: Registry | None) -> list[Case]:
    """The registry's cases, or the shipped cohort file when ``registry`` is None."""
    if registry is None:
        from imnm.cohort.dataset import load_cohort

        return load_cohort()
    from imnm.store.cases import list_cases

    return list_cases(registry)


def summary_of(registry: Registry | None, *, as_published: bool = False):
    """The cohort summary: the shipped file's cases, or the registry counted in SQL (its aggregates over
    the tables, not every stored document validated). ``as_published``: count every record, even one
    the originals show to report the same patient as another (as the letter did)."""
    from imnm.cohort.statistics import summarise, summarise_counts

    if registry is None:
        return summarise(cases(None), as_published=as_published)
    from imnm.store.queries import cohort_counts

    return summarise_counts(cohort_counts(registry, as_published=as_published))


def summary(registry: Registry | None, *, as_published: bool = False) -> dict:
    return summary_of(registry, as_published=as_published).as_dict()


# --- the explorer: a selection of the registry's records, summarised -------------------------------

#: Age-at-onset bins of the explorer's histogram, years (display only: not a clinical threshold).
AGE_BINS = ((0, 3), (3, 6), (6, 9), (9, 12), (12, 15), (15, 18), (18, None))
#: Oldest age a filter accepts, years (a bound on typing errors, not a clinical limit).
MAX_AGE_YEARS = 120


def _years(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Selection:
    """Which records to summarise: by sex, age at onset (years, inclusive), outcome class, source, and a
    positive antibody, a present feature or a drug given. Values are the controlled vocabulary's; a bad
    one is one line in ``problems`` (and that filter is dropped), the same line in every shell."""

    sex: str | None = None
    age_min: float | None = None
    age_max: float | None = None
    antibody: str | None = None
    feature: str | None = None
    treatment: str | None = None
    outcome: str | None = None
    source: str | None = None
    problems: tuple[str, ...] = ()

    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {
        "sex": ("F", "M"), "antibody": tuple(a.value for a in Antigen), "feature": tuple(f.value for f in Feature),
        "treatment": tuple(d.value for d in Drug), "outcome": tuple(o.value for o in OutcomeClass),
        "source": ("literature", "local")}
    KEYS: ClassVar[tuple[str, ...]] = ("sex", "age_min", "age_max", "antibody", "feature", "treatment", "outcome",
                                       "source")

    @classmethod
    def parse(cls, query: Mapping[str, str | None]) -> Selection:
        """From a query string or command-line options (text); empty values are no filter."""
        values: dict[str, Any] = {}
        problems = []
        for key in cls.KEYS:
            value = (query.get(key) or "").strip()
            if not value:
                continue
            if key in cls.CHOICES:
                if value in cls.CHOICES[key]:
                    values[key] = value
                else:
                    problems.append(f"{key}: got {value[:40]!r}; expected one of {', '.join(cls.CHOICES[key])}")
                continue
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if 0 <= number <= MAX_AGE_YEARS:
                values[key] = number
            else:
                problems.append(f"{key}: got {value[:40]!r}; expected a number of years from 0 to {MAX_AGE_YEARS}")
        return cls(**values, problems=tuple(problems))

    def checked(self) -> Selection:
        """The selection, or :class:`InvalidInput` naming each bad value (the API and the CLI refuse them)."""
        if self.problems:
            raise InvalidInput(list(self.problems))
        return self

    def query(self) -> dict[str, str]:
        """The filters in force, as query-string text."""
        return {k: _years(v) if isinstance(v, float) else v for k in self.KEYS if (v := getattr(self, k)) is not None}

    def clauses(self) -> list:
        """SQL conditions on ``cases`` (child tables through EXISTS)."""
        from sqlalchemy import exists

        from imnm.store.schema import CaseAntibodyRow, CaseFeatureRow, CaseRow, CaseTreatmentRow

        out = []
        if self.sex:
            out.append(CaseRow.sex == self.sex)
        if self.age_min is not None:
            out.append(CaseRow.age_years >= self.age_min)
        if self.age_max is not None:
            out.append(CaseRow.age_years <= self.age_max)
        if self.outcome:
            out.append(CaseRow.outcome_class == self.outcome)
        if self.source:
            out.append(CaseRow.source_kind == self.source)
        if self.antibody:
            out.append(exists().where(CaseAntibodyRow.case_id == CaseRow.id, CaseAntibodyRow.antigen == self.antibody,
                                      CaseAntibodyRow.result == "positive"))
        if self.feature:
            out.append(exists().where(CaseFeatureRow.case_id == CaseRow.id, CaseFeatureRow.feature == self.feature,
                                      CaseFeatureRow.present.is_(True)))
        if self.treatment:
            out.append(exists().where(CaseTreatmentRow.case_id == CaseRow.id, CaseTreatmentRow.drug == self.treatment))
        return out


@dataclass(frozen=True)
class Exploration:
    """What the explorer shows for one selection: ``cohort summary``'s summary of the selected records,
    the antibodies found positive (same denominators), the age histogram, how many records are listed,
    and one page of those records (when a page was asked for)."""

    selection: Selection
    statistics: CohortSummary
    antibodies_positive: dict[str, dict]
    age_histogram: list[dict]
    listed: int
    records: list[Case] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        """As ``imnm cohort summary --format json`` prints it."""
        return self.statistics.as_dict()

    def as_dict(self) -> dict:
        return {"filters": self.selection.query(), "summary": self.summary,
                "antibodies_positive": self.antibodies_positive, "age_histogram": self.age_histogram,
                "listed": self.listed}


#: Statistics already computed, by registry, registry state, filters and counting (bounded).
_EXPLORED: dict[tuple, tuple] = {}
_EXPLORED_MAX = 128


def explore(registry: Registry, selection: Selection, *, as_published: bool = False, page: int | None = None,
            page_size: int = 50, actor: Actor | None = None) -> Exploration:
    """The summary of the selected records as :func:`summary` counts it (same SQL, same rules), with the
    explorer's extras; kept until the next write to the registry. ``page``: also that page of records
    (patient data: the read is audited as ``actor``'s)."""
    from imnm.cohort.statistics import exact_proportion, summarise_counts
    from imnm.store.queries import registry_state, selected_documents, selection_counts

    where = selection.clauses()
    key = (registry.url, registry_state(registry), tuple(sorted(selection.query().items())), as_published)
    found = _EXPLORED.get(key)
    if found is None:
        counted = selection_counts(registry, where, as_published=as_published)
        counts = counted.counts
        n = counts.n_individual
        antibodies = {a.value: exact_proportion(counted.antibodies[a], n).as_dict()
                      for a in Antigen if counted.antibodies.get(a)}
        found = (summarise_counts(counts), antibodies, _histogram(counts.ages), counted.listed)
        if len(_EXPLORED) >= _EXPLORED_MAX:
            _EXPLORED.clear()
        _EXPLORED[key] = found
    records: list[Case] = []
    if page is not None:
        if actor is None:
            raise ValueError("a page of records is patient data: name the actor reading it")
        documents = selected_documents(registry, where, limit=page_size, offset=(page - 1) * page_size)
        records = [Case.model_validate(d) for d in documents]
        from urllib.parse import urlencode

        from imnm.services.audit import record_now

        record_now(registry, actor, "read", "cohort", "explorer " + (urlencode(selection.query()) or "all records"))
    return Exploration(selection, *found, records=records)


def _histogram(ages: list[float]) -> list[dict]:
    out = []
    for low, high in AGE_BINS:
        count = sum(1 for a in ages if a >= low and (high is None or a < high))
        out.append({"label": f"{low} to <{high}" if high is not None else f"≥ {low}", "count": count})
    return out


def evidence(registry: Registry | None) -> dict:
    """Outcome by treatment, age and CK; the registry's 2x2 tables counted in SQL (GROUP BY)."""
    from imnm.cohort.evidence import evidence_from_counts, outcome_evidence

    if registry is None:
        return outcome_evidence(cases(None))
    from imnm.store.queries import evidence_counts

    return evidence_from_counts(evidence_counts(registry))


def table1(registry: Registry | None, *, include_free_text: bool = False, where: Sequence = ()):
    """Table 1, one row per record; the registry's records read by columns.

    Table 1 is made to be shared: local records' free text is left out unless asked for (literature
    records keep their published words), as in ``cohort export``. ``where``: SQL conditions on the
    cases table (the cohort explorer's selection); none, every record.
    """
    from imnm.cohort.table1 import Table1Record, build_table1

    if registry is None:
        records = [Table1Record.from_case(c) for c in cases(None)]
    elif where:
        from imnm.services.exports import _selected

        records = [Table1Record.from_case(c) for c in _selected(registry, where)]
    else:
        from imnm.store.queries import table1_records

        records = table1_records(registry)
    return build_table1(records if include_free_text else [r.without_free_text() for r in records])


def write_table1_csv(registry: Registry | None, out, *, include_free_text: bool = False) -> None:
    """Table 1 as CSV (header, then one row per record) written to the text stream ``out`` row by row,
    byte for byte what pandas' ``to_csv`` writes of :func:`table1`'s frame. A registry's rows are built
    straight from its result rows (:func:`imnm.store.queries.table1_rows`): at 100 000 records the
    per-record objects and the DataFrame took most of the command's time."""
    import csv

    from imnm.cohort.table1 import COLUMNS

    if registry is None:
        rows = table1(None, include_free_text=include_free_text).rows
    else:
        from imnm.store.queries import table1_rows

        rows = table1_rows(registry, include_free_text=include_free_text)
    writer = csv.writer(out, lineterminator="\n")  # pandas' defaults: minimal quoting, quotes doubled
    writer.writerow(COLUMNS)
    writer.writerows(rows)


def table1_as(registry: Registry | None, fmt: str, *, include_free_text: bool = False,
              where: Sequence = ()) -> tuple[bytes, str]:
    """Table 1 in one format: (content, media type); ``where`` as for :func:`table1`."""
    from imnm.interop import tables

    if fmt not in TABLE_FORMATS:
        raise InvalidInput([f"format: got {fmt!r}; expected {', '.join(TABLE_FORMATS)}"])
    if fmt == "csv" and not where:
        buffer = io.StringIO(newline="")
        write_table1_csv(registry, buffer, include_free_text=include_free_text)
        return buffer.getvalue().encode(), "text/csv; charset=utf-8"
    table = table1(registry, include_free_text=include_free_text, where=where)
    frame = table.to_frame()
    if fmt == "csv":
        return tables.to_csv(frame).encode(), "text/csv; charset=utf-8"
    if fmt == "json":
        body = {"title": TABLE1_TITLE, "columns": list(frame.columns),
                "rows": frame.astype(str).values.tolist(), "notes": table.notes}
        return json.dumps(body, ensure_ascii=False).encode(), "application/json"
    if fmt == "markdown":
        return tables.to_markdown(frame, table.notes).encode(), "text/markdown; charset=utf-8"
    if fmt == "html":
        return tables.to_html(frame, table.notes, title=TABLE1_TITLE).encode(), "text/html; charset=utf-8"
    return _xlsx(lambda path: tables.write_xlsx(_cells_for_excel(frame), path, [_excel_text(n) for n in table.notes])), XLSX


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells_for_excel(frame):
    """XLSX cannot hold control characters (a record may): each is shown as U+FFFD in that file only."""
    return frame.map(lambda v: _excel_text(v) if isinstance(v, str) else v)


def _excel_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _xlsx(write) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        write(path)
        return path.read_bytes()
