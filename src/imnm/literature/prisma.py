"""PRISMA 2020 flow diagram: counts computed from reviewer decisions, drawn as SVG and PNG.

The boxes and their wording follow the PRISMA 2020 flow diagram for new systematic reviews which
included searches of databases and registers only (Page MJ et al. BMJ 2021;372:n71,
doi:10.1136/bmj.n71). Counts are never typed in: they come from the search runs (records
identified), deduplication and the stored :class:`~imnm.literature.screening.Decision` rows.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel, Field

from imnm.literature.screening import Decision, latest_decisions


class PrismaCounts(BaseModel):
    """The numbers in the PRISMA 2020 boxes (databases and registers only)."""

    identified: dict[str, int] = Field(description="records identified, per database or register")
    duplicates_removed: int = 0
    automation_excluded: int = 0
    other_removed: int = 0
    screened: int = Field(description="records with a screening decision")
    screening_excluded: int
    sought_for_retrieval: int
    not_retrieved: int
    assessed: int
    eligibility_excluded: dict[str, int] = Field(default_factory=dict, description="reports excluded, by reason")
    included: int
    awaiting_screening: int = Field(0, description="records left after removal with no screening decision yet")
    awaiting_assessment: int = Field(0, description="reports sought with no eligibility decision yet")
    awaiting_case_review: int = Field(0, description="reports included at full text with no accepted case yet")

    @property
    def identified_total(self) -> int:
        return sum(self.identified.values())

    @property
    def eligibility_excluded_total(self) -> int:
        return sum(self.eligibility_excluded.values())

    @property
    def complete(self) -> bool:
        """True when every record has a decision at every stage it reached."""
        return self.awaiting_screening == 0 and self.awaiting_assessment == 0 and self.awaiting_case_review == 0


def count_prisma(identified: Mapping[str, int], duplicates_removed: int, decisions: Iterable[Decision],
                 *, automation_excluded: int = 0, other_removed: int = 0,
                 with_accepted_cases: Collection[str] | None = None) -> PrismaCounts:
    """PRISMA 2020 counts from what the searches found and the reviewers' current decisions.

    A record counts as screened once it has a screening decision and as assessed once its report has
    an eligibility decision (include or exclude); the rest are reported as awaiting. So at every moment
    of a review the boxes add up: records after removal = screened + awaiting screening, screened =
    excluded + sought, sought = not retrieved + assessed + awaiting assessment, assessed = excluded +
    included, and an unfinished review cannot pass for a finished one. A record reaches full-text
    assessment only by being included at screening; a report excluded at eligibility is counted under
    its reason. Given ``with_accepted_cases`` (the records with a case a reviewer accepted from the
    extraction queue), a study counts as included only once it has an accepted case; a report included
    at full text without one is awaiting case review, so assessed = excluded + included + awaiting.
    """
    total = sum(identified.values())
    pool = total - duplicates_removed - automation_excluded - other_removed
    if pool < 0:
        raise ValueError(f"more records removed ({total - pool}) than identified ({total})")
    current = latest_decisions(decisions)
    at_screening = {k: d for (k, stage), d in current.items() if stage == "screening"}
    at_eligibility = {k: d for (k, stage), d in current.items() if stage == "eligibility"}
    if len(at_screening) > pool:
        raise ValueError(f"decisions: {len(at_screening)} records have a screening decision but only {pool} "
                         "records remain after removal; expected at most one decision per remaining record")
    screening_included = {k for k, d in at_screening.items() if d.decision == "include"}
    screening_excluded = sum(1 for d in at_screening.values() if d.decision == "exclude")
    report_decisions = {k: d for k, d in at_eligibility.items() if k in screening_included}
    not_retrieved = sum(1 for d in report_decisions.values() if d.decision == "not_retrieved")
    reasons = Counter(d.reason or "no reason given" for d in report_decisions.values()
                      if d.decision == "exclude")
    included_keys = {k for k, d in report_decisions.items() if d.decision == "include"}
    awaiting_cases = len(included_keys - set(with_accepted_cases)) if with_accepted_cases is not None else 0
    included = len(included_keys) - awaiting_cases
    sought = len(screening_included)
    return PrismaCounts(
        identified=dict(identified), duplicates_removed=duplicates_removed,
        automation_excluded=automation_excluded, other_removed=other_removed, screened=len(at_screening),
        screening_excluded=screening_excluded, sought_for_retrieval=sought, not_retrieved=not_retrieved,
        assessed=len(included_keys) + sum(reasons.values()), eligibility_excluded=dict(sorted(reasons.items())),
        included=included, awaiting_screening=pool - len(at_screening),
        awaiting_assessment=sought - len(report_decisions), awaiting_case_review=awaiting_cases,
    )


# --- the diagram -------------------------------------------------------------------------------------


def _box_texts(c: PrismaCounts) -> dict[str, str]:
    sources = "\n".join(f"  {name} (n = {n})" for name, n in c.identified.items()) or "  (none)"
    reasons = "\n".join(f"  {reason} (n = {n})" for reason, n in c.eligibility_excluded.items()) or "  (none)"
    return {
        "identified": f"Records identified from*:\n{sources}",
        "removed": ("Records removed before screening:\n"
                    f"  Duplicate records removed (n = {c.duplicates_removed})\n"
                    f"  Records marked as ineligible by\n  automation tools (n = {c.automation_excluded})\n"
                    f"  Records removed for other\n  reasons (n = {c.other_removed})"),
        "screened": f"Records screened\n(n = {c.screened})",
        "screen_excluded": f"Records excluded**\n(n = {c.screening_excluded})",
        "sought": f"Reports sought for retrieval\n(n = {c.sought_for_retrieval})",
        "not_retrieved": f"Reports not retrieved\n(n = {c.not_retrieved})",
        "assessed": f"Reports assessed for eligibility\n(n = {c.assessed})",
        "elig_excluded": f"Reports excluded:\n{reasons}",
        "included": f"Studies included in review\n(n = {c.included})\nReports of included studies\n(n = {c.included})",
    }


def draw_prisma(counts: PrismaCounts, title: str | None = None):
    """A matplotlib Figure of the PRISMA 2020 flow diagram (databases and registers only)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    texts = _box_texts(counts)
    fig = Figure(figsize=(9, 10.5))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 120)
    ax.axis("off")
    left_x, right_x, width = 14, 58, 38
    rows = {"identification": 98, "screened": 72, "sought": 56, "assessed": 40, "included": 14}
    heights = {"identification": 16, "screened": 10, "sought": 10, "assessed": max(10, 6 + 2.5 * len(
        counts.eligibility_excluded)), "included": 12}

    def box(x, y, h, text, face="white"):
        ax.add_patch(FancyBboxPatch((x, y - h / 2), width, h, boxstyle="square,pad=0", fc=face, ec="black",
                                    lw=1))
        ax.text(x + 1.2, y, text, va="center", ha="left", fontsize=8.2, family="DejaVu Sans")

    def arrow(x0, y0, x1, y1):
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops={"arrowstyle": "-|>", "lw": 1, "color": "black"})

    box(left_x, rows["identification"], heights["identification"], texts["identified"])
    box(right_x, rows["identification"], heights["identification"], texts["removed"])
    box(left_x, rows["screened"], heights["screened"], texts["screened"])
    box(right_x, rows["screened"], heights["screened"], texts["screen_excluded"])
    box(left_x, rows["sought"], heights["sought"], texts["sought"])
    box(right_x, rows["sought"], heights["sought"], texts["not_retrieved"])
    box(left_x, rows["assessed"], heights["assessed"], texts["assessed"])
    box(right_x, rows["assessed"], heights["assessed"], texts["elig_excluded"])
    box(left_x, rows["included"], heights["included"], texts["included"])
    mid = left_x + width / 2
    order = ["identification", "screened", "sought", "assessed", "included"]
    for upper, lower in itertools.pairwise(order):
        arrow(mid, rows[upper] - heights[upper] / 2, mid, rows[lower] + heights[lower] / 2)
    for row in ["identification", "screened", "sought", "assessed"]:
        arrow(left_x + width, rows[row], right_x, rows[row])
    # stage bands on the left, as in the PRISMA template
    bands = [("Identification", 89, 108), ("Screening", 33, 78), ("Included", 8.5, 20)]
    for label, y0, y1 in bands:
        ax.add_patch(FancyBboxPatch((2, y0), 8, y1 - y0, boxstyle="round,pad=0.3", fc="#cfe2f3", ec="#6d9eeb"))
        ax.text(6, (y0 + y1) / 2, label, rotation=90, va="center", ha="center", fontsize=9, weight="bold")
    heading = title or "Identification of studies via databases and registers"
    ax.text(50, 115, heading, ha="center", va="center", fontsize=10, weight="bold")
    notes = ["*Records identified from each database or register searched.",
             "**Records excluded by a human reviewer at title/abstract screening."]
    if not counts.complete:
        notes.append(f"Review in progress: {counts.awaiting_screening} record(s) awaiting screening, "
                     f"{counts.awaiting_assessment} report(s) awaiting assessment, "
                     f"{counts.awaiting_case_review} included report(s) awaiting case review.")
    ax.text(2, 0.8, "\n".join(notes), fontsize=7, va="bottom", ha="left")
    return fig


def save_prisma(counts: PrismaCounts, path: str | Path, title: str | None = None) -> list[Path]:
    """Write the diagram; a path without suffix (or ending .svg/.png) gets both SVG and PNG."""
    path = Path(path)
    if path.suffix and path.suffix.lower() not in {".svg", ".png"}:
        raise ValueError(f"output: got {path.name!r}; expected a .svg or .png file, or a name without suffix")
    targets = [path] if path.suffix else [path.with_suffix(".svg"), path.with_suffix(".png")]
    fig = draw_prisma(counts, title)
    import matplotlib

    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        # SVG text stays text (searchable, screen-reader friendly); no date, so reruns are byte-identical
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "imnm-prisma"}):
            fig.savefig(target, dpi=150, metadata={"Date": None} if target.suffix == ".svg" else None)
    return targets
