"""Case extraction, twentieth round: the errors of the twentieth blind set (whole articles copied out of PDFs).

Each test was written to fail on the extractor of the set's first score, and fixes one kind of error it made.
"""

from imnm.literature.extract import extract_cases


def _wrap(text: str, width: int = 70) -> str:
    """The text as a PDF's column gives it: each paragraph broken into lines of about ``width`` characters."""
    import textwrap

    return "\n".join(textwrap.fill(p, width=width) if len(p) > width else p for p in text.split("\n")) + "\n"


def test_a_banner_above_the_title_does_not_hide_the_count_the_title_gives():
    # the title is a review sentence ("a review of the literature"), read for its count only as the title
    text = ("ORIGINAL ARTICLE\n\nJuvenile dermatomyositis with anti-SAE antibodies: a report of 4 cases and a "
            "review of the literature\n\nResults: Every patient was treated with methotrexate and "
            "hydroxychloroquine.\n")
    cases = extract_cases(text)
    assert len(cases) == 4
    for case in cases:
        assert case.record["treatments"] == ["methotrexate", "hydroxychloroquine"]


def test_a_region_before_an_origin_is_part_of_it():
    [case] = extract_cases("A 9-year-old South Indian girl had Gottron papules and a CK of 2 400 U/L.")
    assert case.record["ethnicity"] == "South Indian"
    [case] = extract_cases("We saw a 7-year-old girl. Like the rest of our North Indian children, she had a rash.")
    assert case.record["ethnicity"] == "North Indian"


SERIES = """Two children with juvenile dermatomyositis and seizures

3 Results
3.1 The two patients
Patient 1, a girl aged 5.5 years, had weakness and seizures.

Patient 2, a boy of 11 years, presented in the same way.

Both were given pulses of intravenous methylprednisolone (IVMP) and/or plasma exchange.

3.2 Literature review
Nine reports describing children with JDM and seizures were found. The nine earlier patients had a grim course,
with two thirds dying; in contrast, both of our patients survived.
"""


def test_a_numbered_literature_review_section_counts_nobody_of_the_authors():
    cases = extract_cases(SERIES)
    assert [c.record["case_label"] for c in cases] == ["Patient 1", "Patient 2"]
    assert [c.record["age_years"] for c in cases] == [5.5, 11.0]


def test_earlier_patients_are_the_literature_even_beside_our_own():
    text = ("A 6-year-old boy had weakness and seizures and recovered on steroids.\n\nDiscussion\nThe nine earlier "
            "patients had a grim course, and six of them died; our patient survived.\n")
    [case] = extract_cases(text)
    assert case.record["outcome_class"] != "death"


def test_a_drug_named_with_its_abbreviation_and_or_another_is_given_to_nobody_for_sure():
    [case] = extract_cases("A 6-year-old boy had weakness and seizures. He was given pulses of intravenous "
                           "methylprednisolone (IVMP) and/or plasma exchange, and improved.")
    assert case.record["treatments"] == []
    for case in extract_cases(SERIES):
        assert case.record["treatments"] == []


def test_a_discussion_and_conclusions_heading_opens_the_discussion():
    text = ("Polymyositis and coronary dilatation in a girl with chronic EBV infection\n\nCase presentation\n"
            "A 9-year-old girl had myalgia; her CK was 1 850 U/L. She was given IVIG and methylprednisolone and "
            "improved.\n\nDiscussion and conclusions\nJapanese authors reported four further children aged 1 to 15 "
            "years with EBV infection and coronary dilatation, three of whom died.\n")
    [case] = extract_cases(text)
    assert (case.record["sex"], case.record["age_years"], case.record["ck_iu_l"]) == ("F", 9.0, 1850.0)
    assert case.record["outcome_class"] == "improvement"


def test_numbered_case_headings_divide_the_patients_an_abstract_named_before():
    text = _wrap(
        "Long-term rituximab in refractory myositis: a report of 3 cases\n"
        "ABSTRACT We describe three girls with refractory myositis. Case 2 needed mechanical ventilation for a "
        "month. Case 2 and case 3 had skin rashes early on. Case 1 carried anti-SRP antibody; cases 2 and 3 "
        "carried anti-NXP2 antibody.\n"
        "1 Case reports\n1.1 Case 1\n"
        "   A girl aged 8 years at onset developed weakness acutely and could not walk within two months. Her "
        "CK was markedly raised and anti-SRP was found. She was given rituximab.\n"
        "1.2 Case 2\n"
        "   Onset in this girl was at 11 years, again acute, with a papular eruption on the face and dysphagia; anti-NXP2 "
        "antibody was positive. She too received rituximab.\n"
        "1.3 Case 3\n"
        "   The youngest patient, a girl, fell ill at 4 years of age with a heliotrope rash. Anti-NXP2 was "
        "detected, and she was treated with rituximab as well.\n")
    cases = extract_cases(text)
    assert [c.record["case_label"] for c in cases] == ["Case 1", "Case 2", "Case 3"]
    assert [c.record["age_years"] for c in cases] == [8.0, 11.0, 4.0]
    assert [c.record["antibodies"] for c in cases] == [{"srp": "positive"}, {"nxp2": "positive"},
                                                      {"nxp2": "positive"}]
    assert all(c.record["treatments"] == ["rituximab"] for c in cases)
