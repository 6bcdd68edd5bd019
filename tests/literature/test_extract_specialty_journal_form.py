"""Case reports in other specialties' journals (issue 16): the form of the twenty-ninth blind set, read before its
texts were scored. The probe texts here are the project's own, written from the form alone: a radiology, pathology,
dermatology, cardiology or pulmonology case where the specialty's findings come first, a quiz's comment before
the patient's course, and measurements printed as percentages (an ejection fraction, a lung volume)."""

from extract_helpers import one_record as _one

PATHOLOGY_QUIZ = ("Pathology Quiz Case\n\nClinical history\nA 7-year-old boy had six months of proximal weakness and "
                  "difficulty swallowing solids; CK was 19,500 IU/L. He had no rash.\n\n"
                  "Microscopic description\nScattered necrotic and regenerating fibres, sparse inflammation, no "
                  "perifascicular atrophy.\n\nDiagnosis\nNecrotising myopathy with anti-SRP antibodies.\n\n"
                  "Comment\nDermatomyositis shows perifascicular atrophy and capillary complement deposits. Calcinosis "
                  "and skin ulcers point to other antibodies.\n\n{heading}\n{course}")


def test_the_patients_course_under_its_own_heading_after_a_comment_is_read():
    course = "He received prednisolone 2 mg/kg/day, IVIG 2 g/kg and rituximab, and was in remission at 3 years."
    for heading in ("Follow-up", "Outcome", "Clinical course", "Treatment and outcome", "Course and follow-up"):
        record = _one(PATHOLOGY_QUIZ.format(heading=heading, course=course))
        assert record["treatments"] == ["glucocorticoids", "ivig", "rituximab"], heading
        assert (record["outcome_class"], record["follow_up_months"]) == ("remission", 36), heading
        # the comment's general statements stay out of the record
        assert "calcinosis" not in record["features"] and "cutaneous" not in record["features"], heading


def test_a_general_heading_inside_a_discussion_does_not_end_it():
    text = PATHOLOGY_QUIZ.format(heading="Treatment", course="Most children need IVIG and rituximab; relapses are common.")
    assert _one(text)["treatments"] == []


def test_a_paragraph_on_the_patient_after_a_discussion_of_the_disease_is_the_case():
    text = ("Pediatric Dermatology: what is your diagnosis?\n\nA 6-year-old boy had a violaceous eyelid rash and scaly "
            "papules over the knuckles for two months, with mild proximal weakness. CK was 1240 U/L and anti-NXP2 "
            "was positive.\n\nDiagnosis: juvenile dermatomyositis.\n\nDiscussion\nHeliotrope rash and Gottron "
            "papules are characteristic. Anti-NXP2 is associated with calcinosis.\n\n"
            "He was started on prednisolone and methotrexate 15 mg/m2 weekly; the rash cleared within 6 months.")
    record = _one(text)
    assert record["treatments"] == ["glucocorticoids", "methotrexate"]
    assert "calcinosis" not in record["features"]


def test_a_pronoun_after_a_discussion_of_another_published_patient_stays_out():
    text = ("A 6-year-old boy had weakness and a CK of 1240 U/L.\n\nDiscussion\nKishi et al. described a girl "
            "with anti-NXP2 myositis and calcinosis [4].\n\nShe was treated with rituximab and improved.")
    record = _one(text)
    assert record["treatments"] == [] and record["features"] == []


def test_a_measurement_printed_as_a_percentage_is_no_share_of_a_group():
    for sentence, feature in (
            ("Echocardiography showed a dilated cardiomyopathy with an ejection fraction of 35%.", "cardiac"),
            ("Oxygen saturation was 88% in room air and HRCT showed interstitial lung disease.",
             "interstitial_lung_disease"),
            ("Spirometry showed an FVC of 58% of predicted, with interstitial lung disease on CT.",
             "interstitial_lung_disease")):
        record = _one("A 13-year-old girl had proximal weakness. " + sentence)
        assert feature in record["features"], sentence
    # a share of a group still is one
    assert _one("A 13-year-old girl had proximal weakness. Cardiomyopathy is seen in 30% of patients.")["features"] == []


def test_a_normal_capillaroscopy_is_no_periungual_change():
    for sentence in ("Capillaroscopy was normal.", "Nailfold capillaroscopy was unremarkable."):
        record = _one("A 9-year-old girl had proximal weakness and a CK of 8000 U/L. " + sentence)
        assert record["features_absent"] == ["periungual_capillaries"], sentence
