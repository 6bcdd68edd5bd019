"""The round after the thirty-seventh blind set (multidisciplinary team meeting minutes) was scored (issue 16).
Each test is the project's own probe text, written for the form the set showed; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

_PRESENT = "Myositis MDT - minutes\nPresent: rheumatologist (chair), neurologist, physiotherapist, nurse.\n\n"


def test_the_minutes_discussion_ends_at_the_next_sub_heading():
    text = (_PRESENT + "Item 2 - TG, 8 y M, ?JDM\nSummary:\n- Proximal weakness and a heliotrope rash.\n"
            "Discussion:\n- Chair: JDM in children is often associated with calcinosis.\n"
            "- Registrar: start treatment promptly.\nTreatment given since the referral\n"
            "- IVMP 30 mg/kg for 3 days.\n- IVIG 2 g/kg.\n\n"
            "Meeting 2\nItem 1 - TG (update)\n- Now walking independently. CK 160 U/L.\n")
    record = _one(text)
    assert record["treatments"] == ["glucocorticoids", "ivig"] and record["ck_iu_l"] == 160
    assert record["features"] == ["cutaneous"]  # the chair's general remark names no finding of his


def test_an_agenda_item_on_a_lettered_patient_is_that_patient():
    text = (_PRESENT + "Item 2 - Patient A: MN, 6 y F, ?JDM\nExam: heliotrope rash.\n\n"
            "Item 3 - Patient B: OP, 11 y M, IMNM\nResults: CK 12 300 U/L.\n")
    first, second = _records(text)
    assert (first["sex"], first["age_years"], first["features"]) == ("F", 6, ["cutaneous"])
    assert (second["sex"], second["age_years"], second["ck_iu_l"]) == ("M", 11, 12300)


def test_the_minutes_item_on_the_literature_is_no_patients():
    text = (_PRESENT + "Item 2 - UV, 13 y F, anti-MDA5 JDM with ILD.\n\n"
            "Item 3 - Literature review for the write-up\nPooled with UV, five published cases:\n"
            "- Anti-Jo-1 negative in all five.\n- Two of the five died.\n\n"
            "Item 4 - AOB\n- None.\n")
    record = _one(text)
    assert record["antibodies"] == {"mda5": "positive"} and record["outcome_class"] is None


def test_options_choices_left_to_others_and_drugs_not_started_are_not_given():
    assert _one("A 10-year-old girl with JDM.\nMethotrexate not started; kept for later.")["treatments"] == []
    text = "A 10-year-old girl with JDM.\nOptions (IVIG; a biologic) to be weighed by the local team."
    assert _one(text)["treatments"] == []
    text = "A 10-year-old girl with JDM.\nRheumatology will decide on starting oral prednisolone."
    assert _one(text)["treatments"] == []
    # a drug she received is still hers
    assert _one("A 10-year-old girl with JDM.\nShe was started on oral prednisolone.")["treatments"] == ["glucocorticoids"]


def test_the_item_lines_age_and_antibody_named_disease():
    record = _one(_PRESENT + "Item 2 - Patient 1 (Centre A), 13 y - anti-NXP2 JDM\n- Steroid-dependent.\n")
    assert (record["age_years"], record["antibodies"]) == (13, {"nxp2": "positive"})
    record = _one(_PRESENT + "Item 4 - Patient 3 (Centre C), 12 y M - anti-MDA5 JDM\n- Keeps flaring.\n")
    assert (record["sex"], record["age_years"], record["antibodies"]) == ("M", 12, {"mda5": "positive"})
