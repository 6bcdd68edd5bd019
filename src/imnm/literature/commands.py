"""``imnm literature``: parse, search, screen, screen-files, decide, extract, prisma, queue, update.

Thin shells over :mod:`imnm.services.literature` and :mod:`imnm.services.literature_search` (the
functions the web API calls too): they parse arguments, call the service and print. A user's mistake
(bad file, unknown format, glob matching nothing, unknown PMID) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from imnm.shell import console, err_console, fail, friendly_errors, registry

literature_app = typer.Typer(help="Living literature review: search, import, screen, PRISMA.", no_args_is_help=True)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class InputFormat(StrEnum):
    medline = "medline"
    ris = "ris"
    csv = "csv"


def _records_table(rows, title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("score", "suggestion", "PMID", "year", "title", "matched / missing"):
        table.add_column(column, overflow="fold")
    for s in rows:
        why = ", ".join(s.matched) + (f" | no {', '.join(s.missing)}" if s.missing else "")
        table.add_row(f"{s.score:.2f}", s.suggestion, s.pmid or "-", str(s.year or "-"), s.title[:90], why)
    return table


@literature_app.command("parse")
@friendly_errors
def parse(
    file: Annotated[Path, typer.Argument(help="MEDLINE/PubMed .xml or .xml.gz, .ris or .csv")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="output format")] = OutputFormat.jsonl,
    input_format: Annotated[InputFormat | None, typer.Option(help="override detection by file name")] = None,
) -> None:
    """Print every record of FILE, one JSON object a line (pmid, doi, title, abstract, ... language)."""
    from imnm.services.literature_search import records_of, summary_rows

    if format is OutputFormat.jsonl:
        # One encoder for all rows (json.dumps with options builds one per call) and a write per 512 rows.
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
        rows = summary_rows(file, input_format.value if input_format else None)
        while lines := [encode(row) for row in islice(rows, 512)]:
            sys.stdout.write("\n".join(lines) + "\n")
        return
    records = records_of(file, input_format.value if input_format else None)
    table = Table(title=str(file))
    for column in ("PMID", "year", "first author", "title"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(record.pmid or "-", str(record.year or "-"), record.first_author, record.title)
    console.print(table)


@literature_app.command("screen")
@friendly_errors
def screen_cmd(
    files: Annotated[list[Path], typer.Argument(help="exports to screen: .xml(.gz), .ris, .csv")],
    save: Annotated[bool, typer.Option(help="store new records and the run in the registry")] = False,
    source: Annotated[str | None, typer.Option(help="database or register name for PRISMA (default: by format)")] = None,
    rules: Annotated[Path | None, typer.Option(help="a screening rules YAML file instead of the shipped one")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Deduplicate, screen with the rule set, and list records most relevant first."""
    from imnm.services.literature_search import screen_exports

    def saved(path: Path, run: dict) -> None:
        err_console.print(f"{path.name}: {run['identified']} identified, {run['duplicates_removed']} "
                          f"duplicate(s), {run['new_records']} new", highlight=False)

    # streamed unless --save: one record at a time, the registry opened only once every file is read
    with screen_exports(files, rules=rules, registry=registry if save else None, source=source,
                        on_saved=saved) as screened:
        err_console.print(f"{screened.identified} records, {screened.duplicates} duplicate(s) removed, "
                          f"{screened.likely} likely relevant", highlight=False)
        if format is OutputFormat.jsonl:
            lines = screened.lines()
            while chunk := list(islice(lines, 512)):  # one write per 512 lines
                sys.stdout.write(b"".join(chunk).decode())
        else:
            console.print(_records_table(screened.screenings(), "Screening (rules suggest; the reviewer decides)"))


