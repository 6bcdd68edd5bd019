"""Title/abstract screening: deduplication, a transparent relevance rule set, and a ranking score.

The rules live in ``data/screening_rules.yaml`` (reviewable data, not code): each concept of the
review question (anti-SRP, necrotising myopathy, child, case report) matches on MeSH, publication
type or text patterns, and every match is reported as evidence. The rules rank and suggest;
include/exclude is always a reviewer's decision (:class:`Decision`), counted by :mod:`prisma`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import os
import pickle
import re
import re._compiler as _sre_compile
import re._constants as _sre
import re._parser as _sre_parse
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Literal, Self

import yaml
from pydantic import BaseModel, Field, model_validator

from imnm.literature.records import _NON_WORD, LiteratureError, Record, normalise_doi, normalise_title

RULES_FILE = "screening_rules.yaml"
MIN_TITLE_FOR_MATCH = 20  # shorter titles ("Editorial", "Case 12-2019") are too common to deduplicate on


# --- what screening reads of a record ------------------------------------------------------------------


@dataclass(slots=True)
class ScreeningInput:
    """The fields screening and deduplication read, without a pydantic :class:`Record`.

    MEDLINE files are read straight into these (:func:`iter_screening_inputs`): building and validating
    a whole Record per article was most of the screening command's extra time over ``parse``.
    ``mesh`` maps each case-folded MeSH descriptor to whether it is a major topic.
    """

    pmid: str | None
    doi: str | None
    title: str
    abstract: str
    year: int | None
    keywords: list[str]
    mesh: dict[str, bool]
    publication_types: list[str]

    @classmethod
    def from_medline(cls, fields: dict) -> ScreeningInput:
        """From :func:`imnm.literature.medline.article_screening_fields` (a Record's defaults when absent)."""
        return cls(pmid=fields.get("pmid"), doi=fields.get("doi"), title=fields.get("title", ""),
                   abstract=fields.get("abstract", ""), year=fields.get("year"), keywords=fields["keywords"],
                   mesh={descriptor.casefold(): major for descriptor, major in fields["mesh_terms"]},
                   publication_types=fields.get("publication_types", []))

    @property
    def normalised_doi(self) -> str | None:
        return normalise_doi(self.doi)

    @property
    def key(self) -> str:
        """As :attr:`Record.key`: ``pmid:…``, else ``doi:…``, else ``title:…``."""
        if self.pmid:
            return f"pmid:{self.pmid}"
        if doi := self.normalised_doi:
            return f"doi:{doi}"
        return f"title:{normalise_title(self.title)}"


def iter_screening_inputs(path: str | Path, format: str | None = None) -> Iterator[ScreeningInput | Record]:
    """What screening reads of every record of a file: MEDLINE streamed without Records, RIS/CSV as Records."""
    from imnm.literature.readers import detect_format, iter_records

    if (format or detect_format(path)) == "medline":
        from imnm.literature.medline import iter_screening_fields

        if not Path(path).exists():
            raise FileNotFoundError(f"{path}: no such file")
        return map(ScreeningInput.from_medline, iter_screening_fields(path))
    return iter_records(path, format)


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


def _pmid_number(pmid: str) -> int | None:
    """The PMID as a 32-bit number when the number gives back the same text (always, for PubMed's own)."""
    if pmid.isascii() and pmid.isdigit() and pmid[0] != "0" and len(pmid) <= 10:
        number = int(pmid)
        return number if number <= 0xFFFFFFFF else None
    return None


def _kept_key(identity: tuple) -> str:
    """The kept record's :attr:`Record.key` from its identity (PMID, DOI, title key, year)."""
    pmid, doi, title, _year = identity
    return f"pmid:{pmid}" if pmid else f"doi:{doi}" if doi else f"title:{title}"


class Deduplicator:
    """Deduplication in blocks of records, holding only the identities seen (PMID, DOI, title), not records.

    The first record of each paper is kept; a later one with the same PMID, DOI or title is a duplicate.
    Titles match after :func:`normalise_title` and only when long enough and, if both years are known,
    of the same year (so a reprint years later is not silently merged).

    The identities seen are what grows with a large export, so they are held in numpy arrays
    (:mod:`imnm.literature.seen`): a PMID as its number (4 bytes), a DOI or a title as a 32-bit
    fingerprint and the ordinal of the record kept (8 bytes); the kept records' identities wait on disk
    and are read back when a fingerprint matches, to confirm the match on the full text (exact, whatever
    the fingerprints) and to name the kept record. About 20-40 bytes a record (docs/benchmarks.md),
    against about 290 with Python sets and dicts of digests. A block's lookups are done together in
    numpy; the records of the block are then settled in order, each against the earlier ones.
    """

    BLOCK = 512  # records checked together (numpy's fixed cost per call, shared by a block)

    def __init__(self) -> None:
        import numpy as np  # here, not at import: most users of this module never deduplicate

        from imnm.literature.seen import FingerprintIndex, KeptRecords, SortedRuns, fingerprint

        self._fingerprint = fingerprint
        self._pmids = SortedRuns(np.uint32)  # PubMed's own PMIDs, as numbers: exact
        self._other_pmids: set[str] = set()  # PMIDs that are not plain 32-bit numbers (rare)
        self._dois = FingerprintIndex()  # fingerprint -> ordinal of the record kept
        self._titles = FingerprintIndex()  # fingerprint -> ordinal of the first record kept with the title
        self._kept = KeptRecords()  # ordinal -> (PMID, DOI, title key, year), on disk
        self.identified = 0
        self.duplicates = 0

    def check(self, record: Record | ScreeningInput) -> Duplicate | None:
        """None if ``record`` is new (and remember it), else what it duplicates."""
        return self.check_block([record])[0]

    def check_block(self, records: Sequence[Record | ScreeningInput]) -> list[Duplicate | None]:
        """For each record, in order: None if it is new (and remember it), else what it duplicates."""
        fingerprint = self._fingerprint
        rows = []
        for record in records:
            pmid = record.pmid or None
            doi = record.normalised_doi
            title: str | None = _title_key(record.title)
            if len(title) < MIN_TITLE_FOR_MATCH:  # type: ignore[arg-type]
                title = None
            rows.append((record, pmid, _pmid_number(pmid) if pmid else None, doi, title,
                         fingerprint(doi) if doi else 0, fingerprint(title) if title else 0))
        # what earlier blocks hold, looked up for the whole block at once (PMID 0 is never a number here)
        pmid_seen = self._pmids.contains([row[2] or 0 for row in rows])
        doi_first, doi_more = self._dois.first([row[5] for row in rows])
        title_first, title_more = self._titles.first([row[6] for row in rows])

        out: list[Duplicate | None] = []
        kept: list[tuple] = []  # identities of this block's records kept, by ordinal from ``base``
        base = self._kept.count
        new_numbers: list[int] = []
        new_dois: tuple[list[int], list[int]] = ([], [])
        new_titles: tuple[list[int], list[int]] = ([], [])
        block_pmids: set[str] = set()
        block_dois: dict[str, tuple] = {}
        block_titles: dict[str, tuple] = {}
        for i, (record, pmid, number, doi, title, doi_fp, title_fp) in enumerate(rows):
            if pmid and (pmid in block_pmids
                         or (pmid_seen[i] if number is not None else pmid in self._other_pmids)):
                out.append(Duplicate(record, f"pmid:{pmid}", "pmid"))
                continue
            if doi:
                match = block_dois.get(doi)
                if match is None and doi_first[i] >= 0:
                    match = self._confirm(self._dois, doi_first[i], doi_more[i], doi_fp, 1, doi)
                if match is not None:
                    out.append(Duplicate(record, _kept_key(match), "doi"))
                    continue
            title_known = False  # the title's first record stays the one a later record is matched to
            if title:
                match = block_titles.get(title)
                if match is None and title_first[i] >= 0:
                    match = self._confirm(self._titles, title_first[i], title_more[i], title_fp, 2, title)
                if match is not None:
                    year = match[3]
                    if year is None or record.year is None or year == record.year:
                        out.append(Duplicate(record, _kept_key(match), "title"))
                        continue
                    title_known = True
            out.append(None)
            identity = (pmid, doi, title, record.year)
            if pmid:
                block_pmids.add(pmid)
                if number is not None:
                    new_numbers.append(number)
                else:
                    self._other_pmids.add(pmid)
            if doi or (title and not title_known):
                ordinal = base + len(kept)
                kept.append(identity)
                if doi:
                    block_dois[doi] = identity
                    new_dois[0].append(doi_fp)
                    new_dois[1].append(ordinal)
                if title and not title_known:
                    block_titles[title] = identity
                    new_titles[0].append(title_fp)
                    new_titles[1].append(ordinal)
        self._kept.extend(kept)
        self._pmids.add(new_numbers)
        self._dois.file(*new_dois)
        self._titles.file(*new_titles)
        self.identified += len(rows)
        self.duplicates += len(rows) - out.count(None)
        return out

    def _confirm(self, index, first: int, more: bool, fp: int, field: int,
                 text: str) -> tuple | None:
        """The kept record whose DOI (``field`` 1) or title (2) is ``text``, among those with its fingerprint."""
        identity = self._kept[first]
        if identity[field] == text:
            return identity
        if more:  # another text shares the fingerprint (chance 2^-32 a pair): look at every record filed there
            for ordinal in index.ordinals(fp):
                identity = self._kept[ordinal]
                if identity[field] == text:
                    return identity
        return None

    def close(self) -> None:
        """Drop the temporary file of kept identities (also done when the deduplicator is collected)."""
        self._kept.close()


def _blocks(records: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` records; the caller drops each before asking for the next (one block in memory)."""
    iterator = iter(records)
    while True:
        block = list(itertools.islice(iterator, size))
        if not block:
            return
        yield block
        del block


def deduplicate(records: Iterable[Record]) -> Deduplicated:
    """Keep the first record of each paper; later ones with the same PMID, DOI or title are duplicates.

    Titles match after :func:`normalise_title` and only when long enough and, if both years are
    known, of the same year (so a reprint years later is not silently merged).
    """
    out = Deduplicated()
    seen = Deduplicator()
    for block in _blocks(records, seen.BLOCK):
        for record, duplicate in zip(block, seen.check_block(block), strict=True):
            if duplicate:
                out.duplicates.append(duplicate)
            else:
                out.unique.append(record)
    seen.close()
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


def _relaxed(items, literal_only: bool = False) -> list | None:
    out = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in (_sre.LITERAL, _sre.NOT_LITERAL):
            if av >= 128 or 65 <= av <= 90 or (literal_only and op is _sre.NOT_LITERAL):
                return None
        elif op is _sre.IN:
            for kind, value in av:
                if literal_only and kind not in (_sre.LITERAL, _sre.RANGE):
                    return None  # negated sets, categories
                if kind in (_sre.LITERAL, _sre.NOT_LITERAL) and (value >= 128 or 65 <= value <= 90):
                    return None
                if kind is _sre.RANGE and (value[1] >= 128 or (value[0] <= 90 and value[1] >= 65)):
                    return None
        elif op is _sre.BRANCH:
            branches = [_relaxed(b, literal_only) for b in av[1]]
            if any(b is None for b in branches):
                return None
            av = (av[0], [_sre_parse.SubPattern(items.state, b) for b in branches])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            inner = _relaxed(av[2], literal_only)
            if inner is None:
                return None
            av = (av[0], av[1], _sre_parse.SubPattern(items.state, inner))
        elif op is _sre.SUBPATTERN:
            inner = _relaxed(av[3], literal_only)
            if inner is None or av[1] or av[2]:  # inline flags: keep it simple, no prefilter
                return None
            av = (av[0], av[1], av[2], _sre_parse.SubPattern(items.state, inner))
        elif op is _sre.ATOMIC_GROUP:
            inner = _relaxed(av, literal_only)
            if inner is None:
                return None
            av = _sre_parse.SubPattern(items.state, inner)
        elif literal_only or op not in (_sre.ANY, _sre.CATEGORY):
            return None  # back-references, conditionals: no prefilter
        out.append((op, av))
    return out


def prefilter(pattern: str, literal_only: bool = False) -> re.Pattern | None:
    """The relaxed, case-sensitive form of ``pattern`` for lower-cased ASCII text (see above), or None.

    With ``literal_only`` (for any text, folded by :func:`fold_for_prefilter`), None also when the
    pattern has anything but literals and sets of them (``.``, ``\\w``, negations).
    """
    try:
        parsed = _sre_parse.parse(pattern, 0)
        relaxed = _relaxed(parsed, literal_only)
        if relaxed is None:
            return None
        return _sre_compile.compile(_sre_parse.SubPattern(parsed.state, relaxed), 0)
    except Exception:  # noqa: BLE001 - private re internals changed: fall back to the exact search
        return None


# Faster still: ``re`` tries every branch of an alternation at every position (about 50 us for a 360-character
# abstract), while ``in`` finds a plain substring in C. So from the relaxed pattern come its needles:
# substrings one of which every match of the relaxed pattern contains (a run of literals, or one needle
# of each branch of an alternation, or of a group repeated at least once). A folded text holding no needle
# cannot match; one that holds one is searched with the real pattern, so the evidence is unchanged.

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _necessary(items) -> set[str] | None:
    """Substrings one of which every match of the relaxed ``items`` contains (the longest shortest one)."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, av in [*items, (None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        consider({"".join(run)} if run else None)
        run = []
        if op is _sre.SUBPATTERN:
            consider(_necessary(av[3]))
        elif op is _sre.ATOMIC_GROUP:
            consider(_necessary(av))
        elif op in _REPEATS and av[0] >= 1:
            consider(_necessary(av[2]))
        elif op is _sre.BRANCH:
            branches = [_necessary(b) for b in av[1]]
            if all(branches):
                consider(set().union(*branches))
    return best


def needles(pattern: str, literal_only: bool = False) -> tuple[str, ...] | None:
    """Substrings of the folded text one of which every match of ``pattern`` holds, or None (see above)."""
    try:
        parsed = _sre_parse.parse(pattern, 0)
        relaxed = _relaxed(parsed, literal_only)
        found = _necessary(relaxed) if relaxed is not None else None
    except Exception:  # noqa: BLE001 - private re internals changed: fall back to the exact search
        return None
    if not found or min(map(len, found)) < 2:  # a single letter would let almost every text through
        return None
    # a needle holding another one adds nothing ("presentation" holds "present")
    return tuple(sorted(n for n in found if not any(other != n and other in n for other in found)))


def _quick_test(pattern: str, literal_only: bool):
    """``folded text -> bool``, False only when ``pattern`` cannot match; None when no prefilter applies."""
    found = needles(pattern, literal_only)
    if found is not None:
        def holds_a_needle(folded: str) -> bool:
            for needle in found:  # a plain loop: any() over a generator costs more than the tests
                if needle in folded:
                    return True
            return False

        return holds_a_needle
    relaxed = prefilter(pattern, literal_only)
    return None if relaxed is None else lambda folded: relaxed.search(folded) is not None


# Non-ASCII text: a pattern made only of lower-case ASCII literals and sets of them can match a character
# only where IGNORECASE takes it for an ASCII letter or sign. Python's re takes exactly four non-ASCII
# characters for ASCII letters (dotted and dotless i, long s, Kelvin sign: a test checks every code
# point), so folding those onto their letter and lower-casing the rest (which leaves every other
# non-ASCII character non-ASCII, one character for one) keeps every match of such a pattern.

_ASCII_TWINS = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def fold_for_prefilter(text: str) -> str:
    """``text`` lower-cased, with the non-ASCII characters IGNORECASE takes for ASCII letters made those letters."""
    if text.isascii():
        return text.lower()
    for twin, letter in _ASCII_TWINS:
        if twin in text:
            text = text.replace(twin, letter)
    return text.lower()


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
            joined = "|".join(f"(?:{p})" for p in c.patterns)
            pattern = re.compile(joined, re.IGNORECASE) if c.patterns else None
            quick = (_quick_test(joined, False), _quick_test(joined, True)) if c.patterns else (None, None)
            self.concepts.append((name, c, {m.casefold() for m in c.mesh},
                                  {m.casefold() for m in c.mesh_requires_text},
                                  {p.casefold() for p in c.publication_types}, pattern, *quick))
        patterns = "|".join(f"(?:{p})" for c in rules.concepts.values() for p in c.patterns)
        # one test over all patterns first: most texts match none, and then no concept is searched
        self.prefilter = (_quick_test(patterns, False), _quick_test(patterns, True)) if patterns else (None, None)
        # a record's folded texts are tested together, joined by a character no needle holds (so no
        # needle is found across two texts); only possible when the prefilter holds for any text
        everything = needles(patterns, literal_only=True) if patterns else None
        self.whole_record = self.prefilter[1] if everything and not any("\n" in n for n in everything) else None
        self.max_score = sum(c.weight for c in rules.concepts.values())
        self.required = [name for name, c in rules.concepts.items() if c.required]
        self.any_mesh = set().union(*(entry[2] for entry in self.concepts))
        self.any_type = set().union(*(entry[4] for entry in self.concepts))
        self.hints = [(h.reason, {m.casefold() for m in h.mesh_all}, {m.casefold() for m in h.mesh_none})
                      for h in rules.exclusion_hints.values()]

    def screen(self, record: Record | ScreeningInput) -> Screening:
        if isinstance(record, ScreeningInput):
            mesh = record.mesh
        else:
            mesh = {m.descriptor.casefold(): m.major_topic for m in record.mesh_terms}
        pub_types = {p.casefold() for p in record.publication_types}
        # (where, text, whether it is ASCII, its folded form); texts no pattern can match are dropped
        texts = []
        title, abstract, keywords = record.title, record.abstract, " ; ".join(record.keywords)
        candidates = (("title", title), ("abstract", abstract), ("keywords", keywords))
        if self.whole_record is not None and not self.whole_record(
                fold_for_prefilter(f"{title}\n{abstract}\n{keywords}")):  # folding is character by character
            # no text of this record can match any pattern (most of MEDLINE): with no MeSH heading or
            # publication type of any concept either, nothing matches
            if self.any_mesh.isdisjoint(mesh) and self.any_type.isdisjoint(pub_types):
                return self._no_match(record, mesh)
            candidates = ()
        for where, text in candidates:
            if text:
                plain = text.isascii()
                folded = text.lower() if plain else fold_for_prefilter(text)
                quick = self.prefilter[0 if plain else 1]
                if quick is None or quick(folded):
                    texts.append((where, text, plain, folded))
        evidence: list[tuple[str, str, str]] = []
        matched: list[str] = []
        missing: list[str] = []
        score = 0.0
        for name, concept, c_mesh, c_mesh_text, c_types, pattern, quick_ascii, quick_any in self.concepts:
            found: list[tuple[str, str, str]] = []
            text_found = False
            if pattern is not None:
                for where, text, plain, folded in texts:
                    quick = quick_ascii if plain else quick_any  # exact: see prefilter and fold_for_prefilter
                    if (quick is None or quick(folded)) and (hit := pattern.search(text)):
                        found.append((name, where, hit.group(0)))
                        text_found = True
            bonus = 0.0
            # MeSH headings and publication types in the record's order (a set's order changes from run to
            # run with PYTHONHASHSEED, and so would the output)
            if not c_mesh.isdisjoint(mesh):
                for descriptor, major in mesh.items():
                    if descriptor not in c_mesh or (descriptor in c_mesh_text and not text_found):
                        continue
                    found.append((name, "mesh", descriptor))
                    if major:
                        bonus = self.rules.major_topic_bonus
            if not c_types.isdisjoint(pub_types):
                for ptype in dict.fromkeys(p.casefold() for p in record.publication_types):
                    if ptype in c_types:
                        found.append((name, "publication_type", ptype))
            if found:
                matched.append(name)
                score += concept.weight + bonus
                evidence.extend(found)
            elif concept.required:
                missing.append(name)
        return self._screening(record, mesh, score, matched, missing, evidence)

    def _no_match(self, record: Record | ScreeningInput, mesh: dict[str, bool]) -> Screening:
        """The screening of a record no concept matches (what the loop in :meth:`screen` would give)."""
        return self._screening(record, mesh, 0.0, [], list(self.required), [])

    def _screening(self, record, mesh: dict[str, bool], score: float, matched: list[str], missing: list[str],
                   evidence: list[tuple[str, str, str]]) -> Screening:
        hints = [reason for reason, need, forbid in self.hints  # (keys >= set looks each one up: no copy)
                 if need and mesh.keys() >= need and forbid.isdisjoint(mesh)]
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
    for block in _blocks(records, seen.BLOCK):  # a block of records at a time: flat memory all the same
        for record, duplicate in zip(block, seen.check_block(block), strict=True):
            if duplicate is None:
                yield rules.screen(record)
        del block, record  # not held while the next block is read


class RankedSpool:
    """Screenings written to a temporary file as they come and read back most relevant first.

    Each screening's sort key and place in the file are gathered in memory up to :attr:`RUN` of them,
    then sorted and written to a second temporary file as one sorted run; reading merges the runs. So
    memory stays flat however many records come (about 260 bytes for each of ``RUN`` keys, and one batch
    of each run while merging), and the order is exactly :func:`rank`'s (ties keep the order of arrival).
    """

    RUN = 4_096  # sort keys held at once
    _BATCH = 256  # keys per pickled batch of a run (what the merge holds of each run)

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close() / the with block
        self._runs_file: IO[bytes] | None = None
        self._runs: list[int] = []  # where each sorted run starts in _runs_file
        self._order: list[tuple[float, int, str, int, int]] = []
        self._offset = 0
        self._count = 0
        self.likely = 0

    def add(self, screening: Screening) -> None:
        line = screening.model_dump_json().encode() + b"\n"
        self._file.write(line)
        self._order.append((-screening.score, -(screening.year or 0), screening.key, self._offset, len(line)))
        self._offset += len(line)
        self._count += 1
        self.likely += screening.suggestion == "likely"
        if len(self._order) >= self.RUN:
            self._spill()

    def _spill(self) -> None:
        """The keys gathered so far, sorted, as one run on disk (length-prefixed pickled batches)."""
        if self._runs_file is None:
            self._runs_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._order.sort()
        self._runs.append(self._runs_file.tell())
        for i in range(0, len(self._order), self._BATCH):
            batch = pickle.dumps(self._order[i:i + self._BATCH], protocol=pickle.HIGHEST_PROTOCOL)
            self._runs_file.write(len(batch).to_bytes(4, "little") + batch)
        self._order = []

    def _run(self, start: int, end: int) -> Iterator[tuple[float, int, str, int, int]]:
        read, fd = os.pread, self._runs_file.fileno()
        while start < end:
            size = int.from_bytes(read(fd, 4, start), "little")
            yield from pickle.loads(read(fd, size, start + 4))
            start += 4 + size

    def __len__(self) -> int:
        return self._count

    def lines(self) -> Iterator[bytes]:
        """The JSON lines, most relevant first (the order of :func:`rank`)."""
        self._file.flush()
        if self._runs:
            if self._order:
                self._spill()
            self._runs_file.flush()
            bounds = [*self._runs, self._runs_file.tell()]
            order: Iterable = heapq.merge(*(self._run(a, b) for a, b in itertools.pairwise(bounds)))
        else:
            self._order.sort()
            order = self._order
        read, fd = os.pread, self._file.fileno()  # one call a line, no seek
        for _score, _year, _key, offset, size in order:
            yield read(fd, size, offset)

    def screenings(self) -> Iterator[Screening]:
        return (Screening.model_validate_json(line) for line in self.lines())

    def close(self) -> None:
        self._file.close()
        if self._runs_file is not None:
            self._runs_file.close()

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
            raise ValueError(f"reason: got {self.reason!r}; an exclusion needs a reason "
                             "(PRISMA 2020 reports reasons for exclusion)")
        if self.decision == "not_retrieved" and self.stage != "eligibility":
            raise ValueError(f"decision: got 'not_retrieved'; expected include or exclude at the {self.stage} "
                             "stage (not_retrieved applies to the eligibility, full-text, stage only)")
        if not self.reviewer.strip():
            raise ValueError(f"reviewer: got {self.reviewer!r}; expected a name or initials")
        return self


def latest_decisions(decisions: Iterable[Decision]) -> dict[tuple[str, str], Decision]:
    """The current decision for each (record, stage): the last one made wins, the rest is history."""
    current: dict[tuple[str, str], Decision] = {}
    for d in sorted(decisions, key=lambda d: d.decided_at):
        current[(d.record_key, d.stage)] = d
    return current
