"""Text copied out of a PDF, read as prose, with a map back to the copy the reviewer holds.

A full text saved from a journal's PDF keeps the page's layout: lines broken at the column's width in the
middle of a phrase ("interstitial lung" / "disease"), words split by the justification's hyphen ("dys-" /
"phagia"), running heads and page numbers between two halves of a sentence, figure captions where the figure
stood, ligature characters ("ﬁ") and superscript reference numbers run into the words ("weakness.4,5").
The extractor reads words and phrases, so :func:`as_prose` gives it the prose those lines carry, and a map
from every character of that prose to the character of the copy it came from: evidence is quoted from the
reviewer's own text, exactly as it is there.

A text whose lines are its sentences or paragraphs (an abstract, a case section, a table) is left as it is:
only a text broken inside its sentences is joined, and only breaks that fall inside a sentence are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from imnm.literature.forms import form_edits, is_form
from imnm.literature.shorthand import shorthand_edits

#: Characters a PDF gives for what prose writes otherwise: ligatures spelled out, the soft hyphen and
#: zero-width characters dropped, the narrow spaces typesetting puts inside numbers ("12 400") made spaces.
_CHARACTERS = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
               "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
               "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ",
               "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u205f": " "}
_ODD_CHARACTER = re.compile("[" + "".join(_CHARACTERS) + "]")

#: A reference number printed as a superscript, run into the word or the full stop before it:
#: "myopathy12 ", "weakness.4,5 ", "rituximab,3 ", "disease[7]". Names that end in digits are written with
#: capitals ("anti-Jo1", "MDA5", "Ro52", "C3") and are not touched; nor is "Fig.2" or "vol.3".
_REFERENCE = r"(?P<ref>\d{1,3}(?:\s?[,–-]\s?\d{1,3})*)"
_RUN_IN_REFERENCE = re.compile(
    rf"\b(?!(?i:fig|figs|figure|table|tables|ref|refs|no|nos|vol|pp|vs|case|patient|covid|sars|grade|stage|type|"
    rf"class|step|phase)\b)(?<!/)(?P<word>(?:[A-Z][a-z]+|[a-z]{{2,}})[.,]|[A-Z][a-z]{{2,}}|[a-z]{{3,}})"
    rf"{_REFERENCE}(?=[\s;:)\]]|[.,](?:\s|$)|$)")
_RUN_IN_HINT = re.compile(r"[a-z][.,]?\d")
_BRACKET_RUN_IN = re.compile(r"(?<=[a-z]{2})(?=\[\d{1,3}(?:\s?[,–-]\s?\d{1,3})*\])")

#: A journal's banner over an article ("ORIGINAL ARTICLE", "Case Report", "Open Access"); the extractor also
#: looks past one to find the title.
BANNERS = (r"original (?:article|research|paper|communication)|case (?:reports?|series|study)|clinical (?:case|report|"
           r"image)s?|research (?:letter|article)|brief (?:report|communication)|short (?:report|communication)|"
           r"letters?(?: to the editor)?|correspondence|open access")
#: A word of a journal's name, as a running head or foot abbreviates it ("J Child Neurol", "Pediatr Rheumatol").
_JOURNAL_WORD = (r"(?:journal|j|pediatr\w*|paediatr\w*|rheumatol\w*|neurol\w*|med\w*|clin\w*|res\w*|dis\w*|sci\w*|"
                 r"rep|reports|lett\w*|ann\w*|arch\w*|acta|rev\w*)")
#: The lines of a page that are not the article's prose: page numbers, running heads and feet, DOI and
#: copyright lines, banners. ("(c)" is a copyright only with a year: a quiz's "(c) Anti-SRP myopathy" is an answer.)
_FURNITURE = re.compile(
    r"^\s*(?:(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|"
    r"(?:https?://|www\.)\S+|doi\s*:?\s*(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+|"
    rf"(?:©|copyright\b).{{0,120}}|\(c\)(?=.{{0,80}}\b(?:19|20)\d\d\b).{{0,120}}|(?:(?:{BANNERS})\s*){{1,3}}|"
    r"(?:downloaded|accessed|received|accepted|published(?: online)?)\b.{0,120}(?:19|20)\d\d.{0,40}|"
    r"(?-i:(?:\d{1,4}\s+)?[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+|\s+et\s+al\.?)(?:\s*[|:,]?\s*\d{1,4})?)|"
    rf"\d{{1,4}}\s+[^.]{{0,60}}?\b{_JOURNAL_WORD}\b[^.]{{0,60}}|[^.]{{0,60}}?\b{_JOURNAL_WORD}\b[^.]{{0,60}}?\s\d{{1,4}}|"
    r".{0,60}?\(?\b(?:19|20)\d\d\)?\s*[;,]?\s*(?:vol\.?\s*)?\d{1,4}\s*(?:\(\s*[\w-]{1,8}\s*\))?\s*[:,]\s*[eE]?\d{1,6}"
    r"(?:\s*[–-]\s*[eE]?\d{1,6})?\.?(?:\s+.{0,40})?)\s*$",
    re.IGNORECASE)
#: A figure or table caption, at the start of a line.
_CAPTION = re.compile(r"^\s*(?:fig(?:ure)?s?\.?|table|supplementary (?:figure|table))\s*[S]?\d{1,2}[A-Za-z]?\b",
                      re.IGNORECASE)
#: A line that heads a section or a patient: it is never joined to the line before or after it.
_HEAD = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:(?:abstract|background|introduction|case (?:presentation|reports?|"
    r"description|summary|history|series)|cases?|patients?(?: and methods)?|methods?|results?|discussion(?: and \w+)?|"
    r"comments?|conclusions?|summary|keywords?|key words|references|acknowledge?ments?)\b\s*(?:\d{1,2}|[IVX]{1,4})?\s*"
    r"(?:[:.)–-]|$)|(?:case|patient|sibling|child|twin)\s+(?:\d{1,2}|[IVX]{1,4}|[A-D])\b\s*(?:[:.)–-]|$))",
    re.IGNORECASE)
#: A line of a table: cells set apart by tabs, pipes or wide runs of spaces. It is never joined to another line,
#: nor taken for a running head when the same cells recur row after row.
_TABLE_ROW = re.compile(r"\S(?: {2,}|\t)\S.*\S(?: {2,}|\t)\S|\S {3,}\S|\t\S|\|.*\|")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?:]['’\")\]]*$")
#: The word halves that keep the hyphen a line break fell on: "anti-" / "SRP", "9-year-" / "old",
#: "steroid-" / "sparing", "follow-" / "up".
_KEEP_HYPHEN_BEFORE = frozenset({"anti", "non", "self", "well", "follow", "long", "short", "low", "high", "first",
                                 "second", "third", "steroid", "statin", "treatment", "age", "dose", "year", "month",
                                 "week", "day", "drug", "immune", "muscle", "disease", "time"})
_KEEP_HYPHEN_AFTER = frozenset({"old", "up", "sparing", "like", "related", "associated", "induced", "positive",
                                "negative", "specific", "based", "free", "dependent", "mediated", "onset", "term",
                                "dose", "line", "naive", "naïve", "resistant", "refractory", "weighted", "type"})
_WORD_BEFORE_HYPHEN = re.compile(r"(?P<word>[\w'’-]*[A-Za-z])[-\u00ad]$")
_WORD_AFTER = re.compile(r"^\s*(?P<word>[A-Za-z][\w'’]*)")


@dataclass(frozen=True)
class Prose:
    """The prose a text carries, and for every character of it the offset of its character in the text
    as given (``origin`` is None when the text needed nothing: it is its own prose)."""

    text: str
    origin: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as given that the prose's ``start:end`` was read from."""
        if self.origin is None:
            return start, end
        if end <= start:
            at = self.origin[start]
            return at, at
        first, last = self.origin[start], self.origin[end - 1] + 1
        return (first, last) if first < last else (min(first, last - 1), max(first + 1, last))


