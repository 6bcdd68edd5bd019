"""Patients like mine: explainable similarity, ranking, and a case never matching its own record."""

import pytest

from imnm.cohort.dataset import load_cohort
from imnm.cohort.similarity import most_similar, similarity
from imnm.model import Case


@pytest.fixture(scope="module")
def cohort():
    return load_cohort()


def by_id(cohort, case_id):
    return next(c for c in cohort if c.id == case_id)


def test_components_are_hand_computable(cohort):
    girl = by_id(cohort, "toledo-del-castillo-2024")
    zao = by_id(cohort, "zao-2017-3")
    m = similarity(girl, zao)
    comp = {c.feature: c.similarity for c in m.components}
    # age at onset 10 (Table 1; 11 was her age at presentation) vs 12: 1 - 2/18 = 0.8889; sex F = F: 1
    assert comp["age"] == pytest.approx(1 - 2 / 18)
    assert comp["sex"] == 1.0
    # CK 11 426 vs 13 265: 1 - |log10 ratio| / 1.5 = 1 - 0.0648/1.5
    assert comp["creatine_kinase"] == pytest.approx(0.95679, abs=1e-4)
    # antibodies srp+, ro52+ vs srp+ (by the review's inclusion criterion; ro52 not tested): compared on srp, 1
    assert comp["antibodies"] == 1.0
    # extramuscular {dysphagia} vs {dysphagia}: 1
    assert comp["extramuscular"] == 1.0
    # weighted mean, weights 1, 0.5, 1, 1, 1
    expected = (0.88889 + 0.5 * 1 + 0.95679 + 1.0 + 1.0) / 4.5
    assert m.similarity == pytest.approx(expected, abs=1e-4)


def test_ranking_and_self_exclusion(cohort):
    girl = by_id(cohort, "toledo-del-castillo-2024")
    result = most_similar(girl, cohort, k=5)
    ids = [m.case.id for m in result.matches]
    assert ids[0] == "zao-2017-3"
    assert "toledo-del-castillo-2024" not in ids
    assert result.excluded == [{"id": "toledo-del-castillo-2024", "article": "Toledo del Castillo et al, 2024",
                                "reason": "same id"}]
    sims = [m.similarity for m in result.matches]
    assert sims == sorted(sims, reverse=True)
    assert not any(m.case.aggregate for m in result.matches)
    assert any("inclusion criterion" in n for n in result.notes)


def test_same_patient_by_citation_or_duplicate_flag(cohort):
    local_copy = by_id(cohort, "toledo-del-castillo-2024").model_copy(update={"id": None, "source_kind": "local"})
    assert "toledo-del-castillo-2024" not in [m.case.id for m in most_similar(local_copy, cohort, 30).matches]
    kawabata = by_id(cohort, "kawabata-2012")
    res = most_similar(kawabata, cohort, 30)
    assert "monomura-2014" not in [m.case.id for m in res.matches]
    assert {e["id"] for e in res.excluded} == {"kawabata-2012", "monomura-2014"}


def test_unrecorded_features_are_not_compared():
    bare = Case(source_kind="local", age_years=9)
    other = Case(source_kind="local", age_years=9, sex="F")
    m = similarity(bare, other)
    assert [c.feature for c in m.components] == ["age", "extramuscular"]
    assert "sex" in m.excluded_features and "creatine_kinase" in m.excluded_features


def test_patients_of_one_article_sharing_a_doi_are_not_one_record():
    # A DOI names an article, not a patient: case 1 and case 2 of a three-case report are different children.
    from imnm.cohort.forecast import forecast
    from imnm.cohort.similarity import same_record

    def lit(label, age, ck, **kw):
        return Case(source_kind="literature", citation={"first_author": "Binns", "year": 2017, "doi": "10.1000/x.1"},
                    case_label=label, sex="F", age_years=age,
                    labs=[{"analyte": "creatine_kinase", "value": ck, "unit": "IU/L"}],
                    treatments=[{"drug": "glucocorticoids"}], **kw)

    a, b = lit("case 1 of 3", 14, 23111), lit("case 2 of 3", 13, 25937)
    assert same_record(a, b) is None
    assert same_record(a, a.model_copy(update={"id": None})) is not None  # the same row is still the same record
    single = Case(source_kind="literature", citation={"first_author": "Yi", "year": 2021, "doi": "10.1000/y"})
    assert same_record(single, single.model_copy()) == "same DOI"
    cohort = load_cohort()
    assert [m.case for m in most_similar(a, [b, *cohort], k=40).matches].count(b) == 1
    assert "same DOI" not in [e["reason"] for e in forecast(a, [b, *cohort]).excluded_from_training]
