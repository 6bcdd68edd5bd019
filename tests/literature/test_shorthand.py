"""The shorthand speller: what it spells out, what it leaves, and the map back to the text as given."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from imnm.literature.layout import as_prose
from imnm.literature.shorthand import shorthand_edits


def spelled(text: str) -> str:
    return as_prose(text).text


def test_forms_with_one_reading_are_spelled_out():
    assert spelled("11yo F, f/u 18 mo, w/o rash.") == "11-year-old female, follow-up 18 months, without rash."
    assert spelled("HMGCR Ab -ve; SRP +ve; Jo-1 neg.") == "HMGCR antibody negative; SRP positive; Jo-1 negative."
    assert spelled("Pt 2 died @ 3y.") == "patient 2 died at 3 years."
    assert spelled("Hx of asthma. Dx: IMNM.") == "history of asthma. diagnosis: IMNM."


def test_forms_with_two_readings_are_left():
    for text in ("14M with weakness.", "Born by CS at term.", "Vitamin D 25 ng/mL.", "A 9-year-old girl.",
                 "Seen Mon-Fri.", "MDA5-positive.", "Anti-SRP antibodies were found."):
        assert spelled(text) == text


def test_a_sentence_end_is_kept():
    assert spelled("Seen with the pt. Weak.") == "Seen with the patient. Weak."
    assert spelled("ANA neg. CK nl.") == "ANA negative. CK normal."


def test_a_table_row_keeps_its_columns():
    table = "Pt  Rash  Anti-SRP\n1   no    pos.\n"
    assert spelled(table) == table


def test_spans_map_back_to_the_shorthand_as_written():
    text = "Case: 9yoF, anti-SRP +ve."
    prose = as_prose(text)
    start = prose.text.index("9-year-old")
    a, b = prose.span(start, start + len("9-year-old female"))
    assert text[a:b] == "9yoF"


@given(st.text(alphabet="abcFMyo/0123456789 .,:;-+@()", max_size=60))
def test_edits_never_overlap_and_every_span_maps_inside_the_text(text):
    edits = shorthand_edits(text)
    assert all(a < b <= c for (a, b, _), (c, _, _) in pairwise(edits))
    prose = as_prose(text)
    for i in range(len(prose.text) + 1):
        a, b = prose.span(i, min(i + 3, len(prose.text)))
        assert 0 <= a <= b <= len(text)
