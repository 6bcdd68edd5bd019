"""Tables of patients in a text, read the way a reviewer reads them: a row or a column for each patient.

A case series often gives its patients' facts in a table ("Table 1 Clinical features of the patients"), and a
copy of the article keeps it as lines of cells: separated by tabs (a web page), by pipes (a converter) or by
runs of spaces (a PDF, long cells wrapped onto the next line). The prose reader would take such lines for
sentences and give one patient's numbers to another, so :func:`find_tables` finds each table, its header, its
rows and the footnote that spells out its abbreviations, and :func:`table_patients` gives the authors' own
patients, each with its items (the header's words and the cell's). A row of a patient published elsewhere (a
literature table with a reference column) is never the authors' patient.

:func:`render` writes each patient's items as short sentences the prose reader already reads ("Onset was at the
age of 11 years."), with a map from every character back to the cell it came from, so evidence still quotes
the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Cell:
    """A cell's words and their place in the text."""

    text: str
    start: int
    end: int

    def joined(self, other: Cell) -> Cell:
        """The cell with a wrapped line's part added (a PDF breaks a long cell onto the next line)."""
        if not other.text:
            return self
        if not self.text:
            return other
        text = self.text[:-1] + other.text if self.text.endswith("-") and other.text[:1].islower() else \
            f"{self.text} {other.text}"
        return Cell(text, min(self.start, other.start), max(self.end, other.end))


@dataclass
class Table:
    """A table as the copy gives it: ``start``/``end`` span the title, the rows and the footnote."""

    start: int
    end: int
    title: str
    rows: list[list[Cell]]  # the first row is the header
    notes: dict[str, str] = field(default_factory=dict)  # abbreviation -> meaning, from the footnote


@dataclass
class TablePatient:
    """One of the authors' patients in a table: its label ("Patient 2", or None for a one-patient table), the
    number the table gives it, and its items as (the item's name, its cell)."""

    label: str | None
    number: int | None
    items: list[tuple[str, Cell]]
    #: a table of counts for the authors' patients together ("Calcinosis 0/4"): what is said of all or none
    group: bool = False
    #: a course told row by row (a timeline): where its last row begins, since a state an earlier row tells
    #: ("then running normally" on day 3) is a point in the course, not its outcome
    last_row: int | None = None
    #: the last row's time ("Month 24", "Within 72 hours"): a course that ends hours after its last event tells of
    #: an episode (a drug's reaction), not of the disease's outcome
    last_when: str = ""


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
#: A cell that names one of the authors' patients: "1", "P2", "Pt 3", "Patient 4", "Case II", "#5".
_PATIENT_LABEL = re.compile(
    r"^\W*(?:(?:patient|pt|case|child|subject|sibling|twin|p)\.?\s*(?:no\.?\s*)?#?\s*)?(?P<n>\d{1,2}|[IVX]{1,4})(?:[a-z]\b|\b)"
    r"\W*(?:\((?P<note>[^)]*)\))?\s*$|^\W*(?P<own>our patients?|present (?:case|patient|report|study)|this "
    r"(?:case|patient|report|study)|current (?:case|patient|report)|index (?:case|patient))\b", re.IGNORECASE)
#: A header cell that names a patient column ("Patient 1", "Case 2", "P3"), not a bare number.
_PATIENT_HEAD = re.compile(r"^\W*(?:(?:patient|pt|case|child|subject|sibling|twin|p)\.?\s*#?\s*(?:\d{1,2}|[IVX]{1,4})\b|"
                           r"(?:our|present|this|current|index) (?:case|patient)s?\b)", re.IGNORECASE)
#: The first header cell of a table whose rows are patients: "No.", "Patient", "Case", "Pt".
_PATIENT_COLUMN = re.compile(r"^\W*(?:no\.?|n°|#|patients?|pts?\.?|cases?|subjects?|children)\W*$", re.IGNORECASE)
#: Words by which a literature table marks the authors' own row or column.
_OWN = re.compile(r"\b(?:present|this|our|current|index)\s+(?:case|patient|report|study|series|article)s?\b|"
                  r"^\W*(?:present|current|ours?|this (?:report|study))\W*$", re.IGNORECASE)
#: The marks of a citation: "Kishi et al.", "[12]" (the prose reader sends a sentence with one to the literature).
CITATION = re.compile(r"\bet al\b|\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]", re.IGNORECASE)
#: The marks of another article in a table's row or header: a citation, or a year.
_CITED = re.compile(rf"{CITATION.pattern}|\b(?:19|20)\d\d\b", re.IGNORECASE)
#: A header that holds the row's reference ("Reference", "Author (year)", "Study").
_REFERENCE_COLUMN = re.compile(r"^\W*(?:refs?\.?|references?|sources?|study|studies|authors?|first author|"
                               r"publications?|citations?|articles?|reports?)\b", re.IGNORECASE)
