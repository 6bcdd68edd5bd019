"""Case extraction, issue 16 (the eighteenth blind set's misses, after its first score): a clause that lost its
hypothetical cue, patients introduced as "our second patient" or "the third, a girl of 9", drugs that failed
and drugs that were avoided, "none of them" and "never developed", an own patient in a sentence about the
literature, a Background section, and new wordings of age, origin, features, outcome and follow-up.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

# -- a crash, and a cue that is no hypothesis ----------------------------------------------------------------


def test_a_clause_split_off_a_hypothetical_sentence_without_its_cue_is_read_not_a_crash():
    text = ("We report two boys with anti-SRP antibodies. The first boy's weakness was asymmetric, so a dystrophy "
            "was considered at first; the second, with proximal weakness, was given prednisone. Neither boy had "
            "a rash.")
    first, second = records(text, 2)
    assert first["antibodies"] == second["antibodies"] == {"srp": "positive"}
    assert second["treatments"] == ["glucocorticoids"]


def test_a_treatment_that_was_considered_in_the_past_does_not_hide_the_drugs_given_before_it():
    r = one("A girl of 9 with JDM had received prednisolone and methotrexate before rituximab was considered.")
    assert {"glucocorticoids", "methotrexate"} <= set(r["treatments"])
    advice = one("A girl of 9 had JDM and was given prednisolone. Rituximab should be considered in such children.")
    assert advice["treatments"] == ["glucocorticoids"]


# -- records -----------------------------------------------------------------------------------------------------


def test_our_second_patient_and_the_third_with_an_apposition_open_sections_of_their_own():
    text = ("We treated three children with tacrolimus.\n\n"
            "The first child is a boy whose illness began at 6 years. He was given prednisolone. Methotrexate was "
            "later replaced by azathioprine, and hydroxychloroquine was added.\n\n"
            "Our second patient, a girl of 8, had first become ill at 5 years. The third, a 10-year-old girl, had "
            "an onset at 7 years.")
    first, second, third = records(text, 3)
    assert first["sex"] == "M" and first["age_years"] == 6
    assert {"glucocorticoids", "methotrexate", "azathioprine", "hydroxychloroquine"} <= set(first["treatments"])
    assert (second["sex"], second["age_years"]) == ("F", 5)
    assert (third["sex"], third["age_years"]) == ("F", 7)


# -- negation ----------------------------------------------------------------------------------------------------


def test_none_of_them_denies_what_follows_it_whatever_the_verb():
    first, second = records("We report two girls with JDM. Both received prednisone. None of them regained muscle "
                            "strength, and none of the girls ever showed calcinosis.", 2)
    assert first.get("outcome_class") is None and second.get("outcome_class") is None
    assert "calcinosis" in first["features_absent"] and "calcinosis" in second["features_absent"]


def test_a_finding_that_never_developed_is_absent():
    r = one("A boy of 6 had anti-MDA5 antibodies, yet interstitial lung disease never developed.")
    assert "interstitial_lung_disease" not in r.get("features", [])
    assert "interstitial_lung_disease" in r["features_absent"]


def test_drugs_that_failed_were_given():
    r = one("A girl of 4 with JDM could not be weaned off prednisone: her disease had not been controlled by "
            "hydroxychloroquine or by methotrexate.")
    assert set(r["treatments"]) == {"glucocorticoids", "hydroxychloroquine", "methotrexate"}
    r = one("A boy of 15 had dermatomyositis. Neither pulsed methylprednisolone nor cyclophosphamide had any effect.")
    assert set(r["treatments"]) == {"glucocorticoids", "cyclophosphamide"}
    r = one("A boy of 15 had dermatomyositis. He received neither methotrexate nor rituximab.")
    assert not r.get("treatments")


def test_a_drug_that_was_never_required_was_not_given():
    r = one("A girl of 13 had anti-MDA5 JDM and was given tacrolimus. Cyclophosphamide was never required.")
    assert r["treatments"] == ["tacrolimus"]


# -- the literature and the background ---------------------------------------------------------------------------


def test_the_own_patient_clause_of_a_sentence_about_the_literature_is_read():
    r = one("Graves' disease after JDM is rarely mentioned in the literature, so we describe a Japanese boy in "
            "whom it appeared.")
    assert (r["sex"], r["ethnicity"]) == ("M", "Japanese")
    r = one("We describe a girl whose lung disease failed to respond to cyclophosphamide and plasma exchange, and "
            "we review 18 published children with the same disease.")
    assert {"cyclophosphamide", "plasmapheresis"} <= set(r["treatments"])


def test_a_background_section_tells_of_the_disease_not_of_the_patient():
    text = ("Background\nMacrophage activation syndrome is mostly seen in systemic juvenile idiopathic arthritis "
            "and only rarely in dermatomyositis.\n\nCase presentation\nA boy of 12 had dermatomyositis and was "
            "given prednisone.")
    r = one(text)
    assert "arthritis" not in r.get("features", [])
    assert (r["sex"], r["age_years"], r["treatments"]) == ("M", 12, ["glucocorticoids"])


# -- features ----------------------------------------------------------------------------------------------------


def test_septic_arthritis_is_an_infection_not_a_feature_of_the_myositis():
    r = one("A boy of 6 had a swollen right knee, and septic arthritis was a concern. He had Gottron papules.")
    assert "arthritis" not in r.get("features", [])


def test_a_hyphenated_spelling_of_a_lexicon_phrase_is_the_same_phrase():
    r = one("A boy of 15 had a V-sign, Gottron's papules and nail-bed angiitis.")
    assert "periungual_capillaries" in r["features"]


def test_a_normal_heart_and_lung_examination_is_both_absent():
    r = one("A girl of 16 was seen for weight loss. The heart and lung examination was normal.")
    assert {"cardiac", "pulmonary"} <= set(r["features_absent"])


# -- age and origin ----------------------------------------------------------------------------------------------


def test_a_schoolgirl_with_an_origin_and_an_age():
    r = one("The patient, a Chinese schoolgirl aged 12, was admitted with fever.")
    assert (r["sex"], r["age_years"], r["ethnicity"]) == ("F", 12, "Chinese")


def test_an_origin_with_its_synonym_in_brackets():
    r = one("The patient, a 16-year-old white (Caucasian) girl, was seen for tiredness.")
    assert r["ethnicity"] in ("Caucasian", "white (Caucasian)")


# -- outcome and follow-up ---------------------------------------------------------------------------------------


def test_a_death_some_months_later_however_worded_is_the_follow_up():
    r = one("A girl of 7 was put on prednisone and methotrexate and did well at first. Twenty months later, however, "
            "she died at home.")
    assert (r["outcome_class"], r["follow_up_months"]) == ("death", 20)


def test_a_state_by_the_time_treatment_began_is_not_the_outcome():
    r = one("A girl of 12 had JDM. Corticosteroids were then begun, but by that time she was unable to walk, and "
            "she responded to steroid treatment only in part.")
    assert r["outcome_class"] == "improvement"


def test_a_rash_that_began_to_settle_is_improvement():
    r = one("A girl of 8 had JDM and received oral corticosteroids. As the rash began to settle, the steroid was "
            "tapered.")
    assert r["outcome_class"] == "improvement"


def test_the_myositis_among_findings_that_all_cleared_is_a_recovery():
    r = one("A girl of 8 had myositis and synovitis. Over four months the muscle inflammation, the synovitis and "
            "the skin changes all cleared.")
    assert r["outcome_class"] == "marked_improvement"


def test_onset_ages_given_respectively_with_their_units_and_at():
    first, second = records("We report two girls, both anti-SRP positive, in whom weakness started at 5 years and at "
                            "9 years of age respectively.", 2)
    assert (first["age_years"], second["age_years"]) == (5, 9)
    assert first["antibodies"] == second["antibodies"] == {"srp": "positive"}
    first, second = records("We report two boys in whom weakness began at 5 months and at 9 months "
                            "respectively.", 2)
    assert (first["age_years"], second["age_years"]) == (round(5 / 12, 2), 0.75)
