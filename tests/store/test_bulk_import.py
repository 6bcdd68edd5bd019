"""Importing many cases at once: streamed, batched, one transaction, every table filled, nothing on error.

The records come from the benchmark's generator of invented patients (benchmarks/synthetic_patients.py).
No wall time is asserted here; benchmarks/bench_import.py measures whole imports.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, func, inspect, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from imnm.cli import app
from imnm.model import Case
from imnm.store import cases as store_cases
from imnm.store import open_registry
from imnm.store.cases import DuplicateCase, add_cases, count_cases
from imnm.store.registry import KILL_HOOK_ENV
from imnm.store.schema import (
    CaseAntibodyRow,
    CaseFeatureRow,
    CaseLabRow,
    CaseRevisionRow,
    CaseRow,
    CaseTreatmentRow,
    CaseVisitRow,
)

ROOT = Path(__file__).resolve().parents[2]
N = 300


def _generator():
    spec = importlib.util.spec_from_file_location("synthetic_patients",
                                                  ROOT / "benchmarks" / "synthetic_patients.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _generator()


def _counts(registry) -> dict[str, int]:
    with registry.session(write=False) as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in
                (CaseRow, CaseFeatureRow, CaseTreatmentRow, CaseLabRow, CaseAntibodyRow, CaseVisitRow,
                 CaseRevisionRow)}


def _expected_rows(cases: list[Case]) -> dict[str, int]:
    return {
        "cases": len(cases),
        "case_features": sum(len(c.features) for c in cases),
        "case_treatments": sum(len(c.treatments) for c in cases),
        "case_labs": sum(len(c.labs) + sum(len(v.labs) for v in c.visits) for c in cases),
        "case_antibodies": sum(len(c.antibodies) for c in cases),
        "case_visits": sum(len(c.visits) for c in cases),
        "case_revisions": len(cases),
    }


def _add(url: str, path: Path, monkeypatch):
    monkeypatch.setenv("IMNM_DATABASE_URL", url)
    return CliRunner().invoke(app, ["case", "add", str(path)])


# --- the generator ------------------------------------------------------------------------------------


def test_generated_patients_validate_are_deterministic_and_spread(tmp_path):
    path = synthetic.write_patients(tmp_path / "patients.json", 200, seed=3)
    records = json.loads(path.read_text(encoding="utf-8"))
    cases = [Case.model_validate(r) for r in records]
    assert len(cases) == 200
    assert synthetic.write_patients(tmp_path / "again.json", 200, seed=3).read_bytes() == path.read_bytes()
    assert synthetic.write_patients(tmp_path / "other.json", 200, seed=4).read_bytes() != path.read_bytes()
    assert {c.sex.value for c in cases} == {"F", "M"}
    assert all(1 <= c.age_years <= 17 and c.weight_kg and c.height_cm for c in cases)
    assert {len(c.visits) for c in cases} == {1, 2, 3, 4}
    assert all(c.source_kind == "local" and c.ck_iu_l is not None for c in cases)
    assert len({c.outcome_class for c in cases}) >= 5
    assert {f.present for c in cases for f in c.features} == {True, False}
    assert all(t.start is not None for c in cases for t in c.treatments)
    cited = [c for c in cases if c.citation is not None]
    assert cited and len({c.citation.doi for c in cited}) == len(cited)


# --- the import ---------------------------------------------------------------------------------------


def test_import_fills_every_table_and_prints_every_id(database_url, tmp_path, monkeypatch):
    path = synthetic.write_patients(tmp_path / "patients.json", N, seed=1)
    cases = [Case.model_validate(r) for r in json.loads(path.read_text(encoding="utf-8"))]
    registry = open_registry(database_url)
    before = _counts(registry)
    result = _add(database_url, path, monkeypatch)
    assert result.exit_code == 0, result.output
    ids = result.stdout.split()
    assert len(ids) == N == len(set(ids)) and all(i.startswith(("local-", "synthetic-")) for i in ids)
    after = _counts(registry)
    expected = _expected_rows(cases)
    assert {k: after[k] - before[k] for k in after} == expected
    # the stored record is the validated one, children and all, in file order after the seed
    stored = store_cases.list_cases(registry, source_kind="local")
    assert [c.id for c in stored] == ids
    assert stored[17].model_dump(exclude={"id"}) == cases[17].model_dump(exclude={"id"})
    with registry.session(write=False) as session:
        actions = set(session.scalars(select(CaseRevisionRow.action).where(CaseRevisionRow.case_id.in_(ids))))
        cited = next(i for i, c in enumerate(cases) if c.citation is not None)
        for i in (17, cited):
            row = session.get(CaseRow, ids[i])
            stored_columns = (row.sex, row.age_years, row.ck_iu_l, row.outcome_class, row.doi, row.article,
                              row.version)
            assert stored_columns == (
                cases[i].sex.value, cases[i].age_years, cases[i].ck_iu_l, cases[i].outcome_class.value,
                cases[i].citation.doi if cases[i].citation else None, cases[i].article, 1)
        visit = session.scalars(select(CaseVisitRow).where(CaseVisitRow.case_id == ids[17])
                                .order_by(CaseVisitRow.position)).first()
        assert (visit.date, visit.cmas, visit.mmt8) == (cases[17].visits[0].date, cases[17].visits[0].cmas,
                                                         cases[17].visits[0].mmt8)
    assert actions == {"add"}
    registry.dispose()


def test_a_bad_record_anywhere_stores_nothing_and_is_named(database_url, tmp_path, monkeypatch):
    records = list(synthetic.iter_patients(N, seed=2))
    records[N - 5]["age_years"] = 250
    records[N - 2]["visits"][0]["cmas"] = 60
    path = tmp_path / "patients.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    registry = open_registry(database_url)
    before = _counts(registry)
    result = _add(database_url, path, monkeypatch)
    assert result.exit_code == 2, result.output
    assert f"[{N - 5}].age_years: got 250" in result.stderr
    assert f"[{N - 2}].visits[0].cmas: got 60" in result.stderr
    assert _counts(registry) == before
    registry.dispose()


def test_broken_json_late_in_the_file_stores_nothing(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    text = synthetic.write_patients(tmp_path / "patients.json", N, seed=2).read_text(encoding="utf-8")
    path = tmp_path / "broken.json"
    path.write_text(text[: len(text) * 9 // 10], encoding="utf-8")  # cut inside a late record
    registry = open_registry(url)
    before = _counts(registry)
    result = _add(url, path, monkeypatch)
    assert result.exit_code == 2 and "not valid JSON" in result.stderr, result.output
    assert _counts(registry) == before
    registry.dispose()


def test_same_patient_is_refused_at_scale(database_url, tmp_path, monkeypatch):
    records = list(synthetic.iter_patients(N, seed=5))
    cited = [i for i, r in enumerate(records) if "citation" in r]
    registry = open_registry(database_url)
    stored_id = add_cases(registry, [Case.model_validate(records[cited[3]])])[0]
    before = _counts(registry)
    path = tmp_path / "patients.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = _add(database_url, path, monkeypatch)
    assert result.exit_code == 2, result.output
    assert f"same patient as stored case '{stored_id}'" in result.stderr
    assert _counts(registry) == before
    # the same patient twice in one import (DOI case-insensitive), late in the file
    again = dict(records[cited[1]], citation={**records[cited[1]]["citation"],
                                              "doi": records[cited[1]]["citation"]["doi"].upper()})
    del records[cited[3]]
    path.write_text(json.dumps([*records, again]), encoding="utf-8")
    result = _add(database_url, path, monkeypatch)
    assert result.exit_code == 2, result.output
    assert f"records {cited[1]} and {len(records)} of this import are the same patient" in result.stderr
    assert _counts(registry) == before
    registry.dispose()


def test_batches_roll_back_together_and_ids_stay_unique(database_url, monkeypatch):
    """Several batches in one transaction: a clash in the last batch undoes the first ones."""
    registry = open_registry(database_url, seed=False)
    cases = [Case.model_validate(r) for r in synthetic.iter_patients(120, seed=6)]
    with pytest.raises(DuplicateCase):
        add_cases(registry, [*cases, cases[0].model_copy(update={"id": "given-twice"}),
                             cases[1].model_copy(update={"id": "given-twice"})], batch_size=25)
    assert count_cases(registry) == 0
    # a generated id that clashes (with the import or the registry) is drawn again, never refused
    drawn = iter(["local-same", "local-same", "local-same", *(f"local-{i}" for i in range(200))])
    monkeypatch.setattr(store_cases, "new_case_id", lambda case: next(drawn))
    first = add_cases(registry, cases[:1])
    ids = add_cases(registry, cases[1:], batch_size=25)
    assert first == ["local-same"] and "local-same" not in ids and len(set(ids)) == len(cases) - 1
    assert count_cases(registry) == len(cases)
    registry.dispose()


def test_position_lookups_have_an_index(database_url):
    registry = open_registry(database_url, seed=False)
    with registry.engine.connect() as conn:
        indexed = [ix["column_names"] for ix in inspect(conn).get_indexes("cases")]
    registry.dispose()
    assert ["position"] in indexed


def test_an_import_killed_before_its_last_insert_leaves_the_registry_as_it_was(tmp_path, monkeypatch):
    """SIGKILL once every batch but the last is written (the statement count is measured on a copy)."""
    path = synthetic.write_patients(tmp_path / "patients.json", 2500, seed=8)  # three batches
    template = tmp_path / "template.sqlite3"
    open_registry(f"sqlite:///{template}").dispose()
    counted, killed = tmp_path / "counted.sqlite3", tmp_path / "killed.sqlite3"
    shutil.copyfile(template, counted)
    shutil.copyfile(template, killed)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert _add(f"sqlite:///{counted}", path, monkeypatch).exit_code == 0
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert sum(sql.startswith("INSERT INTO cases ") for sql in statements) == 3
    last_insert = max(i for i, sql in enumerate(statements, start=1) if sql.startswith("INSERT INTO case_revisions"))
    registry = open_registry(f"sqlite:///{killed}")
    before = _counts(registry)
    env = {**os.environ, "IMNM_DATABASE_URL": f"sqlite:///{killed}", KILL_HOOK_ENV: str(last_insert)}
    proc = subprocess.run([sys.executable, "-c", "from imnm.cli import app; app()", "case", "add", str(path)],
                          env=env, capture_output=True, timeout=300, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert _counts(registry) == before
    registry.dispose()


def test_the_cyclic_garbage_collector_is_paused_during_an_import_and_restored(database_url):
    """Re-scanning every live object as the batches come and go cost 40% of an import's CPU."""
    import gc

    registry = open_registry(database_url, seed=False)
    seen = []

    def stream():
        for record in synthetic.iter_patients(30, seed=9):
            seen.append(gc.isenabled())
            yield Case.model_validate(record)

    assert gc.isenabled()
    add_cases(registry, stream(), batch_size=10)
    assert seen and not any(seen) and gc.isenabled()
    with pytest.raises(DuplicateCase):
        add_cases(registry, [Case(id="twice"), Case(id="twice")])
    assert gc.isenabled()
    gc.disable()
    try:
        add_cases(registry, [Case()])
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    registry.dispose()


