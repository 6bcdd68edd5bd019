"""Columnar reads of the registry for the cohort statistics: only the columns a command needs.

``cohort summary``, ``cohort table1`` and ``cohort evidence`` read the normalised tables (cases,
case_features, case_treatments, case_labs) with SQLAlchemy Core instead of validating every stored
document again, which took most of their time on a large registry. The few aggregate records are
still read whole (their group summary lives only in the document), and Table 1's free-text cells
(ethnicity, presentation, outcome in the source's words, review flags) are read as JSON paths of the
document in SQL. The results equal the document path's exactly (tests/cohort/test_sql_statistics.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Integer, case, distinct, func, literal, null, select, union_all

from imnm.cohort.dataset import CaseFacts
from imnm.cohort.evidence import (
    AGE_CUT_YEARS,
    CK_CUT_IU_L,
    ERA_CUT_YEAR,
    EXTRAMUSCULAR,
    EvidenceCounts,
    Tally,
)
from imnm.cohort.statistics import CohortCounts, check_counts
from imnm.cohort.table1 import (
    LAB_LABELS,
    FirstColumn,
    Table1Record,
    article_key,
    lab_cell,
    outcome_cell,
    person_cell,
    record_cells,
    symptom_cell,
    treatment_cell,
)
from imnm.model import Antigen, Case, Drug, Feature, OutcomeClass
from imnm.store.registry import Registry
from imnm.store.schema import (
    CaseAntibodyRow,
    CaseFeatureRow,
    CaseLabRow,
    CaseRevisionRow,
    CaseRow,
    CaseTreatmentRow,
)

_FEATURE_ORDER = {f: i for i, f in enumerate(Feature)}
_DRUG_ORDER = {d: i for i, d in enumerate(Drug)}
_FEATURES = {f.value: f for f in Feature}
_DRUGS = {d.value: d for d in Drug}
_IN_TABLE_ORDER = (CaseRow.position, CaseRow.id)


def _present_features(conn) -> dict[str, tuple[Feature, ...]]:
    """Features recorded as present, per case, in vocabulary order (as ``Case.features_present``)."""
    found: dict[str, set[Feature]] = defaultdict(set)
    stmt = select(CaseFeatureRow.case_id, CaseFeatureRow.feature).where(CaseFeatureRow.present.is_(True))
    for case_id, feature in conn.execute(stmt).all():  # fetchall: a fetch per row cost 2x
        found[case_id].add(_FEATURES[feature])
    return {k: tuple(sorted(v, key=_FEATURE_ORDER.__getitem__)) for k, v in found.items()}


def _aggregate_cases(conn) -> dict[str, Case]:
    """Aggregate records validated whole: their group summary is kept only in the document."""
    stmt = select(CaseRow.id, CaseRow.document).where(CaseRow.aggregate.is_(True))
    return {case_id: Case.model_validate(document) for case_id, document in conn.execute(stmt)}


def _check_facts(conn, where: Sequence = ()) -> list[CaseFacts]:
    """The provenance checks and same-patient links of the records that carry any, read as JSON paths
    of the document and filtered in SQL (fetching and decoding them for every record took a second at
    100 000 records); a record without either counts for nothing in ``check_counts``. ``where``: only
    the selected records (conditions on ``cases``)."""
    doc = CaseRow.document
    same, checked = doc[("provenance", "same_patient_as")], doc[("provenance", "checked_fields")]
    rows = conn.execute(select(CaseRow.id, same.as_string(), checked)
                        .where(CaseRow.annotated.is_(True),  # only these documents are parsed
                               same.as_string().is_not(None) | (checked.as_string() != "{}"),  # NULL: missing
                               *where)
                        .order_by(*_IN_TABLE_ORDER))
    return [CaseFacts(id=i, article=None, year=None, aggregate=False, n_cases=1, sex=None, age_years=None,
                      ck_iu_l=None, outcome_class=OutcomeClass.unknown, same_patient_as=same,
                      checked_fields=tuple((checked or {}).items()))
            for i, same, checked in rows]


def _distinct_cases(conn, key, case_id, where, leave_out: list[str], chunk: int = 500) -> dict[str, int]:
    """Records per ``key`` value, each once: over every (selected) record, minus over the records in
    ``leave_out`` (few: the aggregate and same-patient records; asked in chunks to stay within
    bound-parameter limits). ``where``: conditions on the child table's rows."""
    def counts(*conditions) -> dict[str, int]:
        stmt = select(key, func.count(distinct(case_id))).group_by(key)
        conditions = [c for c in (*where, *conditions) if c is not None]
        return dict(conn.execute(stmt.where(*conditions) if conditions else stmt).all())

    total = counts()
    for i in range(0, len(leave_out), chunk):
        for value, k in counts(case_id.in_(leave_out[i:i + chunk])).items():
            total[value] -= k
    return {value: k for value, k in total.items() if k}


