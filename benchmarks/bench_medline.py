"""MEDLINE parsing: ``imnm literature parse`` vs pubmed_parser, as whole processes and as libraries.

The input is a gzipped MEDLINE file of invented records made by ``synthetic_medline.py`` (20,000
records by default, about 4 KB each; deterministic for a seed). Two comparisons, same file, same run:

* whole process, what a user runs: ``imnm literature parse FILE --format jsonl > out`` against a
  Python process running ``pubmed_parser.parse_medline_xml`` over FILE and writing one JSON object a
  line (its defaults, and configured for the fields imnm gives). Wall time, CPU time (user + sys)
  and peak resident memory come from ``os.wait4`` on each child, start-up and imports included;
  the runs alternate between the programs so that load on a shared machine hits all of them.
* library: in a fresh subprocess, the time to iterate over the records (imports excluded) and the
  peak RSS above the RSS after imports (``resource.getrusage``).

Every figure is the median of ``--repeats`` runs. Run by hand:

    .venv/bin/python benchmarks/bench_medline.py [--records 20000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_medline import write_medline

PARSERS = {
    "imnm": "imnm",
    "pubmed_parser": "pubmed_parser (defaults)",
    "pubmed_parser_same_fields": "pubmed_parser (the fields imnm gives)",
}
SAME_FIELDS = {"year_info_only": False, "nlm_category": True, "author_list": True, "parse_downto_mesh_subterms": True}


def _pubmed_parser(parser: str):
    from pubmed_parser import parse_medline_xml

    options = SAME_FIELDS if parser == "pubmed_parser_same_fields" else {}
    return lambda path: parse_medline_xml(path, **options)


def library_child(parser: str, path: str) -> None:
    """One library-level run (in its own process): records, seconds, peak MiB above the import baseline."""
    if parser == "imnm":
        from imnm.literature.medline import iter_medline as run
    else:
        run = _pubmed_parser(parser)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    n = sum(1 for _ in run(path))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": n, "seconds": seconds, "peak_mib": (peak - baseline) / 1024}))


def pubmed_parser_jsonl(parser: str, path: str) -> None:
    """What a pubmed_parser user writes to get JSON lines: one ``json.dumps`` per record to stdout."""
    out = sys.stdout
    for record in _pubmed_parser(parser)(path):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def command(parser: str, path: Path) -> list[str]:
    if parser == "imnm":
        script = shutil.which("imnm", path=str(Path(sys.executable).parent)) or shutil.which("imnm")
        return [script, "literature", "parse", str(path), "--format", "jsonl"]
    return [sys.executable, __file__, "--jsonl-child", parser, str(path)]


def run_process(argv: list[str], output: Path) -> dict:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one whole process writing to ``output``."""
    with output.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed: {process.stderr.read().decode()}")
    process.stderr.close()
    with output.open("rb") as fh:
        lines = sum(1 for _ in fh)
    return {"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "records": lines}


def whole_process(path: Path, repeats: int, folder: Path) -> dict[str, dict]:
    runs: dict[str, list[dict]] = {name: [] for name in PARSERS}
    for _ in range(repeats):
        for name in PARSERS:  # alternate, so load on the machine falls on every program alike
            runs[name].append(run_process(command(name, path), folder / f"{name}.jsonl"))
    return {name: _median(r) for name, r in runs.items()}


def library(path: Path, repeats: int) -> dict[str, dict]:
    runs: dict[str, list[dict]] = {name: [] for name in PARSERS}
    for _ in range(repeats):
        for name in PARSERS:
            out = subprocess.run([sys.executable, __file__, "--library-child", name, str(path)], check=True,
                                 capture_output=True, text=True).stdout
            runs[name].append(json.loads(out))
    return {name: _median(r) for name, r in runs.items()}


def _median(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--library-child", nargs=2, metavar=("PARSER", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--jsonl-child", nargs=2, metavar=("PARSER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.library_child:
        library_child(*args.library_child)
        return
    if args.jsonl_child:
        pubmed_parser_jsonl(*args.jsonl_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_medline(folder / f"synthetic_{args.records}.xml.gz", args.records, args.seed)
        with gzip.open(path) as fh:
            size_mb = sum(len(block) for block in iter(lambda: fh.read(1 << 20), b"")) / 1e6
        print(f"{path.name}: {args.records} invented records, {size_mb:.0f} MB of XML, "
              f"{path.stat().st_size / 1e6:.1f} MB gzipped; medians of {args.repeats} runs\n")

        print("Whole process (`imnm literature parse FILE --format jsonl > out` vs a pubmed_parser script "
              "writing JSON lines)\n")
        print("| program | records | wall s | CPU s | records/s (wall) | peak RSS (MiB) |")
        print("|---|---|---|---|---|---|")
        results = whole_process(path, args.repeats, folder)
        for name, r in results.items():
            assert r["records"] == args.records, (name, r["records"])
            print(f"| {PARSERS[name]} | {r['records']:.0f} | {r['seconds']:.2f} | {r['cpu']:.2f} "
                  f"| {r['records'] / r['seconds']:,.0f} | {r['peak_mib']:.0f} |")
        for name in ("pubmed_parser", "pubmed_parser_same_fields"):
            wall = results[name]["seconds"] / results["imnm"]["seconds"]
            cpu = results[name]["cpu"] / results["imnm"]["cpu"]
            print(f"| **imnm / {PARSERS[name]}** | | **{wall:.2f}x** | **{cpu:.2f}x** | | |")

        print("\nLibrary (iterating over the records in a fresh process, imports excluded)\n")
        print("| parser | records/s | peak RSS above baseline (MiB) |")
        print("|---|---|---|")
        results = library(path, args.repeats)
        for name, r in results.items():
            assert r["records"] == args.records, (name, r["records"])
            print(f"| {PARSERS[name]} | {r['records'] / r['seconds']:,.0f} | {r['peak_mib']:.1f} |")
        for name in ("pubmed_parser", "pubmed_parser_same_fields"):
            ratio = results[name]["seconds"] / results["imnm"]["seconds"]
            print(f"| **imnm / {PARSERS[name]}** | **{ratio:.2f}x** | |")


if __name__ == "__main__":
    main()
