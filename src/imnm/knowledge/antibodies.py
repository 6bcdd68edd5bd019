"""Antibody phenotypes and prognosis as cited data (``data/antibodies.yaml``)."""

from __future__ import annotations

from functools import cache

from pydantic import model_validator

from imnm.knowledge import KnowledgeModel, Source, shipped, validate
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


class AntibodyCatalogue(KnowledgeModel):
    sources: list[Source]
    antibodies: list[AntibodyProfile]

    @model_validator(mode="after")
    def _cited(self) -> AntibodyCatalogue:
        ids = {s.id for s in self.sources}
        for ab in self.antibodies:
            for st in ab.statements:
                if st.source not in ids:
                    raise ValueError(f"{ab.antigen}: statement cites unknown source {st.source!r}")
        return self

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def profile(self, antigen: Antigen) -> AntibodyProfile | None:
        return next((a for a in self.antibodies if a.antigen == antigen), None)


@cache
def default_antibodies() -> AntibodyCatalogue:
    return validate(AntibodyCatalogue, shipped("antibodies.yaml"), "antibodies.yaml")
