"""Case extraction, issue 16 (the sixteenth blind set's misses, after its first score): recoveries told as symptoms
that settled or an episode that resolved, and a time that measures a worsening rather than the follow-up.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one


def test_symptoms_that_gradually_resolved_or_settled_are_marked_improvement():
    assert one("A boy of 7 had myositis after influenza. With rest alone his symptoms gradually resolved.")[
        "outcome_class"] == "marked_improvement"
    assert one("A girl of 9 had febrile myalgia; on anakinra her symptoms settled rapidly.")[
        "outcome_class"] == "marked_improvement"


def test_an_episode_that_settled_is_marked_improvement():
    assert one("A boy of 6 had calf myositis with a CK of 27,000 U/L. He rested and the episode settled within "
               "3 days.")["outcome_class"] == "marked_improvement"


def test_myalgia_and_fever_that_resolved_completely_are_marked_improvement():
    assert one("A 14-year-old boy had febrile myalgia. On prednisolone the myalgia and fever resolved completely.")[
        "outcome_class"] == "marked_improvement"


def test_the_time_a_worsening_took_is_not_the_follow_up():
    r = one("A 9-year-old girl had JDM. Because her weakness deteriorated over the next 2 months, cyclophosphamide "
            "was given and her strength got better.")
    assert r["follow_up_months"] is None and r["outcome_class"] == "improvement"


def test_the_time_to_an_improvement_is_still_read():
    r = one("A 9-year-old girl had JDM and was given methotrexate; over the next 6 months her strength got better.")
    assert r["follow_up_months"] == 6
