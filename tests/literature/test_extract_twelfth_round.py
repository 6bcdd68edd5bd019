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
