"""The round on the twenty-sixth blind set (journal abstracts, issue 16). Each probe text is the project's own,
written for the wording a blind text used (the blind texts themselves stay in the corpus, scored by part)."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records


def test_a_series_told_as_a_whole_gives_each_child_the_group_s_findings_and_drugs():
    text = ("We describe how our patients with anti-SRP antibodies presented. Three girls were seen in the past year. "
            "All three had extremely severe weakness. Every one of them had restricted movement caused by joint "
            "inflammation. Swallowing was so badly affected in all three that each needed tube feeding. Their "
            "treatment combined steroids, IVIG and rituximab.")
    for record in _records(text):
        assert record["antibodies"] == {"srp": "positive"}
        assert set(record["features"]) == {"arthritis", "dysphagia"}
        assert sorted(record["treatments"]) == ["glucocorticoids", "ivig", "rituximab"]


def test_a_disease_with_an_antibody_at_the_end_of_a_clause_carries_it():
    assert _one("A 13-year-old girl had juvenile polymyositis with anti-SRP.")["antibodies"] == {"srp": "positive"}


def test_ages_given_respectively_without_a_comma_before_them_keep_the_group_s_other_facts():
    text = ("We describe two Moroccan girls with anti-HMGCR myopathy whose weakness began at the ages of 6 and 10 "
            "years, respectively. Neither had a rash.")
    first, second = _records(text)
    assert (first["age_years"], second["age_years"]) == (6, 10)
    for record in (first, second):
        assert record["ethnicity"] == "Moroccan" and record["antibodies"] == {"hmgcr": "positive"}


def test_a_drug_or_a_course_of_one_unnamed_child_is_given_to_nobody():
    text = ("Four children with anti-TIF1-gamma dermatomyositis were treated. Every child received prednisolone and "
            "methotrexate. Tacrolimus was added for one child after a relapse; rituximab was not used in any of "
            "them. Weakness has resolved in every child, and the single child who relapsed responded well.")
    for record in _records(text):
        assert sorted(record["treatments"]) == ["glucocorticoids", "methotrexate"]
        assert record["outcome_class"] == "marked_improvement"


def test_motor_function_and_creatine_kinase_back_to_normal_is_remission():
    text = ("A boy with anti-HMGCR myopathy received IVIG and methotrexate, and both his motor function and the serum "
            "creatine kinase returned to normal.")
    assert _one(text)["outcome_class"] == "remission"


def test_a_drug_added_for_one_numbered_patient_is_his_alone():
    text = ("Three boys with juvenile dermatomyositis were treated. Patients 2 and 3 were given pulses of "
            "methylprednisolone and cyclophosphamide, with IVIG added for patient 2; both improved.")
    records = _records(text)
    assert "ivig" in records[1]["treatments"] and "ivig" not in records[2]["treatments"]
    assert "cyclophosphamide" in records[2]["treatments"]


def test_a_patient_diagnosed_at_an_age_in_years_is_that_age_but_an_earlier_illness_is_not_hers():
    assert _one("The child, a girl diagnosed at 3.4 years, began prednisone 2 mg/kg/day.")["age_years"] == 3.4
    text = ("A girl had weakness and a CK of 8,000 U/L. In her past history she had an arthritis, diagnosed at 8 "
            "years old.")
    assert _one(text)["age_years"] is None


def test_a_clause_that_turns_from_the_rule_to_the_patient_is_read():
    text = ("A 13-year-old girl with anti-MDA5 dermatomyositis had interstitial lung disease. Cyclophosphamide is "
            "widely used in this setting, but it harms fertility, so we treated her instead with tacrolimus and "
            "mycophenolate mofetil.")
    assert sorted(_one(text)["treatments"]) == ["mycophenolate", "tacrolimus"]


def test_two_patients_reported_beside_a_review_of_the_literature_are_the_authors_own():
    text = ("We report two Korean boys with anti-MDA5 dermatomyositis and interstitial lung disease, and we review "
            "the published paediatric cases. Both went into remission.")
    for record in _records(text):
        assert record["ethnicity"] == "Korean" and record["antibodies"] == {"mda5": "positive"}
        assert "interstitial_lung_disease" in record["features"]


def test_the_authors_general_claim_for_a_treatment_names_no_finding_of_the_patient():
    text = ("A 4-year-old girl had calcinosis and was given methylprednisolone pulses and methotrexate; her condition "
            "improved. In our experience, giving the two together clears the erythema and calms the arthritis.")
    assert _one(text)["features"] == ["calcinosis"]


def test_two_ages_given_in_the_group_s_order_go_to_each_child():
    boys = _records("Two boys, aged 6 and 5 years respectively, are described. The first had fever. The second had "
                    "a cough.")
    assert [r["age_years"] for r in boys] == [6, 5]
    girls = _records("Two girls, one 11 and the other 4 years old, came with anasarca. Both received IVIG.")
    assert [r["age_years"] for r in girls] == [11, 4]


def test_a_late_improvement_a_nasal_voice_and_inflammation_that_lessened():
    assert _one("A boy with JDM received cyclophosphamide; only after 6 months did his muscle strength improve."
                )["outcome_class"] == "improvement"
    assert _one("An 8-year-old girl had weakness; her voice had become nasal.")["features"] == ["dysphonia"]
    assert _one("A girl with JDM was given abatacept; inflammation of muscle and skin lessened considerably."
                )["outcome_class"] == "improvement"


def test_values_given_in_lower_case_case_by_case_go_to_each_case():
    text = ("We report three girls with juvenile myositis. All three patients were girls; the disease began at 8 "
            "years 6 months in case 1, at 11 years 7 months in case 2 and at 4 years 2 months in case 3. Antibody "
            "testing found anti-SRP antibodies in case 1 and anti-NXP2 antibodies in cases 2 and 3, and MRI showed "
            "oedema in every patient.")
    records = _records(text)
    assert [r["age_years"] for r in records] == [8.5, 11.58, 4.17]
    assert [r["antibodies"] for r in records] == [{"srp": "positive"}, {"nxp2": "positive"}, {"nxp2": "positive"}]


def test_a_test_that_found_an_antibody_is_positive_but_no_test_that_found_it_is_not():
    assert _one("A 9-year-old girl had weakness. Antibody testing found anti-SRP antibodies.")["antibodies"] == {
        "srp": "positive"}
    assert _one("A 9-year-old girl had weakness. No test found anti-SRP antibodies.")["antibodies"] != {
        "srp": "positive"}


def test_a_follow_up_range_a_total_and_an_interval_before_a_later_event():
    series = _records("Three children with JDM were started on tacrolimus. During 7 to 9 months of follow-up, the "
                      "skin of every child improved.")
    assert all(r["follow_up_months"] is None for r in series)
    assert _one("A 9-year-old girl with dermatomyositis was treated with apheresis; she has remained free of "
                "symptoms throughout a follow-up that now totals 35 months.")["follow_up_months"] == 35
    assert _one("A girl with anti-NXP2 dermatomyositis was in complete remission for two years of follow-up, but "
                "she later died of a fistula.")["follow_up_months"] is None


def test_a_hyphenated_half_year_age_and_an_author_named_man():
    text = ("Oi Man Chan, Kwai Yu Lee\n\nAbstract\nWe describe a five-and-a-half-year-old Chinese girl with "
            "juvenile dermatomyositis.")
    record = _one(text)
    assert record["age_years"] == 5.5 and record["sex"] == "F"


def test_an_abstract_s_question_is_no_outcome():
    text = ("We asked whether rituximab improved disease control in our patient, a 12-year-old girl with JDM. She "
            "was given rituximab and her disease worsened.")
    assert _one(text)["outcome_class"] != "improvement"
