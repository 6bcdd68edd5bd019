"""Summary, Table 1 and evidence read from the normalised tables equal the document path exactly.

The registry is seeded with the shipped cohort and holds local records that reach every branch a
cell or a count can take: a unit to convert, a negated and an implied feature, repeated IVIG courses
in source order, a review flag, an empty record and a local aggregate record.
"""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from imnm.cohort.evidence import outcome_evidence
from imnm.cohort.statistics import summarise
from imnm.cohort.table1 import build_table1
from imnm.model import Case
from imnm.store.cases import add_cases, list_cases

LOCAL = [
    {"source_kind": "local", "sex": "M", "age_years": 6, "ethnicity": "Hispanic",
     "presentation": {"text": "Weakness after a cold"},
     "labs": [{"analyte": "creatine_kinase", "value": 250, "unit": "ukat/L"},
              {"analyte": "aldolase", "value": 40, "unit": "U/L"}],
     "antibodies": [{"antigen": "srp", "result": "positive"}],
     "features": [{"feature": "pulmonary"}, {"feature": "lvh"}, {"feature": "cutaneous", "present": False}],
     "treatments": [{"drug": "ivig", "dose": 2, "dose_unit": "g/kg"}, {"drug": "glucocorticoids"},
                    {"drug": "ivig", "dose": 1, "dose_unit": "g/kg"}, {"drug": "rituximab"}],
     "visits": [{"label": "month 3", "labs": [{"analyte": "creatine_kinase", "value": 900, "unit": "U/L"}]}],
     "outcome": {"outcome_class": "remission", "outcome_text": "Off treatment at 2 years"},
     "review_flags": [{"field": "age_years", "kind": "unverified", "message": "age from the referral letter"}]},
    {"source_kind": "local", "sex": "F", "age_years": 13.5,
     "labs": [{"analyte": "creatine_kinase", "value": 15000, "unit": "U/L"}],
     "treatments": [{"drug": "glucocorticoids"}], "outcome": {"outcome_class": "improvement"}},
    {"source_kind": "local"},
    {"source_kind": "local", "sex": "F", "outcome": {"outcome_class": "marked_improvement"}},  # untreated, no age
    {"source_kind": "local", "aggregate": True, "n_cases": 3,
     "aggregate_summary": {"n_female": 2, "n_male": 1, "ck_min_iu_l": 5000, "ck_max_iu_l": 20000,
                           "feature_percent": {"dysphagia": 33}}},
    {"source_kind": "literature", "citation": {"first_author": "Nobody", "year": 2019}, "sex": "F",
     "age_years": 9, "features": [{"feature": "dysphagia"}], "treatments": [{"drug": "methotrexate"}],
     "outcome": {"outcome_class": "death", "outcome_text": "Died"}},
    # words a CSV must quote (comma, quote, line breaks), in a local and a published record
    {"source_kind": "local", "sex": "F", "age_years": 8, "ethnicity": 'Roma, "Kale"',
     "presentation": {"text": 'Fell twice,\nthen "could not" climb\r\nstairs'},
     "outcome": {"outcome_class": "remission", "outcome_text": "Well, \"back\" at school"},
     "review_flags": [{"field": "ethnicity", "kind": "unverified", "message": 'from the "family", by phone'}]},
    {"source_kind": "literature", "citation": {"first_author": "Somebody", "year": 2021}, "sex": "M",
     "age_years": 12, "presentation": {"text": 'Weak; "myalgia",\nthen dysphagia'},
     "outcome": {"outcome_class": "improvement", "outcome_text": "Walks, with help"}},
]


@pytest.fixture
def registry(opened_registry):
    add_cases(opened_registry, [Case.model_validate(d) for d in LOCAL], actor="test")
    return opened_registry


def test_summary_from_sql_equals_the_documents(registry):
    from imnm.store.queries import case_facts

    from_sql = summarise(case_facts(registry))
    assert from_sql.as_dict() == summarise(list_cases(registry)).as_dict()
    assert from_sql.n_records == 24 + len(LOCAL)