def cohort_counts(registry: Registry, *, as_published: bool = False) -> CohortCounts:
    """The summary's counts as SQL aggregates (GROUP BY over the tables); ages and CK read as columns.

    A record whose provenance names the same patient as another is left out unless ``as_published``."""
    return selection_counts(registry, as_published=as_published, antibodies=False).counts


@dataclass(frozen=True)
class SelectionCounts:
    """The summary's counts of the selected records, with the explorer's extras."""

    counts: CohortCounts
    antibodies: dict[Antigen, int]  # individual records positive for each antigen (empty unless asked for)
    listed: int  # records selected, each listed even when it is not counted (same patient as another)


def selection_counts(registry: Registry, where: Sequence = (), *, as_published: bool = False,
                     antibodies: bool = True) -> SelectionCounts:
    """The counts of :func:`cohort_counts` over the records ``where`` selects (conditions on ``cases``,
    as :meth:`imnm.services.cohort.Selection.clauses` builds them); none: every record."""
    where = list(where)
    with registry.session(write=False) as session:
        conn = session.connection()  # plain Core rows: no ORM row processing
        checks = _check_facts(conn, where)
        left_out = [c.id for c in checks if c.same_patient_as and not as_published]
        counted = [CaseRow.id.not_in(left_out)] if left_out else []
        counted += where
        individual = [CaseRow.aggregate.is_(False), *counted]
        # One grouped pass over the wide cases table for every count, one for the ages and CK values; the
        # feature and drug counts take no join: all records', minus those of the records not counted here.
        groups = conn.execute(select(CaseRow.aggregate, CaseRow.sex, CaseRow.outcome_class, func.count(),
                                     func.coalesce(func.sum(CaseRow.n_cases), 0)).where(*counted)
                              .group_by(CaseRow.aggregate, CaseRow.sex, CaseRow.outcome_class)).all()
        n_records = sum(r[3] for r in groups)
        n_patients = sum(r[4] for r in groups)
        n_individual = sum(r[3] for r in groups if not r[0])
        sex: dict[str, int] = {}
        outcomes: dict[str, int] = {}
        for aggregate, sex_value, outcome_value, k, _ in groups:
            if not aggregate:
                outcomes[outcome_value] = outcomes.get(outcome_value, 0) + k
                if sex_value is not None:
                    sex[sex_value] = sex.get(sex_value, 0) + k
        values = conn.execute(select(CaseRow.age_years, CaseRow.ck_iu_l).where(
            *individual, CaseRow.age_years.is_not(None) | CaseRow.ck_iu_l.is_not(None))).all()
        ages = [age for age, _ in values if age is not None]
        cks = [ck for _, ck in values if ck is not None]
        aggregate_rows = conn.execute(select(CaseRow.id, CaseRow.document, CaseRow.n_cases)
                                      .where(CaseRow.aggregate.is_(True), *where).order_by(*_IN_TABLE_ORDER)).all()
        not_counted = sorted({case_id for case_id, _, _ in aggregate_rows} | set(left_out))

        def of_selected(case_id, *conditions) -> list:
            return [*conditions, case_id.in_(select(CaseRow.id).where(*where))] if where else list(conditions)

        features = _distinct_cases(conn, CaseFeatureRow.feature, CaseFeatureRow.case_id,
                                   of_selected(CaseFeatureRow.case_id, CaseFeatureRow.present.is_(True)), not_counted)
        drugs = _distinct_cases(conn, CaseTreatmentRow.drug, CaseTreatmentRow.case_id,
                                of_selected(CaseTreatmentRow.case_id), not_counted)
        positive = _distinct_cases(
            conn, CaseAntibodyRow.antigen, CaseAntibodyRow.case_id,
            of_selected(CaseAntibodyRow.case_id, CaseAntibodyRow.result == "positive"), not_counted,
        ) if antibodies else {}
        aggregate_rows = [(document, n) for case_id, document, n in aggregate_rows if case_id not in set(left_out)]
    counts = CohortCounts(
        n_records=n_records, n_patients=int(n_patients), n_individual=n_individual,
        n_aggregate_patients=sum(n for _, n in aggregate_rows), sex=sex, ages=ages, cks=cks,
        features={Feature(f): k for f, k in features.items()}, drugs={Drug(d): k for d, k in drugs.items()},
        outcomes={OutcomeClass(o): k for o, k in outcomes.items()},
        aggregates=[Case.model_validate(document).export_record() for document, _ in aggregate_rows],
        checks=check_counts(checks, as_published=as_published),
    )
    return SelectionCounts(counts, {Antigen(a): k for a, k in positive.items()}, n_records + len(left_out))


