"""A MEDLINE/PubMed XML file of N invented records, for benchmarks (no real record is read or copied).

The layout follows the PubMed DTD as NLM's baseline files use it: ``MedlineCitation`` (PMID, dates,
``Article`` with journal, title, abstract, authors, language, publication types), chemicals, MeSH
headings and keywords, then ``PubmedData`` (history, publication status, ``ArticleIdList`` and, for
some records, a reference list). Every word, name, number and identifier is made up from a seeded
random generator, so the same seed gives the same bytes. Sizes are chosen so a record is about
4 KB of XML (a typical PubMed record is 3-5 KB).

    .venv/bin/python benchmarks/synthetic_medline.py out.xml.gz --records 20000 --seed 1
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
from pathlib import Path
from xml.sax.saxutils import escape

# Syllables for invented words and names; the words mean nothing, only their lengths look like prose.
_SYLLABLES = ("ka", "mo", "ri", "tes", "lan", "dor", "vi", "pex", "su", "nal", "tro", "gem", "ba", "lo",
              "quin", "fer", "ost", "ma", "zen", "ti", "cal", "bre", "un", "or", "ex", "ade", "ly", "sis")
_SHORT = ("of", "the", "in", "and", "with", "to", "a", "for", "by", "on", "was", "were", "at", "or")
_ACCENTED = ("é", "ü", "ñ", "ø", "ç", "á")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LABELS = (("BACKGROUND", "BACKGROUND"), ("METHODS", "METHODS"), ("RESULTS", "RESULTS"),
           ("CONCLUSIONS", "CONCLUSIONS"))
_PUBLICATION_TYPES = (("D016428", "Journal Article"), ("D002363", "Case Reports"),
                      ("D016454", "Review"), ("D016449", "Randomized Controlled Trial"),
                      ("D013485", "Research Support, Non-U.S. Gov't"))
_LANGUAGES = ("eng", "eng", "eng", "eng", "spa", "fre", "ger", "jpn")


class _Inventor:
    """Made-up words, sentences and names from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def word(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            return rng.choice(_SHORT)
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.02:
            word += rng.choice(_ACCENTED)
        return word

    def words(self, low: int, high: int) -> str:
        return " ".join(self.word() for _ in range(self.rng.randint(low, high)))

    def sentence(self, low: int = 6, high: int = 20) -> str:
        text = self.words(low, high)
        if self.rng.random() < 0.15:
            text += f" ({self.rng.randint(1, 99)}.{self.rng.randint(0, 9)}%)"
        return text[0].upper() + text[1:] + "."

    def name(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()

    def date(self, tag: str, attrs: str = "", month_names: bool = False) -> str:
        rng = self.rng
        month = rng.choice(_MONTHS) if month_names else f"{rng.randint(1, 12):02d}"
        return (f"<{tag}{attrs}><Year>{rng.randint(1975, 2024)}</Year><Month>{month}</Month>"
                f"<Day>{rng.randint(1, 28):02d}</Day></{tag}>")


def _markup(inventor: _Inventor, text: str) -> str:
    """Escaped text, sometimes with the inline markup PubMed keeps (<i>, <sup>) or a character reference."""
    rng = inventor.rng
    text = escape(text)
    if rng.random() < 0.2:
        words = text.split(" ")
        at = rng.randrange(len(words))
        words[at] = f"<i>{words[at]}</i>"
        text = " ".join(words)
    if rng.random() < 0.1:
        text = text.replace(".", f" &#946;<sup>{rng.randint(2, 9)}</sup>.", 1)
    return text


def _abstract(inventor: _Inventor) -> str:
    rng = inventor.rng
    if rng.random() < 0.1:
        return ""
    if rng.random() < 0.45:
        parts = []
        for label, category in _LABELS:
            text = " ".join(inventor.sentence() for _ in range(rng.randint(1, 2)))
            parts.append(f'<AbstractText Label="{label}" NlmCategory="{category}">'
                         f"{_markup(inventor, text)}</AbstractText>")
        body = "\n        ".join(parts)
    else:
        text = " ".join(inventor.sentence() for _ in range(rng.randint(3, 7)))
        body = f"<AbstractText>{_markup(inventor, text)}</AbstractText>"
    return f"      <Abstract>\n        {body}\n      </Abstract>\n"


def _authors(inventor: _Inventor) -> str:
    rng = inventor.rng
    authors = []
    affiliation = escape(f"Department of {inventor.name()}, {inventor.name()} University Hospital, "
                         f"{inventor.name()}, {inventor.name()}.")
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.02:
            authors.append(f"<Author ValidYN=\"Y\"><CollectiveName>{inventor.name()} Study Group"
                           f"</CollectiveName></Author>")
            continue
        fore = inventor.name()
        second = inventor.name() if rng.random() < 0.3 else ""
        initials = fore[0] + (second[:1] if second else "")
        orcid = (f'<Identifier Source="ORCID">0000-000{rng.randint(1, 9)}-{rng.randint(1000, 9999)}-'
                 f"{rng.randint(1000, 9999)}</Identifier>" if rng.random() < 0.2 else "")
        affiliation_info = (f"<AffiliationInfo><Affiliation>{affiliation}</Affiliation></AffiliationInfo>"
                            if rng.random() < 0.35 else "")
        authors.append(f'<Author ValidYN="Y"><LastName>{inventor.name()}</LastName>'
                       f"<ForeName>{fore}{' ' + second if second else ''}</ForeName>"
                       f"<Initials>{initials}</Initials>{orcid}{affiliation_info}</Author>")
    return '      <AuthorList CompleteYN="Y">\n        ' + "\n        ".join(authors) + "\n      </AuthorList>\n"


def _mesh(inventor: _Inventor) -> str:
    rng = inventor.rng
    headings = []
    for _ in range(rng.randint(2, 6)):
        major = "Y" if rng.random() < 0.2 else "N"
        qualifiers = "".join(
            f'<QualifierName UI="Q{rng.randint(0, 999999):06d}" MajorTopicYN="{"Y" if rng.random() < 0.2 else "N"}">'
            f"{inventor.word()}</QualifierName>" for _ in range(rng.choice((0, 0, 1, 2))))
        headings.append(f'<MeshHeading><DescriptorName UI="D{rng.randint(0, 999999):06d}" MajorTopicYN="{major}">'
                        f"{inventor.name()} {inventor.word()}</DescriptorName>{qualifiers}</MeshHeading>")
    return "    <MeshHeadingList>\n      " + "\n      ".join(headings) + "\n    </MeshHeadingList>\n"


def _references(inventor: _Inventor) -> str:
    rng = inventor.rng
    if rng.random() < 0.9:
        return ""
    refs = [f"<Reference><Citation>{escape(inventor.name())} {inventor.name()[0]}. {escape(inventor.sentence(6, 12))} "
            f"{inventor.name()} {rng.randint(1980, 2023)};{rng.randint(1, 99)}:{rng.randint(1, 999)}.</Citation>"
            f'<ArticleIdList><ArticleId IdType="pubmed">{rng.randint(1, 39_999_999)}</ArticleId></ArticleIdList>'
            f"</Reference>" for _ in range(rng.randint(3, 10))]
    return "      <ReferenceList>\n        " + "\n        ".join(refs) + "\n      </ReferenceList>\n"


def article(inventor: _Inventor, pmid: int) -> str:
    """One invented ``PubmedArticle``."""
    rng = inventor.rng
    journal = f"{inventor.name()} journal of {inventor.word()}"
    doi = f"10.{rng.randint(1000, 9999)}/{inventor.name().lower()}.{rng.randint(1000, 99999)}"
    year = rng.randint(1975, 2024)
    if rng.random() < 0.05:
        pubdate = f"<MedlineDate>{year} {rng.choice(_MONTHS)}-{rng.choice(_MONTHS)}</MedlineDate>"
    else:
        pubdate = (f"<Year>{year}</Year><Month>{rng.choice(_MONTHS)}</Month>"
                   + (f"<Day>{rng.randint(1, 28):02d}</Day>" if rng.random() < 0.5 else ""))
    publication_types = "".join(f'<PublicationType UI="{ui}">{escape(name)}</PublicationType>'
                                for ui, name in rng.sample(_PUBLICATION_TYPES, rng.randint(1, 2)))
    chemicals = "".join(f'<Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D{rng.randint(0, 999999):06d}">'
                        f"{inventor.name()}</NameOfSubstance></Chemical>" for _ in range(rng.randint(0, 2)))
    keywords = "".join(f'<Keyword MajorTopicYN="N">{inventor.words(1, 3)}</Keyword>'
                       for _ in range(rng.randint(0, 4)))
    title = inventor.sentence(6, 18)
    vernacular = (f"      <VernacularTitle>{escape(inventor.sentence(6, 14))}</VernacularTitle>\n"
                  if rng.random() < 0.05 else "")
    return (
        "<PubmedArticle>\n"
        '  <MedlineCitation Status="MEDLINE" Owner="NLM">\n'
        f'    <PMID Version="1">{pmid}</PMID>\n'
        f"    {inventor.date('DateCompleted')}\n"
        f"    {inventor.date('DateRevised')}\n"
        '    <Article PubModel="Print-Electronic">\n'
        f'      <Journal><ISSN IssnType="Electronic">{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}</ISSN>'
        f'<JournalIssue CitedMedium="Internet"><Volume>{rng.randint(1, 400)}</Volume><Issue>{rng.randint(1, 24)}</Issue>'
        f"<PubDate>{pubdate}</PubDate></JournalIssue><Title>{escape(journal)}</Title>"
        f"<ISOAbbreviation>{escape(journal[:12])}</ISOAbbreviation></Journal>\n"
        f"      <ArticleTitle>{_markup(inventor, title)}</ArticleTitle>\n"
        f"      <Pagination><MedlinePgn>{rng.randint(1, 900)}-{rng.randint(901, 999)}</MedlinePgn></Pagination>\n"
        f'      <ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>\n'
        f"{_abstract(inventor)}{_authors(inventor)}"
        f"      <Language>{rng.choice(_LANGUAGES)}</Language>\n"
        f"      <PublicationTypeList>{publication_types}</PublicationTypeList>\n"
        f"{vernacular}"
        "      " + inventor.date("ArticleDate", ' DateType="Electronic"') + "\n"
        "    </Article>\n"
        f"    <MedlineJournalInfo><Country>{inventor.name()}</Country><MedlineTA>{escape(journal[:12])}</MedlineTA>"
        f"<NlmUniqueID>{rng.randint(1_000_000, 9_999_999)}</NlmUniqueID></MedlineJournalInfo>\n"
        + (f"    <ChemicalList>{chemicals}</ChemicalList>\n" if chemicals else "")
        + "    <CitationSubset>IM</CitationSubset>\n"
        + _mesh(inventor)
        + (f'    <KeywordList Owner="NOTNLM">{keywords}</KeywordList>\n' if keywords else "")
        + "  </MedlineCitation>\n"
        "  <PubmedData>\n"
        "    <History>"
        + "".join(inventor.date("PubMedPubDate", f' PubStatus="{status}"')
                  for status in ("received", "accepted", "entrez"))
        + "</History>\n"
        "    <PublicationStatus>ppublish</PublicationStatus>\n"
        f'    <ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">{doi}</ArticleId>'
        f'<ArticleId IdType="pii">S{rng.randint(10**9, 10**10 - 1)}</ArticleId></ArticleIdList>\n'
        f"{_references(inventor)}"
        "  </PubmedData>\n"
        "</PubmedArticle>\n"
    )


def write_medline(path: str | Path, records: int, seed: int = 1) -> Path:
    """Write ``records`` invented articles to ``path`` (gzipped if it ends in .gz); the same seed, the same file."""
    path = Path(path)
    inventor = _Inventor(seed)
    # mtime 0 so that the same seed gives the same bytes; the wrapper closes the file
    raw = gzip.GzipFile(path, "wb", mtime=0) if path.suffix == ".gz" else open(path, "wb")  # noqa: SIM115
    with io.TextIOWrapper(raw, encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n'
                 '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" '
                 '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n')
        for i in range(records):
            fh.write(article(inventor, 30_000_000 + i))
        fh.write("</PubmedArticleSet>\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="file to write (.xml or .xml.gz)")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_medline(args.output, args.records, args.seed)


if __name__ == "__main__":
    main()
