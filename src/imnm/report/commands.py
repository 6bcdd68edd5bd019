"""CLI command ``imnm case plot ID``: the trajectory figure (PNG or SVG) of one registry case."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from imnm.shell import friendly_errors


class PlotFormat(StrEnum):
    png = "png"
    svg = "svg"


def plot_case(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write (default: ID.FORMAT)")] = None,
    format: Annotated[PlotFormat, typer.Option("--format", "-f")] = PlotFormat.png,
) -> None:
    """CK (log, with ULN), CMAS/MMT8 and treatment courses on one time axis."""
    return _plot_case(case_id, out, format)


@friendly_errors
def _plot_case(case_id: str, out: Path | None, format: PlotFormat) -> None:
    from imnm.services.followup import save_plot
    from imnm.shell import err_console, registry

    written = save_plot(registry(), case_id, out, format.value)
    err_console.print(f"written: {written}")