def registry_state(registry: Registry) -> tuple:
    """Changes with every write of a case: each add, update and delete leaves a row in case_revisions
    (count as well as the last id, so a write committed late with a lower id is not missed)."""
    with registry.session(write=False) as session:
        return tuple(session.execute(select(func.max(CaseRevisionRow.id), func.count(CaseRevisionRow.id))).one())


def selected_documents(registry: Registry, where: Sequence, *, limit: int, offset: int) -> list[dict]:
    """One page of the selected records' documents, in data-set order."""
    with registry.session(write=False) as session:
        return list(session.scalars(select(CaseRow.document).where(*where).order_by(*_IN_TABLE_ORDER)
                                    .limit(limit).offset(offset)))


def case_facts(registry: Registry) -> list[CaseFacts]:
    """Every record's facts for ``summarise`` and ``outcome_evidence``, in data-set order."""
    with registry.session(write=False) as session:
        conn = session.connection()  # plain Core rows: no ORM row processing
        features = _present_features(conn)
        given: dict[str, set[Drug]] = defaultdict(set)
        for case_id, drug in conn.execute(select(CaseTreatmentRow.case_id, CaseTreatmentRow.drug)):
            given[case_id].add(_DRUGS[drug])
        aggregates = _aggregate_cases(conn)
        checks = {c.id: c for c in _check_facts(conn)}
        rows = conn.execute(select(
            CaseRow.id, CaseRow.article, CaseRow.year, CaseRow.aggregate, CaseRow.n_cases, CaseRow.sex,
            CaseRow.age_years, CaseRow.ck_iu_l, CaseRow.outcome_class,
        ).order_by(*_IN_TABLE_ORDER))
        outcome = {o.value: o for o in OutcomeClass}
        return [
            CaseFacts(
                id=case_id, article=article, year=year, aggregate=bool(aggregate), n_cases=n_cases, sex=sex,
                age_years=age, ck_iu_l=ck, outcome_class=outcome[outcome_class],
                features_present=features.get(case_id, ()),
                drugs=tuple(sorted(given.get(case_id, ()), key=_DRUG_ORDER.__getitem__)),
                export=aggregates[case_id].export_record() if aggregate else None,
                same_patient_as=checks[case_id].same_patient_as if case_id in checks else None,
                checked_fields=checks[case_id].checked_fields if case_id in checks else (),
            )
            for case_id, article, year, aggregate, n_cases, sex, age, ck, outcome_class in rows
        ]


def _tuples(conn, stmt) -> list[tuple]:
    """The DB-API's own result tuples, for columns that need no type processing (text, numbers, flags
    read for their truth): a SQLAlchemy row per result row cost as much as the query at 100 000 records."""
    return conn.execute(stmt).cursor.fetchall()


def _cells_by_case(rows: list[tuple], cell) -> dict[str, str]:
    """One cell per record from its rows (``case_id, *values``, ordered by record, then source order).
    Many records share the same values (drugs, features), so each distinct combination is written once;
    the grouping runs in C (groupby, itemgetter): unpacking each row in Python cost half a second."""
    values = itemgetter(*range(1, len(rows[0]))) if rows else None
    written: dict[tuple, str] = {}
    cells = {}
    for case_id, group in groupby(rows, itemgetter(0)):
        key = tuple(map(values, group))
        text = written.get(key)
        if text is None:
            text = written[key] = cell(key)
        cells[case_id] = text
    return cells


