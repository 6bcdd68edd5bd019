"""Case files are read record by record: the same values as a whole-file parse, errors named in place."""

from __future__ import annotations

import json

import pytest

from imnm.model import InvalidInput
from imnm.model.casefile import CaseFile, iter_cases

RECORDS = [
    {"sex": "F", "age_years": 9.5, "labs": [{"analyte": "CK", "value": 15000, "unit": "U/L"}]},
    {"age_years": 7, "case_label": "a } in [text] \"quoted\" \\ and é",
     "outcome": {"outcome_class": "remission"}},
    {"age_years": 12.25, "features": [{"feature": "dysphagia", "present": False}]},
]


@pytest.mark.parametrize("chunk", [1, 2, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_records_are_the_whole_file_parse_whatever_the_chunk_size(tmp_path, chunk, indent):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(RECORDS, indent=indent, ensure_ascii=False), encoding="utf-8")
    file = CaseFile(path, chunk_bytes=chunk)
    assert file.is_list
    assert [record for _, record in file.records()] == RECORDS
    assert file.bytes_read == path.stat().st_size


def test_one_object_and_an_empty_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(RECORDS[0]))
    assert [c.age_years for c in iter_cases(CaseFile(one))] == [9.5]
    empty = tmp_path / "empty.json"
    empty.write_text(" [ ]\n")
    assert list(iter_cases(CaseFile(empty))) == []


@pytest.mark.parametrize("text, expected", [
    ('[{"age_years": 1},\n {"age_years": 2,}]', "not valid JSON: "),
    ('[{"age_years": 1},\n {"age_years": 2}', "not valid JSON: "),
    ('[{"age_years": 1}\n {"age_years": 2}]',
     "not valid JSON: expected ',' or ']' after record [0] at line 2"),
    ('[{"age_years": 1}] x', "not valid JSON: trailing characters at line 1 column 20"),
    ("[" * 1000 + "]" * 1000, "not valid JSON: recursion limit exceeded"),
    ('[{"age_years": ' + "9" * 5000 + "}]", "not valid JSON: number out of range"),
])
def test_broken_json_is_one_error_with_its_place(tmp_path, text, expected):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(InvalidInput) as info:
        list(iter_cases(CaseFile(path, chunk_bytes=5)))
    assert expected in str(info.value)
    assert max(len(line) for line in str(info.value).splitlines()) < 300


def test_syntax_error_is_placed_in_the_file_not_the_record(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n{"age_years": 1},\n{"age_years": 2},\n{"age_years" 3}\n]')
    with pytest.raises(InvalidInput, match=r"line 4 column 1[34]\b"):
        list(iter_cases(CaseFile(path, chunk_bytes=4)))


def test_every_invalid_record_is_named_and_nothing_after_the_first_is_yielded(tmp_path):
    records = [{"age_years": 5}, {"age_years": 250}, {"age_years": 6}, {"sex": "X"}, {"age_years": 7}]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(records))
    seen = []
    with pytest.raises(InvalidInput) as info:
        for case in iter_cases(CaseFile(path)):
            seen.append(case.age_years)
    assert seen == [5]
    assert "[1].age_years: got 250" in str(info.value) and "[3].sex: got 'X'" in str(info.value)


def test_problems_are_capped_with_a_count(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([{"age_years": 200 + i} for i in range(30)]))
    with pytest.raises(InvalidInput) as info:
        list(iter_cases(CaseFile(path)))
    assert "[9].age_years" in str(info.value) and "[10].age_years" not in str(info.value)
    assert "and 20 more invalid records" in str(info.value)
