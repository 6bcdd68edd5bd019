"""Case extraction, issue 16 (the seventeenth blind set's misses, after its first score): series named in a
title or a chart review, a patient numbered in lower case, one told of a counted series, new wordings of
onset, features, outcomes and follow-up, and an enzyme printed in a unit of mass.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

from imnm.literature.extract import extract_cases
from imnm.literature.extract_scoring import same_value

# -- records ---------------------------------------------------------------------------------------------------


def test_a_series_named_after_a_titles_colon_counts_even_in_a_review_sentence():
    text = ("CNS disease in juvenile dermatomyositis: two children from a single-centre cohort\n\n"
            "Patient 1 was a girl of 6 years and patient 2 a boy of 12 years. Both had anti-NXP2 antibodies.")
    first, second = records(text, 2)
    assert (first["sex"], first["age_years"]) == ("F", 6)
    assert (second["sex"], second["age_years"]) == ("M", 12)
    assert first["antibodies"] == second["antibodies"] == {"nxp2": "positive"}


def test_a_patient_numbered_in_lower_case_is_that_patient_but_an_age_range_is_not():
    first, second = records("We report two children. Patient 1 was a boy of 4 years and patient 2 a girl of 10 "
                            "years.", 2)
    assert (first["sex"], second["sex"]) == ("M", "F")
    assert records("We saw patients 2-17 years old with myositis; we report two boys. The first boy had a CK of "
                   "9,000 U/L and the second boy a CK of 4,000 U/L.", 2)[1]["ck_iu_l"] == 4000


def test_a_chart_review_of_our_patients_counts_them():
    text = ("Rituximab in juvenile DM\n\nMethods. Retrospective chart review of the three patients with juvenile DM, "
            "aged 9 to 15 years, treated at our centre. Each received rituximab.")
    assert len(records(text, 3)) == 3


def test_covid_19_is_no_count_of_children():
    r = one("Sir, after reports of COVID-19 in children, we report a patient. A girl aged four had JDM; her CK was "
            "2,400 U/L.")
    assert (r["sex"], r["age_years"], r["ck_iu_l"]) == ("F", 4, 2400)


def test_the_first_of_a_counted_series_described_here_is_one_record_with_what_all_of_them_share():
    text = ("Of 90 children followed in our unit, four developed a bowel perforation; all four had anti-NXP2 "
            "antibodies, and none had calcinosis. The first of them is described here in detail.\n\n"
            "Case 1. A girl of 5 years was started on prednisone. Treatment was then continued with "
            "cyclophosphamide.")
    (r,) = extract_cases(text)
    record = r.record
    assert record["sex"] == "F" and record["antibodies"] == {"nxp2": "positive"}
    assert "calcinosis" in record["features_absent"]
    assert set(record["treatments"]) == {"glucocorticoids", "cyclophosphamide"}
    assert any("describes one of them" in f for f in r.review_flags)


def test_in_a_section_treatment_in_both_is_shared_and_one_and_the_other_is_nobodys():
    text = ("Juvenile IMNM: the course of two children\n\nWe report two children with IMNM.\n\n"
            "Case 1. Weakness of the girdle muscles began at 8 years of age.\n\n"
            "Case 2. In the second child girdle weakness started at the age of 9.\n\n"
            "Autoantibody testing settled the diagnosis: one child had anti-SRP54 antibodies and the other "
            "anti-HMGCR antibodies.\n\nTreatment began in both with corticosteroids combined with methotrexate.")
    first, second = records(text, 2)
    assert (first["age_years"], second["age_years"]) == (8, 9)
    assert first["antibodies"] == second["antibodies"] == {}
    assert set(first["treatments"]) == set(second["treatments"]) == {"glucocorticoids", "methotrexate"}


# -- ages -------------------------------------------------------------------------------------------------------


def test_onset_told_with_when_or_at_n_years_of_age():
    assert one("The patient is a 14-year-old girl whose illness began when she was 11, with swollen "
               "hands.")["age_years"] == 11
    assert one("A girl, now 6, was seen. At 2 years of age red papules appeared over her knuckles.")["age_years"] == 2


def test_the_start_of_an_infusion_is_no_onset():
    r = one("A girl was diagnosed with JDM at the age of 4 years. At the age of five and a half, 21 hours after an "
            "IVIG infusion began, she developed meningism.")
    assert r["age_years"] == 4


def test_an_age_after_a_comma_or_now_is_read_and_a_groups_bound_is_not():
    assert one("The younger girl, aged 4, presented with anasarca.")["age_years"] == 4
    assert one("A boy now aged 17 came to us with weakness.")["age_years"] == 17
    r = one("A child had anti-HMGCR myopathy. In the literature, rash was seen in 15/22 (68%) of children aged 7 "
            "years or more.")
    assert r["age_years"] is None


# -- labs -------------------------------------------------------------------------------------------------------


def test_an_enzyme_printed_in_a_unit_of_mass_is_flagged_and_not_read():
    (case,) = extract_cases("A 4-year-old girl had JDM. Creatine phosphokinase 403 mg/dL, CRP 5 mg/dL.")
    assert case.record["ck_iu_l"] is None
    assert any(f.startswith("suspect_unit: ck_iu_l") and "403 mg/dL" in f for f in case.review_flags)


def test_a_crp_in_mg_per_dl_after_a_normal_ck_raises_no_flag():
    (case,) = extract_cases("A 4-year-old girl had JDM. CK was normal; CRP 5 mg/dL.")
    assert not any(f.startswith("suspect_unit") for f in case.review_flags)


# -- features, drugs, ethnicity ---------------------------------------------------------------------------------


def test_new_wordings_of_swallowing_voice_capillaries_and_skin():
    assert "dysphagia" in one("A boy of 8 had myositis. Weakness progressed until he could not swallow "
                              "safely.")["features"]
    assert "dysphonia" in one("A girl of 9 had JDM. Her voice became nasal.")["features"]
    assert "periungual_capillaries" in one("A girl of 12 had JDM; nailfold capillaroscopy showed telangiectatic "
                                           "loops.")["features"]
    assert "cutaneous" in one("A girl of 11 had JDM. There was hypopigmentation over the right cheek.")["features"]


def test_a_differential_diagnosis_names_no_feature():
    r = one("An 8-year-old boy had a facial rash. Differential diagnosis at that stage: atopic dermatitis, juvenile "
            "rheumatoid arthritis, dermatomyositis and SLE.")
    assert "arthritis" not in r["features"]


def test_none_of_a_series_had_is_absent():
    for patient in records("We report three girls with JDM. All three had a rash, and none had calcinosis.", 3):
        assert "calcinosis" in patient["features_absent"]


def test_drugs_that_could_not_be_used_or_were_a_cancers_chemotherapy_were_not_given():
    r = one("A 14-year-old girl had JDM. Because of steatohepatitis, methotrexate and azathioprine could not be "
            "used. She was given prednisone.")
    assert r["treatments"] == ["glucocorticoids"]
    r = one("A girl of 9 had JDM. Years earlier she had received chemotherapy combining cyclophosphamide, etoposide "
            "and carboplatin for a retinoblastoma. She was given prednisone.")
    assert "cyclophosphamide" not in r["treatments"]


def test_a_region_of_origin_is_an_ethnicity():
    assert one("An 8-year-old boy of Southeast Asian origin had a rash.")["ethnicity"] == "Southeast Asian"


def test_an_ethnicity_is_scored_whatever_its_capitals_or_hyphens():
    assert same_value("ethnicity", "African American", "African-American")
    assert same_value("ethnicity", "White", "white")
    assert not same_value("ethnicity", "Asian", "Southeast Asian")


# -- outcomes and follow-up -------------------------------------------------------------------------------------


def test_death_after_and_a_negated_clause_is_read():
    assert one("A girl aged 15 years had JDM with MAS. Treatment was escalated, but the MAS could not be controlled "
               "and the patient died.")["outcome_class"] == "death"
    assert one("A 10-year-old boy had JDM. He never regained the ability to walk and remained in a "
               "wheelchair.")["outcome_class"] != "marked_improvement"


def test_recovery_from_a_drug_reaction_is_not_the_myositis_outcome():
    r = one("A girl of 5 had JDM treated with IVIG. The episode was attributed to IVIG-induced aseptic meningitis, "
            "and she recovered completely within 72 hours.")
    assert r["outcome_class"] is None


def test_strength_that_slowly_recovered_and_running_about_pain_free():
    assert one("A girl of 10 had JDM. On tofacitinib her muscle strength slowly recovered.")[
        "outcome_class"] == "improvement"
    assert one("A boy of 6 had calf myositis. By day 3 he was running about, pain-free.")[
        "outcome_class"] == "marked_improvement"


def test_a_state_kept_to_now_is_the_follow_up_but_an_interval_before_a_course_is_not():
    assert one("A girl of 8 had refractory JDM. After transplantation she has stayed relapse-free and drug-free for "
               "113 months.")["follow_up_months"] == 113
    assert one("A girl of 8 had JDM. After a second course of rituximab she remained disease free for 14 months "
               "before a third course was needed.")["follow_up_months"] is None


def test_review_of_the_biopsy_is_the_patients_own_test():
    r = one("A boy of 12 had myositis. Review of the biopsy then showed a necrotising pattern, and he tested "
            "positive for anti-HMGCR antibodies.")
    assert r["antibodies"] == {"hmgcr": "positive"}
