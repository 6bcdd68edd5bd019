"""Title/abstract screening: deduplication, a transparent relevance rule set, and a ranking score.

The rules live in ``data/screening_rules.yaml`` (reviewable data, not code): each concept of the
review question (anti-SRP, necrotising myopathy, child, case report) matches on MeSH, publication
type or text patterns, and every match is reported as evidence. The rules rank and suggest;
include/exclude is always a reviewer's decision (:class:`Decision`), counted by :mod:`prisma`.
"""

from __future__ import annotations

import datetime as dt
import re
import re._compiler as _sre_compile
import re._constants as _sre
import re._parser as _sre_parse
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, Field, model_validator

from imnm.literature.records import _NON_WORD, LiteratureError, Record, normalise_title

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


def _title_key(title: str) -> str:
    """:func:`normalise_title`, with ASCII titles (most of MEDLINE) spared the Unicode decomposition."""
    if title.isascii():  # NFKD changes no ASCII character and adds no combining mark: same result, faster
        return _NON_WORD.sub(" ", title.lower()).strip()
    return normalise_title(title)


class Deduplicator:
    """Deduplication one record at a time, holding only the identities seen (PMID, DOI, title), not records.

    The first record of each paper is kept; a later one with the same PMID, DOI or title is a duplicate.
    Titles match after :func:`normalise_title` and only when long enough and, if both years are known,
    of the same year (so a reprint years later is not silently merged).
    """

    def __init__(self) -> None:
        self.by_pmid: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        self.by_title: dict[str, tuple[str, int | None]] = {}
        self.identified = 0
        self.duplicates = 0

    def check(self, record: Record) -> Duplicate | None:
        """None if ``record`` is new (and remember it), else what it duplicates."""
        self.identified += 1
        doi = record.normalised_doi
        title = _title_key(record.title)
        match: tuple[str, str] | None = None
        if record.pmid and record.pmid in self.by_pmid:
            match = (self.by_pmid[record.pmid], "pmid")
        elif doi and doi in self.by_doi:
            match = (self.by_doi[doi], "doi")
        elif len(title) >= MIN_TITLE_FOR_MATCH and title in self.by_title:
            kept, year = self.by_title[title]
            if year is None or record.year is None or year == record.year:
                match = (kept, "title")
        if match:
            self.duplicates += 1
            return Duplicate(record, match[0], match[1])  # type: ignore[arg-type]
        key = f"pmid:{record.pmid}" if record.pmid else f"doi:{doi}" if doi else f"title:{title}"
        if record.pmid:
            self.by_pmid[record.pmid] = key
        if doi:
            self.by_doi[doi] = key
        if len(title) >= MIN_TITLE_FOR_MATCH:
            self.by_title.setdefault(title, (key, record.year))
        return None


def deduplicate(records: Iterable[Record]) -> Deduplicated:
    """Keep the first record of each paper; later ones with the same PMID, DOI or title are duplicates.

    Titles match after :func:`normalise_title` and only when long enough and, if both years are
    known, of the same year (so a reprint years later is not silently merged).
    """
    out = Deduplicated()
    seen = Deduplicator()
    for record in records:
        duplicate = seen.check(record)
        if duplicate:
            out.duplicates.append(duplicate)
        else:
            out.unique.append(record)
    return out


# --- a fast, exact prefilter for the text patterns -----------------------------------------------------
#
# Python's re scans a 2 KB abstract slowly with a case-insensitive alternation that starts with \b (no
# literal or first-character shortcut applies). For an ASCII text, a case-sensitive search of a relaxed
# pattern in the lower-cased text finds a match whenever the real pattern finds one: lower-casing ASCII
# is exactly what IGNORECASE compares, and the relaxed pattern drops the zero-width assertions (\b, ^,
# lookarounds), which can only remove matches. So when the relaxed pattern finds nothing, the real one
# cannot match and is not run; when it finds something, the real pattern is run on the original text,
# so the evidence is unchanged. A pattern the relaxation cannot handle (upper-case or non-ASCII
# literals, back-references) gets no prefilter and is always run.

