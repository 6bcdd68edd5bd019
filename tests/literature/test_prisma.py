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
    # 32 records after deduplication: 30 have a screening decision, 2 are still waiting
    assert c.identified_total == 38 and c.screened == 30 and c.awaiting_screening == 2
    assert c.screening_excluded == 24
    # 6 reports sought: 1 not retrieved, 4 assessed (pmid:5 still waits for its full text)
    assert c.sought_for_retrieval == 6 and c.not_retrieved == 1 and c.assessed == 4
    assert c.eligibility_excluded == {"adult patient": 2}
    assert c.included == 2
    assert (c.awaiting_screening, c.awaiting_assessment) == (2, 1)
    assert not c.complete


def assert_the_boxes_add_up(c):
    """PRISMA arithmetic that must hold at every moment of a review, finished or not."""
    pool = c.identified_total - c.duplicates_removed - c.automation_excluded - c.other_removed
    assert pool == c.screened + c.awaiting_screening
    assert c.screened == c.screening_excluded + c.sought_for_retrieval
    assert c.sought_for_retrieval == c.not_retrieved + c.assessed + c.awaiting_assessment
    assert c.assessed == c.eligibility_excluded_total + c.included


def test_the_boxes_add_up_after_every_decision(decisions):
    """Replaying the review one decision at a time: never more screened than decided."""
    for n in range(len(decisions) + 1):
        c = count_prisma({"PubMed": 34, "Embase (RIS)": 4}, 6, decisions[:n])
        assert_the_boxes_add_up(c)
        assert c.screened == len({x.record_key for x in decisions[:n] if x.stage == "screening"})
    assert c.screened == 30 and c.awaiting_screening == 2


def test_mid_review_screened_counts_only_decided_records():
    """10 records, 2 decided (1 excluded, 1 included): screened 2, awaiting 8, not 10 screened."""
    c = count_prisma({"PubMed": 11}, 1, [d("pmid:1", "screening", "exclude", "adult"),
                                          d("pmid:2", "screening", "include")])
    assert (c.screened, c.awaiting_screening, c.screening_excluded, c.sought_for_retrieval) == (2, 8, 1, 1)
    assert (c.assessed, c.awaiting_assessment, c.included) == (0, 1, 0)
    assert_the_boxes_add_up(c)


def test_more_screening_decisions_than_records_is_an_error():
    with pytest.raises(ValueError, match="3 records have a screening decision but only 2"):
        count_prisma({"PubMed": 2}, 0, [d(f"pmid:{i}", "screening", "include") for i in range(3)])


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
