"""Follow-up services the CLI and the API share: the plot file, response criteria, refractoriness."""

from __future__ import annotations

import pytest

from imnm.model import InvalidInput
from imnm.services import followup
from imnm.store import open_registry

CASE = "toledo-del-castillo-2024"


@pytest.fixture
def registry(tmp_path):
    return open_registry(f"sqlite:///{tmp_path / 'followup.sqlite3'}")


def test_the_plot_is_written_as_id_dot_format_by_default(registry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = followup.save_plot(registry, CASE, None, "svg")
    assert written.name == f"{CASE}.svg" and written.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert followup.save_plot(registry, CASE, tmp_path / "figure.png", "png").read_bytes()[:4] == b"\x89PNG"


def test_response_names_what_is_missing_and_refractoriness_gives_a_status(registry):
    from imnm.store.cases import get_case

    expected = "strength: got 'grip'" if get_case(registry, CASE).visits else "no visits recorded"
    with pytest.raises(InvalidInput, match=expected):
        followup.response(registry, CASE, strength="grip")
    assert followup.refractoriness(registry, CASE)["status"]
