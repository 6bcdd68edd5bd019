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

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from lxml import etree

from imnm.literature.records import LiteratureError, Record

try:  # ISA-L's gzip reader decompresses about 3x faster than zlib's; same file format and API
    from isal.igzip import IGzipFile as _GzipFile
except ImportError:  # pragma: no cover - isal is a pinned dependency; plain gzip is the fallback
    from gzip import GzipFile as _GzipFile

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
        stream = _GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
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
        head = stream.peek(_HEAD)[:_HEAD] if hasattr(stream, "peek") else b""
        if _declared_encoding(head) in _SPLITTABLE_ENCODINGS:
            yield from _iter_split(stream, name)
        else:
            yield from _iter_iterparse(stream, name)


# --- the fast path: split the byte stream into articles, parse each alone --------------------------
#
# lxml's tree building is most of the cost of reading MEDLINE. Articles in a PubmedArticleSet are
# self-contained, so the byte stream is cut at article boundaries (bytes.find, in C) and each article
# is parsed on its own, after dropping the blocks no field is read from (reference lists, comment and
# correction links, history dates, grants, chemicals), which are 30-40% of a typical record's bytes.
# Each article is still parsed in full by lxml, so malformed XML inside an article is an error.

_HEAD = 512
_BLOCK = 1 << 18
_SPLITTABLE_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii"}
_CLOSERS = {b"PubmedArticle": b"</PubmedArticle>", b"PubmedBookArticle": b"</PubmedBookArticle>",
            b"DeleteCitation": b"</DeleteCitation>"}
#: Blocks of MedlineCitation never read by :func:`article_record`, in the DTD's order; none nests.
_UNREAD_BLOCKS = (b"GrantList", b"ChemicalList", b"CommentsCorrectionsList")
_NAME_END = frozenset(b" >\t\r\n")
_ARTICLE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                                  collect_ids=False,
                                  remove_comments=True)


def _declared_encoding(head: bytes) -> str:
    if head.startswith(b"<?xml"):
        end = head.find(b"?>")
        declaration = head[:end].lower()
        at = declaration.find(b"encoding=")
        if at >= 0:
            return declaration[at + 10:].split(declaration[at + 9:at + 10])[0].decode("ascii", "replace")
    return "utf-8"


def _drop_unread(article: bytes) -> bytes:
    """The article without the blocks no field is read from (so lxml need not build them).

    The blocks are looked for in document order (MEDLINE DTD), each search starting where the
    previous one ended and bounded by the element that must contain it.
    """
    parts = []
    pos = 0
    citation_end = article.find(b"</MedlineCitation>")
    if citation_end < 0:
        return article
    for tag in _UNREAD_BLOCKS:
        opener, closer = b"<" + tag, b"</" + tag + b">"
        at = article.find(opener, pos, citation_end)
        while at >= 0 and article[at + len(opener)] not in _NAME_END:
            at = article.find(opener, at + 1, citation_end)
        if at < 0:
            continue
        end = article.find(closer, at, citation_end)
        if end < 0:
            continue
        parts.append(article[pos:at])
        pos = end + len(closer)
    # PubmedData: History comes first; ReferenceList (which may nest) holds the last children, so
    # everything from its first opening to its last closing tag goes.
    for opener, closer, last in ((b"<History>", b"</History>", False),
                                 (b"<ReferenceList", b"</ReferenceList>", True)):
        at = article.find(opener, max(pos, citation_end))
        if at < 0:
            continue
        end = article.rfind(closer) if last else article.find(closer, at)
        if end < at:
            continue
        parts.append(article[pos:at])
        pos = end + len(closer)
    if not parts:
        return article
    parts.append(article[pos:])
    return b"".join(parts)


_OPENER = re.compile(rb"<(PubmedArticle|PubmedBookArticle|DeleteCitation)[\s>]")


