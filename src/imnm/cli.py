"""The ``imnm`` command line: a thin Typer shell over the same functions the web app calls.

Every command parses its arguments, calls a function of :mod:`imnm.services` (the one the web route
calls: load, validate, run, save, audit) and prints the result; bad input is reported as
``field: got VALUE; expected ...`` on stderr with exit code 2. Writes are audited as ``--actor`` or
``cli:`` and the operating-system login; reads are not (the user already holds the registry).
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from imnm.shell import FriendlyGroup, console, err_console, fail, friendly_errors, registry, set_debug

if TYPE_CHECKING:  # the model (pydantic, ~0.07 s) is imported by the commands that read cases, not by --help
    from imnm.model import Case

app = typer.Typer(help="imnm: immune-mediated necrotising myopathy in children.", no_args_is_help=True,
                  cls=FriendlyGroup)
cohort_app = typer.Typer(help="The literature cohort and the registry as a data set.", no_args_is_help=True)
case_app = typer.Typer(help="One case: show, add, plot.", no_args_is_help=True)
db_app = typer.Typer(help="The registry database: create, migrate, status.", no_args_is_help=True)
app.add_typer(cohort_app, name="cohort")
app.add_typer(case_app, name="case")
app.add_typer(db_app, name="db")


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="on an error, print the full traceback too")] = False,
) -> None:
    set_debug(debug)


def read_case_file(path: Path) -> list[Case]:
    """Read one case (a JSON object) or several (a JSON list), all validated before anything is used."""
    from imnm.model.casefile import CaseFile, iter_cases

    return list(iter_cases(CaseFile(path)))


#: Files at least this big get a progress bar on stderr while they are imported (about 2 000 patients).
PROGRESS_MIN_BYTES = 4 << 20


@contextmanager
def _import_progress(source):
    """A Rich progress bar on stderr (a terminal only) for a large import; yields add_cases' on_batch."""
    if source.size < PROGRESS_MIN_BYTES or not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task(f"reading {source.path.name}", total=source.size)
        yield lambda stored: progress.update(task, completed=source.bytes_read,
                                             description=f"{stored:,} cases checked and written")


# --- db ----------------------------------------------------------------------------------------------


@db_app.command("init")
@friendly_errors
def db_init() -> None:
    """Create the registry if needed, migrate it and load the literature cohort once."""
    from imnm.services.registry_admin import initialise

    done = initialise()
    console.print(f"registry: {done.url}")
    console.print(f"cohort version: {done.cohort_version}; records: {done.records}")


@db_app.command("upgrade")
@friendly_errors
def db_upgrade() -> None:
    """Apply pending schema migrations (without loading data)."""
    from imnm.services.registry_admin import upgrade

    url, revisions = upgrade()
    console.print(f"registry {url} at revision {', '.join(revisions)}")


@db_app.command("repair")
@friendly_errors
def db_repair() -> None:
    """Rebuild a registry left half-built by an interrupted set-up (only while it holds no records)."""
    from imnm.services.registry_admin import repair

    repaired = repair()
    if repaired.dropped:
        console.print(f"dropped the empty tables of an interrupted set-up: {', '.join(repaired.dropped)}",
                      highlight=False)
    console.print(f"registry {repaired.where} is complete", highlight=False)


@db_app.command("status")
@friendly_errors
def db_status() -> None:
    """Where the registry is, its schema revision and what it holds."""
    from imnm.services.registry_admin import status

    state = status()
    console.print(f"registry: {state.url}")
    console.print(f"revision: {', '.join(state.current) or 'none'} (head: {', '.join(state.heads)})")
    if state.records is not None:
        console.print(f"records: {state.records}")


# --- cohort ------------------------------------------------------------------------------------------


class TableFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class DataFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    redcap = "redcap"
    deidentified = "deidentified"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"written: {output}")


