"""Several processes writing to one case at once lose nothing: every visit and every revision is kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from imnm.model import Case
from imnm.store import open_registry
from imnm.store.cases import add_case, get_case, revisions

WRITERS = 3
VISITS_EACH = 4

# One writer: append VISITS_EACH visits to the case, one transaction each, as `imnm case add-visit` does.
WRITER = """
import sys
from imnm.model import Visit
from imnm.store import Registry
from imnm.store.cases import amend_case

url, case_id, writer, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
registry = Registry(url)
for i in range(count):
    visit = Visit(label=f"writer {writer} visit {i}", months_from_diagnosis=1 + i, cmas=30 + i)
    amend_case(registry, case_id, lambda c: c.model_copy(update={"visits": [*c.visits, visit]}),
               actor=f"writer-{writer}")
"""


def test_parallel_writers_keep_every_visit_and_every_revision(database_url):
    registry = open_registry(database_url, seed=False)
    case_id = add_case(registry, Case(sex="F", age_years=10))
    env = {**os.environ, "IMNM_DATABASE_URL": database_url}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, database_url, case_id, str(w), str(VISITS_EACH)],
                         env=env, stderr=subprocess.PIPE)
        for w in range(WRITERS)
    ]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    labels = sorted(v.label for v in get_case(registry, case_id).visits)
    assert labels == sorted(f"writer {w} visit {i}" for w in range(WRITERS) for i in range(VISITS_EACH))
    versions = [r["version"] for r in revisions(registry, case_id)]
    assert versions == list(range(1, WRITERS * VISITS_EACH + 2))
    registry.dispose()


def test_parallel_add_visit_commands(tmp_path):
    """The same through the command line, the way two clinicians would hit it (SQLite, where it was lost)."""
    database_url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    registry = open_registry(database_url)
    case_id = add_case(registry, Case(sex="M", age_years=7))
    env = {**os.environ, "IMNM_DATABASE_URL": database_url}
    files = []
    for w in range(3):
        files.append(tmp_path / f"visit{w}.json")
        files[-1].write_text(json.dumps({"label": f"clinician {w}", "months_from_diagnosis": w + 1, "cmas": 40}))
    procs = [subprocess.Popen([sys.executable, "-c", "from imnm.cli import app; app()", "case", "add-visit",
                               case_id, str(f)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for f in files]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert sorted(v.label for v in get_case(registry, case_id).visits) == [f"clinician {w}" for w in range(3)]
    assert len(revisions(registry, case_id)) == 4
    registry.dispose()


def test_reading_does_not_wait_for_a_writer(tmp_path, monkeypatch):
    """A long import holds the write lock; listing or showing cases meanwhile still answers at once."""
    import sqlite3

    from imnm.store.cases import count_cases, list_cases

    path = tmp_path / "busy.sqlite3"
    registry = open_registry(f"sqlite:///{path}")
    case_id = add_case(registry, Case(sex="F", age_years=10))
    registry.dispose()
    monkeypatch.setattr("imnm.store.registry.BUSY_TIMEOUT_SECONDS", 0.05)
    registry = open_registry(f"sqlite:///{path}")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what another process's write session holds
    try:
        assert get_case(registry, case_id).age_years == 10
        assert count_cases(registry) == len(list_cases(registry)) == 25
        assert [r["action"] for r in revisions(registry, case_id)] == ["add"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        registry.dispose()