def as_prose(text: str) -> Prose:
    """The prose of ``text``: hard-wrapped lines joined where they break a sentence, hyphenated line ends
    mended, page furniture dropped where it interrupts the prose, captions set after the paragraph they
    interrupt, PDF characters spelled out, run-in reference numbers set in brackets and clinical shorthand
    spelled out (:mod:`imnm.literature.shorthand`), and a case report form's ticked boxes and answers read as the
    sentences they mean (:mod:`imnm.literature.forms`)."""
    prose, origin = text, None
    for edits_of in (_line_edits if _hard_wrapped(text) and not is_form(text) else None, _character_edits, _reference_edits,
                     form_edits, _shorthand_edits):
        edits = edits_of(prose) if edits_of else []
        if edits:
            prose, step = _apply(prose, edits)
            origin = step if origin is None else [origin[i] for i in step]
    return Prose(prose, origin)


# An edit replaces text[start:end] with pieces: new characters (a str, mapped to ``start``) or a span of the
# text moved there ((a, b), mapped to itself).
_Edit = tuple[int, int, list]


def _apply(text: str, edits: list[_Edit]) -> tuple[str, list[int]]:
    out, origin, pos = [], [], 0
    for start, end, pieces in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[pos:start])
        origin.extend(range(pos, start))
        for piece in pieces:
            if isinstance(piece, str) and len(pieces) == 1 and end > start:
                # words that stand for a span ("11-year-old female" for "11yo F") spread over it, so that a
                # value read from them quotes the whole span as given
                out.append(piece)
                origin.extend(start + i * (end - start) // len(piece) for i in range(len(piece)))
            elif isinstance(piece, str):
                out.append(piece)
                origin.extend([min(start, max(len(text) - 1, 0))] * len(piece))
            else:
                a, b = piece
                out.append(text[a:b])
                origin.extend(range(a, b))
        pos = end
    out.append(text[pos:])
    origin.extend(range(pos, len(text)))
    origin.append(len(text))  # the end of the prose is the end of the text
    return "".join(out), origin


def _shorthand_edits(text: str) -> list[_Edit]:
    """Shorthand spelled out in the prose, not in a table's rows: a longer word would shift the columns the
    table reader aligns (its cells have their own reading of "pos.", "Pt" or "F")."""
    edits = shorthand_edits(text)
    if not edits:
        return edits
    rows = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if _TABLE_ROW.search(m.group())]
    return [e for e in edits if not any(a <= e[0] < b for a, b in rows)]


