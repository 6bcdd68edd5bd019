"""Abstracts as PubMed prints them (issue 16): the form of the twenty-sixth blind set, read before its texts
were scored. The probe texts here are the project's own, written from the form alone: a title, the authors'
affiliations, a structured or running abstract within a word limit, several patients summed up in one
sentence, and after the abstract the index lists (keywords, MeSH terms, substances) that name the field's
words, not the patient's findings."""

from extract_helpers import one_record as _one

from imnm.literature.extract import extract_cases

PUBMED_PAGE = """Necrotising myopathy in a boy: a slow response to immunoglobulin

Alvarez R(1), Kim S(2).

(1) Department of Paediatrics, Hospital del Mar, Barcelona, Spain.
(2) Neuromuscular Unit, Seoul National University Hospital, Seoul, Korea.

Rev Neurol Pediatr. 2020;12(2):55-58. doi: 10.0000/example.2020.55.

Abstract
Background: Necrotising myopathy is uncommon in childhood.
Case presentation: A 10-year-old boy had 4 months of proximal weakness and a CK of 11,300 U/L. Anti-SRP
antibodies were positive. He was given prednisolone and IVIG.
Conclusions: Antibody testing helps in a weak child with a high CK.

Keywords: cyclophosphamide; dermatomyositis; interstitial lung disease; methotrexate; rituximab.

Copyright 2020 The Authors.

MeSH terms
Autoantibodies / blood
Child
Dysphagia / etiology
Humans
Male
Rituximab / therapeutic use

Substances
Autoantibodies
Methotrexate
"""


def test_the_index_lists_after_an_abstract_name_no_finding_or_drug_of_the_patient():
    record = _one(PUBMED_PAGE)
    assert record["sex"] == "M" and record["age_years"] == 10 and record["ck_iu_l"] == 11300
    assert record["antibodies"] == {"srp": "positive"}
    assert sorted(record["treatments"]) == ["glucocorticoids", "ivig"]
    assert record["features"] == []


def test_keywords_printed_before_the_abstract_end_where_the_abstract_begins():
    text = ("Juvenile myositis with anti-HMGCR antibodies\n"
            "Keywords: interstitial lung disease; rituximab; tacrolimus.\n"
            "Abstract\n"
            "A 7-year-old girl had weakness and a CK of 6,200 U/L. She received methotrexate.")
    record = _one(text)
    assert record["age_years"] == 7 and record["ck_iu_l"] == 6200
    assert record["treatments"] == ["methotrexate"]
    assert record["features"] == []


def test_the_care_and_jama_headings_keep_the_disease_apart_from_the_patient():
    care = ("Rationale: Necrotising myopathy in children brings dysphagia and interstitial lung disease.\n"
            "Patient concerns: A 12-year-old girl had 2 months of weakness.\n"
            "Diagnoses: Her CK was 8,800 U/L and anti-SRP antibodies were positive.\n"
            "Interventions: She received prednisone and IVIG.\n"
            "Outcomes: Her strength improved.\n"
            "Lessons: Rituximab and cyclophosphamide are options in refractory disease.")
    record = _one(care)
    assert record["ck_iu_l"] == 8800 and sorted(record["treatments"]) == ["glucocorticoids", "ivig"]
    assert record["features"] == []
    jama = ("Importance: Anti-HMGCR myopathy may pass for a dystrophy.\n"
            "Observations: A 5-year-old boy had weakness for a year and a CK of 9,100 U/L. He was given IVIG.\n"
            "Conclusions and Relevance: Rituximab and methotrexate are reserved for refractory cases; cardiac "
            "involvement and dysphagia are sought.")
    record = _one(jama)
    assert record["age_years"] == 5 and record["treatments"] == ["ivig"]
    assert record["features"] == []


SERIES = ("We report three children (two girls and one boy, aged 5, 11 and 14 years, respectively) with anti-SRP "
          "myopathy. All three had severe proximal weakness; the boy also had dysphagia. CK ranged from 6,000 to "
          "25,000 U/L. All were positive for anti-SRP antibodies and none had skin involvement. All received "
          "prednisolone and IVIG; two also needed rituximab. Interstitial lung disease was not found in any "
          "patient.")


def test_a_series_summed_up_gives_each_child_what_is_said_of_all_of_them_and_nothing_said_of_some():
    cases = extract_cases(SERIES)
    assert [c.record["age_years"] for c in cases] == [5, 11, 14]
    for case in cases:
        record = case.record
        assert record["antibodies"] == {"srp": "positive"}
        assert sorted(record["treatments"]) == ["glucocorticoids", "ivig"]  # which two had rituximab is not told
        assert {"cutaneous", "interstitial_lung_disease"} <= set(record["features_absent"])
        assert record["ck_iu_l"] is None  # a range across the series is nobody's value


def test_ages_at_onset_given_respectively_go_to_the_children_in_order():
    text = ("Background. Necrotising myopathy is rare in children. We describe four children with seronegative "
            "necrotising myopathy. Results. Age at onset was 3, 6, 9 and 15 years, respectively. None had a rash.")
    cases = extract_cases(text)
    assert [c.record["age_years"] for c in cases] == [3, 6, 9, 15]
    assert all("cutaneous" in c.record["features_absent"] for c in cases)


def test_a_clause_opened_by_the_elder_or_the_younger_is_that_sister_s_alone():
    text = ("Two sisters, aged 6 and 9 years, had anti-HMGCR myopathy. The younger had a CK of 8,400 U/L, and the "
            "elder 12,600 U/L. Both were treated with prednisolone and methotrexate; the elder also received IVIG.")
    younger, elder = extract_cases(text)
    assert younger.record["age_years"] == 6 and elder.record["age_years"] == 9
    assert younger.record["ck_iu_l"] == 8400 and elder.record["ck_iu_l"] == 12600
    assert sorted(younger.record["treatments"]) == ["glucocorticoids", "methotrexate"]
    assert sorted(elder.record["treatments"]) == ["glucocorticoids", "ivig", "methotrexate"]


def test_a_numbered_patient_aged_with_no_unit_is_that_many_years_old():
    text = ("Patient 1, aged 9, had weakness and dysphagia. Patient 2, aged 12, had weakness and myalgia. Both "
            "were positive for anti-SRP antibodies.")
    first, second = extract_cases(text)
    assert first.record["age_years"] == 9 and second.record["age_years"] == 12


def test_a_closing_lesson_about_the_disease_is_not_the_patient_s():
    text = ("A 7-year-old boy had weakness, dysphagia and a CK of 18,000 U/L; anti-SRP antibodies were positive. "
            "He received prednisolone. This case highlights the value of early antibody testing. Early escalation "
            "matters in anti-SRP myopathy, in which interstitial lung disease and cardiomyopathy are common.")
    record = _one(text)
    assert record["features"] == ["dysphagia"]
