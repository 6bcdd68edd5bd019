"""Hospital correspondence (issue 16): discharge summaries, referral letters and clinic letters, often several
about one child, written in headed lists and clinicians' shorthand. Read from the form alone, before the
thirty-sixth blind set was scored. Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

_GIRL = "A 9-year-old girl with juvenile dermatomyositis. "


def test_a_letters_header_fields_give_age_and_sex():
    record = _one("DISCHARGE SUMMARY\nName: A.R.   Age: 7 y 6 m   Sex: F\nDiagnosis: juvenile dermatomyositis.")
    assert (record["sex"], record["age_years"]) == ("F", 7.5)
    record = _one("Age: 18 months. Gender: male. Diagnosis: juvenile dermatomyositis.")
    assert (record["sex"], record["age_years"]) == ("M", 1.5)
    assert _one("Age: 9. Sex: M. Diagnosis: IMNM.")["age_years"] == 9
    # a field, not a word inside another ("Stage: 3", "dosage: 2 mg/kg"), and no age in weeks
    record = _one("Diagnosis: JDM with a heliotrope rash. Stage: 3. Prednisolone dosage: 2 mg/kg. Sex: female.")
    assert (record["sex"], record["age_years"]) == ("F", None)
    assert _one("Age: 11 weeks. Diagnosis: myositis with a heliotrope rash.")["age_years"] is None


def test_shorthand_normal_tests_and_examination_by_systems_state_absent_findings():
    assert _one(_GIRL + "ECG and echo normal.")["features_absent"] == ["cardiac"]
    assert _one(_GIRL + "Echo: normal. CXR: normal.")["features_absent"] == ["pulmonary", "cardiac"]
    record = _one(_GIRL + "Examination:\nSkin - clear.\nJoints - no synovitis.")
    assert sorted(record["features_absent"]) == ["arthritis", "cutaneous"]
    # a rash told first keeps the skin involved, whatever a later clinic letter says of it
    record = _one(_GIRL + "She had a heliotrope rash.\n\nClinic letter\nSkin: clear.")
    assert record["features"] == ["cutaneous"] and record["features_absent"] == []


def test_nail_fold_findings_are_the_periungual_change_not_a_rash():
    assert _one(_GIRL + "Nail-fold erythema.")["features"] == ["periungual_capillaries"]
    assert _one(_GIRL + "Nailfold capillaries: dilated loops and dropout.")["features"] == ["periungual_capillaries"]
    assert _one(_GIRL + "Nail-fold capillaries - normal.")["features_absent"] == ["periungual_capillaries"]


def test_antibody_results_after_a_label_colon():
    text = (_GIRL + "Myositis panel:\nAnti-TIF1 gamma: positive\nAnti-Mi-2: not detected\nanti-HMGCR - negative\n"
            "Anti-SAE1 positive\nAnti-MDA5: pending")
    assert _one(text)["antibodies"] == {"tif1g": "positive", "mi2": "negative", "hmgcr": "negative", "sae": "positive"}


def test_a_results_list_with_its_unit_before_the_value():
    assert _one(_GIRL + "CK (U/L): 9 870. ALT (U/L): 300.")["ck_iu_l"] == 9870
    assert _one(_GIRL + "CK (IU/L) 14,520 on admission, 120 at 6 months.")["ck_iu_l"] == 14520


def test_a_drug_list_gives_the_dose_by_weight_written_beside_the_absolute_one():
    text = (_GIRL + "Medications on discharge:\n1. Prednisolone 30 mg OD (1 mg/kg)\n2. MTX 15 mg weekly (15 mg/m2)\n"
            "3. Folic acid 5 mg weekly")
    doses = {c["drug"]: (c["dose"], c["dose_unit"]) for c in _one(text)["courses"]}
    assert doses == {"glucocorticoids": (1, "mg/kg"), "methotrexate": (15, "mg/m2")}
    # no dose by weight beside it: the absolute dose stands
    assert _one(_GIRL + "Prednisolone 30 mg OD.")["courses"][0]["dose_unit"] == "mg"


def test_a_relatives_drug_in_the_family_history_is_not_the_patients():
    for history in ("Sibling on CsA for nephrotic syndrome.", "Her brother takes ciclosporin for nephrotic syndrome.",
                    "Family history: mother has SLE, on hydroxychloroquine.",
                    "FHx: maternal aunt with RA on methotrexate."):
        assert _one(_GIRL + "She was given IVIG. " + history)["treatments"] == ["ivig"], history
    # the patient's own drug after a relative's words is hers
    assert _one(_GIRL + "Her mother noticed the rash and she was treated with prednisolone.")["treatments"] == [
        "glucocorticoids"]


def test_letters_headed_by_each_childs_name_are_one_patient_each():
    text = ("Letters from the rheumatology service about two children.\n\n"
            "Re: Maya T, aged 6\nI saw Maya, a 6-year-old girl, with a heliotrope rash. Anti-NXP2 positive. We started "
            "prednisolone 2 mg/kg/day.\n\n"
            "Re: Oliver K, aged 12\nOliver, a 12-year-old boy, has anti-SRP necrotising myopathy with dysphagia. He "
            "received IVIG 2 g/kg.\n\n"
            "Re: Maya T - clinic letter\nMaya is in remission.")
    first, second = _records(text)
    assert (first["sex"], first["age_years"], first["antibodies"], first["treatments"], first["outcome_class"]) == (
        "F", 6, {"nxp2": "positive"}, ["glucocorticoids"], "remission")
    assert (second["sex"], second["age_years"], second["antibodies"], second["treatments"], second["outcome_class"]) == (
        "M", 12, {"srp": "positive"}, ["ivig"], None)
    # one child's letters, however many, are one patient
    assert len(_records("Re: Maya T\nA 6-year-old girl with JDM.\n\nRe: Maya T - review\nShe is in remission.")) == 1


def test_a_letters_dated_heading_gives_the_follow_up_of_the_state_it_reports():
    text = ("Re: Jacob M\nJacob, a 13-year-old boy, has anti-HMGCR myopathy. He was given IVIG 2 g/kg.\n\n"
            "CLINIC LETTER (18 months after diagnosis)\nJacob is doing well. He now runs and plays football.")
    record = _one(text)
    assert (record["outcome_class"], record["follow_up_months"]) == ("marked_improvement", 18)
    record = _one(_GIRL + "\nClinic review, 18 months post diagnosis.\nIn remission.")
    assert (record["outcome_class"], record["follow_up_months"]) == ("remission", 18)
    # a heading with no state told after it gives no follow-up
    assert _one(_GIRL + "\nClinic letter, 2 years after diagnosis.\nCK 140 U/L.")["follow_up_months"] is None
    # a fever that "runs" is no outcome
    assert _one(_GIRL + "She runs intermittent fevers.")["outcome_class"] is None
