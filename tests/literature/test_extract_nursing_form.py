"""Nursing and allied-health case studies (issue 16): the form of the thirty-first blind set, read before its texts
were scored. A care plan names what the team watches for, the risks it guards against and what it teaches the family;
none of these is a finding of the child. Each test is the project's own probe text, written from the form alone."""

from extract_helpers import one_record as _one

from imnm.literature.extract import extract_cases

_CHILD = "An 8-year-old girl was admitted with proximal weakness; her creatine kinase was 12,000 U/L. "


def test_what_the_nurses_watch_for_is_no_finding():
    for plan in ("The nurses watched for signs of dysphagia, such as coughing at meals, and for a nasal voice.",
                 "Observe for rash and for joint swelling.",
                 "She was monitored for arrhythmia during each infusion.",
                 "The team stayed alert to any sign of Raynaud phenomenon or calcinosis.",
                 "Nursing diagnosis: risk for aspiration pneumonia related to weak pharyngeal muscles."):
        record = _one(_CHILD + plan)
        assert (record["features"], record["features_absent"]) == ([], []), plan


def test_the_cause_named_in_a_nursing_diagnosis_is_the_childs():
    # "risk for ... related to X": the risk is not hers, X is
    record = _one(_CHILD + "Risk for aspiration related to dysphagia, as evidenced by coughing with thin fluids.")
    assert record["features"] == ["dysphagia"]
    # a finding after the look-out clause, in a clause of what was found, is hers
    record = _one(_CHILD + "She was monitored for arrhythmia, and an echocardiogram showed pericardial effusion.")
    assert record["features"] == ["cardiac"]


def test_what_the_family_is_taught_to_recognise_is_no_finding():
    for teaching in (("Raynaud phenomenon, calcinosis and hair loss were explained to the family as possible features "
                      "of the disease."),
                     "The parents were taught to recognise a rash, choking and breathlessness.",
                     "Her mother learnt to report any difficulty swallowing or a change in her voice."):
        record = _one(_CHILD + teaching)
        assert (record["features"], record["features_absent"]) == ([], []), teaching
    # what the family was told she has is hers
    record = _one(_CHILD + "The parents were told that the rash on her eyelids belonged to the disease.")
    assert record["features"] == ["cutaneous"]


def test_aspiration_seen_on_a_swallow_study_is_bronchoaspiration():
    for study in ("Videofluoroscopy showed silent aspiration of thin fluids.",
                  "On the swallow study she aspirated thin liquids.",
                  "Tracheal aspiration of contrast was seen on the modified barium swallow."):
        assert "bronchoaspiration" in _one(_CHILD + study)["features"], study
    record = _one(_CHILD + "A videofluoroscopic swallow study showed no aspiration.")
    assert record["features_absent"] == ["bronchoaspiration"]


def test_back_to_full_activity_is_a_full_recovery():
    record = _one(_CHILD + "At two years of follow-up she had returned to full activity at school.")
    assert record["outcome_class"] == "marked_improvement" and record["follow_up_months"] == 24


def test_an_origin_told_as_background_is_the_childs():
    for profile in ("A 6-year-old girl of Somali background was admitted with weakness.",
                    "A 6-year-old girl of Somali parentage was admitted with weakness."):
        assert _one(profile)["ethnicity"] == "Somali", profile


def test_a_second_predicate_after_a_negated_one_is_asserted():
    # "could not climb stairs and had difficulty swallowing": the "not" is the first predicate's
    record = _one("A girl aged 11 was admitted. She could not climb stairs and had difficulty swallowing.")
    assert (record["features"], record["features_absent"]) == (["dysphagia"], [])
    record = _one("A girl aged 11 was admitted. She had no rash and had no dysphagia.")
    assert record["features_absent"] == ["dysphagia", "cutaneous"]


def test_a_heading_second_patient_on_its_own_line_opens_the_second_child():
    text = ("Nursing care in necrotising myopathy\n\nCase presentation\nA girl aged 11 years was admitted with "
            "weakness. Her creatine kinase was 15,600 U/L.\n\nSecond patient\nA 7-year-old boy had a similar "
            "illness with a creatine kinase of 8,000 U/L and no dysphagia.")
    records = [c.record for c in extract_cases(text)]
    assert [(r["sex"], r["age_years"], r["ck_iu_l"]) for r in records] == [("F", 11, 15600), ("M", 7, 8000)]
    assert records[0]["features_absent"] == [] and records[1]["features_absent"] == ["dysphagia"]
