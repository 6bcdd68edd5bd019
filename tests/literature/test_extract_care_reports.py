"""Structured case reports in the CARE format (issue 16): a timeline table of dated or relative events, numbered
headings, a patient's perspective and a consent line. Read from the form alone, before the thirty-third blind
set was scored. Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one


def _doses(record: dict) -> dict:
    return {c["drug"]: (c["dose"], c["dose_unit"]) for c in record["courses"] if c.get("dose") is not None}


_PATIENT = ("2. Patient information\nA 12-year-old girl presented with three months of proximal weakness.\n\n"
            "4. Timeline\n")


def test_a_timeline_tables_intervention_column_is_read():
    for head in ("Time from onset | Findings | Intervention", "Timing | Events | Interventions",
                 "Date (month/year) | Clinical events | Treatment given", "Hospital day | Findings | Management"):
        record = _one(_PATIENT + head + "\nMonth 3 | Admission; CK 18 500 U/L | IVMP 30 mg/kg x3 days\n"
                      "Month 4 | Biopsy: necrotising myopathy | IVIG 2 g/kg monthly\n"
                      "Month 6 | Persistent weakness | Rituximab 750 mg/m2\n")
        assert set(record["treatments"]) == {"glucocorticoids", "ivig", "rituximab"}, head
        assert _doses(record) == {"glucocorticoids": (30.0, "mg/kg"), "ivig": (2.0, "g/kg"),
                                  "rituximab": (750.0, "mg/m2")}, head
        assert record["ck_iu_l"] == 18500, head


def test_a_timeline_by_age_with_an_event_column_is_a_course():
    record = _one("Case report\nA girl presented with weakness.\n\nTimeline\nAge | Event | Treatment\n"
                  "11 years 2 months | Onset of proximal weakness | -\n"
                  "11 years 6 months | CK 15 000 U/L, anti-SRP positive | Methylprednisolone 30 mg/kg x3\n"
                  "12 years | Relapse | Rituximab 375 mg/m2 weekly x4\n")
    assert set(record["treatments"]) == {"glucocorticoids", "rituximab"}
    assert _doses(record) == {"glucocorticoids": (30.0, "mg/kg"), "rituximab": (375.0, "mg/m2")}


def test_a_timeline_cells_terse_pair_of_normal_strength_and_enzymes_is_remission():
    for cell in ("Full strength, CK normal", "CK normal; normal power", "normal strength, normal CK, off treatment",
                 "strength normal and CK within normal limits"):
        record = _one(f"A 9-year-old boy was given prednisolone. Last visit: {cell}.")
        assert record["outcome_class"] == "remission", cell
    record = _one("A 9-year-old boy was given prednisolone. Last visit: near-normal strength, CK normal.")
    assert record["outcome_class"] != "remission"


def test_a_visit_named_by_its_time_is_the_follow_up():
    assert _one("A 7-year-old boy was given prednisolone. He remained well at the 30-month visit."
                )["follow_up_months"] == 30
    assert _one("A 7-year-old boy was given prednisolone. At the 2-year assessment he was in remission."
                )["follow_up_months"] == 24
    # a visit with no state told is a date in the course, not the observation's length
    assert _one("A 7-year-old boy was given prednisolone. At the 3-month visit the CK was checked."
                )["follow_up_months"] is None
