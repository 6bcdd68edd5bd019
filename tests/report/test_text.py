"""The terminal report of one case: doses carry their period, antibodies their basis."""

import pytest

from imnm.cohort.dataset import load_cohort
from imnm.model import Case
from imnm.report.text import case_text, dose_text


def _course(**fields):
    return Case(treatments=[{"drug": "glucocorticoids", **fields}]).treatments[0]


@pytest.mark.parametrize(("fields", "text"), [
    ({"dose": 2, "dose_unit": "mg/kg", "frequency": "daily"}, "2 mg/kg/day"),
    ({"dose": 6.6, "dose_unit": "mg/m2", "dose_given": 10, "dose_given_unit": "mg", "frequency": "weekly"},
     "6.6 mg/m2/week (given 10 mg/week)"),
    ({"dose": 1, "dose_unit": "g/kg", "frequency": "monthly"}, "1 g/kg/month"),
    ({"dose": 30, "dose_unit": "mg/kg", "frequency": "once"}, "30 mg/kg once"),
    ({"dose": 10, "dose_unit": "mg", "frequency": "every_2_weeks"}, "10 mg every 2 weeks"),
    ({"dose": 500, "dose_unit": "mg/m2", "frequency": "cycle"}, "500 mg/m2 per cycle"),
    ({"dose": 375, "dose_unit": "mg/m2", "dose_given": 500, "dose_given_unit": "mg", "n_doses": 2,
      "interval_days": 15}, "375 mg/m2 per dose (given 500 mg per dose), 2 doses 15 days apart"),
    ({"dose": 125, "dose_unit": "mg", "frequency": "daily", "n_doses": 5, "duration_days": 5},
     "125 mg/day, 5 doses, for 5 days"),
    ({"dose": 60, "dose_unit": "mg"}, "60 mg (frequency not recorded)"),
    ({}, ""),
])
def test_a_dose_says_per_what(fields, text):
    assert dose_text(_course(**fields)) == text


def test_case_show_gives_the_letters_doses_with_their_period():
    girl = next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")
    text = case_text(girl)
    assert "treatment: glucocorticoids (methylprednisolone) 125 mg/day, for 5 days - " in text
    assert "treatment: methotrexate 6.6 mg/m2/week (given 10 mg/week) - " in text
    assert "treatment: rituximab 375 mg/m2 per dose (given 500 mg per dose), 2 doses 15 days apart - " in text


def test_antibodies_say_on_what_basis_they_are_positive():
    rider = next(c for c in load_cohort() if c.id == "rider-1994")
    assert "antibody: srp positive (by the inclusion criterion of the review)" in case_text(rider)


def test_an_unrecorded_provenance_location_leaves_no_empty_field():
    case = Case(provenance={"source": "clinic notes"})
    assert "provenance: clinic notes; verified against original: no" in case_text(case)
