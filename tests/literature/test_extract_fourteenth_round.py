"""Case extraction, issue 16 (the fourteenth blind set's misses, after its first score): reports cited as reference
lines, follow-up given "respectively", drugs named in a review of other reports or in a consensus, outcomes told
as control or fewer flares, and voice, swallowing and heart wordings.

Every text here is invented for the test.
"""

from __future__ import annotations

from extraction_records import one, records

# --- reports cited as reference lines ----------------------------------------------------------------------------


def test_each_report_cited_as_a_reference_line_is_its_own_record():
    first, second = records(
        "Myositis in measles: two old reports\n\n"
        "Baker T. Myositis after measles. Pediatrics 1979;64:101-103.\nA girl of 4 had measles and then painful "
        "proximal weakness; the CK was 900 U/L.\n\n"
        "Ito K, Mori S, Abe T. A boy with myositis during measles. Brain Dev 1984;6:55-8.\nA 7-year-old boy "
        "developed weakness of the thighs with a CK of 2400 IU/L.", 2)
    assert (first["sex"], first["age_years"], first["ck_iu_l"]) == ("F", 4, 900)
    assert (second["sex"], second["age_years"], second["ck_iu_l"]) == ("M", 7, 2400)
    assert first["case_label"] == "Baker (1979)" and second["case_label"] == "Ito et al. (1984)"


def test_a_case_report_with_a_reference_list_keeps_its_patient():
    r = one("A 9-year-old girl had JDM and was given methotrexate.\n\nReferences\n"
            "Baker T. Myositis after measles. Pediatrics 1979;64:101-103.\n"
            "Ito K, Mori S. A boy with myositis. Brain Dev 1984;6:55-8.")
    assert (r["age_years"], r["treatments"]) == (9, ["methotrexate"])


# --- a series' follow-up given respectively ------------------------------------------------------------------


def test_follow_up_given_respectively_goes_to_each_patient_in_order():
    first, second, third = records(
        "Three children with refractory JDM had a transplant. All three reached complete remission. There was no "
        "relapse during 60, 48 and 30 months of follow-up, respectively.", 3)
    assert [r["follow_up_months"] for r in (first, second, third)] == [60, 48, 30]


def test_a_respective_list_of_the_wrong_length_is_not_read():
    first, second, third = records(
        "Three children with refractory JDM had a transplant. All three reached complete remission. There was no "
        "relapse during 60 and 48 months of follow-up, respectively.", 3)
    assert [r["follow_up_months"] for r in (first, second, third)] == [None, None, None]


# --- drugs that are not the patient's ----------------------------------------------------------------------------


def test_drugs_used_in_the_reviewed_reports_are_not_the_patients():
    r = one("Our patient, a 10-year-old girl with JDM, had a bowel perforation and was given IVIG. Searching the "
            "literature we found 20 similar children. The drugs used in these reports were mainly rituximab, "
            "ciclosporin and mycophenolate.")
    assert r["treatments"] == ["ivig"]


def test_drugs_an_expert_consensus_supports_are_not_the_patients():
    r = one("Expert consensus supports corticosteroids and methotrexate as the mainstays of treatment. We "
            "treated a 3-year-old boy with SCIG.")
    assert r["treatments"] == ["scig"]


def test_hydrocortisone_given_intravenously_is_a_glucocorticoid_and_a_cream_is_not():
    assert one("A 6-year-old girl was given IV hydrocortisone for a rash.")["treatments"] == ["glucocorticoids"]
    assert one("A 6-year-old girl used hydrocortisone cream on the rash.")["treatments"] == []


def test_intravenous_human_gammaglobulin_is_ivig():
    r = one("A girl aged 6 received methylprednisolone and intravenous human gammaglobulin.")
    assert r["treatments"] == ["glucocorticoids", "ivig"]


def test_a_dose_in_gm_per_kg_is_read():
    r = one("A 10-year-old boy was given intravenous immunoglobulin (IVIg, 1 gm/kg).")
    assert r["ivig_dose"] == "1 g/kg"


