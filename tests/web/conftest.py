"""A web app on a fresh registry, with one signed-in client per role."""

from __future__ import annotations

import json
import os
import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

# Cheap argon2 parameters for the test users only (production parameters: tests/services/test_accounts.py).
os.environ.setdefault("IMNM_PASSWORD_HASH_COST", "test")

from imnm.services import accounts
from imnm.services.accounts import add_user
from imnm.services.audit import Actor
from imnm.store import open_registry
from imnm.web.app import create_app
from imnm.web.auth import SESSION_COOKIE
from imnm.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long test password"
ROLES = ("admin", "clinician", "researcher", "reviewer")
TESTCLIENT_IP = "testclient"  # the client address Starlette's TestClient reports


def index_case() -> dict:
    return json.loads((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8"))


def sign_in(app, name: str) -> TestClient:
    client = TestClient(app)
    reply = client.post("/api/login", json={"name": name, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    client.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
    return client


@dataclass(frozen=True)
class WebTemplate:
    """A migrated, seeded registry file with a user per role, each already signed in (cookie, CSRF token)."""

    path: Path
    sessions: dict[str, tuple[str, str]]

    def copy(self, folder: Path) -> str:
        """A private copy of the registry (a file copy: migrating and seeding again took ~0.3 s per test)."""
        path = folder / "web.sqlite3"
        shutil.copyfile(self.path, path)
        return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def web_template(tmp_path_factory) -> WebTemplate:
    """Built once: the sessions live in the registry, so every copy starts with the four users signed in
    (signing in four users per test through the app was the largest part of each test's set-up)."""
    path = tmp_path_factory.mktemp("web-template") / "web.sqlite3"
    registry = open_registry(f"sqlite:///{path}")
    sessions = {}
    for role in ROLES:
        add_user(registry, role, role, PASSWORD, actor=Actor("test"))
        token, principal = accounts.sign_in(registry, role, PASSWORD, TESTCLIENT_IP)
        sessions[role] = (token, principal.csrf_token)
    registry.dispose()
    return WebTemplate(path, sessions)


def signed_in_client(app, template: WebTemplate, role: str) -> TestClient:
    """A client holding the template's session of ``role`` (what POST /api/login would have set)."""
    token, csrf = template.sessions[role]
    client = TestClient(app, cookies={SESSION_COOKIE: token})
    client.headers["X-CSRF-Token"] = csrf
    return client


@pytest.fixture
def web(tmp_path, web_template):
    """(app, registry, {role: signed-in client}) on a private copy of the seeded SQLite registry."""
    url = web_template.copy(tmp_path)
    registry = open_registry(url)
    app = create_app(Settings(database_url=url, allowed_hosts=["testserver"]))
    with ExitStack() as stack:
        # entered, each client keeps one event-loop thread for all its requests instead of one per request
        clients = {role: stack.enter_context(signed_in_client(app, web_template, role)) for role in ROLES}
        yield app, registry, clients
    registry.dispose()


def queue_items(registry, labels=("case 1",), *, pmid: str = "90050001") -> list[int]:
    """Queue invented extracted patients of one invented article a reviewer included at full text."""
    from imnm.literature.extract import ExtractedCase, empty_record
    from imnm.literature.records import Author, Record
    from imnm.literature.screening import Decision
    from imnm.store.extraction_queue import NewItem, record_update_run
    from imnm.store.literature import save_decision, save_search_run

    key = f"pmid:{pmid}"
    record = Record(pmid=pmid, title="Invented necrotising myopathy in a girl", year=2024, language=["eng"],
                    authors=[Author(last_name="Fictus", fore_name="Ana", initials="A")])
    save_search_run(registry, [record], source="PubMed", query="invented")
    for stage in ("screening", "eligibility"):
        save_decision(registry, Decision(record_key=key, stage=stage, decision="include", reviewer="AB"))
    items = [NewItem(record_key=key, pmid=pmid, doi=None, patient_label=label, language="en",
                     extracted=ExtractedCase(record=empty_record() | {"sex": "F", "age_years": 7.0},
                                             language="en", source=key, patient_label=label).model_dump(mode="json"))
             for label in labels]
    return record_update_run(registry, search_run_id=None, since=None, identified=1, new_records=1, likely_new=1,
                             records_extracted=1, policy="test", items=items).queued_ids