#: A title of a table of other articles' patients.
_LITERATURE_TITLE = re.compile(r"\b(?:published|previously|reported|literature|review(?:ed)?|prior)\b", re.IGNORECASE)
#: A column that is not a patient's value: a reference range, a unit, a normal value.
_NOT_A_VALUE = re.compile(r"\b(?:ref(?:erence)?\.?|normal|range|units?|nv|rr|norm)\b", re.IGNORECASE)
#: The first header cell of a table of one patient's course: "Step", "Phase", "Day", "Time point", and a case
#: report's timeline (the CARE guideline's): "Time from onset", "Date (month/year)", "Hospital day", "Timing".
_STEP_COLUMN = re.compile(r"^\W*(?:steps?|phases?|lines?(?: of (?:therapy|treatment))?|stages?|days?|weeks?|months?|"
                          r"time(?: ?points?)?|dates?|visits?|periods?|cycles?|courses?|episodes?|age\s*/\s*time|"
                          r"timing|timeline|when|"
                          r"(?:time|dates?|days?|weeks?|months?)\s+(?:from|since|after|of|relative to)\b[^|]{0,40}|"
                          r"(?:hospital|illness|disease|admission|treatment)\s+(?:days?|weeks?|months?)|"
                          r"(?:time|dates?|days?|months?)\s*\([^)]{0,30}\))\W*$",
                          re.IGNORECASE)
#: A timeline by the patient's age ("Age | Event | Treatment"): a course when another column holds its events.
_AGE_COLUMN = re.compile(r"^\W*(?:(?:patient'?s\s+)?age)(?:\s*\([^)]{0,20}\))?\W*$", re.IGNORECASE)
_EVENT_COLUMN = re.compile(r"^\W*(?:(?:key|clinical|main)\s+)?(?:events?|findings|course|milestones?|"
                           r"interventions?)\W*$", re.IGNORECASE)
#: A column that only numbers the rows: "#", "No.", or no heading.
_ROW_NUMBER = re.compile(r"^\W*(?:no\.?|n°|#)?\W*$", re.IGNORECASE)
_DRUG_COLUMN = re.compile(r"^\W*(?:drugs?|medications?|agents?|treatments?|therap(?:y|ies)|immunosuppressants?)\W*$",
                          re.IGNORECASE)
_DOSE_COLUMN = re.compile(r"^\W*(?:doses?|dosage|dosing|regimens?|dose and route)\b", re.IGNORECASE)
_PEAK = re.compile(r"\b(?:peak|max(?:imum)?|highest|worst)\b", re.IGNORECASE)
#: A count of a group ("3/4", "4 (100%)", "0/5"), not one patient's value.
_GROUP_CELL = re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\b(?!\s*(?:mg|g|kg|m2|u|iu|l)\b)|^\s*\d{1,3}\s*\(\s*\d{1,3}(?:\.\d)?\s*%\s*\)")
_TITLE = re.compile(r"^\s*(?:supplementary\s+)?table\s*[A-Z]?\d{1,2}[A-Za-z]?\b", re.IGNORECASE)
_RULE = re.compile(r"^[\s|:+=_\-–—]+$")
_CHUNK = re.compile(r"\S+(?: \S+)*")  # cells set apart by two spaces or more
_SPACED_ROW = re.compile(r"\S(?: {2,}|\t)\S")
_PIPED_ROW = re.compile(r"\S\s*\|\s*\S")
_FOOTNOTE = re.compile(r"^\s*(?:abbreviations?\b|notes?\b|[a-z*†‡§¶#]\s|[*†‡§¶#]|(?-i:[A-Z][\w/+-]{0,8}) (?-i:[a-z])[^;]{0,80};|"
                       r"[^\s,;=:]{1,12}\s*(?:,|=|:)\s*[a-z]|.*;.*[,=:])", re.IGNORECASE)
_NOTE_PAIR = re.compile(r"^\s*(?P<abbr>[^\s,;=:]{1,12}(?: [^\s,;=:]{1,6})?)\s*(?:,|=|:|–)\s*(?P<meaning>[^;]+?)\s*\.?\s*$")
#: "PRED prednisone", "CR complete remission", "(d) definite": an abbreviation and its meaning set apart by a space.
_SPACED_PAIR = re.compile(r"^\s*(?P<abbr>(?=[^\s,;=:]{1,3}\s|\S*[A-Z]\S*[A-Z]|\S*[+−↑↓*†()\d])[^\s,;=:]{1,10})\s+(?P<meaning>(?-i:[a-z(]).{1,80}?)\s*\.?\s*$")


