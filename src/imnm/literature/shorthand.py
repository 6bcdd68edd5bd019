"""Clinical shorthand spelled out, so that a meeting abstract or a clinic note reads like the prose around it.

Space-bound texts (a meeting abstract, a clinical-image vignette, a clinic note) write "11yo F", "f/u 18 mo",
"w/o rash", "HMGCR Ab -ve", "Pt 2", "@ 3y" and "?JDM". The extractor's reader knows the words these stand for
("11-year-old female", "follow-up 18 months", "without rash", "HMGCR antibody negative", "Patient 2", "at 3
years"), so :func:`shorthand_edits` lists the replacements and :func:`imnm.literature.layout.as_prose`
applies them with its map back to the text as given: evidence still quotes the shorthand the reviewer holds.

Only forms with one reading are spelled out. A letter is a sex only beside an age ("11yo F", "F, 11 y");
"14M" (14 months? a 14-year-old male?) and "CS" (corticosteroids? a caesarean section?) are left alone.
"""

from __future__ import annotations

import re

#: An age or a time: a number, with a decimal point or comma.
_NUMBER = r"\d{1,2}(?:[.,]\d{1,2})?"
#: "yo", "y/o", "y.o.", "yr-old", "yrs old": years old.
#: ("11y F", "17-mo F": a bare unit is an age when the sex letter follows it)
_SEX_NEXT = r"(?=\s?,?\s?(?-i:[FM])(?![/.'’-]?\w))"
_YEARS_OLD = rf"(?:y\.?\s?o(?-i:(?![a-z]))|y/o|yrs?[- ]old|y[- ]old|yrs?{_SEX_NEXT}|y{_SEX_NEXT})"
#: "mo", "m/o", "mo-old": months old.
_MONTHS_OLD = rf"(?:m/o|mos?[- ]old|mo\.?\s?o\.?(?![a-z])|mos?{_SEX_NEXT})"
_SEX_LETTER = r"(?-i:[FM])"
#: The sex letter that may follow an age: "11yo F", "9yoF", "14 y/o, M".
_THEN_SEX = rf"(?:\s?,?\s?(?:(?P<eth_y>(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)) )?(?P<sex_y>{_SEX_LETTER})(?![/.'’-]?\w))?"


#: "onset @ 5 yo", "Dx at 9 y/o": an age in the course, read as "at 5 years".
_AT_AN_AGE = re.compile(r"(?:@|\bat|\bage)\s?$", re.IGNORECASE)


def _origin(word: str | None) -> str:
    """An origin between the age and the sex letter ("15 y/o African-American M"), kept as written."""
    return "" if word is None else " " + word


def _sex_word(letter: str | None) -> str:
    return "" if letter is None else " female" if letter == "F" else " male"


#: What a form's text must hold before its pattern is searched for (most texts hold no shorthand, and a
#: search costs more than these checks): a pattern that opens on a literal or a class, so that the search
#: skips ahead in C; a gate shared by several forms is searched once.
_HEAD_SEX = re.compile(r"\d\s*:\s*[FM]\b")
_AGE_SEX = re.compile(r"/ ?(?:[Ss]ex|SEX|[Aa]ge|AGE)\b")
#: An age or a time written short after its number: "11yo", "9yoF", "8 y/o", "18 m/o", "3y", "18 mo", "6 wk".
_AGE_OR_TIME = re.compile(r"\d ?-? ?(?:[yY](?:\.? ?[oO](?![a-z])|/[oO]|rs?\b|rs?[- ]old|[- ]old|\b)|"
                          r"m(?:/o|os?\b|os?[- ]old|o\.? ?o\b|ths?\b)|M/O|wks?\b)")
_YEAR_OLD_SEX = re.compile(r"year-old [FM]\b")
_YEARS_OLD_SEX = re.compile(r"years old [FM]\b")
_SEX_THEN_AGE = re.compile(r"[FM],? \d")
_SEX_LABEL = re.compile(r"[SsGg](?:ex|EX|ender)\s*:?\s*[FM]\b")
_P_HEADING = re.compile(r"P\d{1,2}\s*:")
_SIGNED = re.compile(r"[-+−] ?ve\b")
_SIGN_IN_BRACKETS = re.compile(r"\([-+−]\)")
_AT_SIGN = re.compile(r"@")
_QUERY_MARK = re.compile(r"\?[A-Za-z]")