def test_summary_from_sql_aggregates_equals_the_documents(registry):
    from imnm.cohort.statistics import summarise_counts
    from imnm.store.queries import cohort_counts

    assert summarise_counts(cohort_counts(registry)).as_dict() == summarise(list_cases(registry)).as_dict()


def test_table1_from_sql_equals_the_documents(registry):
    from imnm.store.queries import table1_records

    from_sql = build_table1(table1_records(registry))
    from_documents = build_table1(list_cases(registry))
    assert from_sql.rows == from_documents.rows
    assert from_sql.notes == from_documents.notes
    assert len(from_sql.rows) == 24 + len(LOCAL)


def test_evidence_from_sql_equals_the_documents(registry):
    from imnm.store.queries import case_facts

    assert outcome_evidence(case_facts(registry)) == outcome_evidence(list_cases(registry))


def test_evidence_counted_in_sql_equals_the_documents(registry):
    from imnm.cohort.evidence import count_evidence, evidence_from_counts
    from imnm.store.queries import evidence_counts

    counts = evidence_counts(registry)
    assert counts == count_evidence(list_cases(registry))
    assert counts.splits["rituximab"][True]  # the local records reach the drug and feature splits
    assert counts.splits["extramuscular"][True] and counts.splits["steroids_alone"][None]
    assert evidence_from_counts(counts) == outcome_evidence(list_cases(registry))


def test_commands_print_what_the_documents_give(registry, monkeypatch):
    from imnm.cli import app
    from imnm.cohort.commands import evidence_text
    from imnm.interop.tables import to_csv
    from imnm.report.text import summary_text

    monkeypatch.setenv("IMNM_DATABASE_URL", registry.url)
    runner = CliRunner()
    cases = list_cases(registry)
    summary = runner.invoke(app, ["cohort", "summary", "--format", "json"])
    assert summary.exit_code == 0, summary.output
    assert json.loads(summary.stdout) == summarise(cases).as_dict()
    text = runner.invoke(app, ["cohort", "summary"])
    assert text.stdout.strip() == summary_text(summarise(cases)).strip()
    table = runner.invoke(app, ["cohort", "table1", "--format", "csv", "--include-free-text"])
    assert table.stdout_bytes.decode() == to_csv(build_table1(cases).to_frame())  # .stdout drops a \r
    evidence = runner.invoke(app, ["cohort", "evidence", "--format", "json"])
    assert json.loads(evidence.stdout) == json.loads(json.dumps(outcome_evidence(cases)))
    assert runner.invoke(app, ["cohort", "evidence"]).stdout.strip() == evidence_text(outcome_evidence(cases))


def test_provenance_checks_are_read_only_for_records_that_carry_them(registry):
    from imnm.store.queries import _check_facts

    with registry.session(write=False) as session:
        facts = _check_facts(session.connection())
    assert facts and all(f.checked_fields or f.same_patient_as for f in facts)  # not one row per record
    assert {f.id for f in facts} == {c.id for c in list_cases(registry)
                                     if c.provenance and (c.provenance.checked_fields or c.provenance.same_patient_as)}


@pytest.mark.parametrize("include_free_text", [False, True])
def test_table1_csv_streamed_from_sql_equals_the_documents_frame(registry, include_free_text, monkeypatch):
    from imnm.cli import app
    from imnm.interop.deidentify import strip_free_text
    from imnm.interop.tables import to_csv
    from imnm.services.cohort import write_table1_csv

    cases = list_cases(registry)
    expected = to_csv(build_table1(cases if include_free_text else [strip_free_text(c) for c in cases]).to_frame())
    assert 'Roma, ""Kale"""' in expected and ('then ""could not"" climb' in expected) == include_free_text
    out = io.StringIO(newline="")
    write_table1_csv(registry, out, include_free_text=include_free_text)
    assert out.getvalue() == expected
    monkeypatch.setenv("IMNM_DATABASE_URL", registry.url)
    extra = ["--include-free-text"] if include_free_text else []
    result = CliRunner().invoke(app, ["cohort", "table1", "--format", "csv", *extra])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode() == expected


