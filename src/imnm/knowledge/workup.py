"""The work-up catalogue (differential groups, systemic evaluation) as cited data (``data/workup.yaml``)."""

from __future__ import annotations

from functools import cache, cached_property
from typing import Literal

from pydantic import Field

from imnm.knowledge import CitedCatalogue, KnowledgeModel, shipped, validate


class DifferentialGroup(KnowledgeModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    source: str
    verified: bool


class EvaluationItem(KnowledgeModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    group: Literal["cardiac", "pulmonary", "swallowing", "muscle", "biopsy", "serology"]
    label: str
    source: str
    verified: bool
    note: str | None = None


class WorkupCatalogue(CitedCatalogue):
    differential_groups: list[DifferentialGroup]
    systemic_evaluation: list[EvaluationItem]
    extra_items: list[EvaluationItem]
    synonyms: dict[str, str]

    def canonical(self, item: str) -> str:
        key = item.strip().lower()
        return self.synonyms.get(key, key)

    def item(self, item_id: str) -> EvaluationItem | None:
        return self._items_by_id.get(item_id)

    @cached_property
    def _items_by_id(self) -> dict[str, EvaluationItem]:
        """Built once per loaded catalogue (frozen); the first item of an id wins, as a scan would find it."""
        return {i.id: i for i in reversed([*self.systemic_evaluation, *self.extra_items])}


@cache
def default_workup() -> WorkupCatalogue:
    return validate(WorkupCatalogue, shipped("workup.yaml"), "workup.yaml")
