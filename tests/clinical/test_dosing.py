"""Dosing reproduces the seed's arithmetic and applies cited caps and local rounding, showing its work."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imnm.clinical.dosing import (
    compute_dose,
    dose_for_course,
    normalise_absolute_dose,
    regimen_doses,
    round_to_step,
)
from imnm.model import TreatmentCourse


def course(**kw):
    return TreatmentCourse(**kw)


def test_seed_methotrexate_6_6_mg_m2_is_10_mg():
    d = dose_for_course(course(drug="methotrexate", dose=6.6, dose_unit="mg/m2", frequency="weekly"), 52, 1.51)
    assert d.dose == 10 and d.unit == "mg"
    assert "6.6 mg/m2/week x 1.51 m2 = 9.966 mg" in d.calculation


def test_seed_rituximab_375_mg_m2_is_566_mg_and_500_given():
    d = dose_for_course(course(drug="rituximab", dose=375, dose_unit="mg/m2", dose_given=500, dose_given_unit="mg"),
                        52, 1.51)
    assert d.dose == 566 and d.raw_dose == pytest.approx(566.25)
    assert d.given == 500 and "given 500 mg" in d.given_note and "88%" in d.given_note


def test_seed_ivig_1_g_kg_is_52_g():
    d = dose_for_course(course(drug="ivig", dose=1, dose_unit="g/kg"), 52, 1.51)
    assert (d.dose, d.unit) == (52, "g")
    assert d.calculation == "1 g/kg x 52 kg = 52 g"


def test_seed_methylprednisolone_125_mg_is_2_4_mg_kg():
    n = normalise_absolute_dose(course(drug="methylprednisolone", agent="methylprednisolone", dose=125,
                                       dose_unit="mg", frequency="daily"), 52, 1.51)
    assert n.dose_per_kg == 2.4
    assert "125 mg/day / 52 kg = 2.4 mg/kg/day" in n.calculation


def test_absolute_course_is_not_a_computed_dose():
    assert dose_for_course(course(drug="methotrexate", dose=5, dose_unit="mg"), 52, 1.51) is None


def test_cap_applied_and_shown():
    d = compute_dose("glucocorticoids", 30, "mg/kg", weight_kg=52, cap=1000)
    assert d.dose == 1000 and d.cap_applied and "capped at 1000 mg" in d.calculation


def test_share_methotrexate_regimen_for_the_seed_patient():
    # SHARE 2017: 15-20 mg/m2/week, max 40 mg/week
    mtx = next(r for r in regimen_doses(52, 1.51) if r.regimen_id == "methotrexate_share")
    assert (mtx.dose, mtx.dose_high, mtx.verified) == (22.5, 30, True)
    big = next(r for r in regimen_doses(120, 2.3) if r.regimen_id == "methotrexate_share")
    assert big.dose_high == 40  # 20 x 2.3 = 46 mg, capped at the SHARE maximum


def test_unverified_regimens_say_so():
    for r in regimen_doses(52, 1.51):
        if not r.verified:
            assert r.dose is None or "UNVERIFIED" in r.calculation


def test_rim_band_by_bsa():
    small = next(r for r in regimen_doses(30, 1.0) if r.regimen_id == "rituximab_rim_paediatric")
    assert small.dose == 575  # 575 mg/m2 x 1.0 m2 (unverified band)


def test_missing_body_size_is_a_clear_error():
    with pytest.raises(ValueError, match="body_surface_area_m2: missing"):
        compute_dose("rituximab", 375, "mg/m2", weight_kg=52)
    with pytest.raises(ValueError, match="weight_kg: missing"):
        compute_dose("ivig", 1, "g/kg")


def test_warning_when_course_exceeds_a_cited_cap():
    d = dose_for_course(course(drug="methotrexate", dose=30, dose_unit="mg/m2"), 52, 1.51)
    assert any("above the 40 mg maximum" in w for w in d.warnings)


@pytest.mark.parametrize("value, step, expected", [(9.966, 2.5, 10), (566.25, 1, 566), (11.25, 2.5, 12.5), (0.5, 1, 1)])
def test_round_half_up(value, step, expected):
    assert round_to_step(value, step) == expected


@settings(max_examples=200, deadline=None)
@given(
    per=st.floats(0.001, 2000), w=st.floats(0.3, 300), bsa=st.floats(0.1, 3.5),
    basis=st.sampled_from(["mg/kg", "g/kg", "mg/m2", "g/m2"]), cap=st.one_of(st.none(), st.floats(0.1, 5000)),
    step=st.sampled_from([0.5, 1, 2.5, 10]),
)
def test_no_valid_dose_crashes(per, w, bsa, basis, cap, step):
    d = compute_dose("methotrexate", per, basis, w, bsa, cap, step)
    assert d.dose >= 0 and d.calculation
    if cap is not None:
        assert d.dose <= round_to_step(cap, step) + step


@settings(max_examples=100, deadline=None)
@given(per=st.one_of(st.floats(max_value=0), st.just(float("nan")), st.just(float("inf"))),
       basis=st.sampled_from(["mg/kg", "mg/m2", "mg", "ml/kg"]))
def test_invalid_dose_gets_a_clear_error(per, basis):
    with pytest.raises(ValueError, match="got"):
        compute_dose("methotrexate", per, basis, 52, 1.51)


@settings(max_examples=100, deadline=None)
@given(w=st.floats(0.31, 300), bsa=st.floats(0.1, 3.5))
def test_every_regimen_computes_for_any_valid_patient(w, bsa):
    for r in regimen_doses(w, bsa):
        assert r.dose is None or r.dose > 0


def test_rounding_never_lifts_a_dose_above_the_cited_cap():
    # 20 mg/m2 x 2.1 m2 = 42 mg, capped at 40 mg; a 15 mg step rounded half up would give 45 mg
    d = compute_dose("methotrexate", 20, "mg/m2", body_surface_area_m2=2.1, cap=40, rounding_step=15)
    assert d.cap_applied and d.dose <= 40
    d = compute_dose("glucocorticoids", 30, "mg/kg", weight_kg=52, cap=1000, rounding_step=300)
    assert d.dose <= 1000


@settings(max_examples=200, deadline=None)
@given(per=st.floats(0.001, 2000), size=st.floats(0.1, 3.5), cap=st.floats(0.1, 5000),
       step=st.sampled_from([0.5, 1, 2.5, 10, 15, 40]))
def test_dose_never_exceeds_cap_when_a_step_fits_below_it(per, size, cap, step):
    d = compute_dose("methotrexate", per, "mg/m2", body_surface_area_m2=size, cap=cap, rounding_step=step)
    if cap >= step:
        assert d.dose <= cap


def test_cap_warning_only_from_regimens_of_the_same_agent():
    # methylprednisolone 10 mg/kg x 52 kg = 520 mg: under the 1 g pulse maximum; the oral prednisone
    # 60 mg/day maximum belongs to another agent and must not be quoted against it
    d = dose_for_course(course(drug="methylprednisolone", agent="methylprednisolone", dose=10, dose_unit="mg/kg",
                               frequency="daily"), 52, 1.51)
    assert d.dose == 520 and d.warnings == []
    big = dose_for_course(course(drug="methylprednisolone", agent="methylprednisolone", dose=30, dose_unit="mg/kg"),
                          52, 1.51)
    assert any("1000 mg maximum" in w for w in big.warnings)
    assert not any("prednisone" in w.lower() for w in big.warnings)
    pred = dose_for_course(course(drug="prednisone", agent="prednisone", dose=2, dose_unit="mg/kg"), 52, 1.51)
    assert [w for w in pred.warnings if "60 mg maximum" in w] and not any("1000" in w for w in pred.warnings)


def test_mg_for_g_mix_up_against_the_cited_regimen_is_warned():
    # Table 1 prints IVIG "0.4 mg/kg" (Zao 2017); immunoglobulin is dosed in g/kg. Computing 0.4 mg/kg x 52 kg
    # = 21 mg without a word would hide a 1000-fold unit error.
    d = dose_for_course(course(drug="ivig", dose=0.4, dose_unit="mg/kg"), 52, 1.51)
    assert any("mg/kg" in w and "g/kg" in w and "unit" in w for w in d.warnings)
    ok = dose_for_course(course(drug="ivig", dose=0.4, dose_unit="g/kg"), 52, 1.51)
    assert ok.warnings == []


def test_rounding_that_moves_a_small_childs_dose_is_pointed_out():
    from imnm.clinical.dosing import compute_dose
    from imnm.model import Drug

    small = compute_dose(Drug.methotrexate, 15, "mg/m2", body_surface_area_m2=0.1, rounding_step=2.5)
    assert small.raw_dose == pytest.approx(1.5) and small.dose == 2.5
    assert small.warnings and "+67%" in small.warnings[0]
    seed = compute_dose(Drug.methotrexate, 6.6, "mg/m2", body_surface_area_m2=1.51, rounding_step=2.5)
    assert seed.dose == 10 and seed.warnings == []  # 9.966 -> 10 mg moves it by 0.3%
