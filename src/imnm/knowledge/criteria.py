"""Classification criteria as cited data: EULAR/ACR 2017 weights, ENMC 2017 IMNM subtypes, the seed's rule."""

from __future__ import annotations

from functools import cache, cached_property
from typing import Literal

from pydantic import Field, model_validator

from imnm.knowledge import CitedCatalogue, KnowledgeModel, Source, shipped, validate


class EularAcrItem(KnowledgeModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    group: Literal["age", "muscle_weakness", "skin", "other_clinical", "laboratory", "biopsy"]
    label: str
    without_biopsy: float | None = Field(None, gt=0, le=10)
    with_biopsy: float = Field(gt=0, le=10)
    verified: bool


class EularAcrProbability(KnowledgeModel):
    without_biopsy_intercept: float
    with_biopsy_intercept: float
    verified: bool
    note: str


class Cutoffs(KnowledgeModel):
    possible: float
    probable: float
    definite: float

    @model_validator(mode="after")
    def _order(self) -> Cutoffs:
        if not self.possible < self.probable < self.definite:
            raise ValueError("cut-offs must rise: possible < probable < definite")
        return self


class EularAcrCutoffs(KnowledgeModel):
    without_biopsy: Cutoffs
    with_biopsy: Cutoffs
    probability: Cutoffs
    verified: bool


class Flagged(KnowledgeModel):
    verified: bool
    note: str


class Subclassification(Flagged):
    ibm_inputs: list[str]
    ibm_note: str


class BiopsyRequirement(KnowledgeModel):
    """Without any of these rash items present, IIM is classified only with muscle biopsy features."""

    when_none_present: list[str]
    source: str
    verified: bool
    note: str


class EularAcr2017(CitedCatalogue):
    source_id: str = Field(alias="source")
    items: list[EularAcrItem]
    probability: EularAcrProbability
    cutoffs: EularAcrCutoffs
    biopsy_requirement: BiopsyRequirement
    subclassification: Subclassification

    @model_validator(mode="after")
    def _unique(self) -> EularAcr2017:
        ids = [i.id for i in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate EULAR/ACR item id")
        unknown = set(self.biopsy_requirement.when_none_present) - set(ids)
        if unknown:
            raise ValueError(f"biopsy_requirement.when_none_present: unknown items {sorted(unknown)}")
        return self

    def item(self, item_id: str) -> EularAcrItem:
        return next(i for i in self.items if i.id == item_id)

    def citations(self):
        return [("the criteria set", self.source_id), ("biopsy_requirement", self.biopsy_requirement.source)]

    @cached_property
    def citation(self) -> Source:
        return self.source(self.source_id)


class Requirement(KnowledgeModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str


class Subtype(KnowledgeModel):
    id: str
    label: str
    requires: list[str]
    verified: bool


class Enmc2017(CitedCatalogue):
    source_id: str = Field(alias="source")
    requirements: list[Requirement]
    subtypes: list[Subtype]
    supportive: list[Requirement]

    @model_validator(mode="after")
    def _known(self) -> Enmc2017:
        ids = {r.id for r in self.requirements}
        for s in self.subtypes:
            for r in s.requires:
                if r not in ids:
                    raise ValueError(f"subtype {s.id} requires unknown requirement {r!r}")
        return self

    def label(self, requirement_id: str) -> str:
        return self._labels[requirement_id]

    @cached_property
    def _labels(self) -> dict[str, str]:
        """Built once per loaded file (frozen); the first requirement of an id wins, as a scan would find it."""
        return {r.id: r.label for r in reversed([*self.requirements, *self.supportive])}

    def citations(self):
        return [("the criteria set", self.source_id)]

    @cached_property
    def citation(self) -> Source:
        return self.source(self.source_id)


class SuspicionRule(CitedCatalogue):
    source_id: str = Field(alias="source")
    verified: bool
    weakness_severity: list[Literal["none", "mild", "moderate", "marked"]]
    skin_lesions_allowed: list[Literal["none", "minimal", "prominent"]]
    ck_threshold_iu_l: float = Field(gt=0)
    ck_uln_multiple_band: tuple[float, float]

    def citations(self):
        return [("the criteria set", self.source_id)]

    @cached_property
    def citation(self) -> Source:
        return self.source(self.source_id)


@cache
def eular_acr_2017() -> EularAcr2017:
    return validate(EularAcr2017, shipped("eular_acr_2017.yaml"), "eular_acr_2017.yaml")


@cache
def enmc_2017() -> Enmc2017:
    return validate(Enmc2017, shipped("enmc_2017.yaml"), "enmc_2017.yaml")


@cache
def suspicion_rule() -> SuspicionRule:
    return validate(SuspicionRule, shipped("suspicion.yaml"), "suspicion.yaml")
