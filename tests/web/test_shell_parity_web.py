"""Issue 17: the web pages and routes call the same services as the CLI, so both shells refuse the same
input with the same line, store and audit the same thing, count PRISMA alike, export the same bytes
and warn about the same identifiers. Records and patients are invented (PMIDs 9007...)."""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import index_case
from typer.testing import CliRunner

from imnm.cli import app as cli
from imnm.literature.records import Record
from imnm.services import literature
from imnm.services.audit import Actor, entries
from imnm.store.literature import list_decisions, save_search_run

RECORDS = [Record(pmid="90070001", title="Anti-SRP necrotising myopathy in an invented boy", year=2022,
                  abstract="An invented 9-year-old boy with anti-SRP antibodies and necrotizing myopathy."),
           Record(pmid="90070002", title="Invented ankle sprain outcomes", year=2020),
           Record(pmid="90070003", title="Invented anti-HMGCR myopathy in a girl", year=2021)]


@pytest.fixture
def shells(web, monkeypatch):
    """The web app's registry with three stored records, and the CLI pointed at the same registry."""
    _, registry, clients = web
    monkeypatch.setenv("IMNM_DATABASE_URL", registry.url)
    monkeypatch.setenv("IMNM_PSEUDONYM_KEY", "parity-test-secret")
    save_search_run(registry, RECORDS, source="PubMed", query="invented")
    return registry, clients


def _cli(*args: str):
    return CliRunner().invoke(cli, list(args))


def _cli_error(result) -> str:
    """The CLI's error as the API's one line (``error: invalid input\\n  - X`` -> ``invalid input: X``)."""
    assert result.exit_code == 2 and "Traceback" not in result.stderr, result.output
    return result.stderr.strip().removeprefix("error: ").replace("\n  - ", ": ")


