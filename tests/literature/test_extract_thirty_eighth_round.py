"""The thirty-eighth round (issue 16): registry case report forms, read after the blind set's first score.
Each test is the project's own probe text in a layout the set showed; none is a corpus text."""

from extract_helpers import one_record as _one


def test_boxes_under_a_grid_of_answer_columns_take_the_column_they_stand_under():
    text = ("REGISTRY FORM - VISIT 1\nSex: Female\nAnti-SRP: Positive\n\n"
            "SECTION 3 - PRESENTING FEATURES            Yes   No   Unknown / not assessed\n"
            "3.1 Dysphagia                              [x]   [ ]   [ ]\n"
            "    (needed thickened fluids)\n"
            "3.2 Rash                                   [ ]   [x]   [ ]\n"
            "3.3 Arthritis                              [ ]   [ ]   [x]\n"
            "3.4 Raynaud phenomenon                     [ ]   [ ]   [ ]\n")
    record = _one(text)
    assert record["features"] == ["dysphagia"] and record["features_absent"] == ["cutaneous"]


def test_dotted_leaders_variable_names_and_a_coding_key_answer_their_fields():
    text = ("Registry batch export\nCoding key:  1 = Yes   0 = No   9 = Unknown   -99 = missing\n\n"
            "sex .................................. 2   [1 = Male, 2 = Female]\n"
            "origin_as_recorded ................... Japanese\n"
            "age_at_first_symptoms_yrs ............ 5\n"
            "feat_dysphagia ....................... 1\n"
            "feat_arthritis ....................... 0\n"
            "feat_raynaud ......................... 9\n")
    record = _one(text)
    assert (record["sex"], record["ethnicity"], record["age_years"]) == ("F", "Japanese", 5)
    assert record["features"] == ["dysphagia"] and record["features_absent"] == ["arthritis"]


def test_a_numbered_treatment_log_is_one_childs_drugs_not_a_row_per_patient():
    text = ("FOLLOW-UP FORM\nSex: Male\nAge at onset (years): 6\nDysphagia: [x] Yes [ ] No [ ] Unknown\n"
            "Anti-HMGCR: [x] Positive [ ] Negative [ ] Not tested\n\n"
            "TREATMENT LOG\n"
            " # | Drug                  | Route | Dose            | Notes\n"
            "---+-----------------------+-------+-----------------+-----------------\n"
            " 1 | Methylprednisolone    | IV    | 30 mg/kg        | 3 pulses\n"
            " 2 | Methotrexate          | SC    | 15 mg/m2 weekly | with prednisolone\n"
            " 3 | IVIG                  | IV    | 2 g/kg          | monthly x 6\n")
    record = _one(text)
    assert (record["sex"], record["age_years"]) == ("M", 6)
    assert record["treatments"] == ["glucocorticoids", "methotrexate", "ivig"]


def test_an_ethnicity_field_names_the_childs_origin():
    record = _one("Case notification card\nSex: Female\nAge at diagnosis (years): 11\n"
                  "Race / ethnicity:       African American\nDysphagia: No\nRash: Yes\n")
    assert (record["sex"], record["age_years"], record["ethnicity"]) == ("F", 11, "African American")
    assert record["features"] == ["cutaneous"] and record["features_absent"] == ["dysphagia"]
