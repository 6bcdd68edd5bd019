"""Case extraction, issue 16 (the third blind set's misses): series of N children, patients without age or
sex, antigen spellings, feature and outcome wordings, and a parent and child reported together.

Every text here is invented for the test. Precision first: a count inside a series ("four had dysphagia",
"one of them died") names no child, so it goes to no record; a statement for every member goes to each.
"""

from __future__ import annotations

import pytest
from extraction_records import one as _one
from extraction_records import records as _records

from imnm.literature.extract import extract_cases

# --- a series of N children -------------------------------------------------------------------------------


def test_a_series_found_in_the_records_gives_one_record_per_child_and_counts_go_nowhere():
    records = _records(
        "Six children with juvenile dermatomyositis were identified in our hospital's files for 2001-2015, "
        "five girls and one boy, with a median age of 7 years. Every one of the six had a heliotrope rash at "
        "diagnosis, and three had dysphagia. Four were given oral prednisolone. Two relapsed, and one of them "
        "died.", 6)
    for r in records:
        assert r["features"] == ["cutaneous"]
        assert r["treatments"] == [] and r["outcome_class"] is None and r["sex"] is None


def test_children_with_a_diagnosis_counted_without_a_reporting_verb_are_a_series():
    records = _records("Four children with JDM were compared with their healthy siblings. Each child with JDM "
                       "had a rash, and two had calcinosis.", 4)
    assert [r["features"] for r in records] == [["cutaneous"]] * 4


@pytest.mark.parametrize("sentence", ["All five had dysphagia.", "Each of the five had dysphagia.",
                                      "Every one of them had dysphagia."])
def test_a_statement_for_each_member_goes_to_every_record(sentence):
    records = _records(f"We report five children with anti-SRP myopathy. {sentence}", 5)
    assert all(r["features"] == ["dysphagia"] for r in records)


def test_a_count_of_one_sex_smaller_than_the_series_gives_no_sex():
    records = _records("We report five children with myositis, four girls and one boy. All five had a rash.", 5)
    assert {r["sex"] for r in records} == {None}
    records = _records("We report three sisters with myositis. All three sisters had a rash.", 3)
    assert {r["sex"] for r in records} == {"F"}


# --- one patient introduced without age or sex ------------------------------------------------------------


def test_a_child_without_age_or_sex_is_one_record_with_what_is_stated():
    r = _one("A child was referred with limb-girdle weakness. A myositis blot was negative, whereas anti-SRP "
             "antibody by immunoblot (Euroline, Euroimmun) was POSITIVE.")
    assert r["antibodies"] == {"srp": "positive"} and r["sex"] is None and r["age_years"] is None


def test_we_report_a_child_whose_myocardium_was_affected():
    r = _one("We report a child with necrotising myopathy whose antibody panel was negative and whose "
             "myocardium was also affected.")
    assert r["features"] == ["cardiac"]


# --- antigen spellings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "antibodies"), [
    ("A girl of 9. Both anti-Mi-2 and anti-TIF1-γ antibodies were found, and a chest CT was negative.",
     {"mi2": "positive", "tif1g": "positive"}),
    ("A girl of 4. Her serum reacted with both TIF1γ and Mi2.", {"tif1g": "positive", "mi2": "positive"}),
    ("A boy of 8. Anti-TIF1 gamma antibodies were present.", {"tif1g": "positive"}),
    ("A boy of 8. Anti-p155/140 was positive.", {"tif1g": "positive"}),
    ("A boy of 8. Anti-Mi-2β antibody was positive.", {"mi2": "positive"}),
    ("A boy of 8. Anti-TIF1-γ antibody (ELISA, in-house) was NEGATIVE.", {"tif1g": "negative"}),
])
def test_antigen_spellings_and_results(text, antibodies):
    assert _one(text)["antibodies"] == antibodies


# --- feature wordings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "feature"), [
    ("A 6-year-old girl had fewer nailfold capillary end row loops than her brother.", "periungual_capillaries"),
    ("A 6-year-old girl had reduced nailfold capillary loops.", "periungual_capillaries"),
    ("A 6-year-old girl was weak, and her myocardium was also involved.", "cardiac"),
    ("A 6-year-old girl had myocardial involvement.", "cardiac"),
])
def test_feature_wordings(text, feature):
    assert _one(text)["features"] == [feature]


def test_ethnicity_as_an_origin_of_the_patient_only():
    assert _one("A 7-year-old boy of Pakistani origin had a rash.")["ethnicity"] == "Pakistani"
    assert _one("A 7-year-old boy, whose parents are of Pakistani origin, had a rash.")["ethnicity"] is None


# --- follow-up and full strength --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "months", "cls"), [
    ("A 9-year-old girl had IVIG. After one year she walked independently.", 12, "marked_improvement"),
    ("A 9-year-old boy had IVIG. Over two years he regained full strength.", 24, "marked_improvement"),
    ("A 9-year-old boy had IVIG and regained full motor power.", None, "marked_improvement"),
    ("A 9-year-old girl had IVIG, and over a year she recovered normal muscle strength.", 12,
     "marked_improvement"),
    ("A 9-year-old girl had IVIG. She regained normal muscle strength and her CK normalised.", None,
     "remission"),
    ("A 9-year-old girl had had weakness for over a year when she was seen.", None, None),
])
def test_follow_up_over_a_year_and_full_strength(text, months, cls):
    r = _one(text)
    assert (r["follow_up_months"], r["outcome_class"]) == (months, cls)


def test_strength_alone_names_remission_as_the_alternative():
    [case] = extract_cases("A 9-year-old boy had IVIG and regained full motor power.")
    assert any(f.startswith("ambiguous: outcome_class:") and "remission" in f for f in case.review_flags)


# --- a parent and a child ---------------------------------------------------------------------------------


def test_a_boy_and_his_mother_are_two_records_in_the_order_described():
    boy, mother = _records("Myositis in a boy and his mother. Both had proximal weakness on biopsy-proven "
                           "myositis. The boy's illness spread to the lungs and he died at 12. His mother's "
                           "disease stayed confined to muscle.", 2)
    assert (boy["sex"], boy["outcome_class"]) == ("M", "death")
    assert (mother["sex"], mother["outcome_class"]) == ("F", None)


def test_a_mother_who_is_not_a_patient_takes_no_value():
    girl, boy = _records("We report a 6-year-old girl and her 9-year-old brother with myositis. Her mother "
                         "noticed that the boy had dysphagia.", 2)
    assert girl["features"] == [] and girl["sex"] == "F"
    assert boy["features"] == ["dysphagia"] and boy["sex"] == "M"


def test_a_time_in_a_clause_without_an_outcome_is_no_follow_up():
    r = _one("A 10-year-old boy had weakness. Over a year his CK was raised; after 6 months he improved.")
    assert r["follow_up_months"] == 6


def test_a_parent_who_only_accompanies_the_child_is_not_a_patient():
    r = _one("A girl and her mother came to clinic. The girl had a rash and CK 9000 U/L.")
    assert (r["sex"], r["features"], r["ck_iu_l"]) == ("F", ["cutaneous"], 9000)