def _table1_cells(conn) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Each record's laboratory, symptoms and treatment cells (absent: the record has none)."""
    labs = _tuples(conn, select(CaseLabRow.case_id, CaseLabRow.analyte, CaseLabRow.value, CaseLabRow.unit)
                   .where(CaseLabRow.visit_position.is_(None), CaseLabRow.analyte.in_(LAB_LABELS))
                   .order_by(CaseLabRow.case_id, CaseLabRow.id))
    features = _tuples(conn, select(CaseFeatureRow.case_id, CaseFeatureRow.feature)
                       .where(CaseFeatureRow.present.is_(True)).order_by(CaseFeatureRow.case_id))
    ivig = CaseTreatmentRow.drug == Drug.ivig.value  # only IVIG's doses are shown
    courses = _tuples(conn, select(CaseTreatmentRow.case_id, CaseTreatmentRow.drug, case((ivig, CaseTreatmentRow.dose)),
                                   case((ivig, CaseTreatmentRow.dose_unit)))
                      .order_by(CaseTreatmentRow.case_id, CaseTreatmentRow.position))
    values = itemgetter(1, 2, 3)
    return (
        {case_id: lab_cell(map(values, group)) for case_id, group in groupby(labs, itemgetter(0))},  # all differ
        _cells_by_case(features, lambda found: symptom_cell(
            sorted({_FEATURES[f] for f in found}, key=_FEATURE_ORDER.__getitem__))),
        _cells_by_case(courses, lambda given: treatment_cell([(_DRUGS[d], dose, unit) for d, dose, unit in given])),
    )


#: Table 1's columns of ``cases``, all in the index ``ix_cases_table1``: read in table order from it alone.
_TABLE1_COLUMNS = (CaseRow.id, CaseRow.article, CaseRow.aggregate, CaseRow.n_cases, CaseRow.sex, CaseRow.age_years,
                   CaseRow.ethnicity, CaseRow.outcome_class)


def _table1_documents(include_free_text: bool):
    """The words and notes Table 1 takes from documents: each record's free text (a local record's
    left out unless asked for), and its review flags and checked fields only when it has any (NULL
    otherwise, so only those few are decoded). Without local free text only the published and the
    annotated records are read, found by index: their documents are the only ones parsed."""
    doc = CaseRow.document
    local = CaseRow.source_kind == "local"

    def words(path):
        text = doc[path].as_string()
        return text if include_free_text else case((local, null()), else_=text)

    flags, checked = doc["review_flags"].as_string(), doc[("provenance", "checked_fields")].as_string()
    stmt = select(CaseRow.id, words(("presentation", "text")), words(("outcome", "outcome_text")),
                  case((CaseRow.annotated & (flags != "[]"), flags)),
                  case((CaseRow.annotated & (checked != "{}"), checked)))
    if include_free_text:
        return stmt
    # "not local" as two ranges, so SQLite searches the index on source_kind instead of scanning the table
    return stmt.where(CaseRow.annotated.is_(True) | (CaseRow.source_kind < "local") | (CaseRow.source_kind > "local"))


def table1_rows(registry: Registry, *, include_free_text: bool = False) -> Iterator[list[str]]:
    """Table 1's rows (as :func:`imnm.cohort.table1.build_table1` makes them from the records, without
    the header) built straight from the registry's result rows, one list of strings at a time: no record
    object per patient. A local record's free text is left out in SQL unless ``include_free_text``."""
    with registry.session(write=False) as session:
        conn = session.connection()  # plain Core rows: no ORM row processing
        labs, symptoms, treatments = _table1_cells(conn)
        aggregates = _aggregate_cases(conn)
        documents = {row[0]: row[1:] for row in _tuples(conn, _table1_documents(include_free_text))}
        rows = _tuples(conn, select(*_TABLE1_COLUMNS).order_by(*_IN_TABLE_ORDER))
    groups: dict[str, int] = defaultdict(int)
    for case_id, article, _, n_cases, *_ in rows:
        groups[article_key(article, case_id)] += n_cases
    first = FirstColumn(groups)
    people: dict[tuple, str] = {}
    outcomes: dict[tuple, str] = {}
    nothing = (None, None, None, None)
    for case_id, article, aggregate, _, sex, age, ethnicity, outcome_class in rows:
        key = article_key(article, case_id)
        if aggregate:
            record = Table1Record.from_case(aggregates[case_id])
            record = record if include_free_text else record.without_free_text()
            yield [first.cell(key, case_id, record.review_flags, record.checked), *record_cells(record)]
            continue
        presentation, outcome_text, flags, checked = documents.get(case_id, nothing)
        flags = tuple((f["kind"], f["message"]) for f in json.loads(flags)) if flags else ()
        checked = tuple(json.loads(checked).items()) if checked else ()
        person = people.get((sex, age, ethnicity))
        if person is None:
            person = people[sex, age, ethnicity] = person_cell(sex, age, ethnicity)
        outcome = outcomes.get((outcome_text, outcome_class))
        if outcome is None:
            outcome = outcomes[outcome_text, outcome_class] = outcome_cell(outcome_text, outcome_class)
        yield [first.cell(key, case_id, flags, checked), person, presentation or "---", labs.get(case_id, "---"),
               symptoms.get(case_id, "---"), treatments.get(case_id, "---"), outcome]


