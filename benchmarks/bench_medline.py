"""MEDLINE parse throughput and peak memory: imnm's reader against pubmed_parser, same file, same run.

A large MEDLINE file is synthesised by repeating the nine peer PubmedArticle records
(../shared/peer-data). Each parser runs in its own subprocess, so its peak resident memory
(``resource.getrusage``: ru_maxrss) is its own; the number reported is the peak minus the RSS
after imports. Run by hand:  .venv/bin/python benchmarks/bench_medline.py [--copies 300 1500]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEER = Path(__file__).resolve().parents[2] / "shared" / "peer-data"
PARSERS = {
    "imnm": "imnm",
    "pubmed_parser": "pubmed_parser (defaults)",
    "pubmed_parser_same_fields": "pubmed_parser (the fields imnm gives)",
}


def synthesise(copies: int, folder: Path) -> tuple[Path, int]:
    articles = []
    for path in sorted(PEER.glob("*/*.xml")):
        articles += re.findall(r"<PubmedArticle>.*?</PubmedArticle>", path.read_text("utf-8"), re.DOTALL)
    target = folder / f"synthetic_{copies}x.xml.gz"
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=6) as fh:
        fh.write('<?xml version="1.0" ?>\n<PubmedArticleSet>\n')
        for _ in range(copies):
            fh.write("\n".join(articles) + "\n")
        fh.write("</PubmedArticleSet>\n")
    return target, copies * len(articles)


def child(parser: str, path: str) -> None:
    if parser == "imnm":
        from imnm.literature.medline import iter_medline as run
    elif parser == "pubmed_parser":
        from pubmed_parser import parse_medline_xml as run
    else:  # the same fields imnm gives: authors, full dates, NLM categories, MeSH qualifiers
        from functools import partial

        from pubmed_parser import parse_medline_xml

        run = partial(parse_medline_xml, year_info_only=False, nlm_category=True, author_list=True,
                      parse_downto_mesh_subterms=True)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    n = sum(1 for _ in run(path))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": n, "seconds": seconds, "peak_mib": (peak - baseline) / 1024}))


def measure(parser: str, path: Path, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, __file__, "--child", parser, str(path)], check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out))
    best = min(runs, key=lambda r: r["seconds"])
    return {"records": best["records"], "seconds": best["seconds"], "records_per_s": best["records"] / best["seconds"],
            "peak_mib": max(r["peak_mib"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, nargs="+", default=[300, 1500])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("PARSER", "FILE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        print("| file | records | MB (xml) | parser | records/s | peak RSS above baseline (MiB) |")
        print("|---|---|---|---|---|---|")
        for copies in args.copies:
            path, n = synthesise(copies, Path(tmp))
            with gzip.open(path) as fh:
                size_mb = sum(len(x) for x in fh) / 1e6
            results = {name: measure(name, path, args.repeats) for name in PARSERS}
            for name, r in results.items():
                assert r["records"] == n, (name, r["records"], n)
                print(f"| {path.name} | {n} | {size_mb:.0f} | {PARSERS[name]} | {r['records_per_s']:,.0f} "
                      f"| {r['peak_mib']:.1f} |")
            for name in ("pubmed_parser", "pubmed_parser_same_fields"):
                ratio = results["imnm"]["records_per_s"] / results[name]["records_per_s"]
                print(f"| | | | **imnm / {PARSERS[name]}** | **{ratio:.2f}x** | |")


if __name__ == "__main__":
    main()