def test_two_imports_of_one_patient_at_once_store_it_once(database_url, tmp_path):
    """Concurrent imports are serialised (SQLite write lock, PostgreSQL advisory lock): the second one to
    check sees the first one's patient and is refused whole."""
    shared = next(r for r in synthetic.iter_patients(40, seed=10) if "citation" in r)
    files = []
    for seed in (11, 12):
        path = tmp_path / f"centre-{seed}.json"
        path.write_text(json.dumps([*synthetic.iter_patients(1500, seed=seed), shared]), encoding="utf-8")
        files.append(path)
    registry = open_registry(database_url)
    before = count_cases(registry)
    env = {**os.environ, "IMNM_DATABASE_URL": database_url}
    procs = [subprocess.Popen([sys.executable, "-c", "from imnm.cli import app; app()", "case", "add", str(f)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for f in files]
    results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
    assert sorted(code for code, _ in results) == [0, 2], results
    assert "same patient as stored case" in next(err for code, err in results if code == 2)
    assert count_cases(registry) == before + 1501
    registry.dispose()


def test_a_large_import_shows_a_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from imnm import cli

    path = synthetic.write_patients(tmp_path / "patients.json", 50, seed=13)
    terminal = io.StringIO()
    monkeypatch.setattr(cli, "err_console", Console(file=terminal, force_terminal=True, width=100))
    monkeypatch.setattr(cli, "PROGRESS_MIN_BYTES", 1)
    result = _add(f"sqlite:///{tmp_path / 'r.sqlite3'}", path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "50 cases checked and written" in terminal.getvalue() and "100%" in terminal.getvalue()
    monkeypatch.setattr(cli, "PROGRESS_MIN_BYTES", path.stat().st_size + 1)  # a small file: no bar
    terminal.truncate(0)
    assert _add(f"sqlite:///{tmp_path / 'r2.sqlite3'}", path, monkeypatch).exit_code == 0
    assert "checked and written" not in terminal.getvalue()


def test_case_add_help_states_the_all_or_nothing_promise():
    result = CliRunner().invoke(app, ["case", "add", "--help"], terminal_width=200)
    text = " ".join(result.output.split())
    assert "[index].field" in text and "nothing at all is stored" in text
