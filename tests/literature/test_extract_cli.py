"""``imnm literature extract`` on its other inputs: a MEDLINE XML export, a RIS export, and ``--included``.

One text per bibliographic record (``Record.text_for_extraction()``), the citation filled from the record.
The records are invented (tests/literature/data, PMIDs from 900..., DOIs with the 10.5555 test prefix).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imnm.cli import app

DATA = Path(__file__).parent / "data"

RIS = """TY  - JOUR
AU  - Inventada, Clara
AU  - Ficticio, Tomas
TI  - Anti-HMGCR myopathy in an invented 9-year-old girl.
T2  - Invented journal of child neurology
PY  - 2021
DO  - 10.5555/ijcn.2021.77
AN  - 90050001
AB  - An invented 9-year-old girl had proximal weakness for four months. Creatine kinase was 9800 U/L and anti-HMGCR antibodies were positive. She had no rash. She received IVIG and prednisolone.
ER  - 

TY  - JOUR
AU  - Nadie, Pablo
TI  - Grip strength in invented adults.
T2  - Invented journal of ageing
PY  - 2020
AB  - An invented group of adults had their grip strength measured.
ER  - 
"""


def _extract(*args: str, env: dict | None = None) -> list[dict]:
    result = CliRunner().invoke(app, ["literature", "extract", *args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_medline_export_gives_one_text_per_record_with_its_citation(tmp_path):
    export = tmp_path / "export.xml"
    shutil.copy(DATA / "efetch_update.xml", export)
    rows = _extract(str(export))
    english = [r for r in rows if r["pmid"] == "90040001"]
    assert len(english) == 1  # the adults' abstract gives no patient; the Spanish one is flagged, not read
    row = english[0]
    assert (row["article"], row["year"], row["doi"]) == ("Invento et al, 2024", 2024, "10.5555/update.0001")
    assert (row["sex"], row["age_years"], row["ck_iu_l"]) == ("M", 7.0, 14200.0)
    assert row["antibodies"] == {"srp": "positive"} and row["source"] == "pmid:90040001"
    assert not any(r["pmid"] == "90040003" for r in rows)
    spanish = [r for r in rows if r["pmid"] == "90040002"]
    assert spanish and spanish[0]["language"] == "es" and spanish[0]["sex"] is None


def test_a_ris_export_gives_one_text_per_entry_with_its_citation(tmp_path):
    export = tmp_path / "export.ris"
    export.write_text(RIS, encoding="utf-8")
    rows = _extract(str(export))
    assert len(rows) == 1
    row = rows[0]
    assert (row["article"], row["year"], row["doi"], row["pmid"]) == (
        "Inventada et al, 2021", 2021, "10.5555/ijcn.2021.77", "90050001")
    assert (row["sex"], row["age_years"], row["ck_iu_l"]) == ("F", 9.0, 9800.0)
    assert row["antibodies"] == {"hmgcr": "positive"} and row["features_absent"] == ["cutaneous"]
    assert row["treatments"] == ["glucocorticoids", "ivig"]


def test_included_reads_only_the_records_a_reviewer_included_at_full_text(database_url, tmp_path):
    env = {"IMNM_DATABASE_URL": database_url}
    runner = CliRunner()
    export = tmp_path / "export.xml"
    shutil.copy(DATA / "efetch_update.xml", export)
    assert _extract("--included", env=env) == []  # nothing included yet
    for args in (["literature", "screen", str(export), "--save"],
                 ["literature", "decide", "90040001", "--include", "--reviewer", "AB"],
                 ["literature", "decide", "90040001", "--include", "--stage", "eligibility", "--reviewer", "AB"],
                 ["literature", "decide", "90040003", "--include", "--reviewer", "AB"]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    rows = _extract("--included", env=env)
    assert [r["pmid"] for r in rows] == ["90040001"]  # included at screening only is not read
    assert rows[0]["article"] == "Invento et al, 2024" and rows[0]["antibodies"] == {"srp": "positive"}


@pytest.mark.parametrize("args", [[], ["x.txt", "--included"]])
def test_extract_needs_a_file_or_included_not_both(args):
    result = CliRunner().invoke(app, ["literature", "extract", *args])
    assert result.exit_code != 0 and "give FILE or --included" in result.output
