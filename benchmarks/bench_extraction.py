"""Case extraction: field-level precision and recall on the hand-written corpus, and throughput.

The corpus (tests/literature/extraction_corpus) is paraphrased from published paediatric myositis case
reports; each text has an expected record per patient. It has a tuning part (``tune_*``) and a held-out
part (``held_*``) written last (partly tuned on since), and an unseen part (``unseen_*``, 11 texts,
13 patients) written from reports the project had never read, scored once before any change; each is
reported. The sets written blind afterwards, without sight of the extractor (``blind_*`` as ``"set":
"unseen_2"``, ``blind3_*`` as ``"unseen_3"`` and so on, listed in ``BLIND_PARTS``), are each scored once
before any change; each is left out (of ``all`` and of the timing too) unless its flag (``--blind``,
``--blind3`` ...) is given, so that tuning runs never show its texts. Throughput is
texts per second on one core (one process, the spaCy pipeline built before timing). Run by hand:
    .venv/bin/python benchmarks/bench_extraction.py [--repeat 20] [--blind] [--blind3] ... [--blind38] [--blind39] [FOLDER]
"""

from __future__ import annotations

import argparse
import re
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
    precision, recall = score.precision_interval(), score.recall_interval()
    if precision and recall:
        print(f"{'exact 95% CI':<18} {precision.low:.3f}-{precision.high:.3f} {recall.low:.3f}-{recall.high:.3f}"
              "  (Clopper-Pearson; items of one text are not independent, so the true interval is wider)")
    for line in score.errors:
        print("  -", line)


#: The sets written blind: flag, corpus part, name. Each is scored (and timed) only when asked for, so the
#: engineer tuning the extractor does not read its texts in every run's error list.
BLIND_PARTS = [
    ("blind", "unseen_2", "second unseen set"),
    ("blind3", "unseen_3", "third unseen set"),
    ("blind4", "unseen_4", "fourth unseen set"),
    ("blind4b", "unseen_4b", "fourth unseen set, second part"),
    ("blind5", "unseen_5", "fifth unseen set"),
    ("blind6", "unseen_6", "sixth unseen set"),
    ("blind7", "unseen_7", "seventh unseen set"),
    ("blind8", "unseen_8", "eighth unseen set"),
    ("blind9", "unseen_9", "ninth unseen set"),
    ("blind10", "unseen_10", "tenth unseen set"),
    ("blind11", "unseen_11", "eleventh unseen set"),
    ("blind12", "unseen_12", "twelfth unseen set"),
    ("blind13", "unseen_13", "thirteenth unseen set"),
    ("blind14", "unseen_14", "fourteenth unseen set"),
    ("blind15", "unseen_15", "fifteenth unseen set"),
    ("blind16", "unseen_16", "sixteenth unseen set"),
    ("blind17", "unseen_17", "seventeenth unseen set (sources retold)"),
    ("blind18", "unseen_18", "eighteenth unseen set (sources retold, second time)"),
    ("blind19", "unseen_19", "nineteenth unseen set (sources retold as whole articles)"),
    ("blind20", "unseen_20", "twentieth unseen set (whole articles as text taken from a PDF)"),
    ("blind21", "unseen_21", "twenty-first unseen set (patients given in tables)"),
    ("blind22", "unseen_22", "twenty-second unseen set (in the English of authors for whom it is a second language)"),
    ("blind23", "unseen_23", "twenty-third unseen set (the shorthand of meeting abstracts and clinical notes)"),
    ("blind24", "unseen_24", "twenty-fourth unseen set (case reports with a review of the published cases)"),
    ("blind25", "unseen_25", "twenty-fifth unseen set (teaching cases: a differential diagnosis, the answer told late)"),
    ("blind26", "unseen_26", "twenty-sixth unseen set (journal abstracts: a title, a word limit, patients summed up)"),
    ("blind27", "unseen_27", "twenty-seventh unseen set (journal correspondence: letters, replies, images with legends)"),
    ("blind28", "unseen_28", "twenty-eighth unseen set (meeting abstracts and posters: congress supplements, terse headings)"),
    ("blind29", "unseen_29", "twenty-ninth unseen set (specialty journals: the case told by radiology, pathology, skin, heart...)"),
    ("blind30", "unseen_30", "thirtieth unseen set (clinicopathological conferences and grand rounds: speakers, a differential argued aloud)"),
    ("blind31", "unseen_31", "thirty-first unseen set (nursing and allied-health case studies: assessments, care plans, goals)"),
    ("blind32", "unseen_32", "thirty-second unseen set (the patient's or parent's own account beside a clinician's commentary)"),
    ("blind33", "unseen_33", "thirty-third unseen set (structured CARE-format case reports with a timeline table)"),
    ("blind34", "unseen_34", "thirty-fourth unseen set (follow-up reports: the first presentation as reported before, then the years since)"),
    ("blind35", "unseen_35", "thirty-fifth unseen set (clinical quizzes and image challenges: a vignette, a question with answer options, then the answer)"),
    ("blind36", "unseen_36", "thirty-sixth unseen set (discharge summaries, referral and clinic letters: several letters may tell one child)"),
    ("blind37", "unseen_37", "thirty-seventh unseen set (multidisciplinary team meeting minutes: agenda items per child, updates at later meetings)"),
    ("blind38", "unseen_38", "thirty-eighth unseen set (registry case report forms exported to text: ticked boxes, Yes / No / Unknown / Not assessed)"),
    ("blind39", "unseen_39", "thirty-ninth unseen set (bilingual records: an English part beside the same case in another language)"),
]


def machine_reference(rounds: int = 5) -> float:
    """Seconds a fixed pure-Python and regular-expression workload takes on this core (the best of ``rounds``).

    The same code has run at very different speeds on machines of the same kind on different days, so the
    throughput is printed beside this, to tell a slower machine from a slower extractor."""
    pattern = re.compile(r"\b(?:creatine kinase|CK)\b[^.]{0,40}?(\d[\d,.]*)\s*(?:U/L|IU/L)", re.IGNORECASE)
    text = "On admission the CK was 11,426 U/L and the aldolase 45 U/L; no dysphagia. " * 200
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        total = sum(i * i for i in range(2_000_000))
        found = sum(1 for _ in range(150) for _ in pattern.finditer(text))
        best = min(best, time.perf_counter() - start)
    assert total and found
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus for the timing")
    for flag, part, name in BLIND_PARTS:
        parser.add_argument(f"--{flag}", action="store_true",
                            help=f"also score the {name} ({part}), once, before any change answers it")
    args = parser.parse_args()
    report("tuning set", load_corpus(args.folder, part="tuning"))
    report("held-out set (first, partly tuned on since)", load_corpus(args.folder, part="held_out"))
    report("unseen set (written from reports never seen, scored once before any change)",
           load_corpus(args.folder, part="unseen"))
    hidden = {}
    for flag, part, name in BLIND_PARTS:
        if getattr(args, flag):
            report(f"{name}, written blind, scored once before any change", load_corpus(args.folder, part=part))
        hidden[part] = not getattr(args, flag)
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
    print(f"machine reference: {machine_reference() * 1000:.0f} ms (a fixed pure-Python and regex workload; "
          "a slower machine shows here too)")


if __name__ == "__main__":
    main()