@literature_app.command("screen-files")
@friendly_errors
def screen_files_cmd(
    pattern: Annotated[str, typer.Argument(metavar="GLOB", help="e.g. 'baseline/pubmed25n*.xml.gz' (quote it)")],
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address; default a local cluster")] = None,
    workers: Annotated[int | None, typer.Option(help="local workers (default: one per core)")] = None,
    min_score: Annotated[float, typer.Option(help="keep records scoring at least this")] = 0.5,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write kept records as JSONL")] = None,
) -> None:
    """Screen many MEDLINE files in parallel on Dask (a whole baseline), keeping the relevant records."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from imnm.services.literature_search import count_files, screen_many_files, write_hits

    total = count_files(pattern)  # fail fast, before a cluster starts
    with Progress("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task("files screened", total=total)
        screened = screen_many_files(pattern, scheduler=scheduler, workers=workers, min_score=min_score,
                                     on_file_done=lambda f: progress.advance(task))
    result, hits = screened.result, screened.hits
    err_console.print(f"{len(result.files)} files, {result.records} records, {result.likely} likely relevant, "
                      f"{len(hits)} kept (score >= {min_score})", highlight=False)
    if output:
        write_hits(hits, output)
        err_console.print(f"written: {output}")
    else:
        console.print(_records_table([s for s, _ in hits], "Kept records"))
    if result.errors:
        fail("some files could not be screened:\n" + "\n".join(f"  - {e}" for e in result.errors))


@literature_app.command("search")
@friendly_errors
def search_cmd(
    email: Annotated[str, typer.Option(envvar="NCBI_EMAIL", help="contact e-mail NCBI requires")],
    query: Annotated[str | None, typer.Option(help="PubMed query; default: the review's query")] = None,
    # help texts are Rich markup: a literal '[' is written '\['
    mindate: Annotated[str | None, typer.Option(help=r"publication date from (YYYY\[/MM\[/DD]])")] = None,
    maxdate: Annotated[str, typer.Option(help="publication date to; default the seed's July 2023")] = "2023/07/31",
    api_key: Annotated[str | None, typer.Option(envvar="NCBI_API_KEY", help="NCBI API key (10 requests/s)")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="cache of EFetch batches")] = None,
    save: Annotated[bool, typer.Option(help="store the run and new records in the registry")] = True,
    batch_size: Annotated[int, typer.Option(help="records per EFetch request")] = 200,
) -> None:
    """Run the PubMed search (ESearch + batched EFetch), screen what it finds, and store the run."""
    from imnm.services.literature_search import pubmed_client, search

    client = pubmed_client(email, api_key=api_key, cache_dir=cache_dir, batch_size=batch_size)
    found = search(client, query=query, mindate=mindate, maxdate=maxdate, registry=registry if save else None,
                   progress=sys.stderr.isatty(),
                   on_found=lambda n: err_console.print(f"PubMed: {n} records for the query", highlight=False))
    if found.saved is not None:
        err_console.print(f"stored: {found.saved['new_records']} new, {found.saved['duplicates_removed']} "
                          "already known", highlight=False)
    console.print(_records_table(found.ranked, "PubMed search"))


@literature_app.command("decide")
@friendly_errors
def decide(
    record: Annotated[str, typer.Argument(metavar="PMID_OR_KEY")],
    include: Annotated[bool, typer.Option("--include", help="include the record at this stage")] = False,
    exclude: Annotated[bool, typer.Option("--exclude", help="exclude it (needs --reason)")] = False,
    not_retrieved: Annotated[bool, typer.Option("--not-retrieved", help="full text could not be obtained")] = False,
    reason: Annotated[str | None, typer.Option(help="reason for exclusion, as reported in PRISMA")] = None,
    stage: Annotated[str, typer.Option(help="screening (title/abstract) or eligibility (full text)")] = "screening",
    reviewer: Annotated[str, typer.Option(help="reviewer name or initials")] = "cli",
) -> None:
    """Record a reviewer's decision on a stored record (the latest decision counts; history is kept)."""
    from imnm.services.audit import Actor
    from imnm.services.literature import decide as record_decision

    chosen = [name for flag, name in ((include, "include"), (exclude, "exclude"), (not_retrieved, "not_retrieved"))
              if flag]
    if len(chosen) != 1:
        fail("decision: give exactly one of --include, --exclude, --not-retrieved")
    made = record_decision(registry, record, stage, chosen[0], reason, Actor(reviewer, None, "local"))
    console.print(f"{made['record_key']}: {made['decision']} at {stage}"
                  + (f" ({reason})" if reason else ""), highlight=False)


class ExtractFormat(StrEnum):
    json = "json"
    text = "text"


