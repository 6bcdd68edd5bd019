"""Cited clinical knowledge: criteria weights, reference ranges, regimens, antibody phenotypes, work-up.

Every fact lives in a reviewed YAML file under ``knowledge/data`` with its source; the small pydantic
loaders here validate those files so a typo in a weight or a missing citation fails loudly at load
time, never silently at the bedside. A fact that could not be checked against its source carries
``verified: false`` and every output that uses it says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from imnm.model.errors import InvalidInput, explain


class KnowledgeModel(BaseModel):
    """Base for knowledge records: unknown keys in a data file are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(KnowledgeModel):
    """A citation for one or more facts in a data file."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    authors: str
    title: str
    journal: str | None = None
    year: int = Field(ge=1900, le=2100)
    doi: str | None = None
    pmid: str | None = None
    url: str | None = Field(None, description="a public page where the cited fact was read (e.g. a web calculator)")
    note: str | None = None

    @cached_property  # records are frozen: the citation line is built once per process
    def short(self) -> str:
        first = self.authors.split(",")[0].strip()
        parts = first.rsplit(" ", 1)
        if len(parts) == 2 and parts[1].isupper() and len(parts[1]) <= 3:
            first = parts[0]
        doi = f", doi:{self.doi}" if self.doi else ""
        return f"{first} et al, {self.journal or ''} {self.year}{doi}".replace(" ,", ",")


class CitedCatalogue(KnowledgeModel):
    """A data file whose facts cite its ``sources`` by id: every citation must resolve when it loads."""

    sources: list[Source]

    def citations(self) -> Iterable[tuple[str, str]]:
        """``(what, source id)`` for every fact in the file that cites a source."""
        return ()

    @model_validator(mode="after")
    def _cited(self):
        ids = {s.id for s in self.sources}
        for what, source_id in self.citations():
            if source_id not in ids:
                raise ValueError(f"{what} cites unknown source {source_id!r}")
        return self

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        """Built once per loaded file (records are frozen); every id is known: the validator checked it."""
        return {s.id: s for s in reversed(self.sources)}  # the first of a duplicated id wins, as before


def data_path(name: str) -> Path:
    """Path of a shipped data file (``knowledge/data/NAME``)."""
    return Path(str(resources.files("imnm.knowledge").joinpath("data", name)))


def read_yaml(path: Path | str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def validate(model: type[BaseModel], raw: Any, source: str) -> Any:
    """Validate raw data against a loader model; a bad data file names the field, value and file."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(explain(exc), source=source) from None


@cache
def shipped(name: str) -> Any:
    """Raw YAML of a shipped data file, read once."""
    return read_yaml(data_path(name))


__all__ = ["CitedCatalogue", "KnowledgeModel", "Source", "data_path", "read_yaml", "shipped", "validate"]
