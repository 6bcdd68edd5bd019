"""``imnm literature screen`` streams: flat memory, and the same answers as the list-based path."""

from __future__ import annotations

import gc
import importlib.util
import json
import tracemalloc
from pathlib import Path

import pytest
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


def _synthetic():
    spec = importlib.util.spec_from_file_location(
        "synthetic_medline", Path(__file__).resolve().parents[2] / "benchmarks" / "synthetic_medline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("medline")
    synthetic = _synthetic()
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


# --- screen-files: one large file shared by several tasks ----------------------------------------------


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_split_tasks_give_exactly_the_records_of_one_task(files, parts):
    from imnm.literature.parallel import iter_medline_part

    whole = [r.model_dump_json() for r in iter_medline(files[500])]
    shares = [list(iter_medline_part(str(files[500]), part, parts)) for part in range(parts)]
    numbers = sorted(n for share in shares for n, _ in share)
    assert numbers == list(range(len(whole)))  # every article once, in no two shares
    assert all(len(share) >= len(whole) // parts for share in shares)
    merged = dict(pair for share in shares for pair in share)
    assert [merged[n].model_dump_json() for n in range(len(whole))] == whole


def test_a_file_in_another_encoding_is_read_whole_by_the_first_share(tmp_path):
    from medline_factory import SAMPLES, write_medline

    from imnm.literature.parallel import iter_medline_part

    path = write_medline(tmp_path / "latin1.xml", SAMPLES["two_records.xml"], encoding="ISO-8859-1")
    assert [n for n, _ in iter_medline_part(str(path), 0, 2)] == [0, 1]
    assert list(iter_medline_part(str(path), 1, 2)) == []


def test_screen_files_splits_a_single_file_and_answers_as_one_task(files, tmp_path):
    import gzip

    from imnm.literature.parallel import screen_file, screen_files

    target = tmp_path / "pubmed_one.xml.gz"
    corpus = (DATA / "screening_corpus.xml").read_bytes()
    invented = gzip.decompress(files[500].read_bytes())
    # the corpus' six relevant-looking records placed among 500 invented ones: one file, several hits
    body = corpus.split(b"<PubmedArticleSet>")[1].split(b"</PubmedArticleSet>")[0]
    target.write_bytes(gzip.compress(invented.replace(b"</PubmedArticleSet>", body + b"</PubmedArticleSet>")))
    one = screen_file(str(target), min_score=0.3)
    done = []
    split = screen_files(str(target), n_workers=2, processes=False, min_score=0.3, parts_per_file=3,
                         on_file_done=done.append)
    assert len(split.files) == 1 and len(done) == 1 and split.files[0].parts == 3
    assert (split.records, split.likely) == (one.records, one.likely) == (506, one.likely)
    assert [s.model_dump() for s, _ in split.files[0].hits] == [s.model_dump() for s, _ in one.hits]
    assert len(one.hits) >= 3


def test_a_file_is_split_only_when_there_are_fewer_files_than_workers():
    from imnm.literature.parallel import _default_parts

    assert [_default_parts(1, 2), _default_parts(1, 16), _default_parts(3, 16), _default_parts(4, 2)] == [2, 16, 6, 1]
