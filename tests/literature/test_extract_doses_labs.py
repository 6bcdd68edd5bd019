"""Case extraction, issue 16 (forms the corpus is thin on): patients introduced by an ordinal header with
no count before it, and a follow-up told as "at last review, N years later".

Every text here is invented for the test. Precision first: values stay with the patient whose header
they follow, and an outcome or follow-up is read only where the text states it.
"""

from __future__ import annotations

from extraction_records import records as _records


def test_ordinal_headers_without_a_count_split_the_patients():
    first, second = _records(
        "The first patient, a 6-year-old boy, had proximal weakness. "
        "The second patient, a 12-year-old girl, had a heliotrope rash.", 2)
    assert (first["sex"], first["age_years"], first["features"]) == ("M", 6.0, [])
    assert (second["sex"], second["age_years"], second["features"]) == ("F", 12.0, ["cutaneous"])


def test_a_lone_ordinal_sentence_is_not_a_header():
    (record,) = _records(
        "A 7-year-old girl had weakness. The first patient we treated with rituximab was older. "
        "She improved on prednisolone.", 1)
    assert record["age_years"] == 7.0


def test_follow_up_told_as_last_review_years_later():
    (record,) = _records(
        "A 9-year-old girl had weakness and was given prednisolone. "
        "At last review, 3 years later, she had mild residual weakness.", 1)
    assert record["follow_up_months"] == 36.0
    assert record["outcome_class"] == "mild_impairment"
