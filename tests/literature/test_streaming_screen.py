"""``imnm literature screen`` streams: flat memory, and the same answers as the list-based path."""

from __future__ import annotations

import gc
import json
import re
import tracemalloc
from pathlib import Path

import pytest
from medline_factory import synthetic_medline
from typer.testing import CliRunner

from imnm.cli import app
from imnm.literature.medline import iter_medline, parse_medline
from imnm.literature.records import normalise_title
from imnm.literature.screening import (
    Deduplicator,
    RankedSpool,
    _title_key,
    deduplicate,
    default_rules,
    load_rules,
    prefilter,
    rank,
    screen_unique,
)

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("medline")
    synthetic = synthetic_medline()
    return {n: synthetic.write_medline(folder / f"invented{n}.xml.gz", n, seed=3) for n in (500, 2000)}


def _list_based(paths: list[Path]) -> list[str]:
    """The screen command before streaming: every record in a list, deduplicated, screened, ranked."""
    records = [r for p in paths for r in parse_medline(p)]
    return [s.model_dump_json() for s in rank(default_rules().screen(r) for r in deduplicate(records).unique)]


def _streamed(paths: list[Path]) -> list[str]:
    with RankedSpool() as spool:
        for s in screen_unique((r for p in paths for r in iter_medline(p)), default_rules()):
            spool.add(s)
        return [line.decode().rstrip("\n") for line in spool.lines()]


def _peak(path: Path) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        _streamed([path])
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_records(files):
    default_rules()  # compiled once, outside the measurement
    small, large = _peak(files[500]), _peak(files[2000])
    per_record = (large - small) / 1500
    # the identities kept for deduplication and the ranking keys only (about 0.5 KB a record);
    # the list-based path held every Record and Screening (several KB a record)
    assert per_record < 1024, (small, large)
    assert large < 2 * small


def test_streamed_results_equal_the_list_based_path_with_duplicates(files, tmp_path):
    corpus = DATA / "screening_corpus.xml"
    paths = [files[500], corpus, corpus, files[500]]  # every record of the second copies is a duplicate
    expected = _list_based(paths)
    assert _streamed(paths) == expected
    assert len(expected) == 506


