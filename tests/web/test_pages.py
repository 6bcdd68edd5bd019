"""The server-rendered pages: sign-in, roles, the case form and its validation, the assessment,
follow-up and forecast pages, the cohort explorer (its SQL summary against the CLI's), downloads,
the literature queue and the admin pages. Browser-level checks are in test_browser.py."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from conftest import PASSWORD
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from imnm.cohort.statistics import summarise
from imnm.services.cohort import Selection, explore
from imnm.store.cases import count_cases, list_cases
from imnm.store.schema import CaseRow

#: The letter's girl as a clinician types her into the form (examples/index_case.json).
INDEX_FORM = {
    "sex": "F", "age_years": "10", "age_at_presentation_years": "11", "ethnicity": "Caucasian",
    "weight_kg": "52", "height_cm": "157.9", "body_surface_area_m2": "1.51",
    "labs[0].value": "11 426", "labs[0].unit": "U/L", "labs[0].reference_low": "26", "labs[0].reference_high": "192",
    "labs[1].value": "94.2", "labs[1].unit": "IU/L", "labs[1].reference_low": "1", "labs[1].reference_high": "7.5",
    "labs[2].value": "1513", "labs[2].unit": "U/L", "labs[2].reference_low": "120", "labs[2].reference_high": "300",
    "antibody_srp": "positive", "antibody_ro52": "positive",
    "examination.proximal_weakness_upper_limbs": "true", "examination.proximal_weakness_lower_limbs": "true",
    "examination.axial_weakness": "true", "examination.weakness_severity": "marked",
    "examination.skin_lesions": "none", "examination.dysphagia_or_oesophageal_dysmotility": "true",
    "examination.myalgia": "true", "visits[0].cmas": "9",
    "findings.electromyography.myopathic": "true", "findings.magnetic_resonance.oedema": "true",
    "findings.muscle_biopsy.necrosis": "true", "findings.muscle_biopsy.regeneration": "true",
    "findings.muscle_biopsy.inflammation": "minimal", "findings.muscle_biopsy.hla_class_i": "focal",
    "findings.muscle_biopsy.p62": "present",
    "feature_dysphagia": "true", "feature_pulmonary": "false", "feature_cardiac": "false",
    "treatments[0].drug": "ivig", "treatments[0].dose": "1", "treatments[0].dose_unit": "g/kg",
    "treatments[0].route": "iv",
}


def csrf(client: TestClient) -> str:
    return client.headers["X-CSRF-Token"]


def post_form(client: TestClient, path: str, data: dict, **kw):
    return client.post(path, data={**data, "csrf_token": csrf(client)}, follow_redirects=False, **kw)


# --- sign-in and roles -----------------------------------------------------------------------------


def test_pages_send_the_anonymous_visitor_to_sign_in_and_back(web):
    app, _, _ = web
    anonymous = TestClient(app)
    reply = anonymous.get("/cohort?sex=F", follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == "/signin?next=%2Fcohort%3Fsex%3DF"
    form = anonymous.get(reply.headers["location"])
    assert form.status_code == 200 and '<label for="password">' in form.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    wrong = anonymous.post("/signin", data={"name": "researcher", "password": "not it", "csrf_token": token,
                                            "next": "/cohort?sex=F"}, follow_redirects=False)
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    right = anonymous.post("/signin", data={"name": "researcher", "password": PASSWORD, "csrf_token": token,
                                            "next": "/cohort?sex=F"}, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/cohort?sex=F"
    assert anonymous.get("/cohort").status_code == 200


def test_sign_in_refuses_a_form_without_its_csrf_token_and_an_outside_next(web):
    app, _, _ = web
    anonymous = TestClient(app)
    assert anonymous.post("/signin", data={"name": "admin", "password": PASSWORD}).status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', anonymous.get("/signin").text).group(1)
    reply = anonymous.post("/signin", data={"name": "admin", "password": PASSWORD, "csrf_token": token,
                                            "next": "//evil.example/"}, follow_redirects=False)
    assert reply.headers["location"] == "/"


def test_sign_out_ends_the_session(web):
    _, _, clients = web
    client = clients["reviewer"]
    assert post_form(client, "/signout", {}).status_code == 303
    assert client.get("/literature", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(("role", "allowed", "refused"), [
    ("clinician", ["/patients", "/patients/new", "/cohort"], ["/literature", "/admin/users", "/admin/audit"]),
    ("researcher", ["/cohort"], ["/patients", "/patients/new", "/literature", "/admin/audit"]),
    ("reviewer", ["/literature"], ["/patients", "/cohort", "/admin/users"]),
    ("admin", ["/admin/users", "/admin/audit"], ["/patients", "/cohort", "/literature"]),
])
def test_roles_decide_which_pages_open_and_which_links_show(web, role, allowed, refused):
    _, _, clients = web
    client = clients[role]
    for path in allowed:
        reply = client.get(path)
        assert reply.status_code == 200, (path, reply.text[:300])
    for path in refused:
        reply = client.get(path)
        assert reply.status_code == 403, path
        assert "text/html" in reply.headers["content-type"] and f"your role ({role})" in reply.text
    nav = client.get(allowed[0]).text.split("</nav>")[0]
    for path in refused:
        assert f'href="{path}"' not in nav


# --- the case form ---------------------------------------------------------------------------------


def test_the_letters_girl_entered_through_the_form_is_assessed(web):
    _, registry, clients = web
    client = clients["clinician"]
    before = count_cases(registry)
    reply = post_form(client, "/patients/new", INDEX_FORM)
    assert reply.status_code == 303, reply.text[:2000]
    page = client.get(reply.headers["location"])
    assert count_cases(registry) == before + 1
    text = page.text
    assert "<strong>59.5</strong>" in text  # CK 11 426 U/L with ULN 192
    assert "26–192" in text
    assert "ENMC 2017: anti-SRP IMNM" in text
    assert "suspect IMNM" in text
    assert "1.51 m²" in text
    assert "1 g/kg x 52 kg = 52 g" in text  # the IVIG course with its formula and inputs
    assert "capped at 1000 mg" in text  # a cited regimen's cap
    assert "EULAR/ACR 2017 has no item for anti-SRP" in text  # side by side, with why they disagree
    assert "not assessable: needs the MMT8" in text
    case_id = reply.headers["location"].rsplit("/", 1)[1]
    assert client.get(f"/patients/{case_id}/assessment.json").json()["labs"][0]["uln_multiple"] == pytest.approx(59.5,
                                                                                                                  abs=0.05)
    assert case_id in client.get("/patients").text


def test_a_bad_form_names_each_field_with_what_was_expected_and_saves_nothing(web):
    _, registry, clients = web
    client = clients["clinician"]
    before = count_cases(registry)
    bad = {**INDEX_FORM, "weight_kg": "-3", "labs[0].unit": "mg/dL", "labs[1].value": "lots",
           "visits[0].cmas": "60"}
    reply = post_form(client, "/patients/new", bad)
    assert reply.status_code == 422
    assert count_cases(registry) == before
    text = reply.text
    assert "Nothing was saved." in text
    for name, message in [("weight_kg", "got &#39;-3&#39;; expected more than 0.3"),
                          ("labs[0].unit", "got &#39;mg/dL&#39;; expected"),
                          ("labs[1].value", "got &#39;lots&#39;; expected a number"),
                          ("visits[0].cmas", "got &#39;60&#39;; expected at most 52")]:
        field = re.search(rf'id="{re.escape(name)}"[^>]*aria-invalid="true"[^>]*aria-describedby="([^"]+)"', text)
        assert field, name
        error = re.search(rf'id="{re.escape(field.group(1))}">([^<]+)<', text).group(1)
        assert message in error, (name, error)
    assert 'value="11 426"' in text  # what the clinician typed stays in the form


def test_the_case_form_needs_its_csrf_token(web):
    _, registry, clients = web
    before = count_cases(registry)
    reply = clients["clinician"].post("/patients/new", data=INDEX_FORM, follow_redirects=False)
    assert reply.status_code == 403
    assert count_cases(registry) == before


def test_an_unknown_patient_is_a_404_page(web):
    _, _, clients = web
    reply = clients["clinician"].get("/patients/no-such-case")
    assert reply.status_code == 404 and "no case with id" in reply.text


# --- follow-up and forecast ------------------------------------------------------------------------


def test_follow_up_page_draws_the_course_scores_the_response_and_adds_a_visit(web):
    _, _, clients = web
    client = clients["clinician"]
    page = client.get("/patients/toledo-del-castillo-2024/follow-up")
    assert page.status_code == 200
    assert "<svg" in page.text and "Total Improvement Score" in page.text
    assert "Steroid-refractoriness" in page.text
    case_id = post_form(client, "/patients/new", INDEX_FORM).headers["location"].rsplit("/", 1)[1]
    added = post_form(client, f"/patients/{case_id}/visits", {"label": "3-month", "months_from_diagnosis": "3",
                                                              "cmas": "30"})
    assert added.status_code == 303
    page = client.get(f"/patients/{case_id}/follow-up").text
    assert "3-month" in page and "improvement" in page
    refused = post_form(client, f"/patients/{case_id}/visits", {"label": "x", "cmas": "99"})
    assert refused.status_code == 422 and "cmas: got &#39;99&#39;; expected at most 52" in refused.text


def test_forecast_page_shows_the_probability_its_validation_and_similar_patients(web):
    _, _, clients = web
    page = clients["clinician"].get("/patients/toledo-del-castillo-2024/forecast")
    assert page.status_code == 200
    assert "Probability of a good outcome" in page.text
    assert "Brier score" in page.text and "Calibration slope" in page.text
    assert "Patients like mine" in page.text


# --- the cohort explorer ---------------------------------------------------------------------------


def test_the_explorers_sql_summary_equals_the_cli_summary(database_url):
    """On SQLite and PostgreSQL alike, unfiltered and filtered."""
    from imnm.store import open_registry

    registry = open_registry(database_url)
    try:
        for query, keep in [({}, lambda c: True),
                            ({"sex": "F", "treatment": "ivig"}, lambda c: c.sex and c.sex.value == "F"
                             and any(t.drug.value == "ivig" for t in c.treatments))]:
            expected = summarise([c for c in list_cases(registry) if keep(c)]).as_dict()
            got = explore(registry, Selection.parse(query)).summary
            for key in ("n_records", "n_patients", "n_individual", "n_aggregate_patients", "sex", "age_years",
                        "ck_iu_l", "features", "treatments", "outcomes", "good_outcome"):
                assert got[key] == expected[key], (query, key)
    finally:
        registry.dispose()


def test_the_explorers_summary_follows_every_write(web):
    """The summary is kept between requests; any add, update or delete of a case must show at once."""
    from imnm.model import Case
    from imnm.store.cases import add_case, delete_case

    _, registry, _ = web
    girls = Selection.parse({"sex": "F"})

    def count() -> tuple[int, int]:
        s = explore(registry, girls).summary
        return s["n_records"], s["sex"]["F"]["k"]

    before = count()
    assert count() == before
    case_id = add_case(registry, Case.model_validate({"sex": "F", "age_years": 7}))
    assert count() == (before[0] + 1, before[1] + 1)
    delete_case(registry, case_id)
    assert count() == before


def test_the_explorers_filters_count_what_python_counts(web):
    _, registry, clients = web
    cases = [c for c in list_cases(registry) if not c.aggregate]
    want = [c for c in cases if c.sex and c.sex.value == "F" and c.antibody("srp").value == "positive"
            and c.age_years is not None and 5 <= c.age_years <= 15]
    got = explore(registry, Selection.parse({"sex": "F", "antibody": "srp", "age_min": "5", "age_max": "15"})).summary
    assert got["n_individual"] == len(want) > 0
    page = clients["researcher"].get("/cohort", params={"sex": "F", "antibody": "srp", "outcome": "worst"})
    assert "outcome: got &#39;worst&#39;; expected one of death" in page.text
    assert "Table 1" in page.text and "<svg" in page.text
    assert "9 to &lt;12" in page.text and "≥ 18" in page.text  # age bins say where a fractional age falls


def test_the_explorer_pages_through_the_records(web):
    _, registry, clients = web
    with registry.session(write=False) as session:
        total = session.scalar(select(func.count()).select_from(CaseRow))
    text = clients["researcher"].get("/cohort").text
    assert f"{total} records (showing 1–{min(total, 50)})" in text


def test_downloads_follow_the_roles(web):
    _, _, clients = web
    researcher, clinician = clients["researcher"], clients["clinician"]
    table = researcher.get("/cohort/download/table1.csv")
    assert table.status_code == 200 and table.text.startswith("Article (authors and year of publication)")
    assert researcher.get("/cohort/download/summary.json", params={"sex": "M"}).json()["sex"]["M"]["percent"] == 100
    assert researcher.get("/cohort/download/records.csv").status_code == 403
    book = openpyxl.load_workbook(io.BytesIO(clinician.get("/cohort/download/records.xlsx").content))
    assert book.active.cell(1, 1).value == "id"
    records = clinician.get("/cohort/download/records.json", params={"source": "literature"}).json()
    assert records and all(r["source_kind"] == "literature" for r in records)
    assert clinician.get("/cohort/download/records.pdf").status_code == 404


# --- literature and admin --------------------------------------------------------------------------


def test_reviewer_screens_a_record_and_the_prisma_counts_follow(web):
    from pathlib import Path

    from imnm.literature.medline import iter_medline
    from imnm.store.literature import save_search_run

    _, registry, clients = web
    xml = Path(__file__).resolve().parents[2] / "examples" / "pubmed.xml"
    records = list(iter_medline(xml))
    save_search_run(registry, records, source="PubMed")
    client = clients["reviewer"]
    page = client.get("/literature")
    assert f"({len(records)} awaiting)" in page.text and "<svg" in page.text
    key = records[0].key
    refused = post_form(client, "/literature/decide", {"record_key": key, "stage": "screening", "decision": "exclude"})
    assert refused.status_code == 422 and "an exclusion needs a reason" in refused.text
    done = post_form(client, "/literature/decide", {"record_key": key, "stage": "screening", "decision": "include"})
    assert done.status_code == 303
    assert f"({len(records) - 1} awaiting)" in client.get("/literature").text


def test_admin_adds_a_user_and_reads_the_audit_log(web):
    _, _, clients = web
    admin, clinician = clients["admin"], clients["clinician"]
    clinician.get("/patients/toledo-del-castillo-2024")
    short = post_form(admin, "/admin/users", {"name": "dr.new", "role": "clinician", "password": "short"})
    assert short.status_code == 422 and "password: got 5 characters" in short.text
    assert post_form(admin, "/admin/users", {"name": "dr.new", "role": "clinician",
                                             "password": "a long enough password"}).status_code == 303
    assert "dr.new" in admin.get("/admin/users").text
    audit = admin.get("/admin/audit").text
    assert "case/toledo-del-castillo-2024" in audit and "user/dr.new" in audit


def test_every_shipped_record_has_its_assessment_and_follow_up_page(web):
    """Aggregate rows, records without labs or visits: every page says what it cannot assess, never a 500."""
    _, registry, clients = web
    client = clients["clinician"]
    for case in list_cases(registry):
        for suffix in ("", "/follow-up"):
            reply = client.get(f"/patients/{case.id}{suffix}")
            assert reply.status_code == 200, (case.id, suffix, reply.text[:300])
