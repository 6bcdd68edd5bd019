"""The thirty-fourth round (issue 16): what the blind set of follow-up reports showed after its first score. Each
test is the project's own probe text, written for the pattern; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

from imnm.literature.extract import extract_cases


def test_a_background_clause_of_the_literature_beside_the_authors_own_is_not_theirs():
    records = _records(
        "Introduction\n\nIn adults the disease responds poorly to corticosteroids alone [2]; in children few cases had "
        "been published when we first described three of our own patients [1].\n\nThe three cases\n\nAll three "
        "children were positive for anti-SRP antibodies. Each received rituximab and IVIG.")
    assert len(records) == 3
    assert all(r["treatments"] == ["ivig", "rituximab"] or set(r["treatments"]) == {"ivig", "rituximab"}
               for r in records)


def test_an_age_that_dates_a_relapse_or_a_revised_diagnosis_is_not_the_patients_age():
    record = _one("A boy had a rash and weakness; CK was 15 000 U/L. When he was 15 years old, an infection was followed "
                  "by a relapse. The diagnosis was changed to anti-HMGCR myopathy when he was 16 years old. At the "
                  "time of this update the boy is 17 years old.")
    assert record["age_years"] == 17
    # an onset told the same way stays the onset
    assert _one("Her illness began when she was 6 years old, with a rash.")["age_years"] == 6


def test_the_state_at_the_latest_follow_up_is_the_outcome_whatever_else_the_sentence_says():
    record = _one("A 9-year-old girl was given IVIG and methotrexate. At the latest follow-up she had a permanent "
                  "reduction of muscle strength, and she had developed muscular atrophy.")
    assert record["outcome_class"] == "mild_impairment"


def test_a_paragraph_opened_by_one_patients_label_is_hers_to_its_end():
    records = _records(
        "We describe five children with JDM.\n\nGroup findings. All five were positive for anti-NXP2.\n\n"
        "Patient 1. The first child was a girl of 3 years. She was started on prednisone.\n\n"
        "Patients 2 to 5. The other four are described only through the group findings.\n\nSubsequent course\n\nPatient 1. When the dose was reduced, she developed abdominal pain. One month later a "
        "perforation was confirmed. She was then treated with prednisone and cyclophosphamide.")
    assert len(records) == 5
    assert "cyclophosphamide" in records[0]["treatments"]
    assert not any("cyclophosphamide" in r["treatments"] for r in records[1:])


def test_a_group_clause_before_a_semicolon_is_everyones_and_the_breakdown_after_it_nobodys():
    records = _records("Five children had JDM. All five were treated with corticosteroids and with other drugs; the "
                       "agents used across the group were cyclophosphamide, methotrexate and ciclosporin A, but which "
                       "child received which is not stated.")
    assert len(records) == 5
    assert all(r["treatments"] == ["glucocorticoids"] for r in records)


def test_outcomes_keyed_to_patients_in_brackets_in_a_summary_are_theirs():
    records = _records(
        "Patient 1. This girl had JDM and was given prednisone. She died after surgery.\n\nPatient 2. The second child "
        "had a perforation and was given prednisone, and died of infection.\n\nPatient 3. The third child was given "
        "prednisone. The patient died from bleeding.\n\nPatient 4. The fourth child was given prednisone and then a "
        "transplant.\n\nSummary of outcomes\nOf the four children, three died (patients "
        "1, 2 and 3) and one (patient 4) is in complete remission after transplantation.")
    assert [r["outcome_class"] for r in records] == ["death", "death", "death", "remission"]


def test_a_colon_ends_a_negations_reach_over_an_outcome():
    assert _one("A 5-year-old girl had JDM and was given prednisone. The child did not recover: death followed from "
                "infection.")["outcome_class"] == "death"


def test_a_follow_up_told_before_a_later_death_is_no_follow_up():
    record = _one("A girl had JDM and was given prednisone. After surgery she went on to a complete remission that "
                  "lasted through two years of follow-up. A fistula later required repair, and she died after that "
                  "procedure.")
    assert record["outcome_class"] == "death"
    assert record["follow_up_months"] is None


def test_a_ck_reported_in_a_unit_of_mass_is_not_read():
    case = extract_cases("A 4-year-old girl had JDM. Tests gave a creatine phosphokinase of 403, reported in mg/dL.")[0]
    assert case.record["ck_iu_l"] is None
    assert any(f.startswith("suspect_unit: ck_iu_l") for f in case.review_flags)


def test_a_comparison_after_but_keeps_what_follows_for_the_patient():
    record = _one("The boy was 6 years old. Testing found anti-MDA5 antibody, but, unlike many children with this "
                  "antibody, he had no interstitial lung disease.")
    assert record["antibodies"] == {"mda5": "positive"}
    assert record["features_absent"] == ["interstitial_lung_disease"]


def test_testing_for_antibodies_that_found_one_is_a_result():
    assert _one("A 12-year-old girl had JDM. Testing for myositis-specific antibodies found antibody to nuclear "
                "matrix protein 2 (anti-NXP2).")["antibodies"] == {"nxp2": "positive"}


def test_either_of_them_and_neither_had_are_the_pair():
    records = _records("We describe two girls. Patient 1 and Patient 2 had JDM. No feature outside the muscles was found in either of "
                       "them: in particular, neither had fever and neither had arthritis.")
    assert [r["features_absent"] for r in records] == [["arthritis"], ["arthritis"]]


def test_a_group_treatment_beside_a_general_clause_after_a_semicolon_is_theirs():
    records = _records("We describe three girls with myositis. Each of them was therefore started on rituximab, and "
                       "rituximab was continued over the long term; this prolonged use of B-cell depletion in children "
                       "is the reason we return to these patients.")
    assert [r["treatments"] for r in records] == [["rituximab"]] * 3


def test_a_sentence_keyed_child_1_and_child_2_divides_no_sections():
    records = _records("We describe two children with chronic dermatomyositis.\n\nBoth children had a rash. Each "
                       "had been treated with prednisone.\n\nChild 1 received monthly IVIG for 28 months and Child 2 "
                       "for 12 months.")
    assert len(records) == 2
    assert all("glucocorticoids" in r["treatments"] for r in records)


def test_a_finding_looked_for_and_not_found_is_absent_and_a_dose_after_was_then_given_is_read():
    record = _one("A 4-year-old girl had JDM. We looked specifically for calcinosis and found none. Intravenous "
                  "cyclophosphamide was then given at 500 mg/m2 every month.")
    assert record["features_absent"] == ["calcinosis"]
    assert [(c["dose"], c["dose_unit"]) for c in record["courses"] if c["drug"] == "cyclophosphamide"] == [
        (500.0, "mg/m2")]


def test_a_state_reached_in_patient_1_and_in_patient_2_is_both():
    records = _records("We describe two children with JDM given a transplant. After it both improved dramatically. "
                       "The improvement was not short-lived: the disease went into remission in patient 1 and in "
                       "patient 2, and the remission was sustained in both.")
    assert [r["outcome_class"] for r in records] == ["remission", "remission"]


def test_a_patients_sentence_before_the_headed_sections_is_hers_and_a_comma_closes_a_relative_negation():
    records = _records(
        "The four patients\n\nPatient 1, a girl, was the only one with a myositis-specific antibody: her serum "
        "contained anti-Mi-2 antibodies.\n\nFollow-up\n\nPatient 1.\nShe received rituximab.\n\nPatients 2 and 3.\n"
        "Both children, who had no myositis-specific antibody, improved clinically after rituximab.\n\nPatient 4.\n"
        "Her disease worsened after rituximab.")
    assert [r["antibodies"] for r in records] == [{"mi2": "positive"}, {}, {}, {}]
    assert [r["outcome_class"] for r in records][1:3] == ["improvement", "improvement"]
