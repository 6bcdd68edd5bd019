"""Deduplication and the relevance rules, on invented records shaped like the review's hits and misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from imnm.literature.medline import parse_medline
from imnm.literature.records import LiteratureError, Record
from imnm.literature.screening import (
    Decision,
    Deduplicator,
    deduplicate,
    latest_decisions,
    load_rules,
    rank,
    screen,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def corpus() -> list[Record]:
    return parse_medline(DATA / "screening_corpus.xml")


def test_rules_file_is_valid_and_has_the_four_concepts():
    rules = load_rules()
    assert list(rules.concepts) == ["srp", "imnm", "child", "case_report"]
    assert [n for n, c in rules.concepts.items() if c.required] == ["srp", "imnm", "child"]
    assert "Child, Preschool" in rules.concepts["child"].mesh  # a comma inside a MeSH name survives YAML


def test_paediatric_anti_srp_case_report_ranks_first(corpus):
    ranked = rank(screen(corpus))
    assert [s.pmid for s in ranked] == ["90000001", "90000002", "90000004", "90000003", "90000005", "90000006"]
    top = ranked[0]
    assert top.suggestion == "likely" and top.score == 1.0
    assert top.matched == ["srp", "imnm", "child", "case_report"]
    assert ("srp", "mesh", "signal recognition particle") in top.evidence
    assert ("child", "title", "11-year-old") in top.evidence
    assert ("case_report", "publication_type", "case reports") in top.evidence


def test_what_is_missing_becomes_the_suggested_reason(corpus):
    by_pmid = {s.pmid: s for s in screen(corpus)}
    adult = by_pmid["90000002"]
    assert adult.suggestion == "unlikely" and adult.missing == ["child"]
    assert adult.reason == "no child"
    assert adult.hints == ["adults only (MeSH Adult without Child or Adolescent)"]
    assert by_pmid["90000004"].hints == ["animal study (MeSH Animals without Humans)"]
    assert by_pmid["90000003"].missing == ["srp"]
    # the asthma trial in children: children by MeSH, nothing else
    assert by_pmid["90000005"].matched == ["child"] and by_pmid["90000005"].score == 0.25
    assert by_pmid["90000006"].score == 0.0 and by_pmid["90000006"].matched == []


def test_autoantibodies_mesh_needs_an_srp_mention():
    record = Record(pmid="1", title="Myositis in a child", mesh_terms=[{"descriptor": "Autoantibodies"}])
    assert "srp" not in next(screen([record])).matched


def test_deduplicate_on_pmid_doi_and_title():
    a = Record(pmid="90000001", doi="10.9999/Synthetic.0001", title="Anti-SRP myopathy in a girl: a case report",
               year=2022)
    same_pmid = Record(pmid="90000001", title="other", source="csv")
    same_doi = Record(doi="https://doi.org/10.9999/synthetic.0001", title="x", source="ris")
    same_title = Record(title="ANTI-SRP MYOPATHY IN A GIRL — A CASE REPORT.", year=2022, source="ris")
    reprint = Record(title="Anti-SRP myopathy in a girl: a case report", year=2015)
    short_a, short_b = Record(title="Editorial"), Record(title="Editorial")
    result = deduplicate([a, same_pmid, same_doi, same_title, reprint, short_a, short_b])
    assert [d.matched_on for d in result.duplicates] == ["pmid", "doi", "title"]
    assert {d.kept_key for d in result.duplicates} == {"pmid:90000001"}
    assert result.unique == [a, reprint, short_a, short_b]
    assert result.identified == 7


def test_records_read_twice_are_all_duplicates(corpus):
    result = deduplicate(corpus + corpus)
    assert len(result.unique) == 6 and len(result.duplicates) == 6
    assert {d.matched_on for d in result.duplicates} == {"pmid"}


def test_decisions_need_reasons_and_the_last_one_wins():
    with pytest.raises(ValidationError, match="exclusion needs a reason"):
        Decision(record_key="pmid:1", stage="screening", decision="exclude", reviewer="AB")
    with pytest.raises(ValidationError, match="eligibility"):
        Decision(record_key="pmid:1", stage="screening", decision="not_retrieved", reviewer="AB")
    first = Decision(record_key="pmid:1", stage="screening", decision="exclude", reason="adult", reviewer="AB")
    second = Decision(record_key="pmid:1", stage="screening", decision="include", reviewer="CD")
    assert latest_decisions([second, first])[("pmid:1", "screening")].reviewer == "CD"


def test_a_broken_rules_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 1\nquestion: q\nconcepts:\n  srp:\n    label: s\n    weight: 1\n"
                   "    patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(LiteratureError, match="not a valid regular expression"):
        load_rules(bad)


def _screen_output(hash_seed: str) -> bytes:
    import os
    import subprocess
    import sys

    imnm = Path(sys.executable).with_name("imnm")
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([str(imnm), "literature", "screen", str(DATA / "screening_corpus.xml"), "-f", "jsonl"],
                          capture_output=True, env=env, check=True)
    return done.stdout


def test_screen_output_is_the_same_whatever_the_hash_seed():
    """Sets iterate in an order that changes with PYTHONHASHSEED: the evidence must not follow it."""
    first = _screen_output("0")
    for seed in ("1", "5", "17", "123"):
        assert _screen_output(seed) == first, f"PYTHONHASHSEED={seed}"


def test_mesh_and_publication_type_evidence_follow_the_record(corpus):
    """Within a concept: text matches, then MeSH headings and publication types in the record's order."""
    for record, screening in zip(corpus, screen(corpus), strict=True):
        mesh_order = [m.descriptor.casefold() for m in record.mesh_terms]
        type_order = [t.casefold() for t in record.publication_types]
        for concept in screening.matched:
            mesh = [m for c, where, m in screening.evidence if c == concept and where == "mesh"]
            types = [t for c, where, t in screening.evidence if c == concept and where == "publication_type"]
            assert mesh == sorted(mesh, key=mesh_order.index), (record.pmid, concept)
            assert types == sorted(types, key=type_order.index), (record.pmid, concept)
    # the check means something: some concept matched on more than one MeSH heading
    assert any(len([c for c, where, _ in s.evidence if where == "mesh"]) > len({c for c, where, _ in s.evidence
                                                                               if where == "mesh"})
               for s in screen(corpus))


