"""Every API endpoint for every role and for nobody: 401 signed out, 403 another role, 2xx the right one."""

from __future__ import annotations

import re

import pytest
from conftest import ROLES, index_case, queue_items
from fastapi.testclient import TestClient

CASE = "toledo-del-castillo-2024"
VISIT = {"label": "roles", "months_from_diagnosis": 1, "cmas": 40}
COURSE = {"drug": "ivig", "dose": 2, "dose_unit": "g/kg"}
ITEM = 1  # the first extraction queue item of a fresh registry

#: (method, path, JSON body, roles allowed). Every /api route must be listed (checked below).
ENDPOINTS = [
    ("GET", "/api/cases", None, {"clinician"}),
    ("POST", "/api/cases", "new-case", {"clinician"}),
    ("GET", f"/api/cases/{CASE}", None, {"clinician"}),
    ("PUT", f"/api/cases/{CASE}?version=1", "stored-case", {"clinician"}),
    ("GET", f"/api/cases/{CASE}/revisions", None, {"clinician"}),
    ("POST", f"/api/cases/{CASE}/visits", VISIT, {"clinician"}),
    ("POST", f"/api/cases/{CASE}/treatments", COURSE, {"clinician"}),
    ("GET", f"/api/cases/{CASE}/response", None, {"clinician"}),
    ("GET", f"/api/cases/{CASE}/refractory", None, {"clinician"}),
    ("GET", f"/api/cases/{CASE}/trajectory", None, {"clinician"}),
    ("GET", f"/api/cases/{CASE}/assessment", None, {"clinician"}),
    ("GET", f"/api/cases/{CASE}/forecast", None, {"clinician"}),
    ("GET", f"/api/cases/{CASE}/fhir", None, {"clinician"}),
    ("POST", "/api/assess", "index-case", {"clinician"}),
    ("POST", "/api/forecast", "index-case", {"clinician"}),
    ("GET", "/api/cohort/summary", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/explore", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/evidence", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/table1", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/export", None, {"clinician"}),
    ("GET", "/api/exports/deidentified?format=csv", None, {"admin", "clinician", "researcher"}),
    ("POST", "/api/literature/screen", {"records": [{"pmid": "1", "title": "t"}]}, {"reviewer"}),
    ("GET", "/api/literature/records", None, {"reviewer"}),
    ("GET", "/api/literature/decisions", None, {"reviewer"}),
    ("POST", "/api/literature/decisions", {"record": "1", "decision": "include"}, {"reviewer"}),
    ("GET", "/api/literature/prisma", None, {"reviewer"}),
    ("GET", "/api/literature/queue", None, {"reviewer"}),
    ("GET", f"/api/literature/queue/{ITEM}", None, {"reviewer"}),
    ("POST", f"/api/literature/queue/{ITEM}/accept", None, {"reviewer"}),
    ("POST", f"/api/literature/queue/{ITEM + 1}/reject", {"reason": "roles"}, {"reviewer"}),
    ("GET", "/api/users", None, {"admin"}),
    ("POST", "/api/users", {"name": "new-user", "role": "reviewer", "password": "a long password!"}, {"admin"}),
    ("GET", "/api/audit", None, {"admin"}),
]
ANY_SIGNED_IN = {("GET", "/api/me"), ("POST", "/api/logout"), ("POST", "/api/login")}


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch):
    """The de-identified export's key from the environment, not a key file in the tester's home."""
    monkeypatch.setenv("IMNM_PSEUDONYM_KEY", "roles-test-secret")


def _body(kind):
    if kind == "index-case":
        return index_case()
    if kind == "new-case":
        case = index_case()
        for key in ("id", "citation"):
            case.pop(key, None)
        return case | {"source_kind": "local", "ethnicity": "roles"}
    return kind


def _call(client, method, path, body, clinician=None):
    if body == "stored-case":
        body = clinician.get(f"/api/cases/{CASE}").json()["case"]
    return client.request(method, path, json=_body(body))


def _template(path: str) -> str:
    """A walked path as its route's template (/api/cases/{case_id}, /api/literature/queue/{item_id})."""
    path = path.split("?")[0].replace(f"/api/cases/{CASE}", "/api/cases/{case_id}")
    return re.sub(r"^/api/literature/queue/\d+", "/api/literature/queue/{item_id}", path)


def test_every_api_route_is_in_the_walk(web):
    app, _, _ = web
    listed = {(m, _template(p)) for m, p, _, _ in ENDPOINTS} | ANY_SIGNED_IN
    # from the OpenAPI schema: app.routes no longer lists the routes of included routers (FastAPI 0.165)
    routes = {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
              if path.startswith("/api") for method in operations}
    assert len(routes) > 30
    assert routes - listed == set()


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_roles(web, method, path, body, allowed):
    app, _registry, clients = web
    if path.startswith("/api/literature/decisions") and method == "POST":
        clients["reviewer"].post("/api/literature/screen", json={"records": [{"pmid": "1", "title": "t"}],
                                                                  "save": True})
    if path.startswith("/api/literature/queue/"):
        assert queue_items(_registry, ("case 1", "case 2")) == [ITEM, ITEM + 1]
    if path.endswith("/response"):
        for visit in ({"label": "a", "cmas": 20}, {"label": "b", "cmas": 40}):
            clients["clinician"].post(f"/api/cases/{CASE}/visits", json=visit)
    anonymous = _call(TestClient(app), method, path, body, clients["clinician"])
    assert anonymous.status_code == 401, anonymous.text
    for role in ROLES:
        reply = _call(clients[role], method, path, body, clients["clinician"])
        if role in allowed:
            if path.startswith("/api/cases/") and method == "PUT":
                reply = _call(clients[role], method, path.replace("version=1", f"version={_version(clients)}"),
                              body, clients["clinician"])
            assert 200 <= reply.status_code < 300, (role, reply.text)
        else:
            assert reply.status_code == 403, (role, reply.text)


def _version(clients) -> int:
    return clients["clinician"].get(f"/api/cases/{CASE}").json()["version"]
