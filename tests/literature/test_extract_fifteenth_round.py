"""Case extraction, issue 16 (the fifteenth blind set's misses, after its first score): abbreviations that end in a
full stop, background before the patient is introduced, a series' sex and skin in a sentence of group figures,
antibodies given child by child in one sentence, a series named in a title after a colon, and a few wordings of
skin, nail fold, swallowing and outcome.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

from imnm.literature.extract import extract_cases

# --- abbreviations with a full stop do not end the sentence ------------------------------------------------------


def test_a_route_abbreviation_does_not_cut_a_sentence_about_both_in_two():
    rs = records("Two sisters with JDM are reported. Both girls were given methotrexate s.c. every week together "
                 "with hydroxychloroquine.", 2)
    assert all(r["treatments"] == ["methotrexate", "hydroxychloroquine"] for r in rs)


def test_a_dose_written_mg_with_a_full_stop_does_not_end_a_sentence_about_both():
    rs = records("Two brothers with dermatomyositis are reported. Both boys were given prednisone 10 mg. daily and "
                 "methotrexate.", 2)
    assert all(r["treatments"] == ["glucocorticoids", "methotrexate"] for r in rs)
    assert all((r["courses"][0]["dose"], r["courses"][0]["dose_unit"]) == (10, "mg") for r in rs)


def test_an_abbreviation_before_a_capitalised_word_still_ends_the_sentence():
    r = one("A girl of 6 had JDM and received methylprednisolone i.v. Her brother had asthma.")
    assert r["treatments"] == ["glucocorticoids"] and r["sex"] == "F"


def test_meticorten_is_a_brand_of_prednisone():
    r = one("A 13-year-old boy with dermatomyositis was put on Meticorten 20 mg a day.")
    assert r["treatments"] == ["glucocorticoids"] and r["treatments_as_written"] == ["Meticorten"]


# --- background before the patient is introduced -------------------------------------------------------------------


def test_a_general_paragraph_before_the_patient_gives_no_feature():
    r = one("Juvenile dermatomyositis: a case report\n\n"
            "Juvenile dermatomyositis is the commonest myositis of childhood. It presents with proximal weakness and "
            "a typical rash, and calcinosis may follow if treatment is delayed.\n\n"
            "We report a 9-year-old boy whose illness began with pain in one thigh; he had no rash.")
    assert not r["features"] and r["features_absent"] == ["cutaneous"]


def test_a_general_statement_of_another_disease_before_the_patient_is_not_hers():
    r = one("Arthritis is the usual musculoskeletal complication of Lyme disease. We present a 12-year-old girl "
            "whose calf became painful and swollen, with myositis on MRI.")
    assert "arthritis" not in (r["features"] or [])


def test_a_feature_in_the_title_is_still_the_patients():
    r = one("Calcinosis in juvenile dermatomyositis\n\nWe report a 9-year-old boy with JDM treated with prednisolone.")
    assert r["features"] == ["calcinosis"]


def test_a_sentence_about_the_patient_before_the_reporting_sentence_is_read():
    r = one("Fever and a heliotrope rash for two weeks in a 4-year-old girl. We report her course.")
    assert r["features"] == ["cutaneous"]


# --- a series' sex and skin --------------------------------------------------------------------------------------


def test_a_series_counted_as_boys_in_a_sentence_of_group_figures_gives_each_his_sex():
    rs = records("We describe three boys with JDM seen in our clinic, median age 9 years. All three had Gottron's "
                 "papules.", 3)
    assert [r["sex"] for r in rs] == ["M", "M", "M"]
    assert all(r["features"] == ["cutaneous"] for r in rs)


def test_skin_disease_is_cutaneous_involvement():
    rs = records("Two girls with JDM are reported. Skin disease was marked in both children.", 2)
    assert all(r["features"] == ["cutaneous"] for r in rs)


def test_no_skin_disease_is_its_absence():
    r = one("A 10-year-old boy had proximal weakness and a CK of 5000 U/L but no skin disease.")
    assert r["features_absent"] == ["cutaneous"]


# --- antibodies given child by child in one sentence ----------------------------------------------------------------


def test_antibodies_given_one_another_and_the_remaining_two_go_to_the_children_in_order():
    rs = records("We describe four girls with JDM. One girl carried anti-MDA5 antibodies, another anti-TIF1-gamma, "
                 "and the remaining two anti-NXP2.", 4)
    assert [r["antibodies"] for r in rs] == [{"mda5": "positive"}, {"tif1g": "positive"},
                                             {"nxp2": "positive"}, {"nxp2": "positive"}]


def test_antibodies_given_one_another_and_the_third_go_to_the_children_in_order():
    rs = records("We report three children with juvenile dermatomyositis. One child was positive for anti-NXP2, "
                 "another carried anti-MDA5 antibodies, and the third anti-Mi-2.", 3)
    assert [r["antibodies"] for r in rs] == [{"nxp2": "positive"}, {"mda5": "positive"}, {"mi2": "positive"}]


def test_a_distribution_that_does_not_add_up_to_the_series_gives_nobody_an_antibody():
    rs = records("We report four children with juvenile dermatomyositis. One child had anti-NXP2 antibodies and "
                 "another had anti-MDA5.", 4)
    assert all(not r["antibodies"] for r in rs)


# --- the series of a title, a treatment the same for all, each as the subject ----------------------------------


def test_a_series_named_after_the_colon_of_a_title_is_counted():
    rs = records("Anti-SAE antibodies in juvenile dermatomyositis: three children from one centre\n\n"
                 "Interstitial lung disease was absent in all three. Treatment was the same for all: methylprednisolone "
                 "pulses, methotrexate s.c. once a week and hydroxychloroquine.", 3)
    assert all(r["treatments"] == ["glucocorticoids", "methotrexate", "hydroxychloroquine"] for r in rs)
    assert all(r["features_absent"] == ["interstitial_lung_disease"] for r in rs)


def test_each_as_the_subject_after_the_children_are_listed_applies_to_all():
    rs = records("We describe three children with JDM and calcinosis: a boy aged 13 years, a girl aged 12 years and "
                 "a girl aged 6 years. Each fulfilled the criteria for JDM and had been treated with prednisolone for "
                 "over two years.", 3)
    assert [r["sex"] for r in rs] == ["M", "F", "F"]
    assert all(r["treatments"] == ["glucocorticoids"] for r in rs)


# --- a sentence that goes on about the child just introduced -------------------------------------------------------


def test_a_sentence_about_the_child_after_the_first_childs_introduction_is_hers():
    first, second = records(
        "We followed two children with necrotising myopathy. The first child developed weakness of the hips at the "
        "age of 7 years. Over the next year the weakness spread until the child could not climb stairs, and "
        "swallowing difficulties appeared. In the second child the weakness began at 11 years.", 2)
    assert first["features"] == ["dysphagia"] and not second["features"]


# --- ethnicity written after the patient ---------------------------------------------------------------------------


def test_an_ethnicity_in_apposition_after_the_patient_is_read():
    r = one("We describe a female infant, Hispanic, aged 9 months, with weakness and a CK of 4000 U/L.")
    assert r["ethnicity"] == "Hispanic"


# --- skin, nail fold and swallowing wordings ------------------------------------------------------------------------


def test_trouble_getting_food_down_is_dysphagia():
    assert sorted(one("A girl of 8 with a rash has lately had trouble getting food down.")["features"]) == [
        "cutaneous", "dysphagia"]


def test_red_cuticles_and_nail_folds_are_periungual_change():
    assert "periungual_capillaries" in one("A boy of 9 with JDM: the cuticles were conspicuously erythematous.")[
        "features"]
    assert "periungual_capillaries" in one("A girl of 5 with JDM: the nail folds were red.")["features"]
    assert "periungual_capillaries" in one(
        "A girl of 5 with JDM: the number of capillary end-row loops was reduced (5 per mm).")["features"]


def test_an_antibody_named_after_all_other_antibodies_were_negative_is_negative():
    r = one("A 7-year-old girl had myositis. The myositis panel was negative for all other antibodies, anti-NXP2 "
            "included, and ANA was positive.")
    assert r["antibodies"] == {"nxp2": "negative"}


# --- outcomes ------------------------------------------------------------------------------------------------------


def test_no_recurrence_over_the_follow_up_after_the_symptoms_went_is_remission():
    r = one("A 13-year-old girl had orbital myositis and was given ibuprofen. One month later the diplopia had gone, "
            "and she has had no recurrence during 18 months of follow-up.")
    assert (r["outcome_class"], r["follow_up_months"]) == ("remission", 18)


def test_no_sequelae_at_follow_up_is_marked_improvement_with_remission_as_the_alternative():
    case = extract_cases("A 3-year-old boy had pyomyositis after varicella and was operated on. At the 6-month visit "
                         "the boy had no sequelae.")[0]
    assert case.record["outcome_class"] == "marked_improvement"
    assert any("remission is the alternative" in f for f in case.review_flags)


def test_symptoms_that_subsided_and_an_uneventful_healing_are_marked_improvement():
    assert one("A girl of 4 had post-infectious myositis; after treatment her symptoms subsided quickly.")[
        "outcome_class"] == "marked_improvement"
    assert one("A boy of 5 had pyomyositis of the hand; the abscess was drained and healing was uneventful.")[
        "outcome_class"] == "marked_improvement"


def test_an_uneventful_pregnancy_is_not_an_outcome():
    assert one("A boy born after an uneventful pregnancy had weakness from 8 months of age.")["outcome_class"] is None


# --- a finding with a clause of its own after a negation ------------------------------------------------------------


def test_a_finding_that_appeared_in_a_clause_of_its_own_is_not_negated_by_the_clause_before():
    r = one("A girl of 7 had myositis. Within a year she could not climb stairs, and swallowing difficulties "
            "appeared.")
    assert r["features"] == ["dysphagia"]


def test_a_negated_list_ending_in_and_stays_negated():
    r = one("A boy of 10 had myositis with no rash, no arthritis, and no dysphagia at onset.")
    assert sorted(r["features_absent"]) == ["arthritis", "cutaneous", "dysphagia"]


def test_a_quiz_answer_none_of_these_does_not_make_the_text_about_several_patients():
    r = one("Picture quiz. A girl of 6 is weak and has a rash on her knuckles. The cuticles are red. Laboratory: "
            "CPK 9,800; ESR 60.\n\nWhat is the diagnosis? (a) lupus (b) dermatomyositis (c) none of these.\n\n"
            "Answer: (b). A rash of this kind is seen in most patients with the disease.")
    assert r["ck_iu_l"] == 9800 and "periungual_capillaries" in r["features"]


def test_a_quizs_lettered_answers_are_not_the_patients_findings():
    r = one("Picture quiz. A girl of 6 is weak and has a rash on her knuckles.\n\nWhat is the diagnosis? (a) rheumatoid "
            "arthritis (b) scleroderma (c) dermatomyositis")
    assert r["features"] == ["cutaneous"]


def test_a_finding_in_n_of_a_cohort_tested_is_each_of_the_n_reported():
    rs = records("Anti-SAE antibodies in JDM: four children from one centre\n\nOf 140 children with JDM, 53 were tested "
                 "with an immunoblot. Anti-SAE antibodies were positive in 4 of the 53 tested (7.5%).", 4)
    assert all(r["antibodies"] == {"sae": "positive"} for r in rs)


def test_a_finding_in_some_of_a_cohort_is_not_given_to_a_series_of_another_size():
    rs = records("We describe three children with JDM. Calcinosis was found in 2 of the 40 patients of our clinic.", 3)
    assert all(not r["features"] for r in rs)


def test_joints_that_became_swollen_are_arthritis():
    r = one("A boy of 15 had a rash for a year; then his joints became painful and somewhat swollen.")
    assert sorted(r["features"]) == ["arthritis", "cutaneous"]
