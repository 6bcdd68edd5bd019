"""Cohort statistics: exact intervals pinned to closed forms, counts pinned to the seed's table."""

import math

import pytest

from imnm.cohort.dataset import load_cohort
from imnm.cohort.statistics import exact_proportion, summarise


def test_clopper_pearson_closed_forms():
    # k = 0: upper bound is 1 - (alpha/2)^(1/n); k = n: lower bound is (alpha/2)^(1/n)
    p = exact_proportion(0, 21)
    assert p.low == 0 and math.isclose(p.high, 1 - 0.025 ** (1 / 21), rel_tol=1e-9)
    q = exact_proportion(21, 21)
    assert q.high == 1 and math.isclose(q.low, 0.025 ** (1 / 21), rel_tol=1e-9)


def test_clopper_pearson_against_beta_quantiles():
    from scipy.stats import beta

    p = exact_proportion(10, 21)
    assert math.isclose(p.low, beta.ppf(0.025, 10, 12), rel_tol=1e-9)
    assert math.isclose(p.high, beta.ppf(0.975, 11, 11), rel_tol=1e-9)
    assert str(p) == "10/21 (47.6%, 95% CI 25.7-70.2)"


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5), (0, 0)])
def test_impossible_proportions_are_refused(k, n):
    with pytest.raises(ValueError):
        exact_proportion(k, n)


def test_summary_of_the_shipped_cohort():
    s = summarise(load_cohort())
    assert (s.n_records, s.n_patients, s.n_individual, s.n_aggregate_patients) == (24, 40, 21, 19)
    assert (s.sex["F"].k, s.sex["M"].k) == (20, 1)
    assert (s.age_years.median, s.age_years.minimum, s.age_years.maximum) == (11, 4, 17)
    assert (s.ck_iu_l.median, s.ck_iu_l.minimum, s.ck_iu_l.maximum) == (11426, 2467, 33000)
    counts = {k: v.k for k, v in s.features.items()}
    assert counts["dysphagia"] == 10 and counts["pulmonary"] == 8 and counts["cardiac"] == 2
    assert counts["arthritis"] == 4 and counts["raynaud"] == 3 and counts["cutaneous"] == 2
    drugs = {k: v.k for k, v in s.treatments.items()}
    assert drugs["glucocorticoids"] == 21 and drugs["ivig"] == 13 and drugs["rituximab"] == 7
    assert drugs["methotrexate"] == 12 and drugs["cyclophosphamide"] == 6
    outcomes = {k: v.k for k, v in s.outcomes.items()}
    assert outcomes == {"death": 0, "severe_impairment": 4, "mild_impairment": 2, "improvement": 5,
                        "marked_improvement": 10, "remission": 0, "unknown": 0}
    assert (s.good_outcome.k, s.good_outcome.n) == (10, 21)
    assert [a["id"] for a in s.aggregates] == ["rider-2013", "suzuki-2015", "kishi-2017"]


@pytest.mark.parametrize("n", [1, 2, 7, 21, 40, 333, 10_000, 100_000])
def test_clopper_pearson_equals_scipys_exact_interval(n):
    from scipy.stats import binomtest

    for k in sorted({0, 1, n // 3, n // 2, n - 1, n} - {-1}):
        p = exact_proportion(k, n)
        ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
        assert math.isclose(p.low, ci.low, rel_tol=1e-9, abs_tol=1e-12), (k, n)
        assert math.isclose(p.high, ci.high, rel_tol=1e-9, abs_tol=1e-12), (k, n)
        assert p.as_dict() == {**p.as_dict(), "ci95": [round(ci.low, 4), round(ci.high, 4)]}


def test_exact_intervals_do_not_need_scipy():
    import subprocess
    import sys

    code = ("import sys; from imnm.cohort.statistics import exact_proportion; exact_proportion(3, 21); "
            "print('scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