#: Each form with its gate (above) and its replacement. A replacement is a string, or a function of the match for
#: forms that keep their number.
_FORMS: list[tuple[re.Pattern, str, object]] = [
    # the sex letter after a patient's heading: "Pt 1: F.", "P2: M, anti-SRP+"
    (_HEAD_SEX, rf"\b(?P<head>(?-i:Pt|Patient|Case|P))\.?\s?#?(?P<head_n>\d{{1,2}})\s*:\s*(?P<sex_head>{_SEX_LETTER})\b(?![/.'’-]\w)",
     lambda m: ("patient " if m.group("head") in ("Pt", "P") else m.group("head") + " ") + m.group("head_n") + ": "
     + _sex_word(m.group("sex_head")).strip()),
    # a note's "Age/sex: 13 y / F" and "Sex/age: F/13"
    (_AGE_SEX, rf"\bage\s*/\s*sex\s*:\s*(?P<as_age>{_NUMBER})\s*(?:y|yrs?|years?)?\s*[/,]\s*(?P<as_sex>{_SEX_LETTER})\b(?![/.'’-]\w)",
     lambda m: "age and sex: " + m.group("as_age") + "-year-old" + _sex_word(m.group("as_sex"))),
    (_AGE_SEX, rf"\bsex\s*/\s*age\s*:\s*(?P<sa_sex>{_SEX_LETTER})\s*[/,]\s*(?P<sa_age>{_NUMBER})\s*(?:y|yrs?|years?)?\b",
     lambda m: "sex and age: " + m.group("sa_age") + "-year-old" + _sex_word(m.group("sa_sex"))),
    # "11yo F", "9yoF", "8 y/o", "2-yo", "11-yr-old": an age in years, with the sex letter that may follow it
    (_AGE_OR_TIME, rf"\b(?P<age_y>{_NUMBER})\s?-?\s?{_YEARS_OLD}{_THEN_SEX}(?=[^\w]|$)",
     lambda m: m.group("age_y") + (" years" if _AT_AN_AGE.search(m.string, 0, m.start()) else "-year-old")
     + _origin(m.group("eth_y")) + _sex_word(m.group("sex_y"))),
    (_AGE_OR_TIME, (rf"\b(?P<age_m>{_NUMBER})\s?-?\s?{_MONTHS_OLD}{_THEN_SEX.replace('sex_y', 'sex_m').replace('eth_y', 'eth_m')}"
      r"(?=[^\w]|$)"),
     lambda m: m.group("age_m") + "-month-old" + _origin(m.group("eth_m")) + _sex_word(m.group("sex_m"))),
    # "F, 11 y", "M 14 yrs", "11 y F": a time in years or months written short after a number
    (_AGE_OR_TIME, r"(?<=\d)\s?(?P<years>yrs?|y)(?=[,;:.)\s]|$)(?![./]\w)", " years"),
    (_AGE_OR_TIME, r"(?<=\d)\s?(?P<months>mos|mo|mths?)\b(?!\.\w)", " months"),
    (_AGE_OR_TIME, r"(?<=\d)\s?(?P<weeks>wks?)\b", " weeks"),
    # the sex letter beside an age written in full: "11-year-old F", "F, 11 years", "Sex: F"
    (_YEAR_OLD_SEX, rf"(?<=year-old )(?P<sex_after>{_SEX_LETTER})\b(?![/.'’-]\w)", lambda m: _sex_word(m.group(0)).strip()),
    (_YEARS_OLD_SEX, rf"(?<=years old )(?P<sex_after_o>{_SEX_LETTER})\b(?![/.'’-]\w)", lambda m: _sex_word(m.group(0)).strip()),
    (_SEX_THEN_AGE, (rf"(?:(?<=^)|(?<=[\s(:;]))(?P<sex_before>{_SEX_LETTER})(?=,?\s{_NUMBER}\s?(?:-?\s?{_YEARS_OLD}|yrs?\b|y\b|"
      r"years?\b|mo\b|months?\b))"),
     lambda m: _sex_word(m.group(0)).strip()),
    (_SEX_LABEL, rf"\b(?P<sex_label>sex|gender)(?P<sep>\s*:\s*|\s+){_SEX_LETTER}\b(?![/.'’-]\w)",
     lambda m: m.group("sex_label") + m.group("sep") + ("female" if m.string[m.end() - 1] == "F" else "male")),
    # a series' patients numbered "P1:", "P2:" as headings (at a line's or a sentence's start; not the keys of
    # a list given "respectively", "(P1, P2, P3)")
    (_P_HEADING, r"(?:^|(?<=[.;:]\s))(?-i:P)(?=\d{1,2}\s*:)", "Patient "),
    # results: "anti-SRP +ve", "MDA5 (-)"
    (_SIGNED, r"(?<=[\w)])\s?\+\s?ve\b", " positive"),
    (_SIGNED, r"(?<=[\w)])\s?[-−]\s?ve\b", " negative"),
    (_SIGNED, r"(?<=\s)\+\s?ve\b", "positive"),
    (_SIGNED, r"(?<=\s)[-−]\s?ve\b", "negative"),
    (_SIGN_IN_BRACKETS, r"(?<=[\w)])\s?\(\+\)", " positive"),
    (_SIGN_IN_BRACKETS, r"(?<=[\w)])\s?\([-−]\)", " negative"),
    (_AT_SIGN, r"(?<=\s)@(?=\s?\d)", lambda m: "at" if m.string[m.end():m.end() + 1].isspace() else "at "),
    # a note's or the minutes' query mark before a word: "?JDM", "?calcinosis ?ILD" are possibilities raised, not
    # questions that end a sentence (and not findings stated)
    (_QUERY_MARK, r"(?:(?<=^)|(?<=[\s(,;:/]))\?(?=[A-Za-z])", "possible "),
]
#: Words of their own (not the "pt" of "symptoms", the "nl" of "only", the "pos" of "positive") and what they
#: stand for: people, history, care and results ("Jo-1 neg", "HMGCR Ab").
_WORDS = {
    "Pt": "patient", "pt": "patient", "Pts": "patients", "pts": "patients",
    "PMH": "past medical history", "PMHx": "past medical history", "FH": "family history",
    "FHx": "family history", "Hx": "history", "Dx": "diagnosis", "Tx": "treatment", "Rx": "treatment",
    "Sx": "symptoms", "sx": "symptoms", "dz": "disease", "chemo": "chemotherapy", "Bx": "biopsy", "bx": "biopsy",
    "f/u": "follow-up", "F/U": "follow-up", "F/u": "follow-up", "w/o": "without", "W/O": "without",
    "W/o": "without", "w/": "with", "W/": "with", "s/p": "after", "S/P": "after", "c/w": "consistent with",
    "b/l": "bilateral", "B/L": "bilateral", "prox": "proximal", "nl": "normal", "abnl": "abnormal",
    "Ab": "antibody", "Abs": "antibodies",
    "pos": "positive", "Pos": "positive", "POS": "positive", "neg": "negative", "Neg": "negative", "NEG": "negative",
}
#: What must follow some words: "w/" only before a space; a full stop is the abbreviation's own only in "Pt. 2"
#: and "prox. weakness" (at a sentence's end it ends the sentence).
_WORD_END = {
    "Pt": re.compile(r"(?:\.(?=\s*#?\d))?(?=[\s:,;#.)]|\d|$)"), "pt": re.compile(r"(?:\.(?=\s*#?\d))?(?=[\s:,;#.)]|\d|$)"),
    "prox": re.compile(r"(?:\.(?= [a-z]))?(?![\w/])"), "w/": re.compile(r"(?=\s)"), "W/": re.compile(r"(?=\s)"),
}
_END = re.compile(r"(?![\w/])")
_COMPILED = [(gate, re.compile(pattern, re.IGNORECASE | re.MULTILINE), replacement)
             for gate, pattern, replacement in _FORMS]