def _character_edits(text: str) -> list[_Edit]:
    return [(m.start(), m.end(), [_CHARACTERS[m.group()]]) for m in _ODD_CHARACTER.finditer(text)]


def _reference_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
    for m in _run_in_references(text):
        word, ref = m.group("word"), f"[{''.join(m.group('ref').split())}]"
        if word[-1] not in ".," or word[:-1].lower() == "al":  # "myopathy12 ", "et al.12 described"
            edits.append((m.start("ref"), m.end("ref"), [" " + ref]))
        else:  # "weakness.4,5 She" -> "weakness [4,5]. She": the reference stays in its sentence
            edits.append((m.end("word") - 1, m.end("ref"), [" " + ref, word[-1]]))
    edits += [(m.start(), m.start(), [" "]) for m in _BRACKET_RUN_IN.finditer(text)]
    return edits


def _run_in_references(text: str):
    """The matches of ``_RUN_IN_REFERENCE``, tried only at the words a digit follows (most texts have few)."""
    seen = set()
    for hint in _RUN_IN_HINT.finditer(text):
        start = hint.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        if start in seen:
            continue
        seen.add(start)
        m = _RUN_IN_REFERENCE.match(text, start)
        if m:
            yield m


def _hard_wrapped(text: str) -> bool:
    """Broken inside its sentences: at least two line ends, and a fifth of them, fall between a word and a
    word in lower case or a number, as a page's lines do and a writer's never."""
    if text.count("\n") < 2:
        return False
    ends = inside = 0
    last = ""  # the last line with words, right-stripped
    for line in text.split("\n"):
        if not line.strip():
            continue
        if "|" in line or "\t" in line:
            last = ""  # a table's row ("2 | complete remission | 60 months") ends and begins as a row does
            continue
        if last:
            ends += 1
            first = line.lstrip()[0]
            end = last[-1]
            if (first.islower() or first == "(") and (end.isalnum() or end in ",;(-") or (
                    first.isdigit() and (end.islower() or end in ",;(-")):
                inside += 1
        last = line.rstrip()
    return inside >= 2 and inside >= 0.2 * ends


@dataclass
class _Line:
    start: int
    end: int  # without the line break
    text: str
    kind: str = "prose"  # prose, blank, furniture, caption
    stripped: str = field(init=False)
    key: str = field(init=False)  # the line with its numbers as "#": a running head is the same on every page

    def __post_init__(self) -> None:
        self.stripped = self.text.strip()
        self.key = _DIGITS.sub("#", self.stripped.lower())


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(_Line(pos, pos + len(body), body, "prose" if body.strip() else "blank"))
        pos += len(raw)
    return lines


