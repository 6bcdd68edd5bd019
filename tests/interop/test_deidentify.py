"""The research export: no name, number, date or e-mail survives; pseudonyms are stable and keyed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from imnm.cli import app
from imnm.cohort.dataset import load_cohort
from imnm.interop.deidentify import AGE_TOP_LABEL, deidentified_export, diagnosis_date
from imnm.interop.importing import import_cases
from imnm.store import Registry

#: Every identifier the seeded patients carry (in text, ids, labels, curators and dates).
SEEDED = ["Lucia", "Fernandez", "Ana", "4455", "612 345", "example.org", "ana-fernandez", "MRN", "99000",
          "Jane Roe", "2021-", "/02/2021", "2021"]


@pytest.fixture
def seeded(local_case):
    return [local_case(n, identifiers=True) for n in range(2, 6)]


@pytest.mark.parametrize("free_text", [False, True])
def test_no_identifier_survives(seeded, free_text):
    out = json.dumps(deidentified_export(seeded, include_free_text=free_text, key=b"k"))
    assert [s for s in SEEDED if s in out] == []
    records = json.loads(out)
    if free_text:
        assert "[removed]" in records[0]["presentation"]["text"]
    else:
        assert "text" not in records[0]["presentation"] and "notes" not in str(records[0]["visits"])


def test_dates_become_days_from_diagnosis(seeded):
    case = seeded[0]
    record = deidentified_export([case], key=b"k")[0]
    assert diagnosis_date(case) == case.visits[0].date
    assert record["visits"][0]["days_from_diagnosis"] == 0
    assert record["visits"][2]["days_from_diagnosis"] == 180
    assert record["treatments"][0]["start_day"] == 0 and record["treatments"][0]["stop_day"] == 2
    assert record["labs"][0]["days_from_diagnosis"] == 0


def test_ages_over_89_are_grouped(local_case):
    old = local_case(0).model_copy(update={"age_years": 93.0, "age_at_presentation_years": 89.0})
    record = deidentified_export([old], key=b"k")[0]
    assert record["age_years"] == AGE_TOP_LABEL and record["age_at_presentation_years"] == 89.0


def test_pseudonyms_are_stable_per_key_and_differ_between_keys(seeded):
    a = [r["pseudonym"] for r in deidentified_export(seeded, key=b"one")]
    assert a == [r["pseudonym"] for r in deidentified_export(seeded, key=b"one")]
    assert a != [r["pseudonym"] for r in deidentified_export(seeded, key=b"two")]
    assert len(set(a)) == len(a)


def test_published_cases_keep_article_and_year():
    record = deidentified_export(load_cohort()[:1], key=b"k")[0]
    assert record["article"] == "Rider et al, 1994" and record["year"] == 1994


def test_cli_deidentified_export(seeded, monkeypatch):
    monkeypatch.setenv("IMNM_PSEUDONYM_KEY", "test-secret")
    reg = Registry()
    reg.upgrade()
    import_cases(reg, seeded)
    result = CliRunner().invoke(app, ["cohort", "export", "--format", "deidentified"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == len(load_cohort()) + len(seeded)
    local = json.dumps([r for r in records if r["source_kind"] == "local"])
    assert [s for s in SEEDED if s in local] == []  # (published cases keep their article's year)
