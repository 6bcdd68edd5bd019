"""Body surface area formulas pinned against the seed and published coefficients."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imnm.clinical.bsa import body_surface_area, height_from_mosteller, resolve_body_surface_area


def test_seed_mosteller_52kg_157_9cm_is_1_51():
    assert round(body_surface_area(52, 157.9).value_m2, 2) == 1.51


def test_seed_height_implied_by_bsa():
    assert round(height_from_mosteller(1.51, 52), 1) == 157.9


def test_mosteller_worked_example():
    # sqrt(175 x 70 / 3600) = sqrt(3.4028) = 1.845
    assert body_surface_area(70, 175).value_m2 == pytest.approx(1.845, abs=0.001)


@pytest.mark.parametrize(
    "method, expected",
    [
        ("haycock", 0.024265 * 170**0.3964 * 70**0.5378),
        ("dubois", 0.007184 * 170**0.725 * 70**0.425),
        ("gehan_george", 0.0235 * 170**0.42246 * 70**0.51456),
    ],
)
def test_power_law_coefficients(method, expected):
    assert body_surface_area(70, 170, method).value_m2 == pytest.approx(expected, rel=1e-12)


def test_all_formulas_agree_near_1_5_for_the_seed():
    for method in ("mosteller", "haycock", "dubois", "gehan_george"):
        assert 1.49 <= body_surface_area(52, 157.9, method).value_m2 <= 1.53


def test_entered_bsa_wins():
    r = resolve_body_surface_area(52, 157.9, 1.51)
    assert r.method == "entered" and r.value_m2 == 1.51
    assert resolve_body_surface_area(52, None, None) is None


@pytest.mark.parametrize("w, h, msg", [(-1, 150, "weight_kg"), (50, 10, "height_cm"), (float("nan"), 150, "weight_kg")])
def test_bad_input_names_the_field(w, h, msg):
    with pytest.raises(ValueError, match=msg):
        body_surface_area(w, h)


def test_unknown_method():
    with pytest.raises(ValueError, match="method"):
        body_surface_area(50, 150, "boyd")


@settings(max_examples=200, deadline=None)
@given(w=st.floats(0.3, 300), h=st.floats(30, 250), m=st.sampled_from(["mosteller", "haycock", "dubois", "gehan_george"]))
def test_no_valid_input_crashes(w, h, m):
    v = body_surface_area(w, h, m).value_m2
    assert math.isfinite(v) and 0 < v < 6


@settings(max_examples=100, deadline=None)
@given(w=st.one_of(st.floats(allow_nan=True), st.integers(-1000, 1000)), h=st.floats(allow_nan=True))
def test_invalid_input_gets_a_clear_error(w, h):
    try:
        body_surface_area(w, h)
    except ValueError as exc:
        assert "got" in str(exc) and "expected" in str(exc)