def _form(client, path: str, data: dict):
    token = client.get("/api/me").json()["csrf_token"]
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def _text(page) -> str:
    """A page's visible words, whitespace folded (templates break lines where they like)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.text)))


# --- the decision form -------------------------------------------------------------------------------


@pytest.mark.parametrize("cli_args, form, status", [
    (["pmid:90070001", "--include", "--stage", "full text"],
     {"record_key": "pmid:90070001", "stage": "full text", "decision": "include"}, 422),
    (["pmid:90070001", "--exclude"], {"record_key": "pmid:90070001", "stage": "screening", "decision": "exclude"},
     422),
    (["pmid:90070001", "--exclude", "--reason", "  "],
     {"record_key": "pmid:90070001", "stage": "screening", "decision": "exclude", "reason": "  "}, 422),
    (["pmid:90070001", "--not-retrieved"],
     {"record_key": "pmid:90070001", "stage": "screening", "decision": "not_retrieved"}, 422),
    (["pmid:90079999", "--include"], {"record_key": "pmid:90079999", "stage": "screening", "decision": "include"},
     404),
])
def test_the_decision_form_refuses_what_the_cli_refuses_with_the_same_line(shells, cli_args, form, status):
    registry, clients = shells
    line = _cli_error(_cli("literature", "decide", *cli_args, "--reviewer", "reviewer"))
    page = _form(clients["reviewer"], "/literature/decide", form)
    assert page.status_code == status
    assert line in _text(page)
    assert list_decisions(registry) == []
    assert [e for e in entries(registry, actor="reviewer") if e["resource"].startswith("literature/")] == []


def test_the_decision_form_stores_and_audits_what_the_cli_does(shells):
    registry, clients = shells
    by_cli = _cli("literature", "decide", "90070001", "--exclude", "--reason", "adult patient",
                  "--reviewer", "reviewer")
    assert by_cli.exit_code == 0, by_cli.output
    page = _form(clients["reviewer"], "/literature/decide",
                 {"record_key": "pmid:90070002", "stage": "screening", "decision": "exclude",
                  "reason": "  adult patient "})
    assert page.status_code == 303, page.text
    first, second = (d.model_dump(exclude={"decided_at"}) for d in list_decisions(registry))
    assert first | {"record_key": "pmid:90070002"} == second
    assert second["reviewer"] == "reviewer"
    audited = [(e["actor"], e["action"], e["resource"], e["detail"]) for e in entries(registry, actor="reviewer")
               if e["resource"].startswith("literature/")]
    assert sorted(audited) == [("reviewer", "update", f"literature/pmid:9007000{n}", "screening: exclude")
                               for n in (1, 2)]


# --- PRISMA ------------------------------------------------------------------------------------------


def test_the_literature_page_counts_prisma_as_the_cli_does(shells):
    registry, clients = shells
    reviewer = Actor("reviewer", "reviewer", "127.0.0.1")
    for stage in ("screening", "eligibility"):  # included at full text, no case accepted yet
        literature.decide(registry, "90070001", stage, "include", None, reviewer)
    literature.decide(registry, "90070002", "screening", "exclude", "not myositis", reviewer)
    by_cli = _cli("literature", "prisma", "--format", "json")
    assert by_cli.exit_code == 0, by_cli.output
    counts = json.loads(by_cli.stdout)
    assert (counts["included"], counts["awaiting_case_review"]) == (0, 1)
    counts["identified_total"] = sum(counts["identified"].values())  # a property: not in the JSON
    text = _text(clients["reviewer"].get("/literature"))
    shown = {"identified_total": "Identified", "duplicates_removed": "duplicates removed", "screened": "screened",
             "screening_excluded": "(excluded", "assessed": "assessed", "included": "included",
             "awaiting_screening": "awaiting screening", "awaiting_assessment": "awaiting assessment",
             "awaiting_case_review": "included at full text awaiting case review"}
    for key, label in shown.items():
        assert f"{label} {counts[key]}" in text, (key, counts[key])


# --- the cohort export -------------------------------------------------------------------------------


def _with_free_text(registry) -> None:
    """A local patient whose free text names her: the CLI drops it by default, so must the web."""
    from imnm.interop.importing import import_cases
    from imnm.model import Case

    case = index_case() | {"id": "invented-local-girl"}
    case.pop("citation", None)
    case["presentation"] = {**case["presentation"], "text": "weakness noticed by Mrs Invented Mother at school"}
    assert import_cases(registry, [Case.model_validate(case)]).added


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_cohort_export_is_the_same_bytes_from_the_cli_and_the_web(shells, fmt):
    registry, clients = shells
    _with_free_text(registry)
    by_cli = _cli("cohort", "export", "--format", fmt)
    assert by_cli.exit_code == 0, by_cli.output
    clinician = clients["clinician"]
    by_api = clinician.get("/api/cohort/export", params={"format": fmt})
    by_page = clinician.get(f"/cohort/download/records.{fmt}")
    assert by_api.status_code == by_page.status_code == 200
    assert by_api.content == by_page.content == by_cli.stdout_bytes
    assert b"Invented Mother" not in by_api.content


def test_the_explorers_table1_download_is_the_clis_table1(shells):
    """Table 1 is made to be shared: the page's download leaves local free text out, as the CLI does."""
    registry, clients = shells
    _with_free_text(registry)
    by_cli = _cli("cohort", "table1", "--format", "csv")
    assert by_cli.exit_code == 0, by_cli.output
    researcher = clients["researcher"]
    by_page = researcher.get("/cohort/download/table1.csv")
    assert by_page.status_code == 200 and by_page.content == by_cli.stdout_bytes
    local = researcher.get("/cohort/download/table1.csv", params={"source": "local"}).text.splitlines()
    assert local[0] == by_page.text.splitlines()[0] and 1 < len(local) < len(by_page.text.splitlines())
    def unnumbered(rows):  # a table's reference numbers depend on the rows it holds
        return {re.sub(r"(\[\d+\])+", "", row) for row in rows}

    assert unnumbered(local[1:]) <= unnumbered(by_page.text.splitlines()[1:])
    assert "Invented Mother" not in by_page.text + "\n".join(local)


def test_the_researchers_deidentified_export_is_the_clis(shells):
    registry, clients = shells
    _with_free_text(registry)
    by_cli = _cli("cohort", "export", "--format", "deidentified")
    assert by_cli.exit_code == 0, by_cli.output
    reply = clients["researcher"].get("/api/exports/deidentified", params={"format": "json"})
    assert reply.status_code == 200
    assert reply.content == by_cli.stdout_bytes
    assert clients["researcher"].get("/api/cohort/export").status_code == 403


def test_a_filtered_download_holds_the_same_records_as_the_full_export(shells):
    registry, clients = shells
    clinician = clients["clinician"]
    every = clinician.get("/cohort/download/records.json").json()
    local = clinician.get("/cohort/download/records.json", params={"source": "local"}).json()
    assert local == [r for r in every if r["source_kind"] == "local"]
    [audited] = [e for e in entries(registry, actor="clinician", limit=1)]
    assert (audited["action"], audited["resource"]) == ("export", "cases")
    assert audited["detail"] == f"{len(local)} records as json (source=local)"


# --- identifier warnings -----------------------------------------------------------------------------


def _patient_with_identifiers() -> dict:
    case = index_case() | {"id": "invented-warned-girl", "ethnicity": "see Dr Invented Person"}
    case.pop("citation", None)
    case["presentation"] = {**case["presentation"], "text": "seen first on 03/02/2021, MRN 99001234"}
    return case


