"""The twenty-eighth round (issue 16): what the first score of the meeting-abstract set showed the extractor missed
or misread. The probe texts are the project's own, written for each wording; none is a corpus text."""

from imnm.literature.extract import extract_cases


def _records(text: str) -> list[dict]:
    return [c.record for c in extract_cases(text)]


def test_a_count_that_opens_the_results_or_follows_a_title_dash_is_the_series():
    results = ("Background: Dengue can cause an acute myositis in children.\n"
               "Results: Four children, all boys. Two presented during the fever and two after it. All four "
               "recovered completely, with no sequelae.\n"
               "Conclusions: Dengue myositis is usually benign.")
    title = ("DENGUE MYOSITIS IN CHILDREN - FOUR BOYS FROM ONE CITY\n"
             "Background: Dengue can cause an acute myositis. Serum CK was raised in every child.")
    for text in (results, title):
        records = _records(text)
        assert len(records) == 4, text
        assert all(r["sex"] == "M" for r in records)
    assert all(r["outcome_class"] == "marked_improvement" for r in _records(results))


def test_two_different_myositis_specific_antibodies_said_of_a_pair_are_given_to_neither():
    text = ("Juvenile necrotising myopathy: two children with anti-SRP54 and anti-HMGCR antibodies\n"
            "Results:\nChild 1. Onset at 8 years with weakness. Dysphagia followed.\n"
            "Child 2. Onset at 9 years; the weakness developed faster.\n"
            "Treatment: both children started on corticosteroids.")
    records = _records(text)
    assert [r["antibodies"] for r in records] == [{}, {}]
    assert [r["age_years"] for r in records] == [8, 9]
    # one myositis-specific antibody with an associated one, or negatives, still go to both
    shared = _records(text.replace("anti-SRP54 and anti-HMGCR antibodies", "anti-SRP54 and anti-Ro52 antibodies"))
    assert [r["antibodies"] for r in shared] == [{"srp": "positive", "ro52": "positive"}] * 2
    negatives = _records(text + " Anti-SRP and anti-HMGCR were negative in both.")
    assert [r["antibodies"].get("hmgcr") for r in negatives] == ["negative", "negative"]


def test_a_screened_series_positive_of_those_tested_is_every_patients():
    text = ("Results: 140 children had JDM; 53 had been tested with the immunoblot, and 4 of these (7.5%) were "
            "strongly positive for anti-SAE. None of the 4 children had calcinosis. All 4 received methotrexate.")
    records = _records(text)
    assert len(records) == 4
    assert all(r["antibodies"] == {"sae": "positive"} for r in records)


def test_every_child_who_had_it_is_some_of_the_series():
    text = ("Results: Four girls were identified. All four were treated with prednisolone. Weakness has resolved in "
            "every child who had it.")
    records = _records(text)
    assert len(records) == 4
    assert all(r["outcome_class"] is None for r in records)
    assert all(r["treatments"] == ["glucocorticoids"] for r in records)


def test_so_badly_that_each_keeps_the_whole_group():
    text = ("We describe three girls with anti-SRP myopathy. Swallowing was so badly affected in all three that each "
            "needed nasogastric feeding. All three received IVIG.")
    assert all(r["features"] == ["dysphagia"] for r in _records(text))


def test_little_or_no_rash_is_neither_a_rash_nor_its_absence():
    record = _records("A 12-year-old boy had marked weakness with little or no rash. CK was 12 000 U/L.")[0]
    assert "cutaneous" not in record["features"] and "cutaneous" not in record["features_absent"]
    assert _records("A 12-year-old boy had marked weakness and no rash.")[0]["features_absent"] == ["cutaneous"]


def test_a_disclosure_above_the_abstract_does_not_make_the_abstract_back_matter():
    text = ("Abstract #W7-3\nTofacitinib in two girls with anti-MDA5 juvenile dermatomyositis\n"
            "A. Author1, B. Author2\n1Department of Pediatrics, University Hospital\n\n"
            "Conflict of interest: None\n\n"
            "[Cases] Two Japanese girls with anti-MDA5 antibody-positive JDM and interstitial lung disease.\n"
            "Case 1: tofacitinib was added 5 months after the diagnosis.\n"
            "Case 2: tofacitinib was added 4 months after the diagnosis, for persistent skin manifestations.\n"
            "Both girls then reached remission, and prednisolone could be stopped in each.\n\n"
            "Keywords: juvenile dermatomyositis, MDA5, rituximab")
    records = _records(text)
    assert [r["case_label"] for r in records] == ["Case 1", "Case 2"]
    for r in records:
        assert r["ethnicity"] == "Japanese" and r["antibodies"] == {"mda5": "positive"}
        assert r["treatments"] == ["glucocorticoids"] and r["outcome_class"] == "remission"
    assert "cutaneous" in records[1]["features"] and "cutaneous" not in records[0]["features"]
    # a disclosure at the end is still back matter: nothing after it is read
    end = _records("A 9-year-old girl had JDM and received methotrexate.\n\nDisclosure of interest: None declared\n\n"
                   "Funding: a grant from a maker of rituximab")
    assert end[0]["treatments"] == ["methotrexate"]


def test_an_onset_told_with_words_between_the_illness_and_began_when():
    record = _records("A boy, now 14 years old, with known juvenile dermatomyositis. Proximal myopathy with muscle "
                      "weakness and fever began when he was 2 years old.")[0]
    assert record["age_years"] == 2


def test_a_change_in_her_voice_is_dysphonia():
    record = _records("A 9-year-old girl had proximal weakness, a change in her voice and trouble swallowing.")[0]
    assert sorted(record["features"]) == ["dysphagia", "dysphonia"]


def test_an_immunoglobulin_fusion_protein_is_not_ivig():
    record = _records("A 9-year-old girl had calcinosis. Abatacept, a CTLA-4-immunoglobulin fusion protein, was "
                      "started.")[0]
    assert record["treatments"] == ["abatacept"]
    assert _records("A 9-year-old girl received intravenous immunoglobulin.")[0]["treatments"] == ["ivig"]