@literature_app.command("extract")
@friendly_errors
def extract_cmd(
    file: Annotated[Path | None, typer.Argument(help="a case report as .txt, or a MEDLINE .xml(.gz) / .ris export")] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    included: Annotated[bool, typer.Option("--included", help="read the registry's included records")] = False,
) -> None:
    """Candidate Table 1 rows, one per patient, each value with its evidence span and confidence."""
    from imnm.services.literature_search import extract

    cases = extract(file, registry=registry if included else None)
    if format is ExtractFormat.json:
        sys.stdout.write(json.dumps([c.output_row() for c in cases], indent=1, ensure_ascii=False) + "\n")
        return
    for c in cases:
        r = c.record
        console.print(f"[bold]{c.source or '-'}[/] {c.patient_label or ''} ({c.language})", highlight=False)
        for key in ("sex", "age_years", "ethnicity", "ck_iu_l", "aldolase_iu_l", "antibodies", "features",
                    "features_absent", "treatments", "ivig_dose", "outcome_class", "follow_up_months"):
            if r.get(key) not in (None, [], {}):
                console.print(f"  {key}: {r[key]} (confidence {c.confidence.get(key, '-')})", highlight=False)
        for message in c.review_flags:
            console.print(f"  flag: {message}", highlight=False)


class PrismaFormat(StrEnum):
    text = "text"
    json = "json"


@literature_app.command("prisma")
@friendly_errors
def prisma(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="diagram: NAME (SVG and PNG), .svg or .png")] = None,
    format: Annotated[PrismaFormat, typer.Option("--format", "-f")] = PrismaFormat.text,
) -> None:
    """PRISMA 2020 counts from the registry's searches and decisions, and the flow diagram."""
    from imnm.literature.prisma import save_prisma
    from imnm.services.literature import prisma_with_cases

    counts = prisma_with_cases(registry())  # a study is included once a reviewer accepted one of its cases
    if format is PrismaFormat.json:
        sys.stdout.write(json.dumps(counts.model_dump(), indent=2) + "\n")
    else:
        lines = [f"identified: {counts.identified_total} ("
                 + ", ".join(f"{k} {v}" for k, v in counts.identified.items()) + ")",
                 f"duplicates removed: {counts.duplicates_removed}",
                 f"screened: {counts.screened}; excluded: {counts.screening_excluded}",
                 f"reports sought: {counts.sought_for_retrieval}; not retrieved: {counts.not_retrieved}",
                 f"reports assessed: {counts.assessed}; excluded: {counts.eligibility_excluded_total}"]
        lines += [f"  {reason}: {n}" for reason, n in counts.eligibility_excluded.items()]
        lines.append(f"included: {counts.included}")
        if not counts.complete:
            lines.append(f"in progress: {counts.awaiting_screening} awaiting screening, "
                         f"{counts.awaiting_assessment} awaiting full-text assessment, "
                         f"{counts.awaiting_case_review} included at full text awaiting case review "
                         "(imnm literature queue)")
        console.print("\n".join(lines), highlight=False)
    if output:
        try:
            written = save_prisma(counts, output)
        except ValueError as exc:
            fail(str(exc))
        for path in written:
            err_console.print(f"written: {path}")


# --- the extraction review queue and the living update ---------------------------------------------

queue_app = typer.Typer(help="Extracted cases waiting for a reviewer: list, show, accept, reject.")
literature_app.add_typer(queue_app, name="queue")

_HIDDEN = {"id", "article", "year", "doi", "pmid", "source_kind", "aggregate", "n_cases", "review_flags", "source",
           "language", "evidence", "confidence", "case_label"}


def _item_text(row: dict) -> str:
    """One item as a reviewer reads it: each value with the words it was read from and its confidence."""
    lines = [f"#{row['id']} {row['state']}  {row['record_key']}  {row['patient_label'] or '(one patient)'}  "
             f"language {row['language']}" + (f"  case {row['case_id']}" if row["case_id"] else "")]
    for name, value in row.items():
        if name in _HIDDEN or name in {"state", "record_key", "patient_label", "created_at", "update_run_id",
                                       "case_id", "decisions"} or value in (None, [], {}, ""):
            continue
        spans = "; ".join(f'"{e["text"]}" [{e["start"]}-{e["end"]}]' for e in row["evidence"].get(name, []))
        confidence = row["confidence"].get(name)
        lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}" + (f"  <- {spans}" if spans else "")
                     + (f" ({confidence:.2f})" if confidence is not None else ""))
    lines += [f"  flag: {flag}" for flag in row["review_flags"]]
    lines += [f"  {d['decided_at'][:16]} {d['decision']} by {d['reviewer']}" + (f": {d['reason']}" if d["reason"]
                                                                               else "") for d in row["decisions"]]
    return "\n".join(lines)


