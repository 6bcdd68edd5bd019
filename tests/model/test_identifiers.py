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
