"""screen-files on one large file: a boundary scan cuts it into byte ranges and each task reads only its range."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pytest
from medline_factory import SAMPLES, synthetic_medline, write_medline

from imnm.literature.medline import MedlineFormatError, article_ranges, iter_medline, iter_range
from imnm.literature.parallel import screen_file, screen_files

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def invented(tmp_path_factory) -> dict[str, Path]:
    """300 invented records, with the screening corpus' six records in the middle, plain and gzipped."""
    folder = tmp_path_factory.mktemp("split")
    made = synthetic_medline().write_medline(folder / "made.xml.gz", 300, seed=5)
    xml = gzip.decompress(made.read_bytes())
    corpus = (DATA / "screening_corpus.xml").read_bytes()
    body = corpus.split(b"<PubmedArticleSet>")[1].split(b"</PubmedArticleSet>")[0]
    middle = xml.index(b"<PubmedArticle>", len(xml) // 2)
    xml = xml[:middle] + body + xml[middle:]
    plain = folder / "pubmed_one.xml"
    plain.write_bytes(xml)
    packed = folder / "pubmed_one.xml.gz"
    packed.write_bytes(gzip.compress(xml))
    return {"xml": plain, "gz": packed}


@pytest.mark.parametrize("kind", ["xml", "gz"])
@pytest.mark.parametrize("parts", [2, 3, 7])
def test_ranges_give_every_article_once_in_order(invented, kind, parts):
    path = invented[kind]
    ranges = article_ranges(path, parts)
    assert len(ranges) == parts and [r.part for r in ranges] == list(range(parts))
    assert ranges[0].start == 0 and ranges[-1].end is None
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))  # contiguous, no gap
    whole = [r.model_dump_json() for r in iter_medline(path)]
    shares = [list(iter_range(path, r)) for r in ranges]
    assert [n for share in shares for n, _ in share] == list(range(len(whole)))
    assert [record.model_dump_json() for share in shares for _, record in share] == whole
    sizes = [len(share) for share in shares]
    assert min(sizes) >= 0.6 * len(whole) / parts, sizes  # cut by bytes: shares of about equal work


@pytest.mark.parametrize("kind", ["xml", "gz"])
def test_a_share_reads_no_byte_outside_its_range(invented, kind, tmp_path):
    """Bytes before and after the second share are made garbage: the share still gives its records."""
    xml = invented["xml"].read_bytes()
    ranges = article_ranges(invented[kind], 3)
    expected = [(n, r.model_dump_json()) for n, r in iter_range(invented[kind], ranges[1])]
    start, end = ranges[1].start, ranges[1].end
    garbage = b"#" * start + xml[start:end] + b"#" * (len(xml) - end)
    target = tmp_path / f"garbage.{kind}"
    target.write_bytes(gzip.compress(garbage) if kind == "gz" else garbage)
    assert [(n, r.model_dump_json()) for n, r in iter_range(target, ranges[1])] == expected
    assert len(expected) > 50


def test_an_error_in_a_later_share_names_the_files_line(invented, tmp_path):
    xml = invented["xml"].read_bytes()
    broken = xml.rfind(b"</ArticleTitle>", 0, len(xml) * 9 // 10)
    path = tmp_path / "broken.xml"
    path.write_bytes(xml[:broken] + b"<i>" + xml[broken:])  # an unclosed tag in one title, near the end
    with pytest.raises(MedlineFormatError) as whole:
        list(iter_medline(path))
    ranges = article_ranges(path, 3)
    with pytest.raises(MedlineFormatError) as share:
        list(iter_range(path, ranges[2]))
    assert str(share.value) == str(whole.value)
    assert list(iter_range(path, ranges[0]))  # the other shares read as usual


def test_a_file_in_another_encoding_or_too_small_is_one_range(tmp_path):
    path = write_medline(tmp_path / "latin1.xml", SAMPLES["two_records.xml"], encoding="ISO-8859-1")
    assert [(r.start, r.end, r.parts) for r in article_ranges(path, 4)] == [(0, None, 1)]
    assert [n for n, _ in iter_range(path, article_ranges(path, 4)[0])] == [0, 1]
    one = write_medline(tmp_path / "one.xml", SAMPLES["trial.xml"])
    assert len(article_ranges(one, 4)) == 1  # one article cannot be shared


def test_screen_files_on_one_split_file_answers_as_one_task(invented):
    path = str(invented["gz"])
    one = screen_file(path, min_score=0.3)
    done = []
    split = screen_files(path, n_workers=2, processes=False, min_score=0.3, parts_per_file=3, on_file_done=done.append)
    assert len(split.files) == 1 and len(done) == 1 and split.files[0].parts == 3
    assert (split.records, split.likely) == (one.records, one.likely) == (306, one.likely)
    assert [s.model_dump() for s, _ in split.files[0].hits] == [s.model_dump() for s, _ in one.hits]
    assert [r.model_dump() for _, r in split.files[0].hits] == [r.model_dump() for _, r in one.hits]
    assert split.files[0].positions == one.positions and len(one.hits) >= 3


def test_screen_file_keeps_the_whole_record_of_each_hit(invented):
    """The light screening path keeps a hit's complete Record (authors and all), as the Record path did."""
    from imnm.literature.screening import default_rules

    records = {r.key: r for r in iter_medline(invented["xml"])}
    result = screen_file(str(invented["xml"]), min_score=0.3)
    assert result.hits and result.records == len(records)
    for screening, record in result.hits:
        assert record == records[screening.key] and record.authors
        assert screening == default_rules().screen(record)


def test_a_file_whose_scan_fails_is_reported_not_raised(invented, tmp_path):
    truncated = tmp_path / "pubmed_cut.xml"
    truncated.write_bytes(invented["xml"].read_bytes()[:-40])
    result = screen_files(str(truncated), n_workers=2, processes=False, parts_per_file=2, raise_on_error=False)
    assert len(result.files) == 1 and "truncated" in result.errors[0]


def test_a_screen_files_task_screens_only_its_share(invented, tmp_path):
    xml = invented["xml"].read_bytes()
    ranges = article_ranges(invented["xml"], 3)
    whole = screen_file(str(invented["xml"]), min_score=0.0)
    start, end = ranges[1].start, ranges[1].end
    target = tmp_path / "garbage.xml"
    target.write_bytes(b"#" * start + xml[start:end] + b"#" * (len(xml) - end))
    share = screen_file(str(target), min_score=0.0, share=ranges[1])
    assert share.error is None and (share.part, share.parts) == (1, 3)
    numbers = range(ranges[1].first_article, ranges[2].first_article)
    assert share.positions == list(numbers) and share.records == len(numbers)
    assert [s for s, _ in share.hits] == [whole.hits[n][0] for n in numbers]


def test_a_file_is_split_only_when_there_are_fewer_files_than_workers():
    from imnm.literature.parallel import _default_parts

    assert [_default_parts(1, 2), _default_parts(1, 16), _default_parts(3, 16), _default_parts(4, 2)] == [2, 16, 6, 1]
