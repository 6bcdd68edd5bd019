"""Issue 17: the cohort explorer page, GET /api/cohort/summary (and /api/cohort/explore) and
``imnm cohort summary`` are shells over one function (``services.cohort.explore``): the same filters give
the same numbers, and a bad filter value gives the same line in each. The extra record is invented: a
second report of a shipped patient, linked to it as the same patient (so it is counted once)."""

from __future__ import annotations

import html
import json
import re

import pytest
from typer.testing import CliRunner

from imnm.cli import app as cli
from imnm.model import Case
from imnm.services import cohort
from imnm.services.audit import Actor
from imnm.services.cases import add_cases

FILTERED = {"sex": "F", "antibody": "srp", "age_min": "5", "age_max": "15"}


def _add_second_report(registry) -> None:
    first = next(c for c in cohort.cases(None) if not c.aggregate)
    document = first.model_dump(mode="json") | {
        "id": "invented-second-report",
        "provenance": {"source": "invented second report of the same patient", "same_patient_as": first.id}}
    add_cases(registry, [Case.model_validate(document)], Actor("dr-seed"))


def _text(page) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.text)))


def _cli(registry, monkeypatch, *args: str):
    monkeypatch.setenv("IMNM_DATABASE_URL", registry.url)
    return CliRunner().invoke(cli, ["cohort", "summary", *args])


def _cli_options(query: dict[str, str]) -> list[str]:
    return [x for key, value in query.items() for x in (f"--{key.replace('_', '-')}", value)]


def _shown(summary: dict) -> list[str]:
    """What the page must show of a summary: the counts card and each outcome row."""
    lines = [(f"{summary['n_patients']} patients in {summary['n_records']} records "
              f"({summary['n_individual']} individual; {summary['n_aggregate_patients']} in aggregate records)")]
    lines += [f"outcome: {o.replace('_', ' ')} {p['k']}/{p['n']}" for o, p in summary["outcomes"].items()]
    lines += [f"{k} {p['k']}/{p['n']}" for k, p in summary["treatments"].items()]
    return lines


@pytest.mark.parametrize("query", [{}, FILTERED], ids=["no filter", "F, anti-SRP, 5-15 years"])
def test_page_api_and_cli_give_the_same_summary(web, monkeypatch, query):
    _, registry, clients = web
    _add_second_report(registry)
    client = clients["researcher"]
    printed = _cli(registry, monkeypatch, "-f", "json", *_cli_options(query))
    assert printed.exit_code == 0, printed.output
    from_cli = json.loads(printed.stdout)
    from_api = client.get("/api/cohort/summary", params=query)
    assert from_api.status_code == 200, from_api.text
    assert from_api.json() == from_cli
    explored = client.get("/api/cohort/explore", params=query).json()
    assert explored["summary"] == from_cli and explored["filters"] == query
    if not query:
        assert from_cli["n_records"] == 24  # the second report is counted once, as `cohort summary` counts
        assert explored["listed"] == 25  # and still listed
    page = _text(client.get("/cohort", params=query))
    for line in _shown(from_cli):
        assert line in page
    assert f"{explored['listed']} records" in page or f"{explored['listed']} record " in page
    if not query:
        assert "Listed but not counted (the same patient as another record): invented-second-report" in page


@pytest.mark.parametrize("query, line", [
    ({"sex": "X"}, "sex: got 'X'; expected one of F, M"),
    ({"age_max": "old"}, "age_max: got 'old'; expected a number of years from 0 to 120"),
])
def test_a_bad_filter_value_is_the_same_line_in_each_shell(web, monkeypatch, query, line):
    _, registry, clients = web
    client = clients["researcher"]
    for path in ("/api/cohort/summary", "/api/cohort/explore"):
        reply = client.get(path, params=query)
        assert reply.status_code == 422 and reply.json()["problems"] == [{"message": line}], reply.text
    printed = _cli(registry, monkeypatch, *_cli_options(query))
    assert printed.exit_code != 0 and line in printed.output
    page = client.get("/cohort", params=query)
    assert page.status_code == 200 and line in _text(page)