def test_ranked_spool_merges_sorted_runs_in_the_order_of_rank(corpus, monkeypatch):
    """Past RUN keys the spool sorts them onto disk and merges the runs: the order must stay rank's."""
    from imnm.literature.screening import RankedSpool

    screenings = [s.model_copy(update={"key": f"{s.key}-{i}", "year": 2000 + i % 3})
                  for i in range(40) for s in screen(corpus)]  # many ties on score and year
    monkeypatch.setattr(RankedSpool, "RUN", 7)
    monkeypatch.setattr(RankedSpool, "_BATCH", 3)
    with RankedSpool() as spool:
        for s in screenings:
            spool.add(s)
        assert len(spool) == len(screenings) and len(spool._runs) > 10
        assert [s.key for s in spool.screenings()] == [s.key for s in rank(screenings)]


@pytest.mark.parametrize("fingerprints", ["own", "all equal"])
def test_deduplicator_names_the_kept_record_by_its_key(fingerprints, monkeypatch):
    """Compact identities (PMID numbers, fingerprints) still name the record kept, whatever its key was;
    with every DOI and title under one fingerprint, only the check on the full text tells them apart."""
    from imnm.literature.screening import Deduplicator

    if fingerprints == "all equal":
        monkeypatch.setattr("imnm.literature.seen.fingerprint", lambda text: 7)

    title = "Necrotising myopathy with anti-SRP antibodies in a child"
    only_title = "known only by a title that is long enough"
    records = [Record(pmid="0123", title="A first title long enough to be matched"),  # not a plain number
               Record(doi="10.5555/Only.DOI", title=title, year=2019),
               Record(title="Known only by a title that is long enough", year=2020),
               Record(pmid="777", doi="10.5555/x", title="A third title long enough to be matched", year=2021)]
    seen = Deduplicator()
    assert [seen.check(r) for r in records] == [None] * 4
    later = [(Record(pmid="0123"), "pmid:0123", "pmid"), (Record(pmid="123"), None, None),
             (Record(doi="https://doi.org/10.5555/only.doi"), "doi:10.5555/only.doi", "doi"),
             (Record(title=title.upper(), year=2019), "doi:10.5555/only.doi", "title"),
             (Record(title=title, year=2018), None, None),  # another year: not the same paper
             (Record(title="Known only by a title that is long enough!"), f"title:{only_title}", "title"),
             (Record(doi="10.5555/X"), "pmid:777", "doi"),
             (Record(title="A third title long enough to be matched", year=2021), "pmid:777", "title")]
    for record, kept, matched_on in later:
        found = seen.check(record)
        got = (found.kept_key, found.matched_on) if found else (None, None)
        assert got == (kept, matched_on), record


