"""A case report form exported to text, read as the sentences its ticked boxes and answers mean.

A registry's or a review team's form prints every option, chosen or not: "Dysphagia: [X] Yes [ ] No
[ ] Unknown", "(X) Female ( ) Male", a drug checklist with empty boxes for drugs never given, "Rituximab
(choice): Unchecked", or a bare answer after a colon ("Dysphonia: No", "Arthritis: Not assessed"). Read as
prose, the unticked options are findings and treatments the child never had, and one line's "No" negates
the next line's label. :func:`form_edits` lists the replacements that make each answered line a sentence
of its own: a ticked "Yes" keeps the label ("Dysphagia: yes."), a "No" negates it ("No dysphagia."), an
unticked or "Unknown", "Not assessed" or "Not done" answer says nothing (not assessed is not absent), a
chosen option keeps its words ("Status: improved."), and a unit written in the label follows the number
("CK (U/L): 14 250" is "CK: 14 250 U/L."). :func:`imnm.literature.layout.as_prose` applies them with its
map back to the text as given, so evidence quotes the form's own line.
"""

from __future__ import annotations

import re

#: A tick box, empty or marked: "[X]", "[ ]", "[x]", "[✓]", "(X)", "( )", "☒", "☐", "☑", "■", "□".
#: ("(v)" is a list's fifth item, not a tick: only x, X and the tick and cross signs mark a box.)
_BOX = r"(?:\[\s?[xX✓✔✗*]?\s?\]|\(\s?[xX✓✔✗*]?\s?\)|[☒☐☑■□])"
_BOX_RE = re.compile(_BOX)
_MARKED = re.compile(r"[xX✓✔✗*☒☑■]")
#: What the text must hold before its lines are read as a form's (most texts hold none of these).
_GATE = re.compile(r"[☒☐☑■□]|\[\s?[xX✓✔✗*]?\s?\]|\(\s?[xX✓✔✗*]?\s?\)\s*\w|:[ \t]*(?:Y|N|yes|no|unknown|not (?:assessed|"
                   r"done|known|recorded|tested|applicable)|N/?A|NK|unchecked|checked)[ \t]*$|\((?:years?|months?|"
                   r"U/L|IU/L|mg/dL|%)\)\s*:|^[ \t]*(?:yes|present)[ \t]{2,}(?:no|absent)\b|\w[ \t]*\.{4,}[ \t]*\S|"
                   r"\(\s*(?:yes|no)\s*\)|=\s*(?:yes|no)\b|\bunchecked\b", re.IGNORECASE | re.MULTILINE)

#: The answers a form offers, by what they mean for the label they answer.
_YES = frozenset({"yes", "y", "present", "checked", "ticked", "true"})
_NO = frozenset({"no", "n", "absent", "unchecked", "none", "false"})
_UNKNOWN = frozenset({"unknown", "unk", "u", "uk", "nk", "not known", "not assessed", "not done", "not recorded",
                      "not tested", "not applicable", "n/a", "na", "missing", "not available", "unclear",
                      "not stated", "not reported", "nr", "n.r.", "nd", "n.d.", "not given", "pending", "-99", "-", "?",
                      "blank", ""})
_RESULT = frozenset({"positive", "negative", "pos", "neg", "weakly positive", "borderline", "equivocal"})

#: A line of a form: an optional question number ("B2.", "Q7)", "3.1", "a)"), the label, a colon or a wide gap,
#: and the answer.
_QUESTION_NUMBER = r"(?:(?:[A-Z]{1,2}\d{0,2}|\d{1,2})(?:[.]\d{1,2}){0,2}[.)]?\s+|[a-z][.)]\s+)?"
#: What a label is written in (no colon, line break or tick box), and what parts it from its answer: a colon, a
#: dotted leader ("sex .......... 2") or a wide gap.
_LABEL_CHARACTER = r"[^:\n\[\]☒☐☑■□]"
_SEPARATOR = r"[ \t]*:[ \t]*|[ \t]*\.{3,}[ \t]*|[ \t]{2,}"
_ANSWER_LINE = re.compile(
    rf"(?P<lead>[ \t]*{_QUESTION_NUMBER})(?P<label>[A-Za-z]{_LABEL_CHARACTER}{{0,80}}?)(?P<sep>{_SEPARATOR})"
    r"(?P<answer>[^\n]*?)[ \t]*")
