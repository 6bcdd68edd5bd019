"""What the antibodies say: phenotype, organ risks, prognosis and the work-up each calls for (cited data)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from imnm.knowledge.antibodies import AntibodyCatalogue, default_antibodies
from imnm.model.case import Case
from imnm.model.vocabulary import AntibodyResult


class CitedStatement(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    source: str
    verified: bool


class AntibodyPrognosis(BaseModel):
    model_config = ConfigDict(frozen=True)

    antigen: str
    name: str
    result: str
    specificity: str
    phenotype: str
    organ_risks: list[str]
    prognosis: str
    workup: list[str]
    statements: list[CitedStatement]
    verified: bool


def antibody_prognosis(case: Case, catalogue: AntibodyCatalogue | None = None) -> list[AntibodyPrognosis]:
    """One cited prognosis entry per positive antibody of the case, in the order recorded."""
    cat = catalogue or default_antibodies()
    out = []
    for ab in case.antibodies:
        if ab.result is not AntibodyResult.positive:
            continue
        profile = cat.profile(ab.antigen)
        if profile is None:
            continue
        statements = [CitedStatement(text=s.text, source=cat.source(s.source).short, verified=s.verified)
                      for s in profile.statements]
        out.append(AntibodyPrognosis(
            antigen=ab.antigen.value, name=profile.name, result=ab.result.value, specificity=profile.specificity,
            phenotype=profile.phenotype, organ_risks=profile.organ_risks, prognosis=profile.prognosis,
            workup=profile.workup, statements=statements, verified=all(s.verified for s in statements),
        ))
    return out