@queue_app.callback(invoke_without_command=True)
@friendly_errors
def queue_list(
    ctx: typer.Context,
    format: Annotated[PrismaFormat, typer.Option("--format", "-f")] = PrismaFormat.text,
) -> None:
    """List the extracted cases waiting for a decision, with the evidence of every value."""
    if ctx.invoked_subcommand is not None:
        return
    from imnm.services.literature import queue

    rows = queue(registry())
    if format is PrismaFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    for row in rows:
        console.print(_item_text(row), highlight=False, markup=False)
    err_console.print(f"{len(rows)} case(s) awaiting review", highlight=False)


@queue_app.command("show")
@friendly_errors
def queue_show(
    item_id: Annotated[int, typer.Argument(metavar="ID")],
    format: Annotated[PrismaFormat, typer.Option("--format", "-f")] = PrismaFormat.text,
) -> None:
    """One queue item, whatever its state, with its values, evidence, flags and decisions."""
    from imnm.services.literature import queue_item

    row = queue_item(registry(), item_id)
    if format is PrismaFormat.json:
        sys.stdout.write(json.dumps(row, indent=2, ensure_ascii=False) + "\n")
    else:
        console.print(_item_text(row), highlight=False, markup=False)


@queue_app.command("accept")
@friendly_errors
def queue_accept(
    item_id: Annotated[int, typer.Argument(metavar="ID")],
    reviewer: Annotated[str, typer.Option(help="reviewer name or initials")],
    edit: Annotated[Path | None, typer.Option(help="a case JSON to store instead of the extracted values")] = None,
) -> None:
    """Add the case to the cohort (its article must be included at full text), as extracted or edited."""
    import pydantic_core

    from imnm.model import InvalidInput
    from imnm.services.audit import Actor
    from imnm.services.literature import accept_item

    edited = None
    if edit is not None:
        try:
            edited = pydantic_core.from_json(edit.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InvalidInput([f"not valid JSON: {exc}"], str(edit)) from None
        if not isinstance(edited, dict):
            raise InvalidInput([f"got a JSON {type(edited).__name__}; expected one case (a JSON object)"], str(edit))
    row = accept_item(registry(), item_id, Actor(reviewer, None, "local"), edited=edited,
                      source=str(edit) if edit else None)
    console.print(f"queue item {item_id}: accepted as case {row['case_id']}", highlight=False)


@queue_app.command("reject")
@friendly_errors
def queue_reject(
    item_id: Annotated[int, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option(help="why the case does not enter the cohort")],
    reviewer: Annotated[str, typer.Option(help="reviewer name or initials")],
) -> None:
    """Keep the case out of the cohort, with the reason (it stays in the queue's history)."""
    from imnm.services.audit import Actor
    from imnm.services.literature import reject_item

    reject_item(registry(), item_id, Actor(reviewer, None, "local"), reason)
    console.print(f"queue item {item_id}: rejected ({reason})", highlight=False)


@literature_app.command("update")
@friendly_errors
def update_cmd(
    email: Annotated[str, typer.Option(envvar="NCBI_EMAIL", help="contact e-mail NCBI requires")],
    since: Annotated[str | None, typer.Option(help="publication date from (YYYY-MM-DD); default the last update")] = None,
    api_key: Annotated[str | None, typer.Option(envvar="NCBI_API_KEY", help="NCBI API key (10 requests/s)")] = None,
    query: Annotated[str | None, typer.Option(help="PubMed query; default: the review's query")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="cache of EFetch batches")] = None,
    batch_size: Annotated[int, typer.Option(help="records per EFetch request")] = 200,
) -> None:
    """The living update: search PubMed, store and screen what is new, queue the cases of included reports.

    Nothing is included automatically: cases are read only from reports a reviewer included at full
    text; new records the rules call likely relevant wait for the reviewer's screening decision.
    """
    from imnm.services.literature_search import pubmed_client, update

    client = pubmed_client(email, api_key=api_key, cache_dir=cache_dir, batch_size=batch_size)
    report = update(registry, client, since=since, query=query, progress=sys.stderr.isatty())
    err_console.print(
        f"PubMed{f' since {report.since}' if report.since else ''}: {report.identified} identified, "
        f"{report.duplicates_removed} already stored, {len(report.new_keys)} new ({len(report.likely_new)} likely "
        "relevant, awaiting your screening: imnm literature decide)", highlight=False)
    err_console.print(f"read for cases: {len(report.records_read)} included record(s); queued: {len(report.queued)} "
                      "(imnm literature queue)", highlight=False)
    if report.records_without_case:
        err_console.print("no patient found in: " + ", ".join(report.records_without_case)
                          + " (add a case by hand with imnm case add)", highlight=False)
    console.print(f"update run {report.run_id} recorded", highlight=False)