def _table1_labs(conn) -> dict[str, list[tuple[str, float, str]]]:
    """Each record's CK and aldolase at diagnosis (analyte, value, unit), in source order."""
    labs: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    for case_id, analyte, value, unit in conn.execute(
        select(CaseLabRow.case_id, CaseLabRow.analyte, CaseLabRow.value, CaseLabRow.unit)
        .where(CaseLabRow.visit_position.is_(None), CaseLabRow.analyte.in_(LAB_LABELS))
        .order_by(CaseLabRow.case_id, CaseLabRow.id)
    ).all():
        labs[case_id].append((analyte, value, unit))
    return labs


def _table1_courses(conn) -> dict[str, list[tuple[Drug, float | None, str | None]]]:
    """Each record's treatment courses (drug, dose, unit), in source order."""
    courses: dict[str, list[tuple[Drug, float | None, str | None]]] = defaultdict(list)
    for case_id, drug, dose, unit in conn.execute(
        select(CaseTreatmentRow.case_id, CaseTreatmentRow.drug, CaseTreatmentRow.dose, CaseTreatmentRow.dose_unit)
        .order_by(CaseTreatmentRow.case_id, CaseTreatmentRow.position)
    ).all():
        courses[case_id].append((_DRUGS[drug], dose, unit))
    return courses


def table1_records(registry: Registry) -> list[Table1Record]:
    """Every record as its Table 1 row needs it, in data-set order."""
    doc = CaseRow.document
    with registry.session(write=False) as session:
        conn = session.connection()  # plain Core rows: no ORM row processing
        features, labs, courses = _present_features(conn), _table1_labs(conn), _table1_courses(conn)
        aggregates = _aggregate_cases(conn)
        rows = conn.execute(select(
            CaseRow.id, CaseRow.article, CaseRow.aggregate, CaseRow.n_cases, CaseRow.sex, CaseRow.age_years,
            doc["ethnicity"].as_string(), doc[("presentation", "text")].as_string(),
            doc[("outcome", "outcome_text")].as_string(), CaseRow.outcome_class, doc["review_flags"],
            doc[("provenance", "checked_fields")], CaseRow.source_kind,
        ).order_by(*_IN_TABLE_ORDER)).all()
        records = []
        for case_id, article, aggregate, n_cases, sex, age, ethnicity, presentation, outcome_text, outcome_class, \
                flags, checked, source_kind in rows:
            if aggregate:
                records.append(Table1Record.from_case(aggregates[case_id]))
                continue
            records.append(Table1Record(
                id=case_id, article=article, aggregate=False, n_cases=n_cases, sex=sex, age_years=age,
                ethnicity=ethnicity, presentation_text=presentation, labs=tuple(labs.get(case_id, ())),
                features_present=features.get(case_id, ()), treatments=tuple(courses.get(case_id, ())),
                outcome_text=outcome_text, outcome_class=outcome_class,
                review_flags=tuple((f["kind"], f["message"]) for f in flags or ()), source_kind=source_kind,
                checked=tuple((checked or {}).items()),
            ))
        return records


def _minus(whole: Tally, part: Tally) -> Tally:
    return {o: k - part.get(o, 0) for o, k in whole.items() if k - part.get(o, 0)}


def _sides(**sides: Tally) -> dict[bool | None, Tally]:
    keys = {"yes": True, "no": False, "unclassified": None}
    return {keys[name]: tally for name, tally in sides.items() if tally}


