"""EULAR/ACR 2017, ENMC 2017 and the seed's rule on the index case and on edge cases."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imnm.clinical.criteria import agreement, enmc, eular_acr, suspect_imnm
from imnm.knowledge.criteria import eular_acr_2017
from imnm.model import Case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "index_case.json"


def index_case(**changes) -> Case:
    data = json.loads(EXAMPLE.read_text())
    for key, value in changes.items():
        data[key] = value
    return Case.model_validate(data)


def test_published_weights():
    d = eular_acr_2017()
    w = {i.id: (i.without_biopsy, i.with_biopsy) for i in d.items}
    assert w["heliotrope_rash"] == (3.1, 3.2)
    assert w["gottron_sign"] == (3.3, 3.7)
    assert w["anti_jo1"] == (3.9, 3.8)
    assert w["muscle_enzymes_elevated"] == (1.3, 1.4)
    assert w["proximal_weakness_lower"] == (0.8, 0.5)
    assert w["rimmed_vacuoles"] == (None, 3.1)
    assert w["age_onset_40_plus"] == (2.1, 2.2)


@pytest.mark.parametrize("intercept_key, cuts", [("without_biopsy_intercept", (5.3, 5.5, 7.5)),
                                                 ("with_biopsy_intercept", (6.5, 6.7, 8.7))])
def test_logistic_intercepts_reproduce_published_cutoffs(intercept_key, cuts):
    import math
    b = getattr(eular_acr_2017().probability, intercept_key)
    p = [1 / (1 + math.exp(b - s)) for s in cuts]
    assert p[0] == pytest.approx(0.50, abs=0.01)
    assert p[1] == pytest.approx(0.55, abs=0.01)
    assert p[2] == pytest.approx(0.90, abs=0.01)


def test_index_case_scores_low_on_eular_acr():
    r = eular_acr(index_case())
    # with biopsy: proximal upper 0.7 + lower 0.5 + dysphagia 0.6 + enzymes 1.4 = 3.2
    assert r.with_biopsy and r.score == 3.2
    # without biopsy: 0.7 + 0.8 + 0.7 + 1.3 = 3.5
    assert r.score_without_biopsy == 3.5
    assert r.category == "not_iim" and r.probability < 0.05
    assert r.subclass is None and "juvenile myositis other than JDM" in r.subclass_branch


def test_jdm_with_rash_is_definite_and_juvenile_dm():
    case = index_case(examination={"proximal_weakness_upper_limbs": True, "proximal_weakness_lower_limbs": True,
                                   "heliotrope_rash": True, "gottron_papules": True},
                      findings={})
    r = eular_acr(case)
    # 0.7 + 0.8 + 3.1 + 2.1 + 0.7 (dysphagia, from features) + 1.3 (enzymes) = 8.7 without biopsy -> definite
    assert r.score == 8.7 and r.category == "definite" and r.subclass == "juvenile dermatomyositis"


def test_index_case_is_anti_srp_imnm_by_enmc():
    r = enmc(index_case())
    assert r.subtype == "anti_srp_imnm" and not r.missing and len(r.met) == 3
    sup = {s.id: s.status for s in r.supportive}
    assert sup == {"hla_class_i": "met", "mac": "missing", "p62": "met"}


def test_enmc_missing_and_contradicted():
    case = index_case(antibodies=[{"antigen": "srp", "result": "negative"}])
    r = enmc(case)
    assert r.subtype is None
    srp = next(s for s in r.subtypes if s.id == "anti_srp_imnm")
    assert {q.id: q.status for q in srp.requirements}["anti_srp_positive"] == "contradicted"
    neg = next(s for s in r.subtypes if s.id == "antibody_negative_imnm")
    assert {q.id: q.status for q in neg.requirements}["anti_srp_and_hmgcr_negative"] == "missing"  # HMGCR not tested


def test_seed_suspicion_rule_on_the_index_case():
    r = suspect_imnm(index_case())
    assert r.value and r.status == "suspect_imnm"
    assert any("11426 IU/L > 10000 IU/L" in x for x in r.reasons)


def test_suspicion_rule_not_met_below_10000():
    labs = [{"analyte": "creatine_kinase", "value": 9000, "unit": "U/L", "reference_high": 192}]
    r = suspect_imnm(index_case(labs=labs))
    assert not r.value and r.status == "not_suspected"


def test_disagreement_is_explained():
    case = index_case()
    notes = agreement(eular_acr(case), enmc(case))
    assert notes and "criteria disagree" in notes[0] and "anti-Jo-1" in notes[0]


@settings(max_examples=80, deadline=None)
@given(
    age=st.one_of(st.none(), st.floats(0, 90)),
    flags=st.lists(st.one_of(st.none(), st.booleans()), min_size=7, max_size=7),
    ck=st.floats(0, 100000),
    srp=st.sampled_from(["positive", "negative", "not_tested"]),
)
def test_no_valid_case_crashes_the_criteria(age, flags, ck, srp):
    names = ["proximal_weakness_upper_limbs", "proximal_weakness_lower_limbs", "neck_flexors_weaker_than_extensors",
             "legs_proximal_weaker_than_distal", "heliotrope_rash", "gottron_papules", "gottron_sign"]
    case = Case.model_validate({
        "source_kind": "local", "age_years": age, "examination": dict(zip(names, flags)),
        "labs": [{"analyte": "creatine_kinase", "value": ck, "unit": "U/L", "reference_high": 192}],
        "antibodies": [{"antigen": "srp", "result": srp}],
    })
    e, n, s = eular_acr(case), enmc(case), suspect_imnm(case)
    assert 0 <= e.probability <= 1 and e.category in {"definite", "probable", "possible", "not_iim"}
    assert s.status in {"suspect_imnm", "not_suspected", "incomplete"}
    assert isinstance(agreement(e, n), list)
