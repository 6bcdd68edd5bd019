"""PRISMA 2020 counts come from decisions, and the diagram shows them in the template's boxes."""

from __future__ import annotations

import pytest

from imnm.literature.prisma import count_prisma, save_prisma
from imnm.literature.screening import Decision


def d(key, stage, decision, reason=None, reviewer="AB"):
    return Decision(record_key=key, stage=stage, decision=decision, reason=reason, reviewer=reviewer)


@pytest.fixture
def decisions():
    out = [d(f"pmid:{i}", "screening", "include") for i in range(6)]
    out += [d(f"pmid:{i}", "screening", "exclude", "not anti-SRP") for i in range(6, 30)]
    out += [
        d("pmid:0", "eligibility", "include"), d("pmid:1", "eligibility", "include"),
        d("pmid:2", "eligibility", "exclude", "adult patient"),
        d("pmid:3", "eligibility", "exclude", "adult patient"),
        d("pmid:4", "eligibility", "not_retrieved"),
        d("pmid:99", "eligibility", "include"),  # never included at screening: not counted
    ]
    return out


def test_counts_follow_the_flow(decisions):
    c = count_prisma({"PubMed": 34, "Embase (RIS)": 4}, duplicates_removed=6, decisions=decisions)
    assert c.identified_total == 38 and c.screened == 32
    assert c.screening_excluded == 24
    assert c.sought_for_retrieval == 6 and c.not_retrieved == 1 and c.assessed == 5
    assert c.eligibility_excluded == {"adult patient": 2}
    assert c.included == 2
    assert (c.awaiting_screening, c.awaiting_assessment) == (2, 1)
    assert not c.complete


def test_a_changed_mind_moves_the_record(decisions):
    later = d("pmid:6", "screening", "include", reviewer="CD")
    c = count_prisma({"PubMed": 30}, 0, decisions + [later])
    assert c.screening_excluded == 23 and c.sought_for_retrieval == 7


def test_more_removed_than_found_is_an_error():
    with pytest.raises(ValueError, match="more records removed"):
        count_prisma({"PubMed": 2}, 3, [])


def test_diagram_svg_and_png(decisions, tmp_path):
    c = count_prisma({"PubMed": 34, "Embase (RIS)": 4}, duplicates_removed=6, decisions=decisions)
    svg, png = save_prisma(c, tmp_path / "prisma")
    text = svg.read_text(encoding="utf-8")
    assert svg.suffix == ".svg" and png.suffix == ".png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for words in ["Records screened", "Reports sought for retrieval", "Reports assessed for eligibility",
                  "Studies included in review", "Duplicate records removed", "adult patient",
                  "PubMed (n = 34)", "Records excluded**"]:
        assert words in text, words
    with pytest.raises(ValueError, match="expected a .svg or .png"):
        save_prisma(c, tmp_path / "prisma.pdf")
