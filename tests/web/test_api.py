"""The JSON API: every endpoint, the error policy, versions, CSRF, sign-in limit, audit (bad bodies,
saves at the same moment and a database going down: test_bad_requests.py)."""

from __future__ import annotations

import json

import pytest
from conftest import PASSWORD, index_case
from fastapi.testclient import TestClient
from sqlalchemy import text

CASE = "toledo-del-castillo-2024"


def test_health(web):
    app, _, _ = web
    assert TestClient(app).get("/health").json() == {"status": "ok"}


def test_assessment_of_the_letters_patient(web):
    _, _, clients = web
    reply = clients["clinician"].post("/api/assess", json=index_case())
    assert reply.status_code == 200, reply.text
    body = reply.json()
    ck = next(lab for lab in body["labs"] if lab["analyte"] == "creatine_kinase")
    assert ck["value"] == 11426


def test_invalid_case_is_422_with_field_value_and_expected(web):
    _, _, clients = web
    case = index_case()
    case["age_years"] = 300
    reply = clients["clinician"].post("/api/assess", json=case)
    assert reply.status_code == 422
    [problem] = reply.json()["problems"]
    assert problem["field"] == "age_years"
    assert problem["value"] == "300"
    assert problem["expected"].startswith("expected at most")


def test_body_over_the_limit_is_413(web):
    _, _, clients = web
    case = index_case()
    case["presentation"]["text"] = "x" * 2_000_000
    reply = clients["clinician"].post("/api/assess", json=case)
    assert reply.status_code == 413
    assert "too large" in reply.json()["error"]


def test_writes_need_the_csrf_token(web):
    _app, _, clients = web
    client = clients["clinician"]
    token = client.headers.pop("X-CSRF-Token")
    refused = client.post(f"/api/cases/{CASE}/visits", json={"label": "csrf", "cmas": 40})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]
    client.headers["X-CSRF-Token"] = "wrong"
    assert client.post(f"/api/cases/{CASE}/visits", json={"label": "csrf", "cmas": 40}).status_code == 403
    client.headers["X-CSRF-Token"] = token
    assert client.post(f"/api/cases/{CASE}/visits", json={"label": "csrf", "cmas": 40}).status_code == 201


def test_session_cookie_flags(web):
    app, _, _ = web
    reply = TestClient(app).post("/api/login", json={"name": "clinician", "password": PASSWORD})
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    secure = TestClient(app, base_url="https://testserver").post(
        "/api/login", json={"name": "clinician", "password": PASSWORD})
    assert "secure" in secure.headers["set-cookie"].lower()