def test_table1_flags_and_checks_are_read_only_for_records_that_carry_them(registry):
    from imnm.store.queries import _table1_documents

    with registry.session(write=False) as session:
        rows = session.connection().execute(_table1_documents(False)).all()
    aggregate = {c.id for c in list_cases(registry) if c.aggregate}
    found = {row[0]: (json.loads(row[-2]) if row[-2] else [], json.loads(row[-1]) if row[-1] else {})
             for row in rows if row[0] not in aggregate and (row[-2] or row[-1])}  # NULL for a record without any
    carrying = {c.id: ([f.model_dump(mode="json", exclude_none=True) for f in c.review_flags],
                       c.provenance.checked_fields if c.provenance else {})
                for c in list_cases(registry)
                if not c.aggregate and (c.review_flags or (c.provenance and c.provenance.checked_fields))}
    assert found == carrying and len(found) < 24 + len(LOCAL)


def test_table1_csv_does_not_import_pandas(registry):
    """pandas' import alone was an eighth of the command at 100 000 records; the CSV does not need it."""
    import os
    import subprocess
    import sys

    script = ("import sys; from typer.testing import CliRunner; from imnm.cli import app; "
              "r = CliRunner().invoke(app, ['cohort', 'table1', '--format', 'csv']); "
              "assert r.exit_code == 0, r.output; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'))")
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True,
                          env={**os.environ, "IMNM_DATABASE_URL": registry.url})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_table1_and_summary_read_ethnicity_and_notes_from_the_columns_not_every_document(registry):
    """The document is opened for notes only where ``cases.annotated`` says it holds some, and the
    ethnicity comes from its column (both set on every write; tests/store/test_derived_columns.py)."""
    from sqlalchemy import update

    from imnm.cohort.table1 import person_cell
    from imnm.store.queries import _check_facts, table1_rows
    from imnm.store.schema import CaseRow

    flagged = next(c for c in list_cases(registry) if c.source_kind == "local" and c.review_flags)
    checked = next(c for c in list_cases(registry) if c.provenance and c.provenance.checked_fields)
    with registry.session() as session:  # columns that disagree with the documents, to see which is read
        session.execute(update(CaseRow).where(CaseRow.id.in_([flagged.id, checked.id])).values(annotated=False))
        session.execute(update(CaseRow).where(CaseRow.id == flagged.id).values(ethnicity="from the column"))
    [row] = [r for r in table1_rows(registry) if r[1].endswith(", from the column")]
    assert "[" not in row[0]  # no note marks: its flags were not read
    assert row[1] != person_cell(flagged.sex.value, flagged.age_years, flagged.ethnicity)
    with registry.session(write=False) as session:
        assert checked.id not in {f.id for f in _check_facts(session.connection())}


def test_summary_evidence_and_table1_never_scan_the_wide_cases_table(registry):
    """Every row of ``cases`` carries its document (about 2 KB): summary, evidence and Table 1 (without
    local free text) read their columns from covering indexes and find the few aggregate, annotated or
    published records by index, never by a scan of the table itself (SQLite's query plans; 0.1-0.3 s per
    scan at 100 000 records)."""
    import re

    from sqlalchemy import event

    from imnm.store.queries import cohort_counts, evidence_counts, table1_rows

    if registry.engine.dialect.name != "sqlite":
        pytest.skip("query plans are read from SQLite")
    statements = []

    def keep(conn, cursor, sql, params, *_):
        statements.append((sql, params))

    event.listen(registry.engine, "before_cursor_execute", keep)
    cohort_counts(registry)
    cohort_counts(registry, as_published=True)
    evidence_counts(registry)
    list(table1_rows(registry))
    event.remove(registry.engine, "before_cursor_execute", keep)
    with registry.engine.connect() as conn:
        plans = {sql: [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]
                 for sql, params in statements if "FROM cases" in sql}
    assert plans
    scans = {sql: plan for sql, plan in plans.items() if any(re.fullmatch(r"SCAN cases( USING INDEX .*)?", p) for p in plan)}
    assert scans == {}
