"""Which language each part of a text is in, so that a bilingual record is read in its English part only.

MEDLINE keeps a non-English article's original abstract beside its English one, and bilingual journals print
a case in both languages. The reader reads English: the other part is set aside (blanked, every offset kept,
so evidence still quotes the text as given) and named in a review flag for a person. Read as more of the
case it would count every value twice, and a second language's decimal comma ("0,4 g/kg") would misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

#: Headings that open an abstract, its keywords or a case report's section, by language: a new part starts at
#: each one, blank line before it or not (a PDF's text often has none), and a part too short to tell by its
#: words is in its heading's language. A heading stands on its own line, or runs in before a colon, a full stop
#: or a capital ("Resumen Presentamos ...").
_HEADINGS = {
    "en": r"abstract|summary|key ?words|background|introduction|case (?:report|presentation)|discussion|conclusions?",
    "es": r"resumen|palabras clave|caso cl[íi]nico|introducci[óo]n|discusi[óo]n|conclusi[óo]n(?:es)?",
    "fr": r"r[ée]sum[ée]|mots[- ]cl[ée]s|observation clinique|cas clinique",
    "de": r"zusammenfassung|schl[üu]sselw[öo]rter|fallbericht|kasuistik|einleitung|hintergrund|diskussion|"
          r"schlussfolgerung(?:en)?",
    "pt": r"resumo|palavras[- ]chave|relato de caso|introdu[çc][ãa]o|discuss[ãa]o|conclus[ãa]o",
    "it": r"riassunto|parole chiave|caso clinico|introduzione|discussione|conclusioni",
    "nl": r"samenvatting|trefwoorden|casus|beschouwing|conclusie",
    "tr": r"[öo]zet|anahtar (?:kelimeler|s[öo]zc[üu]kler)|olgu sunumu|giri[şs]|tart[ıi][şs]ma|sonu[çc]",
    "pl": r"streszczenie|s[łl]owa kluczowe|opis przypadku|wst[ęe]p|dyskusja|wnioski",
    "zh": r"摘要|关键词",
    "ja": r"要旨|キーワード",
    "ru": r"аннотация|резюме|ключевые слова",
    "el": r"περίληψη|λέξεις[- ]κλειδιά",
}
_HEADING = re.compile(
    r"^[ \t]*\[?(?:" + "|".join(f"(?P<{lang}>{words})" for lang, words in _HEADINGS.items())
    + r")(?=[ \t]*\]?[ \t]*$|[ \t]*[:.]|[ \t]+(?-i:[A-ZÀ-Ý]))", re.IGNORECASE | re.MULTILINE)

_WORD = re.compile(r"[^\W\d_]+")
_ET_AL = re.compile(r"\bet al\b")

#: Letters of scripts that are not Latin, each with the language code a text in it is named by. Chinese
#: characters with Japanese kana are Japanese; a few Greek letters are only units and symbols (μg, TNF-α).
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    from imnm.literature.extract_patterns import lexicon  # the lexicon's module reads text through this one

    return {lang: frozenset(words) for lang, words in lexicon()["stopwords"].items()}


def detect_language(text: str) -> str:
    """The whole text's language, an ISO 639-1 code from stop words: English unless another language's list covers
    more of the text (what a text with no English part is named by)."""
    words = re.findall(r"[a-záéíóúñçàèìòùâêîôûäöüß]+", text.lower())
    if not words:
        return "en"
    counts = {lang: sum(map(stop.__contains__, words)) for lang, stop in _stopwords().items()}
    best = max(counts, key=counts.get)
    return best if best != "en" and counts[best] > counts["en"] and counts[best] >= 3 else "en"


@cache
def _foreign() -> tuple[frozenset[str], re.Pattern]:
    """Every other language's function words, and the letters of other scripts."""
    words = frozenset(w for lang, stop in _stopwords().items() if lang != "en" for w in stop if len(w) > 1)
    return words, re.compile("[" + "".join(script.pattern[1:-1] for _, script in _SCRIPTS) + "]")


def _all_english(text: str) -> bool:
    """Fewer than three of another language's function words standing between spaces, and no letter of another
    script: the text is English throughout and is not divided (most texts, at the cost of one split)."""
    words, scripts = _foreign()
    if sum(map(words.__contains__, text.split())) >= 3:
        return False
    return text.isascii() or not scripts.search(text)


def part_language(text: str) -> str | None:
    """The language of one part, or None when it says too little to tell (a keyword line, a lab value).

    A script of its own decides when its letters are at least a third of the Latin ones (a Chinese abstract
    quotes "CK" and "mg/kg" in Latin letters); otherwise the stop words do. Another language must count at
    least three of its own, twice English's, and one word in eight (a Spanish title cited in an English
    paragraph is not a Spanish paragraph). Words of one letter ("y" for years) and in capitals ("NA", "IL")
    and "et al." are not counted."""
    latin = len(_LATIN.findall(text))
    for lang, script in _SCRIPTS:
        if len(found := script.findall(text)) >= 4 and 3 * len(found) >= latin:
            return "ja" if lang == "zh" and _SCRIPTS[0][1].search(text) else lang
    words = [w.lower() for w in _WORD.findall(_ET_AL.sub(" ", text)) if len(w) > 1 and not w.isupper()]
    counts = {lang: sum(map(stop.__contains__, words)) for lang, stop in _stopwords().items()}
    english = counts.pop("en")
    other = max(counts, key=counts.get)
    if counts[other] >= 3 and counts[other] >= 2 * english and 8 * counts[other] >= len(words):
        return other
    return "en" if english >= 2 and english > counts[other] else None


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    language: str


def language_parts(text: str) -> list[Part]:
    """The text's parts, each with its language: paragraphs, and parts opened by a heading. A part too short to
    tell by its words is in its heading's language, else in the language of the part before it (at the top of
    the text, of the first part that tells). Neighbours in one language are one part."""
    headed = {m.start(): m.lastgroup for m in _HEADING.finditer(text)}
    cuts = sorted({0, len(text)} | {m.end() for m in re.finditer(r"\n[ \t]*\n", text)} | set(headed))
    spans = [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]
    told = [part_language(text[a:b]) or headed.get(a) for a, b in spans]
    if "ja" in told:  # a Japanese part of Chinese characters alone (a heading, a title) is Japanese too
        told = ["ja" if lang == "zh" else lang for lang in told]
    known = [lang for lang in told if lang]
    last = known[0] if known else "en"
    parts: list[Part] = []
    for (a, b), lang in zip(spans, told):
        last = lang or last
        if parts and parts[-1].language == last:
            parts[-1] = Part(parts[-1].start, b, last)
        else:
            parts.append(Part(a, b, last))
    return parts


def english_part(text: str) -> tuple[str, dict[str, int]]:
    """The text with every part in another language blanked (offsets kept), and the characters set aside per
    language. A text with no English part comes back whole: it is then one language, named by its caller."""
    if _all_english(text):
        return text, {}
    parts = language_parts(text)
    other = [p for p in parts if p.language != "en"]
    if not other or len(other) == len(parts):
        return text, {}
    chars: dict[str, int] = {}
    pieces, at = [], 0
    for p in other:
        pieces += [text[at:p.start], re.sub(r"[^\n]", " ", text[p.start:p.end])]
        chars[p.language] = chars.get(p.language, 0) + len(text[p.start:p.end].strip())
        at = p.end
    pieces.append(text[at:])
    return "".join(pieces), chars
