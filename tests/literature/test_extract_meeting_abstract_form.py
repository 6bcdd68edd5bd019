"""Meeting abstracts and posters (issue 16): the form of the twenty-eighth blind set, read before its texts were
scored. The probe texts here are the project's own, written from the form alone: a congress supplement's abstract
number, authors with affiliation numbers, terse headings, a numbered case series summed up after its last patient,
and an outcome told with the time it was seen ("remission at 2 years")."""

from extract_helpers import one_record as _one

from imnm.literature.extract import extract_cases

SERIES = ("POS1187\nANTI-HMGCR MYOPATHY IN CHILDHOOD: THREE CASES FROM ONE CENTRE\n"
          "M. Rossi1, G. Bianchi2 - 1Paediatrics, University Hospital; 2Neurology, University Hospital\n\n"
          "Background: Anti-HMGCR myopathy is rare in children.\n"
          "Results: Patient 1: girl, onset at 7 years, CK 18,000 IU/L; treated with prednisone, IVIG and MTX; "
          "partial improvement. Patient 2: boy, onset at 12 years, CK 9,800 IU/L, dysphagia; treated with IVMP, IVIG "
          "and rituximab. Patient 3: girl, onset at 4 years, CK 25,000 IU/L; IVIG alone. {closing}\n"
          "Conclusion: Paediatric anti-HMGCR myopathy may mimic a muscular dystrophy.\n"
          "Disclosure of Interest: None declared")


def test_a_series_summed_up_after_its_last_numbered_patient_is_every_patients():
    for closing in ("None had a rash. All were anti-HMGCR positive; anti-SRP was negative in all.",
                    "None had a rash.\nAll were anti-HMGCR positive; anti-SRP was negative in all."):
        records = [c.record for c in extract_cases(SERIES.format(closing=closing))]
        assert [r["age_years"] for r in records] == [7, 12, 4]
        for r in records:
            assert r["antibodies"] == {"hmgcr": "positive", "srp": "negative"}, r["case_label"]
            assert r["features_absent"] == ["cutaneous"], r["case_label"]
        assert records[1]["features"] == ["dysphagia"] and records[0]["features"] == []


def test_tests_a_sentence_listed_stay_the_last_patients_when_all_were_negative():
    closing = "Anti-SRP and anti-Mi-2 were tested in patient 3. All were negative."
    records = [c.record for c in extract_cases(SERIES.format(closing=closing))]
    assert records[0]["antibodies"] == {} and records[1]["antibodies"] == {}


def test_an_outcome_told_with_the_time_it_was_seen_gives_the_follow_up():
    for text, outcome, months in (
            (("Case description: 8 y, M. Weakness 6 mo, CK 12 000 U/L. Anti-SRP+. Steroids + MTX, then RTX. "
              "Outcome: remission at 2 y."), "remission", 24),
            ("A girl, onset at 4 years, CK 25,000 IU/L; IVIG monotherapy; marked improvement at 18 months.",
             "marked_improvement", 18),
            ("Case 2: 13 yo M, dysphagia, CK 8,900 U/L, anti-HMGCR+. Normal strength and CK at 2 yrs.", "remission", 24)):
        record = _one(text)
        assert (record["outcome_class"], record["follow_up_months"]) == (outcome, months), text


def test_a_time_that_dates_the_start_of_a_change_or_a_drug_or_an_age_is_no_follow_up():
    for text in ("A 7-year-old girl had weakness and a heliotrope rash. Muscle power began to improve after five months.",
                 "A boy aged 9 had weakness and CK 9000 U/L. He improved after 2 months of prednisolone.",
                 "A girl aged 4 years had weakness. She was in remission at 3 years of age.",
                 "A 7-year-old girl had weakness. She improved with IVIG at 3 months."):
        assert _one(text)["follow_up_months"] is None, text


def test_normal_strength_and_ck_normal_is_remission():
    record = _one("P-214\nA 10-year-old girl, 4 months of weakness. CK 15,400 U/L. Results: At 24 months of "
                  "follow-up, normal strength (CMAS 52/52) and CK normal.")
    assert (record["outcome_class"], record["follow_up_months"]) == ("remission", 24)


def test_a_sex_letter_then_how_long_the_illness_lasted_is_no_age():
    record = _one("Case 1: 9 yo F, 1 yr of proximal weakness, CK 14,500 U/L, anti-HMGCR+.")
    assert record["age_years"] == 9
    assert not any("age_years" in flag for flag in extract_cases(
        "Case 1: 9 yo F, 1 yr of proximal weakness, CK 14,500 U/L, anti-HMGCR+.")[0].review_flags)
