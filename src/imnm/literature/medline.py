"""Streaming reader for MEDLINE/PubMed XML (baseline files, update files, efetch responses).

A MEDLINE baseline file holds ~30,000 records and the baseline ~1,300 files, so the reader never
builds a whole tree: the byte stream is cut into articles and one ``PubmedArticle`` at a time is
parsed by lxml and extracted (files in other encodings go through lxml's ``iterparse``, freeing each
article). Time is linear and memory flat in the unpacked size, also for hostile files (no article
at all, an article never closed); one article may not exceed ``MAX_ARTICLE_BYTES`` (32 MiB
unpacked). ``.xml.gz`` is read directly; a truncated or corrupt gzip is a clear error.

Field meanings follow the NLM element descriptions
(https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html); differences from
pubmed_parser's ``parse_medline_xml`` are listed in ``tests/literature/test_medline.py``.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from imnm.literature.records import LiteratureError, Record

try:  # ISA-L's gzip reader decompresses about 3x faster than zlib's; same file format and API
    from isal.igzip import IGzipFile as _GzipFile
    from isal.isal_zlib import error as _IsalError
except ImportError:  # pragma: no cover - isal is a pinned dependency; plain gzip is the fallback
    from gzip import GzipFile as _GzipFile

    _IsalError = zlib.error

#: What a truncated or corrupt gzip raises while it is read.
_UNREADABLE = (OSError, EOFError, zlib.error, _IsalError)

#: Largest unpacked size of one article the reader accepts. A PubMed record is a few KB; records with
#: thousands of authors reach a few MB. The limit bounds the memory a hostile or broken file can take
#: (an article never closed, or one element of endless text) and is reported as a clear error.
MAX_ARTICLE_BYTES = 32 << 20

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
    return _read(source, article_record)


def iter_summary_rows(source: Source) -> Iterator[dict]:
    """Yield :meth:`Record.summary_row` of every ``PubmedArticle``, without building the records.

    This is what ``imnm literature parse --format jsonl`` prints; skipping the pydantic models and
    the fields the row does not show (affiliations, MeSH qualifiers, abstract parts) is about a
    third of the command's time.
    """
    return _read(source, article_summary)


def iter_screening_fields(source: Source) -> Iterator[dict]:
    """Yield :func:`article_screening_fields` of every ``PubmedArticle``: what screening reads, no models."""
    return _read(source, article_screening_fields, _SCREENING_UNREAD)


def _read(source: Source, extract, unread: tuple[bytes, ...] | None = None) -> Iterator:
    name = _name(source)
    with _open_binary(source) as stream:
        try:
            head = stream.peek(_HEAD)[:_HEAD] if hasattr(stream, "peek") else b""
        except _UNREADABLE as exc:  # a gzip cut within its first bytes
            raise MedlineFormatError(f"{name}: cannot be read as (gzipped) XML: {exc}") from None
        if _declared_encoding(head) in _SPLITTABLE_ENCODINGS:
            yield from _iter_split(stream, name, extract, unread or _UNREAD_BLOCKS)
        else:
            yield from _iter_iterparse(stream, name, extract)


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
#: Screening reads no author either (:func:`article_screening_fields`): the author list goes too.
_SCREENING_UNREAD = (b"AuthorList", *_UNREAD_BLOCKS)
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


def _drop_unread(article: bytes, unread: tuple[bytes, ...] = _UNREAD_BLOCKS) -> bytes:
    """The article without the blocks no field is read from (so lxml need not build them).

    The blocks are looked for in document order (MEDLINE DTD), each search starting where the
    previous one ended and bounded by the element that must contain it.
    """
    parts = []
    pos = 0
    citation_end = article.find(b"</MedlineCitation>")
    if citation_end < 0:
        return article
    for tag in unread:
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
_SET_OPENERS = (b"<PubmedArticleSet", b"<MedlineCitationSet")
#: Bytes kept from the end of a scanned buffer: more than the longest opener, so none is cut in two.
_KEEP = 24
#: How much of the document's start is kept to name its root element when it holds no article.
_ROOT_HEAD = 1 << 16


class _WellFormed:
    """An lxml parser target that builds nothing: the document is checked, in flat memory."""

    def close(self) -> None:
        return None


def _iter_split(stream: IO[bytes], name: str, extract=None, unread: tuple[bytes, ...] = _UNREAD_BLOCKS) -> Iterator:
    extract = extract or article_record
    splitter = _Splitter(stream, name)
    for article in splitter.articles():
        yield _parse_cut_article(article, splitter, name, extract, unread)


def _parse_cut_article(article: bytes, splitter: _Splitter, name: str, extract, unread: tuple[bytes, ...]):
    """One cut-out ``PubmedArticle`` parsed and read; errors name the line in the whole file."""
    try:
        element = etree.fromstring(_drop_unread(article, unread), _ARTICLE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise MedlineFormatError(
            f"{name}: malformed XML at line {splitter.article_line() + exc.lineno - 1}: {exc.msg}") from None
    try:
        return extract(element)
    except (AttributeError, ValueError) as exc:
        raise MedlineFormatError(
            f"{name}: line {splitter.article_line()}: PubmedArticle could not be read ({exc})") from exc


class _Splitter:
    """Cuts a PubmedArticleSet byte stream into its ``PubmedArticle`` elements (bytes, one at a time).

    Time is linear and memory flat in the unpacked size whatever the file holds: bytes that cannot
    start an article are dropped as soon as they are scanned (only the last few are kept, in case an
    opening tag is cut between two blocks), an article still open grows block by block and only the
    new block is searched for its closing tag, and no article may exceed :data:`MAX_ARTICLE_BYTES`.
    Until the first article is found, what is dropped is also fed to an lxml parser that builds no
    tree, so a document without articles is still checked for well-formedness and its root named.
    """

    def __init__(self, stream: IO[bytes], name: str, max_article: int | None = None, *, line: int = 1,
                 first: bool = True, last: bool = True) -> None:
        """``first``/``last``: whether the stream starts/ends where the document does (a share of a file,
        :func:`iter_range`, may do neither; its first line is ``line``)."""
        self.stream, self.name = stream, name
        self.max_article = MAX_ARTICLE_BYTES if max_article is None else max_article
        self.largest_buffer = 0  # the most bytes held at once (a measure of memory, for tests)
        self._buffer = b""
        self._line = line  # line number of self._buffer[0] in the document
        self._start = 0  # where the current article starts in self._buffer
        self._base = 0  # offset of self._buffer[0] in the stream
        self._last = last
        self._before_first: bytearray | None = bytearray() if first else None  # the document's start
        self._checker = etree.XMLParser(target=_WellFormed(), resolve_entities=False, no_network=True,
                                        load_dtd=False, huge_tree=True) if first else None
        self._set_seen = False
        self._error: etree.XMLSyntaxError | None = None

    def article_line(self) -> int:
        """Line of the article last yielded (counted only when an error needs it)."""
        return self._line + self._buffer.count(b"\n", 0, self._start)

    def article_offset(self) -> int:
        """Where the article last yielded starts in the stream."""
        return self._base + self._start

    def _read(self) -> bytes:
        try:
            block = self.stream.read(_BLOCK)
        except _UNREADABLE as exc:  # truncated or corrupt gzip
            raise MedlineFormatError(f"{self.name}: cannot be read as (gzipped) XML: {exc}") from None
        return block

    def _pass_over(self, piece: bytes) -> None:
        """Bytes before the first article: look for the set's opening tag and check the XML."""
        if self._before_first is None:
            return
        self._set_seen = self._set_seen or any(tag in piece for tag in _SET_OPENERS)
        if len(self._before_first) < _ROOT_HEAD:
            self._before_first += piece[:_ROOT_HEAD - len(self._before_first)]
        if self._error is None:
            try:
                self._checker.feed(piece)
            except etree.XMLSyntaxError as exc:
                self._error = exc  # reported at the end if no article comes

    def articles(self) -> Iterator[bytes]:
        buffer, pos, eof, base = b"", 0, False, 0
        while True:
            match = _OPENER.search(buffer, pos)
            if match is None:
                if eof:
                    break
                keep = max(pos, len(buffer) - _KEEP)
                if self._before_first is not None:
                    self._pass_over(buffer[pos:keep])
                self._line += buffer.count(b"\n", 0, keep)
                block = self._read()
                eof = not block
                base += keep
                buffer, pos = buffer[keep:] + block, 0
                self.largest_buffer = max(self.largest_buffer, len(buffer))
                continue
            start, tag = match.start(), match.group(1)
            closer = _CLOSERS[tag]
            end = buffer.find(closer, match.end())
            if end < 0:
                if eof:
                    break
                self._pass_over(buffer[pos:start])
                self._line += buffer.count(b"\n", 0, start)
                base += start
                buffer, pos, eof = self._grow(buffer[start:], closer)
                continue
            if self._before_first is not None:
                self._pass_over(buffer[pos:start])
                if not self._set_seen:
                    raise MedlineFormatError(
                        f"{self.name}: no <PubmedArticleSet> before the first article; not MEDLINE/PubMed XML")
                self._before_first = self._checker = None
            stop = end + len(closer)
            self._buffer, self._start, self._base = buffer, start, base
            if stop - start > self.max_article:
                self._too_large()
            pos = stop
            if tag == b"PubmedArticle":
                yield buffer[start:stop]
        self._buffer, self._start = buffer, pos
        if self._before_first is not None:
            self._pass_over(buffer[pos:])
            self._no_article()
        elif self._last:
            _check_tail(buffer[pos:], self._line + buffer.count(b"\n", 0, pos), self.name)

    def _grow(self, article: bytes, closer: bytes) -> tuple[bytes, int, bool]:
        """Read on until ``closer`` ends the article begun in ``article``; only new bytes are searched."""
        pieces, size, eof = [article], len(article), False
        while size <= self.max_article + len(closer):
            block = self._read()
            if not block:
                eof = True
                break
            found = (pieces[-1][-len(closer):] + block[:len(closer)]).find(closer) >= 0 or closer in block
            pieces.append(block)
            size += len(block)
            self.largest_buffer = max(self.largest_buffer, size)
            if found:
                break
        else:
            self._buffer, self._start = article, 0
            self._too_large()
        return b"".join(pieces), 0, eof

    def _too_large(self) -> None:
        raise MedlineFormatError(
            f"{self.name}: line {self.article_line()}: an article larger than "
            f"{self.max_article >> 20} MiB unpacked (the reader's limit, MAX_ARTICLE_BYTES); not a PubMed record")

    def _no_article(self) -> None:
        """No article at all: the document must be a well-formed, empty PubmedArticleSet."""
        try:
            if self._error is None:
                self._checker.close()
        except etree.XMLSyntaxError as exc:
            self._error = exc
        if self._error is not None:
            raise MedlineFormatError(
                f"{self.name}: malformed XML at line {self._error.lineno}: {self._error.msg}") from None
        root = _root_tag(bytes(self._before_first))
        if root not in ("PubmedArticleSet", "MedlineCitationSet"):
            raise MedlineFormatError(
                f"{self.name}: root element <{root or 'nothing'}> is not <PubmedArticleSet>; not MEDLINE/PubMed XML")


