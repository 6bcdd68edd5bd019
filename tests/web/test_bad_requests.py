"""Issue 17, item 7: what the API answers to requests it cannot honour -- an unknown field in any JSON
body, malformed or oversized bodies, two clinicians saving one case at the same moment, and a registry
database that goes away while the app runs. Each answer is one line naming the problem."""

from __future__ import annotations

import threading

import pytest
from conftest import PASSWORD, signed_in_client
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from test_roles import ENDPOINTS, _template

from imnm.services.accounts import add_user
from imnm.services.audit import Actor
from imnm.store import open_registry
from imnm.web.app import create_app
from imnm.web.settings import Settings

CASE = "toledo-del-castillo-2024"
UNKNOWN = "no_such_field"


def _json_body_operations(app) -> set[tuple[str, str]]:
    """(method, path template) of every API operation that takes a JSON body, from the OpenAPI schema."""
    return {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
            for method, operation in operations.items()
            if "application/json" in operation.get("requestBody", {}).get("content", {})}


def test_an_unknown_field_in_any_json_body_is_422_naming_it(web):
    """A misspelt field must not be dropped in silence (``"rol": "admin"`` would add a user anyway)."""
    app, _, clients = web
    operations = _json_body_operations(app)
    walked = set()
    for method, path, _body, allowed in ENDPOINTS:
        if (method, _template(path)) not in operations:
            continue
        walked.add((method, _template(path)))
        reply = clients[min(allowed)].request(method, path, json={UNKNOWN: 1})
        assert reply.status_code == 422, (method, path, reply.status_code, reply.text)
        assert f"{UNKNOWN}: got 1; unknown field" in reply.json()["error"], (method, path, reply.text)
    login = TestClient(app).post("/api/login", json={"name": "admin", "password": PASSWORD, UNKNOWN: 1})
    assert login.status_code == 422 and UNKNOWN in login.json()["error"], login.text
    walked.add(("POST", "/api/login"))
    assert walked == operations  # every operation with a JSON body was tried
    assert len(walked) >= 10


def test_an_unknown_field_inside_a_screened_record_is_named(web):
    _, _, clients = web
    reply = clients["reviewer"].post("/api/literature/screen",
                                     json={"records": [{"pmid": "1", "title": "t", "abstrat": "typo"}]})
    assert reply.status_code == 422, reply.text
    assert "abstrat" in reply.json()["error"]


def test_a_user_is_not_added_when_a_field_is_misspelt(web):
    _, _, clients = web
    admin = clients["admin"]
    reply = admin.post("/api/users", json={"name": "dr-typo", "rol": "admin", "role": "reviewer",
                                           "password": "a long enough password"})
    assert reply.status_code == 422
    assert "dr-typo" not in [u["name"] for u in admin.get("/api/users").json()]


