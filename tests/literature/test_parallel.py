"""screen-files on a tiny local Dask cluster: same answers as screening the files one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from medline_factory import SAMPLES, write_medline

from imnm.literature.medline import parse_medline
from imnm.literature.parallel import NoFilesMatched, expand_glob, screen_file, screen_files
from imnm.literature.records import LiteratureError
from imnm.literature.screening import screen

DATA = Path(__file__).parent / "data"
BASELINE_SAMPLES = ["markup_title.xml", "structured.xml", "two_records.xml"]


@pytest.fixture
def baseline(tmp_path) -> Path:
    """A miniature 'baseline': the screening corpus gzipped plus three invented sample files."""
    import gzip

    folder = tmp_path / "baseline"
    folder.mkdir()
    (folder / "pubmed25n0001.xml.gz").write_bytes(gzip.compress((DATA / "screening_corpus.xml").read_bytes()))
    for name in BASELINE_SAMPLES:
        write_medline(folder / f"pubmed25n_{name}", SAMPLES[name])
    return folder


def test_screen_files_on_a_local_cluster(baseline):
    seen = []
    result = screen_files(str(baseline / "pubmed25n*.xml*"), n_workers=2, processes=False, min_score=0.5,
                          on_file_done=lambda f: seen.append(Path(f.path).name))
    assert len(result.files) == 4 and len(seen) == 4
    assert result.records == 6 + 1 + 1 + 2
    assert result.likely == 2  # the corpus' paediatric anti-SRP case report and the SRP genetics study
    hits = result.ranked_hits()
    assert [s.pmid for s, _ in hits] == ["90000001", "90010006", "90000002", "90000004", "90010007", "90000003",
                                         "90010002", "90010003"]
    assert hits[0][1].title.startswith("Anti-SRP immune-mediated necrotising myopathy")
    # identical to screening the files serially, one after the other
    serial_records = parse_medline(DATA / "screening_corpus.xml")
    for name in BASELINE_SAMPLES:
        serial_records += parse_medline(baseline / f"pubmed25n_{name}")
    serial = {s.pmid: s.score for s in screen(serial_records)}
    assert len(serial) == result.records
    assert {s.pmid: s.score for s, _ in hits} == {k: v for k, v in serial.items() if v >= 0.5}


def test_screen_file_counts_everything(tmp_path):
    two = write_medline(tmp_path / "two_records.xml", SAMPLES["two_records.xml"])
    done = screen_file(str(two), min_score=0.0)
    assert done.records == 2 and len(done.hits) == 2 and done.likely == 0
    assert done.error is None


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


def test_local_workers_start_from_a_fork_server_not_from_this_threaded_process(monkeypatch):
    """Forking the calling process (which runs Dask's event loop and, in a test run or a web server, other
    threads) once left a worker waiting forever on a lock; workers now come from a fresh fork server."""
    import multiprocessing

    from imnm.literature.parallel import _worker_start

    monkeypatch.delenv("IMNM_DASK_START", raising=False)
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert _worker_start() == {"distributed.worker.multiprocessing-method": "forkserver"}
    monkeypatch.setenv("IMNM_DASK_START", "spawn")
    assert _worker_start() == {"distributed.worker.multiprocessing-method": "spawn"}
    monkeypatch.setenv("IMNM_DASK_START", "no-such-method")
    assert _worker_start() == {}
