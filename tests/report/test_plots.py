"""Trajectory plots: only dated values are drawn; undated ones are listed, never placed."""

from pathlib import Path

import pytest

from imnm.cohort.dataset import load_cohort
from imnm.model import InvalidInput
from imnm.report.plots import save_trajectory, trajectory


@pytest.fixture(scope="module")
def girl():
    return next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")


def test_index_case_series(girl):
    tr = trajectory(girl)
    assert tr.ck == [(0.0, 11426.0)]  # diagnostic CK once, not duplicated from the diagnosis visit
    assert tr.ck_uln == 192
    assert tr.cmas == [(0.0, 9), (24.0, 45)]
    assert tr.mmt8 == []
    # methylprednisolone: month 0 for 5 days -> 5 / (365.25 / 12) months
    assert tr.courses == [("methylprednisolone (induction)", 0.0, pytest.approx(5 / (365.25 / 12)))]
    assert "visit 'steroid-refractory phase' (no months_from_diagnosis)" in tr.undated
    assert "rituximab (escalation): start not recorded" in tr.undated


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_files_are_written(girl, tmp_path: Path, fmt, magic):
    out = save_trajectory(girl, tmp_path / "course", fmt)
    assert out.suffix == f".{fmt}"
    assert out.read_bytes()[:5].startswith(magic)
    if fmt == "svg":
        assert "creatine kinase" in out.read_text()


def test_unknown_format_is_refused(girl, tmp_path):
    with pytest.raises(InvalidInput, match="format: got 'pdf'"):
        save_trajectory(girl, tmp_path / "x.pdf")


def test_values_before_diagnosis_are_inside_the_axis():
    # Steroids started and CMAS scored before the diagnosis (negative months) are dated values: they must
    # be visible, not cut off by an axis that starts at month 0.
    import matplotlib.pyplot as plt

    from imnm.model import Case
    from imnm.report.plots import plot_trajectory

    case = Case(visits=[{"months_from_diagnosis": -2, "cmas": 20}, {"months_from_diagnosis": 3, "cmas": 30}],
                treatments=[{"drug": "prednisone", "start_month": -1.5, "stop_month": 2}])
    fig = plot_trajectory(case)
    try:
        low, high = fig.axes[0].get_xlim()
        assert low < -2 and high > 3
    finally:
        plt.close(fig)


def test_visits_are_joined_in_time_order_whatever_order_they_were_added():
    # the 3-month visit recorded after the 24-month one must not be drawn 0 -> 24 -> 3
    from imnm.model import Case

    case = Case(visits=[{"months_from_diagnosis": 0, "cmas": 20, "mmt8": 40},
                        {"months_from_diagnosis": 24, "cmas": 50, "mmt8": 78},
                        {"months_from_diagnosis": 3, "cmas": 35, "mmt8": 60}])
    tr = trajectory(case)
    assert tr.cmas == [(0, 20), (3, 35), (24, 50)]
    assert tr.mmt8 == [(0, 40), (3, 60), (24, 78)]


def test_a_course_with_a_start_date_is_placed_from_the_diagnosis_date():
    from imnm.model import Case

    case = Case(visits=[{"label": "diagnosis", "date": "2025-03-03", "months_from_diagnosis": 0, "cmas": 22},
                        {"label": "follow-up", "date": "2025-06-02", "cmas": 38}],
                treatments=[{"drug": "glucocorticoids", "agent": "prednisone", "start": "2025-03-08",
                             "stop": "2025-05-08"}])
    tr = trajectory(case)
    assert not any("start not recorded" in u for u in tr.undated)
    (label, start, stop), = tr.courses
    assert label == "prednisone"
    assert start == pytest.approx(5 / (365.25 / 12)) and stop == pytest.approx(66 / (365.25 / 12))
    # a visit with a date only is placed the same way
    assert tr.cmas == [(0, 22), (pytest.approx(91 / (365.25 / 12)), 38)]


def test_a_start_date_without_a_diagnosis_date_is_named_not_called_missing():
    from imnm.model import Case

    case = Case(treatments=[{"drug": "glucocorticoids", "agent": "prednisone", "start": "2025-03-08"}])
    tr = trajectory(case)
    assert tr.courses == []
    assert tr.undated == ["prednisone: started 2025-03-08, but no visit or lab gives the diagnosis date to place it"]