def test_a_drug_introduced_before_two_patients_outcomes_is_each_ones():
    first, second = records(
        "We report two children with refractory JDM in whom steroids had failed. Once tacrolimus was introduced, "
        "the first child went into complete remission, while in the second the disease was only partially "
        "controlled.", 2)
    assert first["treatments"] == second["treatments"] == ["glucocorticoids", "tacrolimus"]
    assert (first["outcome_class"], second["outcome_class"]) == ("remission", "improvement")


# --- sex ---------------------------------------------------------------------------------------------------------


def test_girls_and_boys_in_a_general_sentence_do_not_make_the_patients_sex_ambiguous():
    r = one("Antisynthetase syndrome is rare in children, girls more often than boys. A girl aged 6 years was "
            "referred with weakness.")
    assert r["sex"] == "F"


# --- outcomes ------------------------------------------------------------------------------------------------------


def test_improved_with_residual_weakness_is_improvement():
    r = one("An 8-year-old girl had necrotising myopathy and was given IVIG. Strength had recovered substantially "
            "and she went home, with residual proximal weakness.")
    assert r["outcome_class"] == "improvement"
    r = one("An 8-year-old girl had necrotising myopathy and was given IVIG. At follow-up she had residual "
            "weakness.")
    assert r["outcome_class"] == "mild_impairment"


def test_control_fewer_flares_and_a_stable_condition_are_improvement():
    for text in ("A 9-year-old girl with JDM was given IVIG, and the disease came under control.",
                 ("A 9-year-old girl with JDM was given prednisolone; since then her flares have become less "
                  "frequent."),
                 ("A 9-year-old girl with JDM had a perforation and was given antibiotics and prednisolone. After "
                  "surgery her condition stabilised."),
                 "A 9-year-old girl with JDM was given abatacept. Muscle and skin inflammation fell considerably.",
                 "A 9-year-old boy with myositis was given IVIG and responded promptly."):
        assert one(text)["outcome_class"] == "improvement", text


# --- features ------------------------------------------------------------------------------------------------------


def test_a_red_face_is_a_skin_finding():
    assert one("A boy of 3 had JDM; his face was red and he was weak.")["features"] == ["cutaneous"]


def test_not_choking_on_swallowing_is_no_dysphagia():
    assert one("A girl aged 6 had JDM. She did not choke on swallowing.")["features_absent"] == ["dysphagia"]


def test_coughing_while_swallowing_and_a_fading_voice():
    r = one("An 18-month-old boy had myositis. His voice faded to near aphonia and he coughed repeatedly while "
            "swallowing.")
    assert r["features"] == ["dysphagia", "dysphonia"]


def test_normal_coronary_arteries_are_no_cardiac_involvement():
    r = one("An 18-month-old boy had myositis. On echo the coronary arteries were normal.")
    assert r["features_absent"] == ["cardiac"]


def test_a_child_who_had_been_well_before_the_illness_has_no_outcome():
    r = one("A girl of 18 months who had been well was admitted with fever and then proximal weakness; the CK "
            "was 72 U/L.")
    assert r["outcome_class"] is None


def test_each_of_a_pair_as_the_subject_is_both_of_them():
    first, second = records("We describe two children with refractory JDM. Each underwent a transplant after "
                            "conditioning with cyclophosphamide.", 2)
    assert first["treatments"] == second["treatments"] == ["cyclophosphamide"]


def test_a_peak_told_after_a_clause_of_its_own_is_read():
    r = one("A toddler had MIS-C. The creatine kinase on arrival was too high to be measured, and the highest "
            "value reported was 517 600 U/L.")
    assert r["ck_iu_l"] == 517600
    r = one("A 2-year-old girl had MIS-C. CK was raised and LDH was high, with the highest value reported at 900 U/L.")
    assert r["ck_iu_l"] is None
