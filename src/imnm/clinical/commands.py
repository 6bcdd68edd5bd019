"""``imnm assess FILE.json``: the bedside assessment from the command line (same code as the web page)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from imnm.shell import console, fail, friendly_errors, registry


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
    from pydantic import ValidationError

    from imnm.clinical.render import render
    from imnm.model.case import Case
    from imnm.model.errors import InvalidInput, explain
    from imnm.services.assessment import assess as run

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
        result = run(case, bsa_method)
    except InvalidInput as exc:
        fail(f"{file}: {'; '.join(exc.problems)}")
    typer.echo(render(result, format.value), nl=False)


# --- follow-up: "is she responding?" --------------------------------------------------------------


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def _response_text(d: dict) -> str:
    lines = [f"2016 ACR/EULAR response ({d['population']} criteria): {d['statement']}",
             (f"  from '{d['baseline']}' to '{d['follow_up']}'; thresholds minimal >= {d['thresholds']['minimal']:g}, "
              f"moderate >= {d['thresholds']['moderate']:g}, major >= {d['thresholds']['major']:g}")]
    for c in d["contributions"]:
        if c["percent_improvement"] is None:
            lines.append(f"  {c['label']:<34} not recorded at both visits (0 of {c['max_score']:g})")
        else:
            lines.append(f"  {c['label']:<34} {c['baseline']:g} -> {c['follow_up']:g} ({c['instrument']}): "
                         f"{c['percent_improvement']:+.1f}% -> {c['band']}, {c['score']:g} of {c['max_score']:g}")
    lines.append(f"  source: {d['citation']}")
    lines += [f"  UNVERIFIED: {u}" for u in d["unverified"]]
    return "\n".join(lines)


def response(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    baseline: Annotated[str, typer.Option("--baseline", "-b", help="visit label or position (0 = first)")] = "0",
    follow_up: Annotated[str | None, typer.Option("--follow-up", "-u", help="visit label or position (default: last)")] = None,
    population: Annotated[str | None, typer.Option(help="juvenile or adult (default: by age at onset)")] = None,
    strength: Annotated[str | None, typer.Option(help="mmt8 or cmas (default: MMT8 when recorded at both)")] = None,
    format: Annotated[TextOrJson, typer.Option("--format", "-f")] = TextOrJson.text,
) -> None:
    """Total Improvement Score between two visits of a stored case, each measure's contribution shown."""
    _response(case_id, baseline, follow_up, population, strength, format)


@friendly_errors
def _response(case_id, baseline, follow_up, population, strength, format) -> None:
    from imnm.services.followup import response as total_improvement

    d = total_improvement(registry(), case_id, baseline=baseline, follow_up=follow_up, population=population,
                          strength=strength)
    if format is TextOrJson.json:
        sys.stdout.write(json.dumps(d, indent=2) + "\n")
    else:
        console.print(_response_text(d), highlight=False)


def refractory(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f")] = TextOrJson.text,
) -> None:
    """Steroid-refractoriness flag of a stored case: refractory, responding or not assessable, with reasons."""
    _refractory(case_id, format)


@friendly_errors
def _refractory(case_id, format) -> None:
    from imnm.services.followup import refractoriness

    d = refractoriness(registry(), case_id)
    if format is TextOrJson.json:
        sys.stdout.write(json.dumps(d, indent=2, default=str) + "\n")
        return
    lines = [f"steroid refractoriness: {d['status'].replace('_', ' ')}"]
    lines += [f"  - {r}" for r in d["reasons"]]
    lines += [f"  documented in the record: {x}" for x in d["documented_in_record"]]
    lines.append(f"  definition: {d['definition']}" + ("" if d["verified"] else " [UNVERIFIED definition]"))
    console.print("\n".join(lines), highlight=False)