def test_sign_in_is_limited_per_user_and_address(web):
    app, _, _ = web
    client = TestClient(app)
    for _ in range(5):
        assert client.post("/api/login", json={"name": "reviewer", "password": "wrong password!"}).status_code == 401
    limited = client.post("/api/login", json={"name": "reviewer", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    # another user from the same address is not affected
    assert client.post("/api/login", json={"name": "researcher", "password": PASSWORD}).status_code == 200


def test_logout_ends_the_session(web):
    _, _, clients = web
    client = clients["reviewer"]
    assert client.post("/api/logout").status_code == 204
    assert client.get("/api/literature/prisma").status_code == 401


def test_concurrent_saves_never_lose_an_update(web):
    app, _, clients = web
    first = clients["clinician"]
    from conftest import sign_in

    second = sign_in(app, "clinician")
    a = first.get(f"/api/cases/{CASE}")
    b = second.get(f"/api/cases/{CASE}")
    assert a.headers["ETag"] == b.headers["ETag"]
    edited_a = a.json()["case"] | {"ethnicity": "edited by A"}
    edited_b = b.json()["case"] | {"ethnicity": "edited by B"}
    saved = first.put(f"/api/cases/{CASE}", json=edited_a, headers={"If-Match": a.headers["ETag"]})
    assert saved.status_code == 200, saved.text
    lost = second.put(f"/api/cases/{CASE}", json=edited_b, headers={"If-Match": b.headers["ETag"]})
    assert lost.status_code == 409
    assert "saved by someone else" in lost.json()["error"]
    assert first.get(f"/api/cases/{CASE}").json()["case"]["ethnicity"] == "edited by A"
    assert second.put(f"/api/cases/{CASE}", json=edited_b).status_code == 428
    retry = second.put(f"/api/cases/{CASE}?version={saved.json()['version']}", json=edited_b)
    assert retry.status_code == 200


def test_cases_visits_treatments_and_history(web):
    _, _, clients = web
    client = clients["clinician"]
    new = index_case() | {"id": None, "citation": None, "source_kind": "local"}
    new.pop("id")
    new.pop("citation")
    added = client.post("/api/cases", json=new)
    assert added.status_code == 201, added.text
    case_id = added.json()["id"]
    visit = {"label": "3 months", "months_from_diagnosis": 3, "cmas": 40, "mmt8": 70}
    assert client.post(f"/api/cases/{case_id}/visits", json=visit).status_code == 201
    course = {"drug": "ivig", "dose": 2, "dose_unit": "g/kg", "route": "iv", "frequency": "monthly"}
    assert client.post(f"/api/cases/{case_id}/treatments", json=course).json()["version"] == 3
    stale = client.post(f"/api/cases/{case_id}/visits", json=visit, headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    history = client.get(f"/api/cases/{case_id}/revisions").json()
    assert [h["action"] for h in history] == ["add", "update", "update"]
    assert any(row["id"] == case_id for row in client.get("/api/cases").json())
    assert client.get("/api/cases/no-such-case").status_code == 404


def test_follow_up_forecast_and_cohort(web):
    _, _, clients = web
    client = clients["clinician"]
    for visit in ({"label": "start", "months_from_diagnosis": 0, "cmas": 20, "mmt8": 40,
                   "physician_global_activity": 7},
                  {"label": "later", "months_from_diagnosis": 6, "cmas": 45, "mmt8": 74,
                   "physician_global_activity": 2}):
        assert client.post(f"/api/cases/{CASE}/visits", json=visit).status_code == 201
    response = client.get(f"/api/cases/{CASE}/response", params={"baseline": "start", "follow_up": "later"})
    assert response.status_code == 200, response.text
    assert "statement" in response.json()
    assert client.get(f"/api/cases/{CASE}/refractory").json()["status"]
    assert "cmas" in client.get(f"/api/cases/{CASE}/trajectory").json()
    assert 0 <= client.post("/api/forecast", json=index_case()).json()["probability_good_outcome"] <= 1
    assert client.get(f"/api/cases/{CASE}/assessment").status_code == 200
    assert client.get("/api/cohort/summary").json()
    assert client.get("/api/cohort/evidence").json()["tables"]


@pytest.mark.parametrize(("fmt", "media", "magic"), [
    ("json", "application/json", b"["), ("csv", "text/csv", b"id,"), ("xlsx", "spreadsheetml", b"PK"),
])
def test_exports(web, fmt, media, magic):
    _, _, clients = web
    reply = clients["clinician"].get("/api/cohort/export", params={"format": fmt})
    assert reply.status_code == 200
    assert media in reply.headers["content-type"]
    assert reply.content.startswith(magic)
    assert "attachment" in reply.headers["content-disposition"]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html", "xlsx"])
def test_table1_formats(web, fmt):
    _, _, clients = web
    reply = clients["researcher"].get("/api/cohort/table1", params={"format": fmt})
    assert reply.status_code == 200
    if fmt == "json":
        assert len(reply.json()["rows"]) >= 20


def test_literature_screening_decisions_prisma(web):
    _, _, clients = web
    client = clients["reviewer"]
    records = [{"pmid": "111", "title": "Anti-SRP necrotising myopathy in a child", "year": 2020,
                "abstract": "A girl with anti-SRP antibodies and necrotizing myopathy."},
               {"pmid": "222", "title": "Knee surgery outcomes", "year": 2020}]
    screened = client.post("/api/literature/screen", json={"records": records, "save": True, "source": "PubMed"})
    assert screened.status_code == 200, screened.text
    assert screened.json()["saved"]["new_records"] == 2
    decided = client.post("/api/literature/decisions",
                          json={"record": "222", "decision": "exclude", "reason": "not myositis"})
    assert decided.status_code == 201, decided.text
    assert decided.json()["reviewer"] == "reviewer"
    missing_reason = client.post("/api/literature/decisions", json={"record": "111", "decision": "exclude"})
    assert missing_reason.status_code == 422
    assert client.post("/api/literature/decisions", json={"record": "999", "decision": "include"}).status_code == 404
    prisma = client.get("/api/literature/prisma").json()
    assert prisma["screening_excluded"] == 1
    assert len(client.get("/api/literature/decisions").json()) == 1
    assert len(client.get("/api/literature/records").json()) == 2


def test_admin_adds_users(web):
    _app, _, clients = web
    admin = clients["admin"]
    assert admin.post("/api/users", json={"name": "dr-b", "role": "clinician", "password": PASSWORD}).status_code == 201
    short = admin.post("/api/users", json={"name": "dr-c", "role": "clinician", "password": "short"})
    assert short.status_code == 422 and "password" in short.json()["error"]
    bad_role = admin.post("/api/users", json={"name": "dr-d", "role": "god", "password": PASSWORD})
    assert "role: got 'god'" in bad_role.json()["error"]
    assert "dr-b" in [u["name"] for u in admin.get("/api/users").json()]


def test_reads_and_writes_of_patient_data_are_audited(web):
    _, _, clients = web
    clients["clinician"].get(f"/api/cases/{CASE}")
    clients["clinician"].post(f"/api/cases/{CASE}/visits", json={"label": "audit", "cmas": 30})
    clients["clinician"].get("/api/cohort/export")
    log = clients["admin"].get("/api/audit").json()
    seen = [(e["actor"], e["action"], e["resource"]) for e in log]
    assert ("clinician", "read", f"case/{CASE}") in seen
    assert ("clinician", "add-visit", f"case/{CASE}") in seen
    assert ("clinician", "export", "cases") in seen
    entry = next(e for e in log if e["resource"] == f"case/{CASE}")
    assert entry["ip"] and entry["at"] and entry["role"] == "clinician"
    assert clients["admin"].get("/api/audit", params={"resource": f"case/{CASE}"}).json()


def test_audit_log_cannot_be_changed(web):
    _app, registry, clients = web
    clients["clinician"].get(f"/api/cases/{CASE}")
    admin = clients["admin"]
    for method in ("put", "patch", "delete"):
        assert getattr(admin, method)("/api/audit").status_code == 405
    from imnm.store.accounts import AuditLogIsAppendOnly, AuditRow

    with pytest.raises(AuditLogIsAppendOnly), registry.session() as session:
        session.query(AuditRow).first().actor = "someone else"
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), registry.engine.begin() as conn:
            conn.execute(text(statement))
    assert all(e["actor"] != "x" for e in admin.get("/api/audit").json())


def test_database_down_is_503(tmp_path):
    from imnm.web.app import create_app
    from imnm.web.settings import Settings

    app = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:9/imnm?connect_timeout=2",
                              allowed_hosts=["testserver"]))
    client = TestClient(app)
    for reply in (client.get("/health"), client.post("/api/login", json={"name": "a", "password": "b"})):
        assert reply.status_code == 503
        assert "registry database cannot be used" in reply.json()["error"]


