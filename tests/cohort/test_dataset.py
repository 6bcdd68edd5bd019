"""The shipped cohort is the seed's Table 1: rows pinned against the letter, totals reconciled."""

from collections import Counter

import pytest

from imnm.cohort.dataset import SEED_REPORTED_CASES, load_cohort, parse_dataset, patient_count
from imnm.model import AntibodyResult, Antigen, Drug, InvalidInput, OutcomeClass

# The seed letter's Table 1 as printed (An Pediatr 2024), figures only, one entry per row in the
# table's order: first author, year, CK (IU/L) and aldolase (IU/L) where printed, None where not.
# Group rows print no single CK (Rider 2013 prints the range 9111-22 857; see test_aggregate_rows).
TABLE_1 = [
    ("Rider", 1994, 8316, 89), ("Suzuki", 2008, 4180, None),
    ("Rouster-Stevens", 2008, 22155, None), ("Rouster-Stevens", 2008, 22857, None),
    ("Rouster-Stevens", 2008, 33000, None), ("Takada", 2009, 6543, None),
    ("Suzuki", 2011, 4629, None), ("Suzuki", 2011, 2467, None), ("Kawabata", 2012, 20375, 236),
    ("Luca", 2012, 8825, None), ("Rider", 2013, None, None), ("Monomura", 2014, 20375, 263),
    ("Suzuki", 2015, None, None), ("Kobayashi", 2016, 5896, 63.9), ("Zao", 2017, 4020, None),
    ("Zao", 2017, 4660, None), ("Zao", 2017, 13265, None), ("Binns", 2017, 23111, None),
    ("Binns", 2017, 25937, None), ("Binns", 2017, 19808, None), ("Kishi", 2017, None, None),
    ("Yi", 2021, 28819, None), ("Della Marina", 2021, 10710, 127), ("Toledo del Castillo", 2024, 11426, 94.2),
]

# The project's VOCABULARY document: outcome classes and treatment classes (drug classes as counted
# in Table 1). The package's enums are its copy of that document.
VOCABULARY_OUTCOMES = ["death", "severe_impairment", "mild_impairment", "improvement", "marked_improvement",
                       "remission", "unknown"]
VOCABULARY_TREATMENTS = ["glucocorticoids", "methotrexate", "ivig", "scig", "rituximab", "cyclophosphamide",
                         "tacrolimus", "mycophenolate", "ciclosporin", "azathioprine", "hydroxychloroquine",
                         "infliximab", "plasmapheresis", "leflunomide", "abatacept"]


@pytest.fixture(scope="module")
def cohort():
    return {c.id: c for c in load_cohort()}


def _lab(case, analyte: str):
    values = [lab.value for lab in case.labs if lab.analyte.value == analyte]
    assert len(values) <= 1, (case.id, analyte, values)
    return values[0] if values else None


def test_case_count_reconciles_with_the_letters_40(cohort):
    cases = list(cohort.values())
    individual = [c for c in cases if not c.aggregate]
    aggregates = {c.id: c.n_cases for c in cases if c.aggregate}
    # 20 individually described published patients + the letter's own patient ...
    assert len(individual) == 21
    # ... + three rows that summarise groups: Rider 2013 (6), Suzuki 2015 (5), Kishi 2017 (8)
    assert aggregates == {"rider-2013": 6, "suzuki-2015": 5, "kishi-2017": 8}
    assert 21 + 6 + 5 + 8 == SEED_REPORTED_CASES == patient_count(cases) == 40


def test_suzuki_2015_mismatch_is_documented_not_hidden(cohort):
    (flag,) = cohort["suzuki-2015"].review_flags
    assert flag.kind == "inconsistency" and flag.alternative == "8"
    assert "5 cases" in flag.source_value and "8 patients" in flag.source_value


def test_rouster_stevens_2008_case_3(cohort):
    c = cohort["rouster-stevens-2008-3"]
    assert (c.sex.value, c.age_years, c.ethnicity) == ("F", 11, "African American")
    assert c.ck_iu_l == 33000
    assert {"dysphagia", "lvh", "cardiac"} <= {f.value for f in c.features_present}
    assert [d.value for d in c.drugs] == [
        "glucocorticoids", "methotrexate", "ivig", "mycophenolate", "ciclosporin", "azathioprine", "infliximab"
    ]
    assert len(c.drugs) == 7
    assert c.outcome_class is OutcomeClass.mild_impairment
    assert c.outcome.outcome_text == "Mild mobility impairment"


