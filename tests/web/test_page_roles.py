"""Every page route for every role and for nobody: sign-in first when signed out, a 403 page for another
role (nothing written), the page itself for the right one. test_roles.py does the same for the JSON API."""

from __future__ import annotations

import re

import pytest
from conftest import ROLES
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_pages import INDEX_FORM

from imnm.literature.records import Record
from imnm.store.accounts import UserRow
from imnm.store.literature import list_decisions, save_search_run
from imnm.store.schema import CaseRow
from imnm.web import pages

CASE = "toledo-del-castillo-2024"
RECORD = Record(pmid="90060001", title="Invented anti-SRP myopathy in a boy", year=2023)

#: (method, path, form data, roles allowed, status for an allowed role). Every page route is listed.
PAGES = [
    ("GET", "/patients", None, {"clinician"}, 200),
    ("GET", "/patients/new", None, {"clinician"}, 200),
    ("POST", "/patients/new", INDEX_FORM, {"clinician"}, 303),
    ("GET", f"/patients/{CASE}", None, {"clinician"}, 200),
    ("GET", f"/patients/{CASE}/assessment.json", None, {"clinician"}, 200),
    ("GET", f"/patients/{CASE}/follow-up", None, {"clinician"}, 200),
    ("POST", f"/patients/{CASE}/visits", {"label": "roles", "months_from_diagnosis": "1", "cmas": "40"},
     {"clinician"}, 303),
    ("GET", f"/patients/{CASE}/forecast", None, {"clinician"}, 200),
    ("GET", "/cohort", None, {"clinician", "researcher"}, 200),
    ("GET", "/cohort/download/table1.csv", None, {"clinician", "researcher"}, 200),
    ("GET", "/cohort/download/records.csv", None, {"clinician"}, 200),
    ("GET", "/literature", None, {"reviewer"}, 200),
    ("POST", "/literature/decide", {"record_key": RECORD.key, "stage": "screening", "decision": "include"},
     {"reviewer"}, 303),
    ("GET", "/admin/users", None, {"admin"}, 200),
    ("POST", "/admin/users", {"name": "dr-roles", "role": "reviewer", "password": "a long enough password"},
     {"admin"}, 303),
    ("GET", "/admin/audit", None, {"admin"}, 200),
]
#: Open to everyone (they are how one signs in and out).
PUBLIC = {("GET", "/"), ("GET", "/signin"), ("POST", "/signin"), ("POST", "/signout")}


def _template(path: str) -> str:
    path = path.replace(f"/patients/{CASE}", "/patients/{case_id}")
    return re.sub(r"^/cohort/download/\w+\.\w+$", "/cohort/download/{what}.{fmt}", path)


def test_every_page_route_is_in_the_walk():
    routes = {(method, route.path) for route in pages.router.routes for method in route.methods}
    listed = {(m, _template(p)) for m, p, _, _, _ in PAGES} | PUBLIC
    assert len(routes) >= 19
    assert routes == listed


def _written(registry) -> tuple:
    """What a refused request must leave alone: case versions, users and literature decisions."""
    with registry.session(write=False) as session:
        cases = session.execute(select(func.count(), func.sum(CaseRow.version))).one()
        users = session.scalar(select(func.count()).select_from(UserRow))
    return tuple(cases), users, len(list_decisions(registry))


def _call(client, method, path, data):
    if method == "GET":
        return client.get(path, follow_redirects=False)
    token = client.headers.get("X-CSRF-Token", "")
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


@pytest.mark.parametrize(("method", "path", "data", "allowed", "status"), PAGES,
                         ids=[f"{m} {p}" for m, p, _, _, _ in PAGES])
def test_page_roles(web, method, path, data, allowed, status):
    app, registry, clients = web
    save_search_run(registry, [RECORD], source="PubMed")
    before = _written(registry)
    anonymous = _call(TestClient(app), method, path, data)
    assert anonymous.status_code == 303, anonymous.text[:300]
    assert anonymous.headers["location"].startswith("/signin?next=")
    for role in sorted(set(ROLES) - allowed):
        refused = _call(clients[role], method, path, data)
        assert refused.status_code == 403, (role, refused.text[:300])
        assert "text/html" in refused.headers["content-type"] and f"your role ({role})" in refused.text
    assert _written(registry) == before
    for role in sorted(allowed):
        reply = _call(clients[role], method, path, data)
        assert reply.status_code == status, (role, reply.text[:300])
    if method == "POST":
        assert _written(registry) != before  # the allowed role's write went through