def _cli_warnings(result) -> list[str]:
    """The CLI's warning lines, each unwrapped, without the file's ``[0].`` (one case per file here)."""
    assert result.exit_code == 0, result.output
    text = " ".join(result.stderr.split())
    return [("warning:" + w).strip().replace("warning: [0].", "warning: ") for w in text.split("warning:")[1:]
            if "may hold a patient identifier" in w]


def test_case_create_and_update_give_the_clis_identifier_warnings(shells, tmp_path):
    _, clients = shells
    case = _patient_with_identifiers()
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case | {"id": "invented-cli-girl"}), encoding="utf-8")
    expected = _cli_warnings(_cli("case", "add", str(path)))
    assert len(expected) == 2
    expected = [w.split(" remove it")[0] for w in expected]
    clinician = clients["clinician"]
    created = clinician.post("/api/cases", json=case)
    assert created.status_code == 201, created.text
    assert [" ".join(w.split()).split(" remove it")[0] for w in created.json()["warnings"]] == expected
    saved = clinician.put(f"/api/cases/{case['id']}", json=case, headers={"If-Match": '"1"'})
    assert saved.status_code == 200, saved.text
    assert saved.json()["warnings"] == created.json()["warnings"]
    clean = clinician.put(f"/api/cases/{case['id']}", json=index_case() | {"id": case["id"]},
                          headers={"If-Match": '"2"'})
    assert clean.status_code == 200 and clean.json()["warnings"] == []
    numbered = index_case() | {"id": "local-12345678"}  # an id typed at creation is warned about then...
    numbered.pop("citation", None)
    [line] = clinician.post("/api/cases", json=numbered).json()["warnings"]
    assert line.startswith("warning: id may hold a patient identifier (long number: '12345678')")
    again = clinician.put("/api/cases/local-12345678", json=numbered, headers={"If-Match": '"1"'})
    assert again.json()["warnings"] == []  # ...not at every save: it can no longer change


def test_the_case_form_shows_the_same_warnings(shells, monkeypatch):
    from imnm.model.identifiers import warnings_for

    _, clients = shells
    clinician = clients["clinician"]
    saved = _form(clinician, "/patients/new", {"sex": "F", "age_years": "9", "ethnicity": "see Dr Invented Person",
                                               "treatments[0].drug": "glucocorticoid",
                                               "treatments[0].agent": "call 612 345 678 first"})
    assert saved.status_code == 303, saved.text
    page = clinician.get(saved.headers["location"])
    assert page.status_code == 200
    expected = warnings_for({"ethnicity": "see Dr Invented Person",
                             "treatments": [{"agent": "call 612 345 678 first"}]})
    assert len(expected) == 2
    text = _text(page)
    assert all(w in text for w in expected), expected
    # the registry's own id for the new patient is no identifier, even when its random part is all digits
    monkeypatch.setattr("imnm.store.cases.new_case_id", lambda case: "local-12345678")
    plain = _form(clinician, "/patients/new", {"sex": "M", "age_years": "7"})
    assert plain.headers["location"] == "/patients/local-12345678"
    assert "may hold a patient identifier" not in _text(clinician.get("/patients/local-12345678?saved=1"))


def test_a_visit_added_through_the_api_gives_the_clis_warning(shells, tmp_path):
    _, clients = shells
    clinician = clients["clinician"]
    case = index_case() | {"id": "invented-visited-girl"}
    case.pop("citation", None)
    assert clinician.post("/api/cases", json=case).status_code == 201
    visit = {"label": "month 3", "months_from_diagnosis": 3, "cmas": 40, "notes": "phone mother on 612 345 678"}
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(visit), encoding="utf-8")
    by_cli = _cli("case", "add-visit", case["id"], str(path))
    assert by_cli.exit_code == 0, by_cli.output
    by_cli_line = " ".join(by_cli.stderr.split())
    reply = clinician.post(f"/api/cases/{case['id']}/visits", json=visit)
    assert reply.status_code == 201, reply.text
    n = len(reply.json()["case"]["visits"])  # the CLI's visit was the one before
    [line] = reply.json()["warnings"]
    assert line == by_cli_line.replace(f"visits[{n - 2}]", f"visits[{n - 1}]")
    assert line.startswith(f"warning: visits[{n - 1}].notes may hold a patient identifier")


def test_the_assessment_download_is_the_apis_assessment(shells):
    _, clients = shells
    clinician = clients["clinician"]
    by_page = clinician.get("/patients/toledo-del-castillo-2024/assessment.json")
    by_api = clinician.get("/api/cases/toledo-del-castillo-2024/assessment")
    assert by_page.status_code == by_api.status_code == 200
    assert by_page.json() == by_api.json()
