"""Case extraction, issue 16 (the twelfth blind set's misses, after its first score): a review that summarises
several published reports paragraph by paragraph, outcomes of acute myositis, skin, calcinosis and lung
wordings, ages told as "now" or as the age the disease began.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

# --- a review of several reports, one paragraph each -------------------------------------------------------------

REVIEW = (
    "Rituximab in refractory necrotising myopathy of childhood: the reports so far\n\n"
    "Lopez et al. (2015) treated a 9-year-old with anti-SRP antibodies who had not improved on IVIG and "
    "methotrexate; rituximab was added and strength recovered over a year.\n\n"
    "Chen and Wu (2020) gave rituximab to an 8-year-old with anti-HMGCR antibodies after prednisolone and "
    "azathioprine had failed.\n\n"
    "Okafor et al. (2021) described two anti-SRP-positive children. Patient 1, a 6-year-old girl, had "
    "dysphagia and was given cyclophosphamide. Patient 2, a 10-year-old boy, received mycophenolate. Both "
    "then had rituximab."
)


def test_each_cited_paragraph_of_a_review_is_its_own_report():
    first, second, third, fourth = records(REVIEW, 4)
    assert [r["age_years"] for r in (first, second, third, fourth)] == [9, 8, 6, 10]
    assert first["antibodies"] == {"srp": "positive"} and second["antibodies"] == {"hmgcr": "positive"}
    assert first["sex"] is None and second["sex"] is None
    assert set(first["treatments"]) == {"ivig", "methotrexate", "rituximab"}
    assert set(second["treatments"]) == {"rituximab", "glucocorticoids", "azathioprine"}
    assert (third["sex"], fourth["sex"]) == ("F", "M")
    assert third["features"] == ["dysphagia"] and fourth["features"] == []
    assert set(third["treatments"]) == {"cyclophosphamide", "rituximab"}
    assert set(fourth["treatments"]) == {"mycophenolate", "rituximab"}
    assert third["antibodies"] == fourth["antibodies"] == {"srp": "positive"}


def test_the_label_names_the_report_a_record_came_from():
    labels = [r["case_label"] for r in records(REVIEW, 4)]
    assert labels[:2] == ["Lopez et al. (2015)", "Chen and Wu (2020)"]
    assert labels[2:] == ["Okafor et al. (2021), Patient 1", "Okafor et al. (2021), Patient 2"]


def test_a_case_report_that_discusses_earlier_reports_keeps_its_own_patient_only():
    r = one("We report a 12-year-old girl with anti-SRP antibodies and a CK of 9000 U/L who improved on IVIG.\n\n"
            "Smith et al. (2010) described a 14-year-old boy treated with rituximab.\n\n"
            "Jones et al. (2012) described a 9-year-old girl treated with cyclophosphamide.")
    assert r["age_years"] == 12 and r["sex"] == "F" and r["treatments"] == ["ivig"]


# --- a patient's own percentage is not a share of a group -------------------------------------------------------------


def test_a_drug_strength_in_percent_does_not_make_the_sentence_a_review():
    r = one("A girl aged 7 had JDM. Tacrolimus 0.03% ointment was started, after which the rash improved.")
    assert r["treatments"] == ["tacrolimus"] and r["outcome_class"] == "improvement"


def test_a_haematocrit_in_percent_does_not_hide_the_ck_beside_it():
    assert one("A 4-year-old boy had calf pain. Hb 12.5 g/dL, Hct 37.3%, CK 1555 IU/L.")["ck_iu_l"] == 1555


def test_a_share_of_a_group_in_percent_is_still_a_review_sentence():
    r = one("A 9-year-old girl had weakness. Calcinosis is seen in 30% of children, and a CK above 9000 U/L "
            "in 40%.")
    assert r["ck_iu_l"] is None and r["features"] == []


# --- outcomes ----------------------------------------------------------------------------------------------------------


def test_unable_to_walk_when_the_child_is_brought_in_is_the_presentation():
    for text in ("We describe a 12-year-old boy who developed pain in both calves and could not walk.",
                 "A boy of 6 was brought to the emergency department because he could not walk.",
                 ("A 13-year-old girl was admitted with weakness for six years. Her hips and knees were ankylosed "
                  "and she was unable to walk.")):
        assert one(text)["outcome_class"] is None, text


def test_unable_to_walk_after_treatment_is_still_the_outcome():
    r = one("A 9-year-old girl with anti-SRP myopathy was treated with IVIG and rituximab. At 2 years she could "
            "not walk.")
    assert r["outcome_class"] == "severe_impairment"


def test_recovery_wordings_of_acute_myositis():
    assert one("A 5-year-old boy had calf pain. He went home on day 3 free of pain and back to his usual "
               "activities.")["outcome_class"] == "marked_improvement"
    assert one("A 4-year-old boy had calf pain. By the third day he was running without "
               "pain.")["outcome_class"] == "marked_improvement"
    assert one("A 9-year-old girl had myositis. Three similar episodes followed, each resolving "
               "spontaneously.")["outcome_class"] == "marked_improvement"


def test_all_of_a_group_recovered_without_sequelae():
    rs = records("We describe four boys with dengue myositis. All four recovered without any sequelae.", 4)
    assert {r["outcome_class"] for r in rs} == {"marked_improvement"}


def test_an_improvement_told_with_its_degree_first():
    assert one("A 15-year-old boy had JDM with calcinosis. Etidronate markedly improved the "
               "calcinosis.")["outcome_class"] == "marked_improvement"
    assert one("An 11-year-old had JDM. Six months later the disease had clearly "
               "improved.")["outcome_class"] == "marked_improvement"


def test_lower_disease_activity_scores_are_improvement():
    r = one("A 12-year-old boy had refractory JDM. At 26 weeks on tofacitinib his disease activity scores were "
            "lower.")
    assert r["outcome_class"] == "improvement"


def test_a_finding_before_an_authors_suggestion_in_the_same_sentence_is_read():
    r = one("A 9-year-old boy had linear calcinosis. Topical sodium thiosulfate for 8 weeks led to improvement, "
            "and the authors suggest it when surgery is not possible.")
    assert r["outcome_class"] == "improvement" and r["treatments"] == []


def test_a_suggestion_in_the_first_clause_still_hides_the_sentence():
    r = one("A 9-year-old boy had calcinosis. We suggest that rituximab might lead to improvement in such cases.")
    assert r["outcome_class"] is None and r["treatments"] == []


# --- ages, skin and calcinosis -----------------------------------------------------------------------------------------


def test_a_boy_of_14_with_no_unit_is_14_years():
    assert one("We describe a patient, now a boy of 14, with a severe course of JDM.")["age_years"] == 14
    assert one("A girl of 9 with JDM was seen.")["age_years"] == 9


def test_nodules_several_of_them_ulcerated_are_not_several_patients():
    r = one("A boy of 14 with JDM had hard skin nodules, several of them ulcerated. The calcification responded "
            "to alendronate.")
    assert r["features"] == ["calcinosis"] and not r["review_flags"]


def test_calcium_deposits_and_a_dermatosis():
    r = one("A 14-year-old boy developed a generalised dermatosis with calcium deposits in the skin and muscles.")
    assert r["features"] == ["cutaneous", "calcinosis"]
    assert one("A boy aged 5 had papular lesions on the cheeks.")["features"] == ["cutaneous"]


# --- serum immunoglobulins are a test --------------------------------------------------------------------------------


def test_immunoglobulins_in_a_list_of_normal_tests_are_not_ivig():
    r = one("A 7-year-old girl had calf swelling. All other blood tests, including immunoglobulins, complement "
            "and viral titres, were normal.")
    assert r["treatments"] == []
    r = one("A girl of 10 had JDM. Screened a year after treatment, her T- and B-cell responses, immunoglobulins "
            "and complement were normal.")
    assert r["treatments"] == []


def test_immunoglobulins_given_are_still_ivig():
    assert one("A 7-year-old girl with JDM received immunoglobulins and "
               "prednisolone.")["treatments"] == ["glucocorticoids", "ivig"]
    assert one("A 7-year-old girl with JDM was treated with immunoglobulins (2 g/kg); her CK became "
               "normal.")["treatments"] == ["ivig"]


# --- findings that are not the myositis's, or not absent from the start ---------------------------------------------


def test_a_link_drawn_in_the_literature_is_not_the_patients_finding():
    r = one("A 5-year-old girl had JDM. HRCT of the chest showed no interstitial lung disease. Because palmar "
            "papules have been linked to ILD in adults and children, such patients should be screened for lung "
            "disease.")
    assert r["features"] == [] and r["features_absent"] == ["interstitial_lung_disease"]


def test_hair_loss_on_a_drug_is_a_side_effect():
    r = one("A 9-year-old girl with JDM had a rash. Methotrexate was replaced by mycophenolate because of hair "
            "loss on methotrexate.")
    assert r["features"] == ["cutaneous"]


def test_calcification_in_another_organ_is_not_calcinosis():
    r = one("A girl aged 13 had parotid swelling. Parotid ultrasound showed many punctiform calcifications.")
    assert r["features"] == []
    assert one("A girl aged 13 with JDM had calcifications over the elbows.")["features"] == ["calcinosis"]


def test_a_finding_gone_by_a_later_point_is_not_absent_from_the_start():
    r = one("A girl of 10 developed the rash and weakness of dermatomyositis. One year from onset she had neither "
            "weakness nor skin lesions.")
    assert r["features"] == ["cutaneous"] and r["features_absent"] == []
    r = one("A girl of 10 had dermatomyositis. At follow-up there was no rash.")
    assert r["features_absent"] == []


def test_no_joint_involvement_is_arthritis_absent():
    r = one("A 7-year-old girl had calf swelling. She had no skin rash and no joint involvement.")
    assert r["features_absent"] == ["cutaneous", "arthritis"]


# --- ages told with "when"; a CK in bare units ---------------------------------------------------------------------------


def test_a_disease_established_when_she_was_3_in_a_girl_now_7():
    r = one("We describe a girl, now 7 years old, with juvenile polymyositis, which was established when she "
            "was 3.")
    assert r["age_years"] == 3 and r["age_at_presentation_years"] == 7


def test_a_ck_in_bare_units_is_read_and_flagged():
    (case,) = __import__("imnm.literature.extract", fromlist=["extract_cases"]).extract_cases(
        "A 6-year-old girl had JDM. In August she worsened, with CPK up to 3,000 U.")
    assert case.record["ck_iu_l"] == 3000
    assert any(f.startswith("suspect_unit: ck_iu_l") for f in case.review_flags)


def test_a_finding_never_developed_by_a_later_point_is_absent():
    r = one("A 2-year-old girl had JDM. Now, 4 years after treatment began, she has developed no calcinosis and no "
            "interstitial pneumonia.")
    assert set(r["features_absent"]) == {"interstitial_lung_disease", "calcinosis"}


def test_some_of_these_papules_are_not_several_patients():
    r = one("We describe a 9-year-old girl whose illness began with erythematous papules over the knuckles; over "
            "time some of these coalesced into plaques.")
    assert r["features"] == ["cutaneous"] and r["age_years"] == 9


def test_organising_pneumonia_is_interstitial_lung_disease():
    r = one("A boy aged 12 had amyopathic dermatomyositis. Chest CT showed a pattern of organising pneumonia.")
    assert set(r["features"]) == {"pulmonary", "interstitial_lung_disease"}


def test_nailfold_wordings():
    assert one("A 9-year-old boy had Gottron papules and no nail fold "
               "involvement.")["features_absent"] == ["periungual_capillaries"]
    assert "periungual_capillaries" in one("A 15-year-old boy had Gottron papules and nail bed "
                                           "angiitis.")["features"]


def test_a_result_after_weeks_on_a_drug_gives_the_follow_up():
    r = one("A 13-year-old had refractory JDM. After 52 weeks on ruxolitinib the disease activity scores had "
            "improved.")
    assert r["follow_up_months"] == 12 and r["outcome_class"] == "improvement"
    assert one("A 12-year-old boy had JDM; at 26 weeks his disease activity scores were "
               "lower.")["follow_up_months"] == 6
    assert one("A 12-year-old boy had myositis. He improved within 2 weeks.")["follow_up_months"] is None


def test_a_text_that_opens_with_one_citation_is_read_as_one_report():
    r = one("Bohan and Peter (1975) set the criteria still used for myositis.\n\nA 9-year-old girl with anti-SRP "
            "antibodies had a CK of 12 000 U/L.")
    assert r["case_label"] is None and r["age_years"] == 9 and r["ck_iu_l"] == 12000
