"""Hostile or broken MEDLINE files (issue 14, item 6): clear one-line errors, linear time, flat memory.

Every file is generated in tmp_path. Memory is asserted with tracemalloc (the reader's own buffers
are Python bytes), work with the reader's largest buffer, never with wall time.
"""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imnm.cli import app
from imnm.literature import medline
from imnm.literature.medline import MedlineFormatError, iter_medline, iter_summary_rows

pytestmark = pytest.mark.timeout(120)

MIB = 1 << 20
PROLOG = b'<?xml version="1.0" encoding="utf-8"?>\n<PubmedArticleSet>\n'
END = b"</PubmedArticleSet>\n"


def article(pmid: int, abstract: str = "Invented abstract.") -> bytes:
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
            f"<Article><Journal><Title>Invented journal</Title></Journal><ArticleTitle>Invented title {pmid}."
            f"</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText></Abstract></Article>"
            f"</MedlineCitation></PubmedArticle>\n").encode()


def write_gz(path: Path, *parts: bytes) -> Path:
    with gzip.open(path, "wb", compresslevel=1) as fh:
        for part in parts:
            fh.write(part)
    return path


def peak_python_memory(run) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- a gzip cut short -----------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [12, 30])
def test_gzip_cut_in_its_first_bytes_is_one_clear_line(tmp_path, keep):
    whole = gzip.compress(PROLOG + article(91000001) + END)
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(whole[:keep])
    with pytest.raises(MedlineFormatError, match=r"cut\.xml\.gz: cannot be read as \(gzipped\) XML"):
        list(iter_medline(cut))
    result = CliRunner().invoke(app, ["literature", "parse", str(cut), "--format", "jsonl"])
    assert result.exit_code == 2
    assert "Aborted" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(cut) in lines[0] and "cannot be read as (gzipped) XML" in lines[0]
    assert result.stdout == ""


def test_corrupt_gzip_is_a_clear_error(tmp_path):
    whole = bytearray(gzip.compress(PROLOG + b"".join(article(91000000 + i) for i in range(200)) + END))
    whole[40:80] = bytes(40)  # the deflate stream damaged, the header intact
    bad = tmp_path / "damaged.xml.gz"
    bad.write_bytes(bytes(whole))
    with pytest.raises(MedlineFormatError, match=r"damaged\.xml\.gz: cannot be read as \(gzipped\) XML"):
        list(iter_medline(bad))


# --- a large file without any article --------------------------------------------------------------

SIZE = 32 * MIB


def test_32_mib_of_whitespace_reads_in_flat_memory(tmp_path):
    path = write_gz(tmp_path / "empty.xml.gz", PROLOG, b" \n" * (SIZE // 2), END)
    records: list = []
    peak = peak_python_memory(lambda: records.extend(iter_medline(path)))
    assert records == []
    assert peak < 4 * MIB, f"peak {peak / MIB:.1f} MiB of Python memory for a 32 MiB file"


def test_32_mib_of_other_elements_keeps_a_bounded_buffer(tmp_path):
    filler = b"<Other>invented</Other>\n" * (SIZE // 24)
    path = write_gz(tmp_path / "others.xml.gz", PROLOG, filler, END)
    with gzip.open(path) as stream:
        splitter = medline._Splitter(stream, path.name)
        assert list(splitter.articles()) == []
    # Scanned bytes are dropped as they go: the buffer never holds more than one block and a few bytes.
    assert splitter.largest_buffer <= medline._BLOCK + medline._KEEP


def test_large_foreign_xml_is_named_by_its_root(tmp_path):
    path = write_gz(tmp_path / "esearch.xml.gz", b"<eSearchResult><IdList>\n",
                    b"<Id>1</Id>\n" * (4 * MIB // 11), b"</IdList></eSearchResult>\n")
    with pytest.raises(MedlineFormatError, match=r"esearch\.xml\.gz: root element <eSearchResult> is not"):
        list(iter_medline(path))


def test_large_malformed_file_without_articles_reports_its_line(tmp_path):
    path = write_gz(tmp_path / "broken.xml.gz", PROLOG, b"<Other>x</Other>\n" * 300_000, b"<Other>\n", END)
    with pytest.raises(MedlineFormatError, match=r"broken\.xml\.gz: malformed XML at line 30000[34]"):
        list(iter_medline(path))


def test_an_update_file_with_only_deletions_has_no_records(tmp_path):
    path = tmp_path / "deletions.xml"
    path.write_bytes(PROLOG + b"<DeleteCitation><PMID Version='1'>91000001</PMID></DeleteCitation>\n" + END)
    assert list(iter_medline(path)) == []


def test_articles_after_a_long_gap_are_found_and_counted_right(tmp_path):
    gap = b"\n" * (3 * MIB)
    path = write_gz(tmp_path / "gap.xml.gz", PROLOG, article(91000001), gap, article(91000002), gap, END)
    assert [r["pmid"] for r in iter_summary_rows(path)] == ["91000001", "91000002"]
    broken = write_gz(tmp_path / "gap_broken.xml.gz", PROLOG, article(91000001), gap,
                      article(91000002).replace(b"</ArticleTitle>", b"</Title>"), END)
    line = (PROLOG + article(91000001) + gap).count(b"\n") + 1
    with pytest.raises(MedlineFormatError, match=rf"gap_broken\.xml\.gz: malformed XML at line {line}:"):
        list(iter_medline(broken))


# --- one article beyond the limit -------------------------------------------------------------------


def test_an_article_over_the_limit_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(medline, "MAX_ARTICLE_BYTES", 1 * MIB)
    path = write_gz(tmp_path / "big.xml.gz", PROLOG, article(91000001),
                    article(91000002, abstract="x" * (2 * MIB)), END)
    rows = iter_summary_rows(path)
    assert next(rows)["pmid"] == "91000001"
    with pytest.raises(MedlineFormatError, match=r"big\.xml\.gz: line 4: an article larger than 1 MiB unpacked"):
        next(rows)


def test_an_article_never_closed_stops_at_the_limit_in_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(medline, "MAX_ARTICLE_BYTES", 2 * MIB)
    path = write_gz(tmp_path / "endless.xml.gz", PROLOG, b"<PubmedArticle><MedlineCitation><Abstract>",
                    b"invented words " * (SIZE // 15))
    errors: list[str] = []

    def run() -> None:
        try:
            list(iter_medline(path))
        except MedlineFormatError as exc:
            errors.append(str(exc))

    peak = peak_python_memory(run)
    assert errors and "larger than 2 MiB unpacked" in errors[0]
    assert peak < 4 * 2 * MIB + medline._BLOCK * 2, f"peak {peak / MIB:.1f} MiB"


def test_the_command_reports_an_oversized_article_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(medline, "MAX_ARTICLE_BYTES", 1 * MIB)
    path = write_gz(tmp_path / "big.xml.gz", PROLOG, article(91000001, abstract="x" * (2 * MIB)), END)
    result = CliRunner().invoke(app, ["literature", "parse", str(path), "--format", "jsonl"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "larger than 1 MiB unpacked" in lines[0]
