"""Issue 18: the researcher role gets patient-level data only as the de-identified export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import index_case
from openpyxl import load_workbook

from imnm.interop.importing import import_cases
from imnm.model import Case
from imnm.services.audit import entries

#: Every identifier the invented local patients carry (free text, ids, labels, curators, exact dates).
IDENTIFIERS = ["Lucia", "Fernandez", "4455", "612 345", "example.org", "ana-fernandez", "MRN", "99000",
               "Jane Roe", "2021-0", "/02/2021"]
URL = "/api/exports/deidentified"


def identified_patient(n: int) -> Case:
    """An invented local patient whose record is full of identifiers."""
    case = index_case()
    for key in ("citation", "article", "table_row"):
        case.pop(key, None)
    day = f"2021-02-0{n + 1}"
    words = (f"Mrs Lucia Fernandez brought her daughter Ana Fernandez, NHC 4455{n:04d}, phone +34 612 345 00{n}, "
             f"e-mail ana.f{n}@example.org, first seen 0{n + 1}/02/2021")
    case |= {"id": f"ana-fernandez-{day}", "source_kind": "local", "case_label": f"Ana Fernandez MRN 99000{n}",
             "provenance": {"source": "clinic notes", "curated_by": "Dr. Jane Roe", "curated_on": day,
                            "notes": words},
             "visits": [{"label": f"seen by Lucia Fernandez {day}", "date": day, "months_from_diagnosis": 0,
                         "cmas": 20, "notes": words}]}
    case["presentation"] = {**case.get("presentation", {}), "text": words}
    case["outcome"] = {**case["outcome"], "outcome_text": words}
    return Case.model_validate(case)


@pytest.fixture
def seeded(web, monkeypatch):
    monkeypatch.setenv("IMNM_PSEUDONYM_KEY", "web-test-secret")
    _, registry, clients = web
    report = import_cases(registry, [identified_patient(n) for n in range(3)])
    assert len(report.added) == 3, report
    return registry, clients


def _local_text(reply, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([r for r in reply.json() if r["source_kind"] == "local"])
    if fmt == "csv":
        return json.dumps([r for r in csv.DictReader(io.StringIO(reply.text)) if r["source_kind"] == "local"])
    sheet = load_workbook(io.BytesIO(reply.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("source_kind")
    return json.dumps([r for r in rows[1:] if r[column] == "local"], default=str)


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_researcher_downloads_it_and_no_identifier_survives(seeded, fmt):
    registry, clients = seeded
    reply = clients["researcher"].get(URL, params={"format": fmt})
    assert reply.status_code == 200, reply.text
    assert "attachment" in reply.headers["content-disposition"]
    local = _local_text(reply, fmt)
    assert local.count("ana-") == 0 and local.count('"p-') == 3 or fmt != "json"
    assert "p-" in local  # keyed pseudonyms stand for the case ids
    assert [s for s in IDENTIFIERS if s in local] == []
    audited = entries(registry, actor="researcher", limit=5)
    assert audited[0]["action"] == "export" and "deidentified" in audited[0]["resource"]


def test_the_local_records_are_all_there_with_days_from_diagnosis(seeded):
    _, clients = seeded
    records = [r for r in clients["clinician"].get(URL).json() if r["source_kind"] == "local"]
    assert len(records) == 3
    assert [v["days_from_diagnosis"] for r in records for v in r["visits"]] == [0, 0, 0]
    assert len({r["pseudonym"] for r in records}) == 3


def test_a_wrong_format_is_refused_in_one_line(seeded):
    _, clients = seeded
    reply = clients["researcher"].get(URL, params={"format": "fhir"})
    assert reply.status_code == 422 and "format" in reply.text


@pytest.mark.parametrize("path", ["/api/cohort/export", "/api/cohort/export?format=csv", "/api/cases",
                                  "/cohort/download/records.csv", "/cohort/download/records.json",
                                  "/cohort/download/records.xlsx"])
def test_researcher_gets_403_on_identified_exports(seeded, path):
    _, clients = seeded
    reply = clients["researcher"].get(path)
    assert reply.status_code == 403, reply.text
    assert "Fernandez" not in reply.text


def test_the_cohort_explorer_links_researchers_to_it(seeded):
    _, clients = seeded
    page = clients["researcher"].get("/cohort")
    assert page.status_code == 200
    assert f'href="{URL}?format=csv"' in page.text
    assert "/cohort/download/records" not in page.text
