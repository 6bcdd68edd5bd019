"""Commands for moving cases in and out: FHIR, REDCap, spreadsheets, the de-identified export."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from imnm.shell import console, err_console, friendly_errors, registry

redcap_app = typer.Typer(help="REDCap: the data dictionary for imnm's case model.", no_args_is_help=True)


class ImportFormat(StrEnum):
    fhir = "fhir"
    redcap = "redcap"
    xlsx = "xlsx"
    csv = "csv"


class CaseExportFormat(StrEnum):
    fhir = "fhir"


def warn_identifiers(record, prefix: str = "") -> None:
    """One warning line on stderr per field that looks like it holds a patient identifier."""
    from imnm.model.identifiers import warnings_for

    for line in warnings_for(record, prefix):
        err_console.print(line, style="yellow", highlight=False, markup=False)


def warn_each(cases):
    """Pass cases through, warning about identifiers in each (for streaming imports)."""
    for i, case in enumerate(cases):
        warn_identifiers(case, f"[{i}].")
        yield case


@friendly_errors
def case_export(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    format: Annotated[CaseExportFormat, typer.Option("--format", "-f", help="fhir: an HL7 FHIR R4 Bundle")]
    = CaseExportFormat.fhir,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default: stdout)")] = None,
) -> None:
    """One case as an HL7 FHIR R4 Bundle (Patient, Condition, Observations, MedicationStatements...)."""
    from imnm.services.exports import fhir_bundle

    text = fhir_bundle(registry(), case_id).decode()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"written: {output}")


@friendly_errors
def case_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="a FHIR Bundle, REDCap records CSV, XLSX, or a "
                                          "folder (or cases.csv) of CSV files")],
    format: Annotated[ImportFormat, typer.Option("--format", "-f")] = ImportFormat.xlsx,
    actor: Annotated[str | None, typer.Option(
        help="who imports (kept in the audit trail; default: cli: and your login name)")] = None,
) -> None:
    """Import cases, all or nothing; re-running the same import adds nothing twice.

    The case id is the import key (REDCap record_id, the spreadsheet's id column): a case already stored
    with the same content is skipped, one stored with different content is refused. Every bad row is
    reported as sheet, row, column, value and why, and then nothing is written.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from imnm.services import imports
    from imnm.services.audit import Actor

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as progress:
        reading = progress.add_task(f"reading {file.name}", total=None)
        cases = imports.read(file, format.value, lambda n: progress.advance(reading, n))
        progress.update(reading, total=len(cases), completed=len(cases))
        for case in cases:
            warn_identifiers(case, f"{case.id}: ")
        storing = progress.add_task("storing", total=len(cases))
        report = imports.store(registry(), cases, Actor.cli(actor), fmt=format.value,
                               progress=lambda n: progress.advance(storing, n))
    console.print(f"{file}: {len(cases)} case(s) read; {report.summary()}", highlight=False)
    for case_id in report.added:
        sys.stdout.write(case_id + "\n")


@redcap_app.command("dictionary")
@friendly_errors
def redcap_dictionary(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default: stdout)")] = None,
) -> None:
    """The REDCap data dictionary (CSV) of imnm's case model: instrument 'case' and repeating
    instruments lab, antibody, feature, treatment and visit (mark them repeating in REDCap)."""
    from imnm.interop.redcap import dictionary_csv

    text = dictionary_csv()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"written: {output}")