@cohort_app.command("table1")
@friendly_errors
def cohort_table1(
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="output format")] = TableFormat.terminal,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write (required for xlsx)")] = None,
    shipped: Annotated[bool, typer.Option(help="use the shipped cohort file instead of the registry")] = False,
    include_free_text: Annotated[bool, typer.Option(
        "--include-free-text", help="keep local cases' free text (presentation, outcome in words, a group's "
        "course); by default it is left out, as it may name the patient. Literature cases keep their "
        "published words either way")] = False,
) -> None:
    """The seed's Table 1, regenerated from the registry, to be shared: local cases' free text is left
    out unless asked for."""
    if format is TableFormat.csv:  # row by row from the registry's rows: no DataFrame (nor pandas), no record objects
        import io

        from imnm.services.cohort import write_table1_csv

        buffer = io.StringIO(newline="")
        write_table1_csv(None if shipped else registry(), buffer, include_free_text=include_free_text)
        _emit(buffer.getvalue(), output)
        return
    from imnm.interop import tables
    from imnm.services.cohort import TABLE1_TITLE as title
    from imnm.services.cohort import table1

    table = table1(None if shipped else registry(), include_free_text=include_free_text)
    frame = table.to_frame()
    if format is TableFormat.terminal:
        console.print(tables.to_rich(frame, title=title))
        if table.legend:
            console.print(table.legend, highlight=False)
        for note in table.notes:
            console.print(note, highlight=False)
    elif format is TableFormat.markdown:
        _emit(tables.to_markdown(frame, table.notes), output)
    elif format is TableFormat.html:
        _emit(tables.to_html(frame, table.notes, title=title), output)
    else:
        if output is None:
            fail("--format xlsx needs --output FILE.xlsx")
        tables.write_xlsx(frame, output, table.notes)
        err_console.print(f"written: {output}")


@cohort_app.command("summary")
@friendly_errors
def cohort_summary(
    format: Annotated[TextFormat, typer.Option("--format", "-f")] = TextFormat.text,
    shipped: Annotated[bool, typer.Option(help="use the shipped cohort file instead of the registry")] = False,
    as_published: Annotated[bool, typer.Option(
        "--as-published", help="count every record as the letter did, even one the originals show to "
                               "report the same patient as another")] = False,
    sex: Annotated[str | None, typer.Option(help="only F or M records")] = None,
    age_min: Annotated[str | None, typer.Option(help="age at onset from, years (inclusive)")] = None,
    age_max: Annotated[str | None, typer.Option(help="age at onset to, years (inclusive)")] = None,
    antibody: Annotated[str | None, typer.Option(help="only records positive for this antigen (e.g. srp)")] = None,
    feature: Annotated[str | None, typer.Option(help="only records with this feature present")] = None,
    treatment: Annotated[str | None, typer.Option(help="only records given this drug class")] = None,
    outcome: Annotated[str | None, typer.Option(help="only records with this outcome class")] = None,
    source: Annotated[str | None, typer.Option(help="only literature or local records")] = None,
) -> None:
    """n, sex, age, CK, features, drugs and outcomes with exact 95% intervals (of the records selected by
    the cohort explorer's filters, if any)."""
    from imnm.services.cohort import Selection, explore, summary_of

    selection = Selection.parse({"sex": sex, "age_min": age_min, "age_max": age_max, "antibody": antibody,
                                 "feature": feature, "treatment": treatment, "outcome": outcome,
                                 "source": source}).checked()
    if selection.query() and shipped:
        fail("--shipped: the filters select records of the registry; leave out --shipped or the filters")
    if shipped:
        summary = summary_of(None, as_published=as_published)
    else:
        summary = explore(registry(), selection, as_published=as_published).statistics
    if format is TextFormat.json:
        sys.stdout.write(json.dumps(summary.as_dict(), indent=2) + "\n")
        return
    from imnm.report.text import summary_text

    console.print(summary_text(summary), highlight=False)


@cohort_app.command("export")
@friendly_errors
def cohort_export(
    format: Annotated[DataFormat, typer.Option("--format", "-f")] = DataFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    shipped: Annotated[bool, typer.Option(help="use the shipped cohort file instead of the registry")] = False,
    include_free_text: Annotated[bool, typer.Option(
        "--include-free-text", help="keep local cases' free text (presentation, outcome, notes, the words as "
        "written); by default it is dropped, as it may name the patient. Literature cases keep their "
        "published words either way")] = False,
) -> None:
    """Every case as a flat record with the vocabulary's names (JSON list or CSV), as a workbook with one
    sheet per entity (xlsx), as REDCap flat records (redcap), or de-identified for research
    (deidentified: pseudonyms, days from diagnosis, no free text unless asked)."""
    from imnm.services.exports import cohort_records

    if format is DataFormat.xlsx and output is None:
        fail("--format xlsx needs --output FILE.xlsx")
    content, _ = cohort_records(None if shipped else registry(), format.value, include_free_text=include_free_text)
    if format is DataFormat.xlsx:
        output.write_bytes(content)
        err_console.print(f"written: {output}")
    else:
        _emit(content.decode(), output)


