"""The course on one screen: CK (log scale, with its upper limit of normal), CMAS/MMT8 and treatments.

Three panels share one time axis (months from diagnosis). Only dated values are drawn; visits and
treatment courses without a date are listed under the figure, never placed at a guessed time. A calendar
date is placed when the record itself dates the diagnosis (a visit or lab with both a date and its month).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from imnm.clinical.timeline import DAYS_PER_MONTH, diagnosis_date, months_between
from imnm.model import Analyte, Case, InvalidInput

FORMATS = ("png", "svg")


@dataclass
class Trajectory:
    """The plotted series, also useful as JSON for the web app."""

    ck: list[tuple[float, float]] = field(default_factory=list)
    ck_uln: float | None = None
    cmas: list[tuple[float, int]] = field(default_factory=list)
    mmt8: list[tuple[float, int]] = field(default_factory=list)
    courses: list[tuple[str, float, float | None]] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"ck": self.ck, "ck_uln": self.ck_uln, "cmas": self.cmas, "mmt8": self.mmt8,
                "courses": [{"label": lab, "start_month": s, "stop_month": e} for lab, s, e in self.courses],
                "undated": self.undated}


def _course_label(t) -> str:
    name = t.agent or t.drug.value
    return f"{name} ({t.phase})" if t.phase else name


def trajectory(case: Case) -> Trajectory:
    """Collect the dated series of a case (diagnostic labs count at their own time, else month 0)."""
    tr = Trajectory()
    seen: set[tuple[float, float]] = set()
    diagnosis = diagnosis_date(case)
    labs = [(lab.months_from_diagnosis if lab.months_from_diagnosis is not None else 0.0, lab) for lab in case.labs]
    for v in case.visits:
        t = v.months_from_diagnosis if v.months_from_diagnosis is not None else months_between(v.date, diagnosis)
        if t is None:
            tr.undated.append(f"visit '{v.label or v.date}' (no months_from_diagnosis)")
            continue
        labs += [(lab.months_from_diagnosis if lab.months_from_diagnosis is not None else t, lab) for lab in v.labs]
        if v.cmas is not None:
            tr.cmas.append((t, v.cmas))
        if v.mmt8 is not None:
            tr.mmt8.append((t, v.mmt8))
    for t, lab in labs:
        if lab.analyte is Analyte.creatine_kinase and lab.unit.replace(" ", "").upper() in {"U/L", "IU/L"}:
            if (t, lab.value) not in seen:
                seen.add((t, lab.value))
                tr.ck.append((t, lab.value))
            if lab.reference_high and tr.ck_uln is None:
                tr.ck_uln = lab.reference_high
    tr.ck.sort()
    tr.cmas.sort()  # visits join in time order, not in the order they were recorded
    tr.mmt8.sort()
    for course in case.treatments:
        start = course.start_month if course.start_month is not None else months_between(course.start, diagnosis)
        if start is None:
            tr.undated.append(f"{_course_label(course)}: started {course.start}, but no visit or lab gives the "
                              "diagnosis date to place it" if course.start else
                              f"{_course_label(course)}: start not recorded")
            continue
        stop = course.stop_month if course.stop_month is not None else months_between(course.stop, diagnosis)
        if stop is None and course.duration_days:
            stop = start + course.duration_days / DAYS_PER_MONTH
        tr.courses.append((_course_label(course), start, stop))
    return tr


def plot_trajectory(case: Case) -> Figure:
    """A three-panel figure of the case's course."""
    tr = trajectory(case)
    ends = [t for t, _ in tr.ck] + [t for t, _ in tr.cmas] + [t for t, _ in tr.mmt8]
    ends += [s for _, s, _ in tr.courses] + [e for _, _, e in tr.courses if e is not None]
    x_max = max(ends + [1.0]) * 1.05 + 0.5
    fig, (ax_ck, ax_str, ax_tx) = plt.subplots(3, 1, sharex=True, figsize=(9, 8),
                                               gridspec_kw={"height_ratios": [3, 3, 2]})
    title = case.id or "case"
    if case.article:
        title += f" ({case.article})"
    fig.suptitle(f"Course of {title}", fontsize=11)

    if tr.ck:
        ax_ck.plot([t for t, _ in tr.ck], [v for _, v in tr.ck], "o-", color="tab:red", label="CK (U/L)")
    if tr.ck_uln:
        ax_ck.axhline(tr.ck_uln, color="grey", ls="--", lw=1, label=f"upper limit of normal ({tr.ck_uln:g})")
    ax_ck.set_yscale("log")
    ax_ck.set_ylabel("creatine kinase (U/L, log)")
    if not tr.ck:
        ax_ck.text(0.5, 0.5, "no dated CK", transform=ax_ck.transAxes, ha="center", color="grey")
    if tr.ck or tr.ck_uln:
        ax_ck.legend(loc="upper right", fontsize=8)

    if tr.cmas:
        ax_str.plot([t for t, _ in tr.cmas], [v for _, v in tr.cmas], "s-", color="tab:blue", label="CMAS (/52)")
    ax_str.set_ylim(0, 53)
    ax_str.set_ylabel("CMAS (0-52)")
    ax_mmt = ax_str.twinx()
    if tr.mmt8:
        ax_mmt.plot([t for t, _ in tr.mmt8], [v for _, v in tr.mmt8], "^-", color="tab:green", label="MMT8 (/80)")
    ax_mmt.set_ylim(0, 82)
    ax_mmt.set_ylabel("MMT8 (0-80)")
    handles = ax_str.get_legend_handles_labels()[0] + ax_mmt.get_legend_handles_labels()[0]
    if handles:
        ax_str.legend(handles=handles, loc="lower right", fontsize=8)
    else:
        ax_str.text(0.5, 0.5, "no dated CMAS or MMT8", transform=ax_str.transAxes, ha="center", color="grey")

    for i, (label, start, stop) in enumerate(tr.courses):
        width = (stop if stop is not None else x_max) - start
        ax_tx.barh(i, max(width, 0.15), left=start, height=0.6, color="tab:purple",
                   alpha=0.8 if stop is not None else 0.35, hatch=None if stop is not None else "//")
    ax_tx.set_yticks(range(len(tr.courses)), [c[0] for c in tr.courses], fontsize=8)
    ax_tx.set_ylim(-0.8, max(len(tr.courses), 1) - 0.2)
    ax_tx.set_xlabel("months from diagnosis")
    # every dated value, including those before diagnosis (negative months), must lie inside the axis
    ax_tx.set_xlim(min([0.0] + ends) - 0.5, x_max)
    if not tr.courses:
        ax_tx.text(0.5, 0.5, "no dated treatment course", transform=ax_tx.transAxes, ha="center", color="grey")
    note = "Hatched bars: no stop recorded."
    if tr.undated:
        note += " Not drawn (no date in the record): " + "; ".join(tr.undated) + "."
    fig.text(0.01, 0.005, note, fontsize=7, wrap=True, va="bottom")
    fig.tight_layout(rect=(0, 0.08, 1, 0.97))
    return fig


def inline_svg(fig: Figure) -> str:
    """A figure as SVG to put inside an HTML page (no XML prologue); the figure is closed afterwards."""
    import io

    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def save_trajectory(case: Case, out: Path, fmt: str | None = None) -> Path:
    """Write the figure as PNG or SVG (``fmt`` or the file's suffix)."""
    fmt = (fmt or out.suffix.lstrip(".") or "png").lower()
    if fmt not in FORMATS:
        raise InvalidInput([f"format: got {fmt!r}; expected one of {', '.join(FORMATS)}"])
    if out.suffix.lower() != f".{fmt}":
        out = out.with_suffix(f".{fmt}")
    fig = plot_trajectory(case)
    try:
        fig.savefig(out, format=fmt, dpi=150)
    finally:
        plt.close(fig)
    return out
