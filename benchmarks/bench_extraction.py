"""Case extraction: field-level precision and recall on the hand-written corpus, and throughput.

The corpus (tests/literature/extraction_corpus) is paraphrased from published paediatric myositis case
reports; each text has an expected record per patient. It has a tuning part (``tune_*``) and a held-out
part (``held_*``) written last (partly tuned on since), and an unseen part (``unseen_*``, 11 texts,
13 patients) written from reports the project had never read, scored once before any change; each is
reported. A second unseen part (``blind_*``, ``"set": "unseen_2"``) was written blind, without sight of
the extractor, to be scored once before any change; it is left out (of ``all`` and of the timing too)
unless ``--blind`` is given, so that tuning runs never show its texts; a third one (``blind3_*``, ``"set":
"unseen_3"``) likewise needs ``--blind3``, a fourth (``blind4_*``, ``"set": "unseen_4"``) ``--blind4``, its second
part (``blind4b_*``, ``"set": "unseen_4b"``, added after the first was tuned on) ``--blind4b`` and a fifth
(``blind5_*``, ``"set": "unseen_5"``) ``--blind5`` and a sixth (``blind6_*``, ``"set": "unseen_6"``)
``--blind6``. Throughput is texts per second on
one core (one process, the spaCy pipeline built before timing). Run by hand:
    .venv/bin/python benchmarks/bench_extraction.py [--repeat 20] [--blind] [--blind3] [--blind4] [--blind4b] [--blind5] [--blind6] [FOLDER]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from imnm.literature.extract import extract_cases
from imnm.literature.extract_scoring import FIELDS, load_corpus, part_of, score_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "literature" / "extraction_corpus"


def report(name: str, items) -> None:
    score = score_corpus(items)
    patients = sum(len(e["patients"]) for _, _, e in items)
    print(f"\n{name}: {len(items)} texts, {patients} patients")
    print(f"{'field':<18} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for key in FIELDS:
        if score.tp[key] + score.fp[key] + score.fn[key]:
            print(f"{key:<18} {score.precision(key):>9.3f} {score.recall(key):>7.3f} "
                  f"{score.tp[key]:>4} {score.fp[key]:>4} {score.fn[key]:>4}")
    print(f"{'overall':<18} {score.precision():>9.3f} {score.recall():>7.3f} "
          f"{sum(score.tp.values()):>4} {sum(score.fp.values()):>4} {sum(score.fn.values()):>4}")
    for line in score.errors:
        print("  -", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus for the timing")
    parser.add_argument("--blind", action="store_true",
                        help="also score the second unseen set (blind_*), once, after the extractor changes land")
    parser.add_argument("--blind3", action="store_true",
                        help="also score the third unseen set (blind3_*), once, before any change answers it")
    parser.add_argument("--blind4", action="store_true",
                        help="also score the fourth unseen set (blind4_*), once, before any change answers it")
    parser.add_argument("--blind4b", action="store_true",
                        help="also score the fourth set's second part (blind4b_*), once, before any change answers it")
    parser.add_argument("--blind5", action="store_true",
                        help="also score the fifth unseen set (blind5_*), once, before any change answers it")
    parser.add_argument("--blind6", action="store_true",
                        help="also score the sixth unseen set (blind6_*), once, before any change answers it")
    args = parser.parse_args()
    report("tuning set", load_corpus(args.folder, part="tuning"))
    report("held-out set (first, partly tuned on since)", load_corpus(args.folder, part="held_out"))
    report("unseen set (written from reports never seen, scored once before any change)",
           load_corpus(args.folder, part="unseen"))
    if args.blind:
        report("second unseen set, written blind, scored once before any change",
               load_corpus(args.folder, part="unseen_2"))
    if args.blind3:
        report("third unseen set, written blind, scored once before any change",
               load_corpus(args.folder, part="unseen_3"))
    if args.blind4:
        report("fourth unseen set, written blind, scored once before any change",
               load_corpus(args.folder, part="unseen_4"))
    if args.blind4b:
        report("fourth unseen set, second part, written blind, scored once before any change",
               load_corpus(args.folder, part="unseen_4b"))
    if args.blind5:
        report("fifth unseen set, written blind, scored once before any change",
               load_corpus(args.folder, part="unseen_5"))
    if args.blind6:
        report("sixth unseen set, written blind, scored once before any change",
               load_corpus(args.folder, part="unseen_6"))
    hidden = {"unseen_2": not args.blind, "unseen_3": not args.blind3, "unseen_4": not args.blind4,
              "unseen_4b": not args.blind4b, "unseen_5": not args.blind5,
              "unseen_6": not args.blind6}
    corpus = [item for item in load_corpus(args.folder) if not hidden.get(part_of(item[2]), False)]
    report("all", corpus)
    texts = [text for _, text, _ in corpus]
    extract_cases(texts[0])  # build the pipeline outside the timing
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for text in texts:
            extract_cases(text)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = len(texts) * args.repeat
    chars = sum(map(len, texts)) * args.repeat
    print(f"\nthroughput: {n} texts ({chars / n:.0f} characters each on average) in {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU: {n / wall:.0f} texts/s on one core")


if __name__ == "__main__":
    main()