def _ends_inside(line: _Line) -> bool:
    """The line stops inside a sentence: no sentence end, not a heading (a line that opens with one, "Patient 2.
    The second girl was an", runs on)."""
    s = line.stripped
    head = _HEAD.match(s)
    return bool(s) and not _SENTENCE_END.search(s) and not (head and len(s[head.end():].split()) <= 3)


def _heading(line: _Line) -> bool:
    """A line that is a heading and nothing else ("1.2 Case 2", "Discussion", "Case presentation:")."""
    head = _HEAD.match(line.stripped)
    return bool(head) and head.end() >= len(line.stripped.rstrip(":. "))


def _continues(line: _Line) -> bool:
    """The line carries on a sentence: it opens in lower case or on punctuation that never opens one."""
    s = line.stripped
    return bool(s) and (s[0].islower() or s[0] in ",;:)%]")


def _line_edits(text: str) -> list[_Edit]:
    lines = _lines(text)
    prose = [ln for ln in lines if ln.kind == "prose"]
    if not prose:
        return []
    widths = sorted(len(ln.stripped) for ln in prose)
    width = widths[int(0.9 * (len(widths) - 1))]
    _mark_furniture(lines, width)
    _mark_captions(lines)
    flow = [i for i, ln in enumerate(lines) if ln.kind in ("prose", "caption")]
    if not flow:
        return []
    edits: list[_Edit] = []
    lowered = text.lower()  # "follow-up" written whole elsewhere keeps its hyphen at a line end
    if lines[flow[0]].start > 0 and any(ln.kind == "furniture" for ln in lines[:flow[0]]):
        edits.append((0, lines[flow[0]].start, []))
    moved: list[list[_Line]] = []  # captions that interrupted a sentence, waiting for the paragraph's end
    k = 0
    while k < len(flow) - 1:
        a = lines[flow[k]]
        block = _caption_block(lines, flow, k + 1)
        if block and a.kind == "prose" and _ends_inside(a):
            after = flow[k + 1 + len(block)] if k + 1 + len(block) < len(flow) else None
            if after is not None and _continues(lines[after]):  # the sentence runs on past the caption
                moved.append(block)
                flow = flow[:k + 1] + flow[k + 1 + len(block):]
                continue
        b = lines[flow[k + 1]]
        gap = lines[flow[k] + 1:flow[k + 1]]
        blank = any(ln.kind == "blank" for ln in gap)
        dropped = any(ln.kind in ("furniture", "caption") for ln in gap)
        join = None if _CAPTION.match(b.stripped) or (a.kind == "caption" and _SENTENCE_END.search(a.stripped)) else \
            _join(a, b, width, blank=blank, dropped=dropped, lowered=lowered)
        content = b.start + len(b.text) - len(b.text.lstrip())
        if join is not None:
            edits.append((join[0], content, join[1]))
        elif moved:
            glue = "\n\n" if blank else "\n"
            edits.append((a.end, content, [glue, *_captions(moved), "\n\n"]))
            moved = []
        elif not blank and (_heading(a) or _heading(b)):  # a heading stands apart, as a writer sets it
            edits.append((a.end, b.start, ["\n\n"]))
        elif dropped:
            edits.append((a.end, b.start, ["\n\n" if blank else "\n"]))
        k += 1
    last = lines[flow[-1]]
    if moved or any(ln.kind == "furniture" for ln in lines[flow[-1] + 1:]):
        edits.append((last.end, len(text), ["\n\n", *_captions(moved)] if moved else ["\n"]))
    return edits


def _caption_block(lines: list[_Line], flow: list[int], k: int) -> list[_Line]:
    """The caption that starts at ``flow[k]``, line by line (empty if none starts there)."""
    block = []
    while k < len(flow) and lines[flow[k]].kind == "caption":
        block.append(lines[flow[k]])
        if _SENTENCE_END.search(lines[flow[k]].stripped) and k + 1 < len(flow) and \
                lines[flow[k + 1]].kind == "caption" and _CAPTION.match(lines[flow[k + 1]].stripped):
            break
        k += 1
    if block and not _CAPTION.match(block[0].stripped):
        return []
    return block


def _captions(blocks: list[list[_Line]]) -> list:
    """Moved captions as paragraphs of their own, each line's words in place."""
    pieces: list = []
    for n, block in enumerate(blocks):
        if n:
            pieces.append("\n\n")
        for m, ln in enumerate(block):
            if m:
                pieces.append(" ")
            pieces.append((ln.start + len(ln.text) - len(ln.text.lstrip()), ln.start + len(ln.text.rstrip())))
    return pieces


