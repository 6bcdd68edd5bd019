"""The 2016 ACR/EULAR Total Improvement Score: table lookups, arithmetic, thresholds, missing measures.

The level scores and thresholds are those of the criteria table (PMC5577002, Table 3); each example's
arithmetic is written beside it so that a wrong table entry or band edge makes a test fail.
"""

import pytest

from imnm.clinical.response import find_visit, total_improvement_score
from imnm.cohort.dataset import load_cohort
from imnm.knowledge.response import load_response_criteria
from imnm.model import InvalidInput, LabResult, Visit


def ck(value, uln=192):
    return LabResult(analyte="creatine_kinase", value=value, unit="U/L", reference_high=uln)


def test_criteria_file_is_consistent_and_cited():
    crit = load_response_criteria()
    assert sum(m.max_score for m in crit.measures.values()) == 100
    assert (crit.thresholds["juvenile"].minimal, crit.thresholds["juvenile"].moderate,
            crit.thresholds["juvenile"].major) == (30, 45, 70)
    assert (crit.thresholds["adult"].minimal, crit.thresholds["adult"].moderate,
            crit.thresholds["adult"].major) == (20, 40, 60)
    assert "Arthritis Rheumatol" in crit.citation("juvenile")
    assert "steroid-refractoriness definition" in crit.unverified


@pytest.mark.parametrize("pct, score", [(-10, 0), (5, 0), (5.01, 7.5), (15, 7.5), (25, 15), (40, 17.5), (40.01, 20)])
def test_physician_global_band_edges(pct, score):
    assert load_response_criteria().measures["physician_global_activity"].level_score(pct)[0] == score


@pytest.mark.parametrize("pct, score", [(2, 0), (2.1, 10), (10, 10), (20, 20), (30, 27.5), (31, 32.5)])
def test_strength_band_edges(pct, score):
    assert load_response_criteria().measures["muscle_strength"].level_score(pct)[0] == score


def test_full_core_set_hand_computed():
    base = Visit(label="b", physician_global_activity=6, patient_global_activity=5, mmt8=50, chaq=2.0,
                 extramuscular_activity=3, labs=[ck(5000)])
    follow = Visit(label="f", physician_global_activity=3, patient_global_activity=4, mmt8=62, chaq=1.4,
                   extramuscular_activity=2.5, labs=[ck(1000)])
    r = total_improvement_score(base, follow, "juvenile")
    by = {c.measure: c for c in r.contributions}
    # physician (6-3)/10 = 30%   -> >25-40  -> 17.5
    # patient   (5-4)/10 = 10%   -> >5-15   -> 2.5
    # MMT8      (62-50)/80 = 15% -> >10-20  -> 20
    # CHAQ      (2.0-1.4)/3 = 20%-> >15-25  -> 7.5
    # CK        (5000-1000)/5000 = 80% -> >40 -> 7.5
    # extramuscular (3-2.5)/10 = 5% -> worsening to 5% -> 0
    assert [by[m].score for m in ("physician_global_activity", "patient_global_activity", "muscle_strength",
                                  "physical_function", "muscle_enzyme", "extramuscular_activity")] == \
        [17.5, 2.5, 20, 7.5, 7.5, 0]
    assert by["physical_function"].percent_improvement == pytest.approx(20.0)
    assert r.total_improvement_score == 55.0
    assert r.complete
    assert r.category == "moderate"  # juvenile: 45 <= 55 < 70
    assert total_improvement_score(base, follow, "adult").category == "moderate"  # adult: 40 <= 55 < 60


def test_worsening_scores_zero_and_thresholds_differ_by_population():
    base = Visit(label="b", physician_global_activity=5, patient_global_activity=5, mmt8=60, chaq=1,
                 extramuscular_activity=2, labs=[ck(800)])
    follow = Visit(label="f", physician_global_activity=2.5, patient_global_activity=6, mmt8=58, chaq=1,
                   extramuscular_activity=2, labs=[ck(900)])
    r_j = total_improvement_score(base, follow, "juvenile")
    # physician 25% -> 15; everything else worsened or unchanged -> 0; TIS 15
    assert r_j.total_improvement_score == 15
    assert r_j.category == "none"
    base2 = base.model_copy(update={"mmt8": 60})
    follow2 = follow.model_copy(update={"mmt8": 64})  # +5% of 80 -> 10 points; TIS 25
    assert total_improvement_score(base2, follow2, "adult").category == "minimal"  # adult >= 20
    assert total_improvement_score(base2, follow2, "juvenile").category == "none"  # juvenile < 30


def test_most_abnormal_enzyme_is_scored():
    base = Visit(label="b", labs=[ck(1000, uln=200), LabResult(analyte="aldolase", value=75, unit="U/L",
                                                                reference_high=7.5)])
    follow = Visit(label="f", labs=[ck(200, uln=200), LabResult(analyte="aldolase", value=70, unit="U/L",
                                                                 reference_high=7.5)])
    enzyme = next(c for c in total_improvement_score(base, follow).contributions if c.measure == "muscle_enzyme")
    # aldolase 10x ULN is more abnormal than CK 5x ULN; (75-70)/75 = 6.7% -> 2.5
    assert enzyme.instrument == "aldolase"
    assert enzyme.score == 2.5


def test_index_case_cmas_gives_a_lower_bound():
    girl = next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")
    r = total_improvement_score(find_visit(girl, "diagnosis"), find_visit(girl, "2-year follow-up"))
    strength = next(c for c in r.contributions if c.measure == "muscle_strength")
    # CMAS 9 -> 45: 36/52 = 69.2% of the range -> > 30% -> 32.5 points; no other measure recorded
    assert strength.instrument == "cmas"
    assert strength.percent_improvement == pytest.approx(69.23, abs=0.01)
    assert r.total_improvement_score == 32.5
    assert not r.complete
    assert r.category == "minimal"
    assert r.statement.startswith("at least minimal improvement")


def test_bad_input_is_named():
    with pytest.raises(InvalidInput, match="population"):
        total_improvement_score(Visit(label="a"), Visit(label="b"), "elderly")
    with pytest.raises(InvalidInput, match="strength_instrument"):
        total_improvement_score(Visit(label="a"), Visit(label="b"), "adult", strength_instrument="cmas")
    girl = next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")
    with pytest.raises(InvalidInput, match="visit labels"):
        find_visit(girl, "month 6")
