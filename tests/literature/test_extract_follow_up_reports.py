"""Follow-up reports (issue 16): a patient's first presentation summed up as reported before, then the later
course and the state at the last visit. Read from the form alone, before the thirty-fourth blind set was scored.
Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one

from imnm.literature.extract import extract_cases


def test_the_authors_own_earlier_report_cited_is_still_their_patient():
    for opening in ("As first reported [1], a 10-year-old girl had presented",
                    "At the time of the first report [1], a 10-year-old girl had presented",
                    "This now 19-year-old woman, reported previously [1], had presented at 10 years"):
        record = _one(f"{opening} with proximal weakness and a CK of 9 000 U/L. Anti-SRP antibodies were positive.\n"
                      "She has since received rituximab.")
        assert record["age_years"] == 10, opening
        assert record["ck_iu_l"] == 9000, opening
        assert record["antibodies"] == {"srp": "positive"}, opening
    # another article's patient stays the literature's
    assert not [c for c in extract_cases("A 10-year-old girl reported by Doe et al. [1] had a CK of 9 000 U/L.")
                if c.record["ck_iu_l"]]


def test_the_age_now_is_the_patients_age_only_when_no_other_is_told():
    assert _one("This now 19-year-old woman had presented at 9 years with weakness; CK was 8 000 U/L."
                )["age_years"] == 9
    assert _one("The patient, now 17 years old, had anti-HMGCR myopathy; CK was 8 000 U/L.")["age_years"] == 17
    # a time in the course named by the age then is no age of onset
    assert _one("A boy had weakness and a CK of 8 000 U/L. By the age of 16, he had full strength."
                )["age_years"] is None


def test_the_last_time_point_with_a_state_is_the_follow_up():
    record = _one("She had presented at 9 years with weakness and a CK of 14 800 U/L. At the time of the first report, "
                  "six months after onset, she had improved.\n\nAt the most recent visit, six years after onset, she has "
                  "full strength (MMT8 80/80) and a normal CK.")
    assert record["follow_up_months"] == 72
    assert record["outcome_class"] == "remission"
    assert _one("A 7-year-old boy had anti-HMGCR myopathy. At the last visit, 5 years from onset, he still had mild "
                "proximal weakness.")["follow_up_months"] == 60
    assert _one("A 7-year-old boy had anti-HMGCR myopathy. He has been followed in our clinic for a total of 8 years."
                )["follow_up_months"] == 96
    assert _one("A 7-year-old boy had anti-HMGCR myopathy. Total follow-up now stands at 96 months from diagnosis."
                )["follow_up_months"] == 96


def test_a_table_of_serial_values_gives_the_first_lab_value_before_the_prose_gives_a_later_one():
    text = ("A 12-year-old boy had presented with proximal weakness. Anti-HMGCR antibodies were positive.\n\n"
            "Serial values\nMonth | CK (U/L) | CMAS | Treatment\n0 | 15 600 | 20 | prednisone, MTX\n"
            "6 | 2 300 | 35 | prednisone, MTX, IVIG\n48 | 180 | 52 | MTX\n\n"
            "IVIG was added at month 6 because CK was still 2 300 U/L.")
    assert _one(text)["ck_iu_l"] == 15600
    # the prose's value comes first: it is kept
    assert _one(text.replace("had presented with proximal weakness.",
                             "had presented with proximal weakness and a CK of 16 000 U/L."))["ck_iu_l"] == 16000
