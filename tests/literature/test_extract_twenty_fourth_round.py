"""Twenty-fourth round: case reports with a review of the published cases.

Texts written for these tests in the forms the twenty-fourth blind set showed (a review before the authors'
own patients, tables of published patients beside the authors' own, comparisons in the discussion); every
patient's values are made up for the test."""

from imnm.literature.extract_patterns import extract

REVIEW_FIRST = (
    "Anti-SRP myopathy in two young girls and a review of published children\n\n"
    "Published paediatric cases\n\n"
    "We found four children in three reports.\n\n"
    "Rider et al. (1994) reported a 10-year-old girl with arthritis whose CK was 8316 IU/L. She improved on "
    "methotrexate.\n\n"
    "Takada et al. (2009) described a 17-year-old girl with a rash who improved on ciclosporin.\n\n"
    "Our patients\n\n"
    "Both of our patients are Japanese girls with anti-SRP antibodies. The first developed weakness at 5 years "
    "of age. Neither had fever, arthritis or any other extramuscular feature. Treatment did not help, and both "
    "girls were left with marked disability.\n")


def test_the_authors_patients_after_a_review_of_cited_paragraphs_are_read():
    cases = extract(REVIEW_FIRST)
    assert len(cases) == 2
    for case in cases:
        record = case.record
        assert (record["sex"], record["ethnicity"]) == ("F", "Japanese")
        assert record["antibodies"] == {"srp": "positive"}
        assert "arthritis" in record["features_absent"] and "arthritis" not in record["features"]
        assert not {"methotrexate", "ciclosporin"} & set(record["treatments"])
    assert cases[0].record["age_years"] == 5.0


def test_remission_named_beside_near_normal_strength_is_remission_but_a_later_death_is_not():
    case = extract("A 9-year-old girl had anti-SRP myositis. She received rituximab. Remission was induced, and "
                   "she regained near-normal muscle strength.")[0]
    assert case.record["outcome_class"] == "remission"
    case = extract("A 9-year-old girl had anti-SRP myositis and a perforated bowel. She received rituximab and "
                   "stayed in complete remission for 2 years but died after surgery for a fistula.")[0]
    assert case.record["outcome_class"] == "death"


def test_a_table_of_cited_reports_and_a_discussion_of_their_children_do_not_count_the_authors_patients():
    text = (
        "Introduction\n\nFew children are published:\n\n"
        "Report (centre)                 | Children   | Ages        | Findings\n"
        "Lopez et al., 2023 (Madrid)     | 5 (3 boys) | 8-13 years  | all in remission on steroids\n"
        "Children's Hospital, Iran, 2021 | 8          | not given   | new cases in one year\n\n"
        "In the Madrid series, 5 children had a rash. We report a girl in whom the disease began during an "
        "infection.\n\n"
        "Case report\n\nA 4-year-old girl had a heliotrope rash and weakness. She was given IVIG 1 g/kg.\n\n"
        "Discussion\n\nUnlike the five children of Lopez and colleagues, our patient was 4 years old.\n")
    cases = extract(text)
    assert len(cases) == 1
    assert (cases[0].record["sex"], cases[0].record["age_years"]) == ("F", 4.0)
    assert cases[0].record["treatments"] == ["ivig"]


def test_in_a_table_beside_published_patients_only_the_authors_column_is_theirs():
    text = (
        "A 6-year-old boy had JDM with ulcers.\n\n"
        "Table 1. Children with ulcers: two published reports and this case\n\n"
        "                      | Gupta et al. 2019 [2] | Liu and Li 2023 [3]     | This case\n"
        "Age, sex              | 4 years, girl         | 6 years, boy            | 6 years, boy\n"
        "Autoantibody          | ANA negative          | anti-TIF1-gamma         | not stated\n"
        "Treatment             | IVIG 1 g/kg monthly   | IVIG 1.7 g/kg monthly   | prednisolone, methotrexate\n")
    record = extract(text)[0].record
    assert record["antibodies"] == {}
    assert set(record["treatments"]) == {"glucocorticoids", "methotrexate"}


def test_a_comparison_ends_where_another_cited_patient_begins():
    text = ("A 6-year-old boy had JDM with ulcers. He was treated with prednisolone and cyclophosphamide.\n\n"
            "Discussion\n\nLike the girl described by Gupta and colleagues, he needed cyclophosphamide; the boy "
            "of Liu and Li, in contrast, responded to IVIG alone.\n")
    assert "ivig" not in extract(text)[0].record["treatments"]


def test_a_cited_patient_named_as_the_girl_of_an_article_is_not_the_authors():
    text = ("A 6-year-old boy had JDM with ulcers. He was treated with prednisolone.\n\n"
            "The boy of Liu and Li [3] had anti-TIF1-gamma disease; his ulcers healed after two courses of IVIG.\n")
    record = extract(text)[0].record
    assert record["antibodies"] == {} and record["treatments"] == ["glucocorticoids"]


def test_a_group_named_with_its_origin_after_a_comma():
    cases = extract("We describe three adolescent girls, all African American, with juvenile polymyositis in "
                    "whom anti-SRP antibodies were found.")
    assert [c.record["ethnicity"] for c in cases] == ["African American"] * 3


def test_capillaroscopy_of_the_nailfolds():
    record = extract("A 4-year-old girl had JDM. Capillaroscopy of the nailfolds showed dilated capillaries.")[0].record
    assert "periungual_capillaries" in record["features"]


def test_a_heading_of_what_has_been_published_is_the_literature():
    text = ("What has been published\n\nA centre admitted eight new cases of JDM in one year; ten of them had "
            "symptoms after an infection, and six of those ten had arthritis.\n\n"
            "Our patients\n\nEight children were diagnosed with JDM here from 1999 to 2019, whereas five new "
            "cases were diagnosed from 2020 to 2021. All five had a heliotrope rash, and all five are in "
            "remission.\n")
    cases = extract(text)
    assert len(cases) == 5
    assert all(c.record["outcome_class"] == "remission" and "arthritis" not in c.record["features"] for c in cases)


def test_a_case_series_after_cited_paragraphs_and_before_a_reference_list_is_the_authors():
    text = ("Introduction\n\nRefractory myositis in children is hard to treat.\n\n"
            "Suzuki et al. (2011) reported two girls whose weakness began at 5 and at 9 years.\n\n"
            "Case series\n\n"
            "Case 1. The first girl fell ill at 8 years. She had anti-SRP antibodies.\n\n"
            "Case 2. The second girl fell ill at 11 years. She had anti-NXP2 antibodies.\n\n"
            "References\n\n"
            "Suzuki S, Ohta M, Shimizu Y. Anti-SRP myopathy in childhood. Pediatr Neurol 2011;45:114-6.\n")
    cases = extract(text)
    assert [c.record["age_years"] for c in cases] == [8.0, 11.0]
    assert [c.patient_label for c in cases] == ["Case 1", "Case 2"]
