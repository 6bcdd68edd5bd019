"""Issue 17: the patient list and the follow-up page are shells over :mod:`imnm.services`, like the JSON
API: the same paging gives the same rows, the same case gives the same response-criteria and
refractoriness result, and each page read is audited once. Patients are invented (examples/patient.json)."""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

from imnm.model import Case
from imnm.services.audit import Actor, entries
from imnm.services.cases import add_cases
from imnm.web import pages

ROOT = Path(__file__).resolve().parents[2]
CASE = "toledo-del-castillo-2024"


def _invented(registry, n: int) -> list[str]:
    base = json.loads((ROOT / "examples" / "patient.json").read_text(encoding="utf-8"))
    return add_cases(registry, [Case.model_validate({**base, "age_years": 3 + i / 10}) for i in range(n)],
                     Actor("dr-seed"))


def _text(page) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.text)))


def _page_ids(page) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/patients/([^"]+)">', page.text)


def test_the_patient_list_and_the_api_give_the_same_rows_for_the_same_page(web, monkeypatch):
    _, registry, clients = web
    client = clients["clinician"]
    ids = _invented(registry, 7)
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)
    for number in (1, 2, 3):
        page = client.get("/patients", params={"page": number})
        api = client.get("/api/cases", params={"source_kind": "local", "newest_first": "true",
                                               "offset": 3 * (number - 1), "limit": 3})
        assert page.status_code == api.status_code == 200, api.text
        assert _page_ids(page) == [r["id"] for r in api.json()]
        assert api.headers["X-Total-Count"] == "7" and "7 local patients" in _text(page)
    assert _page_ids(client.get("/patients")) == list(reversed(ids))[:3]  # newest first


def test_the_unpaged_api_list_is_unchanged_and_a_bad_page_is_a_422(web):
    _, _, clients = web
    client = clients["clinician"]
    rows = client.get("/api/cases").json()
    assert len(rows) == int(client.get("/api/cases").headers["X-Total-Count"]) >= 24
    assert {"id", "article", "sex", "age_years", "outcome_class", "version"} <= set(rows[0])
    assert client.get("/api/cases", params={"limit": 0}).status_code == 422
    assert client.get("/api/cases", params={"source_kind": "nowhere"}).status_code == 422


def test_each_list_read_is_audited_once_naming_the_page(web):
    _, registry, clients = web
    clients["clinician"].get("/patients", params={"page": 2})
    clients["clinician"].get("/api/cases", params={"limit": 5})
    seen = [(e["action"], e["resource"], e["detail"]) for e in entries(registry, actor="clinician", resource="cases")]
    assert seen == [("read", "cases", "list of 5 cases"), ("read", "cases", "patient list page 2")]


def test_the_follow_up_page_and_the_api_give_the_same_response_and_refractoriness(web):
    _, registry, clients = web
    client = clients["clinician"]
    page = _text(client.get(f"/patients/{CASE}/follow-up"))
    response = client.get(f"/api/cases/{CASE}/response").json()
    refractory = client.get(f"/api/cases/{CASE}/refractory").json()
    assert response["statement"] in page
    assert f"From “{response['baseline']}” to “{response['follow_up']}”" in page
    assert refractory["status"].replace("_", " ") in page
    assert all(reason in page for reason in refractory["reasons"])
    reads = [e for e in entries(registry, actor="clinician") if e["resource"] == f"case/{CASE}"]
    assert len(reads) == 3  # the page read the case once; each API route once


def test_one_visit_is_not_assessable_on_the_page_with_the_api_s_line(web):
    _, registry, clients = web
    client = clients["clinician"]
    [case_id] = _invented(registry, 1)
    refused = client.get(f"/api/cases/{case_id}/response")
    assert refused.status_code == 422
    line = refused.json()["error"].removeprefix("invalid input: ")
    assert "one visit recorded; the response needs two" in line
    assert f"not assessable: {line}" in _text(client.get(f"/patients/{case_id}/follow-up"))


HANDLERS = {"patients", "followup_context", "followup_page"}


def test_the_handlers_reach_the_registry_and_the_clinical_rules_only_through_services():
    tree = ast.parse(Path(pages.__file__).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in HANDLERS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module and inner.module.startswith(
                        ("imnm.clinical", "imnm.store", "imnm.report")):
                    found.append(f"{node.name} imports {inner.module}")
                if isinstance(inner, ast.Attribute) and inner.attr == "session":
                    found.append(f"{node.name} opens a session")
    assert found == []
