"""A case report with a review of the published cases: the cited patients are never the authors' own.

Texts written for these tests from the form alone (a case, then paragraphs, headings and comparisons about
other articles' patients); the patients' values are made up for the test."""

from imnm.literature.extract_patterns import extract

OWN_CASE = (
    "We report a 7-year-old girl of Moroccan origin with juvenile dermatomyositis. She had a heliotrope rash "
    "and calcinosis; CK was 2300 IU/L. Anti-NXP2 was positive. She was treated with methylprednisolone "
    "pulses (30 mg/kg/day for three days), methotrexate 15 mg/m2 weekly and IVIG 2 g/kg monthly.\n\n"
)


def _one(text: str):
    cases = extract(text)
    assert len(cases) == 1
    return cases[0]


def test_cited_patients_inside_a_paragraph_are_not_the_authors_own():
    case = _one(OWN_CASE + (
        "We found five published children with this antibody and calcinosis. Tansley et al. [3] described a "
        "4-year-old boy with dysphagia and a CK of 11 200 U/L who needed cyclophosphamide and died. In the series "
        "of Kobayashi [4], a 9-year-old girl with interstitial lung disease received tacrolimus 0.1 mg/kg. A "
        "14-year-old boy reported by Espada et al. (2018) had arthritis; he was treated with rituximab.\n"))
    record = case.record
    assert (record["sex"], record["age_years"], record["ck_iu_l"]) == ("F", 7.0, 2300.0)
    assert set(record["treatments"]) == {"glucocorticoids", "methotrexate", "ivig"}
    assert not {"dysphagia", "arthritis", "interstitial_lung_disease"} & set(record["features"])
    assert record["outcome_class"] is None
    assert not case.review_flags


def test_the_sentences_after_a_cited_patient_stay_with_that_patient_until_the_paragraph_ends():
    case = _one(OWN_CASE + (
        "Rider et al. (1994) described a 10-year-old girl with abdominal pain. She had arthritis and was given "
        "rituximab.\n\nShe (our patient) had no dysphagia.\n"))
    record = case.record
    assert "arthritis" not in record["features"] and "rituximab" not in record["treatments"]
    assert "dysphagia" in record["features_absent"]


def test_a_comparison_keeps_what_it_says_of_the_authors_own_patient():
    case = _one(OWN_CASE + (
        "Unlike most published cases, she had no cardiac involvement. Our patient, like the girl of Kobayashi [4], "
        "had dysphagia. Like our patient, the boy of Kishi et al. responded to rituximab.\n"))
    record = case.record
    assert "cardiac" in record["features_absent"]
    assert "dysphagia" in record["features"]
    assert "rituximab" not in record["treatments"]


def test_a_review_under_its_own_heading_is_not_the_case():
    case = _one(
        "Case report\nA 9-year-old girl had weakness for 3 months. CK was 9800 U/L and anti-SRP was positive. She "
        "received IVIG 2 g/kg.\n\nReview of published cases\nA 4-year-old boy had calcinosis and dysphagia and "
        "received cyclophosphamide. He died. An 8-year-old girl from Turkey was treated with tacrolimus.\n")
    record = case.record
    assert (record["sex"], record["age_years"]) == ("F", 9.0)
    assert record["treatments"] == ["ivig"]
    assert record["features"] == [] and record["outcome_class"] is None and record["ethnicity"] is None


def test_a_reference_to_a_method_in_the_case_itself_is_still_read():
    case = _one(
        "A 9-year-old girl had weakness for 3 months and met the criteria of Bohan and Peter [3]. She received "
        "IVIG 2 g/kg [5] and rituximab.\n")
    assert set(case.record["treatments"]) == {"ivig", "rituximab"}


def test_a_patient_with_the_citation_right_after_it_is_the_cited_one():
    case = _one(OWN_CASE + (
        "The first paediatric case was a 10-year-old girl (Rider et al., 1994) with arthritis, treated with "
        "cyclophosphamide. A 4-year-old boy [3] had dysphagia and received rituximab.\n"))
    record = case.record
    assert not {"arthritis", "dysphagia"} & set(record["features"])
    assert not {"cyclophosphamide", "rituximab"} & set(record["treatments"])
    assert not case.review_flags


def test_a_count_of_the_published_patients_is_not_the_patient():
    case = _one(OWN_CASE + "Of the 23 children reported so far, rituximab was given in 9 and 4 died.\n")
    assert case.record["outcome_class"] is None
    assert "rituximab" not in case.record["treatments"]
