"""Identifiers typed into free text, ids and labels are spotted (and the cohort's own words are not)."""

from __future__ import annotations

import pytest

from imnm.cohort.dataset import load_cohort
from imnm.model import Case, Visit
from imnm.model.identifiers import find_identifiers, redact, scan_record, warnings_for


@pytest.mark.parametrize(("text", "kind", "found"), [
    ("seen by Dr. Garcia Lopez", "name after a title", "Dr. Garcia Lopez"),
    ("Mrs Smith called", "name after a title", "Mrs Smith"),
    ("the patient Maria Perez fell", "name after 'patient'", "patient Maria Perez"),
    ("NHC 12345678", "record number", "NHC 12345678"),
    ("MRN: AB-99812", "record number", "MRN: AB-99812"),
    ("admitted 2021-03-02", "date", "2021-03-02"),
    ("admitted 12/03/2021", "date", "12/03/2021"),
    ("on 3 March 2020", "date", "3 March 2020"),
    ("on March 3, 2020", "date", "March 3, 2020"),
    ("call +34 612 345 678", "telephone number", "+34 612 345 678"),
    ("tel (555) 123-4567", "telephone number", "(555) 123-4567"),
    ("mail ana.f@example.org", "e-mail address", "ana.f@example.org"),
    ("id 88123456", "long number", "88123456"),
])
def test_each_kind_is_found(text, kind, found):
    assert (kind, found) in find_identifiers(text)
    assert found not in redact(text)


@pytest.mark.parametrize("text", [
    "CK 22 155 IU/L", "IVIG (1 g/kg) 10 15 20 mg", "aged 11.6-16 years", "Patient had weakness",
    "rituximab (375 mg/m2; first dose: 500 mg with a second dose 15 days later)", "Rider et al, 1994",
])
def test_clinical_words_are_not_identifiers(text):
    assert find_identifiers(text) == []


def test_no_warning_for_any_shipped_cohort_case():
    assert [(c.id, s) for c in load_cohort() for s in scan_record(c)] == []


def test_warnings_name_each_suspicious_field_once():
    case = Case.model_validate({
        "id": "garcia-2021-03-02", "case_label": "Ana Garcia MRN 4451234",
        "presentation": {"text": "patient Ana Garcia, phone 612 345 678, weak since 2021-01-02"},
        "outcome": {"outcome_text": "walks; mother's e-mail ana@example.org"},
    })
    lines = warnings_for(case)
    fields = [line.split(" may hold")[0].removeprefix("warning: ") for line in lines]
    assert fields == ["id", "case_label", "presentation.text", "outcome.outcome_text"]
    visit = Visit.model_validate({"label": "seen 02/03/2021", "notes": "Dr House examined"})
    assert [w.split(" may")[0] for w in warnings_for(visit, "visits[2].")] == [
        "warning: visits[2].label", "warning: visits[2].notes"]


CLINICAL = ["CK 22 155 IU/L", "IVIG (1 g/kg) 10 15 20 mg", "aged 11.6-16 years", "Patient had weakness",
            "rituximab (375 mg/m2; first dose: 500 mg with a second dose 15 days later)", "Rider et al, 1994"]
SUSPICIOUS = ["seen by Dr. Garcia Lopez", "the patient Maria Perez fell", "MRN: AB-99812", "admitted 12/03/2021",
              "on March 3, 2020", "call +34 612 345 678", "mail ana.f@example.org", "id 88123456",
              "10 15 20 mg", "1 2 3 4 5 6", "on 2021-13-40", "12/03/21 again", "3 de marzo de 2020"]


def test_the_combined_pattern_matches_exactly_when_one_of_the_patterns_does():
    """The one-pass test that lets a clean string skip the per-kind scan must never skip a find."""
    from imnm.model.identifiers import ANY_IDENTIFIER, PATTERNS

    texts = [*CLINICAL, *SUSPICIOUS, *(s for c in load_cohort() for _, s in _strings(c.model_dump()))]
    disagree = [t for t in texts if bool(ANY_IDENTIFIER.search(t)) != any(p.search(t) for _, p in PATTERNS)]
    assert disagree == []


def _strings(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)
    elif isinstance(value, str):
        yield path, value


def test_fields_are_named_as_the_file_names_them_however_deep():
    case = Case.model_validate({
        "id": "local-1", "case_label": "",
        "treatments": [{"drug": "rituximab", "as_written": "given by Dr. Who"}],
        "visits": [{"label": "first"}, {"label": "second", "labs": [
            {"analyte": "ck", "value": 900, "unit": "U/L", "as_written": "NHC 12345678"}]}],
    })
    assert [s.field for s in scan_record(case, "[4].")] == ["[4].treatments[0].as_written",
                                                            "[4].visits[1].labs[0].as_written"]
    assert [s.field for s in scan_record(case, "local-1: ")] == ["local-1: treatments[0].as_written",
                                                                 "local-1: visits[1].labs[0].as_written"]
    assert [s.field for s in scan_record(case.model_dump(mode="json"))] == ["treatments[0].as_written",
                                                                            "visits[1].labs[0].as_written"]


RICH = {
    "id": "local-9", "case_label": "case 9", "age_as_written": "nine", "ethnicity": "not stated",
    "provenance": {"source": "clinic", "notes": "entered late", "curated_on": "2021-03-01"},
    "presentation": {"text": "weak", "weakness_distribution": ["proximal"], "functional_limits": ["stairs"]},
    "examination": {"weakness_severity": "marked", "skin_lesions": "minimal"},
    "labs": [{"analyte": "ck", "value": 900, "unit": "U/L", "as_written": "CK 900"}],
    "antibodies": [{"antigen": "srp", "result": "positive", "method": "ELISA", "as_written": "SRP+"}],
    "findings": {"electromyography": {"performed": True, "text": "fibs"}, "muscle_biopsy": {"text": "necrosis"}},
    "features": [{"feature": "dysphagia", "as_written": "chokes"}],
    "differential_excluded": ["metabolic"], "interventions": ["intensive_physiotherapy"],
    "treatments": [{"drug": "rituximab", "agent": "MabThera", "as_written": "RTX"}],
    "visits": [{"label": "first", "notes": "better", "date": "2021-05-01",
                "labs": [{"analyte": "ck", "value": 300, "unit": "U/L", "as_written": "CK 300"}]}],
    "outcome": {"outcome_class": "improvement", "outcome_text": "walks", "complications": ["fracture"]},
    "review_flags": [{"field": "labs", "kind": "unverified", "message": "from a fax"}],
}


def test_a_model_is_scanned_in_every_string_its_full_dump_holds(monkeypatch):
    """Dumping only the fields that can hold text must reach every string the whole dump has."""
    import re

    from imnm.model import identifiers

    monkeypatch.setattr(identifiers, "ANY_IDENTIFIER", re.compile(r"[\s\S]"))
    monkeypatch.setattr(identifiers, "find_identifiers", lambda text: [("any text", text)])
    for case in [*load_cohort(), Case.model_validate(RICH)]:
        assert scan_record(case, "x: ") == scan_record(case.model_dump(exclude_none=True), "x: ")
    assert len(scan_record(Case.model_validate(RICH))) >= 20
