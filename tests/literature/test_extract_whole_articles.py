"""Case extraction from a whole article: title, abstract, introduction, case, discussion, back matter.

A full text tells the authors' patients beside other published ones. What the Introduction says of the disease,
what the Discussion says of other reports and what the references name is nobody's finding here; a
Discussion sentence about the authors' own patients still is.
"""

from imnm.literature.extract import extract_cases

ONE_PATIENT = """Anti-SRP necrotising myopathy in a 9-year-old girl: a case report

Abstract
Background: Necrotising myopathy is rare in children. Case presentation: We report a 9-year-old girl with
proximal weakness, a CK of 15 400 U/L and anti-SRP antibodies who improved on prednisolone, IVIG and rituximab.

Introduction
Immune-mediated necrotising myopathy accounts for about a fifth of inflammatory myopathies in adults.

In children the disease is rarer still. Dysphagia and cardiac involvement are common, and many patients need
rituximab or cyclophosphamide.

Case presentation
A 9-year-old girl presented with three months of weakness of the thighs and shoulders. She had no rash and no
dysphagia. Creatine kinase was 15 400 U/L. Anti-SRP antibodies were positive. She was given prednisolone
2 mg/kg/day and IVIG 2 g/kg monthly; rituximab was added after 4 months. At 18 months she had regained
normal strength.

Discussion
Our patient shares the features of published cases. Kishi et al. described a 12-year-old Japanese boy with a CK
of 22 000 IU/L and severe dysphagia who died of heart failure. In a series of 10 Japanese children, 7 received
methotrexate and 4 had ILD [3]. A 15-year-old girl reported by Suzuki responded to tacrolimus.

Conclusion
Anti-SRP myopathy should be thought of in a child with a high CK and no rash.

References
1. Kishi T, et al. Necrotising myopathy in a Japanese boy with dysphagia. J Rheumatol 2005;32:1-5.
"""


def test_the_discussion_and_the_references_give_nothing_of_other_patients():
    [case] = extract_cases(ONE_PATIENT)
    r = case.record
    assert (r["sex"], r["age_years"], r["ck_iu_l"], r["ethnicity"]) == ("F", 9.0, 15400.0, None)
    assert r["treatments"] == ["glucocorticoids", "ivig", "rituximab"]  # no methotrexate, no tacrolimus
    assert "dysphagia" in r["features_absent"] and "dysphagia" not in r["features"]
    assert "interstitial_lung_disease" not in r["features"]
    assert r["outcome_class"] == "marked_improvement"  # not the published boy's death


def test_an_introduction_of_several_paragraphs_is_background_up_to_the_case_heading():
    # the second paragraph's "many patients need rituximab or cyclophosphamide" is about the disease
    text = ONE_PATIENT.replace("rituximab was added after 4 months", "nothing else was needed")
    [case] = extract_cases(text)
    assert "cyclophosphamide" not in case.record["treatments"]
    assert "cardiac" not in case.record["features"]


def test_a_paragraph_opening_on_a_patient_ends_the_introduction():
    text = ("Introduction\nJuvenile dermatomyositis is the commonest myositis of childhood.\n\n"
            "A 6-year-old boy had Gottron papules and a CK of 2 300 U/L. He was given methotrexate.\n\n"
            "Discussion\nThe rash is typical.")
    [case] = extract_cases(text)
    assert (case.record["age_years"], case.record["ck_iu_l"]) == (6.0, 2300.0)
    assert case.record["treatments"] == ["methotrexate"]


SIBLINGS = """Anti-NXP2 juvenile dermatomyositis in two brothers

Abstract
We describe two brothers, aged 6 and 10 years, with anti-NXP2-positive juvenile dermatomyositis.

1. Introduction
Juvenile dermatomyositis is the commonest inflammatory myopathy of childhood. Anti-NXP2 antibodies are found in
about a quarter of patients.

Familial cases are rare.

2. Case reports
Case 1
A 10-year-old boy of Moroccan origin had a heliotrope rash and proximal weakness. CK was 3 200 IU/L. He received
prednisolone and methotrexate. He is in remission after 3 years.

Case 2
His younger brother, aged 6, fell ill six months later. CK was 870 IU/L. There was no dysphagia. He was given
IVIG. He improved.

3. Discussion
Both boys carried anti-NXP2 antibodies. Familial disease has been reported in twins by Rider et al., one of whom
died of ILD. Ciclosporin was used in another pair [7]. Our patients did well, and
neither had interstitial lung disease.
"""


def test_numbered_cases_under_a_heading_are_the_patients_and_the_discussion_ends_the_last():
    first, second = extract_cases(SIBLINGS)
    assert (first.patient_label, second.patient_label) == ("Case 1", "Case 2")
    assert (first.record["age_years"], first.record["ethnicity"], first.record["ck_iu_l"]) == (10.0, "Moroccan", 3200.0)
    # "his younger brother, aged 6": the brother is the patient, a boy, whatever the possessive says
    assert (second.record["sex"], second.record["age_years"], second.record["ck_iu_l"]) == ("M", 6.0, 870.0)
    assert second.record["treatments"] == ["ivig"] or "ciclosporin" not in second.record["treatments"]
    assert "ciclosporin" not in second.record["treatments"] and second.record["outcome_class"] != "death"
    # what the discussion says of both is each one's; the first keeps his own outcome over the group's
    for case in (first, second):
        assert case.record["antibodies"] == {"nxp2": "positive"}
        assert "interstitial_lung_disease" in case.record["features_absent"]
    assert (first.record["outcome_class"], second.record["outcome_class"]) == ("remission", "improvement")


def test_a_table_of_the_authors_patients_gives_each_row_and_the_comment_names_its_own():
    text = ("Rituximab in refractory juvenile dermatomyositis: three cases\n\n"
            "Patients and methods\nWe reviewed the charts of three children treated with rituximab at our centre.\n\n"
            "Results\nTable 1. The three patients\n"
            "Patient 1: girl, 7 years, CK 4 500 U/L, anti-MDA5 positive\n"
            "Patient 2: boy, 12 years, CK 12 300 U/L, anti-TIF1-gamma positive\n"
            "Patient 3: girl, 9 years, CK 890 U/L, anti-NXP2 positive\n\n"
            "Comment\nIn the series of Oddis et al., most patients improved. Patient 3 died of aspiration pneumonia.")
    cases = extract_cases(text)
    assert [(c.record["sex"], c.record["age_years"], c.record["ck_iu_l"]) for c in cases] == [
        ("F", 7.0, 4500.0), ("M", 12.0, 12300.0), ("F", 9.0, 890.0)]
    assert [c.record["outcome_class"] for c in cases] == [None, None, "death"]


def test_a_heading_line_is_a_sentence_of_its_own():
    from imnm.literature.extract_patterns import engine

    doc = engine().nlp("Case reports\nCase 1\nA 10-year-old boy had\nGottron papules and a rash.")
    # a hard-wrapped line ("... boy had") is no heading: its next line goes on with the sentence
    assert [s.text.strip() for s in doc.sents] == ["Case reports", "Case 1",
                                                    "A 10-year-old boy had\nGottron papules and a rash."]


def test_a_structured_abstract_conclusion_is_one_paragraph():
    text = ("Background: Myositis is rare.\nCase presentation: A 7-year-old girl had a CK of 5 000 U/L.\n"
            "Conclusions: Rituximab may help children like her.\n\n"
            "She was given prednisolone and improved.")
    [case] = extract_cases(text)
    assert case.record["treatments"] == ["glucocorticoids"] and case.record["outcome_class"] == "improvement"
