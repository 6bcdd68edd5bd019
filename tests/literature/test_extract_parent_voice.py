"""The patient's or a parent's own account (issue 16): the form of the thirty-second blind set, read before its texts
were scored. A family tells the illness in the first person and its own words, beside a clinician's commentary; it
also tells of its own health, its fears and what it read, none of which is the child's finding. Each test is the
project's own probe text, written from the form alone."""

from extract_helpers import one_record as _one

_SON = "My son was nine when he started to struggle on the stairs. "


def test_a_relatives_illness_is_not_the_childs():
    for family in ("Her grandmother has rheumatoid arthritis, so I worried it ran in the family.",
                   "My husband has type 1 diabetes and my sister has psoriasis with arthritis.",
                   "There was a family history of Raynaud phenomenon in her grandmother.",
                   "His father suffers from Raynaud's phenomenon."):
        record = _one(_SON + family)
        assert (record["features"], record["features_absent"]) == ([], []), family


def test_a_family_history_denied_is_no_absence_of_the_child():
    record = _one(_SON + "There was no family history of Raynaud phenomenon or arthritis.")
    assert record["features_absent"] == []


def test_what_a_relative_saw_is_still_the_childs():
    assert _one(_SON + "His parents had also noticed a rash on his eyelids.")["features"] == ["cutaneous"]
    assert _one(_SON + "Her mother has lupus and the boy had a heliotrope rash.")["features"] == ["cutaneous"]


def test_the_parent_speaking_of_their_own_health():
    # in a parent's voice "I have Raynaud's" is the parent's; in a teenager's own account it is the patient's
    assert _one(_SON + "I have Raynaud's myself.")["features"] == []
    assert _one("Mother: He was weak for months. I have Raynaud's myself.")["features"] == []
    teen = _one("I was 14 when my legs started to feel heavy. I had trouble swallowing and I have Raynaud's.")
    assert teen["features"] == ["dysphagia", "raynaud"]


def test_what_a_disease_can_cause_is_no_finding():
    record = _one(_SON + "The internet said it could be something that causes a rash, but he never had a rash.")
    assert (record["features"], record["features_absent"]) == ([], ["cutaneous"])


def test_the_age_a_family_gives_for_the_start():
    assert _one(_SON)["age_years"] == 9
    assert _one("Our daughter, who was four at the time, could no longer climb onto the sofa.")["age_years"] == 4
    assert _one("She was only six when it started: she kept falling over in the playground.")["age_years"] == 6
    assert _one("I was 14 when my legs started to feel heavy.")["age_years"] == 14
    # a time in the family's life that is not the illness's start
    assert _one("My daughter was 3 when her brother was born. She became weak much later.")["age_years"] is None


def test_the_familys_words_for_normal_heart_and_lung_tests():
    record = _one(_SON + "His heart scan was normal and his breathing tests were fine.")
    assert record["features_absent"] == ["pulmonary", "cardiac"]
    assert _one(_SON + "They did a heart ultrasound, which was normal.")["features_absent"] == ["cardiac"]


def test_raynaud_told_as_fingers_turning_white_in_the_cold():
    assert _one(_SON + "His fingers went white and then blue in the cold.")["features"] == ["raynaud"]


def test_a_family_telling_its_own_origin():
    assert _one(_SON + "We are a Somali family living in Norway.")["ethnicity"] == "Somali"
    assert _one(_SON + "Our family is Moroccan.")["ethnicity"] == "Moroccan"


def test_a_ck_level_told_without_a_unit():
    record = _one(_SON + "His CK level was 14,000 and the doctors were shocked.")
    assert record["ck_iu_l"] == 14000
    assert _one(_SON + "His CK came back at 14,000.")["ck_iu_l"] == 14000


def test_the_time_a_sentence_opens_on_with_the_state_then():
    assert _one(_SON + "Two years on, he is in complete remission.")["follow_up_months"] == 24
    assert _one(_SON + "At 24 months he was in remission.")["follow_up_months"] == 24
    assert _one(_SON + "Now, two years later, he is in remission.")["follow_up_months"] == 24
    # an event then, not a state: no follow-up
    assert _one(_SON + "Now, two years later, he developed a rash.")["follow_up_months"] is None
