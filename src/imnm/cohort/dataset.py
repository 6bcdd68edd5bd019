"""The literature cohort shipped with imnm (the seed letter's Table 1), loaded and validated.

The data live in ``imnm/data/cohort/seed_table1.yaml``: readable, reviewed, with provenance and
review flags. This module only reads them; nothing here holds a clinical value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from imnm.model import Case, Drug, Feature, InvalidInput, OutcomeClass, explain

DEFAULT_DATASET = "seed_table1.yaml"

#: What the seed letter states: "there are only 40 reported cases of paediatric patients with
#: anti-SRP immune-mediated necrotising myositis in the scientific literature".
SEED_REPORTED_CASES = 40


def _merge(defaults: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    out = dict(defaults)
    for key, value in record.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_dataset(text: str, *, source: str = "dataset") -> tuple[str, list[Case]]:
    """Validate a cohort YAML document; every bad record is reported, none is half-loaded."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput([f"not valid YAML: {exc}"], source) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise InvalidInput(["expected a mapping with 'cohort_version' and a list 'cases'"], source)
    defaults = doc.get("defaults") or {}
    problems: list[str] = []
    cases: list[Case] = []
    seen: set[str] = set()
    for i, record in enumerate(doc["cases"]):
        label = f"cases[{i}]" + (f" ({record.get('id')})" if isinstance(record, dict) else "")
        try:
            case = Case.model_validate(_merge(defaults, record))
        except ValidationError as exc:
            problems.extend(f"{label}.{line}" for line in explain(exc))
            continue
        if case.id in seen:
            problems.append(f"{label}: duplicate id {case.id!r}")
        seen.add(case.id or "")
        cases.append(case)
    if problems:
        raise InvalidInput(problems, source)
    return str(doc.get("cohort_version", "unversioned")), cases


@lru_cache(maxsize=4)
def _load_packaged(name: str) -> tuple[str, tuple[Case, ...]]:
    text = (resources.files("imnm.data") / "cohort" / name).read_text(encoding="utf-8")
    version, cases = parse_dataset(text, source=name)
    return version, tuple(cases)


def load_cohort(path: str | Path | None = None) -> list[Case]:
    """The shipped literature cohort (or another cohort file) as validated cases, in table order."""
    if path is None:
        return [c.model_copy(deep=True) for c in _load_packaged(DEFAULT_DATASET)[1]]
    p = Path(path)
    return parse_dataset(p.read_text(encoding="utf-8"), source=str(p))[1]


#: A top-level ``cohort_version:`` line: block-style YAML keeps top-level keys at column 0, and nothing
#: indented (a nested key, a block scalar's text) can start there.
_VERSION_LINE = re.compile(r"^cohort_version:.*$", re.MULTILINE)


def header_version(text: str) -> str | None:
    """The cohort version from its top-level line alone, or None when the file does not have one."""
    match = _VERSION_LINE.search(text)
    if match is None:
        return None
    value = yaml.safe_load(match.group(0))["cohort_version"]
    return None if value is None else str(value)


@lru_cache(maxsize=4)
def _packaged_version(name: str) -> str:
    """The shipped cohort's version without parsing and validating its records (every command that
    opens the registry asks for it, to see whether the seed is loaded: 0.2 s of start-up otherwise)."""
    text = (resources.files("imnm.data") / "cohort" / name).read_text(encoding="utf-8")
    return header_version(text) or parse_dataset(text, source=name)[0]


def cohort_version(path: str | Path | None = None) -> str:
    if path is None:
        return _packaged_version(DEFAULT_DATASET)
    p = Path(path)
    return parse_dataset(p.read_text(encoding="utf-8"), source=str(p))[0]


def patient_count(cases: list[Case]) -> int:
    """Patients represented: one per individual record, ``n_cases`` per aggregate record."""
    return sum(c.n_cases for c in cases)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the cohort statistics read of one record: the same values whether they come from the
    validated document (:meth:`from_case`) or from the registry's normalised tables
    (:func:`imnm.store.queries.case_facts`), so both paths give the same numbers."""

    id: str | None
    article: str | None
    year: int | None
    aggregate: bool
    n_cases: int
    sex: str | None
    age_years: float | None
    ck_iu_l: float | None
    outcome_class: OutcomeClass
    features_present: tuple[Feature, ...] = ()
    drugs: tuple[Drug, ...] = ()
    export: dict | None = field(default=None, compare=False)
    same_patient_as: str | None = None
    checked_fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_case(cls, case: Case) -> CaseFacts:
        p = case.provenance
        return cls(
            id=case.id, article=case.article, year=case.citation.year if case.citation else None,
            aggregate=case.aggregate, n_cases=case.n_cases, sex=case.sex.value if case.sex else None,
            age_years=case.age_years, ck_iu_l=case.ck_iu_l, outcome_class=case.outcome_class,
            features_present=tuple(case.features_present), drugs=tuple(case.drugs),
            export=case.export_record() if case.aggregate else None,
            same_patient_as=p.same_patient_as if p else None,
            checked_fields=tuple(p.checked_fields.items()) if p else (),
        )

    def export_record(self) -> dict:
        """The flat export record; kept for aggregate records only (the summary lists them whole)."""
        if self.export is None:
            raise ValueError(f"no export record kept for {self.id!r} (only aggregate records keep one)")
        return self.export


def as_facts(cases: list[Case] | list[CaseFacts]) -> list[CaseFacts]:
    """Records as :class:`CaseFacts` (validated cases are converted, facts pass through)."""
    return [c if isinstance(c, CaseFacts) else CaseFacts.from_case(c) for c in cases]


def counted_once(cases: list[CaseFacts], *, as_published: bool = False) -> list[CaseFacts]:
    """The records the statistics count: a record the originals show to report the same patient as
    another (``provenance.same_patient_as``) is left out, unless counting as the letter did."""
    if as_published:
        return list(cases)
    return [c for c in cases if c.same_patient_as is None]
