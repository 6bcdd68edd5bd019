"""Twenty-second round: the English of authors for whom it is a second language, as the blind set gave it
(each test failed before the round)."""

from imnm.literature.extract_patterns import extract
from imnm.model.vocabulary import Drug, normalise_drug

THREE_SECTIONS = """Case presentation

Case 1. Female, the onset age was 7 years and 6 months. She had difficulty of swallowing, and her voice became low.
Anti-SRP antibody was positive.

Case 2. Female, with debut of the disease at 9,5 years. She had a low voice, and once the sputum was aspirated.

Case 3. Female. The disease debuted at 4 years old with weakness.

Treatment: as the disease was refractory, rituximab was added and continued in all 3 girls."""


def test_sections_in_second_language_english_and_a_group_counted_in_digits():
    one, two, three = extract(THREE_SECTIONS)
    assert [c.record["age_years"] for c in (one, two, three)] == [7.5, 9.5, 4.0]
    assert {"dysphagia", "dysphonia"} <= set(one.record["features"])
    assert {"dysphonia", "bronchoaspiration"} <= set(two.record["features"])
    assert all(c.record["treatments"] == ["rituximab"] for c in (one, two, three))  # "in all 3 girls"


def test_outcomes_as_second_language_authors_word_them():
    def outcome(sentence):
        return extract(f"A 9-year-old girl with myositis was given prednisone. {sentence}")[0].record["outcome_class"]

    assert outcome("In spite of this a permanent reduction of the muscular force was installed.") == "mild_impairment"
    assert outcome("Her condition returned to normality.") == "marked_improvement"
    assert outcome("Her evolution was excellent.") == "marked_improvement"
    assert outcome("The muscular force improved in a notable form.") == "marked_improvement"
    assert outcome("She is now independent for the activities of the daily life.") == "marked_improvement"
    assert outcome("The evolution was favourable, with complete recuperation of the force.") == "marked_improvement"


def test_states_and_recoveries_that_are_not_the_outcome():
    def outcome(text):
        return extract(text)[0].record["outcome_class"]

    # a state held until the course went on
    assert outcome("A 12-year-old girl with JDM received rituximab. After a second course she stayed free of disease "
                   "for 14 months, and after that a third course was needed.") is None
    # the heart rate, not the patient, recovered
    assert outcome("An 11-year-old boy with JDM had sinus bradycardia. With prednisone the heart rate of the patient "
                   "recovered.") is None
    # another illness, in the history
    assert outcome("A girl of 11 years old had weakness. In the antecedents she had a juvenile arthritis, diagnosed at "
                   "8 years old; this arthritis was treated with success with naproxen.") is None
    # a point in the course
    text = ("A boy of 6 years with JDM received prednisolone. A substantial improvement was not obtained until "
            "methotrexate was added. Later the skin improved.")
    assert outcome(text) == "improvement"
    # another organ's function
    text = ("Two children with anti-NXP2 JDM had seizures. At the final follow-up both children achieved complete "
            "clinical response, and the neurological function was recovered fully.")
    assert {c.record["outcome_class"] for c in extract(text)} == {"remission"}


def test_a_history_of_another_illness_is_not_a_feature_of_this_one():
    r = extract("A girl of 11 years old had weakness and a heliotrope rash. In the antecedents she had a polyarticular "
                "juvenile idiopathic arthritis; this arthritis was treated with naproxen. In this moment she did not "
                "present arthritis.")[0].record
    assert "arthritis" not in r["features"] and "arthritis" in r["features_absent"]


def test_findings_and_origins_in_their_words():
    r = extract("Case 1. An adolescent Afro-American girl with juvenile polymyositis and anti-SRP antibodies. She "
                "presented cardiac compromise. In the capillaroscopy were observed dilated capillaries.")[0].record
    assert r["ethnicity"] == "Afro-American"
    assert {"cardiac", "periungual_capillaries"} <= set(r["features"])


def test_drugs_joined_by_and_or_after_a_form_are_alternatives():
    cases = extract("We report two children with anti-NXP2 JDM. For both, methylprednisolone (IVMP) pulse therapy "
                    "and/or plasma exchange were given.")
    assert len(cases) == 2 and all(c.record["treatments"] == [] for c in cases)


def test_corticoids_are_glucocorticoids():
    assert normalise_drug("corticoids") is Drug.glucocorticoids
    r = extract("A boy of 14 years with JDM. It was indicated treatment with corticoids and cyclophosphamide.")[0].record
    assert sorted(r["treatments"]) == ["cyclophosphamide", "glucocorticoids"]


def test_the_age_at_diagnosis_and_the_follow_up_in_their_words():
    r = extract("Male patient, 6 years old, who had the diagnosis of JDM at the age of 3 years, when he presented "
                "weakness. He received prednisone.")[0].record
    assert r["age_years"] == 3.0
    r = extract("A girl of 11 years old with anti-SRP myopathy received prednisone and rituximab. Actually, 2 years "
                "after the diagnosis, she continues with methotrexate.")[0].record
    assert r["follow_up_months"] == 24.0
    r = extract("A boy of 14 years with JDM received prednisone. In the control at one year and a half, he is "
                "maintained in remission.")[0].record
    assert (r["follow_up_months"], r["outcome_class"]) == (18.0, "remission")


def test_a_general_must_sentence_in_a_letter_is_nobodys():
    r = extract("We present a girl of 11 years old with anti-SRP myopathy. She received prednisone. This entity must be "
                "suspected in a child with proximal weakness, without or with minimal cutaneous lesions.")[0].record
    assert "cutaneous" not in r["features_absent"]


def test_one_of_the_boys_and_the_other_after_a_semicolon():
    text = ("Patient 1\nA boy of 9 years with JDM received IVIG.\n\nPatient 2\nA boy of 7 years with JDM received "
            "IVIG. In one of the boys remission was obtained; in the other the prednisone dose was reduced.")
    assert [c.record["outcome_class"] for c in extract(text)] == [None, None]
