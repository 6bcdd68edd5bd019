"""Invented local patients for the interoperability tests: every part of the model filled in."""

from __future__ import annotations

import datetime as dt

import pytest

from imnm.model import Case


def rich_local_case(n: int = 0, *, identifiers: bool = False) -> Case:
    """A local case with dates, visits with labs and scores, courses, findings, flags and odd values."""
    day = dt.date(2021, 3, 1) + dt.timedelta(days=n)
    text = "Proximal weakness for 3 months, unable to climb stairs"
    label = f"local patient {n}"
    if identifiers:
        text = (f"Mrs Lucia Fernandez brought her daughter; patient Ana Fernandez, NHC 4455{n:04d}, "
                f"phone +34 612 345 {n % 1000:03d}, e-mail ana.f{n}@example.org, first seen 0{n % 9 + 1}/02/2021")
        label = f"Ana Fernandez MRN 99{n:06d}"
    return Case.model_validate({
        "id": f"local-{n:05d}" if not identifiers else f"ana-fernandez-2021-02-0{n % 9 + 1}",
        "source_kind": "local",
        "case_label": label,
        "provenance": {"source": "clinic notes", "curated_by": "Dr. Jane Roe", "curated_on": day.isoformat(),
                       "notes": "entered at the bedside"},
        "sex": "F" if n % 2 else "M",
        "age_years": 9.5 + n % 5, "age_at_presentation_years": 10 + n % 5,
        "weight_kg": 31.5, "height_cm": 138, "body_surface_area_m2": 1.1,
        "presentation": {"text": text, "onset": "subacute", "duration_months": 3,
                         "weakness_distribution": ["proximal", "axial"], "functional_limits": ["stairs"],
                         "preceding_infection": False},
        "examination": {"proximal_weakness_upper_limbs": True, "weakness_severity": "marked", "myalgia": True,
                        "mmt8_items": {"neck_flexors": 6, "deltoid_middle": 7, "biceps_brachii": 8,
                                       "gluteus_maximus": 5, "gluteus_medius": 5, "quadriceps": 6,
                                       "wrist_extensors": 9, "ankle_dorsiflexors": 10}},
        "labs": [
            {"analyte": "CK", "value": 12000 + n, "unit": "U/L", "reference_low": 26, "reference_high": 192,
             "date": day.isoformat(), "months_from_diagnosis": 0, "as_written": "CK 12 000"},
            {"analyte": "aldolase", "value": 0.5, "unit": "ukat/L", "reference_high": 0.13},
            {"analyte": "crp", "value": 1.0, "unit": "mg/L", "reference_low": 2, "reference_high": 5},
            {"analyte": "tsh", "value": 2.0, "unit": "mIU/L"},
        ],
        "antibodies": [
            {"antigen": "SRP54", "result": "positive", "method": "line immunoassay", "basis": "reported"},
            {"antigen": "hmgcr", "result": "negative"},
            {"antigen": "mda5", "result": "not_tested", "as_written": "not sent"},
        ],
        "findings": {
            "electromyography": {"performed": True, "myopathic": True, "spontaneous_activity": True,
                                 "text": "fibrillations"},
            "magnetic_resonance": {"performed": False},
            "muscle_biopsy": {"necrosis": True, "regeneration": True, "inflammation": "minimal",
                              "hla_class_i": "diffuse", "p62": "absent", "mac": "present"},
        },
        "features": [{"feature": "dysphagia", "as_written": "chokes on water"},
                     {"feature": "cardiac", "present": False}, {"feature": "lvh"}],
        "workup": [{"item": "echocardiography", "done": True, "abnormal": False, "result": ""}],
        "differential_excluded": ["metabolic"],
        "treatments": [
            {"drug": "methylprednisolone", "agent": "methylprednisolone", "dose": 30, "dose_unit": "mg/kg",
             "dose_given": 1, "dose_given_unit": "g", "route": "iv", "frequency": "daily", "n_doses": 3,
             "duration_days": 3, "start": day.isoformat(), "stop": (day + dt.timedelta(days=2)).isoformat(),
             "start_month": 0, "stop_month": 0.1, "line_of_therapy": 1, "phase": "induction"},
            {"drug": "rituximab", "dose": 375, "dose_unit": "mg/m2", "route": "iv", "n_doses": 2,
             "interval_days": 14, "phase": "escalation", "as_written": "RTX 375 mg/m2 x2"},
            {"drug": "ivig", "dose": 2, "dose_unit": "g/kg", "frequency": "once"},
            {"drug": "plasmapheresis", "frequency": "cycle"},
        ],
        "interventions": ["intensive_physiotherapy"],
        "visits": [
            {"label": "diagnosis", "date": day.isoformat(), "months_from_diagnosis": 0, "cmas": 12, "mmt8": 44,
             "physician_global_activity": 7.5, "chaq": 2.25,
             "labs": [{"analyte": "ck", "value": 12000 + n, "unit": "U/L", "reference_high": 192}]},
            {"label": "3 months", "months_from_diagnosis": 3, "cmas": 30, "notes": "better"},
            {"date": (day + dt.timedelta(days=180)).isoformat()},
        ],
        "outcome": {"outcome_class": "marked_improvement", "outcome_text": "walks again", "follow_up_months": 6,
                    "complications": []},
        "review_flags": [{"field": "labs", "kind": "unverified", "message": "aldolase unit read from a fax"}],
    })


@pytest.fixture
def local_case():
    return rich_local_case