def _iter_split(stream: IO[bytes], name: str) -> Iterator[Record]:
    buffer = b""
    pos = 0  # where the unread part of buffer starts
    line = 1  # line number of buffer[0] in the file
    found = 0
    root_checked = False
    eof = False
    while True:
        match = _OPENER.search(buffer, pos)
        end = buffer.find(_CLOSERS[match.group(1)], match.end()) if match else -1
        if end < 0:
            if eof:
                break
            try:
                block = stream.read(_BLOCK)
            except (OSError, EOFError) as exc:  # truncated or corrupt gzip
                raise MedlineFormatError(f"{name}: cannot be read as (gzipped) XML: {exc}") from None
            if not block:
                eof = True
                continue
            line += buffer.count(b"\n", 0, pos)
            buffer = buffer[pos:] + block  # compact only when more input is needed
            pos = 0
            continue
        start, tag = match.start(), match.group(1)
        if not root_checked:
            _check_root(buffer[:start], name)
            root_checked = True
        stop = end + len(_CLOSERS[tag])
        chunk = buffer[start:stop]
        pos = stop
        if tag != b"PubmedArticle":
            continue
        found += 1
        try:
            element = etree.fromstring(_drop_unread(chunk), _ARTICLE_PARSER)
        except etree.XMLSyntaxError as exc:
            article_line = line + buffer.count(b"\n", 0, start)
            raise MedlineFormatError(
                f"{name}: malformed XML at line {article_line + exc.lineno - 1}: {exc.msg}") from None
        try:
            yield article_record(element)
        except (AttributeError, ValueError) as exc:
            article_line = line + buffer.count(b"\n", 0, start)
            raise MedlineFormatError(
                f"{name}: line {article_line}: PubmedArticle could not be read ({exc})") from exc
    _check_tail(buffer[pos:], line + buffer.count(b"\n", 0, pos), found, name)


def _check_root(prolog: bytes, name: str) -> None:
    if b"<PubmedArticleSet" not in prolog and b"<MedlineCitationSet" not in prolog:
        raise MedlineFormatError(f"{name}: no <PubmedArticleSet> before the first article; not MEDLINE/PubMed XML")


def _check_tail(rest: bytes, line: int, found: int, name: str) -> None:
    """What follows the last article must close the set; anything else is a truncated or foreign file."""
    text = rest.strip()
    if found == 0:
        # No article at all: let lxml judge the whole (small) remainder, for a precise message.
        try:
            root = etree.fromstring(text, _ARTICLE_PARSER) if text else None
        except etree.XMLSyntaxError as exc:
            raise MedlineFormatError(f"{name}: malformed XML at line {exc.lineno}: {exc.msg}") from None
        if root is None or root.tag not in ("PubmedArticleSet", "MedlineCitationSet"):
            tag = root.tag if root is not None else "nothing"
            raise MedlineFormatError(f"{name}: root element <{tag}> is not <PubmedArticleSet>; not MEDLINE/PubMed XML")
        return
    for opener in (b"<PubmedArticle", b"<PubmedBookArticle", b"<DeleteCitation"):
        at = text.find(opener)
        if at >= 0:
            where = line + rest.count(b"\n", 0, rest.find(opener))
            raise MedlineFormatError(f"{name}: malformed XML at line {where}: article not closed (truncated file?)")
    if not text.endswith((b"</PubmedArticleSet>", b"</MedlineCitationSet>")):
        where = line + rest.count(b"\n")
        raise MedlineFormatError(f"{name}: malformed XML at line {where}: the article set is not closed (truncated file?)")


# --- the general path: lxml iterparse over the whole document ---------------------------------------


def _iter_iterparse(stream: IO[bytes], name: str) -> Iterator[Record]:
    """For encodings other than UTF-8/ASCII: one streaming pass with iterparse, freeing as it goes."""
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
    citation = pubmed_data = None
    for part in article:
        if part.tag == "MedlineCitation":
            citation = part
        elif part.tag == "PubmedData":
            pubmed_data = part
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
    if pubmed_data is not None and (not fields.get("doi") or not fields.get("pmid")):
        for id_list in pubmed_data:
            if id_list.tag != "ArticleIdList":
                continue
            for node in id_list:
                kind, value = node.get("IdType"), (node.text or "").strip()
                if value and kind == "doi" and not fields.get("doi"):
                    fields["doi"] = value
                elif value and kind == "pubmed" and not fields.get("pmid"):
                    fields["pmid"] = value
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
                    for issue_part in part:
                        if issue_part.tag == "PubDate":
                            fields["pubdate"], fields["year"] = _pubdate(issue_part)
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
