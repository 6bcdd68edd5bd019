"""``imnm assess FILE.json``: the bedside assessment from the command line (same code as the web page)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from imnm.model.case import Case
from imnm.model.errors import explain
from imnm.shell import fail


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def assess(
    file: Annotated[Path, typer.Argument(help="a Case as JSON (source_kind 'local'), e.g. examples/index_case.json")],
    format: Annotated[Format, typer.Option("--format", "-f", help="text, json or html")] = Format.text,
    bsa_method: Annotated[str, typer.Option("--bsa-method", help="mosteller, haycock, dubois or gehan_george")] = "mosteller",
) -> None:
    """Labs x ULN, BSA, computed doses, scores, EULAR/ACR and ENMC criteria, antibodies and work-up."""
    from imnm.clinical.assessment import assess as run
    from imnm.clinical.render import render

    if bsa_method not in {"mosteller", "haycock", "dubois", "gehan_george"}:
        fail(f"--bsa-method: got {bsa_method!r}; expected mosteller, haycock, dubois or gehan_george")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: cannot read: {exc}")
    try:
        case = Case.model_validate_json(text)
    except ValidationError as exc:
        fail(f"{file}: invalid input\n" + "\n".join(f"  - {line}" for line in explain(exc)))
    try:
        result = run(case, bsa_method=bsa_method)  # type: ignore[arg-type]
    except ValueError as exc:
        fail(f"{file}: {exc}")
    typer.echo(render(result, format.value), nl=False)
