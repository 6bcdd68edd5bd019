"""Registry case report forms exported to text (issue 16): numbered questions with tick boxes, bare answers after
a colon, coded answers, checkbox exports and batches of several children's forms. Read from the form alone,
before the thirty-eighth blind set was scored. Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

from imnm.literature.extract import extract_cases

_BASELINE = """PAEDIATRIC MYOSITIS REGISTRY - BASELINE FORM (Visit 1)
Record ID: 0042   Site: 07   Entered by: KL

A1. Sex:  [ ] Male   [X] Female
A2. Age at symptom onset (years): 9

B1. Dysphagia:                [X] Yes  [ ] No  [ ] Unknown
B2. Dysphonia:                [ ] Yes  [X] No  [ ] Unknown
B3. Rash (any):               [ ] Yes  [X] No  [ ] Unknown
B4. Arthritis:                [ ] Yes  [ ] No  [X] Unknown
B5. Raynaud phenomenon:       [ ] Yes  [ ] No  [ ] Unknown
B6. Interstitial lung disease: Not assessed

C1. CK (U/L): 14 250      ULN: 170
D1. Anti-SRP:    [X] Positive  [ ] Negative  [ ] Not tested
D2. Anti-HMGCR:  [ ] Positive  [X] Negative  [ ] Not tested

E. Treatment (tick all given)
[X] Oral prednisolone  dose: 2 mg/kg/day
[ ] Methotrexate
[X] IVIG  dose: 2 g/kg
[ ] Rituximab

F1. Follow-up duration (months): 24
F2. Status: [ ] Remission  [X] Marked improvement  [ ] Unchanged  [ ] Died
"""


def test_ticked_boxes_are_the_answers_and_unticked_options_say_nothing():
    record = _one(_BASELINE)
    assert (record["sex"], record["age_years"], record["ck_iu_l"]) == ("F", 9, 14250)
    assert record["antibodies"] == {"srp": "positive", "hmgcr": "negative"}
    # Yes is present, No is absent; Unknown, Not assessed and a row left blank are neither
    assert record["features"] == ["dysphagia"]
    assert sorted(record["features_absent"]) == ["cutaneous", "dysphonia"]
    # a checklist's empty boxes are drugs never given, and the outcome is the one option ticked
    assert record["treatments"] == ["glucocorticoids", "ivig"]
    assert {c["drug"]: (c["dose"], c["dose_unit"]) for c in record["courses"] if c.get("dose")} == {
        "glucocorticoids": (2, "mg/kg"), "ivig": (2, "g/kg")}
    assert (record["outcome_class"], record["follow_up_months"]) == ("marked_improvement", 24)


def test_bare_and_coded_answers_after_a_colon_answer_their_own_line():
    text = ("Surveillance questionnaire - reported case\nSex: 1, Female\nAge at diagnosis (y): 13\n"
            "Cardiac involvement: Yes - pericardial effusion on echo\nDysphagia: No - normal videofluoroscopy\n"
            "Calcinosis: Unknown (not examined)\nRaynaud (0=No, 1=Yes, 9=Unknown): 9\nArthritis (0=No, 1=Yes, 9=Unknown): 0\n"
            "Rituximab given: Yes (two infusions)\nCyclophosphamide given: No\nAnti-MDA5: Positive\n")
    record = _one(text)
    assert (record["sex"], record["age_years"], record["antibodies"]) == ("F", 13, {"mda5": "positive"})
    assert record["features"] == ["cardiac"]
    assert sorted(record["features_absent"]) == ["arthritis", "dysphagia"]
    assert record["treatments"] == ["rituximab"]


def test_answers_in_a_grid_and_before_their_boxes():
    grid = ("Paper form, page 2 (scanned)\nSex: Female\nAnti-SRP: Positive\n"
            "                          Yes    No    Unknown\n"
            "Dysphagia                  X\nDysphonia                         X\nArthritis                                 X\n"
            "Rash                       X\n")
    record = _one(grid)
    assert sorted(record["features"]) == ["cutaneous", "dysphagia"] and record["features_absent"] == ["dysphonia"]
    boxes_after = ("Extraction sheet\nSex: M\nAge at onset: 4 years\nDysphagia  Yes ☒  No ☐  NR ☐\nRash  Yes ☐  No ☒  NR ☐\n"
                   "Cardiac involvement  Yes ☐  No ☐  NR ☒\nAnti-SRP  Pos ☒  Neg ☐  Not tested ☐\n"
                   "Treatments: ☒ Glucocorticoids  ☐ Methotrexate  ☒ IVIG  ☐ Rituximab\n")
    record = _one(boxes_after)
    assert (record["features"], record["features_absent"]) == (["dysphagia"], ["cutaneous"])
    assert record["antibodies"] == {"srp": "positive"} and record["treatments"] == ["glucocorticoids", "ivig"]


def test_a_batch_of_forms_is_one_record_per_child_and_a_checkbox_export_gives_checked_drugs_only():
    text = ("Registry export - baseline forms\n\nRecord ID: 101\nSex: Female\nAge at onset (years): 7\n"
            "Dysphagia (0=No, 1=Yes, 9=Unknown): 1\nTreatment given (choice=Prednisolone): Checked\n"
            "Treatment given (choice=Rituximab): Unchecked\nAnti-SRP: Positive\n\n"
            "Record ID: 102\nSex: Male\nAge at onset (years): 12\nDysphagia (0=No, 1=Yes, 9=Unknown): 0\n"
            "Treatment given (choice=Prednisolone): Checked\nTreatment given (choice=IVIG): Checked\nAnti-HMGCR: Positive\n\n"
            "Record ID: 101 - follow-up visit\nOutcome at last visit: Remission\n")
    first, second = _records(text)
    assert (first["sex"], first["age_years"], first["features"]) == ("F", 7, ["dysphagia"])
    assert first["treatments"] == ["glucocorticoids"] and first["outcome_class"] == "remission"
    assert (second["sex"], second["age_years"], second["features_absent"]) == ("M", 12, ["dysphagia"])
    assert second["treatments"] == ["glucocorticoids", "ivig"] and second["antibodies"] == {"hmgcr": "positive"}


def test_prose_is_no_form_and_evidence_quotes_the_form_line():
    from imnm.literature.forms import form_edits, is_form

    prose = "A 9-year-old girl had dysphagia. No rash was seen. She was treated with prednisolone: yes, it helped."
    assert form_edits(prose) == [] and not is_form(prose)
    [case] = extract_cases(_BASELINE)
    [dysphagia] = [e for e in case.evidence["features"] if "Dysphagia" in e.text or "dysphagia" in e.text][:1]
    assert _BASELINE[dysphagia.start:dysphagia.end] == dysphagia.text
    assert "Dysphagia" in dysphagia.text
