"""The literal pre-check skips only patterns that cannot match: its answer is always the full search's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imnm.literature.extract_patterns import engine
from imnm.literature.extract_scoring import load_corpus
from imnm.literature.regex_gate import Gated, LiteralGate, _grouped, required_literals

CORPUS = Path(__file__).parent / "extraction_corpus"


@pytest.mark.parametrize(("pattern", "clauses"), [
    (r"\bmuch better\b", (("much better",),)),
    (r"(?:markedly|dramatically) improv", (("dramatically", "markedly"), (" improv",))),
    (r"\bvoice (?:\w+ )?(?:faded|weakened)", (("voice ",), ("faded", "weakened"))),
    (r"(?:ab)+cde", (("cde",),)),
    (r"x(?:abc){0,2}", ()),  # an optional group is not required
    (r"(?:abc|x)yzw", (("yzw",),)),  # one alternative needs nothing checkable: the choice adds no clause
    (r"(?-i:ABCD)e", (("abcd",),)),
    (r"[a-z]+", ()),
    (r"ré", ()),  # a character beyond ASCII is never part of a run
    (r"r[eé]sume", (("sume",),)),  # nor is a choice of characters
    (r"(?<!last )\breview\b(?! of)", (("review",),)),  # lookarounds are not required text
    (r"(", ()),  # a pattern ``re`` cannot parse: always tried
])
def test_required_literals(pattern, clauses):
    assert required_literals(pattern, re.IGNORECASE) == clauses


def test_candidates_skip_only_patterns_without_their_words():
    gate = LiteralGate([r"\bmuch better\b", r"(?:markedly|dramatically) improv", r"\d+ ?%"], re.IGNORECASE)
    assert gate.candidates("She was MUCH better.") == [0, 2]  # the third needs no letters: always a candidate
    assert gate.candidates("Markedly improved by week 4") == [1, 2]
    assert gate.candidates("Stable.") == [2]
    assert gate.search("Markedly Improved") and not gate.search("improved markedly")
    assert gate.candidates("Ça va MUCH BETTER") == [0, 1, 2]  # beyond ASCII: case folding is not one for one


def test_an_empty_gate_matches_nothing():
    assert not LiteralGate([]).search("anything")


def _sentences() -> list[str]:
    eng = engine()
    texts = [text for _, text, _ in load_corpus(CORPUS)][::7]
    return [text[s.start_char:s.end_char] for t in texts for s in eng.nlp(t).sents for text in [t]]


@pytest.mark.parametrize("name", ["review_cues", "outcome_gate", "feature_gate"])
def test_the_extractors_gates_agree_with_the_full_search_on_the_corpus(name):
    gate = getattr(engine(), name)
    singles = [re.compile(p, gate.flags) for p in gate.patterns]
    for sentence in _sentences():
        assert gate.search(sentence) == bool(gate.full.search(sentence)), sentence
        matching = {i for i, p in enumerate(singles) if p.search(sentence)}
        assert matching <= set(gate.candidates(sentence)), sentence


_WORDS = ["much", "better", "markedly", "improved", "voice", "faded", "review", "of", "systems", "the", "is", "a",
          "rare", "reports", "these", "remission", "died", "10", "%", "in", "MUCH", "Improv", "BETTER", " ", ".", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join))
def test_outcome_and_review_gates_agree_with_the_full_search_on_any_words(text):
    eng = engine()
    for gate in (eng.outcome_gate, eng.review_cues):
        assert gate.search(text) == bool(gate.full.search(text))


def test_grouped_runs_keep_every_run_once():
    runs = ["improv", "much better", "markedly", "improvement", "remission", "remit", "xyz"]
    groups = _grouped(runs)
    assert sorted(run for _, members in groups for run in members) == sorted(runs)
    assert all(key in run for key, members in groups for run in members)


def test_gated_patterns_answer_as_the_pattern_does():
    pattern = re.compile(r"(?<![-/])\b(?P<n>\d{1,2}|both) (?:[\w-]+ ){0,3}(?P<who>children|girls|boys)\b", re.IGNORECASE)
    gated = Gated(pattern)
    assert gated.runs == ("boys", "children", "girls")
    for text in ["Both girls had a rash.", "We saw 3 children and 2 boys.", "She had a rash.", "Ça: 2 GIRLS", ""]:
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in pattern.finditer(text)]
        assert bool(gated.search(text)) == bool(pattern.search(text))
        assert bool(gated.search(text, 3)) == bool(pattern.search(text, 3))
        assert gated.findall(text) == pattern.findall(text)
    antigen = Gated(engine().antigen_re, shortest=2)
    for sentence in _sentences():
        assert [m.span() for m in antigen.finditer(sentence)] == [m.span() for m in antigen.re.finditer(sentence)]
