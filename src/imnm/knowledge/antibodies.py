"""Antibody phenotypes and prognosis as cited data (``data/antibodies.yaml``)."""

from __future__ import annotations

from functools import cache, cached_property

from imnm.knowledge import CitedCatalogue, KnowledgeModel, shipped, validate
from imnm.model.vocabulary import Antigen


class Statement(KnowledgeModel):
    text: str
    source: str
    verified: bool


class AntibodyProfile(KnowledgeModel):
    antigen: Antigen
    name: str
    specificity: str
    statements: list[Statement]
    phenotype: str
    organ_risks: list[str]
    prognosis: str
    workup: list[str]


class AntibodyCatalogue(CitedCatalogue):
    antibodies: list[AntibodyProfile]

    def citations(self):
        return ((f"{ab.antigen}: statement", st.source) for ab in self.antibodies for st in ab.statements)

    def profile(self, antigen: Antigen) -> AntibodyProfile | None:
        return self._profiles.get(antigen)

    @cached_property
    def _profiles(self) -> dict[Antigen, AntibodyProfile]:
        """Built once per loaded catalogue (frozen); the first profile of an antigen wins, as a scan would."""
        return {a.antigen: a for a in reversed(self.antibodies)}


@cache
def default_antibodies() -> AntibodyCatalogue:
    return validate(AntibodyCatalogue, shipped("antibodies.yaml"), "antibodies.yaml")