_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}


def _relaxed(items) -> list | None:
    out = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in (_sre.LITERAL, _sre.NOT_LITERAL):
            if av >= 128 or 65 <= av <= 90:
                return None
        elif op is _sre.IN:
            for kind, value in av:
                if kind in (_sre.LITERAL, _sre.NOT_LITERAL) and (value >= 128 or 65 <= value <= 90):
                    return None
                if kind is _sre.RANGE and (value[1] >= 128 or (value[0] <= 90 and value[1] >= 65)):
                    return None
        elif op is _sre.BRANCH:
            branches = [_relaxed(b) for b in av[1]]
            if any(b is None for b in branches):
                return None
            av = (av[0], [_sre_parse.SubPattern(items.state, b) for b in branches])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            inner = _relaxed(av[2])
            if inner is None:
                return None
            av = (av[0], av[1], _sre_parse.SubPattern(items.state, inner))
        elif op is _sre.SUBPATTERN:
            inner = _relaxed(av[3])
            if inner is None or av[1] or av[2]:  # inline flags: keep it simple, no prefilter
                return None
            av = (av[0], av[1], av[2], _sre_parse.SubPattern(items.state, inner))
        elif op is _sre.ATOMIC_GROUP:
            inner = _relaxed(av)
            if inner is None:
                return None
            av = _sre_parse.SubPattern(items.state, inner)
        elif op not in (_sre.ANY, _sre.CATEGORY):
            return None  # back-references, conditionals: no prefilter
        out.append((op, av))
    return out


def prefilter(pattern: str) -> re.Pattern | None:
    """The relaxed, case-sensitive form of ``pattern`` for lower-cased ASCII text (see above), or None."""
    try:
        parsed = _sre_parse.parse(pattern, 0)
        relaxed = _relaxed(parsed)
        if relaxed is None:
            return None
        return _sre_compile.compile(_sre_parse.SubPattern(parsed.state, relaxed), 0)
    except Exception:  # noqa: BLE001 - private re internals changed: fall back to the exact search
        return None


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
        patterns = [f"(?:{p})" for c in rules.concepts.values() for p in c.patterns]
        self.prefilter = prefilter("|".join(patterns)) if patterns else None
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
        quick = self.prefilter
        if quick is not None:  # texts no pattern can match are not searched (exact: see prefilter)
            texts = tuple((where, text) for where, text in texts
                          if text and (not text.isascii() or quick.search(text.lower())))
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
        return Screening.model_construct(  # every field is built right here: no validation needed
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


def screen_unique(records: Iterable[Record], rules: CompiledRules | None = None,
                  seen: Deduplicator | None = None) -> Iterator[Screening]:
    """Deduplicate and screen record by record (memory: the identities seen, never the records)."""
    rules = rules or default_rules()
    seen = seen if seen is not None else Deduplicator()
    for record in records:
        if seen.check(record) is None:
            yield rules.screen(record)


class RankedSpool:
    """Screenings written to a temporary file as they come and read back most relevant first.

    Only each screening's sort key and place in the file stay in memory (about 100 bytes a record), so
    a large export is ranked exactly like :func:`rank` without holding its screenings.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close() / the with block
        self._order: list[tuple[float, int, str, int, int]] = []
        self._offset = 0
        self.likely = 0

    def add(self, screening: Screening) -> None:
        line = screening.model_dump_json().encode() + b"\n"
        self._file.write(line)
        self._order.append((-screening.score, -(screening.year or 0), screening.key, self._offset, len(line)))
        self._offset += len(line)
        self.likely += screening.suggestion == "likely"

    def __len__(self) -> int:
        return len(self._order)

    def lines(self) -> Iterator[bytes]:
        """The JSON lines, most relevant first (the order of :func:`rank`)."""
        self._file.flush()
        self._order.sort()
        for _score, _year, _key, offset, size in self._order:
            self._file.seek(offset)
            yield self._file.read(size)

    def screenings(self) -> Iterator[Screening]:
        return (Screening.model_validate_json(line) for line in self.lines())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


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
