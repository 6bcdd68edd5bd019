"""The thirtieth round (issue 16): what the thirtieth blind set (clinicopathological conferences and grand rounds)
showed the extractor missed, each pinned on the project's own probe texts (not the set's)."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records


def test_a_slide_that_opens_a_numbered_patient_is_a_case_heading():
    text = ("Grand rounds: two children with seizures\n\nSlide 2: Patient 1\n\nA girl aged 6 years had weakness and "
            "a rash. She was anti-NXP2 positive.\n\nSlide 3: Patient 2\n\nA 10-year-old boy had weakness and "
            "dysphagia.\n\nSlide 4: What the literature says\n\nWe found eight published cases; five of the eight "
            "children died.")
    records = _records(text)
    assert [(r["case_label"], r["sex"], r["age_years"]) for r in records] == [("Patient 1", "F", 6), ("Patient 2", "M", 10)]
    assert records[0]["antibodies"] == {"nxp2": "positive"} and records[1]["features"] == ["dysphagia"]


def test_a_speakers_name_before_the_first_patient_of_a_run():
    text = ("Case records: girls who stopped walking\n\nDr. L. Costa (Resident): The first patient was a girl "
            "aged 8 with dysphagia and anti-SRP antibodies. She had no rash.\n\nThe second girl, aged 11, had a "
            "heliotrope rash.\n\nThe third girl, aged 4, carried anti-NXP2.")
    records = _records(text)
    assert [r["age_years"] for r in records] == [8, 11, 4]
    assert records[0]["antibodies"] == {"srp": "positive"} and records[0]["features_absent"] == ["cutaneous"]


def test_ordinals_that_count_problems_are_no_patients():
    text = ("An 8-year-old girl was referred after eight weeks of fever. Two weeks later three new problems appeared. "
            "The first was a rash over the knuckles. The second was proximal weakness. The third was swelling of the "
            "face. Her voice had been noticed to sound nasal.")
    record = _one(text)
    assert (record["sex"], record["age_years"]) == ("F", 8)
    assert record["features"] == ["cutaneous", "dysphonia"]
    # a count of patients before the run still makes it the patients'
    text = ("Three children with polymyositis did not respond to steroids. The first "
            "died of cardiomyopathy. The second was switched to ACTH. The third had plasmapheresis and improved.")
    assert len(_records(text)) == 3


def test_each_patient_opening_a_paragraph_of_a_counted_pair():
    text = ("Two girls with juvenile dermatomyositis and anasarca\n\nAn 11-year-old girl came with anasarca. She had dysphagia "
            "and received IVIG.\n\nDr. Okafor: A 4-year-old girl came with the same swelling. She was given "
            "rituximab.")
    records = _records(text)
    assert [(r["age_years"], r["treatments"]) for r in records] == [(11, ["ivig"]), (4, ["rituximab"])]
    assert records[1]["features"] == []


def test_a_conference_heading_on_the_management_or_on_further_patients_is_the_case():
    for heading in ("Discussion of Management", "Discussion of two further patients"):
        text = ("Two girls with anasarca\n\nAn 11-year-old girl came with swelling.\n\nA 4-year-old girl came with "
                f"the same swelling.\n\n{heading}\n\nDr. Lind: Intravenous immunoglobulin and rituximab were given to "
                "each of them.")
        assert [r["treatments"] for r in _records(text)] == [["ivig", "rituximab"]] * 2, heading


def test_a_group_that_goes_on_after_a_discussants_comment():
    text = ("Three children with refractory JDM, aged 5, 7 and 9 years, underwent transplantation.\n\nDiscussion\n\n"
            "Dr. Sorensen: Methotrexate, ciclosporin and rituximab are the usual escalation.\n\nOutcome\n\n"
            "Dr. Adeyemi: All three children went into complete remission and stopped prednisone.")
    records = _records(text)
    assert [(r["outcome_class"], r["treatments"]) for r in records] == [("remission", ["glucocorticoids"])] * 3


def test_a_parenthetical_however_keeps_the_negation():
    text = ("Three girls, aged 4, 5 and 6 years, had JDM and received tacrolimus. None of them, however, regained "
            "muscle strength, which we put down to old damage.")
    assert [r["outcome_class"] for r in _records(text)] == [None] * 3


def test_one_of_a_series_that_survived_is_not_the_numbered_patient():
    text = ("Five children with anti-NXP2 JDM had a bowel perforation.\n\nCase 1\n\nA girl aged 3.4 years received "
            "prednisone 2 mg/kg/day.\n\nOutcome\n\nChief Resident: Four of the five children died. One girl survived "
            "and was in complete remission at 24 months.")
    record = _one(text)
    assert (record["outcome_class"], record["follow_up_months"]) == (None, None)


def test_a_second_patient_under_its_own_heading():
    text = ("Case 14: A Teenager Who Could No Longer Walk\n\nDr. Tran: A 17-year-old girl was admitted with "
            "weakness. Her trouble had started when she was 7 years old. She received rituximab.\n\nA Second "
            "Patient\n\nDr. Tran: Our unit has treated a second patient, who received IVIG.")
    records = _records(text)
    assert [(r["age_years"], r["treatments"]) for r in records] == [(7, ["rituximab"]), (None, ["ivig"])]


def test_hypopigmented_skin_is_a_skin_lesion():
    record = _one("An 11-year-old girl had weakness. An area of hypopigmented skin was noted on the right cheek.")
    assert record["features"] == ["cutaneous"]


def test_a_discussants_turn_is_the_paragraph_it_opens():
    text = ("Two children with chronic dermatomyositis were treated with prednisone.\n\nDiscussant (Dr. P. Ode, Child "
            "Neurologist): The usual candidates are methotrexate, azathioprine and IVIG.\n\nIn both, the rash on the "
            "face and hands cleared after monthly IVIG.")
    records = _records(text)
    assert [(r["features"], r["treatments"]) for r in records] == [(["cutaneous"], ["glucocorticoids", "ivig"])] * 2


def test_a_disease_said_to_be_mainly_of_the_skin():
    records = _records("Four children, aged 5, 6, 9 and 11 years, were positive for anti-SAE. All four children's "
                       "disease was predominantly cutaneous.")
    assert [r["features"] for r in records] == [["cutaneous"]] * 4


def test_a_lesson_on_what_to_test_and_what_is_done_in_general_states_nothing():
    text = ("A 7-year-old boy had weakness and a CK of 10,000 U/L. Anti-HMGCR antibodies were positive.\n\n"
            "Discussion\n\nIn a child whose biopsy looks dystrophic but whose genetic work-up is negative, anti-HMGCR "
            "and anti-SRP antibodies should be tested in this case and others. In general, treatment of this "
            "condition uses corticosteroids and intravenous immunoglobulin; this conference does not cover this "
            "boy's treatment.")
    record = _one(text)
    assert record["antibodies"] == {"hmgcr": "positive"} and record["treatments"] == []


def test_pronouns_for_diseases_or_alternatives_are_no_group_of_patients():
    for sentence in (("A metabolic myopathy or a post-viral myositis could also be considered, but neither of those "
                      "should bring a rash."), "None of those alternatives was the answer here."):
        text = ("A 2-year-old girl was admitted with a malar rash, and lupus is rare in children of her age. "
                f"{sentence} Anti-MDA5 antibody was strongly positive. She received intravenous immunoglobulin.")
        record = _one(text)
        assert record["antibodies"] == {"mda5": "positive"} and record["treatments"] == ["ivig"], sentence


def test_what_an_antibodys_disease_is_in_general_is_not_the_patients():
    record = _one("A 2-year-old girl had a malar rash and anti-MDA5 antibodies. Anti-MDA5 disease is often clinically "
                  "amyopathic, with interstitial lung disease. She received IVIG.")
    assert record["features"] == ["cutaneous"]


def test_the_next_slide_or_the_questions_end_the_last_patients_part():
    text = ("Grand rounds\n\nSlide 2: Patient 1\nThe first girl developed interstitial lung disease.\n\nSlide 3: "
            "Patient 2\nThe second girl developed cardiac disease.\n\nSlide 4: Putting the two together\nLung disease "
            "in one, the heart in one.\n\nQuestions from the audience\n\nDr. Fonseca: In general, after "
            "corticosteroids and methotrexate, options include rituximab. Interstitial lung disease should be "
            "sought deliberately.")
    records = _records(text)
    assert [(r["features"], r["treatments"]) for r in records] == [
        (["pulmonary", "interstitial_lung_disease"], []), (["cardiac"], [])]


def test_a_slide_on_the_outcome_ends_the_discussion():
    text = ("Four boys, aged 5, 7, 9 and 11 years, had dengue myositis.\n\nDiscussion\nDr. Chowdhury: Guillain-Barre "
            "syndrome must not be missed.\n\nSlide 4: Outcome\nAll four boys recovered without any sequelae.")
    assert [r["outcome_class"] for r in _records(text)] == ["marked_improvement"] * 4


def test_a_drug_named_in_a_clause_that_says_it_was_not_given():
    for sentence in ("Azathioprine, which he never received, can cause pancreatitis.",
                     "Azathioprine, which neither boy was reported to have received, is a cause of pancreatitis."):
        record = _one(f"A 9-year-old boy had JDM and pancreatitis. He received methylprednisolone. {sentence}")
        assert record["treatments"] == ["glucocorticoids"], sentence


def test_juvenile_idiopathic_arthritis_named_is_another_disease_not_the_myositiss_arthritis():
    for sentence in ("Abatacept is licensed for juvenile idiopathic arthritis; in this girl it was used for myositis.",
                     "Macrophage activation is seen most often with systemic juvenile idiopathic arthritis."):
        record = _one(f"An 11-year-old girl had a heliotrope rash and weakness. {sentence}")
        assert record["features"] == ["cutaneous"], sentence


def test_what_an_antibody_is_known_for_is_not_the_patients():
    record = _one("A 5-year-old girl had seizures and anti-NXP2 antibodies. The result is interesting, since that "
                  "antibody is already known for its link with calcinosis.")
    assert record["features"] == []
