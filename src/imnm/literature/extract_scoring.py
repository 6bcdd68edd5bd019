"""Field-level precision and recall of case extraction against hand-written expected records.

An expected file (``NAME.expected.json`` beside ``NAME.txt``) lists one object per patient, in the
text's order, with only the fields the text states. Scalars (sex, age, CK...) score one decision each:
a value given where the text states one is a true positive when it matches (ages within 0.05 years,
labs within 0.5%, an ethnicity whatever its capitals or hyphens), a false positive otherwise; a value
given where the text states none is a false positive; a stated value left empty is a false negative. Lists and maps score item by item
(``antibodies`` as antigen=result pairs, ``doses`` as drug=dose). Used by benchmarks/bench_extraction.py
and the corpus test.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from imnm.cohort.statistics import Proportion, exact_proportion
from imnm.literature.extract import ExtractedCase

SCALARS = ("sex", "age_years", "ethnicity", "ck_iu_l", "aldolase_iu_l", "outcome_class", "follow_up_months")
SETS = ("antibodies", "features", "features_absent", "treatments", "doses")
FIELDS = SCALARS + SETS


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def _count(self, counter: Counter, key: str | None) -> int:
        """One field's count, or the sum over every field when no key is given."""
        return counter[key] if key else sum(counter.values())

    def precision(self, key: str | None = None) -> float:
        tp, fp = self._count(self.tp, key), self._count(self.fp, key)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, key: str | None = None) -> float:
        tp, fn = self._count(self.tp, key), self._count(self.fn, key)
        return tp / (tp + fn) if tp + fn else 1.0

    def precision_interval(self, key: str | None = None) -> Proportion | None:
        """Precision with its exact (Clopper-Pearson) 95% interval: a set of two dozen items cannot show
        a 0.98 goal is met, and the interval says so. None when nothing was given."""
        tp, fp = self._count(self.tp, key), self._count(self.fp, key)
        return exact_proportion(tp, tp + fp) if tp + fp else None

    def recall_interval(self, key: str | None = None) -> Proportion | None:
        """Recall with its exact 95% interval; None when the texts state nothing for the field."""
        tp, fn = self._count(self.tp, key), self._count(self.fn, key)
        return exact_proportion(tp, tp + fn) if tp + fn else None


def predicted_items(case: ExtractedCase, key: str) -> set[str]:
    r = case.record
    if key == "antibodies":
        return {f"{k}={v}" for k, v in r["antibodies"].items()}
    if key == "doses":
        return {f"{c['drug']}={c['dose']:g} {c['dose_unit']}" for c in r["courses"] if c.get("dose")}
    return set(r[key])


def expected_items(patient: dict, key: str) -> set[str]:
    value = patient.get(key) or ({} if key in ("antibodies", "doses") else [])
    if key == "antibodies":
        return {f"{k}={v}" for k, v in value.items()}
    if key == "doses":
        return {f"{k}={v}" for k, v in value.items()}
    return set(value)


def same_value(key: str, got, want) -> bool:
    """Whether a given value matches the stated one: ages within 0.05 years, labs within 0.5%, and an
    ethnicity (free text, as the source words it) whatever its capitals, hyphens or spaces ("African-American"
    is "African American", "white" is "White")."""
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        if key == "age_years":
            return abs(got - want) <= 0.05
        return abs(got - want) <= max(0.005 * abs(want), 0.01)
    if key == "ethnicity" and isinstance(got, str) and isinstance(want, str):
        return _words(got) == _words(want)
    return got == want


def _words(text: str) -> list[str]:
    return re.split(r"[\s-]+", text.strip().casefold())


def score_text(cases: list[ExtractedCase], expected: dict, score: Score, name: str) -> None:
    patients = expected["patients"]
    if len(cases) != len(patients):
        score.errors.append(f"{name}: {len(cases)} records for {len(patients)} patients")
    for i in range(max(len(cases), len(patients))):
        want = patients[i] if i < len(patients) else {}
        got = cases[i] if i < len(cases) else None
        for key in SCALARS:
            g = got.record.get(key) if got else None
            w = want.get(key)
            if g is None and w is None:
                continue
            if g is None:
                score.fn[key] += 1
                score.errors.append(f"{name}[{i}] {key}: missed {w!r}")
            elif w is None:
                score.fp[key] += 1
                score.errors.append(f"{name}[{i}] {key}: gave {g!r}, text states none")
            elif same_value(key, g, w):
                score.tp[key] += 1
            else:
                score.fp[key] += 1
                score.fn[key] += 1
                score.errors.append(f"{name}[{i}] {key}: gave {g!r}, expected {w!r}")
        for key in SETS:
            g = predicted_items(got, key) if got else set()
            w = expected_items(want, key)
            score.tp[key] += len(g & w)
            score.fp[key] += len(g - w)
            score.fn[key] += len(w - g)
            for item in sorted(g - w):
                score.errors.append(f"{name}[{i}] {key}: gave {item}")
            for item in sorted(w - g):
                score.errors.append(f"{name}[{i}] {key}: missed {item}")
        if got is not None and got.language != expected.get("language", "en"):
            score.errors.append(f"{name}: language {got.language}, expected {expected.get('language')}")


