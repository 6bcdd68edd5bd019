"""RIS and CSV exports become the same Record as MEDLINE XML, so they deduplicate against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from imnm.literature.readers import UnknownFormat, detect_format, read_records
from imnm.literature.ris import RisFormatError, read_ris
from imnm.literature.tabular import CsvFormatError, read_csv

DATA = Path(__file__).parent / "data"


def test_ris_export_of_two_records():
    first, second = read_ris(DATA / "export.ris")
    assert first.pmid == "90000005"
    assert first.doi == "10.5555/prt.2018.1865"
    assert first.title == ("As-needed inhaled corticosteroid with a reliever in children with mild asthma: "
                           "an invented randomised trial.")
    assert first.journal == "Paediatric respiratory trials"
    assert first.pubdate == "2018-05-17" and first.year == 2018
    assert [(a.last_name, a.initials) for a in first.authors][:2] == [("O'Hara", "AM"), ("McAllister", "JR")]
    assert first.language == ["eng"]
    assert first.publication_types == ["Journal"]
    assert first.source == "ris"
    assert second.pmid == "90000007"  # from "N1  - PMID: 90000007"
    assert second.normalised_doi == "10.5555/jish-2016-312510"


def test_pubmed_csv_export():
    first, second = read_csv(DATA / "export_pubmed.csv")
    assert (first.pmid, first.year, first.journal) == ("90000005", 2018, "Paediatr Respir Trials")
    assert [a.display for a in first.authors][:2] == ["O'Hara AM", "McAllister JR"]
    assert second.title.startswith('A "Silent" Rise in Serum Aldolase')
    assert [a.display for a in second.authors] == ["García-López I", "Goñi M"]
    assert second.doi == "10.5555/fip.2018.01034"
    assert second.source == "csv"


def test_detect_format_by_name():
    assert detect_format("pubmed25n0001.xml.gz") == "medline"
    assert detect_format("hits.RIS") == "ris"
    assert detect_format("export.csv") == "csv"
    with pytest.raises(UnknownFormat, match=r"report\.docx: unknown format .*expected \.xml"):
        detect_format("report.docx")


def test_read_records_dispatches(tmp_path):
    assert [r.pmid for r in read_records(DATA / "export.ris")] == ["90000005", "90000007"]
    with pytest.raises(UnknownFormat, match="expected one of medline, ris, csv"):
        read_records(DATA / "export.ris", format="bibtex")


def test_bad_ris_and_csv_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.ris"
    bad.write_text("this is not RIS\n", encoding="utf-8")
    with pytest.raises(RisFormatError, match="bad.ris"):
        read_ris(bad)
    table = tmp_path / "bad.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CsvFormatError, match="no title column"):
        read_csv(table)
