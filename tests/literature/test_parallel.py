"""screen-files on a tiny local Dask cluster: same answers as screening the files one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imnm.literature.medline import parse_medline
from imnm.literature.parallel import NoFilesMatched, expand_glob, screen_file, screen_files
from imnm.literature.records import LiteratureError
from imnm.literature.screening import screen

DATA = Path(__file__).parent / "data"
PEER = Path(__file__).resolve().parents[3] / "shared" / "peer-data"


@pytest.fixture
def baseline(tmp_path) -> Path:
    """A miniature 'baseline': the screening corpus gzipped plus three peer files."""
    import gzip

    folder = tmp_path / "baseline"
    folder.mkdir()
    (folder / "pubmed25n0001.xml.gz").write_bytes(gzip.compress((DATA / "screening_corpus.xml").read_bytes()))
    for name in ["pubmed4.xml", "pubmed5.xml", "pubmed1.xml"]:
        shutil.copy(PEER / "biopython" / name, folder / f"pubmed25n_{name}")
    return folder


def test_screen_files_on_a_local_cluster(baseline):
    seen = []
    result = screen_files(str(baseline / "pubmed25n*.xml*"), n_workers=2, processes=False, min_score=0.5,
                          on_file_done=lambda f: seen.append(Path(f.path).name))
    assert len(result.files) == 4 and len(seen) == 4
    assert result.records == 6 + 1 + 1 + 2
    assert result.likely == 1
    hits = result.ranked_hits()
    assert [s.pmid for s, _ in hits] == ["90000001", "90000002", "90000004", "90000003"]
    assert hits[0][1].title.startswith("Anti-SRP immune-mediated necrotising myopathy")
    # identical to screening serially
    serial = {s.pmid: s.score for s in screen(parse_medline(DATA / "screening_corpus.xml"))}
    assert {s.pmid: s.score for s, _ in hits} == {k: v for k, v in serial.items() if v >= 0.5}


def test_screen_file_counts_everything():
    done = screen_file(str(PEER / "biopython" / "pubmed1.xml"), min_score=0.0)
    assert done.records == 2 and len(done.hits) == 2 and done.likely == 0


def test_bad_glob_and_bad_file(tmp_path):
    with pytest.raises(NoFilesMatched, match="no files match"):
        expand_glob(str(tmp_path / "nothing*.xml.gz"))
    with pytest.raises(NoFilesMatched, match="empty pattern"):
        expand_glob("  ")
    bad = tmp_path / "broken.xml"
    bad.write_text("<PubmedArticleSet><PubmedArticle>", encoding="utf-8")
    with pytest.raises(LiteratureError, match=r"could not be screened:\n  - .*broken.xml: malformed XML"):
        screen_files(str(bad), n_workers=1, processes=False)
    assert screen_file(str(bad)).error.endswith("Premature end of data in tag PubmedArticle line 1, line 1, column 34")
