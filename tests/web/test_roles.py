"""Every API endpoint for every role and for nobody: 401 signed out, 403 another role, 2xx the right one."""

from __future__ import annotations

import pytest
from conftest import ROLES, index_case
from fastapi.testclient import TestClient

CASE = "toledo-del-castillo-2024"
VISIT = {"label": "roles", "months_from_diagnosis": 1, "cmas": 40}
COURSE = {"drug": "ivig", "dose": 2, "dose_unit": "g/kg"}

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
    ("POST", "/api/assess", "index-case", {"clinician"}),
    ("POST", "/api/forecast", "index-case", {"clinician"}),
    ("GET", "/api/cohort/summary", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/evidence", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/table1", None, {"clinician", "researcher"}),
    ("GET", "/api/cohort/export", None, {"clinician"}),
    ("POST", "/api/literature/screen", {"records": [{"pmid": "1", "title": "t"}]}, {"reviewer"}),
    ("GET", "/api/literature/records", None, {"reviewer"}),
    ("GET", "/api/literature/decisions", None, {"reviewer"}),
    ("POST", "/api/literature/decisions", {"record": "1", "decision": "include"}, {"reviewer"}),
    ("GET", "/api/literature/prisma", None, {"reviewer"}),
    ("GET", "/api/users", None, {"admin"}),
    ("POST", "/api/users", {"name": "new-user", "role": "reviewer", "password": "a long password!"}, {"admin"}),
    ("GET", "/api/audit", None, {"admin"}),
]
ANY_SIGNED_IN = {("GET", "/api/me"), ("POST", "/api/logout"), ("POST", "/api/login")}


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


def test_every_api_route_is_in_the_walk(web):
    app, _, _ = web
    listed = {(m, p.split("?")[0]) for m, p, _, _ in ENDPOINTS} | ANY_SIGNED_IN
    routes = {(method, route.path.replace("{case_id}", CASE)) for route in app.routes
              if getattr(route, "path", "").startswith("/api") for method in route.methods - {"HEAD"}}
    assert routes - listed == set()


@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_roles(web, method, path, body, allowed):
    app, _registry, clients = web
    if path.startswith("/api/literature/decisions") and method == "POST":
        clients["reviewer"].post("/api/literature/screen", json={"records": [{"pmid": "1", "title": "t"}],
                                                                  "save": True})
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