def _root_tag(head: bytes) -> str | None:
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
    try:
        parser.feed(head)
    except etree.XMLSyntaxError:
        pass
    for _event, element in parser.read_events():
        return element.tag
    return None


def _check_tail(rest: bytes, line: int, name: str) -> None:
    """What follows the last article must close the set; anything else is a truncated or foreign file."""
    text = rest.strip()
    for opener in (b"<PubmedArticle", b"<PubmedBookArticle", b"<DeleteCitation"):
        at = text.find(opener)
        if at >= 0:
            where = line + rest.count(b"\n", 0, rest.find(opener))
            raise MedlineFormatError(f"{name}: malformed XML at line {where}: article not closed (truncated file?)")
    if not text.endswith((b"</PubmedArticleSet>", b"</MedlineCitationSet>")):
        where = line + rest.count(b"\n")
        raise MedlineFormatError(f"{name}: malformed XML at line {where}: the article set is not closed (truncated file?)")


# --- shares of one file, for several workers -------------------------------------------------------
#
# One large file is shared by cutting its (unpacked) bytes into ranges at article starts: one quick scan
# (decompress and cut, no parsing: about a tenth of reading the file) finds the cuts, then each share
# seeks to its start (a gzip is decompressed up to there, not cut or parsed) and parses only its own
# articles. A share starts at an article, so cutting it gives exactly the articles the whole file gives
# there; the scan has already checked what comes before the first article and after the last.


