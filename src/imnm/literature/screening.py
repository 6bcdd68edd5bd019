"""Title/abstract screening: deduplication, a transparent relevance rule set, and a ranking score.

The rules live in ``data/screening_rules.yaml`` (reviewable data, not code): each concept of the
review question (anti-SRP, necrotising myopathy, child, case report) matches on MeSH, publication
type or text patterns, and every match is reported as evidence. The rules rank and suggest;
include/exclude is always a reviewer's decision (:class:`Decision`), counted by :mod:`prisma`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, model_validator

from imnm.literature.records import LiteratureError, Record

RULES_FILE = "screening_rules.yaml"
MIN_TITLE_FOR_MATCH = 20  # shorter titles ("Editorial", "Case 12-2019") are too common to deduplicate on


# --- deduplication -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    record: Record
    kept_key: str
    matched_on: Literal["pmid", "doi", "title"]


@dataclass
class Deduplicated:
    unique: list[Record] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def identified(self) -> int:
        return len(self.unique) + len(self.duplicates)


def deduplicate(records: Iterable[Record]) -> Deduplicated:
    """Keep the first record of each paper; later ones with the same PMID, DOI or title are duplicates.

    Titles match after :func:`normalise_title` and only when long enough and, if both years are
    known, of the same year (so a reprint years later is not silently merged).
    """
    out = Deduplicated()
    by_pmid: dict[str, str] = {}
    by_doi: dict[str, str] = {}
    by_title: dict[str, tuple[str, int | None]] = {}
    for record in records:
        match: tuple[str, str] | None = None
        if record.pmid and record.pmid in by_pmid:
            match = (by_pmid[record.pmid], "pmid")
        elif (doi := record.normalised_doi) and doi in by_doi:
            match = (by_doi[doi], "doi")
        else:
            title = record.normalised_title
            if len(title) >= MIN_TITLE_FOR_MATCH and title in by_title:
                kept, year = by_title[title]
                if year is None or record.year is None or year == record.year:
                    match = (kept, "title")
        if match:
            out.duplicates.append(Duplicate(record, match[0], match[1]))  # type: ignore[arg-type]
            continue
        key = record.key
        out.unique.append(record)
        if record.pmid:
            by_pmid[record.pmid] = key
        if doi := record.normalised_doi:
            by_doi[doi] = key
        title = record.normalised_title
        if len(title) >= MIN_TITLE_FOR_MATCH:
            by_title.setdefault(title, (key, record.year))
    return out


# --- the rule set ----------------------------------------------------------------------------------


class Concept(BaseModel):
    label: str
    weight: float = Field(gt=0)
    required: bool = False
    mesh: list[str] = Field(default_factory=list)
    mesh_requires_text: list[str] = Field(default_factory=list)
    publication_types: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compiles(self) -> Concept:
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
        return self


class ExclusionHint(BaseModel):
    reason: str
    mesh_all: list[str] = Field(default_factory=list)
    mesh_none: list[str] = Field(default_factory=list)


class RuleSet(BaseModel):
    """The screening rules as data (see the YAML file for their meaning and source)."""

    version: int
    question: str
    major_topic_bonus: float = 0.0
    concepts: dict[str, Concept]
    exclusion_hints: dict[str, ExclusionHint] = Field(default_factory=dict)

    def compiled(self) -> CompiledRules:
        return CompiledRules(self)


@dataclass(frozen=True)
class Evidence:
    """Why a concept matched: where (mesh, publication_type, title, abstract, keywords) and what."""

    concept: str
    where: str
    matched: str


class Screening(BaseModel):
    """The rule set's verdict on one record: a score for ranking, a suggestion, and the evidence."""

    key: str
    pmid: str | None = None
    title: str = ""
    year: int | None = None
    score: float
    suggestion: Literal["likely", "unlikely"]
    matched: list[str]
    missing: list[str]
    evidence: list[tuple[str, str, str]]
    hints: list[str] = Field(default_factory=list)

    @property
    def reason(self) -> str:
        """The suggestion in words, ready to become an exclusion reason."""
        if self.suggestion == "likely":
            return "matches " + ", ".join(self.matched)
        return "no " + ", ".join(self.missing)


