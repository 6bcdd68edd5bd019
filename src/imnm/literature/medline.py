"""Streaming reader for MEDLINE/PubMed XML (baseline files, update files, efetch responses).

A MEDLINE baseline file holds ~30,000 records and the baseline ~1,300 files, so the reader never
builds a whole tree: lxml's ``iterparse`` hands over one ``PubmedArticle`` at a time (the tag filter
runs in C), the record is extracted, and the element and its already-read siblings are freed.
Memory therefore stays flat whatever the file size. ``.xml.gz`` is read directly.

Field meanings follow the NLM element descriptions
(https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html); differences from
pubmed_parser's ``parse_medline_xml`` are listed in ``tests/literature/test_medline.py``.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from lxml import etree

from imnm.literature.records import LiteratureError, Record

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
MONTHS = {m: f"{i:02d}" for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


class MedlineFormatError(LiteratureError):
    """The file is not well-formed XML, or not MEDLINE/PubMed XML at all."""


Source = str | Path | IO[bytes] | bytes


@contextmanager
def _open_binary(source: Source):
    """A binary stream over ``source``; gzip recognised by its magic bytes, not only its name."""
    if isinstance(source, bytes):
        raw: IO[bytes] = io.BytesIO(source)
        close = False
    elif isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file")
        if path.is_dir():
            raise IsADirectoryError(f"{path}: is a directory, expected a MEDLINE XML file")
        raw = open(path, "rb")  # noqa: SIM115 - closed below
        close = True
    else:
        raw, close = source, False
    try:
        head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
        if not head and hasattr(raw, "seek"):
            head = raw.read(2)
            raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
        yield stream
    finally:
        if close:
            raw.close()


def _name(source: Source) -> str:
    return str(source) if isinstance(source, str | Path) else "<stream>"


def iter_medline(source: Source) -> Iterator[Record]:
    """Yield one :class:`Record` per ``PubmedArticle`` of a MEDLINE/PubMed XML file or stream.

    Raises :class:`MedlineFormatError` with the line number if the XML is malformed, and if the
    document is well-formed but not a ``PubmedArticleSet``.
    """
    name = _name(source)
    with _open_binary(source) as stream:
        context = etree.iterparse(
            stream, events=("end",), tag=ARTICLE_TAGS, resolve_entities=False, no_network=True,
            load_dtd=False, huge_tree=True, remove_comments=True,
        )
        found = 0
        try:
            for _event, element in context:
                if element.tag == "PubmedArticle":
                    found += 1
                    try:
                        record = article_record(element)
                    except (AttributeError, ValueError) as exc:
                        raise MedlineFormatError(
                            f"{name}: line {element.sourceline}: PubmedArticle could not be read ({exc})"
                        ) from exc
                    yield record
                # Free the article and everything read before it: this keeps memory flat.
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            raise MedlineFormatError(f"{name}: malformed XML at line {exc.lineno}: {exc.msg}") from None
        except (OSError, EOFError) as exc:  # truncated or corrupt gzip
            raise MedlineFormatError(f"{name}: cannot be read as (gzipped) XML: {exc}") from None
        root = context.root
        if found == 0 and root is not None and root.tag not in ("PubmedArticleSet", "MedlineCitationSet"):
            raise MedlineFormatError(
                f"{name}: root element <{root.tag}> is not <PubmedArticleSet>; not MEDLINE/PubMed XML"
            )


def parse_medline(source: Source) -> list[Record]:
    """All records of a file (for small inputs such as an efetch batch)."""
    return list(iter_medline(source))


def parse_medline_string(xml: str | bytes) -> list[Record]:
    return parse_medline(xml.encode("utf-8") if isinstance(xml, str) else xml)


# --- one article ---------------------------------------------------------------------------------


def _text(element) -> str:
    """All text inside an element, markup such as ``<i>``, ``<sup>`` or MathML dropped, not its words."""
    if element is None:
        return ""
    if len(element) == 0:
        return (element.text or "").strip()
    # Indentation between nested tags (MathML in abstracts) is layout, not text.
    pieces = [p for p in element.itertext() if not (p.isspace() and "\n" in p)]
    return " ".join("".join(pieces).split())


def _pubdate(pubdate) -> tuple[str, int | None]:
    """``YYYY[-MM[-DD]]`` from ``PubDate``; a ``MedlineDate`` ("1998 Dec-1999 Jan") gives its first year."""
    if pubdate is None:
        return "", None
    year = month = day = None
    medline_date = None
    for child in pubdate:
        tag = child.tag
        value = (child.text or "").strip()
        if tag == "Year":
            year = value
        elif tag == "Month":
            month = _month(value)
        elif tag == "Day":
            day = f"{int(value):02d}" if value.isdigit() else None
        elif tag == "MedlineDate":
            medline_date = value
    if year is None and medline_date:
        for token in medline_date.replace("-", " ").split():
            if len(token) == 4 and token.isdigit():
                year = token
                break
    if not year:
        return "", None
    parts = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return "-".join(parts), int(year) if year.isdigit() else None


def _month(value: str) -> str | None:
    value = value.strip().rstrip(".")
    if value.isdigit():
        return f"{int(value):02d}" if 1 <= int(value) <= 12 else None
    return MONTHS.get(value[:3].lower())


def _author(element) -> dict:
    """An :class:`Author` as a dict (validated with its record in one call, which is faster).

    Names never carry markup, so their text is read directly (this loop runs ~10 times a record).
    """
    fields: dict = {}
    affiliations: list[str] = []
    for child in element:
        tag = child.tag
        if tag == "LastName":
            fields["last_name"] = (child.text or "").strip()
        elif tag == "ForeName":
            fields["fore_name"] = (child.text or "").strip()
        elif tag == "Initials":
            fields["initials"] = (child.text or "").strip()
        elif tag == "CollectiveName":
            fields["collective_name"] = _text(child)
        elif tag == "Identifier":
            if child.get("Source") == "ORCID":
                fields["orcid"] = (child.text or "").strip()
        elif tag == "AffiliationInfo":
            for part in child:
                if part.tag == "Affiliation":
                    affiliations.append(_text(part))
    fields["affiliations"] = affiliations
    return fields


def _mesh(element) -> dict:
    """A :class:`MeshHeading` as a dict; MeSH names are plain text."""
    descriptor = ui = ""
    major = False
    qualifiers: list[str] = []
    qualifier_uis: list[str] = []
    major_qualifiers: list[bool] = []
    for child in element:
        if child.tag == "DescriptorName":
            descriptor = (child.text or "").strip()
            ui = child.get("UI", "")
            major = child.get("MajorTopicYN") == "Y"
        elif child.tag == "QualifierName":
            qualifiers.append((child.text or "").strip())
            qualifier_uis.append(child.get("UI", ""))
            major_qualifiers.append(child.get("MajorTopicYN") == "Y")
    return {
        "descriptor": descriptor, "ui": ui, "major_topic": major or any(major_qualifiers),
        "qualifiers": qualifiers, "qualifier_uis": qualifier_uis, "major_qualifiers": major_qualifiers,
    }


def article_record(article) -> Record:
    """The :class:`Record` of one ``PubmedArticle`` element (one pass over its children)."""
    fields: dict = {"source": "medline"}
    citation = article.find("MedlineCitation")
    if citation is None:
        raise ValueError("no MedlineCitation")
    keywords: list[str] = []
    mesh: list[dict] = []
    for child in citation:
        tag = child.tag
        if tag == "PMID":
            fields["pmid"] = (child.text or "").strip() or None
        elif tag == "Article":
            _read_article(child, fields)
        elif tag == "MeshHeadingList":
            mesh = [_mesh(h) for h in child if h.tag == "MeshHeading"]
        elif tag == "KeywordList":
            keywords.extend(t for k in child if k.tag == "Keyword" and (t := _text(k)))
    fields["mesh_terms"] = mesh
    fields["keywords"] = keywords
    if not fields.get("doi"):
        for node in article.iterfind("PubmedData/ArticleIdList/ArticleId"):
            if node.get("IdType") == "doi" and (node.text or "").strip():
                fields["doi"] = node.text.strip()
                break
    if not fields.get("pmid"):
        for node in article.iterfind("PubmedData/ArticleIdList/ArticleId"):
            if node.get("IdType") == "pubmed" and (node.text or "").strip():
                fields["pmid"] = node.text.strip()
                break
    return Record.model_validate(fields)


def _read_article(article, fields: dict) -> None:
    languages: list[str] = []
    for child in article:
        tag = child.tag
        if tag == "ArticleTitle":
            fields["title"] = _text(child)
        elif tag == "Journal":
            for part in child:
                if part.tag == "Title":
                    fields["journal"] = _text(part)
                elif part.tag == "ISOAbbreviation":
                    fields["journal_abbreviation"] = _text(part)
                elif part.tag == "JournalIssue":
                    fields["pubdate"], fields["year"] = _pubdate(part.find("PubDate"))
        elif tag == "ELocationID":
            if child.get("EIdType") == "doi" and "doi" not in fields and (child.text or "").strip():
                fields["doi"] = child.text.strip()
        elif tag == "Abstract":
            sections = [
                {
                    "label": "" if (label := part.get("Label", "")) == "UNASSIGNED" else label,
                    "nlm_category": part.get("NlmCategory", ""),
                    "text": _text(part),
                }
                for part in child if part.tag == "AbstractText"
            ]
            fields["abstract_sections"] = sections
            fields["abstract"] = "\n".join(
                f"{s['label']}: {s['text']}" if s["label"] else s["text"] for s in sections)
        elif tag == "AuthorList":
            fields["authors"] = [_author(a) for a in child if a.tag == "Author"]
        elif tag == "Language":
            if child.text:
                languages.append(child.text.strip())
        elif tag == "PublicationTypeList":
            fields["publication_types"] = [_text(p) for p in child if p.tag == "PublicationType"]
        elif tag == "VernacularTitle":
            fields["vernacular_title"] = _text(child)
    fields["language"] = languages
