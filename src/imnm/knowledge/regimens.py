"""Cited dosing regimens and local rounding policy, loaded from ``data/regimens.yaml``."""

from __future__ import annotations

from functools import cache, cached_property
from typing import Literal

from pydantic import Field, model_validator

from imnm.knowledge import CitedCatalogue, KnowledgeModel, shipped, validate
from imnm.model.vocabulary import Drug

Basis = Literal["mg/kg", "g/kg", "mg/m2", "g/m2"]


class DoseBand(KnowledgeModel):
    """A dose that applies up to a body surface area (inclusive)."""

    bsa_max_m2: float = Field(gt=0)
    dose: float = Field(gt=0)


class Regimen(KnowledgeModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    drug: Drug
    agent: str
    label: str
    route: Literal["iv", "oral", "sc", "im"] | None = None
    frequency: Literal["once", "daily", "weekly", "every_2_weeks", "monthly", "cycle"] | None = None
    basis: Basis | None = None
    dose: float | None = Field(None, gt=0)
    dose_high: float | None = Field(None, gt=0)
    bands: list[DoseBand] = Field(default_factory=list)
    cap: float | None = Field(None, gt=0, description="maximum per dose, in result_unit")
    result_unit: Literal["mg", "g"] | None = None
    schedule: str | None = None
    source: str
    verified: bool
    verification_note: str

    @model_validator(mode="after")
    def _shape(self) -> Regimen:
        computable = self.dose is not None or bool(self.bands)
        if computable and (self.basis is None or self.result_unit is None):
            raise ValueError(f"regimen {self.id}: a dose needs basis and result_unit")
        if self.basis and self.result_unit and self.basis.split("/")[0] != self.result_unit:
            raise ValueError(f"regimen {self.id}: basis {self.basis} does not give {self.result_unit}")
        if self.dose_high is not None and (self.dose is None or self.dose_high <= self.dose):
            raise ValueError(f"regimen {self.id}: dose_high must exceed dose")
        return self

    @property
    def computable(self) -> bool:
        return self.dose is not None or bool(self.bands)


class Rounding(KnowledgeModel):
    agent: str
    step: float = Field(gt=0)
    unit: Literal["mg", "g"]
    reason: str


class RegimenCatalogue(CitedCatalogue):
    rounding: list[Rounding]
    regimens: list[Regimen]

    def citations(self):
        return ((f"regimen {r.id}", r.source) for r in self.regimens)

    def rounding_for(self, agent: str | None, drug: Drug, unit: str) -> Rounding:
        """The local rounding step for an agent (or its drug class), else 1 unit."""
        keys = [k for k in (agent, drug.value) if k]
        for key in keys:
            found = self._rounding_by_agent_unit.get((key.lower(), unit))
            if found is not None:
                return found
        return Rounding(agent=agent or drug.value, step=1, unit=unit, reason="default: nearest whole unit")  # type: ignore[arg-type]

    def for_drug(self, drug: Drug, agent: str | None = None) -> list[Regimen]:
        return [r for r in self._regimens_by_drug.get(drug, ()) if agent is None or r.agent == agent]

    # Built once per loaded catalogue (frozen), in file order: the first match wins, as a scan would find it.
    @cached_property
    def _rounding_by_agent_unit(self) -> dict[tuple[str, str], Rounding]:
        return {(r.agent, r.unit): r for r in reversed(self.rounding)}

    @cached_property
    def _regimens_by_drug(self) -> dict[Drug, list[Regimen]]:
        by_drug: dict[Drug, list[Regimen]] = {}
        for r in self.regimens:
            by_drug.setdefault(r.drug, []).append(r)
        return by_drug


@cache
def default_regimens() -> RegimenCatalogue:
    return validate(RegimenCatalogue, shipped("regimens.yaml"), "regimens.yaml")
