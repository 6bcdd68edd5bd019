"""Case extraction: data types, each form of item 1 (issue 16), the command, and the corpus floor."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from imnm.literature.extract import Evidence, ExtractedCase, empty_record, flag
from imnm.model.case import Case

# --- data types ---------------------------------------------------------------------------------------


def _full_record() -> dict:
    record = empty_record()
    record.update(
        sex="F", age_years=1.5, age_as_written="an 18-month-old", ethnicity="Japanese",
        ck_iu_l=11426.0, antibodies={"srp": "positive", "hmgcr": "negative"},
        features=["dysphagia"], features_absent=["cutaneous"], treatments=["glucocorticoids", "ivig"],
        outcome_class="marked_improvement", outcome_text="marked improvement", follow_up_months=24.0,
        labs=[{"analyte": "creatine_kinase", "value": 11426.0, "unit": "U/L", "as_written": "CK 11,426 U/L"}],
        courses=[{"drug": "glucocorticoids", "drug_as_written": "Solu-Medrol", "agent": "methylprednisolone",
                  "dose": 30.0, "dose_unit": "mg/kg", "route": "iv"},
                 {"drug": "ivig", "drug_as_written": "IVIG", "dose": 2.0, "dose_unit": "g/kg"}],
    )
    return record


def test_to_case_builds_a_validated_literature_case_with_every_part():
    extracted = ExtractedCase(record=_full_record(), patient_label="Case 1", source="pmid:123",
                              evidence={"sex": [Evidence(start=0, end=4, text="girl")]},
                              review_flags=[flag("suspect_unit", "treatments", "IVIG 0.4 mg/kg")])
    case = extracted.to_case({"first_author": "Doe", "year": 2020, "pmid": "123"})
    assert isinstance(case, Case)
    assert case.source_kind == "literature" and case.case_label == "Case 1"
    assert case.age_years == 1.5 and case.ck_iu_l == 11426.0
    assert case.antibody("srp") == "positive" and case.antibody("hmgcr") == "negative"
    assert [f.value for f in case.features_present] == ["dysphagia"]
    assert [(f.feature.value, f.present) for f in case.features if not f.present] == [("cutaneous", False)]
    ivig = next(t for t in case.treatments if t.drug.value == "ivig")
    assert (ivig.dose, ivig.dose_unit) == (2.0, "g/kg")
    assert case.outcome.outcome_class == "marked_improvement" and case.outcome.follow_up_months == 24.0
    assert case.review_flags[0].kind == "suspect_unit" and case.review_flags[0].field == "treatments"
    exported = case.export_record()
    for key in ("sex", "age_years", "ck_iu_l", "antibodies", "features", "features_absent", "treatments",
                "outcome_class"):
        assert exported[key] == extracted.record[key], key


def test_to_case_without_citation_is_local_and_an_empty_record_is_valid():
    case = ExtractedCase().to_case()
    assert case.source_kind == "local" and case.outcome.outcome_class == "unknown"


def test_to_case_refuses_a_unit_the_model_refuses():
    record = empty_record()
    record["labs"] = [{"analyte": "creatine_kinase", "value": 5.0, "unit": "mg/dL"}]
    with pytest.raises(ValidationError, match="unit"):
        ExtractedCase(record=record).to_case()


def test_output_row_has_every_export_key_plus_evidence_and_confidence():
    row = ExtractedCase(record=_full_record(), confidence={"sex": 0.95}).output_row()
    export_keys = set(Case().export_record())
    assert export_keys <= set(row)
    assert {"evidence", "confidence", "review_flags", "language"} <= set(row)


# --- one test per form of issue 16 item 1 -----------------------------------------------------------------

from pathlib import Path

from imnm.literature.extract import extract_cases
from imnm.model.vocabulary import normalise_drug


def _one(text: str) -> dict:
    cases = extract_cases(text)
    assert len(cases) == 1
    return cases[0].record


@pytest.mark.parametrize(("text", "age"), [
    ("An 18-month-old boy had weakness.", 1.5),
    ("A girl aged 4 years and 6 months had weakness.", 4.5),
    ("A 2-year 8-month-old girl had weakness.", 2.67),
    ("A 9-year-old boy had weakness.", 9.0),
    ("The boy was 7 years of age.", 7.0),
])
def test_age_forms_become_years_with_months_as_a_fraction(text, age):
    assert _one(text)["age_years"] == pytest.approx(age, abs=0.01)


@pytest.mark.parametrize(("text", "ck", "flagged"), [
    ("CK was 11 426 U/L.", 11426, False),
    ("CK was 11,426 IU/L.", 11426, False),
    ("CK was 11.426 U/L.", 11426, True),
    ("Creatine kinase was 190.4 ukat/L.", 11424, False),
    ("CK rose to 8000 U/l.", 8000, False),
])
def test_ck_thousand_separators_and_units(text, ck, flagged):
    case = extract_cases("A 9-year-old girl. " + text)[0]
    assert case.record["ck_iu_l"] == pytest.approx(ck)
    assert any(f.startswith("ambiguous: ck_iu_l") for f in case.review_flags) is flagged
    assert case.evidence["ck_iu_l"][0].text.endswith(("U/L", "U/l", "ukat/L"))


def test_a_number_without_unit_or_with_a_comparator_stays_empty():
    assert _one("A girl had CK above 5000.")["ck_iu_l"] is None
    assert _one("A girl had CK > 10,000 U/L.")["ck_iu_l"] is None


def test_antibodies_positive_and_negative_in_one_sentence():
    r = _one("A boy was positive for anti-SRP54 and negative for anti-HMGCR and anti-Jo-1.")
    assert r["antibodies"] == {"srp": "positive", "hmgcr": "negative", "jo1": "negative"}


def test_an_antibody_reported_both_ways_is_left_empty_and_flagged():
    case = extract_cases("A boy was anti-SRP positive. Later anti-SRP was negative.")[0]
    assert "srp" not in case.record["antibodies"]
    assert any(f.startswith("inconsistency: antibodies") for f in case.review_flags)


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("A girl had no dysphagia.", [], ["dysphagia"]),
    ("A girl presented without rash.", [], ["cutaneous"]),
    ("A girl denied dysphagia.", [], ["dysphagia"]),
    ("There was an absence of arthritis in the girl.", [], ["arthritis"]),
    ("A girl had dysphagia but no rash.", ["dysphagia"], ["cutaneous"]),
    ("A girl had interstitial lung disease.", ["pulmonary", "interstitial_lung_disease"], []),
])
def test_features_with_negation(text, present, absent):
    r = _one(text)
    assert r["features"] == present and r["features_absent"] == absent


@pytest.mark.parametrize(("written", "drug"), [
    ("MabThera", "rituximab"), ("Rituxan", "rituximab"), ("Solu-Medrol", "glucocorticoids"),
    ("Medrol", "glucocorticoids"), ("Deltasone", "glucocorticoids"), ("Gammagard", "ivig"),
    ("CellCept", "mycophenolate"), ("Hizentra", "scig"),
])
def test_brand_names_map_to_the_vocabulary(written, drug):
    assert normalise_drug(written).value == drug
    assert _one(f"A girl received {written}.")["treatments"] == [drug]


@pytest.mark.parametrize(("text", "drug", "dose", "unit"), [
    ("A boy received rituximab 375 mg/m2.", "rituximab", 375, "mg/m2"),
    ("A boy received IVIG 2 g/kg.", "ivig", 2, "g/kg"),
    ("A boy received prednisolone 2 mg/kg/day.", "glucocorticoids", 2, "mg/kg"),
    ("A boy received methotrexate 15 mg/m² weekly.", "methotrexate", 15, "mg/m2"),
])
def test_doses_with_per_kg_and_per_m2_units(text, drug, dose, unit):
    course = next(c for c in _one(text)["courses"] if c["drug"] == drug)
    assert (course["dose"], course["dose_unit"]) == (dose, unit)


def test_an_implausible_unit_is_kept_and_flagged_not_corrected():
    case = extract_cases("A girl received IVIG 0.4 mg/kg.")[0]
    assert case.record["ivig_dose"] == "0.4 mg/kg"
    assert any(f.startswith("suspect_unit: treatments") for f in case.review_flags)


def test_a_negated_drug_is_not_a_treatment():
    assert _one("A girl was not given rituximab.")["treatments"] == []


@pytest.mark.parametrize(("text", "cls"), [
    ("At 2-year follow-up the girl was in complete remission.", "remission"),
    ("The girl died of respiratory failure.", "death"),
    ("The girl walked independently after one year.", "marked_improvement"),
    # an impairment read as the outcome needs a course before it (else it is how the child came)
    ("After treatment the girl could walk with assistance.", "mild_impairment"),
    ("The girl did not improve.", None),
])
def test_outcome_class_keeps_the_source_words(text, cls):
    r = _one(text)
    assert r["outcome_class"] == cls
    assert (r["outcome_text"] is not None) == (cls is not None)


def test_follow_up_in_months():
    assert _one("A girl was followed for 4 years.")["follow_up_months"] == 48
    assert _one("After 18 months of follow-up the girl was well.")["follow_up_months"] == 18


def test_case_headers_attribute_values_to_the_right_patient():
    text = ("We report two siblings. Case 1: a 7-year-old girl with CK 20,000 U/L and dysphagia, treated with IVIG. "
            "Case 2: a 10-year-old boy with CK 5,000 U/L and no dysphagia, treated with rituximab.")
    first, second = extract_cases(text)
    assert (first.patient_label, first.record["sex"], first.record["age_years"]) == ("Case 1", "F", 7)
    assert (second.patient_label, second.record["sex"], second.record["age_years"]) == ("Case 2", "M", 10)
    assert first.record["ck_iu_l"] == 20000 and second.record["ck_iu_l"] == 5000
    assert first.record["features"] == ["dysphagia"] and second.record["features_absent"] == ["dysphagia"]
    assert first.record["treatments"] == ["ivig"] and second.record["treatments"] == ["rituximab"]


def test_two_sisters_without_headers_share_only_what_is_said_of_both():
    cases = extract_cases("We describe two sisters with anti-SRP myopathy. Both were positive for anti-SRP. "
                          "One had dysphagia.")
    assert len(cases) == 2
    assert all(c.record["sex"] == "F" and c.record["antibodies"] == {"srp": "positive"} for c in cases)
    assert all(c.record["features"] == [] for c in cases)
    assert all(any(f.startswith("ambiguous: patients") for f in c.review_flags) for c in cases)


def test_a_spanish_text_is_named_and_yields_no_values():
    (case,) = extract_cases("Presentamos el caso de una niña de 3 años con debilidad muscular y la CK de 20 000 U/L.")
    assert case.language == "es" and case.record["ck_iu_l"] is None and case.record["sex"] is None
    assert any("needs a person" in f for f in case.review_flags)


def test_literature_review_sentences_are_not_read():
    r = _one("A 9-year-old girl had weakness. In the literature, 44% of patients had rash and CK of 9000 U/L.")
    assert r["features"] == [] and r["ck_iu_l"] is None


def test_every_value_carries_its_span():
    text = "A 9-year-old girl had CK 9,000 U/L and no rash; she received IVIG 2 g/kg."
    case = extract_cases(text)[0]
    for spans in case.evidence.values():
        for e in spans:
            assert text[e.start:e.end] == e.text
    assert all(0 < c <= 1 for c in case.confidence.values())
    case.to_case()  # a validated Case


# --- the corpus ---------------------------------------------------------------------------------------------

CORPUS = Path(__file__).parent / "extraction_corpus"


@pytest.mark.parametrize(("part", "precision", "recall"),
                         [("tuning", 0.98, 0.95), ("held_out", 0.98, 0.90), ("unseen", 0.98, 0.95),
                          # the blind set, tuned on since its first score (0.965 / 0.741); reached 1.0 / 1.0
                          ("unseen_2", 0.98, 0.98),
                          # the third blind set, tuned on since its first score (0.895 / 0.607); reached 1.0 / 1.0
                          ("unseen_3", 0.98, 0.98),
                          # the fourth blind set, tuned on since its first score (0.722 / 0.292); reached 1.0 / 1.0
                          ("unseen_4", 0.98, 0.98),
                          # the fifth blind set, tuned on since its first score (0.820 / 0.719); reached 1.0 / 1.0
                          ("unseen_5", 0.98, 0.98),
                          # the sixth blind set, tuned on since its first score (0.433 / 0.740), four labels
                          # adjudicated after it (see each file's "labelling"); reached 1.0 / 0.975
                          ("unseen_6", 0.98, 0.95),
                          # the seventh blind set, tuned on since its first score (0.857 / 0.740); reached
                          # 1.0 / 0.948 (doses whose drug the text leaves implied stay empty, on purpose)
                          ("unseen_7", 0.98, 0.94),
                          # the eighth blind set, tuned on since its first score (0.944 / 0.500); reached
                          # 0.985 / 0.985 (one label reads "favourable outcome" as marked improvement, another
                          # set's as improvement: the lexicon keeps improvement)
                          ("unseen_8", 0.98, 0.95),
                          # the tenth blind set (42 texts by seven writers), tuned on since its first score (0.926 /
                          # 0.799); reached 0.977 / 0.968 (what is left are readings two writers made differently:
                          # periungual erythema, a CK that "climbed", an onset derived by subtraction)
                          ("unseen_10", 0.97, 0.95),
                          # the eleventh blind set (45 texts by seven writers), tuned on since its first score
                          # (0.885 / 0.809); what is left are judgements two writers make differently ("treated
                          # successfully", "remains well") and forms no rule settles without guessing
                          ("unseen_11", 0.95, 0.95),
                          # the twelfth blind set (37 texts), tuned on since its first score (0.840 / 0.668);
                          # reached 0.940 / 0.902: most of what is left is a full recovery the writers label
                          # remission and the lexicon marked improvement (the enzymes unstated)
                          ("unseen_12", 0.93, 0.89),
                          # the thirteenth blind set (29 texts), tuned on since its first score (0.924 / 0.756);
                          # reached 0.994 / 0.981 (left: a dose stated once before both cases, "one month later"
                          # as a follow-up, eyelid swelling "without erythema")
                          ("unseen_13", 0.98, 0.95),
                          # the fourteenth blind set (24 texts), tuned on since its first score (0.909 / 0.819);
                          # reached 0.982 / 0.982 (left: a unit misprinted "IU/mL", a recovery from a drug reaction,
                          # two outcomes its writers read as remission, a quiz's wrong answers)
                          ("unseen_14", 0.97, 0.97),
                          # the fifteenth blind set (28 texts), tuned on since its first score (0.931 / 0.624);
                          # reached 0.976 / 0.931 (left: full recoveries its writers read as remission, lasting
                          # weakness of unstated severity, a series' rash told only in a sentence of group figures)
                          ("unseen_15", 0.97, 0.92),
                          # the sixteenth blind set (18 texts), tuned on since its first score (0.947 / 0.887);
                          # reached 0.949 / 0.925 (left: full recoveries its writers read as remission, where the
                          # lexicon keeps marked improvement with remission flagged)
                          ("unseen_16", 0.94, 0.92),
                          # the seventeenth blind set (43 texts retelling earlier sources), tuned on since its first
                          # score (0.881 / 0.765); reached 0.987 / 0.933 (left: full recoveries its writers read as
                          # remission, a series shared out over several sentences, "respiratory" failure or
                          # involvement, a CK printed in mg/dL, which the extractor flags and does not read)
                          ("unseen_17", 0.98, 0.93),
                          # the eighteenth blind set (36 texts retelling other earlier sources), tuned on since its
                          # first score (0.938 / 0.837, one text raising an exception); reached 0.969 / 0.969 (left:
                          # outcome judgements its writers made otherwise, a drug named only as one to avoid, a dose
                          # given before numbered sections)
                          ("unseen_18", 0.96, 0.96),
                          # the nineteenth blind set (28 whole articles retelling earlier sources), tuned on since its
                          # first score (0.824 / 0.880, after a section reading written blind); reached 0.954 / 0.971
                          # (left: outcomes and drugs its writers left unlabelled, a drug named only as avoided, a CK
                          # printed in mg/dL, an origin its writers read differently)
                          ("unseen_19", 0.95, 0.96),
                          # the twentieth blind set (30 whole articles as copied out of PDFs), tuned on since its
                          # first score (0.833 / 0.736, after a reading of the PDF layout written blind); reached
                          # 0.941 / 0.913 (left: a text that quotes no CK a reader can take (mg/dL, IU/mL), outcome
                          # classes its writers judged otherwise, follow-up given as a list for three unnamed
                          # children, features of a table read for the last patient)
                          ("unseen_20", 0.93, 0.90),
                          # the twenty-first blind set (31 texts whose patients stand in tables), tuned on since its
                          # first score (0.896 / 0.738, after a reading of tables written blind); reached 0.946 /
                          # 0.952 (left: drugs read from a series' shared sentences beside a table's own, a drug
                          # given "or both", an antibody given only as a titre, a CK printed in mg/dL)
                          ("unseen_21", 0.93, 0.94),
                          # the twenty-second blind set (30 texts in the English of authors for whom it is a second
                          # language), tuned on since its first score (0.914 / 0.842 as the extractor stood; 0.911 /
                          # 0.865 after a reading of that English written blind); reached 0.982 / 0.974 (left: outcome
                          # classes its writers judged otherwise, findings told of a series as a whole, a respiratory
                          # compromise read as neither lung nor muscle, a CK printed in mg/dL)
                          ("unseen_22", 0.97, 0.96),
                          # the twenty-third blind set (30 texts in the shorthand of meeting abstracts and clinic
                          # notes), tuned on since its first score (0.892 / 0.396 as the extractor stood; 0.942 /
                          # 0.815 after a reading of shorthand written blind); reached 0.983 / 0.981 (left: outcome
                          # classes its writers judged otherwise, an origin given as a place, CK printed in mg/dL)
                          ("unseen_23", 0.97, 0.97),
                          # the twenty-fourth blind set (25 case reports with a review of the published cases), tuned
                          # on since its first score (0.818 / 0.833 as the extractor stood; 0.943 / 0.797 after a
                          # reading of the form written blind); reached 0.978 / 0.916 (left: a series counted only
                          # as a share of a cohort, a table whose wrapped cells split it, CK printed in mg/dL). Not
                          # in TUNED_PARTS: one text's five patients are still read as one record
                          ("unseen_24", 0.97, 0.90),
                          # the twenty-fifth blind set (29 teaching cases: problem-solving in steps, case
                          # conferences, quizzes), tuned on since its first score (0.739 / 0.746 as the extractor
                          # stood; 0.784 / 0.749 after a reading of the form written blind); reached 0.926 / 0.870
                          # (left: a child told in steps beside two more children counted afresh, antibodies given
                          # "in Patient 1 and in Patients 2 and 3", outcome classes its writers judged otherwise)
                          ("unseen_25", 0.92, 0.86),
                          # the twenty-sixth blind set (50 journal abstracts as PubMed prints them), tuned on since its
                          # first score (0.969 / 0.862 as the extractor stood; 0.961 / 0.858 after a reading of the
                          # form written blind); reached 0.992 / 0.972 (left: four patients told apart only by what
                          # they had, a group's outcome that later sentences give out to unnamed members, outcome
                          # classes its writers judged otherwise, a CK printed in mg/dL)
                          ("unseen_26", 0.98, 0.95),
                          # the twenty-seventh blind set (40 pieces of journal correspondence: letters that answer
                          # another article, replies, research letters, images with their legends), tuned on since its
                          # first score (0.819 / 0.808 as the extractor stood; 0.853 / 0.815 after a reading of the
                          # form written blind); reached 0.973 / 0.960 (left: patients told apart only by what they
                          # had, outcome classes its writers judged otherwise, "anti-RNP/Sm" labelled anti-U1-RNP)
                          ("unseen_27", 0.97, 0.95),
                          # the twenty-eighth blind set (45 meeting abstracts and posters as congress supplements
                          # print them), tuned on since its first score (0.951 / 0.880, the same with and without a
                          # reading of the form written blind); reached 0.982 / 0.920 (left: one numbered case of a
                          # counted series, whose other four the labellers of this source's retellings split on;
                          # patients named together in a joint heading; outcome classes its writers judged
                          # otherwise; a CK printed in mg/dL; ages keyed to numbered cases in one sentence)
                          ("unseen_28", 0.97, 0.90),
                          # the twenty-ninth blind set (42 case reports in other specialties' journals: radiology,
                          # pathology, dermatology, cardiology, pulmonology, critical care, rehabilitation), tuned on
                          # since its first score (0.954 / 0.813 as the extractor stood; 0.955 / 0.825 after a reading
                          # of the form written blind); reached 0.975 / 0.896 (left: one numbered case of a counted
                          # series, as in the twenty-eighth; ages and sexes listed in one sentence for cases numbered
                          # later; a CK told through "it"; outcome classes its writers judged otherwise). Not in
                          # TUNED_PARTS: two texts count more patients than they tell
                          ("unseen_29", 0.97, 0.88),
                          # the thirtieth blind set (38 clinicopathological conferences and grand rounds: speakers
                          # named, a discussant's differential, slides, questions from the floor), tuned on since
                          # its first score (0.895 / 0.752 as the extractor stood; 0.906 / 0.734 after a reading of
                          # the form written blind); reached 0.966 / 0.868 (left: a series told only as a group whose
                          # narrative sentences name nobody; values keyed "for Patient 2" inside one sentence; an
                          # index patient before "the first girl"; outcome classes its writers judged otherwise).
                          # Not in TUNED_PARTS: one text counts five patients and tells one
                          ("unseen_30", 0.96, 0.86),
                          # the thirty-first blind set (39 nursing and allied-health case studies: care plans, the
                          # risks a team watches for, goals, what the family is taught), tuned on since its first
                          # score (0.939 / 0.943, the same before and after a reading of the form written blind);
                          # reached 0.985 / 0.998 (left: drugs whose recipients a pair's text does not name, interim
                          # responses read as outcomes, an "RNP/Sm" result its writers judged otherwise)
                          ("unseen_31", 0.98, 0.99),
                          # the thirty-second blind set (37 accounts by patients and parents in their own words beside
                          # a clinician's commentary: a relative's illness, a classmate, what the family feared or
                          # read), tuned on since its first score (0.960 / 0.911, the same before and after a reading
                          # of the form written blind); reached 0.978 / 0.947 (left: a colon-keyed list of onset ages,
                          # a dose stated beside durations given "respectively", interim responses read as outcomes,
                          # outcome classes its writers judged otherwise)
                          ("unseen_32", 0.97, 0.94),
                          # the thirty-third blind set (40 structured case reports in the CARE format: numbered
                          # sections, timeline tables, a patient's perspective, a consent line), tuned on since its
                          # first score (0.953 / 0.955 before a reading of the form written blind, 0.951 / 0.962 after
                          # it); reached 0.972 / 0.981 (left: an interim response read as the outcome, a table split by
                          # a wrapped cell, outcome classes and an ethnicity its writers judged otherwise)
                          ("unseen_33", 0.97, 0.98),
                          # the thirty-fourth blind set (35 follow-up reports: the first presentation as reported
                          # before, then the later course; an earlier report cited as "[1]", summaries keyed to
                          # patients in brackets), tuned on since its first score (0.950 / 0.913, the same before and
                          # after a reading of the form written blind); reached 0.983 / 0.981 (left: a dose "planned",
                          # a transplant's conditioning drugs, outcome classes its writers judged otherwise)
                          ("unseen_34", 0.98, 0.97),
                          # the thirty-fifth blind set (41 clinical quizzes and image challenges: a vignette, figure
                          # legends, lettered answers, then the answers and the course), tuned on since its first
                          # score (0.878 / 0.878 before a reading of the form written blind, 0.878 / 0.880 after it);
                          # reached 0.949 / 0.921 (left: a quiz on one patient whose similar cases are numbered only
                          # later, a transplant's conditioning, outcome classes its writers judged otherwise). Not in
                          # TUNED_PARTS: one text counts three patients and tells one
                          ("unseen_35", 0.94, 0.92),
                          # the thirty-sixth blind set (42 texts of hospital correspondence: discharge summaries,
                          # referral and clinic letters, several about one child), tuned on since its first score
                          # (0.905 / 0.732 before a reading of the form written blind, 0.850 / 0.726 after it);
                          # reached 0.936 / 0.920 (left: outcome classes its writers judged otherwise, onset ages
                          # written "at the age of 2 years 9 months", a drug named only in a later letter's list)
                          ("unseen_36", 0.93, 0.91),
                          # the thirty-seventh blind set (42 texts of multidisciplinary team meeting minutes: agenda
                          # items per child, updates at later meetings, options and decisions), tuned on since its
                          # first score (0.960 / 0.539 before a reading of the form written blind, 0.961 / 0.556 after
                          # it); reached 0.967 / 0.913 (left: a minutes' remark on "children with" the disease that
                          # empties one child's record, outcomes told for two children at once, classes judged otherwise)
                          ("unseen_37", 0.96, 0.91),
                          # the thirty-eighth blind set (42 registry case report forms exported to text: tick boxes,
                          # answer grids, coded answers, variable names, treatment logs), tuned on since its first
                          # score (0.441 / 0.332 before a reading of the form written blind, 0.585 / 0.389 after it);
                          # reached 0.802 / 0.538 in one round (left: records split or merged in six texts, treatment
                          # logs and visit tables in other layouts, doses, outcomes coded in a database's words)
                          ("unseen_38", 0.80, 0.53),
                          # the thirty-ninth, bilingual records (only the English part labelled), first score 0.938 /
                          # 0.839 (0.931 / 0.635 before a reading of other languages' parts written blind); 0.978 /
                          # 0.911 after one round (left: a table's row per course, doses in series, outcomes)
                          ("unseen_39", 0.97, 0.90)])
def test_corpus_precision_and_recall_stay_above_their_floor(part, precision, recall):
    from imnm.literature.extract_scoring import load_corpus, score_corpus

    items = load_corpus(CORPUS, part=part)
    assert len(items) >= 7
    score = score_corpus(items)
    assert score.precision() >= precision, score.errors
    assert score.recall() >= recall, score.errors


#: Parts the extractor has been tuned on (each has a floor above). A blind part scored once and not yet
#: answered by a round (today "unseen_4b" and "unseen_9") is measured by bench_extraction.py, not held here.
TUNED_PARTS = ("tuning", "held_out", "unseen", "unseen_2", "unseen_3", "unseen_4", "unseen_5", "unseen_6", "unseen_7",
               "unseen_8", "unseen_10", "unseen_11", "unseen_12", "unseen_13", "unseen_14",
               "unseen_15", "unseen_16", "unseen_17", "unseen_18", "unseen_19", "unseen_20", "unseen_21", "unseen_22",
               "unseen_23", "unseen_25", "unseen_26", "unseen_27", "unseen_31", "unseen_32",
               "unseen_33", "unseen_34", "unseen_36", "unseen_37")


@pytest.mark.parametrize("part", TUNED_PARTS)
def test_every_corpus_text_gives_one_record_per_expected_patient(part):
    from imnm.literature.extract import extract_cases
    from imnm.literature.extract_scoring import load_corpus

    wrong = [f"{name}: {len(extract_cases(text))} records for {len(expected['patients'])} patients"
             for name, text, expected in load_corpus(CORPUS, part=part)
             if len(extract_cases(text)) != len(expected["patients"])]
    assert wrong == []


def test_corpus_has_the_size_the_issue_asks():
    from imnm.literature.extract_scoring import load_corpus

    items = load_corpus(CORPUS)
    assert len(items) >= 15 and sum(len(e["patients"]) for _, _, e in items) >= 25


# --- the command ---------------------------------------------------------------------------------------------


def test_extract_command_prints_export_keys_with_evidence(tmp_path):
    import json

    from typer.testing import CliRunner

    from imnm.cli import app

    report = tmp_path / "case.txt"
    report.write_text("A 9-year-old girl had CK 9,000 U/L and no rash.", encoding="utf-8")
    result = CliRunner().invoke(app, ["literature", "extract", str(report), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["ck_iu_l"] == 9000 and rows[0]["evidence"]["ck_iu_l"][0]["text"] == "CK 9,000 U/L"
    assert set(Case().export_record()) <= set(rows[0])
    text = CliRunner().invoke(app, ["literature", "extract", str(report), "--format", "text"])
    assert "ck_iu_l: 9000" in text.stdout


def test_extract_command_needs_a_file_or_included():
    from typer.testing import CliRunner

    from imnm.cli import app

    result = CliRunner().invoke(app, ["literature", "extract"])
    assert result.exit_code == 2


@pytest.mark.parametrize("text", [
    "An invented group of adults had their grip strength measured before and after stopping a statin.",
    "Myositis-specific antibodies define clinical subgroups of juvenile myositis.",
])
def test_a_text_that_describes_no_patient_gives_no_record(text):
    from imnm.literature.extract import extract_cases

    assert extract_cases(text) == []


# --- causes of misses on the unseen held-out set (each general, each with its own invented sentence) ---------


@pytest.mark.parametrize(("text", "age"), [
    ("A boy developed proximal weakness and a rash at the age of 9. CK was 8000 U/L.", 9.0),
    ("A 20-year-old woman could not walk. She had been well until, at age 11, running became difficult.", 11.0),
])
def test_onset_phrased_at_the_age_of_gives_the_age(text, age):
    assert extract_cases(text)[0].record["age_years"] == age


def test_an_ethnicity_before_a_plural_noun_qualifies_every_patient():
    cases = extract_cases("We treated two Korean boys with juvenile dermatomyositis. Both boys had Gottron's papules.")
    assert [c.record["ethnicity"] for c in cases] == ["Korean", "Korean"]


def test_a_drug_that_could_be_withdrawn_is_a_fact_not_a_hypothesis():
    [case] = extract_cases("A 7-year-old girl went into remission and prednisolone could be withdrawn.")
    assert case.record["outcome_class"] == "remission" and case.record["treatments"] == ["glucocorticoids"]


@pytest.mark.parametrize(("words", "field", "value"), [
    ("hair loss", "features", "alopecia"),
    ("periungual telangiectasia", "features", "periungual_capillaries"),
    ("interstitial changes on chest CT", "features", "interstitial_lung_disease"),
    ("choked when drinking", "features", "dysphagia"),
])
def test_lexicon_words_met_in_case_reports(words, field, value):
    [case] = extract_cases(f"A 10-year-old girl had weakness and {words}.")
    assert value in case.record[field]


@pytest.mark.parametrize(("sentence", "outcome"), [
    ("With immunotherapy she regained the ability to walk.", "marked_improvement"),
    ("Her strength began to improve after five months.", "improvement"),
])
def test_outcome_phrases_met_in_case_reports(sentence, outcome):
    [case] = extract_cases(f"A 10-year-old girl had proximal weakness. {sentence}")
    assert case.record["outcome_class"] == outcome


def test_coordinated_antibodies_share_the_result_stated_after_them():
    [case] = extract_cases("A 9-year-old boy had weakness. Anti-SRP54 and anti-Ro52 antibodies were positive.")
    assert case.record["antibodies"] == {"srp": "positive", "ro52": "positive"}


def test_a_patient_who_carried_an_antibody_is_positive_for_it():
    [case] = extract_cases("A 9-year-old boy had weakness and carried anti-HMGCR antibodies.")
    assert case.record["antibodies"] == {"hmgcr": "positive"}


@pytest.mark.parametrize("sentence", ["The echocardiogram was normal.", "Echocardiography was unremarkable.",
                                      "Gene panels were normal, and so was the echocardiogram."])
def test_a_normal_echocardiogram_records_cardiac_involvement_as_absent(sentence):
    [case] = extract_cases(f"A 7-year-old boy had weakness. {sentence}")
    assert case.record["features_absent"] == ["cardiac"]


def test_an_abnormal_echocardiogram_is_not_read_as_normal():
    [case] = extract_cases("A 7-year-old boy had weakness. The echocardiogram was abnormal, though CK was normal.")
    assert "cardiac" not in case.record["features_absent"]


def test_a_negation_of_another_finding_does_not_reach_a_later_antibody():
    [case] = extract_cases("Dermatomyositis without skin lesions and anti-NXP2 antibodies. A 5-year-old boy had weakness. "
                           "The panel was positive for anti-NXP2.")
    assert case.record["antibodies"] == {"nxp2": "positive"}
    [case] = extract_cases("A 5-year-old boy had weakness, without anti-NXP2 antibodies.")
    assert case.record["antibodies"] == {"nxp2": "negative"}


def test_a_text_the_extractor_fails_on_gives_one_flagged_empty_candidate(monkeypatch):
    import imnm.literature.extract_patterns as patterns
    from imnm.literature.extract import extract_cases
    from imnm.literature.extract_patterns import describes_a_patient

    def broken(text, *, source=None):
        raise AttributeError("'NoneType' object has no attribute 'start'")

    monkeypatch.setattr(patterns, "extract", broken)
    (case,) = extract_cases("A girl of 9 had JDM.", source="PMID 1")
    assert case.source == "PMID 1" and not describes_a_patient(case)
    assert case.review_flags == [("unverified: extraction: the extractor failed on this text (AttributeError: "
                                  "'NoneType' object has no attribute 'start'); nothing was read: a person must read "
                                  "it")]
