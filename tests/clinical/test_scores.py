"""CMAS (14 items, /52) and MMT8 (8 items, /80): item ranges validated, totals from items or given."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imnm.clinical.scores import CMAS_ITEMS, MMT8_ITEMS, cmas_score, mmt8_score


def test_cmas_has_14_items_summing_to_52_and_checked_maxima():
    assert len(CMAS_ITEMS) == 14 and sum(i.max for i in CMAS_ITEMS) == 52
    # item maxima read on the published scoring sheet (Lovell 1999)
    assert [i.max for i in CMAS_ITEMS[:7]] == [5, 2, 5, 3, 6, 3, 3]


def test_mmt8_is_8_items_of_0_to_10():
    assert len(MMT8_ITEMS) == 8 and all(i.max == 10 for i in MMT8_ITEMS)


def test_seed_cmas_totals():
    assert cmas_score(total=9).total == 9  # at diagnosis
    assert cmas_score(total=45).max == 52  # at 2 years


def test_items_sum_and_agree_with_total():
    items = {i.key: i.max for i in CMAS_ITEMS}
    assert cmas_score(items).total == 52
    with pytest.raises(ValueError, match="cmas.total: got 50; the items sum to 52"):
        cmas_score(items, total=50)


@pytest.mark.parametrize("key, bad", [("head_elevation", 6), ("leg_raise", 3), ("sit_ups", -1), ("pick_up", 1.5)])
def test_item_out_of_range_is_named(key, bad):
    items = {i.key: 0 for i in CMAS_ITEMS} | {key: bad}
    with pytest.raises(ValueError, match=f"cmas.{key}: got {bad}"):
        cmas_score(items)


def test_unknown_and_missing_items():
    with pytest.raises(ValueError, match="unknown item"):
        cmas_score({"jumping": 1})
    with pytest.raises(ValueError, match="missing item"):
        mmt8_score({"neck_flexors": 10})


def test_total_ranges():
    with pytest.raises(ValueError, match="mmt8.total: got 81; expected 0-80"):
        mmt8_score(total=81)
    with pytest.raises(ValueError, match="expected item scores or a total"):
        cmas_score()


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({i.key: st.integers(0, i.max) for i in CMAS_ITEMS}))
def test_any_valid_cmas_items(items):
    r = cmas_score(items)
    assert 0 <= r.total <= 52 and r.total == sum(items.values())


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({i.key: st.integers(-5, 15) for i in MMT8_ITEMS}))
def test_mmt8_valid_or_clear_error(items):
    try:
        r = mmt8_score(items)
        assert 0 <= r.total <= 80
    except ValueError as exc:
        assert "got" in str(exc) and "expected 0-10" in str(exc)
