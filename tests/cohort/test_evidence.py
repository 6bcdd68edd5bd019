"""Outcome cross-tabs on the shipped cohort: counts, exact intervals and Fisher's test pinned."""

import math

import pytest
from scipy.stats import fisher_exact

from imnm.cohort.dataset import load_cohort
from imnm.cohort.evidence import outcome_evidence


@pytest.fixture(scope="module")
def evidence():
    return outcome_evidence(load_cohort())


def table(evidence, name):
    return next(t for t in evidence["tables"] if t["name"] == name)


def test_sample_and_exclusions(evidence):
    assert evidence["n_cases"] == 21  # 20 Table 1 rows + the index case; 3 aggregate rows excluded
    assert evidence["excluded"]["aggregate_patients"] == 19  # 6 + 5 + 8
    assert evidence["good_outcome"]["k"] == 10
    # Clopper-Pearson 10/21
    assert evidence["good_outcome"]["ci95"] == pytest.approx([0.2571, 0.7022], abs=1e-4)
    assert "confounded" in evidence["caveat"]


def test_rituximab_table(evidence):
    t = table(evidence, "rituximab")
    rtx, no = t["groups"]
    # rituximab: Luca 2012, Binns 2017 x3, Yi 2021, Toledo 2024 good; Della Marina 2021 not -> 6/7
    assert (rtx["n"], rtx["good_outcome"]["k"]) == (7, 6)
    assert (no["n"], no["good_outcome"]["k"]) == (14, 4)
    assert t["fisher_exact_p"] == pytest.approx(fisher_exact([[6, 1], [4, 10]]).pvalue, abs=1e-4)
    assert t["fisher_exact_p"] == pytest.approx(0.0237, abs=1e-4)
    assert t["odds_ratio_ci95"][0] < t["odds_ratio"] < t["odds_ratio_ci95"][1]


def test_era_confounder_is_shown(evidence):
    era = table(evidence, "era")
    new, old = era["groups"]
    assert (new["good_outcome"]["k"], new["n"], old["good_outcome"]["k"], old["n"]) == (8, 10, 2, 11)


def test_every_split_accounts_for_every_case(evidence):
    for t in evidence["tables"]:
        assert sum(g["n"] for g in t["groups"]) + t["n_unclassified"] == 21


def test_ck_cut_point_is_the_seeds_greater_than_10000_from_the_rule_file():
    # The seed: "CK values greater than 10 000 IU/L"; a CK of exactly 10 000 is not above the threshold.
    from imnm.knowledge.criteria import suspicion_rule
    from imnm.model import Case

    def case(ck, outcome):
        return Case(labs=[{"analyte": "creatine_kinase", "value": ck, "unit": "IU/L"}],
                    outcome={"outcome_class": outcome})

    ev = outcome_evidence([case(10_000, "remission"), case(10_001, "death"), case(5_000, "death")])
    t = table(ev, "creatine_kinase")
    high, low = t["groups"]
    assert (high["n"], low["n"]) == (1, 2)
    assert high["label"] == "CK > 10,000" and "> 10,000" in t["question"]
    assert ev["cut_points"]["ck_iu_l"] == suspicion_rule().ck_threshold_iu_l


@pytest.mark.parametrize(("value", "text"), [(860.4, "860"), (7.6e2, "760"), (2.7e2, "270"), (8.64, "8.6"),
                                             (13.2, "13"), (0.0456, "0.046"), (0.032, "0.032"), (1.0, "1.0"),
                                             (0.0, "0"), (None, "inf"), (12345.0, "12000")])
def test_ratios_read_as_plain_numbers_never_in_exponent_notation(value, text):
    from imnm.cohort.evidence import format_ratio

    assert format_ratio(value) == text


def test_evidence_text_has_no_exponent_notation():
    import re

    from typer.testing import CliRunner

    from imnm.cli import app

    result = CliRunner().invoke(app, ["cohort", "evidence"])
    assert result.exit_code == 0, result.output
    assert "odds ratio" in result.stdout
    assert not re.search(r"\de[+-]\d", result.stdout), result.stdout


@pytest.mark.parametrize("table", [[[7, 2], [5, 6]], [[0, 4], [3, 9]], [[5, 0], [2, 7]], [[1, 1], [1, 1]],
                                   [[12, 3], [4, 1]], [[0, 0], [3, 4]], [[3, 0], [4, 0]], [[0, 3], [4, 0]], [[300, 200], [150, 250]], [[2000, 1500], [3000, 2500]]])
def test_odds_ratio_interval_equals_scipys_exact_conditional_interval(table):
    from scipy.stats.contingency import odds_ratio

    from imnm.cohort.evidence import conditional_odds_ratio_ci

    expected = odds_ratio(table, kind="conditional").confidence_interval(confidence_level=0.95)
    low, high = conditional_odds_ratio_ci(table)
    for mine, theirs in ((low, expected.low), (high, expected.high)):
        assert mine == theirs or math.isclose(mine, theirs, rel_tol=1e-8), (table, low, high, expected)


def test_odds_ratio_interval_of_large_tables_is_quick():
    import time

    from imnm.cohort.evidence import conditional_odds_ratio_ci

    start = time.process_time()
    low, high = conditional_odds_ratio_ci([[20000, 15000], [30000, 25000]])
    assert time.process_time() - start < 1.0
    assert 1.0 < low < 1.111 < high < 1.2  # around the conditional estimate 1.111
