"""The thirty-second round (issue 16): wordings met in the blind set of patients' and parents' own accounts after
its first score. Each test is the project's own probe text; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

_GIRL = "A 12-year-old girl had two months of proximal weakness. "


def test_another_child_in_the_familys_account_gives_no_sex():
    for other in ("A boy in my class called the rash sunburn.", "A neighbour said it was like a boy in our village.",
                  "My mother looked after our older boy while we stayed at the hospital."):
        assert _one(_GIRL + other)["sex"] == "F", other


def test_a_relatives_pronoun_gives_no_sex():
    record = _one("My daughter was seven when it began. My own father takes a statin for his heart.")
    assert record["sex"] == "F"
    assert _one("This 15-year-old patient wrote the account. My dad worried about his own liver.")["sex"] is None


def test_a_second_reading_of_the_muscle_biopsy_is_the_patients():
    record = _one(_GIRL + "Review of the muscle biopsy showed a necrotising pattern, and anti-HMGCR antibodies were "
                          "found.")
    assert record["antibodies"] == {"hmgcr": "positive"}


def test_an_antibody_named_in_everyday_words_or_in_apposition():
    assert _one(_GIRL + "It came back positive for something called HMGCR.")["antibodies"] == {"hmgcr": "positive"}
    record = _one(_GIRL + "She was the only one with a myositis-specific autoantibody, anti-Mi-2.")
    assert record["antibodies"] == {"mi2": "positive"}


def test_the_origin_of_the_girls_described_here():
    records = _records("Two sisters with myositis were seen. Both girls described here are Japanese.")
    assert [r["ethnicity"] for r in records] == ["Japanese", "Japanese"]


def test_a_drug_no_child_received_or_one_avoided():
    assert _one(_GIRL + "No child received cyclophosphamide or a biological drug.")["treatments"] == []
    record = _one(_GIRL + "She was given tacrolimus and mycophenolate mofetil, and avoided cyclophosphamide.")
    assert record["treatments"] == ["tacrolimus", "mycophenolate"]
    assert _one(_GIRL + "Tacrolimus was started; CYC deliberately avoided.")["treatments"] == ["tacrolimus"]


def test_values_keyed_to_numbered_patients_respectively():
    records = _records("Three children with JDM received a transplant. Patients 1, 2 and 3 had been followed for 144, "
                       "113 and 23 months respectively at the last visit.")
    assert [r["follow_up_months"] for r in records] == [144, 113, 23]


def test_each_could_stop_a_drug_is_about_all():
    records = _records("Three children with JDM received a transplant. Each could stop prednisone within a year.")
    assert [r["treatments"] for r in records] == [["glucocorticoids"]] * 3


def test_an_age_at_which_another_illness_was_diagnosed_is_not_the_myositiss():
    record = _one("A girl was admitted with generalised swelling and weakness. Her history included a juvenile "
                  "idiopathic arthritis diagnosed at the age of 8, treated with naproxen.")
    assert record["age_years"] is None


def test_a_familys_words_for_swallowing_and_voice():
    assert _one(_GIRL + "She could barely swallow her food.")["features"] == ["dysphagia"]
    assert _one(_GIRL + "A nasal quality of the voice was noted.")["features"] == ["dysphonia"]


def test_an_excellent_outcome_is_a_marked_improvement():
    record = _one(_GIRL + "She was treated with prednisolone and the outcome was excellent.")
    assert record["outcome_class"] == "marked_improvement"


def test_the_state_by_the_time_the_family_reached_hospital_is_not_the_outcome():
    record = _one(_GIRL + "By the time we were sent to the big hospital she could not walk far any more.")
    assert record["outcome_class"] is None