def find_tables(text: str) -> list[Table]:
    """The tables in ``text``: blocks of two or more lines of cells (tabs, pipes, or three or more cells set
    apart by runs of spaces), with the title line above and the footnote below."""
    if not (_SPACED_ROW.search(text) or _PIPED_ROW.search(text)):
        return []
    lines = _lines(text)
    tables, i = [], 0
    while i < len(lines):
        kind = _kind(lines[i][2])
        if kind is None:
            i += 1
            continue
        j, last_row, rows = i + 1, i, [i]
        while j < len(lines):
            body = lines[j][2]
            if _kind(body) == kind or (body.strip() and _RULE.match(body)):
                if _kind(body) == kind:
                    rows.append(j)
                last_row = j
            elif not body.strip():  # a blank line inside a table, if a row follows
                if j + 1 < len(lines) and _kind(lines[j + 1][2]) == kind:
                    j += 1
                    continue
                break
            elif kind == "spaces" and _continuation(lines, j, kind):
                last_row = j
            else:
                break
            j += 1
        if kind == "spaces" and i > 0 and _header_above(lines[i - 1][2]):
            i -= 1
        block = lines[i:last_row + 1]
        table = _table(text, lines, i, last_row, kind, block) if len(rows) >= 2 else None
        if table is not None:
            tables.append(table)
            i = last_row + 1
            while i < len(lines) and lines[i][0] < table.end:
                i += 1
        else:
            i = last_row + 1
    return tables


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append((pos, pos + len(body), body))
        pos += len(raw)
    return out


def _kind(line: str) -> str | None:
    """How the line sets its cells apart, if it is a row of two or more cells (three or more for spaces)."""
    s = line.strip()
    if not s or _RULE.match(s):
        return None
    if "\t" in s and len([c for c in s.split("\t") if c.strip()]) >= 2:
        return "tabs"
    if s.count("|") >= 1 and len([c for c in s.strip("|").split("|") if c.strip()]) >= 2 and \
            (s.startswith("|") or s.count("|") >= 2):
        return "pipes"
    if len(_CHUNK.findall(s)) >= 3:
        return "spaces"
    return None


def _header_above(line: str) -> bool:
    """A header of column names over a table of spaced cells that has fewer cells than its rows ("Patient 1
    Patient 2" over "Sex  F  M"): indented, its names set apart by wide gaps."""
    return bool(line[:1].isspace() and re.search(r"\S {3,}\S", line) and not _TITLE.match(line)
                and len(line.strip()) <= 120)


def _continuation(lines: list, j: int, kind: str) -> bool:
    """A line of a wrapped cell: fewer cells than a row, and a row of the table follows it (within two lines)."""
    s = lines[j][2].strip()
    if not s or len(s) > 60 or _TITLE.match(s):
        return False
    return any(k < len(lines) and _kind(lines[k][2]) == kind for k in (j + 1, j + 2))


def _cells(line: tuple[int, int, str], kind: str) -> list[Cell]:
    start, _, body = line
    if kind == "tabs":
        out, pos = [], 0
        for part in body.split("\t"):
            lead = len(part) - len(part.lstrip())
            out.append(Cell(part.strip(), start + pos + lead, start + pos + lead + len(part.strip())))
            pos += len(part) + 1
        return out
    if kind == "pipes":
        out, pos = [], 0
        parts = body.split("|")
        # "          | Gupta 2019 | This case" over rows with no pipe at either end ("Age | 4 years | 6 years"): the
        # indent is the header's empty first cell, not a margin
        blank_first = len(parts[0]) >= 4 and not parts[0].strip() and not body.rstrip().endswith("|")
        if body.strip().startswith("|") and not blank_first:
            pos = len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        for part in parts:
            lead = len(part) - len(part.lstrip())
            out.append(Cell(part.strip(), start + pos + lead, start + pos + lead + len(part.strip())))
            pos += len(part) + 1
        return out
    return [Cell(m.group(), start + m.start(), start + m.end()) for m in _CHUNK.finditer(body)]


def _table(text: str, lines: list, first: int, last: int, kind: str, block: list) -> Table | None:
    if kind == "spaces" and not _aligned(block):
        return None
    rows = _grid(block, kind)
    if rows is None or len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    start, title = block[0][0], ""
    k = first - 1
    while k >= 0 and not lines[k][2].strip():
        k -= 1
    for back in (k, k - 1):  # the title line, or a title wrapped over two lines
        if back >= 0 and _TITLE.match(lines[back][2]):
            start = lines[back][0]
            title = " ".join(ln[2].strip() for ln in lines[back:k + 1])
            break
    end, notes = block[-1][1], {}
    k = last + 1
    while k < len(lines) and not lines[k][2].strip() and k - last <= 1:
        k += 1
    if k < len(lines) and _FOOTNOTE.match(lines[k][2]):
        foot = k
        while k < len(lines) and lines[k][2].strip() and k - foot < 8 and not _TITLE.match(lines[k][2]):
            end = lines[k][1]
            k += 1
        notes = _notes(" ".join(ln[2].strip() for ln in lines[foot:k]))
    return Table(start, end, title, rows, notes)