@dataclass(frozen=True)
class ArticleRange:
    """One share of a MEDLINE file: the articles starting in ``[start, end)`` of its unpacked bytes.

    ``first_article`` is the number of the share's first article in the file and ``line`` its line,
    so shares number their articles and report errors as the whole file would. ``end`` None: to the end.
    """

    start: int
    end: int | None
    first_article: int = 0
    line: int = 1
    part: int = 0
    parts: int = 1


def _unpacked_size(path: Path) -> int:
    """The file's unpacked size, for balancing the shares (a gzip's trailer; exactness not needed)."""
    size = path.stat().st_size
    with open(path, "rb") as raw:
        if raw.read(2) != b"\x1f\x8b" or size < 18:
            return size
        raw.seek(-4, 2)
        return int.from_bytes(raw.read(4), "little") or size  # modulo 4 GiB: only the balance suffers


def article_ranges(path: str | Path, parts: int) -> list[ArticleRange]:
    """Cut the file into at most ``parts`` ranges of about equal size at article starts (see above).

    One range, the whole file, when ``parts`` is 1, the file declares an encoding the cutter does not
    handle (it is read by ``iterparse``), or it has too few articles. Raises what reading the file raises
    for a malformed prologue or end, a truncated gzip, an oversized article.
    """
    path = Path(path)
    whole = [ArticleRange(0, None)]
    if parts <= 1:
        return whole
    with _open_binary(path) as stream:
        try:
            head = stream.peek(_HEAD)[:_HEAD] if hasattr(stream, "peek") else b""
        except _UNREADABLE as exc:
            raise MedlineFormatError(f"{path}: cannot be read as (gzipped) XML: {exc}") from None
        if _declared_encoding(head) not in _SPLITTABLE_ENCODINGS:
            return whole
        step = _unpacked_size(path) / parts
        splitter = _Splitter(stream, str(path))
        cuts: list[tuple[int, int, int]] = []  # (offset, article number, line) of each share's first article
        for n, _article in enumerate(splitter.articles()):
            if n > 0 and len(cuts) < parts - 1 and splitter.article_offset() >= step * (len(cuts) + 1):
                cuts.append((splitter.article_offset(), n, splitter.article_line()))
    starts = [(0, 0, 1), *cuts]
    return [ArticleRange(start, starts[i + 1][0] if i + 1 < len(starts) else None, first, line, i, len(starts))
            for i, (start, first, line) in enumerate(starts)]