#: The words in one search (longest first, so that "Pts" is not read as "Pt"), each then checked for what stands
#: before it and what must follow it.
_WORD_SEARCH = re.compile("|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True)))


def _word_edits(text: str) -> list[tuple[int, int, list[str]]]:
    edits = []
    for m in _WORD_SEARCH.finditer(text):
        at, word = m.start(), m.group()
        if at and (text[at - 1].isalnum() or text[at - 1] in "/-_"):
            continue
        end = _WORD_END.get(word, _END).match(text, m.end())
        if end:
            edits.append((at, end.end(), [_WORDS[word]]))
    return edits


#: An abbreviation the text defines with "=" ("CCR = complete clinical response; NR = no response"): its other
#: uses are spelled out as the text defines them.
_DEFINED = re.compile(r"\b(?P<abbr>[A-Z][A-Za-z0-9]{1,5})\s?=\s?(?P<long>[a-z][a-z' -]{2,40}?[a-z])(?=\s*(?:[;,.)]|$))",
                      re.MULTILINE)


def _glossary_edits(text: str) -> list[tuple[int, int, list[str]]]:
    if "=" not in text:
        return []
    defined = {m.group("abbr"): (m.group("long"), m.start(), m.end()) for m in _DEFINED.finditer(text)}
    edits = []
    for abbr, (meaning, a, b) in defined.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text):
            if not a <= m.start() < b:
                edits.append((m.start(), m.end(), [meaning]))
    return edits


def shorthand_edits(text: str) -> list[tuple[int, int, list[str]]]:
    """The replacements that spell out ``text``'s shorthand: (start, end, [words]), in the text's order,
    none overlapping."""
    edits: list[tuple[int, int, list[str]]] = []
    taken: list[tuple[int, int]] = []
    # the forms are applied in their order, the first to claim characters keeping them ("11yo" before "y")
    opened: dict[re.Pattern, bool] = {}
    for gate, pattern, replacement in _COMPILED:
        if gate not in opened:
            opened[gate] = gate.search(text) is not None
        if not opened[gate]:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            words = replacement(m) if callable(replacement) else replacement
            taken.append((m.start(), m.end()))
            edits.append((m.start(), m.end(), [words]))
    for a, b, words in _glossary_edits(text) + _word_edits(text):
        if not any(a < y and x < b for x, y in taken):
            taken.append((a, b))
            edits.append((a, b, words))
    return sorted(edits)