class CompiledRules:
    """Rules with patterns compiled once; :meth:`screen` is the hot loop of ``screen-files``."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.concepts = []
        for name, c in rules.concepts.items():
            pattern = re.compile("|".join(f"(?:{p})" for p in c.patterns), re.IGNORECASE) if c.patterns else None
            self.concepts.append((name, c, {m.casefold() for m in c.mesh},
                                  {m.casefold() for m in c.mesh_requires_text},
                                  {p.casefold() for p in c.publication_types}, pattern))
        self.max_score = sum(c.weight for c in rules.concepts.values())
        self.hints = [(h.reason, {m.casefold() for m in h.mesh_all}, {m.casefold() for m in h.mesh_none})
                      for h in rules.exclusion_hints.values()]

    def screen(self, record: Record) -> Screening:
        mesh = {m.descriptor.casefold(): m.major_topic for m in record.mesh_terms}
        pub_types = {p.casefold() for p in record.publication_types}
        texts = (("title", record.title), ("abstract", record.abstract),
                 ("keywords", " ; ".join(record.keywords)))
        evidence: list[tuple[str, str, str]] = []
        matched: list[str] = []
        missing: list[str] = []
        score = 0.0
        for name, concept, c_mesh, c_mesh_text, c_types, pattern in self.concepts:
            found: list[tuple[str, str, str]] = []
            text_found = False
            if pattern is not None:
                for where, text in texts:
                    if text and (hit := pattern.search(text)):
                        found.append((name, where, hit.group(0)))
                        text_found = True
            bonus = 0.0
            for descriptor in c_mesh & mesh.keys():
                if descriptor in c_mesh_text and not text_found:
                    continue
                found.append((name, "mesh", descriptor))
                if mesh[descriptor]:
                    bonus = self.rules.major_topic_bonus
            for ptype in c_types & pub_types:
                found.append((name, "publication_type", ptype))
            if found:
                matched.append(name)
                score += concept.weight + bonus
                evidence.extend(found)
            elif concept.required:
                missing.append(name)
        hints = [reason for reason, need, forbid in self.hints
                 if need and need <= mesh.keys() and not (forbid & mesh.keys())]
        return Screening(
            key=record.key, pmid=record.pmid, title=record.title, year=record.year,
            score=round(min(score / self.max_score, 1.0) if self.max_score else 0.0, 4),
            suggestion="unlikely" if missing else "likely", matched=matched, missing=missing,
            evidence=evidence, hints=hints,
        )


def load_rules(path: str | Path | None = None) -> RuleSet:
    """The shipped rule set, or a reviewer's own YAML file with the same shape."""
    try:
        if path is None:
            text = (resources.files("imnm.literature") / "data" / RULES_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return RuleSet.model_validate(yaml.safe_load(text))
    except FileNotFoundError:
        raise
    except (yaml.YAMLError, ValueError) as exc:
        raise LiteratureError(f"{path or RULES_FILE}: not a valid screening rule set: {exc}") from None


@lru_cache(maxsize=1)
def default_rules() -> CompiledRules:
    return load_rules().compiled()


def screen(records: Iterable[Record], rules: CompiledRules | None = None) -> Iterator[Screening]:
    rules = rules or default_rules()
    for record in records:
        yield rules.screen(record)


def rank(screenings: Iterable[Screening]) -> list[Screening]:
    """Most relevant first (score, then the newest), the order a reviewer reads them in."""
    return sorted(screenings, key=lambda s: (-s.score, -(s.year or 0), s.key))


# --- reviewer decisions ------------------------------------------------------------------------------

Stage = Literal["screening", "eligibility"]


class Decision(BaseModel):
    """A reviewer's decision on one record at one PRISMA stage.

    ``screening`` is title/abstract screening; ``eligibility`` is the full-text assessment of a
    report. ``not_retrieved`` (eligibility only) is a report sought but not obtained. An exclusion
    needs a reason, which PRISMA 2020 asks to be reported.
    """

    record_key: str
    stage: Stage
    decision: Literal["include", "exclude", "not_retrieved"]
    reason: str | None = None
    reviewer: str
    decided_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @model_validator(mode="after")
    def _consistent(self) -> Decision:
        if self.decision == "exclude" and not (self.reason or "").strip():
            raise ValueError("an exclusion needs a reason (PRISMA 2020 reports reasons for exclusion)")
        if self.decision == "not_retrieved" and self.stage != "eligibility":
            raise ValueError("not_retrieved applies to the eligibility (full-text) stage only")
        if not self.reviewer.strip():
            raise ValueError("reviewer: expected a name or initials")
        return self


def latest_decisions(decisions: Iterable[Decision]) -> dict[tuple[str, str], Decision]:
    """The current decision for each (record, stage): the last one made wins, the rest is history."""
    current: dict[tuple[str, str], Decision] = {}
    for d in sorted(decisions, key=lambda d: d.decided_at):
        current[(d.record_key, d.stage)] = d
    return current
