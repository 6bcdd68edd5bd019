"""Clinicopathological conferences and grand rounds (issue 16): the form of the thirtieth blind set, read before
its texts were scored. The probe texts here are the project's own, written from the form alone: a case presented
in stages by named speakers, a discussant who reasons aloud about look-alikes the patient does not have,
questions from the floor answered yes or no, and a final diagnosis under its own heading."""

from extract_helpers import one_record as _one

CONFERENCE = (
    "Case Records of the Children's Hospital\n\n"
    "Presentation of Case\n\n"
    "Dr. M. Okafor (Pediatrics): A 12-year-old girl was seen because of weakness of 3 months' duration. She could "
    "not climb stairs. The creatine kinase level was 14,500 U/L.\n\n"
    "Differential Diagnosis\n\n"
    "Dr. S. Patel: {reasoning}\n\n"
    "Final Diagnosis\n\n"
    "Anti-SRP immune-mediated necrotizing myopathy.\n\n"
    "Follow-up\n\n"
    "Dr. Okafor: She received prednisone 2 mg/kg/day and IVIG 2 g/kg monthly.")


def test_a_discussants_look_alikes_under_a_speakers_name_stay_out_of_the_record():
    reasoning = ("Juvenile dermatomyositis is the commonest myositis of childhood. Calcinosis and ulcers are seen "
                 "with it. Antisynthetase syndrome brings interstitial lung disease and arthritis. Rituximab is used "
                 "for refractory disease.")
    record = _one(CONFERENCE.format(reasoning=reasoning))
    assert record["features"] == [] and record["features_absent"] == []
    assert record["treatments"] == ["glucocorticoids", "ivig"]  # the course after the speaker's name is read


def test_a_final_diagnosis_named_after_its_antibody_is_the_patients():
    record = _one(CONFERENCE.format(reasoning="Muscular dystrophy is the main alternative."))
    assert record["antibodies"] == {"srp": "positive"}
    for sentence in ("He had anti-HMGCR immune-mediated necrotising myopathy.",
                     "The final diagnosis was anti-HMGCR immune-mediated necrotizing myopathy."):
        record = _one(f"A 9-year-old boy had weakness and a CK of 22,000 U/L. {sentence}")
        assert record["antibodies"] == {"hmgcr": "positive"}, sentence


def test_a_differential_under_a_diagnosis_heading_names_no_antibody():
    text = ("A 9-year-old boy had weakness and a CK of 22,000 U/L.\n\nDifferential diagnosis\n\n"
            "Anti-SRP immune-mediated necrotizing myopathy, anti-HMGCR myopathy and a dystrophy.")
    assert _one(text)["antibodies"] == {}


def test_a_question_from_the_floor_answered_no_or_yes():
    for exchange, present, absent in (
            ("Dr. Lee: Did he have trouble swallowing? Dr. Rivera: No, never.", [], ["dysphagia"]),
            ("Dr. Lee (Neurology): Was there a rash?\nDr. Rivera: No.", [], ["cutaneous"]),
            ("Question from the audience: Any calcinosis? Answer: None.", [], ["calcinosis"]),
            ("Dr. Lee: Did he have dysphagia? Dr. Rivera: Yes, from the first week.", ["dysphagia"], []),
            # a question nobody answers states nothing
            ("Dr. Lee: Did he have dysphagia? Dr. Rivera: The CK was the striking finding.", [], [])):
        record = _one(f"A 9-year-old boy had weakness and a CK of 22,000 U/L. {exchange}")
        assert (record["features"], record["features_absent"]) == (present, absent), exchange


def test_a_feature_the_discussant_supposes_or_argues_against_is_not_the_patients():
    for sentence in ("Could this be antisynthetase syndrome? Interstitial lung disease would then be likely.",
                     "His normal chest CT argues against interstitial lung disease.",
                     "Interstitial lung disease was considered unlikely.",
                     "A heliotrope rash would point to dermatomyositis."):
        record = _one(f"A 9-year-old boy had weakness and a CK of 22,000 U/L. {sentence}")
        assert record["features"] == [], sentence
    # what he had is still read beside the supposition
    record = _one("A 9-year-old boy had weakness and a CK of 22,000 U/L. He had dysphagia, which would point to a "
                  "severe myopathy.")
    assert record["features"] == ["dysphagia"]


def test_normal_strength_and_a_normal_ck_said_of_her():
    record = _one("A 12-year-old girl had anti-SRP myopathy and received prednisone. At the last visit her strength "
                  "was normal and her CK was normal.")
    assert record["outcome_class"] == "remission"
