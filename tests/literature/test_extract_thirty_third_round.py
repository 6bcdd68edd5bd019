"""The thirty-third round (issue 16): wordings met in the blind set of CARE-format case reports (timeline tables,
numbered sections) after its first score. Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records


def test_an_earlier_rows_state_in_a_timeline_is_not_the_outcome():
    record = _one("A 7-year-old boy came to the emergency department.\n\nTimeline\n"
                  "Day of illness | Events | Care\n"
                  "Day 1 | Fever and cough | Paracetamol at home\n"
                  "Days 2-3 | Sore calves, then running normally | None\n"
                  "Day 4 | Unable to stand; CK 5200 U/L | Admitted for fluids\n")
    assert record["outcome_class"] is None
    assert record["ck_iu_l"] == 5200
    # the last row's state is the course's end
    record = _one("A 7-year-old boy was given prednisolone.\n\nTimeline\nWhen | Events | Treatment\n"
                  "Month 0 | Weakness; CK 9100 U/L | Prednisolone 2 mg/kg/day\n"
                  "Month 12 | Full strength, CK normal | Prednisolone stopped\n")
    assert record["outcome_class"] == "remission"


def test_a_timeline_ending_hours_after_an_infusion_tells_of_the_reaction_not_the_disease():
    record = _one("A 5-year-old girl with juvenile dermatomyositis had monthly IVIG.\n\n"
                  "Time | Events | Interventions\n"
                  "Hour 0 | Active skin disease | IVIG infusion started\n"
                  "Hour 20 | Headache, neck stiffness | Lumbar puncture\n"
                  "Within 72 hours | Full recovery | -\n")
    assert record["outcome_class"] is None
    assert "ivig" in record["treatments"]


def test_a_sign_gone_by_a_later_point_is_not_absent_from_the_start():
    record = _one("A 10-year-old girl had a heliotrope rash and weakness and was given prednisone.\n\n"
                  "Time | Clinical course | Treatment\n"
                  "Onset | Rash, weakness | Prednisone\n"
                  "1 year after onset | No weakness, no skin lesions | Prednisone tapered\n")
    assert "cutaneous" not in record["features_absent"]
    assert _one("A 10-year-old girl was given prednisone. One year after the illness began she had no rash."
                )["features_absent"] == []
    assert _one("A 10-year-old girl had no rash.")["features_absent"] == ["cutaneous"]


def test_a_state_held_before_a_further_course_is_no_outcome():
    record = _one("A girl was given rituximab. Further courses: a second course one year after the first; a third "
                  "course after 14 months free of disease.")
    assert (record["outcome_class"], record["follow_up_months"]) == (None, None)
    assert _one("A girl was given rituximab. Over a year she recovered normal muscle strength."
                )["follow_up_months"] == 12


def test_a_prodromes_home_remedy_does_not_begin_the_course():
    record = _one("A previously healthy 6-year-old boy had a fever, which his family treated at home with simple "
                  "analgesics. On arrival he still could not walk or stand. His CK was 3400 U/L.")
    assert record["outcome_class"] is None


def test_patients_told_in_turn_keep_their_values_under_a_timeline_headed_by_their_numbers():
    records = _records(
        "Two girls are reported.\n\nPatient information\n"
        "Patient 1 was an 11-year-old girl with two weeks of swelling.\n"
        "Patient 2 was a 4-year-old girl who also presented with swelling.\n\n"
        "Clinical findings\nIn Patient 1, both legs were swollen. There was a hypopigmented patch over her cheek.\n\n"
        "Timeline\n\nPatient 1\nTime | Event | Intervention\nAdmission | Swelling | Work-up\n"
        "Hospital stay | Diagnosis | Methylprednisolone\n\n"
        "Patient 2\nTime | Event | Intervention\nAdmission | Swelling | Admitted\n"
        "Hospital stay | Diagnosis | Methylprednisolone\n")
    assert [(r["case_label"], r["age_years"]) for r in records] == [("Patient 1", 11), ("Patient 2", 4)]
    assert [r["features"] for r in records] == [["cutaneous"], []]


def test_findings_keyed_to_patients_by_number_inside_the_last_section_are_theirs():
    records = _records("Three girls are reported.\nCase 1 was a girl aged 8. Case 2 was a girl aged 11. "
                       "Case 3 was a girl aged 4.\nAntibody testing found anti-SRP antibodies in Case 1 and "
                       "anti-NXP2 antibodies in Cases 2 and 3.")
    assert [r["antibodies"] for r in records] == [{"srp": "positive"}, {"nxp2": "positive"}, {"nxp2": "positive"}]


def test_a_drug_avoided_after_a_concession_set_off_by_commas_was_not_given():
    record = _one("A 13-year-old girl had interstitial lung disease. Cyclophosphamide, although commonly used in "
                  "this setting, was avoided because of its risk to her fertility. She received tacrolimus.")
    assert record["treatments"] == ["tacrolimus"]
    assert "methotrexate" in _one("A girl had JDM. Methotrexate, although poorly tolerated, was continued."
                                  )["treatments"]


def test_drugs_never_prescribed_or_avoided_in_a_pair_were_not_given():
    assert _one("A girl had JDM. Methotrexate and azathioprine were never prescribed. She received prednisolone."
                )["treatments"] == ["glucocorticoids"]
    record = _one("A girl aged 11 had JDM.\n\nTime | Findings | Management\n"
                  "Age 11 years | Rash, weakness | Treatment begun; methotrexate and azathioprine avoided\n"
                  "Age 14 years | Refractory disease | Abatacept added\n")
    assert record["treatments"] == ["abatacept"]
    # "... and avoided cyclophosphamide": the drugs before it were given
    assert set(_one("A girl had JDM. We chose tacrolimus and mycophenolate mofetil, and avoided cyclophosphamide."
                    )["treatments"]) == {"tacrolimus", "mycophenolate"}


def test_the_childs_condition_back_to_normal_is_a_marked_improvement():
    for text in ("Fluids were given, and her condition returned to normal.", "She had fluids. She was back to normal.",
                 "She was treated with fluids.\nOutcome: Back to normal."):
        assert _one("A 10-year-old girl had myositis. " + text)["outcome_class"] == "marked_improvement", text
    assert _one("A 10-year-old girl was treated with fluids. Her CK was back to normal.")["outcome_class"] is None


def test_free_of_symptoms_is_a_marked_improvement_or_the_remission_it_keeps():
    assert _one("A girl aged 10 was given prednisone. She has remained free of symptoms for two years."
                )["outcome_class"] == "marked_improvement"
    assert _one("A girl aged 9 was given IVIG. After six months she was in clinical remission. A mild relapse was "
                "treated, and she has remained free of symptoms since.")["outcome_class"] == "remission"
