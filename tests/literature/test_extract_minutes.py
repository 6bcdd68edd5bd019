"""Multidisciplinary team meeting minutes (issue 16): attendees, numbered agenda items one per child, updates
at later meetings, options discussed and decisions taken. Read from the form alone, before the thirty-seventh
blind set was scored. Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

_HEADER = ("Neuromuscular MDT - minutes\nMeeting 3\nPresent: consultant neurologist (chair), rheumatologist, "
           "physiotherapist, specialist nurse, registrar.\nApologies: radiology.\n\n"
           "Item 1 - Minutes of the previous meeting agreed.\n\n")


def test_agenda_items_name_the_children_they_are_about():
    text = (_HEADER
            + "Item 2 - RT, 10 y F, JDM\nSummary: heliotrope rash and proximal weakness. CK 3 900 U/L.\n\n"
            + "Item 3 - LP, 13 y M, IMNM\nResults: CK 17 200 U/L. Anti-SRP positive. No rash.\n\n"
            + "Item 4 - Audit of IVIG use, to be presented next month.\n")
    first, second = _records(text)
    assert (first["sex"], first["age_years"], first["ck_iu_l"], first["features"]) == ("F", 10, 3900, ["cutaneous"])
    assert (second["sex"], second["age_years"], second["ck_iu_l"]) == ("M", 13, 17200)
    assert second["antibodies"] == {"srp": "positive"} and second["features_absent"] == ["cutaneous"]


def test_a_later_meeting_about_the_same_initials_is_the_same_child():
    text = (_HEADER
            + "Item 2 - RT, 10 y F, JDM\nSummary: heliotrope rash. CK 3 900 U/L.\n\n"
            + "Item 3 - LP, 13 y M, IMNM\nResults: CK 17 200 U/L.\n\n"
            + "Meeting 4\n\nItem 1 - RT (update)\nOn methotrexate 15 mg/m2 weekly since the last meeting.\n\n"
            + "Item 2 - LP (update)\nReceived IVIG 2 g/kg.\n")
    first, second = _records(text)
    assert first["treatments"] == ["methotrexate"] and second["treatments"] == ["ivig"]


def test_a_query_mark_is_a_possibility_not_a_question():
    record = _one("Item 2 - RT, 10 y F, ?JDM\nSummary: proximal weakness, ?calcinosis on X-ray. CK 3 900 U/L.")
    assert (record["sex"], record["age_years"], record["ck_iu_l"]) == ("F", 10, 3900)
    assert "calcinosis" not in record["features"] + record["features_absent"]


def test_a_decision_alone_does_not_give_the_drug():
    text = ("Item 2 - RT, 10 y F, JDM with a heliotrope rash.\n"
            "Decision: start rituximab 375 mg/m2.\nAction: registrar to book the infusion.\n")
    assert _one(text)["treatments"] == []
    # what the child is already on is hers, and so is what a later update says she received
    text = ("Item 2 - RT, 10 y F, JDM with a heliotrope rash.\nDecision: continue MTX 15 mg/m2 weekly.\n\n"
            "Item 1 - RT (update)\nRituximab given x2 since the last meeting.\n")
    assert _one(text)["treatments"] == ["methotrexate", "rituximab"]