# --- case --------------------------------------------------------------------------------------------


@case_app.command("show")
@friendly_errors
def case_show(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    format: Annotated[TextFormat, typer.Option("--format", "-f")] = TextFormat.text,
) -> None:
    """One case in full: the record, its provenance and its review flags."""
    from imnm.services.cases import get_case

    case = get_case(registry(), case_id).case
    if format is TextFormat.json:
        sys.stdout.write(case.model_dump_json(indent=2, exclude_none=True) + "\n")
        return
    from imnm.report.text import case_text

    console.print(case_text(case), highlight=False)


@case_app.command("list")
@friendly_errors
def case_list() -> None:
    """Every case id with its article, sex, age and outcome."""
    from imnm.services.cases import list_cases

    for row in list_cases(registry()):
        age = f"{row['age_years']:g}" if row["age_years"] is not None else "-"
        console.print(f"{row['id']}\t{row['article'] or row['source_kind']}\t{row['sex'] or '-'}\t{age}\t"
                      f"{row['outcome_class']}", highlight=False)


def _cli_actor(actor: str | None):
    """The audit trail's actor of a command: ``--actor``, else ``cli:`` and the operating-system login."""
    from imnm.services.audit import Actor

    return Actor.cli(actor)


ACTOR_HELP = "who {} (kept in the audit trail; default: cli: and your login name)"


@case_app.command("add")
@friendly_errors
def case_add(
    file: Annotated[Path, typer.Argument(metavar="FILE.json", help="one case object, or a list of them")],
    actor: Annotated[str | None, typer.Option(help=ACTOR_HELP.format("adds the case"))] = None,
) -> None:
    r"""Validate and store new cases, all or nothing; the last line printed is the new case's ID.

    A list is read, checked and written a batch at a time in one transaction (100 000 patients fit in
    the memory of a few). All or nothing: if any record is invalid (the error names \[index].field,
    the value and what was expected), or its id or its patient (DOI or PMID with the case label) is
    already stored or earlier in the file, nothing at all is stored.
    """
    from imnm.interop.commands import warn_each
    from imnm.model.casefile import CaseFile, iter_cases
    from imnm.services.cases import add_cases

    source = CaseFile(file)
    reg = registry()
    with _import_progress(source) as on_batch:
        ids = add_cases(reg, warn_each(iter_cases(source)), _cli_actor(actor), on_batch=on_batch)
    err_console.print(f"added {len(ids)} case(s)")
    for case_id in ids:
        sys.stdout.write(case_id + "\n")


@case_app.command("add-visit")
@friendly_errors
def case_add_visit(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    file: Annotated[Path, typer.Argument(metavar="VISIT.json", help="one visit: date or months_from_diagnosis, scores, labs")],
    actor: Annotated[str | None, typer.Option(help=ACTOR_HELP.format("adds the visit"))] = None,
) -> None:
    """Add a follow-up visit (labs, CMAS, MMT8, global activity, CHAQ...) to a stored case."""
    from imnm.interop.commands import warn_identifiers
    from imnm.model import Visit
    from imnm.services.cases import add_visit

    visit = Visit.model_validate_json(file.read_text(encoding="utf-8"))
    case = add_visit(registry(), case_id, visit, _cli_actor(actor)).case
    warn_identifiers(visit, f"visits[{len(case.visits) - 1}].")
    console.print(f"{case_id}: visit {len(case.visits) - 1} added ({len(case.visits)} visits)", highlight=False)


