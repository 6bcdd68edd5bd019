"""The thirty-first round (issue 16): what the thirty-first blind set (nursing and allied-health case studies) showed
the extractor missed, each pinned on the project's own probe texts (not the set's)."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

_PAIR = "Two children with myositis\n\nChild A was a girl aged 6. Child B was a boy aged 12. "


def test_the_pair_told_without_a_noun_after_both_are_named():
    for group in ("Each came to the ward with weakness, and each showed a rash.",
                  "The diagnosis in both was dermatomyositis with a rash.",
                  "At referral to the clinic both had a heliotrope rash.",
                  "Neither child had dysphagia at onset, and both had a rash."):
        records = _records(_PAIR + group)
        assert [r["features"] for r in records] == [["cutaneous"], ["cutaneous"]], group
    records = _records(_PAIR + "Both children had weakness.\n\nEvaluation\n\nAt their last follow-up, both had reached "
                       "remission.")
    assert [r["outcome_class"] for r in records] == ["remission", "remission"]


def test_a_sentence_that_goes_on_about_the_pair_is_theirs():
    text = (_PAIR + "Both were treated with prednisolone, but both later relapsed. Treatment was then escalated to "
            "rituximab.")
    assert [r["treatments"] for r in _records(text)] == [["glucocorticoids", "rituximab"]] * 2


def test_a_reflection_or_the_implications_for_practice_are_the_discussion():
    for heading in ("Reflection", "Implications for nursing practice"):
        text = ("A boy aged 6 had calf pain after influenza and could not stand.\n\n"
                f"{heading}\n\nA nasal voice, choking and a heliotrope rash point to another disease.")
        record = _one(text)
        assert (record["sex"], record["features"]) == ("M", []), heading


def test_normal_strength_on_the_first_examination_is_no_outcome():
    record = _one("A boy aged 6 had sore legs now and then for two days and then could not stand.\n\nTriage\n\n"
                  "Lying on the trolley, he had normal strength in his legs.")
    assert record["outcome_class"] is None


def test_a_hospitals_region_is_no_origin():
    record = _one("A nutrition case study from a West African children's hospital\n\nA girl aged 7 was admitted with "
                  "weakness.")
    assert record["ethnicity"] is None


def test_ages_told_as_a_referral_or_as_the_diseases_start():
    assert _one("The child was referred at the age of eight years with weakness of the girdle muscles.")["age_years"] == 8
    assert _one("The patient is a girl, now 14 years old, whose JDM began when she was 11.")["age_years"] == 11


def test_a_care_plans_goals_are_not_the_childs():
    text = ("A girl aged 8 had weakness and a rash; her creatine kinase was 9,000 U/L. She was given prednisolone.\n\n"
            "Goals\n\nWalk independently by discharge. No aspiration pneumonia. Return to school.\n\nProblems\n\n"
            "1. Risk of aspiration related to dysphagia. Goal: no aspiration pneumonia.\n"
            "The short-term goals were intact skin and no falls.")
    record = _one(text)
    assert (record["outcome_class"], record["features_absent"]) == (None, [])
    assert record["features"] == ["dysphagia", "cutaneous"]


def test_a_general_aside_after_the_childs_own_result():
    record = _one("A girl aged 11 was admitted. Her serum was positive for anti-TIF1-gamma antibody, which in adults "
                  "is linked to cancer, and a tumour was looked for.")
    assert record["antibodies"] == {"tif1g": "positive"}


def test_children_in_general_in_the_present_are_no_series():
    record = _one("Why this case\n\nSome children also have features of lupus. This girl aged 10 had a malar rash.\n\n"
                  "Findings\n\nCreatine kinase was 16,012 U/L. Methotrexate was started.")
    assert (record["ck_iu_l"], record["treatments"]) == (16012, ["methotrexate"])


def test_a_biopsy_that_on_review_showed_necrosis_is_the_patients():
    record = _one("A boy aged 12 had weakness. The team looked again at the biopsy, which on review showed necrosis, "
                  "and tested for anti-HMGCR antibodies, which were positive.")
    assert record["antibodies"] == {"hmgcr": "positive"}


def test_calcinosis_that_improved_is_no_outcome_of_the_myositis():
    record = _one("A boy aged 9 with calcinosis received etidronate. The subcutaneous calcinosis improved markedly.")
    assert record["outcome_class"] is None
    record = _one("A boy aged 9 with a rash received prednisone. The weakness and the rash improved markedly.")
    assert record["outcome_class"] == "marked_improvement"


def test_more_of_what_a_care_plan_watches_for():
    child = "A girl aged 8 was admitted with weakness; she had no difficulty swallowing. "
    for plan in (("Because swallowing difficulty and breathing difficulty can appear as the disease progresses, the "
                  "nurses report any change."),
                 "The dietitian asks about coughing or choking with food.",
                 "Parents were taught to report fever, new wounds or choking with food.",
                 "Oral care is a standard precaution against aspiration pneumonia.",
                 "The nurse was to recognise and report the signs of worsening: a spreading rash or choking.",
                 "Fever, rash, breathlessness or a severe headache are to be reported at once.",
                 "If fever, rigors, rash or wheeze occur, the infusion is paused."):
        record = _one(child + plan)
        assert (record["features"], record["features_absent"]) == ([], ["dysphagia"]), plan


def test_a_sentence_opened_by_a_phrase_of_her_time_goes_on_with_her():
    text = ("Three girls with myositis\n\nAll three patients were girls. The illness began at 8 years in Case 1, at "
            "11 years in Case 2 and at 4 years in Case 3.\n\nCase 2 had red papules on the face. During her admission "
            "she aspirated sputum. Her antibody testing showed anti-NXP2 antibody.\n\nCase 3 had a heliotrope rash.")
    records = _records(text)
    assert records[1]["antibodies"] == {"nxp2": "positive"} and "bronchoaspiration" in records[1]["features"]
    assert records[2]["antibodies"] == {}


def test_an_introduction_that_turns_to_the_reports_patient():
    record = _one("Introduction\n\nMyositis after a virus is rare. This report follows a 7-year-old boy whose illness "
                  "followed influenza.\n\nAssessment\n\nHe could not climb stairs.")
    assert (record["sex"], record["age_years"]) == ("M", 7)


def test_a_sentence_keyed_to_other_patients_by_number_is_theirs():
    text = ("Three girls\n\nPatient 1 developed interstitial lung disease.\n\nPatient 2 developed interstitial lung "
            "disease.\n\nPatient 3 developed heart involvement.\n\nNursing problems\n\n1. Impaired gas exchange related "
            "to interstitial lung disease (Patients 1 and 2).\n2. Risk of decreased cardiac output (Patient 3).")
    records = _records(text)
    assert ["interstitial_lung_disease" in r["features"] for r in records] == [True, True, False]


def test_what_a_report_does_not_describe_is_not_absent():
    for silence in ("The summary describes no skin changes for her.", "She had weakness without a described rash."):
        record = _one("A girl aged 8 had weakness. " + silence)
        assert record["features_absent"] == [], silence


def test_steroids_that_could_be_managed_on_lower_doses_tell_the_course():
    record = _one("A girl aged 9 had weakness. She improved clinically after rituximab and could be managed on lower "
                  "doses of corticosteroids than before it.")
    assert record["outcome_class"] == "improvement" and record["treatments"] == ["glucocorticoids", "rituximab"]
