"""The label-agreement benchmark pairs a retold text's patients with the earlier text's and counts only
the values both labellings state (benchmarks/label_agreement.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("label_agreement", ROOT / "benchmarks" / "label_agreement.py")
agreement = importlib.util.module_from_spec(spec)
spec.loader.exec_module(agreement)


def _write(folder: Path, name: str, expected: dict) -> None:
    (folder / f"{name}.txt").write_text("text", encoding="utf-8")
    (folder / f"{name}.expected.json").write_text(json.dumps(expected), encoding="utf-8")


def test_agreement_counts_only_values_both_labellings_state(tmp_path, monkeypatch, capsys):
    _write(tmp_path, "old", {"source": "Smith 2001", "patients": [
        {"sex": "female", "age_years": 9, "outcome_class": "remission", "features": ["dysphagia"],
         "antibodies": {"srp": "positive"}}]})
    _write(tmp_path, "new", {"source": "Smith J. 2001", "retells": "Smith 2001", "patients": [
        {"sex": "female", "age_years": 9.02, "outcome_class": "marked_improvement", "features_absent": ["dysphagia"],
         "ck_iu_l": 12000}]})
    monkeypatch.setattr(sys, "argv", ["label_agreement.py", str(tmp_path)])
    agreement.main()
    out = capsys.readouterr().out
    assert "1 retold texts paired with their earlier text, 1 patients" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line and not line.startswith(" ")}
    assert rows["sex"] == ["1", "1", "1.000", "0"]
    assert rows["age_years"] == ["1", "1", "1.000", "0"]
    assert rows["outcome_class"] == ["1", "0", "0.000", "0"]
    assert rows["features"] == ["1", "0", "0.000", "0"]
    assert rows["ck_iu_l"][:3] == ["0", "0", "-"] and rows["antibodies"][3] == "1"
    assert "old / new #1 dysphagia: 'present' / 'absent'" in out


def test_patients_of_a_partial_retelling_are_paired_by_sex_and_age():
    first = [{"sex": "male", "age_years": 4}, {"sex": "female", "age_years": 12}]
    second = [{"sex": "female", "age_years": 12}]
    assert agreement.pair_patients(first, second) == [(first[1], second[0])]
    assert agreement.pair_patients(first, [{"sex": "female"}]) is None


def test_the_retold_source_may_be_the_whole_grep_line():
    assert agreement.retold_source({"retells": '  "source": "Smith J. 2001 \\"quoted\\"",'}) == 'Smith J. 2001 "quoted"'
    assert agreement.retold_source({"retells": "Smith 2001"}) == "Smith 2001"
    assert agreement.retold_source({}) == ""


def test_part_keeps_only_the_retellings_of_one_blind_set(tmp_path, monkeypatch, capsys):
    _write(tmp_path, "old", {"source": "Smith 2001", "patients": [{"sex": "female"}]})
    _write(tmp_path, "new17", {"source": "Smith J. 2001", "set": "unseen_17", "retells": "Smith 2001",
                               "patients": [{"sex": "female"}]})
    _write(tmp_path, "new18", {"source": "J Smith 2001", "set": "unseen_18", "retells": "Smith 2001",
                               "patients": [{"sex": "male"}]})
    monkeypatch.setattr(sys, "argv", ["label_agreement.py", "--part", "unseen_18", str(tmp_path)])
    agreement.main()
    out = capsys.readouterr().out
    assert "1 retold texts paired with their earlier text, 1 patients" in out
    assert "old / new18 #1 sex: 'female' / 'male'" in out and "new17" not in out
