"""What the antibodies say: phenotype, organ risks, prognosis and the work-up each calls for (cited data)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from imnm.knowledge.antibodies import AntibodyCatalogue, default_antibodies
from imnm.model.case import Case
from imnm.model.vocabulary import AntibodyResult, Antigen


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
    entry = _positive_entry if catalogue is None else (lambda antigen: _entry(catalogue, antigen))
    return [found for ab in case.antibodies if ab.result is AntibodyResult.positive
            and (found := entry(ab.antigen)) is not None]


def _entry(cat: AntibodyCatalogue, antigen: Antigen) -> AntibodyPrognosis | None:
    """What a positive antibody says: reference data only (the same for every patient with it)."""
    profile = cat.profile(antigen)
    if profile is None:
        return None
    statements = [CitedStatement(text=s.text, source=cat.source(s.source).short, verified=s.verified)
                  for s in profile.statements]
    return AntibodyPrognosis(
        antigen=antigen.value, name=profile.name, result=AntibodyResult.positive.value,
        specificity=profile.specificity, phenotype=profile.phenotype, organ_risks=profile.organ_risks,
        prognosis=profile.prognosis, workup=profile.workup, statements=statements,
        verified=all(s.verified for s in statements),
    )


@cache  # the shipped catalogue is read once per process, so each entry is built once (results are frozen)
def _positive_entry(antigen: Antigen) -> AntibodyPrognosis | None:
    return _entry(default_antibodies(), antigen)
