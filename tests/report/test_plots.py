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