#: The corpus's parts: texts tuned on, the first held-out set (partly tuned on since), the texts written
#: from reports the project had never seen, scored once before any change (``"set": "unseen"``), and a
#: second such set written blind, without sight of the extractor (``"set": "unseen_2"``, ``blind_*``), and a
#: third one, also written blind (``"set": "unseen_3"``, ``blind3_*``), and a fourth (``"set": "unseen_4"``,
#: ``blind4_*``) with a second part added after the first was tuned on (``"set": "unseen_4b"``, ``blind4b_*``),
#: a fifth (``"set": "unseen_5"``, ``blind5_*``), a sixth (``"set": "unseen_6"``, ``blind6_*``), a seventh
#: (``"set": "unseen_7"``, ``blind7_*``), an eighth (``"set": "unseen_8"``, ``blind8_*``) and a ninth
#: (``"set": "unseen_9"``, ``blind9_*``) and a tenth (``"set": "unseen_10"``, ``blind10_*``), an eleventh
#: (``"set": "unseen_11"``, ``blind11_*``), a twelfth (``"set": "unseen_12"``, ``blind12_*``), a thirteenth
#: (``"set": "unseen_13"``, ``blind13_*``), a fourteenth (``"set": "unseen_14"``, ``blind14_*``), a fifteenth
#: (``"set": "unseen_15"``, ``blind15_*``), a sixteenth (``"set": "unseen_16"``, ``blind16_*``), a
#: seventeenth (``"set": "unseen_17"``, ``blind17_*``), which retells sources already in the corpus from the
#: original articles, in new words, by writers who saw neither the extractor nor the corpus's texts, an
#: eighteenth (``"set": "unseen_18"``, ``blind18_*``) that retells, the same way, sources the seventeenth left,
#: a nineteenth (``"set": "unseen_19"``, ``blind19_*``) that retells sources a third time as whole
#: articles (introduction, case, discussion of the literature), the form a full text gives the extractor, a
#: twentieth (``"set": "unseen_20"``, ``blind20_*``): whole articles as text copied out of a PDF (lines broken
#: at the column's width, words split by hyphens, running heads and page numbers between the lines), a
#: twenty-first (``"set": "unseen_21"``, ``blind21_*``) whose patients' facts stand, wholly or in part, in a
#: table copied as text (a row or a column for each patient, laboratory values by date), a twenty-second
#: (``"set": "unseen_22"``, ``blind22_*``) written in the English of authors for whom it is a second language
#: (their phrasing, decimal commas and points for thousands, units as their country writes them), a
#: twenty-third (``"set": "unseen_23"``, ``blind23_*``) in the shorthand of meeting abstracts and clinical
#: notes (abbreviations, fragments, symbols, "label: value" lines), a twenty-fourth (``"set": "unseen_24"``,
#: ``blind24_*``) of case reports with a review of the published cases (the cited patients in prose, in a
#: table beside the authors' own, and pooled; only the authors' own patients are labelled), a
#: twenty-fifth (``"set": "unseen_25"``, ``blind25_*``) of teaching cases (a clinical problem told in steps, a
#: differential diagnosis of diseases the patient does not have, the answer and the treatment told late),
#: a twenty-sixth (``"set": "unseen_26"``, ``blind26_*``) of journal abstracts as PubMed prints them (a
#: title, structured or running abstracts of a word limit, several patients summed up in one sentence), a
#: twenty-seventh (``"set": "unseen_27"``, ``blind27_*``) of journal correspondence (letters to the editor that
#: answer another article, the authors' replies, research letters, images with their figure legends), a
#: twenty-eighth (``"set": "unseen_28"``, ``blind28_*``) of meeting abstracts and posters as congress
#: supplements print them (abstract numbers, session and poster codes, terse headings, disclosures), a
#: twenty-ninth (``"set": "unseen_29"``, ``blind29_*``) of case reports in other specialties' journals (the
#: myositis told from the angle of radiology, pathology, dermatology, cardiology, pulmonology, anaesthesia or
#: ophthalmology, in that specialty's words), a thirtieth (``"set": "unseen_30"``, ``blind30_*``) of
#: clinicopathological conferences and grand rounds (the case presented to discussants, speakers named, a
#: differential argued aloud before the final diagnosis and the follow-up), a thirty-first
#: (``"set": "unseen_31"``, ``blind31_*``) of nursing and allied-health case studies (the child's care told by
#: the nurses or therapists who give it: assessments, problems, goals, interventions and their evaluation),
#: a thirty-second (``"set": "unseen_32"``, ``blind32_*``) of the patient's or a parent's own account (in
#: the first person and everyday words) printed beside a clinician's commentary or a case summary, a
#: thirty-third (``"set": "unseen_33"``, ``blind33_*``) of structured case reports in the CARE format
#: (numbered headings for patient information, clinical findings, a timeline table, diagnostic assessment,
#: therapeutic intervention, follow-up and outcomes, the patient's perspective and consent), a
#: thirty-fourth (``"set": "unseen_34"``, ``blind34_*``) of follow-up reports (the first presentation summed
#: up as reported before, then the later course, relapses and the state at the last visit), and a
#: thirty-fifth (``"set": "unseen_35"``, ``blind35_*``) of clinical quizzes and image challenges (a short
#: vignette, figure legends, a question with answer options naming diagnoses, tests and drugs the patient
#: need not have had, then the answer and a discussion), and a thirty-sixth (``"set": "unseen_36"``,
#: ``blind36_*``) of hospital correspondence (discharge summaries, referral and clinic letters, often
#: several about one child, in headed lists and clinicians' abbreviations), and a thirty-seventh (``"set":
#: "unseen_37"``, ``blind37_*``) of multidisciplinary team meeting minutes (attendees, numbered agenda items
#: per child, updates at later meetings, options discussed and decisions, action points), and a thirty-eighth
#: (``"set": "unseen_38"``, ``blind38_*``) of registry case report forms as exported to text (numbered
#: questions with ticked boxes, Yes / No / Unknown / Not assessed answers, coded lists, free-text comments),
#: and a thirty-ninth (``"set": "unseen_39"``, ``blind39_*``) of bilingual records (an English part beside
#: the same case in another language, as MEDLINE indexes non-English articles and bilingual journals print
#: them; only the English part is labelled).
PARTS = (
    "tuning", "held_out", "unseen", "unseen_2", "unseen_3", "unseen_4", "unseen_4b", "unseen_5", "unseen_6", "unseen_7",
    "unseen_8", "unseen_9", "unseen_10", "unseen_11", "unseen_12", "unseen_13",
    "unseen_14", "unseen_15", "unseen_16", "unseen_17", "unseen_18", "unseen_19", "unseen_20",
    "unseen_21", "unseen_22", "unseen_23", "unseen_24", "unseen_25", "unseen_26",
    "unseen_27", "unseen_28", "unseen_29", "unseen_30", "unseen_31", "unseen_32",
    "unseen_33", "unseen_34", "unseen_35", "unseen_36", "unseen_37",
    "unseen_38", "unseen_39",
)


def part_of(expected: dict) -> str:
    """Which part of the corpus an expected file belongs to."""
    if expected.get("set") in PARTS[2:]:
        return expected["set"]
    return "held_out" if expected.get("held_out", False) else "tuning"


def load_corpus(folder: Path, held_out: bool | None = None, part: str | None = None) -> list[tuple[str, str, dict]]:
    """(name, text, expected) for every text; ``held_out`` True/False or ``part`` (one of PARTS) selects."""
    if part is not None and part not in PARTS:
        raise ValueError(f"corpus part {part!r}; expected one of {', '.join(PARTS)}")
    items = []
    for path in sorted(folder.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
        if held_out is not None and expected.get("held_out", False) != held_out:
            continue
        if part is not None and part_of(expected) != part:
            continue
        items.append((path.stem, path.read_text("utf-8"), expected))
    return items


def score_corpus(items: list[tuple[str, str, dict]]) -> Score:
    from imnm.literature.extract import extract_cases

    score = Score()
    for name, text, expected in items:
        score_text(extract_cases(text, source=name), expected, score, name)
    return score
