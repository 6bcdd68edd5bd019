"""Labs against their range: the seed's numbers as x ULN, unit conversion by pint, clear unit errors."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imnm.clinical.labs import UnitError, assess_lab, convert
from imnm.knowledge.ranges import default_reference_ranges
from imnm.model import Analyte, LabResult


def lab(analyte, value, unit, low=None, high=None):
    return LabResult(analyte=analyte, value=value, unit=unit, reference_low=low, reference_high=high)


@pytest.mark.parametrize(
    "analyte, value, unit, low, high, multiple",
    [  # the seed's index case (Toledo del Castillo 2024)
        ("creatine_kinase", 11426, "U/L", 26, 192, 59.5),
        ("aldolase", 94.2, "IU/L", 1, 7.5, 12.6),
        ("lactate_dehydrogenase", 1513, "U/L", 120, 300, 5.0),
        ("alanine_aminotransferase", 137, "IU/L", 5, 31, 4.4),
        ("aspartate_aminotransferase", 193, "U/L", 10, 31, 6.2),
    ],
)
def test_seed_labs_as_multiples_of_uln(analyte, value, unit, low, high, multiple):
    result = assess_lab(lab(analyte, value, unit, low, high))
    assert result.uln_multiple == multiple
    assert result.flag == "high"
    assert result.upper_limit_of_normal == high


def test_flags_low_and_normal():
    assert assess_lab(lab("creatine_kinase", 20, "U/L", 26, 192)).flag == "low"
    assert assess_lab(lab("creatine_kinase", 192, "U/L", 26, 192)).flag == "normal"


def test_ukat_converted_to_default_range():
    # 1 ukat/L = 60 U/L: 3 ukat/L = 180 U/L against the default CK range 26-192 U/L
    result = assess_lab(lab("CK", 3, "µkat/L"))
    assert result.flag == "normal"
    assert result.uln_multiple == pytest.approx(180 / 192, abs=0.05)
    assert "180 U/L" in result.calculation


def test_iu_equals_u():
    assert convert(1, "IU/L", "U/L") == pytest.approx(1)
    assert convert(1, "ukat/L", "U/L") == pytest.approx(60)
    assert convert(1, "mU/mL", "U/L") == pytest.approx(1)


@pytest.mark.parametrize("unit", ["furlongs", "U/L/", "2+", "xyz/L", "mg/dL"])
def test_unknown_or_mismatched_unit_is_a_clear_error(unit):
    # refused on the model (every way in) and, for a result built without validation, by the assessment
    with pytest.raises(ValueError, match=r"unit\n.*expected an enzyme activity per volume \(U/L, IU/L"):
        lab("creatine_kinase", 100, unit, 26, 192)
    unchecked = LabResult.model_construct(analyte=Analyte.creatine_kinase, value=100, unit=unit,
                                          reference_low=26, reference_high=192)
    message = f"creatine_kinase.unit: got {unit!r}; expected an enzyme activity per volume (U/L"
    with pytest.raises(UnitError, match=re.escape(message)):
        assess_lab(unchecked)


def test_mismatched_unit_cannot_be_converted():
    with pytest.raises(UnitError, match="cannot be converted"):
        convert(1, "mg/dL", "U/L")


def test_default_range_configurable_by_age_and_sex(tmp_path):
    f = tmp_path / "ranges.yaml"
    f.write_text(
        "sources: [{id: site, authors: Site lab, title: local ranges, year: 2024}]\n"
        "ranges:\n"
        "  - {analyte: creatine_kinase, unit: U/L, high: 200, source: site}\n"
        "  - {analyte: creatine_kinase, unit: U/L, high: 150, sex: F, age_min_years: 10, age_max_years: 18, source: site}\n"
    )
    from imnm.knowledge.ranges import load_reference_ranges

    table = load_reference_ranges(f)
    girl = assess_lab(lab("creatine_kinase", 300, "U/L"), age_years=11, sex="F", ranges=table)
    boy = assess_lab(lab("creatine_kinase", 300, "U/L"), age_years=11, sex="M", ranges=table)
    assert girl.upper_limit_of_normal == 150 and girl.uln_multiple == 2.0
    assert boy.upper_limit_of_normal == 200 and boy.uln_multiple == 1.5


def test_shipped_defaults_are_the_seed_ranges():
    ck = default_reference_ranges().lookup("creatine_kinase")
    assert (ck.low, ck.high, ck.unit, ck.verified) == (26, 192, "U/L", True)


@settings(max_examples=150, deadline=None)
@given(value=st.floats(0, 1e6), high=st.floats(0.01, 1e5), unit=st.sampled_from(["U/L", "IU/L", "ukat/L", "mU/mL"]))
def test_no_valid_lab_crashes(value, high, unit):
    result = assess_lab(lab("creatine_kinase", value, unit, None, high))
    assert result.flag in {"high", "low", "normal"}
    assert result.uln_multiple >= 0


@settings(max_examples=100, deadline=None)
@given(unit=st.text(max_size=12))
def test_any_unit_text_gives_a_result_or_a_clear_error(unit):
    try:
        convert(1.0, unit, "U/L")
    except UnitError as exc:
        assert "unit: got" in str(exc)