def test_a_decision_refused_for_its_own_fields_names_the_field_not_the_record():
    """A reviewer reads `reason: ...`, not pydantic's whole-record `(record): got dict`."""
    from imnm.model.errors import explain

    cases = [
        ({"decision": "exclude"}, "reason: "),
        ({"decision": "exclude", "reason": "  "}, "reason: "),
        ({"decision": "not_retrieved"}, "decision: got 'not_retrieved'; "),
        ({"decision": "include", "reviewer": " "}, "reviewer: "),
    ]
    for fields, start in cases:
        given = {"record_key": "pmid:1", "stage": "screening", "reviewer": "AB"} | fields
        with pytest.raises(ValidationError) as caught:
            Decision(**given)
        (line,) = explain(caught.value)
        assert line.startswith(start) and "got dict" not in line, line


def _variants(corpus: list[Record]) -> list[Record]:
    """The corpus, then each record again by PMID, by DOI alone, by title alone, and as a later reprint."""
    out = list(corpus)
    for r in corpus:
        out += [Record(pmid=r.pmid, title="another title, long enough to be matched"),
                Record(doi=(r.doi or "").upper() or None, title="x"),
                Record(title=r.title.upper(), year=r.year),
                Record(title=r.title, year=(r.year or 2000) + 9)]
    return out + out  # and everything once more


@pytest.mark.parametrize("block", [1, 3, 512])
@pytest.mark.parametrize("fingerprints", ["own", "all equal"])
def test_deduplication_in_blocks_equals_record_by_record(corpus, block, fingerprints, monkeypatch):
    """Blocks are looked up together and then settled in order: the result is that of one record at a time
    (with Python sets of the full texts, as the deduplication was first written), even when every
    fingerprint collides."""
    from imnm.literature.screening import _kept_key, _title_key

    records = _variants(corpus)
    expected, pmids, dois, titles = [], set(), {}, {}
    for r in records:  # the rule, spelled out on strings
        doi, title = r.normalised_doi, _title_key(r.title)
        title = title if len(title) >= 20 else None
        if r.pmid and r.pmid in pmids:
            expected.append((f"pmid:{r.pmid}", "pmid"))
        elif doi and doi in dois:
            expected.append((_kept_key(dois[doi]), "doi"))
        elif title in titles and (None in (titles[title][3], r.year) or titles[title][3] == r.year):
            expected.append((_kept_key(titles[title]), "title"))
        else:
            expected.append(None)
            identity = (r.pmid, doi, title, r.year)
            pmids.add(r.pmid)
            dois.setdefault(doi, identity)
            if title:
                titles.setdefault(title, identity)
    if fingerprints == "all equal":
        monkeypatch.setattr("imnm.literature.seen.fingerprint", lambda text: 7)
    seen = Deduplicator()
    got = []
    for start in range(0, len(records), block):
        got += [(d.kept_key, d.matched_on) if d else None for d in seen.check_block(records[start:start + block])]
    assert got == expected
    assert (seen.identified, seen.duplicates) == (len(records), len(records) - expected.count(None))
    assert expected[:6] == [None] * 6 and expected.count(None) < len(records) / 2
    assert {e[1] for e in expected if e} == {"pmid", "doi", "title"}