@pytest.mark.parametrize(("body", "named"), [
    (b"{not json", "Expecting property name"),
    (b"[" * 100_000 + b"]" * 100_000, "recursion"),
    (b'{"age_years": 1' + b"0" * 5000 + b"}", "digits"),
])
def test_malformed_json_is_400_and_says_why(web, body, named):
    _, _, clients = web
    reply = clients["clinician"].post("/api/assess", content=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error.startswith("malformed JSON: ") and named in error, error
    assert "\n" not in error


def test_a_streamed_body_over_the_limit_is_413(web):
    """Sent in chunks without a Content-Length, the body is counted as it arrives and refused with 413."""
    _, _, clients = web
    before = clients["clinician"].get("/api/cases").json()

    def chunks():
        for _ in range(12):
            yield b" " * 100_000

    for path in ("/api/assess", "/api/cases"):
        reply = clients["clinician"].post(path, content=chunks(), headers={"Content-Type": "application/json"})
        assert reply.status_code == 413, (path, reply.text)
        assert reply.json()["error"] == "request body too large: expected at most 1000000 bytes"
    assert clients["clinician"].get("/api/cases").json() == before


def _pg_web(url: str):
    """The web app on a PostgreSQL registry, with two clinicians signed in through the API."""
    registry = open_registry(url)
    for name in ("clinician", "clinician-b"):
        add_user(registry, name, "clinician", PASSWORD, actor=Actor("test"))
    app = create_app(Settings(database_url=url, allowed_hosts=["testserver"]))
    clients = []
    for name in ("clinician", "clinician-b"):
        client = TestClient(app)
        reply = client.post("/api/login", json={"name": name, "password": PASSWORD})
        assert reply.status_code == 200, reply.text
        client.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
        clients.append(client)
    return app, registry, clients


@pytest.fixture(params=["sqlite", "postgresql"])
def two_clinicians(request, tmp_path, web_template):
    """Two different clinicians signed in to one app, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = web_template.copy(tmp_path)
        registry = open_registry(url)
        add_user(registry, "clinician-b", "clinician", PASSWORD, actor=Actor("test"))
        app = create_app(Settings(database_url=url, allowed_hosts=["testserver"]))
        first = signed_in_client(app, web_template, "clinician")
        second = TestClient(app)
        reply = second.post("/api/login", json={"name": "clinician-b", "password": PASSWORD})
        second.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
        clients = [first, second]
    else:
        app, registry, clients = _pg_web(request.getfixturevalue("postgres_url"))
    with clients[0], clients[1]:
        yield registry, clients
    registry.dispose()


def test_two_clinicians_saving_one_case_at_the_same_moment(two_clinicians):
    """Both read version N and press save together: one save wins, the other is 409 with what to do."""
    _registry, clients = two_clinicians
    read = [client.get(f"/api/cases/{CASE}") for client in clients]
    assert read[0].headers["ETag"] == read[1].headers["ETag"]
    start = threading.Barrier(2)
    replies: list = [None, None]

    def save(i: int) -> None:
        edited = read[i].json()["case"] | {"ethnicity": f"edited by clinician {i}"}
        start.wait()
        replies[i] = clients[i].put(f"/api/cases/{CASE}", json=edited, headers={"If-Match": read[i].headers["ETag"]})

    threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r.status_code for r in replies) == [200, 409], [r.text for r in replies]
    winner, loser = sorted(replies, key=lambda r: r.status_code)
    assert loser.json()["error"].startswith(f"case '{CASE}' was saved by someone else since you read it")
    assert "reload it" in loser.json()["error"]
    assert loser.headers["ETag"] == f'"{winner.json()["version"]}"'
    stored = clients[0].get(f"/api/cases/{CASE}").json()
    assert stored["version"] == winner.json()["version"] == int(read[0].headers["ETag"].strip('"')) + 1
    assert stored["case"]["ethnicity"] == winner.json()["case"]["ethnicity"]


def test_a_database_that_goes_down_while_the_app_runs_is_a_clear_503_until_it_is_back(postgres_url):
    app, registry, (clinician, _) = _pg_web(postgres_url)
    name = make_url(postgres_url).database
    admin = create_engine(make_url(postgres_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    assert clinician.get(f"/api/cases/{CASE}").status_code == 200  # signed in, the session now cached
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
        for reply in (TestClient(app).get("/health"), clinician.get(f"/api/cases/{CASE}"),
                      clinician.post(f"/api/cases/{CASE}/visits", json={"label": "down", "cmas": 30}),
                      clinician.get(f"/patients/{CASE}")):
            assert reply.status_code == 503, reply.text
            error = reply.json()["error"]
            assert error.startswith("the registry database cannot be used right now (") and "\n" not in error
            assert reply.headers["Retry-After"] == "30"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    assert clinician.get(f"/api/cases/{CASE}").status_code == 200  # back without restarting the app
    assert TestClient(app).get("/health").json() == {"status": "ok"}
    visits = [v["label"] for v in clinician.get(f"/api/cases/{CASE}").json()["case"].get("visits", [])]
    assert "down" not in visits
    registry.dispose()