def _aligned(block: list) -> bool:
    """Cells set apart by spaces make a table only when they stand in columns: two rows or more start cells at
    the same two places past the first (prose with two spaces after a full stop does not)."""
    starts = [{m.start() for m in _CHUNK.finditer(body)} - {0} for _, _, body in block if len(_CHUNK.findall(body)) >= 3]
    for k, a in enumerate(starts):
        for b in starts[k + 1:]:
            if sum(1 for x in a if any(abs(x - y) <= 2 for y in b)) >= 2:
                return True
    return False


def _grid(block: list, kind: str) -> list[list[Cell]] | None:
    """The rows of the block as cells by column; a line with fewer cells adds its parts to the row above."""
    parsed = [(ln, _cells(ln, kind)) for ln in block if ln[2].strip() and not _RULE.match(ln[2].strip())]
    counts = [len(c) for _, c in parsed]
    width = max(set(counts), key=counts.count)
    if kind != "spaces":
        rows = [cells + [Cell("", cells[-1].end, cells[-1].end)] * (width - len(cells)) if len(cells) < width
                else cells[:width] for _, cells in parsed if cells]
        return rows
    # columns by where their cells start on the full lines
    full = [cells for _, cells in parsed if len(cells) == width]
    anchors = [sorted(c[i].start - _line_start(block, c[i].start) for c in full)[len(full) // 2] for i in range(width)]
    rows: list[list[Cell]] = []
    for ln, cells in parsed:
        placed: list[Cell | None] = [None] * width
        for cell in cells:
            col = _column(cell.start - ln[0], cell.end - ln[0], anchors)
            placed[col] = cell if placed[col] is None else placed[col].joined(cell)
        if not rows or (len(cells) >= max(2, width - 1) and placed[0] is not None):
            rows.append([c or Cell("", ln[0], ln[0]) for c in placed])
        else:  # a wrapped cell (the first column left empty): its words go to the cells above
            rows[-1] = [rows[-1][i].joined(placed[i]) if placed[i] else rows[-1][i] for i in range(width)]
    return rows


def _line_start(block: list, offset: int) -> int:
    for start, end, _ in block:
        if start <= offset <= end:
            return start
    return 0


def _column(start: int, end: int, anchors: list[int]) -> int:
    """The column a cell falls in: the last whose start it reaches (a right-aligned number may start a little
    before its column's header), else the nearest."""
    best = 0
    for i, a in enumerate(anchors):
        if start >= a - 2:
            best = i
    if start < anchors[0] - 2:
        return 0
    return best


def _notes(text: str) -> dict[str, str]:
    """The footnote's abbreviations: "F, female; M, male", "CR = complete remission", "PRED prednisone"."""
    body = re.sub(r"^\s*(?:abbreviations?|notes?)\s*[:.]\s*", "", text.strip(), flags=re.IGNORECASE)
    out = {}
    for part in re.split(r";|\.\s+(?=[A-Z(*†+−-])|\.\s*$", body):
        m = _NOTE_PAIR.match(part) or _SPACED_PAIR.match(part)
        if m and len(m.group("meaning")) <= 80:
            out[m.group("abbr").strip()] = m.group("meaning").strip()
    return out


def table_patients(table: Table) -> list[TablePatient]:
    """The authors' own patients in ``table`` (none for a table of published patients only)."""
    header, body = table.rows[0], table.rows[1:]
    literature = bool(_LITERATURE_TITLE.search(table.title))
    names = [c.text for c in header]
    columns = [i for i, c in enumerate(header) if i and _PATIENT_HEAD.match(c.text)]
    if columns:  # a column for each patient, the items down the first column
        cited = any(_CITED.search(header[i].text) for i in range(1, len(header)))
        out = []
        for i in columns:
            head = header[i].text
            if (cited or literature) and not _OWN.search(head) and _CITED.search(head):
                continue
            m = _PATIENT_LABEL.match(head)
            number = patient_number(m.group("n")) if m and m.group("n") else None
            items = [(row[0].text, row[i]) for row in body if row[i].text and row[0].text]
            out.append(TablePatient(head if number else None, number, items))
        return out if len(out) > 1 else [TablePatient(None, out[0].number, out[0].items)] if out else []
    if len(names) > 2 and _ROW_NUMBER.match(names[0]) and _DRUG_COLUMN.match(names[1]):
        # a treatment log's rows numbered in order ("# | Drug | Route | Dose"): one patient's drugs, not patients
        names, body = names[1:], [row[1:] for row in body]
    labels = [row[0].text for row in body]
    numbered = [_PATIENT_LABEL.match(t) for t in labels]
    steps = bool(_STEP_COLUMN.match(names[0])) or (
        bool(_AGE_COLUMN.match(names[0])) and any(_EVENT_COLUMN.match(n) for n in names[1:]))
    # a table whose first column is the report ("Report (centre) | Children | Ages"): a row for each cited
    # report, and the authors' own row if it has one ("This report")
    first_is_reference = bool(_REFERENCE_COLUMN.match(names[0]))
    if first_is_reference or _PATIENT_COLUMN.match(names[0]) or (
            not steps and not _DRUG_COLUMN.match(names[0]) and sum(1 for m in numbered if m) >= max(1, len(body) // 2)):
        reference = 0 if first_is_reference else next(
            (i for i, n in enumerate(names) if i and _REFERENCE_COLUMN.match(n)), None)
        out = []
        for row, m in zip(body, numbered):
            own_cell = row[reference].text if reference is not None else ""
            cited = _CITED.search(row[0].text) or (reference is not None and _CITED.search(own_cell))
            own = _OWN.search(row[0].text) or (reference is not None and _OWN.search(own_cell))
            if cited and not own:
                continue
            if (literature or reference is not None) and not own and not (reference is not None and not own_cell):
                continue
            number = patient_number(m.group("n")) if m and m.group("n") else None
            items = [item for item in _row_items(names, row) if item[1] is not row[reference or 0]]
            label = f"Patient {number}" if number is not None else None
            out.append(TablePatient(label, number, items))
        return out
    if literature:
        return []
    if steps or _DRUG_COLUMN.match(names[0]):  # one patient's course: a row for each step or drug
        items = [(_when(name, row[0].text) if steps else name, cell)
                 for row in body for name, cell in _row_items(names, row, first=0 if not steps else 1)]
        return [TablePatient(None, None, items, last_row=body[-1][0].start if steps else None,
                             last_when=body[-1][0].text if steps else "")] if items else []
    # one patient's items down the first column: the first column of values (not a reference range), or the
    # one its header calls the peak, for the muscle enzymes
    values = [i for i, n in enumerate(names) if i and not _NOT_A_VALUE.search(n)]
    if any(_CITED.search(names[i]) for i in values):
        # "Nishi et al., 2022 | Yamazaki et al., 2024 | This report": published patients beside the authors' own;
        # only the authors' own column is theirs
        values = [i for i in values if _OWN.search(names[i])][:1]
    if not values:
        return []
    peak = next((i for i in values if _PEAK.search(names[i])), None)
    items = []
    for row in body:
        at = peak if peak is not None and (_CK.search(row[0].text) or _ALDOLASE.search(row[0].text)) and \
            row[peak].text else values[0]
        if row[0].text and row[at].text:
            items.append((row[0].text, row[at]))
    cells = [c.text for _, c in items]
    if sum(1 for c in cells if _GROUP_CELL.search(c)) >= max(2, len(cells) // 2):  # counts of a group
        return [TablePatient(None, None, [(n, c) for n, c in items if _GROUP_CELL.search(c.text)], group=True)]
    return [TablePatient(None, None, items)] if items else []


#: A course's row dated after the start ("1 year after onset", "Month 6 of follow-up", "2 years later").
_LATER_ROW = re.compile(r"\b(?:after|later|since|follow[- ]?up)\b", re.IGNORECASE)
#: Between a course row's time and the item's name in a TablePatient's item (see ``_when``).
_AT = "\x1f"


def _when(name: str, time: str) -> str:
    """A course's item with its row's time when the row is dated after the start ("1 year after onset"): its
    sentences open on that time, so a sign said gone then ("no skin lesions") reads as gone by then, not as
    never present. An age ("Age 14 years") is left out: the sentence would be read as the patient's age."""
    if not _LATER_ROW.search(time) or _AGE.search(time) or len(time) > 40:
        return name
    return f"{time.strip(' :')}{_AT}{name}"


def _row_items(names: list[str], row: list[Cell], first: int = 1) -> list[tuple[str, Cell]]:
    """A row's items by its header; a drug's dose in the next column goes with the drug ("Drug | Dose")."""
    items, i = [], first
    while i < len(row):
        if row[i].text:
            if _DRUG_COLUMN.match(names[i]) and i + 1 < len(row) and _DOSE_COLUMN.match(names[i + 1]) and \
                    row[i + 1].text:
                merged = Cell(f"{row[i].text} {row[i + 1].text}", row[i].start, row[i + 1].end)
                items.append(("Treatment", merged))
                i += 2
                continue
            items.append((names[i] if not _DRUG_COLUMN.match(names[i]) else "Treatment", row[i]))
        i += 1
    return items


def patient_number(n: str) -> int:
    """A patient's number as a table or a heading writes it: "2", "II"."""
    return int(n) if n.isdigit() else _ROMAN.get(n.lower(), 0)


# Rendering -----------------------------------------------------------------------------------------------------

_SEX_AGE = re.compile(r"\b(?:sex|gender)\s*/\s*age\b|\bage\s*/\s*(?:sex|gender)\b", re.IGNORECASE)
_SEX = re.compile(r"^\W*(?:sex|gender|m\s*/\s*f|f\s*/\s*m)\b", re.IGNORECASE)
_AGE = re.compile(r"\bage\b|^\W*onset\b(?=.*\((?:y|yrs?|years?|mo|months?)\))", re.IGNORECASE)
_CK = re.compile(r"\b(?:ck|cpk|creatine\s*(?:phospho)?kinase|creatinine kinase)\b", re.IGNORECASE)
_ALDOLASE = re.compile(r"\baldolase\b", re.IGNORECASE)
_FOLD = re.compile(r"[×x]\s*uln|\buln\b|\bfold\b|\btimes\b", re.IGNORECASE)
_ANTIBODY = re.compile(r"anti\s*-?\s*bod|autoanti|\bmsas?\b|\bmaas?\b|serolog|\ba?abs?\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"\bfollow[- ]?up\b|\bf/?u\b|observation", re.IGNORECASE)
_OUTCOME = re.compile(r"\boutcome|\bresponse\b|\bstatus\b|\bprognosis\b|\bevolution\b|\bcourse\b|last (?:visit|review)",
                      re.IGNORECASE)
_TREATMENT = re.compile(r"\btreatments?\b|\btherap(?:y|ies)\b|immunosuppress|immunotherap|\bmedications?\b|\bdrugs?\b|"
                        r"\bagents?\b|\bregimens?\b|\bmanagement\b|\binterventions?\b", re.IGNORECASE)
_ETHNICITY = re.compile(r"\bethnic|\brace\b|\borigin\b|\bancestry\b|\bnationality\b", re.IGNORECASE)
_YEARS = re.compile(r"\((?:y|yrs?|years?)\)|,\s*(?:y|yrs?|years?)\s*$|\bin years\b|\(years?,", re.IGNORECASE)
_MONTHS = re.compile(r"\((?:m|mo|mos|mths?|months?)\)|,\s*(?:mo|mos|months?)\s*$|\bin months\b", re.IGNORECASE)
_UNIT = re.compile(r"\(\s*(?P<u>(?:iu|u|µkat|ukat|μkat|mg|ng|µg)\s*/\s*(?:l|dl|ml))\s*\)|,\s*(?P<u2>(?:iu|u)/l)\s*$",
                   re.IGNORECASE)
_AGE_CELL = re.compile(r"^\s*(?P<a>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<au>y|yrs?|years?|mo|mos|mths?|months?|m)?\.?"
                       r"(?:\s*,?\s*(?:and\s+)?(?P<b>\d{1,2})\s*(?P<bu>mo|mos|mths?|months?|m)\.?)?\s*$", re.IGNORECASE)
_YES = re.compile(r"^\W*(?:\+{1,3}|yes|y|present|positive|pos)\W*$|^\s*\+", re.IGNORECASE)
_NO = re.compile(r"^\s*(?:[-−–]|no|n|absent|negative|neg|none|nil|normal)\s*$", re.IGNORECASE)
_UNKNOWN = re.compile(r"^\s*(?:na|n/a|nd|n\.d\.|nr|n\.r\.|nk|ne|ns|unknown|not (?:done|available|reported|tested|known|"
                      r"assessed|evaluated|evaluable|applicable|stated|recorded|measured|performed)\b[^.;]*|—|\?|\.\.\.)?"
                      r"\s*\.?\s*$", re.IGNORECASE)
_FEMALE = re.compile(r"^\s*(?:f|female|girl|♀)\b", re.IGNORECASE)
_MALE = re.compile(r"^\s*(?:m|male|boy|♂)\b", re.IGNORECASE)


@dataclass
class Rendered:
    """Sentences written for one patient's items, and for each piece of them the cell span it came from."""

    text: str = ""
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)  # (from, to) here -> (start, end) there

    def add(self, sentence: str, cell: Cell) -> None:
        if self.text:
            self.text += " "
        self.pieces.append((len(self.text), len(self.text) + len(sentence), cell.start, cell.end))
        self.text += sentence

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text the table stands in that ``start:end`` of these sentences was read from."""
        hit = [(a, b) for s, e, a, b in self.pieces if s < end and start < e] or \
              [(a, b) for s, e, a, b in self.pieces if s <= start <= e]
        return (min(a for a, _ in hit), max(b for _, b in hit)) if hit else (0, 0)


def render(patient: TablePatient, notes: dict[str, str], is_antigen=lambda name: False,
           is_drug=lambda name: False) -> Rendered:
    """The patient's items as sentences: "The patient was a girl.", "Onset was at the age of 11 years.",
    "The patient's CK was 12 400 U/L.", "The patient had no dysphagia.", "Outcome: complete remission." An item
    not assessed (NA, ND, a dash meaning not reported) is not written: not assessed is not absent."""
    out = Rendered()
    for name, cell in patient.items:
        when, _, name = name.rpartition(_AT)
        name = _clean(_expand(name, notes))
        value = _clean(_expand(cell.text, notes))
        if patient.group:  # "4/4" is said of every patient, "0/4" of none; any other count of no one
            m = re.match(r"^\s*(\d{1,3})\s*/\s*(\d{1,3})\b", value)
            if not m or m.group(1) not in ("0", m.group(2)):
                continue
            value = "+" if m.group(1) != "0" else "−"
        for part, part_value in _parts(name, value):
            if _UNKNOWN.match(part_value) and not _NO.match(part_value):
                continue
            for sentence in _sentences(part, part_value, is_antigen, is_drug):
                out.add(f"{when}: {sentence}" if when else sentence, cell)
    return out


def _clean(text: str) -> str:
    """Footnote marks dropped ("rash*", "CK†"), and "Anti- SRP" as a PDF breaks it made whole."""
    text = re.sub(r"[*†‡§¶]+", "", text)
    return re.sub(r"\b(anti)-\s+(?=[A-Za-z0-9])", r"\1-", text, flags=re.IGNORECASE).strip()


def _parts(name: str, value: str) -> list[tuple[str, str]]:
    """An item that holds two ("Age at onset / at RTX (y)" with "8 / 8.1", "Outcome / relapse" with "CCR / no")
    split into its two, the header's unit going with each."""
    names, values = re.split(r"\s*/\s*", name), re.split(r"\s+/\s+|(?<=[A-Za-z])/(?=\d)|(?<=\d)/(?=[A-Za-z])", value)
    if len(names) == len(values) >= 2 and all(len(re.sub(r"\W", "", n)) >= 2 for n in names) and \
            not _SEX_AGE.search(name):
        unit = re.search(r"\s*\([^)]*\)\s*$", names[-1])
        if unit:
            names = [n if re.search(r"\)\s*$", n) else n + unit.group() for n in names]
        return list(zip(names, values))
    return [(name, value)]


def _expand(text: str, notes: dict[str, str]) -> str:
    """Abbreviations the footnote spells out, spelled out (symbols and NA-like marks are read as they are)."""
    if not notes:
        return text
    for abbr, meaning in notes.items():
        if _UNKNOWN.match(abbr) or _YES.match(abbr) or _NO.match(abbr) or not re.search(r"\w", abbr):
            continue
        text = re.sub(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", meaning.replace("\\", r"\\"), text)
    return text


def _sentences(name: str, value: str, is_antigen, is_drug) -> list[str]:
    low = name.lower()
    subject = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    if _SEX_AGE.search(low):
        m = re.match(r"^\s*(?P<s1>[FM])\s*[/,]?\s*(?P<age>[^/]+?)\s*$|^\s*(?P<age2>[^/]+?)\s*[/,]\s*(?P<s2>[FM])\s*$",
                     value, re.IGNORECASE)
        if not m:
            return []
        sex, age = (m.group("s1"), m.group("age")) if m.group("s1") else (m.group("s2"), m.group("age2"))
        return _sentences("sex", sex, is_antigen, is_drug) + _sentences(name.replace("/", " "), age, is_antigen, is_drug)
    if _SEX.match(low):
        return ["The patient was a girl."] if _FEMALE.match(value) else \
            ["The patient was a boy."] if _MALE.match(value) else []
    if _AGE.search(low) and not _FOLLOW_UP.search(low):
        age = _age_words(value, months=bool(_MONTHS.search(name)) and not _YEARS.search(name))
        if age is None:
            return []
        if re.search(r"onset|first symptom", low):
            return [f"Onset was at the age of {age}."]
        if re.search(r"diagnos|\bdx\b", low):
            return [f"The patient was diagnosed at the age of {age}."]
        return [f"The patient was aged {age}."]
    if _CK.search(low) or _ALDOLASE.search(low):
        if _FOLD.search(name) or _FOLD.search(value):
            return []
        unit = _UNIT.search(name)
        analyte = "CK" if _CK.search(low) else "Aldolase"
        written = value if re.search(r"[a-zµμ]\s*/\s*[a-z]", value, re.IGNORECASE) or not unit else \
            f"{value} {unit.group('u') or unit.group('u2')}"
        return [f"The patient's {analyte} was {written}."] if re.search(r"\d", value) else []
    if _FOLLOW_UP.search(low):
        died = ["Outcome: died."] if re.search(r"\((?:[^)]*\b)?(?:died|death|deceased)\b", value, re.IGNORECASE) else []
        bare = re.sub(r"\s*\([^)]*\)", "", value)
        m = _AGE_CELL.match(bare)
        if not m:
            return ([f"Follow-up was {bare}."] if re.search(r"\d\s*(?:years?|months?)", bare) else []) + died
        months = bool(_MONTHS.search(name)) or (m.group("au") or "").lower().startswith("m")
        number = m.group("a").replace(",", ".")
        unit = "months" if months else "years" if (_YEARS.search(name) or m.group("au")) else None
        return ([f"Follow-up was {number} {unit}."] if unit else []) + died
    antigen = re.sub(r"^anti[-\s]?|\s*(?:auto)?antibod(?:y|ies)\s*$|\s+ab$", "", subject, flags=re.IGNORECASE).strip()
    if antigen and is_antigen(antigen):
        result = _result(value)
        return [f"Anti-{antigen} antibodies were {result}."] if result else []
    if _ANTIBODY.search(low) and not _YES.match(value) and not _NO.match(value):
        return _antibody_sentences(value)
    if _OUTCOME.search(low) and not re.search(r"\bdrugs?\b|\bmedications?\b|\btreatments?\b|\btherap", low):
        value = re.sub(r"^\W*(?:death|dead|deceased|exitus)\b", "died", value, flags=re.IGNORECASE)
        return [f"Outcome: {value.rstrip('.')}."]  # "Death (sepsis)": a table's noun, the reader's verb
    if is_drug(subject) or (_TREATMENT.search(low) and is_drug(_TREATMENT.sub("", subject).strip(" ,:-"))):
        drug = subject if is_drug(subject) else _TREATMENT.sub("", subject).strip(" ,:-")
        if _NO.match(value):
            return []
        return [f"Treatment: {drug}."] if _YES.match(value) else [f"Treatment: {drug} {_doses(value)}."]
    if _TREATMENT.search(low):
        return [] if _NO.match(value) else [f"Treatment: {_doses(value).rstrip('.')}."]
    if _ETHNICITY.search(low):
        return [f"The patient was a {value.strip()} child."] if len(value.split()) <= 3 else []
    if _YES.match(value):
        return [f"The patient had {subject}."]
    if _NO.match(value):
        return [f"The patient had no {subject}."]
    m = _YES_WITH.match(value)
    if m:
        return [f"The patient had {subject}: {m.group('rest').strip(' ()')}."]
    return [f"{subject}: {value.rstrip('.')}."]


_YES_WITH = re.compile(r"^\s*(?:yes|\+)\b[\s,:;(]+(?P<rest>\w.*)$", re.IGNORECASE)


def _result(value: str) -> str | None:
    """An antibody's result as a cell gives it: "+", "positive", "691 CU (positive)", "negative", "−"."""
    if re.search(r"\bneg(?:ative)?\b|\bnot detected\b|^\s*[-−–]\s*$|\(\s*[-−–]\s*\)", value, re.IGNORECASE):
        return "negative"
    if re.search(r"\bpos(?:itive)?\b|\bdetected\b|\+|\bstrong(?:ly)?\b|\byes\b", value, re.IGNORECASE):
        return "positive"
    return None


def _doses(value: str) -> str:
    """ "4 x 375 mg/m2": the dose of each infusion first, the number of infusions after it."""
    return re.sub(r"\b(\d{1,2})\s*[x×]\s*(\d[\d.,]*\s*(?:mg|g)\b[^,;]*)", r"\2 (\1 doses)", value)


def _age_words(value: str, months: bool) -> str | None:
    m = _AGE_CELL.match(value)
    if not m:
        return None
    a, au, b = m.group("a").replace(",", "."), (m.group("au") or "").lower(), m.group("b")
    if au.startswith("m") or (not au and months):
        return f"{a} months"
    return f"{a} years and {b} months" if b else f"{a} years"


def _antibody_sentences(value: str) -> list[str]:
    """ "SRP+, Ro52+", "anti-HMGCR (−)", "SRP; negative for MDA5": one sentence for each antigen's result."""
    out = []
    for part in re.split(r"[,;/]|\band\b", value):
        part = part.strip()
        m = re.match(r"^(?:anti[-\s]?)?(?P<name>[A-Za-z][\w-]{1,14}?)\s*(?:antibod(?:y|ies))?\s*"
                     r"(?P<sign>\(?\s*(?:\+{1,3}|[-−–]|pos(?:itive)?|neg(?:ative)?)\s*\)?)?$", part, re.IGNORECASE)
        if not m:
            if part:
                out.append(f"Antibody testing showed {part}.")
            continue
        sign = (m.group("sign") or "+").strip("() ").lower()
        result = "negative" if sign[:1] in "-−–n" else "positive"
        out.append(f"Anti-{m.group('name')} antibodies were {result}.")
    return out
