"""MEDLINE XML ingestion, checked field by field against pubmed_parser on invented sample files.

pubmed_parser (titipata/pubmed_parser) is the reference parser most MEDLINE pipelines use; agreeing
with it is the evidence that imnm reads what PubMed means. The inputs are nine invented records in
seven files (``medline_factory.py``), written in the PubMed DTD's structure with the features real
files have: structured abstracts, inline markup and MathML, season and MedlineDate dates, group
authors, DOIs in different places. Deliberate differences, each asserted below:

* ``abstract``: pubmed_parser joins a structured abstract as ``"\\nLABEL\\ntext"`` blocks; imnm
  renders ``LABEL: text`` lines and keeps the parts (label, NLM category, text) in
  ``abstract_sections``. The words agree once whitespace and the colon are normalised.
* ``doi``: pubmed_parser takes the *last* ``ELocationID`` (empty if it is a PII) and looks at
  ``ArticleIdList`` only when there is no ``ELocationID``; imnm takes the first DOI ``ELocationID``,
  else the DOI in ``ArticleIdList``. This only adds DOIs pubmed_parser leaves empty.
* ``title``/``abstract``: markup nested more than one level deep (MathML) is kept by imnm
  (pubmed_parser reads one level).
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
from medline_factory import ALDOLASE_MATH_WORDS, SAMPLES, medline_document, write_medline, write_samples

from imnm.literature.medline import MedlineFormatError, iter_medline, parse_medline, parse_medline_string

# Text inside markup nested two levels deep (MathML), which imnm reads and pubmed_parser drops.
NESTED_MARKUP = {"90010008": ALDOLASE_MATH_WORDS, "90010009": ["T2"]}
# DOIs imnm finds and pubmed_parser leaves empty (a PII ELocationID after the DOI one).
DOI_ONLY_IMNM = {"90010006": "10.5555/gic.2017.0033"}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    return write_samples(tmp_path_factory.mktemp("medline"))


def ws(text: str) -> str:
    return " ".join(text.split())


def reference(path: Path, tmp_path: Path, **options) -> list[dict]:
    """pubmed_parser's records for one file (it opens input with gzip, so gzip a copy)."""
    pubmed_parser = pytest.importorskip("pubmed_parser")
    gz = tmp_path / (path.name + ".gz")
    with open(path, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return list(pubmed_parser.parse_medline_xml(str(gz), **options))


def test_sample_files_are_there(samples):
    assert len(samples) == 7
    assert sum(len(parse_medline(p)) for p in samples.values()) == 9


@pytest.mark.parametrize("name", list(SAMPLES))
def test_agrees_with_pubmed_parser_field_by_field(name, samples, tmp_path):
    path = samples[name]
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
        # doi: equal wherever pubmed_parser finds one; otherwise only the documented additions
        if ref["doi"]:
            assert record.doi == ref["doi"]
        else:
            assert record.doi == DOI_ONLY_IMNM.get(record.pmid)


def test_the_samples_cover_what_the_comparison_is_for(samples):
    """The comparison above means something only if the samples hold the tricky parts."""
    records = [r for p in samples.values() for r in parse_medline(p)]
    assert any(len(r.abstract_sections) > 1 for r in records)
    assert any(a.collective_name for r in records for a in r.authors)
    assert any(len(a.affiliations) > 1 for r in records for a in r.authors)
    assert any(m.qualifiers for r in records for m in r.mesh_terms)
    assert {r.pmid for r in records} >= set(NESTED_MARKUP) | set(DOI_ONLY_IMNM)


def test_pinned_values_from_the_trial_record(samples):
    (record,) = parse_medline(samples["trial.xml"])
    assert record.pmid == "90010001"
    assert record.doi == "10.5555/jpm.2019.0142"
    assert record.title == ("Subcutaneous methotrexate with a short or a standard prednisolone taper in "
                            "new-onset juvenile dermatomyositis: a randomised trial.")
    assert record.journal == "Journal of paediatric myology"
    assert record.journal_abbreviation == "J Paediatr Myol"
    assert record.pubdate == "2019-05-16" and record.year == 2019
    assert [s.label for s in record.abstract_sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert record.abstract.startswith("BACKGROUND: How fast oral glucocorticoids")
    assert "Dermatomyositis" in record.mesh_descriptors
    methotrexate = next(m for m in record.mesh_terms if m.descriptor == "Methotrexate")
    assert methotrexate.qualifiers == ["administration & dosage", "adverse effects"]  # &amp; decoded
    assert methotrexate.major_qualifiers == [True, False] and methotrexate.major_topic
    assert "Randomized Controlled Trial" in record.publication_types
    assert record.authors[0].last_name == "O'Connell"
    assert record.authors[2].affiliations == ["Department of Paediatrics, Sample University, Uppsala, Sweden.",
                                              "Centre for Clinical Trials, Sample University, Uppsala, Sweden."]
    assert record.language == ["eng"]


def test_markup_inside_titles_is_dropped_not_the_words(samples):
    (record,) = parse_medline(samples["markup_title.xml"])
    assert record.title == ("Common variants near SRP14 and SRP54 in children with necrotising myopathy: "
                            "a case-control study.")
    assert "(smallest P = 2 × 10-6; threshold 5 × 10-8)" in record.abstract
    (record,) = parse_medline(samples["mathml.xml"])
    assert record.title == ('A "Silent" Rise in Serum Aldolase Before Relapse of Juvenile Dermatomyositis? '
                            "A Post Hoc Look at Monthly Samples.")
    assert "thigh MRI T2 maps" in record.abstract and "(r = 0.61; P < 0.01)" in record.abstract


def test_structured_abstract_keeps_nlm_categories(samples):
    (record,) = parse_medline(samples["structured.xml"])
    assert [(s.label, s.nlm_category) for s in record.abstract_sections] == [
        ("OBJECTIVES", "OBJECTIVE"), ("METHODS", "METHODS"), ("RESULTS", "RESULTS"),
        ("CONCLUSIONS", "CONCLUSIONS")]
    assert record.abstract_sections[2].text.endswith("rose only in muscles with persistent oedema.")


def test_two_records_per_file_and_a_season_date(samples):
    first, second = parse_medline(samples["two_records.xml"])
    assert (first.pmid, second.pmid) == ("90010002", "90010003")
    assert first.pubdate == "1991" and first.year == 1991  # <Season>Spring</Season> has no month
    assert first.doi is None and first.abstract == ""
    assert second.pubdate == "1978-09-28"
    assert second.doi == "10.5555/0009-8981(78)90311-2"  # from ArticleIdList


def test_a_medline_date_gives_its_year(samples):
    _, record = parse_medline(samples["plain_abstracts.xml"])
    assert (record.pmid, record.pubdate, record.year) == ("90010005", "2001", 2001)  # "2001 Winter"


def test_group_author_orcid_and_nested_references(samples):
    (record,) = parse_medline(samples["working_group.xml"])
    assert [a.collective_name for a in record.authors if a.collective_name] == [
        "Juvenile Myositis Imaging Working Group"]
    assert record.authors[0].orcid == "0000-0000-0000-0001" and len(record.authors[0].affiliations) == 2
    assert record.doi == "10.5555/jpi.2020.0311"  # ArticleIdList only; the reference list is skipped


def test_gzip_is_read_by_content(samples, tmp_path):
    src = samples["plain_abstracts.xml"]
    gz = tmp_path / "plain_abstracts.xml.gz"
    gz.write_bytes(gzip.compress(src.read_bytes()))
    assert [r.pmid for r in iter_medline(gz)] == ["90010004", "90010005"]
    disguised = tmp_path / "plain_abstracts.xml"
    disguised.write_bytes(gzip.compress(src.read_bytes()))
    assert [r.pmid for r in iter_medline(disguised)] == ["90010004", "90010005"]
    written = write_medline(tmp_path / "written.xml.gz", SAMPLES["plain_abstracts.xml"])
    assert written.read_bytes()[:2] == b"\x1f\x8b"
    assert parse_medline(written) == parse_medline(src)


def test_memory_is_released_as_it_streams(samples, tmp_path, monkeypatch):
    """Each article is parsed on its own: no tree ever holds more than the article being read."""
    from imnm.literature import medline

    body = samples["structured.xml"].read_text(encoding="utf-8")
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


@pytest.mark.parametrize("name", list(SAMPLES))
def test_fast_split_path_equals_the_iterparse_path(name, samples):
    """Cutting the byte stream into articles (and skipping unread blocks) changes no field."""
    from imnm.literature import medline

    path = samples[name]
    with medline._open_binary(path) as stream:
        general = list(medline._iter_iterparse(stream, str(path)))
    assert parse_medline(path) == general


def test_non_utf8_files_take_the_general_path(tmp_path):
    """Read as declared: a Latin-1 file cut into articles and parsed as UTF-8 would garble or fail."""
    latin = write_medline(tmp_path / "latin.xml", SAMPLES["plain_abstracts.xml"], encoding="ISO-8859-1")
    assert latin.read_bytes().startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert "Müller".encode("latin-1") in latin.read_bytes()  # one byte per accented letter, not UTF-8
    first, second = iter_medline(latin)
    assert (first.pmid, second.pmid) == ("90010004", "90010005")
    assert [a.last_name for a in first.authors][:2] == ["Müller", "Lefèvre"]
    assert second.authors[0].affiliations == ["Institutt for planteforskning, Eksempel, Ås, Norway."]


def test_delete_citations_are_skipped():
    xml = medline_document(SAMPLES["plain_abstracts.xml"], deleted=["90019998", "90019999"])
    assert "<DeleteCitation>" in xml
    assert [r.pmid for r in parse_medline_string(xml)] == ["90010004", "90010005"]
    first_deleted = medline_document([], deleted=["1"]).replace("</PubmedArticleSet>", "").rstrip() + "\n" + (
        medline_document(SAMPLES["plain_abstracts.xml"]).split("<PubmedArticleSet>")[1])
    assert [r.pmid for r in parse_medline_string(first_deleted)] == ["90010004", "90010005"]


def test_truncated_file_is_a_clear_error(samples, tmp_path):
    text = samples["plain_abstracts.xml"].read_text(encoding="utf-8")
    cut = text[: text.rindex("</PubmedArticle>") + len("</PubmedArticle>")]  # set never closed
    bad = tmp_path / "cut.xml"
    bad.write_text(cut, encoding="utf-8")
    with pytest.raises(MedlineFormatError, match=r"cut\.xml: malformed XML at line \d+: the article set is not closed"):
        list(iter_medline(bad))


def test_malformed_article_reports_its_line(samples, tmp_path):
    text = samples["plain_abstracts.xml"].read_text(encoding="utf-8")
    at = text.index("<ArticleTitle>", text.index("90010005"))  # in the second article
    broken = text[:at] + "<ArticleTitle><b>" + text[at + len("<ArticleTitle>"):]
    line = broken[:at].count("\n") + 1
    bad = tmp_path / "broken.xml"
    bad.write_text(broken, encoding="utf-8")
    with pytest.raises(MedlineFormatError, match=r"broken\.xml: malformed XML at line (\d+)") as info:
        list(iter_medline(bad))
    reported = int(str(info.value).split("line ")[1].split(":")[0])
    assert line <= reported <= line + 40
    assert line > 40  # the second article: the line counts from the file's start, not the article's


def test_malformed_xml_is_a_clear_error(samples, tmp_path):
    bad = tmp_path / "bad.xml"
    text = samples["plain_abstracts.xml"].read_text(encoding="utf-8")
    bad.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(MedlineFormatError, match=r"bad\.xml: malformed XML at line \d+"):
        list(iter_medline(bad))


def test_other_xml_is_rejected():
    with pytest.raises(MedlineFormatError, match="eSearchResult"):
        parse_medline_string("<eSearchResult><Count>0</Count></eSearchResult>")


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="no such file"):
        parse_medline("/nonexistent/pubmed.xml")


def test_truncated_gzip_is_a_clear_error(samples, tmp_path):
    text = samples["markup_title.xml"].read_text(encoding="utf-8")
    article = text[text.index("<PubmedArticle>"):text.rindex("</PubmedArticle>") + len("</PubmedArticle>")]
    data = gzip.compress(("<PubmedArticleSet>" + article * 200 + "</PubmedArticleSet>").encode("utf-8"))
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MedlineFormatError, match=r"cut\.xml\.gz: cannot be read as \(gzipped\) XML"):
        list(iter_medline(cut))


def test_a_small_truncated_gzip_is_a_clear_error(samples, tmp_path):
    """Cut inside the first block read: the error must come from the first look at the stream too."""
    data = gzip.compress(samples["markup_title.xml"].read_bytes())
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MedlineFormatError, match=r"cut\.xml\.gz: cannot be read as \(gzipped\) XML"):
        list(iter_medline(cut))