def evidence_counts(registry: Registry) -> EvidenceCounts:
    """The evidence's 2x2 tables counted by GROUP BY (equal to :func:`imnm.cohort.evidence.count_evidence`).

    Age, CK and era are columns of ``cases``: one grouped pass. Drugs and extramuscular features are
    flagged per record in one grouped pass over the treatment and feature rows, joined to the record's
    outcome; a record with no such row is on the "no" side, so that side is the kept records minus the
    "yes" side. Only the records left out (aggregate, outcome unknown) are read one by one, to name them.
    """
    outcome = {o.value: o for o in OutcomeClass}
    kept_rows = CaseRow.aggregate.is_(False) & (CaseRow.outcome_class != OutcomeClass.unknown.value)

    def cut(column, test):
        return case((column.is_(None), None), (test, 1), else_=0)

    def flag(test):
        return case((test, 1), else_=0)

    zero = literal(0, Integer)
    t, f = CaseTreatmentRow, CaseFeatureRow
    rows = union_all(
        select(t.case_id.label("case_id"), flag(t.drug == Drug.rituximab.value).label("rituximab"),
               flag(t.drug == Drug.ivig.value).label("ivig"), flag(t.drug != Drug.glucocorticoids.value).label("other"),
               literal(1, Integer).label("treated"), zero.label("extramuscular")),
        select(f.case_id, zero, zero, zero, zero, literal(1, Integer))
        .where(f.present.is_(True), f.feature.in_([x.value for x in EXTRAMUSCULAR])),
    ).subquery()
    flags = select(rows.c.case_id, *(func.max(rows.c[n]).label(n) for n in
                                     ("rituximab", "ivig", "other", "treated", "extramuscular"))
                   ).group_by(rows.c.case_id).subquery()
    with registry.session(write=False) as session:
        conn = session.connection()  # plain Core rows: no ORM row processing
        cuts = (CaseRow.outcome_class, cut(CaseRow.age_years, CaseRow.age_years < AGE_CUT_YEARS).label("young"),
                cut(CaseRow.ck_iu_l, CaseRow.ck_iu_l > CK_CUT_IU_L).label("high_ck"),
                cut(CaseRow.year, CaseRow.year >= ERA_CUT_YEAR).label("recent"))
        by_columns = conn.execute(select(*cuts, func.count()).where(kept_rows).group_by(*cuts)).all()
        flagged = (CaseRow.outcome_class, flags.c.rituximab, flags.c.ivig, flags.c.other, flags.c.treated,
                   flags.c.extramuscular)
        by_flags = conn.execute(select(*flagged, func.count()).join_from(flags, CaseRow, CaseRow.id == flags.c.case_id)
                                .where(kept_rows).group_by(*flagged)).all()
        left_out = conn.execute(select(CaseRow.id, CaseRow.article, CaseRow.n_cases, CaseRow.aggregate)
                                .where(CaseRow.aggregate.is_(True) | (CaseRow.outcome_class == OutcomeClass.unknown.value))
                                .order_by(*_IN_TABLE_ORDER)).all()

    def tally(rows, keep) -> Tally:
        out: Tally = {}
        for row in rows:
            if keep(row):
                o = outcome[row[0]]
                out[o] = out.get(o, 0) + row[-1]
        return out

    kept = tally(by_columns, lambda r: True)
    splits: dict[str, dict[bool | None, Tally]] = {}
    for name, i in (("age", 1), ("creatine_kinase", 2), ("era", 3)):
        sides = {side: tally(by_columns, lambda r, i=i, side=side: r[i] == side) for side in (1, 0)}
        splits[name] = _sides(yes=sides[1], no=sides[0], unclassified=tally(by_columns, lambda r, i=i: r[i] is None))
    for name, yes in (("rituximab", lambda r: r[1]), ("ivig", lambda r: r[2]), ("rituximab_or_ivig", lambda r: r[1] or r[2]),
                      ("extramuscular", lambda r: r[5])):
        given = tally(by_flags, yes)
        splits[name] = _sides(yes=given, no=_minus(kept, given))
    treated = tally(by_flags, lambda r: r[4])
    alone = tally(by_flags, lambda r: r[4] and not r[3])
    splits["steroids_alone"] = _sides(yes=alone, no=_minus(treated, alone), unclassified=_minus(kept, treated))
    aggregates = [(article, n) for _, article, n, aggregate in left_out if aggregate]
    return EvidenceCounts(kept=kept, splits={s: splits[s] for s in (
        "rituximab", "ivig", "rituximab_or_ivig", "steroids_alone", "age", "creatine_kinase", "extramuscular", "era")},
        excluded={"aggregate_records": [f"{article} ({n} patients)" for article, n in aggregates],
                  "aggregate_patients": sum(n for _, n in aggregates),
                  "unknown_outcome": [i for i, _, _, aggregate in left_out if not aggregate]})