class _Window:
    """The bytes of a stream up to ``size`` (what :class:`_Splitter` reads of a share)."""

    def __init__(self, stream: IO[bytes], size: int | None) -> None:
        self.stream, self.left = stream, size

    def read(self, n: int) -> bytes:
        if self.left is None:
            return self.stream.read(n)
        block = self.stream.read(min(n, self.left))
        self.left -= len(block)
        return block


def iter_range(path: str | Path, share: ArticleRange, extract=None,
               unread: tuple[bytes, ...] = _UNREAD_BLOCKS) -> Iterator[tuple[int, object]]:
    """(article number, ``extract(article)``) for the articles of one share of a file (see :func:`article_ranges`).

    ``extract`` defaults to :func:`article_record`; the shares of a file together give exactly what
    :func:`iter_medline` gives, numbered as in the whole file.
    """
    extract = extract or article_record
    if share.parts == 1:
        yield from enumerate(_read(path, extract, unread))
        return
    name = str(path)
    with _open_binary(path) as stream:
        try:
            stream.seek(share.start)  # a gzip decompresses up to there; nothing before is cut or parsed
        except _UNREADABLE as exc:
            raise MedlineFormatError(f"{name}: cannot be read as (gzipped) XML: {exc}") from None
        size = None if share.end is None else share.end - share.start
        splitter = _Splitter(_Window(stream, size), name, line=share.line, first=share.part == 0,
                             last=share.end is None)
        for n, article in enumerate(splitter.articles(), start=share.first_article):
            yield n, _parse_cut_article(article, splitter, name, extract, unread)


# --- the general path: lxml iterparse over the whole document ---------------------------------------


def _iter_iterparse(stream: IO[bytes], name: str, extract=None) -> Iterator:
    """For encodings other than UTF-8/ASCII: one streaming pass with iterparse, freeing as it goes."""
    extract = extract or article_record
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
                    record = extract(element)
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
    except _UNREADABLE as exc:  # truncated or corrupt gzip
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
    return Record.model_validate(_fields(article, summary=False))


