"""The extraction review queue over the API: list, show, accept (as extracted or edited), reject; audited."""

from __future__ import annotations

from conftest import queue_items


def test_a_reviewer_works_the_queue_and_each_decision_is_audited(web):
    _app, registry, clients = web
    reviewer = clients["reviewer"]
    first, second, third = queue_items(registry, ("case 1", "case 2", "case 3"))
    listed = reviewer.get("/api/literature/queue")
    assert listed.status_code == 200 and [r["id"] for r in listed.json()] == [first, second, third]
    assert reviewer.get(f"/api/literature/queue/{second}").json()["patient_label"] == "case 2"

    accepted = reviewer.post(f"/api/literature/queue/{first}/accept")
    assert accepted.status_code == 200, accepted.text
    case_id = accepted.json()["case_id"]
    assert accepted.json()["decisions"][-1]["reviewer"] == "reviewer"
    case = clients["clinician"].get(f"/api/cases/{case_id}").json()["case"]
    assert case["source_kind"] == "literature" and case["age_years"] == 7.0

    bad = reviewer.post(f"/api/literature/queue/{second}/accept", json={"case": {"sex": "F", "age_years": 500}})
    assert bad.status_code == 422 and "age_years" in bad.json()["error"]
    edited = reviewer.post(f"/api/literature/queue/{second}/accept",
                           json={"case": {"sex": "F", "age_years": 8, "case_label": "case 2"}})
    assert edited.status_code == 200, edited.text
    assert clients["clinician"].get(f"/api/cases/{edited.json()['case_id']}").json()["case"]["age_years"] == 8

    blank = reviewer.post(f"/api/literature/queue/{third}/reject", json={"reason": "   "})
    assert blank.status_code == 422
    rejected = reviewer.post(f"/api/literature/queue/{third}/reject", json={"reason": "a second report of case 1"})
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    assert reviewer.get("/api/literature/queue").json() == []

    again = reviewer.post(f"/api/literature/queue/{first}/accept")
    assert again.status_code == 409 and "already accepted" in again.json()["error"]
    assert reviewer.get("/api/literature/queue/999").status_code == 404

    log = clients["admin"].get("/api/audit", params={"actor": "reviewer"}).json()
    assert {(e["action"], e["resource"]) for e in log} >= {
        ("create", f"case/{case_id}"), ("create", f"case/{edited.json()['case_id']}"),
        ("reject", f"literature/queue/{third}")}
