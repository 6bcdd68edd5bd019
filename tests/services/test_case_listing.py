"""services.cases.list_page: the one paged listing the patients page, GET /api/cases and ``imnm case list``
read (issue 17), counted and paged in SQL, audited once per read. Patients are invented (examples/patient.json
with made-up ages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imnm.model import Case
from imnm.services import audit
from imnm.services import cases as service
from imnm.services.audit import Actor

ROOT = Path(__file__).resolve().parents[2]
ACTOR = Actor("dr-listing", "clinician", "127.0.0.1")


def _local(n: int) -> list[Case]:
    base = json.loads((ROOT / "examples" / "patient.json").read_text(encoding="utf-8"))
    return [Case.model_validate({**base, "age_years": 4 + i / 10}) for i in range(n)]


@pytest.fixture
def registry(opened_registry):
    return opened_registry


def test_a_page_is_a_slice_of_the_whole_listing_with_the_total_counted(registry):
    ids = service.add_cases(registry, _local(5), ACTOR)
    everything = service.list_cases(registry)
    rows, total = service.list_page(registry, offset=2, limit=3)
    assert total == len(everything) and rows == everything[2:5]
    local, n_local = service.list_page(registry, source_kind="local", limit=2)
    assert n_local == 5 and [r["id"] for r in local] == ids[:2]
    newest, _ = service.list_page(registry, source_kind="local", newest_first=True, offset=1, limit=2)
    assert [r["id"] for r in newest] == list(reversed(ids))[1:3]
    beyond, n_beyond = service.list_page(registry, source_kind="local", offset=50, limit=10)
    assert beyond == [] and n_beyond == 5


def test_the_rows_carry_what_the_patient_list_shows(registry):
    [case_id] = service.add_cases(registry, _local(1), ACTOR)
    [row], _ = service.list_page(registry, source_kind="local")
    assert row["id"] == case_id
    assert {"id", "article", "source_kind", "sex", "age_years", "ck_iu_l", "outcome_class", "aggregate",
            "version"} <= set(row)
    assert row["ck_iu_l"] == pytest.approx(service.get_case(registry, case_id).case.labs[0].value)


def test_a_read_is_audited_once_with_who_read_which_page(registry):
    service.add_cases(registry, _local(3), ACTOR)
    reader = Actor("dr-page", "clinician", "10.0.0.9")
    service.list_page(registry, reader, source_kind="local", offset=2, limit=2, detail="patient list page 2")
    service.list_page(registry)  # no actor: not audited (the CLI's reads)
    service.list_cases(registry, reader)
    entries = audit.entries(registry, actor="dr-page")
    assert [(e["action"], e["resource"], e["detail"]) for e in reversed(entries)] == [
        ("read", "cases", "patient list page 2"),
        ("read", "cases", f"list of {len(service.list_cases(registry))} cases")]


@pytest.mark.parametrize(("kwargs", "field"), [({"offset": -1}, "offset"), ({"limit": 0}, "limit")])
def test_a_bad_page_is_one_line_naming_the_field(registry, kwargs, field):
    from imnm.model import InvalidInput

    with pytest.raises(InvalidInput, match=f"{field}: got"):
        service.list_page(registry, **kwargs)
