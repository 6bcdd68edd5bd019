"""``imnm literature parse --format jsonl``: the exact rows, pinned on a small invented MEDLINE file.

The command has its own fast path (rows without the pydantic ``Record``), so the rows are written
out by hand here from the XML below, key order included, and compared whole.
"""

from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from imnm.cli import app
from imnm.literature.medline import iter_medline, iter_summary_rows

# Invented records (no real PMID, author or journal) covering what the row reads: markup and a
# character reference in a title, a structured abstract with an UNASSIGNED label, a group author,
# a MedlineDate, a DOI only in ArticleIdList, no abstract, two languages, non-ASCII text, and the
# article kinds the reader skips (a book article, a deletion).
MEDLINE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "x.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">91000001</PMID>
    <DateRevised><Year>2023</Year><Month>01</Month><Day>02</Day></DateRevised>
    <Article PubModel="Print">
      <Journal>
        <JournalIssue CitedMedium="Internet"><Volume>3</Volume>
          <PubDate><Year>2021</Year><Month>Sep</Month><Day>7</Day></PubDate>
        </JournalIssue>
        <Title>Invented journal of child muscle</Title>
        <ISOAbbreviation>Invent J Child Muscle</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Anti-<i>SRP</i> myopathy with &#946;<sup>2</sup> findings in a girl.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.9999/invented.1</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Weakness of the hips.</AbstractText>
        <AbstractText Label="UNASSIGNED" NlmCategory="UNASSIGNED">Creatine kinase was high.</AbstractText>
        <AbstractText Label="CONCLUSIONS" NlmCategory="CONCLUSIONS">Treat early.</AbstractText>
      </Abstract>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><LastName>Pérez-Núñez</LastName><ForeName>Ana María</ForeName><Initials>AM</Initials>
          <Identifier Source="ORCID">0000-0000-0000-0001</Identifier>
          <AffiliationInfo><Affiliation>Invented Hospital.</Affiliation></AffiliationInfo></Author>
        <Author ValidYN="Y"><CollectiveName>Invented Myositis Study Group</CollectiveName></Author>
        <Author ValidYN="Y"><LastName>Doe</LastName></Author>
      </AuthorList>
      <Language>eng</Language>
      <Language>spa</Language>
      <PublicationTypeList>
        <PublicationType UI="D002363">Case Reports</PublicationType>
        <PublicationType UI="D016428">Journal Article</PublicationType>
      </PublicationTypeList>
    </Article>
    <ChemicalList><Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D0">X</NameOfSubstance></Chemical></ChemicalList>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D000001" MajorTopicYN="N">Child</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D000002" MajorTopicYN="Y">Myositis</DescriptorName>
        <QualifierName UI="Q000001" MajorTopicYN="N">immunology</QualifierName></MeshHeading>
    </MeshHeadingList>
    <KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">anti-SRP</Keyword><Keyword MajorTopicYN="N"> </Keyword>
      <Keyword MajorTopicYN="N">IMNM</Keyword></KeywordList>
  </MedlineCitation>
  <PubmedData>
    <History><PubMedPubDate PubStatus="received"><Year>2021</Year><Month>1</Month><Day>1</Day></PubMedPubDate></History>
    <ArticleIdList><ArticleId IdType="pubmed">91000001</ArticleId><ArticleId IdType="doi">10.9999/other</ArticleId></ArticleIdList>
    <ReferenceList><Reference><Citation>Invented reference.</Citation></Reference></ReferenceList>
  </PubmedData>
</PubmedArticle>
<PubmedBookArticle><BookDocument><PMID Version="1">91000002</PMID></BookDocument></PubmedBookArticle>
<PubmedArticle>
  <MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM">
    <PMID Version="1">91000003</PMID>
    <Article PubModel="Print">
      <Journal><Title>Revista inventada</Title>
        <JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue></Journal>
      <ArticleTitle>Miopatía necrosante: revisión.</ArticleTitle>
      <Language>spa</Language>
      <PublicationTypeList><PublicationType UI="D016454">Review</PublicationType></PublicationTypeList>
    </Article>
  </MedlineCitation>
  <PubmedData>
    <ArticleIdList><ArticleId IdType="pubmed">91000003</ArticleId><ArticleId IdType="doi">10.9999/invented.3</ArticleId></ArticleIdList>
  </PubmedData>
</PubmedArticle>
<DeleteCitation><PMID Version="1">91000004</PMID></DeleteCitation>
</PubmedArticleSet>
"""

EXPECTED = [
    {
        "pmid": "91000001",
        "doi": "10.9999/invented.1",
        "title": "Anti-SRP myopathy with \u03b22 findings in a girl.",
        "abstract": "BACKGROUND: Weakness of the hips.\nCreatine kinase was high.\nCONCLUSIONS: Treat early.",
        "authors": ["Pérez-Núñez AM", "Invented Myositis Study Group", "Doe"],
        "journal": "Invented journal of child muscle",
        "pubdate": "2021-09-07",
        "publication_types": ["Case Reports", "Journal Article"],
        "mesh_terms": ["Child", "Myositis"],
        "keywords": ["anti-SRP", "IMNM"],
        "language": ["eng", "spa"],
    },
    {
        "pmid": "91000003",
        "doi": "10.9999/invented.3",
        "title": "Miopatía necrosante: revisión.",
        "abstract": "",
        "authors": [],
        "journal": "Revista inventada",
        "pubdate": "1998",
        "publication_types": ["Review"],
        "mesh_terms": [],
        "keywords": [],
        "language": ["spa"],
    },
]


@pytest.mark.parametrize("name", ["invented.xml", "invented.xml.gz"])
def test_parse_jsonl_rows_are_exactly_the_expected_ones(tmp_path, name):
    path = tmp_path / name
    data = MEDLINE.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = CliRunner().invoke(app, ["literature", "parse", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED
    assert [list(json.loads(line)) for line in lines] == [list(row) for row in EXPECTED]  # key order too
    assert "Pérez-Núñez" in lines[0]  # written as UTF-8, not \\u escapes


def test_summary_rows_equal_the_records_rows(tmp_path):
    """The command's fast rows are what ``Record.summary_row`` gives for the same articles."""
    path = tmp_path / "invented.xml"
    path.write_text(MEDLINE, encoding="utf-8")
    assert list(iter_summary_rows(path)) == [r.summary_row() for r in iter_medline(path)]


def test_summary_rows_equal_the_records_rows_on_invented_baseline_records(tmp_path):
    """The same on 300 records of the benchmark's generator (structured abstracts, group authors, ...)."""
    from medline_factory import synthetic_medline

    path = synthetic_medline().write_medline(tmp_path / "invented.xml.gz", 300, seed=7)
    rows = list(iter_summary_rows(path))
    assert len(rows) == 300
    assert rows == [r.summary_row() for r in iter_medline(path)]
