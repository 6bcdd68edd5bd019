"""Text copied out of a PDF read as prose, with every character traced back to the copy as given."""

import textwrap

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from imnm.literature.layout import as_prose
from imnm.literature.shorthand import shorthand_edits

WRAPPED = """Serum creatine kinase was high and the girl had difficulty swallowing; chest CT showed interstitial lung
disease. She was given prednisolone and methotrexate, and her weakness im-
proved over the next months while the rash on her knuckles and eyelids faded slowly away.
"""


def test_lines_broken_inside_a_sentence_are_joined_and_a_split_word_mended():
    prose = as_prose(WRAPPED)
    assert "interstitial lung disease" in prose.text
    assert "weakness improved over" in prose.text
    assert "\n" not in prose.text.strip()


def test_every_span_of_the_prose_quotes_the_text_as_given():
    prose = as_prose(WRAPPED)
    start = prose.text.index("interstitial lung disease")
    a, b = prose.span(start, start + len("interstitial lung disease"))
    assert WRAPPED[a:b] == "interstitial lung\ndisease"
    start = prose.text.index("improved")
    a, b = prose.span(start, start + len("improved"))
    assert WRAPPED[a:b] == "im-\nproved"


def test_a_hyphen_that_belongs_to_the_words_stays():
    text = ("The boy, a previously well 9-year-\nold, had anti-\nSRP antibodies and was given a steroid-\n"
            "sparing drug; at follow-\nup after two years his high-resolu-\ntion CT and his dys-\nphagia had\n"
            "cleared and the weakness had gone too, as the family said at each visit in the\nclinic.\n")
    prose = as_prose(text).text
    for words in ("9-year-old", "anti-SRP", "steroid-sparing", "follow-up", "high-resolution", "dysphagia"):
        assert words in prose


def test_a_running_head_or_a_page_number_inside_a_sentence_is_dropped():
    text = ("A 12-year-old girl had weakness of the thighs and of the shoulders for three months and\n"
            "her serum creatine kinase was 14 230 U/L at admission; the neck flexors were weak and\n"
            "Moreau et al.                                  212\n"
            "she could not lift her head from the pillow. Anti-SRP antibodies were positive and the\n"
            "biopsy showed necrotic fibres in the vastus lateralis with little inflammation at all,\n"
            "\n"
            "Pediatr Neurol Rep 2021; 14: 211-215\n"
            "\n"
            "so that she was treated for a necrotising myopathy with steroids and intravenous\n"
            "immunoglobulin.\n")
    prose = as_prose(text).text
    assert "weak and she could not lift" in prose
    assert "inflammation at all, so that she" in prose
    assert "Moreau" not in prose and "212" not in prose and "2021" not in prose


def test_headings_and_table_rows_keep_their_lines():
    text = ("Introduction\nJuvenile dermatomyositis is the commonest myositis of children and most of\n"
            "them have a rash over the knuckles and the eyelids at presentation to the clinic.\n"
            "Case 1\nAn 8-year-old boy had a heliotrope rash and a creatine kinase of 4 820 IU/L; he was\n"
            "given prednisolone and methotrexate and his weakness got better within a few months.\n"
            "Table 1  Patients\nPatient   Sex   Age   CK (U/L)\n1         M     8     4 820\n"
            "2         F     11    2 150\n")
    prose = as_prose(text).text
    assert "\n\nCase 1\n\nAn 8-year-old boy had a heliotrope rash and a creatine kinase of 4 820 IU/L; he was given" \
        in prose
    assert prose.startswith("Introduction\n\nJuvenile")  # a heading stands apart, as a writer sets it
    assert "1         M     8     4 820\n2         F     11    2 150" in prose


def test_a_caption_that_interrupts_a_sentence_goes_after_its_paragraph():
    text = ("Chest CT showed ground-glass opacities in both lungs, and the anti-MDA5 antibodies\n"
            "were positive; she was admitted to the intensive care unit for oxygen and was treated with intravenous\n"
            "Fig. 2 Chest CT at admission, showing subpleural consolidation.\n"
            "methylprednisolone and cyclophosphamide, but her breathing got worse over the next weeks and\n"
            "she died three months after admission.\n"
            "\n"
            "Discussion\n")
    prose = as_prose(text).text
    assert "treated with intravenous methylprednisolone and cyclophosphamide" in prose
    assert "antibodies were positive" in prose
    assert "admission.\n\nFig. 2 Chest CT at admission, showing subpleural consolidation.\n\nDiscussion" in prose


def test_pdf_characters_are_spelled_out_and_run_in_references_bracketed():
    prose = as_prose("Muscle ﬁbres showed inﬂammation.3 CK was 12\u2009400 U/L and the myopathy12 was "
                     "necrotising, as Kim et al.4 found; anti-Jo1, MDA5, Ro52 and Fig.2 are names [5].").text
    assert prose == ("Muscle fibres showed inflammation [3]. CK was 12 400 U/L and the myopathy [12] was "
                     "necrotising, as Kim et al. [4] found; anti-Jo1, MDA5, Ro52 and Fig.2 are names [5].")


def test_a_text_whose_lines_are_its_paragraphs_is_left_as_it_is():
    text = ("A 10-year-old girl presented with weakness.\nHer CK was 8 000 U/L.\nCase 2\n"
            "Her brother, aged 7, was well.\n")
    prose = as_prose(text)
    assert prose.text == text and prose.origin is None


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORD, min_size=12, max_size=80), width=st.integers(min_value=30, max_value=90))
def test_a_wrapped_paragraph_reads_back_as_it_was_written(words, width):
    paragraph = " ".join(words) + "."
    assume(not shorthand_edits(paragraph))  # a word of clinical shorthand ("pt", "dz") is spelled out on purpose
    text = textwrap.fill(paragraph, width=width, break_long_words=False) + "\n"
    prose = as_prose(text)
    assert prose.text.strip() == paragraph or text.count("\n") < 4
    for i, char in enumerate(prose.text):  # every letter is the letter of the copy it is traced to
        a, b = prose.span(i, i + 1)
        assert char == " " or text[a:b] == char


def test_the_furniture_of_a_page_with_columns_of_its_own_is_dropped_and_the_title_kept():
    text = ("Infectious Diseases                         BMC Infectious Diseases (2022) 22:227\n"
            "CASE REPORT                                              Open Access\n"
            "Myositis and coronary dilatation in a girl\n"
            "with a chronic viral infection\n"
            "A girl of 9 years was tired for a month and her muscles ached; her CK was raised and the\n"
            "thigh MRI showed oedema. Her illness is described in detail in the paragraphs that follow, and\n"
            "\n"
            "Frontiers in Pediatrics                    01                    frontiersin.org\n"
            "\n"
            "we compare her with other published children. In 2019 one more child was reported with a\n"
            "similar course.\n"
            "1192                     Journal of Peking University (Health Sciences)\n"
            "1.2 Case 2\n"
            "   Her brother was well.\n"
            "Discussion and conclusions\n"
            "   Like our girl, the published children were tired and their muscles ached for weeks\n"
            "before the diagnosis was made.\n"
            "Frontiers in Pediatrics                    02                    frontiersin.org\n")
    prose = as_prose(text).text
    assert prose.startswith("Myositis and coronary dilatation in a girl with a chronic viral infection\nA girl of 9")
    assert "follow, and we compare her" in prose
    for furniture in ("Infectious Diseases", "Open Access", "Frontiers", "Journal of Peking"):
        assert furniture not in prose
    assert "\n\n1.2 Case 2\n\n" in prose and "\n\nDiscussion and conclusions\n\n" in prose
