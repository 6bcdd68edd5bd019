"""Screening throughput: the rule set alone (records/s on one core), and parse + screen with Dask.

Input: MEDLINE files given on the command line, or (by default) invented records written by
``synthetic_medline.py`` into a temporary folder, plus the test screening corpus so a few records
are relevant, as in a real baseline. Run by hand:
    .venv/bin/python benchmarks/bench_screening.py [--records 20000] [--files 4]
    .venv/bin/python benchmarks/bench_screening.py pubmed25n0001.xml.gz pubmed25n0002.xml.gz
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
import time
from pathlib import Path

from synthetic_medline import write_medline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "literature" / "data" / "screening_corpus.xml"


def inputs(folder: Path, paths: list[Path], records: int, files: int) -> list[Path]:
    """The files to screen, copied into ``folder`` (so one glob matches them all)."""
    if paths:
        out = []
        for i, path in enumerate(paths):
            target = folder / f"pubmed_bench{i:04d}{''.join(path.suffixes[-2:]) or '.xml'}"
            shutil.copy(path, target)
            out.append(target)
        return out
    out = [write_medline(folder / f"pubmed_bench{i:04d}.xml.gz", records, seed=i + 1) for i in range(files)]
    corpus = folder / "pubmed_bench_corpus.xml.gz"
    corpus.write_bytes(gzip.compress(CORPUS.read_bytes()))
    return [*out, corpus]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="MEDLINE XML files (.xml or .xml.gz); default: invented")
    parser.add_argument("--records", type=int, default=20_000, help="invented records per file")
    parser.add_argument("--files", type=int, default=4, help="invented files")
    args = parser.parse_args()

    from imnm.literature.medline import parse_medline
    from imnm.literature.parallel import screen_files
    from imnm.literature.screening import default_rules

    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(Path(tmp), args.paths, args.records, args.files)
        records = parse_medline(files[0])
        rules = default_rules()
        best = min(_time(lambda: [rules.screen(r) for r in records]) for _ in range(3))
        print(f"rules only, 1 core: {len(records)} records in {best:.2f} s = {len(records) / best:,.0f} records/s")

        pattern = str(Path(tmp) / "pubmed_bench*.xml*")
        for workers in (1, 2):
            result = None

            def run(w=workers):
                nonlocal result
                result = screen_files(pattern, n_workers=w, processes=True, min_score=0.5)

            seconds = _time(run)
            total = result.records
            print(f"parse + screen, Dask LocalCluster {workers} worker(s): {len(files)} files, {total} records "
                  f"({result.likely} likely) in {seconds:.2f} s = {total / seconds:,.0f} records/s "
                  f"({total / seconds / workers:,.0f} per core; includes cluster start-up)")


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