def test_the_screen_command_streams_the_same_jsonl(files):
    corpus = DATA / "screening_corpus.xml"
    r = runner.invoke(app, ["literature", "screen", str(files[500]), str(corpus), str(corpus), "-f", "jsonl"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines == _list_based([files[500], corpus, corpus])
    assert json.loads(lines[0])["pmid"] == "90000001"  # the paediatric anti-SRP case report ranks first
    assert "512 records, 6 duplicate(s) removed" in r.stderr


def test_deduplicator_counts_as_it_goes():
    records = parse_medline(DATA / "screening_corpus.xml")
    seen = Deduplicator()
    assert [seen.check(r) is None for r in records + records[:2]] == [True] * 6 + [False, False]
    assert (seen.identified, seen.duplicates) == (8, 2)


@pytest.mark.parametrize("title", ["Anti-SRP myopathy in an 11-year-old girl.", "  CASE   report: (x) ",
                                   "Myopathie nécrosante à anticorps anti-SRP", "Ǆemal's ﬁbre İstanbul"])
def test_title_key_equals_normalise_title(title):
    assert _title_key(title) == normalise_title(title)


def test_prefilter_never_misses_a_match_of_the_shipped_patterns():
    rules = load_rules()
    texts = ["Anti-SRP necrotising myopathy in an 11-year-old GIRL", "SRP54", "a 17 yr old boy",
             "IMNM.", "We Report two children", "juvenile", "signal recognition particle", "nothing here",
             "srpx", "Paediatric", "case series"]
    for concept in rules.concepts.values():
        exact = load_rules().compiled().concepts  # the real patterns, IGNORECASE
        quick = prefilter("|".join(f"(?:{p})" for p in concept.patterns))
        assert quick is not None
        pattern = next(c[5] for c in exact if c[1] == concept)
        for text in texts:
            if pattern.search(text):
                assert quick.search(text.lower()), (concept.label, text)
    assert prefilter("SRP") is None and prefilter(r"(a)\1") is None  # upper case, back-reference: no prefilter


# --- the light screening path: the fields screening reads, no pydantic Record -----------------------------

INVENTED = ("Invented journal of child muscle", "Invent J Child Muscle")


def _tricky_articles():
    """Invented records whose texts test the prefilter: non-ASCII text, and the characters Python's
    case-insensitive matching takes for ASCII letters (long s, dotless and dotted i, Kelvin sign)."""
    from medline_factory import article, el, mesh, ymd

    def make(pmid, title, abstract, **extra):
        return article(pmid, title, journal=INVENTED, pubdate=ymd(2021, "Mar"), abstract=abstract, **extra)

    return [
        make("90020001", "Anti-\u017fRP myopathy in a 12-year-old g\u0130rl", "Necroti\u017fing myo\u017fitis; caf\u00e9 \u00b5g.",
             publication_types=("Case Reports", "Journal Article")),
        make("90020002", "\u212aids with ANTI-SRP and juvenile onset: \u00e9tude", "We report a case \u2014 boy, \u0131mnm.",
             keywords=["n\u00e9crose", "\u0130MNM"], mesh_terms=[mesh("D000001", "Autoantibodies", True)]),
        make("90020003", "Myopathie n\u00e9crosante chez l'enfant: \u00e9chec", "Aucun r\u00e9sultat; \u00e9tude \u00b1 5%.",
             mesh_terms=[mesh("D000002", "Child"), mesh("D000003", "Myositis", False, ("Q1", "immunology", True)),
                         mesh("D000002", "Child", True)]),
        make("90020004", "Caf\u00e9 au lait and \u00df-catenin in adults", [("BACKGROUND", "BACKGROUND", "\u00e9l\u00e8ve"),
                                                                         ("UNASSIGNED", "UNASSIGNED", "rien")],
             elocations=[("doi", "10.5555/Invented.4")], mesh_terms=[mesh("D000004", "Adult")]),
        make("90020005", "Signal Recognition Particle in a 7 yr old: s\u00e9rie", None,
             mesh_terms=[mesh("D000005", "Animals")], keywords=["\u00e9", "case series"]),
        el("PubmedArticle", el("MedlineCitation", el("PMID", "90020006", Version="1"),
                               el("Article", el("ArticleTitle", "A title long enough to deduplicate on \u00e9"))),
           el("PubmedData", el("ArticleIdList", el("ArticleId", "10.5555/ID.6", IdType="doi")))),
    ]


@pytest.fixture(scope="module")
def medline_files(files, tmp_path_factory) -> list[Path]:
    """Invented MEDLINE files covering what screening reads: the test corpus, the samples, tricky texts."""
    from medline_factory import write_medline, write_samples

    folder = tmp_path_factory.mktemp("screenable")
    samples = list(write_samples(folder).values())
    tricky = write_medline(folder / "tricky.xml.gz", _tricky_articles())
    return [files[500], DATA / "screening_corpus.xml", tricky, *samples]


def test_screening_inputs_screen_exactly_like_records(medline_files):
    from imnm.literature.screening import iter_screening_inputs

    rules = default_rules()
    for path in medline_files:
        records, light = list(iter_medline(path)), list(iter_screening_inputs(path))
        assert len(light) == len(records), path
        for record, item in zip(records, light, strict=True):
            assert (item.key, item.pmid, item.normalised_doi, item.title, item.year) == (
                record.key, record.pmid, record.normalised_doi, record.title, record.year)
            assert rules.screen(item).model_dump() == rules.screen(record).model_dump(), (path, record.pmid)
    hits = [rules.screen(i) for i in iter_screening_inputs(medline_files[2])]
    assert [s.suggestion for s in hits[:3]] == ["likely", "likely", "unlikely"]  # the tricky texts do match


def test_screening_inputs_deduplicate_like_records(medline_files):
    from imnm.literature.screening import iter_screening_inputs

    paths = [medline_files[2], medline_files[1], medline_files[2], medline_files[1]]
    by_record, by_input = Deduplicator(), Deduplicator()
    expected = [(d.kept_key, d.matched_on) if (d := by_record.check(r)) else None
                for p in paths for r in iter_medline(p)]
    got = [(d.kept_key, d.matched_on) if (d := by_input.check(i)) else None
           for p in paths for i in iter_screening_inputs(p)]
    assert got == expected
    assert (by_input.identified, by_input.duplicates) == (by_record.identified, by_record.duplicates) == (24, 12)


def test_fold_maps_each_character_onto_the_ascii_letter_ignorecase_matches():
    """The lemma behind prefiltering non-ASCII text: after folding, a character equals an ASCII character
    exactly when Python's case-insensitive matching takes it for that character (checked for every code point)."""
    from imnm.literature.screening import fold_for_prefilter

    ascii_class = re.compile("[\x00-\x7f]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        folded = fold_for_prefilter(char)
        assert len(folded) == 1, hex(code)
        matched = ascii_class.fullmatch(char)
        if code < 128:
            assert folded == char.lower()
        elif matched:
            twins = {a for a in map(chr, range(128)) if re.fullmatch(re.escape(a), char, re.IGNORECASE)}
            assert twins == {folded, folded.upper()}, hex(code)
        else:
            assert not folded.isascii(), hex(code)


def test_prefilter_never_misses_a_match_in_non_ascii_text():
    from imnm.literature.screening import fold_for_prefilter

    texts = ["Anti-\u017fRP myopathy in a 12-year-old g\u0130rl", "\u212aids with juvenile \u00e9tude",
             "necroti\u017fing myo\u017fitis \u00b5", "\u0131mnm \u00e9", "caf\u00e9 \u00b1 sr\u00e9p", "\u0130MNM \u00e9"]
    for concept in load_rules().concepts.values():
        exact = re.compile("|".join(f"(?:{p})" for p in concept.patterns), re.IGNORECASE)
        quick = prefilter("|".join(f"(?:{p})" for p in concept.patterns), literal_only=True)
        assert quick is not None
        for text in texts:
            if exact.search(text):
                assert quick.search(fold_for_prefilter(text)), (concept.label, text)
    assert prefilter(r"a.b", literal_only=True) is None and prefilter(r"a\wb", literal_only=True) is None
    assert prefilter(r"a[^b]", literal_only=True) is None and prefilter(r"a.b") is not None


class _CountingPattern:
    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0

    def search(self, text):
        self.calls += 1
        return self.pattern.search(text)


def test_non_ascii_texts_no_pattern_can_match_are_not_searched():
    from imnm.literature.screening import ScreeningInput

    rules = load_rules().compiled()
    counters = []
    for i, entry in enumerate(rules.concepts):
        if entry[5] is not None:
            counters.append(_CountingPattern(entry[5]))
            rules.concepts[i] = (*entry[:5], counters[-1], *entry[6:])
    plain = ScreeningInput(pmid="1", doi=None, title="Caf\u00e9 au lait spots in adults: a cohort",
                           abstract="R\u00e9sum\u00e9 \u00b1 5% of the cohort had \u00e9l\u00e8ves.", year=2020,
                           keywords=["caf\u00e9"], mesh={}, publication_types=[])
    assert rules.screen(plain).matched == []
    assert sum(c.calls for c in counters) == 0
    relevant = ScreeningInput(pmid="2", doi=None, title="Anti-SRP myopathy in a girl: caf\u00e9", abstract="",
                              year=2020, keywords=[], mesh={}, publication_types=[])
    assert rules.screen(relevant).matched == ["srp", "imnm", "child"]
    assert sum(c.calls for c in counters) == 3  # only the concepts whose own prefilter found something


def test_the_screen_command_builds_no_record_for_medline(files, monkeypatch):
    from imnm.literature import medline

    def no_records(_element):
        raise AssertionError("the screen command built a pydantic Record")

    expected = _list_based([files[500], DATA / "screening_corpus.xml"])
    monkeypatch.setattr(medline, "article_record", no_records)
    r = runner.invoke(app, ["literature", "screen", str(files[500]), str(DATA / "screening_corpus.xml"),
                            "-f", "jsonl"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == expected


def test_needles_are_in_every_text_a_pattern_matches():
    """The cheapest prefilter: substrings one of which every match contains (plain ``in`` tests, no regex)."""
    from imnm.literature.screening import fold_for_prefilter, needles

    assert needles(r"\banti[- ]?srp") == ("anti",)
    assert needles(r"\b(?:girl|boy)s?\b") == ("boy", "girl")
    assert needles(r"\bp(?:a)?ediatric") == ("ediatric",)
    assert needles(r"\bwe (?:report|present)\b") == ("present", "report")
    assert needles(r"(?:\d+)?x") is None and needles("SRP") is None  # one letter is no needle; upper case
    texts = ["Anti-\u017fRP myopathy in a 12-year-old g\u0130rl", "\u212aids with juvenile \u00e9tude", "SRP54",
             "necroti\u017fing myo\u017fitis \u00b5", "\u0131mnm \u00e9", "a 17 yr old boy", "We Report two children",
             "IMNM.", "Paediatric case series", "signal recognition particle", "srpx", "nothing here"]
    for concept in load_rules().concepts.values():
        exact = re.compile("|".join(f"(?:{p})" for p in concept.patterns), re.IGNORECASE)
        found = needles("|".join(f"(?:{p})" for p in concept.patterns), literal_only=True)
        assert found, concept.label
        for text in texts:
            if exact.search(text):
                assert any(n in fold_for_prefilter(text) for n in found), (concept.label, text)
