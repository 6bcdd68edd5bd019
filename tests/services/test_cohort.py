"""The cohort service the CLI and the API share: summary (SQL counts), Table 1 and evidence by columns."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from imnm.cli import app
from imnm.services import cohort
from imnm.store import open_registry


def test_summary_is_what_the_cli_prints_with_and_without_as_published(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cohort.sqlite3'}"
    monkeypatch.setenv("IMNM_DATABASE_URL", url)
    registry = open_registry(url)
    runner = CliRunner()
    for flags, as_published in (([], False), (["--as-published"], True)):
        printed = runner.invoke(app, ["cohort", "summary", "-f", "json", *flags])
        assert printed.exit_code == 0, printed.output
        assert cohort.summary(registry, as_published=as_published) == json.loads(printed.stdout)
    assert cohort.summary(None, as_published=True)["n_individual"] >= cohort.summary(None)["n_individual"]


def test_table1_and_evidence_from_the_registry_match_the_shipped_cohort(tmp_path):
    registry = open_registry(f"sqlite:///{tmp_path / 'cohort.sqlite3'}")
    assert cohort.table1(registry).to_frame().equals(cohort.table1(None).to_frame())
    assert cohort.evidence(registry) == cohort.evidence(None)
