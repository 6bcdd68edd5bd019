"""A literal pre-check for lists of regular expressions read against every sentence.

The lexicon's outcome phrases, review-sentence cues and feature phrasings are each tens to a hundred
case-insensitive patterns. Python's ``re`` tries every alternative at every position of a sentence, which
made these searches the largest single cost of extraction. Almost every pattern needs some plain letters in
its match ("improv"; "much better"; one of "markedly" or "dramatically"), so a sentence that lacks them
cannot match it, and only the patterns whose letters are all there need be tried. The answer is always the
one the full search gives: the gate only skips patterns that cannot match.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

try:  # the parser behind ``re``; without it (another Python), every pattern is simply always tried
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython 3.11 to 3.13 have it
    _sre_parse = None

#: Shorter runs ("is", "no") are in nearly every sentence: they are not worth a check.
SHORTEST_RUN = 3

Clause = tuple[str, ...]


def required_literals(pattern: str, flags: int = 0, shortest: int = SHORTEST_RUN) -> tuple[Clause, ...]:
    """What every match of ``pattern`` contains, as clauses: each clause is a tuple of runs of plain ASCII
    characters (lower-cased, each at least ``shortest`` long), one of which is in the match ("improv"; or one of
    "markedly", "dramatically" for a choice of words). The strongest clause comes first; empty when nothing
    is required (or the pattern cannot be parsed here)."""
    if _sre_parse is None:
        return ()
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return ()
    clauses = {tuple(sorted({run.lower() for run in clause})) for clause in _clauses(parsed, shortest)}
    return tuple(sorted(clauses, key=_strength, reverse=True))


def _strength(clause: Clause) -> tuple[int, int, Clause]:
    """A clause whose shortest run is long, and which has few runs, is one few sentences satisfy."""
    return min(map(len, clause)), -len(clause), clause


def _clauses(items, shortest: int) -> list[Clause]:
    """The clauses the sequence ``items`` must satisfy: its runs of literal characters in a row, and those of
    the groups, repeats and choices it must pass through."""
    c = _sre_parse  # its names (LITERAL, AT, ...) are the compiler's opcodes
    out: list[Clause] = []
    run: list[str] = []

    def end_run() -> None:
        if len(run) >= shortest:
            out.append(("".join(run),))
        run.clear()

    for op, av in items:
        if op is c.LITERAL and av < 128:
            run.append(chr(av))
            continue
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero-width: the characters either side are still adjacent
            continue
        end_run()
        if op is c.SUBPATTERN:  # (group, add flags, del flags, body): the body is required
            out += _clauses(av[3], shortest)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            out += _clauses(av[2], shortest)  # (min, max, body): required at least once
        elif op is getattr(c, "ATOMIC_GROUP", None):
            out += _clauses(av, shortest)
        elif op is c.BRANCH:  # (None, alternatives): one of them, so one of their strongest clauses
            chosen: list[str] = []
            for alternative in av[1]:
                own = _clauses(alternative, shortest)
                if not own:
                    break  # an alternative that needs nothing: the choice needs nothing
                chosen += max(own, key=_strength)
            else:
                out.append(tuple(chosen))
    end_run()
    return out


class LiteralGate:
    """Patterns tried only on text that holds the letters each one needs.

    ``candidates(text)`` names the patterns that may match; ``search(text)`` says whether the alternation of
    all of them matches anywhere, as ``re.compile("|".join(patterns), flags).search(text)`` would."""

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self.patterns = list(patterns)
        self.flags = flags
        self.clauses = [required_literals(p, flags) for p in self.patterns]
        # each run of a strongest clause, with the patterns it may admit; the patterns that need nothing; and
        # each pattern's other clauses, checked only once its strongest one holds
        self._admits: dict[str, list[int]] = {}
        for i, clauses in enumerate(self.clauses):
            for run in clauses[0] if clauses else ():
                self._admits.setdefault(run, []).append(i)
        self._runs = tuple(self._admits)
        self._groups = _grouped(self._runs)
        self._always = {i for i, clauses in enumerate(self.clauses) if not clauses}
        self._others = [[_check(c) for c in clauses[1:]] for clauses in self.clauses]
        self.compiled = [re.compile(p, flags) for p in self.patterns]
        self.full = re.compile("|".join(f"(?:{p})" for p in self.patterns), flags) if self.patterns else None

    def candidates(self, text: str) -> list[int]:
        """Indices of the patterns that may match ``text`` (all of them for text beyond ASCII, where case
        folding is not one character for one)."""
        if not text.isascii():
            return list(range(len(self.patterns)))
        low = text.lower()
        hits = set(self._always)
        for key, runs in self._groups:  # most keys are absent, and with them every run that holds them
            if key in low:
                for run in runs:
                    if run in low:
                        hits.update(self._admits[run])
        return sorted(i for i in hits if all(_holds(check, low) for check in self._others[i]))

    def search(self, text: str) -> bool:
        """Whether any pattern matches somewhere in ``text``."""
        if self.full is None:
            return False
        hits = self.candidates(text)
        if len(hits) == len(self.patterns):
            return self.full.search(text) is not None
        return any(self.compiled[i].search(text) for i in hits)


def _grouped(runs: Sequence[str], width: int = SHORTEST_RUN) -> list[tuple[str, tuple[str, ...]]]:
    """The runs in groups that share a key of ``width`` characters, each group as (key, runs): text without the
    key holds none of its runs, so one test passes over them all. Greedy, the key shared by the most runs
    first; a run that shares no key with another is its own group and key."""
    left = sorted(set(runs))
    groups = [(run, (run,)) for run in left if len(run) < width]
    left = [run for run in left if len(run) >= width]
    while left:
        counts = Counter(key for run in left for key in {run[i:i + width] for i in range(len(run) - width + 1)})
        key, n = max(counts.items(), key=lambda item: (item[1], item[0]))
        if n == 1:
            groups += [(run, (run,)) for run in left]
            break
        groups.append((key, tuple(run for run in left if key in run)))
        left = [run for run in left if key not in run]
    return groups


def _check(clause: Clause) -> str | re.Pattern:
    """A clause as the quickest test of lower-cased text: its one run, or a search for any of its runs."""
    return clause[0] if len(clause) == 1 else re.compile("|".join(map(re.escape, clause)))


def _holds(check: str | re.Pattern, low: str) -> bool:
    return check in low if check.__class__ is str else check.search(low) is not None


#: The text last lower-cased for a ``Gated`` pre-check, and its lower case (ASCII text only).
_last = ("", "")


class Gated:
    """A compiled pattern with a literal pre-check: ``search``, ``match``, ``fullmatch``, ``finditer`` and ``findall``
    answer as the pattern's own do, but text that lacks every run of the pattern's strongest clause is not
    searched at all (it cannot hold a match, wherever in it the search starts or ends). ``re`` is the pattern."""

    def __init__(self, pattern: re.Pattern, shortest: int = SHORTEST_RUN) -> None:
        self.re = pattern
        self.pattern, self.flags = pattern.pattern, pattern.flags
        clauses = required_literals(pattern.pattern, pattern.flags, shortest)
        runs = set(clauses[0]) if clauses else set()
        # a run that holds another needs nothing more than the other: the shorter one is checked alone
        self.runs = tuple(sorted(r for r in runs if not any(o != r and o in r for o in runs)))

    def may_match(self, text: str) -> bool:
        """False only when no match can be in ``text`` (text beyond ASCII is always searched)."""
        if not self.runs:
            return True
        global _last
        last, low = _last
        if text is not last:  # a reader tries many patterns on one sentence: it is lower-cased once
            if not text.isascii():
                return True
            low = text.lower()
            _last = (text, low)  # one assignment: another thread sees the old pair or the new one
        for run in self.runs:
            if run in low:
                return True
        return False

    def search(self, text: str, *args) -> re.Match | None:
        return self.re.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args) -> re.Match | None:
        return self.re.match(text, *args) if self.may_match(text) else None

    def fullmatch(self, text: str, *args) -> re.Match | None:
        return self.re.fullmatch(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args):
        return self.re.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: str, *args) -> list:
        return self.re.findall(text, *args) if self.may_match(text) else []
