"""The forecast service pauses the cyclic garbage collector while it reads the pool, and always restores it."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from imnm.model import Case
from imnm.services import forecast

ROOT = Path(__file__).resolve().parents[2]


def test_the_collector_is_paused_for_the_read_and_restored_even_on_error(monkeypatch):
    import imnm.store.cases

    seen = []

    def failing_read(registry, include_aggregates):
        seen.append(gc.isenabled())
        raise RuntimeError("registry read failed")

    monkeypatch.setattr(imnm.store.cases, "list_cases", failing_read)
    case = Case.model_validate(json.loads((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8")))
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        forecast.forecast(None, case)
    assert seen == [False] and gc.isenabled()
