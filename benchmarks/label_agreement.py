"""How often two people who label the same patient independently agree: the ceiling of any extractor score.

The seventeenth blind set (``blind17_*``) retells sources already in the extraction corpus, written afresh
from the original articles by writers who saw neither the earlier text nor its labels. Its expected files
name the earlier source (``"retells"``), so each retold patient has two independent labellings. This
script pairs them and counts, field by field, the values both labellings state and how many are the same.
A field stated by only one of them is a difference in what the two texts tell, not a disagreement, and is
counted apart. Patients are paired in order when both texts tell the same number; otherwise by sex and
age, and a text whose patients cannot be paired that way is listed and left out. The eighteenth set
(``blind18_*``) retells, the same way, sources the seventeenth left; ``--part`` keeps one set's retellings.
Run by hand:
    .venv/bin/python benchmarks/label_agreement.py [--part unseen_18] [FOLDER]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from imnm.cohort.statistics import exact_proportion
from imnm.literature.extract_scoring import FIELDS, PARTS, SCALARS, load_corpus, part_of, same_value

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "literature" / "extraction_corpus"


def keyed(patient: dict, key: str) -> dict[str, object]:
    """A field as a map, so that two labellings compare item by item: features by name (present or absent),
    antibodies by antigen, doses and treatments by drug class."""
    if key in SCALARS:
        return {key: patient[key]} if key in patient else {}
    if key == "features":
        return {f: "present" for f in patient.get("features", [])} | {
            f: "absent" for f in patient.get("features_absent", [])}
    if key == "treatments":
        return {d: "given" for d in patient.get("treatments", [])}
    return dict(patient.get(key) or {})


def pair_patients(first: list[dict], second: list[dict]) -> list[tuple[dict, dict]] | None:
    """The same patients in both texts: in order when the counts agree, else by sex and age (None when a
    retold patient matches no earlier one or more than one)."""
    if len(first) == len(second):
        return list(zip(first, second))
    pairs = []
    for patient in second:
        hits = [p for p in first if p.get("sex") == patient.get("sex") and "age_years" in p
                and "age_years" in patient and same_value("age_years", p["age_years"], patient["age_years"])]
        if len(hits) != 1:
            return None
        pairs.append((hits[0], patient))
    return pairs


def retold_source(expected: dict) -> str:
    """The earlier source a text retells, given either as the bare citation or as the whole line of
    ``grep '"source"'`` (key, quotes and trailing comma included), as the writers were asked to copy it."""
    line = expected.get("retells", "").strip().rstrip(",")
    if line.startswith('"source"'):
        line = json.loads("{" + line + "}")["source"]
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=PARTS, help="only the retellings in this part of the corpus")
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    args = parser.parse_args()
    corpus = load_corpus(args.folder)
    by_source = {expected["source"]: (name, expected) for name, _, expected in corpus}
    fields = [k for k in FIELDS if k != "features_absent"]
    agree, differ, one_side = Counter(), Counter(), Counter()
    disagreements, unpaired, texts, patients = [], [], 0, 0
    for name, _, expected in corpus:
        earlier = by_source.get(retold_source(expected))
        if earlier is None or (args.part and part_of(expected) != args.part):
            continue
        pairs = pair_patients(earlier[1]["patients"], expected["patients"])
        if pairs is None:
            unpaired.append(f"{name} ({len(expected['patients'])} patients) and {earlier[0]} "
                            f"({len(earlier[1]['patients'])})")
            continue
        texts += 1
        patients += len(pairs)
        for i, (old, new) in enumerate(pairs):
            for key in fields:
                a, b = keyed(old, key), keyed(new, key)
                one_side[key] += len(a.keys() ^ b.keys())
                for item in a.keys() & b.keys():
                    if same_value(key, a[item], b[item]):
                        agree[key] += 1
                    else:
                        differ[key] += 1
                        disagreements.append(f"{earlier[0]} / {name} #{i + 1} {item}: {a[item]!r} / {b[item]!r}")
    print(f"{texts} retold texts paired with their earlier text, {patients} patients")
    print(f"{'field':<18} {'both state':>10} {'agree':>6} {'rate':>6} {'one only':>9}")
    for key in fields:
        both = agree[key] + differ[key]
        if both or one_side[key]:
            rate = f"{agree[key] / both:.3f}" if both else "-"
            print(f"{key:<18} {both:>10} {agree[key]:>6} {rate:>6} {one_side[key]:>9}")
    total, same_total = sum(agree.values()) + sum(differ.values()), sum(agree.values())
    if total:
        p = exact_proportion(same_total, total)
        print(f"{'overall':<18} {total:>10} {same_total:>6} {same_total / total:>6.3f} {sum(one_side.values()):>9}"
              f"   exact 95% CI {p.low:.3f}-{p.high:.3f}")
    for line in disagreements:
        print("  -", line)
    for line in unpaired:
        print("  not paired:", line)


if __name__ == "__main__":
    main()
