"""Screening throughput: the rule set alone (records/s on one core), and parse + screen with Dask.

Records are the peer samples plus the screening corpus, repeated. Run by hand:
    .venv/bin/python benchmarks/bench_screening.py [--copies 300] [--files 4]
"""

from __future__ import annotations

import argparse
import gzip
import re
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "peer-data"
CORPUS = ROOT / "tests" / "literature" / "data" / "screening_corpus.xml"


def articles() -> list[str]:
    found = []
    for path in [*sorted(PEER.glob("*/*.xml")), CORPUS]:
        found += re.findall(r"<PubmedArticle>.*?</PubmedArticle>", path.read_text("utf-8"), re.DOTALL)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--files", type=int, default=4)
    args = parser.parse_args()

    from imnm.literature.medline import parse_medline_string
    from imnm.literature.parallel import screen_files
    from imnm.literature.screening import default_rules

    arts = articles()
    body = '<?xml version="1.0" ?>\n<PubmedArticleSet>\n' + "\n".join(arts * args.copies) + "\n</PubmedArticleSet>\n"
    records = parse_medline_string(body)
    rules = default_rules()
    best = min(_time(lambda: [rules.screen(r) for r in records]) for _ in range(3))
    print(f"rules only, 1 core: {len(records)} records in {best:.2f} s = {len(records) / best:,.0f} records/s")

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.files):
            with gzip.open(Path(tmp) / f"pubmed_bench{i:04d}.xml.gz", "wt", encoding="utf-8") as fh:
                fh.write(body)
        total = len(records) * args.files
        for workers in (1, 2):
            seconds = _time(lambda w=workers: screen_files(str(Path(tmp) / "pubmed_bench*.xml.gz"), n_workers=w,
                                                 processes=True, min_score=0.5))
            print(f"parse + screen, Dask LocalCluster {workers} worker(s): {total} records in {seconds:.2f} s "
                  f"= {total / seconds:,.0f} records/s ({total / seconds / workers:,.0f} per core; "
                  "includes cluster start-up)")


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