#: A unit written in the label, where the value that follows is its number: "CK (U/L): 14 250", "Age at onset
#: (years): 9", "Follow-up duration (months): 24".
_UNIT_IN_LABEL = re.compile(r"\s*\((?P<unit>years?|yrs?|y|months?|mo|weeks?|U/L|IU/L|U/l|IU/l|ukat/L|mg/dL|g/dL|%)\)\s*$")
_NUMBER_ANSWER = re.compile(r"\d[\d,. ]*\d|\d")
#: An answer given as a code with its meaning: "1 (Yes)", "1 = Yes", "0, No", "Yes (1)", "9 - Unknown".
_CODED = re.compile(r"^(?:-?\d{1,3}\s*(?:[=,:-]\s*|\()\s*(?P<a>[A-Za-z][A-Za-z /]*?)\)?|(?P<b>[A-Za-z][A-Za-z /]*?)\s*\(\s*-?\d{1,3}\s*\))$")
#: An answer word with the form's comment after it: "No - normal swallow", "Yes (pericardial effusion)".
_COMMENTED = re.compile(r"^\s*(?P<word>yes|no|unknown|not assessed|not done|not known)\s*(?:[-–,;:(]\s*)(?P<rest>[^()]*?\w)"
                        r"\)?\s*$", re.IGNORECASE)
#: A label that lists its own codes: "Dysphagia (0=No, 1=Yes, 9=Unknown)".
_CODE_LIST = re.compile(r"\s*[(\[](?P<codes>(?:\s*-?\d{1,3}\s*=\s*[A-Za-z][A-Za-z /]*?\s*[,;|]?)+)[)\]]\s*$")
_CODE = re.compile(r"(?P<n>-?\d{1,3})\s*=\s*(?P<word>[A-Za-z][A-Za-z /]*?)\s*(?=[,;|]|$)")
#: A REDCap checkbox exported with its choice: "Treatment (choice=Rituximab): Checked".
_CHOICE = re.compile(r"^(?P<label>.*?)\s*\(\s*choice\s*=\s*(?P<choice>[^)]+)\)\s*$", re.IGNORECASE)


#: A line that opens one child's record in a batch of forms: "Record ID: 0042", "record_id: 101", "Patient no.: 2",
#: "Subject ID: S-07", "Case number: 3" (a study's ID names an article, not a child).
_RECORD = re.compile(
    r"^[ \t]*(?:record(?:[ _](?:id|no\.?|number))?|patient[ _](?:id|no\.?|number|#)|subject[ _](?:id|no\.?|number)|"
    r"case[ _](?:id|no\.?|number)|participant[ _](?:id|no\.?|number)|child[ _](?:id|no\.?|number))[ \t]*[:=#]?[ \t]*"
    r"(?P<id>[A-Za-z]{0,4}[-_]?\d{1,6}[A-Za-z]?)(?=[ \t]*$|[ \t]{2,}|[ \t]*[|;,]|[ \t]+[-–(])", re.IGNORECASE | re.MULTILINE)
#: The fewest form lines (ticked boxes, bare answers, units in labels) that make a text a form.
FORM_LINES = 3


def is_form(text: str) -> bool:
    """Whether ``text`` is a form's export: its lines are questions and answers, not prose broken at a width."""
    return len(form_edits(text)) >= FORM_LINES


def _norm(words: str) -> str:
    return " ".join(words.strip().strip(".;,").lower().split())


def form_edits(text: str) -> list[tuple[int, int, list]]:
    """The replacements that read ``text``'s form lines as sentences: (start, end, pieces), where a piece is new
    words or a span (a, b) of the text moved there, in the text's order and none overlapping. Empty for a text
    with no form line."""
    if not _GATE.search(text):
        return []
    key = _coding_key(text)
    edits: list[tuple[int, int, list]] = []
    plain: list[tuple[int, int]] = []  # lines left as they are: in a form, each is a sentence of its own
    columns: list[tuple[int, int, str]] | None = None  # a grid's answer columns: start, end, answer
    last_end = 0
    for line in re.finditer(r"[^\n]+", text):
        if "\n\n" in text[last_end:line.start() + 1] or not line.group().strip():
            columns = None  # a grid ends at a blank line
        last_end = line.end()
        header = _grid_header(line.group())
        if header:
            columns, title = header
            edits.append((line.start(), line.end(), [] if title is None else [(line.start() + title[0], line.start() + title[1]), "."]))
            continue
        if columns is not None:
            edit = _grid_row(text, line.start(), line.end(), columns)
            if edit is not None:
                edits.append(edit)
                continue
        if _BOX_RE.search(line.group()):
            edit = _box_line(text, line.start(), line.end())
            if edit is not None:
                edits.append(edit)
            continue
        fields = _fields(text, line.start(), line.end())
        found = [e for e in (_answer_line(text, a, b, key) for a, b in fields) if e is not None]
        edits.extend(found)
        plain.extend((a, b) for a, b in fields if not any(e[0] == a for e in found))
    if len(edits) >= FORM_LINES:
        edits = sorted(edits + [e for e in (_as_sentence(text, a, b) for a, b in plain) if e is not None])
        edits = _records(text, edits)
    return edits


