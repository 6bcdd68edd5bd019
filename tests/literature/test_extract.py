"""Case extraction: data types, each form of item 1 (issue 16), the command, and the corpus floor."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from imnm.literature.extract import Evidence, ExtractedCase, empty_record, flag
from imnm.model.case import Case

# --- data types ---------------------------------------------------------------------------------------


def _full_record() -> dict:
    record = empty_record()
    record.update(
        sex="F", age_years=1.5, age_as_written="an 18-month-old", ethnicity="Japanese",
        ck_iu_l=11426.0, antibodies={"srp": "positive", "hmgcr": "negative"},
        features=["dysphagia"], features_absent=["cutaneous"], treatments=["glucocorticoids", "ivig"],
        outcome_class="marked_improvement", outcome_text="marked improvement", follow_up_months=24.0,
        labs=[{"analyte": "creatine_kinase", "value": 11426.0, "unit": "U/L", "as_written": "CK 11,426 U/L"}],
        courses=[{"drug": "glucocorticoids", "drug_as_written": "Solu-Medrol", "agent": "methylprednisolone",
                  "dose": 30.0, "dose_unit": "mg/kg", "route": "iv"},
                 {"drug": "ivig", "drug_as_written": "IVIG", "dose": 2.0, "dose_unit": "g/kg"}],
    )
    return record


def test_to_case_builds_a_validated_literature_case_with_every_part():
    extracted = ExtractedCase(record=_full_record(), patient_label="Case 1", source="pmid:123",
                              evidence={"sex": [Evidence(start=0, end=4, text="girl")]},
                              review_flags=[flag("suspect_unit", "treatments", "IVIG 0.4 mg/kg")])
    case = extracted.to_case({"first_author": "Doe", "year": 2020, "pmid": "123"})
    assert isinstance(case, Case)
    assert case.source_kind == "literature" and case.case_label == "Case 1"
    assert case.age_years == 1.5 and case.ck_iu_l == 11426.0
    assert case.antibody("srp") == "positive" and case.antibody("hmgcr") == "negative"
    assert [f.value for f in case.features_present] == ["dysphagia"]
    assert [(f.feature.value, f.present) for f in case.features if not f.present] == [("cutaneous", False)]
    ivig = next(t for t in case.treatments if t.drug.value == "ivig")
    assert (ivig.dose, ivig.dose_unit) == (2.0, "g/kg")
    assert case.outcome.outcome_class == "marked_improvement" and case.outcome.follow_up_months == 24.0
    assert case.review_flags[0].kind == "suspect_unit" and case.review_flags[0].field == "treatments"
    exported = case.export_record()
    for key in ("sex", "age_years", "ck_iu_l", "antibodies", "features", "features_absent", "treatments",
                "outcome_class"):
        assert exported[key] == extracted.record[key], key


def test_to_case_without_citation_is_local_and_an_empty_record_is_valid():
    case = ExtractedCase().to_case()
    assert case.source_kind == "local" and case.outcome.outcome_class == "unknown"


def test_to_case_refuses_a_unit_the_model_refuses():
    record = empty_record()
    record["labs"] = [{"analyte": "creatine_kinase", "value": 5.0, "unit": "mg/dL"}]
    with pytest.raises(ValidationError, match="unit"):
        ExtractedCase(record=record).to_case()


def test_output_row_has_every_export_key_plus_evidence_and_confidence():
    row = ExtractedCase(record=_full_record(), confidence={"sex": 0.95}).output_row()
    export_keys = set(Case().export_record())
    assert export_keys <= set(row)
    assert {"evidence", "confidence", "review_flags", "language"} <= set(row)