@case_app.command("add-treatment")
@friendly_errors
def case_add_treatment(
    case_id: Annotated[str, typer.Argument(metavar="ID")],
    file: Annotated[Path, typer.Argument(metavar="COURSE.json", help="one treatment course: drug, dose, start...")],
    actor: Annotated[str | None, typer.Option(help=ACTOR_HELP.format("adds the course"))] = None,
) -> None:
    """Add a treatment course (drug, dose and unit, route, frequency, start/stop) to a stored case."""
    from imnm.model import TreatmentCourse
    from imnm.services.cases import add_treatment

    course = TreatmentCourse.model_validate_json(file.read_text(encoding="utf-8"))
    case = add_treatment(registry(), case_id, course, _cli_actor(actor)).case
    console.print(f"{case_id}: {course.drug.value} course added ({len(case.treatments)} courses)", highlight=False)


# --- schema ------------------------------------------------------------------------------------------


class SchemaName(StrEnum):
    case = "case"
    visit = "visit"
    course = "course"


@app.command("schema")
@friendly_errors
def schema(
    name: Annotated[SchemaName, typer.Argument(help="case (case add), visit (add-visit) or course (add-treatment)")],
) -> None:
    """Print the JSON Schema of an input file, so a form or another program can write valid files."""
    from imnm.services.registry_admin import input_schema

    sys.stdout.write(json.dumps(input_schema(name.value), indent=2, ensure_ascii=False) + "\n")


# --- web: accounts and serving ----------------------------------------------------------------------

user_app = typer.Typer(help="Web app accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")


class Role(StrEnum):
    admin = "admin"
    clinician = "clinician"
    researcher = "researcher"
    reviewer = "reviewer"


@user_app.command("add")
@friendly_errors
def user_add(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    role: Annotated[Role, typer.Option("--role", help="admin, clinician, researcher or reviewer")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
) -> None:
    """Create a web user; the password is read from stdin (never an argument, which 'ps' would show)."""
    from imnm.services.accounts import add_user
    from imnm.services.audit import Actor

    if not password_stdin:
        fail("give --password-stdin and the password on standard input (e.g. from a password manager)")
    password = sys.stdin.readline().rstrip("\r\n")
    add_user(registry(), name, role.value, password, actor=Actor.cli())
    err_console.print(f"user {name} added with role {role.value}", highlight=False)


@app.command("serve")
@friendly_errors
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="worker processes", min=1, max=64)] = 1,
) -> None:
    """Serve the web app (uvicorn) on the registry the CLI uses; settings from IMNM_* variables."""
    import os
    import secrets

    import uvicorn

    from imnm.web.settings import ENV_SECRET

    registry()  # migrate and seed once, before the workers start
    if not os.environ.get(ENV_SECRET):  # one key for every worker (CSRF of the sign-in form)
        os.environ[ENV_SECRET] = secrets.token_hex(32)
    err_console.print(f"imnm web app on http://{host}:{port}/ ({workers} worker(s))", highlight=False)
    uvicorn.run("imnm.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, log_level="warning")


# --- the main job ------------------------------------------------------------------------------------


@app.command("overview")
@friendly_errors
def overview() -> None:
    """Initialise the registry and print the cohort summary and Table 1 (the main job of 'make run')."""
    from imnm.interop import tables
    from imnm.report.text import summary_text
    from imnm.services.registry_admin import overview as run

    done = run(registry())
    console.print(f"registry: {done.url}", highlight=False)
    console.print(summary_text(done.summary), highlight=False)
    console.print(tables.to_rich(done.table1.to_frame(), title="Table 1, regenerated from the registry"))
    for note in done.table1.notes:
        console.print(note, highlight=False)



# --- commands of the other capabilities, each defined beside the code it shells -------------------

from imnm.clinical.commands import assess, refractory, response
from imnm.cohort.commands import evidence, forecast
from imnm.literature.commands import literature_app
from imnm.report.commands import plot_case

app.command("assess")(assess)
app.command("forecast")(forecast)
cohort_app.command("evidence")(evidence)
case_app.command("plot")(plot_case)
case_app.command("response")(response)
case_app.command("refractory")(refractory)
app.add_typer(literature_app, name="literature")

from imnm.interop.commands import case_export, case_import, redcap_app

case_app.command("export")(case_export)
case_app.command("import")(case_import)
app.add_typer(redcap_app, name="redcap")
