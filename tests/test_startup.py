"""Start-up: commands import only what they use (checked as module presence, not timing).

Each check runs a fresh interpreter, so modules other tests imported do not hide a heavy import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY_FOR_EVERY_COMMAND = ["alembic", "scipy", "pandas", "matplotlib", "pint", "lxml", "sqlalchemy",
                           "imnm.model", "imnm.store"]
HEAVY_FOR_SUMMARY = ["alembic", "scipy", "pandas", "matplotlib", "pint", "lxml"]

_RUN = """
import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: sys.__stderr__.write("MODULES " + json.dumps([m for m in heavy if m in sys.modules]) + "\\n"))
{code}
"""


def _imported(code: str, heavy: list[str], env: dict | None = None) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _RUN.format(heavy=heavy, code=code)], check=False, capture_output=True,
                         text=True, env={**os.environ, **(env or {})}, timeout=120)
    line = next(ln for ln in out.stderr.splitlines() if ln.startswith("MODULES "))
    return json.loads(line.removeprefix("MODULES "))


def test_importing_the_cli_imports_no_heavy_library():
    assert _imported("import imnm.cli", HEAVY_FOR_EVERY_COMMAND) == []


def test_help_imports_no_heavy_library():
    code = "from imnm.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported(code, HEAVY_FOR_EVERY_COMMAND) == []


def test_summary_of_a_current_registry_needs_neither_alembic_nor_scipy(tmp_path):
    env = {"IMNM_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.sqlite3'}"}
    code = "from imnm.cli import app\ntry:\n    app({args!r})\nexcept SystemExit as e:\n    assert not e.code, e"
    _imported(code.format(args=["db", "init"]), [], env)  # creates, migrates and seeds it
    assert _imported(code.format(args=["cohort", "summary"]), HEAVY_FOR_SUMMARY, env) == []


def test_head_revision_constant_is_alembics_head():
    from alembic.script import ScriptDirectory

    from imnm.store.registry import HEAD_REVISION, Registry

    script = ScriptDirectory.from_config(Registry("sqlite://").alembic_config())
    assert script.get_heads() == [HEAD_REVISION]


def test_literature_package_imports_its_models_only_when_asked():
    assert _imported("import imnm.literature", ["pydantic", "imnm.literature.records"]) == []
    assert _imported("from imnm.literature import Record", ["imnm.literature.records"]) == ["imnm.literature.records"]


def test_shipped_cohort_version_is_read_from_its_header_without_validating_the_cohort(monkeypatch):
    import yaml

    from imnm.cohort import dataset

    text = (dataset.resources.files("imnm.data") / "cohort" / dataset.DEFAULT_DATASET).read_text(encoding="utf-8")
    expected = str(yaml.safe_load(text)["cohort_version"])
    dataset._packaged_version.cache_clear()

    def no_parse(*_args, **_kwargs):
        raise AssertionError("the whole cohort was parsed to read its version")

    monkeypatch.setattr(dataset, "parse_dataset", no_parse)
    assert dataset.cohort_version() == expected


def test_version_header_falls_back_to_the_whole_document():
    from imnm.cohort.dataset import header_version

    assert header_version('# c\ncohort_version: "v9" # note\ncases: []\n') == "v9"
    assert header_version("cases:\n  - note: |\n      cohort_version: no\n") is None  # not a top-level key
    assert header_version("{cohort_version: v1, cases: []}\n") is None  # flow style: parse it whole