#: The keys of :meth:`Record.summary_row`, in its order, with the value a record lacking the field has.
_SUMMARY_DEFAULTS = (("pmid", None), ("doi", None), ("title", ""), ("abstract", ""), ("authors", ()),
                     ("journal", ""), ("pubdate", ""), ("publication_types", ()), ("mesh_terms", ()),
                     ("keywords", ()), ("language", ()))


def article_summary(article) -> dict:
    """:meth:`Record.summary_row` of one ``PubmedArticle`` element, read straight from the XML.

    Authors come as their display form and MeSH headings as their descriptors; the fields the row
    does not show are not read. ``tests/literature/test_parse_output.py`` checks the two agree.
    """
    fields = _fields(article, summary=True)
    return {key: fields[key] if key in fields else (list(default) if isinstance(default, tuple) else default)
            for key, default in _SUMMARY_DEFAULTS}


def article_screening_fields(article) -> dict:
    """The fields title/abstract screening and deduplication read, straight from the XML.

    ``pmid``, ``doi``, ``title``, ``abstract``, ``year``, ``publication_types`` and ``keywords`` as the
    :class:`Record` has them (absent when the record lacks them), and ``mesh_terms`` as
    ``(descriptor, major_topic)`` pairs; authors and affiliations are not read.
    ``tests/literature/test_streaming_screen.py`` checks screening these equals screening the record.
    """
    return _fields(article, summary=True, screening=True)


def _fields(article, summary: bool, screening: bool = False) -> dict:
    """The fields of a :class:`Record` (as a dict), or with ``summary`` those of its summary row
    (with ``screening`` too: no authors, MeSH headings as ``(descriptor, major_topic)``)."""
    fields: dict = {} if summary else {"source": "medline"}
    citation = pubmed_data = None
    for part in article:
        if part.tag == "MedlineCitation":
            citation = part
        elif part.tag == "PubmedData":
            pubmed_data = part
    if citation is None:
        raise ValueError("no MedlineCitation")
    keywords: list[str] = []
    mesh: list = []
    for child in citation:
        tag = child.tag
        if tag == "PMID":
            fields["pmid"] = (child.text or "").strip() or None
        elif tag == "Article":
            _read_article(child, fields, summary, screening)
        elif tag == "MeshHeadingList":
            read = _descriptor_major if screening else _descriptor if summary else _mesh
            mesh = [read(h) for h in child if h.tag == "MeshHeading"]
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
    return fields


def _descriptor(heading) -> str:
    """The descriptor of a ``MeshHeading`` (what :attr:`Record.mesh_descriptors` lists)."""
    descriptor = ""
    for child in heading:
        if child.tag == "DescriptorName":
            descriptor = (child.text or "").strip()
    return descriptor


def _descriptor_major(heading) -> tuple[str, bool]:
    """The descriptor of a ``MeshHeading`` and whether it is a major topic (as :func:`_mesh` decides)."""
    descriptor, major, major_qualifier = "", False, False
    for child in heading:
        if child.tag == "DescriptorName":
            descriptor = (child.text or "").strip()
            major = child.get("MajorTopicYN") == "Y"
        elif child.tag == "QualifierName":
            major_qualifier = major_qualifier or child.get("MajorTopicYN") == "Y"
    return descriptor, major or major_qualifier


def _display(author) -> str:
    """:attr:`Author.display` of an ``Author`` element: the group name, else ``Lastname Initials``."""
    last = initials = collective = ""
    for child in author:
        tag = child.tag
        if tag == "LastName":
            last = (child.text or "").strip()
        elif tag == "Initials":
            initials = (child.text or "").strip()
        elif tag == "CollectiveName":
            collective = _text(child)
    return collective or f"{last} {initials}".strip()


def _read_article(article, fields: dict, summary: bool = False, screening: bool = False) -> None:
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
            if not summary:
                fields["abstract_sections"] = sections
            fields["abstract"] = "\n".join(
                f"{s['label']}: {s['text']}" if s["label"] else s["text"] for s in sections)
        elif tag == "AuthorList":
            if screening:
                continue
            fields["authors"] = [_display(a) if summary else _author(a) for a in child if a.tag == "Author"]
        elif tag == "Language":
            if child.text:
                languages.append(child.text.strip())
        elif tag == "PublicationTypeList":
            fields["publication_types"] = [_text(p) for p in child if p.tag == "PublicationType"]
        elif tag == "VernacularTitle":
            fields["vernacular_title"] = _text(child)
    fields["language"] = languages