def test_unknown_host_is_refused(web):
    app, _, _ = web
    assert TestClient(app, base_url="http://evil.example").get("/health").status_code == 400


def test_openapi_schema_covers_the_api(web):
    app, _, _ = web
    paths = TestClient(app).get("/openapi.json").json()["paths"]
    for path in ("/api/cases", "/api/cases/{case_id}/visits", "/api/assess", "/api/forecast",
                 "/api/cohort/table1", "/api/literature/prisma", "/api/audit"):
        assert path in paths
    assert json.dumps(paths["/api/cases"]["post"]["requestBody"]).count("Case") >= 1


def test_a_signed_in_assessment_runs_on_the_event_loop_without_a_worker_thread(web, monkeypatch):
    """Each hop to the thread pool cost ~0.1 ms (a third of a bare FastAPI request): the role check and
    the assessment route are coroutines, so a request with a cached session makes none."""
    import anyio.to_thread

    _, _, clients = web
    client = clients["clinician"]
    assert client.post("/api/assess", json=index_case()).status_code == 200  # the session is now cached
    hops = []
    real = anyio.to_thread.run_sync
    monkeypatch.setattr(anyio.to_thread, "run_sync", lambda *a, **k: hops.append(a[0]) or real(*a, **k))
    reply = client.post("/api/assess", json=index_case())
    assert reply.status_code == 200 and reply.json()["labs"][0]["analyte"] == "creatine_kinase"
    assert hops == []


def test_a_case_downloads_as_a_fhir_bundle_that_reads_back_whole(web):
    """The web app offers the CLI's FHIR export (issue 18); the download is audited like any read."""
    from imnm.interop.fhir import read_bundle
    from imnm.store.cases import get_case

    _, registry, clients = web
    reply = clients["clinician"].get(f"/api/cases/{CASE}/fhir")
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("application/fhir+json")
    assert f'filename="{CASE}.fhir.json"' in reply.headers["content-disposition"]
    bundle = reply.json()
    assert bundle["resourceType"] == "Bundle"
    assert read_bundle(reply.text) == get_case(registry, CASE)
    audit = clients["admin"].get("/api/audit").json()
    rows = audit if isinstance(audit, list) else audit.get("entries", audit.get("items", []))
    assert any(f"case/{CASE}" in json.dumps(row) for row in rows)
    assert clients["researcher"].get(f"/api/cases/{CASE}/fhir").status_code == 403