#: Several fields on one line, set apart by wide gaps: "sex: 1 (Female)      age_onset_yrs: 8".
_FIELD_START = re.compile(r"[ \t]{3,}(?=[A-Za-z][\w /()-]{0,40}?(?:[ \t]*:|[ \t]*\.{3,}))")


def _fields(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The fields of a line: itself, or its parts when each part is a label with its value."""
    cuts = [m for m in _FIELD_START.finditer(text, start, end)]
    if not cuts or ":" not in text[start:cuts[0].start()] and "..." not in text[start:cuts[0].start()]:
        return [(start, end)]
    bounds = [start] + [m.end() for m in cuts]
    return [(a, (cuts[i].start() if i < len(cuts) else end)) for i, a in enumerate(bounds)]


#: A label and its value on a form's line: "Ethnic origin (as stated)   African", "sex ........ 2", "CK: 1 200".
_LABEL_VALUE = re.compile(
    rf"(?P<lead>[ \t]*{_QUESTION_NUMBER})(?P<label>[A-Za-z]{_LABEL_CHARACTER}{{0,60}}?)"
    rf"(?P<sep>{_SEPARATOR})(?P<value>\S[^\n]{{0,200}}?)[ \t]*")


def _as_sentence(text: str, start: int, end: int) -> tuple[int, int, list] | None:
    """A form's line "label   value" (a wide gap or a dotted leader for its colon) as the sentence "label: value."
    A line of three or more cells is a table's row and is left to the table reader."""
    m = _LABEL_VALUE.fullmatch(text, start, end)
    if m is None or re.search(r"\S[ \t]{2,}\S", m.group("value")) or m.group("value").endswith((".", ";", ",")):
        return None
    if ":" in m.group("sep") and m.group("value")[-1:].isalnum() is False:
        return None
    label = _label_words(text, m.start("label"), m.end("label"))
    unit = _SNAKE_UNIT.search(label[0]) if isinstance(label[0], str) else None
    if unit and _NUMBER_ANSWER.fullmatch(m.group("value")):
        # "age_at_presentation_yrs ..... 12": the unit the variable's name ends on follows the number
        return (m.start("lead"), end, [label[0][:unit.start()] + ": ", (m.start("value"), m.end("value")),
                                       " " + _SNAKE_UNITS[unit.group("unit").lower()] + "."])
    return m.start("lead"), end, label + [": ", (m.start("value"), m.end("value")), "."]


#: The unit a database's variable name ends on: "age_onset_yrs", "ck_first_iu_l", "fu_months".
_SNAKE_UNITS = {"y": "years", "yr": "years", "yrs": "years", "years": "years", "mo": "months", "months": "months",
                "iu l": "IU/L", "u l": "U/L"}
_SNAKE_UNIT = re.compile(r"\s(?P<unit>y|yrs?|years|mo|months|iu l|u l)$", re.IGNORECASE)


def _label_words(text: str, a: int, b: int) -> list:
    """A label as words: itself, or a database's variable name spelled out ("age_at_first_symptoms_yrs" is
    "age at first symptoms")."""
    a, b = _label_span(text, a, b)
    label = text[a:b]
    if "_" not in label or " " in label:
        return [(a, b)]
    words = [w for w in label.split("_") if w]
    return [" ".join(words)]


#: A text's own coding key for its answers: "Coding key: 1 = Yes   0 = No   9 = Unknown   -99 = missing".
_KEY_PAIR = re.compile(r"(?P<n>-?\d{1,3})\s*=\s*(?P<word>yes|no|unknown|not known|not reported|not assessed|missing|"
                       r"not stated|not done|n/?a|item left blank|not entered)\b", re.IGNORECASE)


def _coding_key(text: str) -> dict[str, str]:
    """The codes a text defines for yes and no ("1 = Yes", "0 = No"), when it defines both."""
    key = {m.group("n"): m.group("word") for m in _KEY_PAIR.finditer(text)}
    words = {_norm(w) for w in key.values()}
    return key if "yes" in words and "no" in words else {}


#: A label that counts or measures: its bare number is a quantity, never a code.
_MEASURE = re.compile(r"\b(?:age|ck|cpk|aldolase|ldh|ast|alt|dose|count|number|no|score|cmas|mmt8?|duration|"
                      r"years?|yrs?|months?|mo|weeks?|days?|iu|u/l|mg|kg|g|cm|bmi|weight|height|date|year)\b",
                      re.IGNORECASE)


def _records(text: str, edits: list[tuple[int, int, list]]) -> list[tuple[int, int, list]]:
    """A batch of several children's forms: each record's opening line heads "Patient N" (the same ID, at a later
    visit's form, is the same child), so that the reader keeps the records apart."""
    found = list(_RECORD.finditer(text))
    ids: dict[str, int] = {}
    for m in found:
        ids.setdefault(m.group("id").lower(), len(ids) + 1)
    if len(ids) < 2:
        return edits
    # (the rest of the line, "- follow-up visit" or "Site: 07", goes on a line of its own)
    heads = [(m.start(), m.end("id"), [f"Patient {ids[m.group('id').lower()]}:\n"]) for m in found]
    taken = [(a, b) for a, b, _ in heads]
    return sorted(heads + [e for e in edits if not any(e[0] < b and a < e[1] for a, b in taken)])


#: A grid's heading line: the answers as columns ("                 Yes    No    Unknown"), after the section's title
#: or none ("SECTION 3 - PRESENTING FEATURES       Yes   No   Unknown / not assessed").
_ANSWER_WORD = (r"(?:yes|no|unknown|unk|not assessed|not known|not done|not stated|not reported|n/?a|nr|nk|present|"
                r"absent|positive|negative|not tested)")
_GRID_WORD = re.compile(rf"{_ANSWER_WORD}(?:\s?/\s?{_ANSWER_WORD})*", re.IGNORECASE)
#: A grid's row: the label, then a mark under one of the columns, or a box under each.
_GRID_ROW = re.compile(r"(?P<lead>[ \t]*" + _QUESTION_NUMBER + r")(?P<label>[A-Za-z][^\n]*?)[ \t]{2,}(?P<mark>[xX✓✔✗*])[ \t]*$")
_GRID_BOXES = re.compile(r"(?P<lead>[ \t]*" + _QUESTION_NUMBER + r")(?P<label>[A-Za-z][^\n\[\]☒☐☑■□]*?)[ \t]*"
                         rf"(?P<boxes>{_BOX}(?:[ \t]*{_BOX})+)[ \t]*(?P<after>[^\n]*)$")


def _grid_header(line: str) -> tuple[list[tuple[int, int, str]], tuple[int, int] | None] | None:
    """The columns of a grid's heading line (two or more answers set apart by wide gaps, the first of them
    yes or present) and the span of the title before them, if any."""
    cells = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", line)]
    answers = 0
    while answers < len(cells) and _GRID_WORD.fullmatch(line[cells[-1 - answers][0]:cells[-1 - answers][1]]):
        answers += 1
    if answers < 2 or _norm(line[cells[-answers][0]:cells[-answers][1]]) not in ("yes", "present", "positive"):
        return None
    if len(cells) - answers > 1:  # one title at most before the answers
        return None
    return [(a, b, line[a:b]) for a, b in cells[-answers:]], (cells[0] if answers < len(cells) else None)


def _grid_row(text: str, start: int, end: int, columns: list[tuple[int, int, str]]) -> tuple[int, int, list] | None:
    """A grid's row: the answer is the column its mark (or its ticked box) stands under."""
    boxes = _GRID_BOXES.match(text, start, end)
    if boxes is not None and not boxes.group("after").strip():
        ticked = [b for b in _BOX_RE.finditer(text, boxes.start("boxes"), boxes.end("boxes")) if _MARKED.search(b.group())]
        if len(ticked) != 1:
            return start, end, []
        every = list(_BOX_RE.finditer(text, boxes.start("boxes"), boxes.end("boxes")))
        label = (boxes.start("label"), boxes.end("label"))
        if len(every) == len(columns):  # a box under each column: the ticked one's place is its answer
            answer = columns[[b.start() for b in every].index(ticked[0].start())][2]
        else:
            answer = _column_under(columns, (ticked[0].start() + ticked[0].end()) / 2 - start)
    else:
        m = _GRID_ROW.match(text, start, end)
        if m is None:
            return None
        answer, label = _column_under(columns, m.start("mark") - start), (m.start("label"), m.end("label"))
    answer = re.split(r"\s?/\s?", answer)[0]  # "Unknown / not assessed"
    said = _said(_label_words(text, *label), answer, None)
    return (start, end, []) if said is None else (start, end, said)


def _column_under(columns: list[tuple[int, int, str]], at: float) -> str:
    """The answer of the column heading nearest a mark's place on its line."""
    return min(columns, key=lambda c: abs((c[0] + c[1]) / 2 - at))[2]


def _label_span(text: str, a: int, b: int) -> tuple[int, int]:
    """The label's span without its trailing blanks, colon and question mark."""
    while b > a and text[b - 1] in " \t:?-–":
        b -= 1
    while a < b and text[a] in " \t":
        a += 1
    return a, b


def _said(label: tuple[int, int] | list, answer: str, answer_span: tuple[int, int] | None) -> list | None:
    """The sentence a label and its chosen answer say, as pieces; None to leave the line alone, [] for nothing."""
    word = _norm(answer)
    coded = _CODED.match(answer.strip())
    if coded and word not in _UNKNOWN:
        word = _norm(coded.group("a") or coded.group("b"))
        if word not in _YES | _NO | _UNKNOWN | _RESULT:
            return (label if isinstance(label, list) else [label]) + [": " + word + "."]  # "Sex: 1, Female"
    comment = _COMMENTED.match(answer)
    if comment and answer_span is not None:
        # "No - normal swallow", "Yes (pericardial effusion)": the answer, then the form's comment on it
        rest = (answer_span[0] + comment.start("rest"), answer_span[0] + comment.end("rest"))
        said = _said(label, comment.group("word"), None)
        if said:
            return said[:-1] + [said[-1].rstrip("."), "; ", rest, "."]
        return said
    label = label if isinstance(label, list) else [label]
    if word in _UNKNOWN:
        return []
    if word in _YES:
        return label + [": yes."]
    if word in _NO:
        return ["No "] + label + ["."]
    if word in _RESULT and answer_span is not None:
        return label + [": ", answer_span, "."]
    return None


def _answer_line(text: str, start: int, end: int, key: dict[str, str]) -> tuple[int, int, list] | None:
    """A field "Label: answer" with no boxes: an answer word, a coded answer, a checkbox's "Checked", or a number
    whose unit the label holds."""
    m = _ANSWER_LINE.fullmatch(text, start, end)
    if m is None:
        return None
    label_a, label_b = m.start("label"), m.end("label")
    answer = m.group("answer")
    tail = _CODE_TAIL.search(answer)
    codes_after = {}
    if tail:  # "2   [1 = Male, 2 = Female]": the field's own codes after its value
        codes_after = {c.group("n"): c.group("word") for c in _CODE.finditer(tail.group("codes"))}
        answer = answer[:tail.start()]
    answer = _COMMENT_TAIL.sub("", answer)
    label_text = text[label_a:label_b]
    raw = _RAW_CHECKBOX.fullmatch(label_text.strip())
    if raw and _norm(answer) in _YES | _NO:  # "prev_tx___ivig: Checked": the choice after the triple underscore
        if _norm(answer) in _NO:
            return m.start("lead"), end, []
        return m.start("lead"), end, [raw.group("choice").replace("_", " ") + "."]
    choice = _CHOICE.match(label_text)
    if choice and _norm(answer) in _YES | _NO:
        if _norm(answer) in _NO:
            return m.start("lead"), end, []
        return (m.start("lead"), end, [(label_a, label_a + len(choice.group("label"))), ": ",
                                       (label_a + choice.start("choice"), label_a + choice.end("choice")), "."])
    codes = _CODE_LIST.search(label_text)
    if re.fullmatch(r"\s*-?\d{1,3}\s*", answer) and (codes or codes_after or key and not _MEASURE.search(
            label_text.replace("_", " "))):
        table = ({c.group("n"): c.group("word") for c in _CODE.finditer(codes.group("codes"))} if codes
                 else codes_after or key)
        meaning = table.get(answer.strip())
        if meaning is None:
            return None
        label_end = label_a + codes.start() if codes else label_b
        said = _said(_label_words(text, label_a, label_end), meaning, None)
        if said is None:  # "sex: 2 [1 = Male, 2 = Female]" is "sex: female."
            said = _label_words(text, label_a, label_end) + [": " + _norm(meaning) + "."]
        return m.start("lead"), end, said
    unit = _UNIT_IN_LABEL.search(label_text)
    if unit and _NUMBER_ANSWER.fullmatch(answer.strip()):
        a = m.start("answer")
        return (m.start("lead"), end, [(label_a, label_a + unit.start()), ": ", (a, a + len(answer.rstrip())), " ",
                                       (label_a + unit.start("unit"), label_a + unit.end("unit")), "."])
    if len(answer.split()) > 4 and not _COMMENTED.match(answer):
        return None
    said = _said(_label_words(text, label_a, label_b), answer,
                 (m.start("answer"), m.start("answer") + len(answer.rstrip())))
    return None if said is None else (m.start("lead"), end, said)


#: A field's own codes after its value: "2   [1 = Male, 2 = Female]", "1 (1 = yes, 0 = no)".
_CODE_TAIL = re.compile(r"\s*[\[(](?P<codes>\s*-?\d{1,3}\s*=[^\])]*)[\])]\s*$")
#: A remark in brackets after an answer: "9   (see batch note 1)", "Unknown (not examined)" keeps its own.
_COMMENT_TAIL = re.compile(r"(?<=\d)\s+\((?:see|cf\.?|per)\b[^)]*\)\s*$", re.IGNORECASE)
#: A database's checkbox field as exported raw: "prev_tx___ivig", "feat_ever___rash".
_RAW_CHECKBOX = re.compile(r"[A-Za-z][\w]*?___(?P<choice>[A-Za-z][\w]*)")


def _box_line(text: str, start: int, end: int) -> tuple[int, int, list] | None:
    """A line with tick boxes: the label and the options ticked, in the line's words."""
    line = text[start:end]
    boxes = list(_BOX_RE.finditer(line))
    trailing = not line[boxes[-1].end():].strip()
    options: list[tuple[bool, int, int]] = []  # ticked, start, end (in the text)
    if trailing and len(boxes) >= 2:
        # "Yes [X]  No [ ]": each option's words stand before its box
        label_end = None
        for i, box in enumerate(boxes):
            seg_a = boxes[i - 1].end() if i else 0
            seg = line[seg_a:box.start()]
            if i == 0:
                cut = max(seg.rfind(":"), _last_gap(seg))
                if cut < 0:
                    return None
                label_end = seg_a + cut
                seg_a = seg_a + cut + 1
                seg = line[seg_a:box.start()]
            a, b = _strip(seg, seg_a)
            options.append((bool(_MARKED.search(box.group())), start + a, start + b))
        label = _label_span(text, start + _lead(line), start + label_end)
    else:
        for i, box in enumerate(boxes):
            nxt = boxes[i + 1].start() if i + 1 < len(boxes) else len(line)
            a, b = _strip(line[box.end():nxt], box.end())
            options.append((bool(_MARKED.search(box.group())), start + a, start + b))
        label = _label_span(text, start + _lead(line), start + boxes[0].start())
    ticked = [(a, b) for t, a, b in options if t and b > a]
    has_label = label[1] > label[0]
    if not ticked:
        return start, end, []
    if has_label and len(ticked) == 1:
        a, b = ticked[0]
        said = _said(label, text[a:b], (a, b))
        if said is not None:
            return start, end, said
    pieces: list = []
    if has_label:
        pieces += [label, ": "]
    for k, (a, b) in enumerate(ticked):
        pieces += [(a, b), "; " if k + 1 < len(ticked) else "."]
    return start, end, pieces


def _lead(line: str) -> int:
    """Where a line's label starts, past its blanks and its question number."""
    m = re.match(rf"[ \t]*{_QUESTION_NUMBER}", line)
    return m.end() if m else 0


def _last_gap(seg: str) -> int:
    m = None
    for m in re.finditer(r"[ \t]{2,}", seg.rstrip()):
        pass
    return m.end() - 1 if m else -1


def _strip(seg: str, offset: int) -> tuple[int, int]:
    a, b = 0, len(seg)
    while a < b and seg[a] in " \t|":
        a += 1
    while b > a and seg[b - 1] in " \t|":
        b -= 1
    return offset + a, offset + b