def _join(a: _Line, b: _Line, width: int, *, blank: bool, dropped: bool, lowered: str) -> tuple[int, list] | None:
    """How line ``a`` runs on into line ``b``: (where the edit starts, what replaces the break), or None for a
    break that stays. ``blank``: blank lines stand between them; ``dropped``: page furniture or a caption did."""
    sa, sb = a.stripped, b.stripped
    if _HEAD.match(sb) or _TABLE_ROW.search(sa) or _TABLE_ROW.search(sb):
        return None
    end_a = a.start + len(a.text.rstrip())
    hyphen, after = _WORD_BEFORE_HYPHEN.search(sa), _WORD_AFTER.match(sb)
    if hyphen and after and (not blank or dropped):
        first, second = hyphen.group("word").split("-")[-1], after.group("word")
        keep = (not second[0].islower() or not first.isalpha() or re.search(r"\d", hyphen.group("word"))
                or first.lower() in _KEEP_HYPHEN_BEFORE or second.lower() in _KEEP_HYPHEN_AFTER
                or (f"{first}-{second}".lower() in lowered and f"{first}{second}".lower() not in lowered))
        return end_a - 1, ["-"] if keep else []
    if _ends_inside(a) and (_continues(b) or dropped):
        return end_a, [" "]
    if blank or b.text[:1].isspace():  # a blank line or an indented line opens a paragraph
        return None
    if _continues(b):  # "e.g." at the end of a line
        return end_a, [" "]
    if _ends_inside(a) and len(sa) >= 0.6 * width:
        return end_a, [" "]
    if _SENTENCE_END.search(sa) and len(sa) >= 0.85 * width:  # a sentence that ends inside a paragraph
        return end_a, [" "]
    return None


def _mark_furniture(lines: list[_Line], width: int) -> None:
    """Page numbers, running heads and feet, DOI and copyright lines; and any short run of lines that stands
    between a line broken inside a sentence and the line in lower case that carries it on."""
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.kind == "prose":
            counts[ln.key] = counts.get(ln.key, 0) + 1
    for ln in lines:
        if ln.kind != "prose" or _HEAD.match(ln.stripped) or _CAPTION.match(ln.stripped) or \
                (ln.text[:1].isspace() and _TABLE_ROW.search(ln.text)):  # a wrapped table cell, row after row
            continue
        s = ln.stripped
        running = (counts[ln.key] >= 2 and len(s) <= 100 and any(c.isalpha() for c in s) and not _SENTENCE_END.search(s)
                   and len(s.split()) <= 10)  # a running head: on every page
        if running or (len(s) <= 100 and _FURNITURE.match(" ".join(s.split()))):
            ln.kind = "furniture"
    prose = [i for i, ln in enumerate(lines) if ln.kind == "prose"]
    for k, i in enumerate(prose):
        a = lines[i]
        if len(a.stripped) < 0.6 * width or not (a.stripped[-1].islower() or a.stripped[-1] in ",-") \
                or not _ends_inside(a):
            continue  # only a full line broken inside a sentence, after a word, is carried on past a running head
        run = []
        for j in prose[k + 1:k + 5]:
            ln = lines[j]
            if _continues(ln):
                if run and all(len(r.stripped) <= max(0.8 * width, 30) and len(r.stripped.split()) <= 12
                               and not _CAPTION.match(r.stripped) and not _HEAD.match(r.stripped) for r in run):
                    for r in run:
                        r.kind = "furniture"
                break
            run.append(ln)


def _mark_captions(lines: list[_Line]) -> None:
    """A caption runs from "Fig. 1" or "Table 2" at the start of a line to the line that ends it with a full
    stop (three lines at most without one), or to a blank line."""
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "prose" and _CAPTION.match(ln.stripped):
            j = i
            while True:
                lines[j].kind = "caption"
                if _SENTENCE_END.search(lines[j].stripped) or j - i >= 2:
                    break
                nxt = next((k for k in range(j + 1, len(lines)) if lines[k].kind != "furniture"), None)
                if nxt is None or lines[nxt].kind == "blank" or _HEAD.match(lines[nxt].stripped):
                    break
                j = nxt
            i = j + 1
        else:
            i += 1