def test_index_case_in_full(cohort):
    c = cohort["toledo-del-castillo-2024"]
    assert (c.weight_kg, c.body_surface_area_m2) == (52, 1.51)
    ck = c.lab("creatine_kinase")
    assert (ck.value, ck.unit, ck.reference_low, ck.reference_high) == (11426, "U/L", 26, 192)
    assert c.lab("aldolase").value == 94.2 and c.lab("aldolase").reference_high == 7.5
    assert c.lab("lactate_dehydrogenase").value == 1513
    assert c.lab("alanine_aminotransferase").value == 137
    assert c.lab("aspartate_aminotransferase").value == 193
    assert c.antibody(Antigen.srp) is AntibodyResult.positive
    assert c.antibody(Antigen.ro52) is AntibodyResult.positive
    biopsy = c.findings.muscle_biopsy
    assert (biopsy.necrosis, biopsy.regeneration, biopsy.hla_class_i, biopsy.p62) == (True, True, "focal", "present")
    assert [v.cmas for v in c.visits if v.cmas is not None] == [9, 45]
    assert [v.months_from_diagnosis for v in c.visits] == [0, None, None, 24]
    mtx = next(t for t in c.treatments if t.drug.value == "methotrexate")
    assert (mtx.dose, mtx.dose_unit, mtx.dose_given) == (6.6, "mg/m2", 10)
    rtx = next(t for t in c.treatments if t.drug.value == "rituximab")
    assert (rtx.dose, rtx.dose_unit, rtx.dose_given, rtx.n_doses, rtx.interval_days) == (375, "mg/m2", 500, 2, 15)
    assert {w.item for w in c.workup} >= {"echocardiography", "spirometry", "swallow_study"}
    assert c.outcome_class is OutcomeClass.marked_improvement
    assert any(f.field == "age_years" and f.alternative == "10" for f in c.review_flags)


def test_every_ck_and_aldolase_value_is_the_one_printed_in_table_1(cohort):
    """Row for row, the data's CK and aldolase are the letter's figures: none missing, none extra."""
    rows = [(c.citation.first_author, c.citation.year, _lab(c, "creatine_kinase"), _lab(c, "aldolase"))
            for c in cohort.values()]
    assert Counter(rows) == Counter(TABLE_1)


def test_every_first_author_is_in_the_seed_table(cohort):
    assert {(c.citation.first_author, c.citation.year) for c in cohort.values()} == {
        (author, year) for author, year, _, _ in TABLE_1}


def test_possible_duplicate_pair_is_flagged_both_ways(cohort):
    k, m = cohort["kawabata-2012"], cohort["monomura-2014"]
    assert k.ck_iu_l == m.ck_iu_l == 20375
    assert (k.aldolase_iu_l, m.aldolase_iu_l) == (236, 263)
    assert k.review_flags[0].alternative == "monomura-2014" and m.review_flags[0].alternative == "kawabata-2012"


def test_suspect_ivig_unit_kept_as_printed(cohort):
    for i in (1, 2, 3):
        c = cohort[f"zao-2017-{i}"]
        ivig = c.treatments[0]
        assert (ivig.dose, ivig.dose_unit) == (0.4, "mg/kg")
        assert any(f.kind == "suspect_unit" and f.alternative == "0.4 g/kg" for f in c.review_flags)


def test_outcome_classes(cohort):
    expected = {
        "rider-1994": "improvement", "suzuki-2008": "improvement", "rouster-stevens-2008-1": "severe_impairment",
        "rouster-stevens-2008-2": "severe_impairment", "takada-2009": "improvement",
        "suzuki-2011-1": "severe_impairment", "suzuki-2011-2": "severe_impairment",
        "kawabata-2012": "mild_impairment", "luca-2012": "marked_improvement", "monomura-2014": "marked_improvement",
        "kobayashi-2016": "improvement", "binns-2017-1": "marked_improvement", "yi-2021": "marked_improvement",
        "della-marina-2021": "improvement", "rider-2013": "unknown", "kishi-2017": "unknown",
    }
    assert {k: cohort[k].outcome_class.value for k in expected} == expected


def test_aggregate_rows_keep_their_ranges(cohort):
    s = cohort["rider-2013"].aggregate_summary
    assert (s.n_female, s.n_male, s.age_min_years, s.age_max_years) == (4, 2, 11.6, 16.1)
    assert (s.ck_min_iu_l, s.ck_max_iu_l) == (9111, 22857)
    assert {k.value: v for k, v in s.feature_percent.items()} == {
        "dysphagia": 50, "pulmonary": 83, "cardiac": 50, "cutaneous": 66}
    k = cohort["kishi-2017"].aggregate_summary
    assert (k.age_min_years, k.age_max_years) == (10.7, 16)


def test_names_are_those_of_the_vocabulary(cohort):
    assert [o.value for o in OutcomeClass] == VOCABULARY_OUTCOMES
    assert [d.value for d in Drug] == VOCABULARY_TREATMENTS
    for case in cohort.values():
        record = case.export_record()
        assert record["outcome_class"] in VOCABULARY_OUTCOMES, case.id
        assert set(record["treatments"]) <= set(VOCABULARY_TREATMENTS), case.id


def test_a_bad_dataset_is_rejected_whole_with_every_problem():
    bad = """
cohort_version: x
cases:
  - {id: a, source_kind: local, age_years: 250}
  - {id: b, source_kind: local, treatments: [{drug: unobtainium}]}
  - {id: c, source_kind: local}
"""
    with pytest.raises(InvalidInput) as info:
        parse_dataset(bad, source="bad.yaml")
    assert len(info.value.problems) == 2
    assert info.value.problems[0].startswith("cases[0] (a).age_years: got 250")
    assert info.value.problems[1].startswith("cases[1] (b).treatments[0].drug")
