"""Reference ranges by analyte, age and sex, loaded from ``data/reference_ranges.yaml`` (or a site file)."""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path

from pydantic import Field, model_validator

from imnm.knowledge import CitedCatalogue, KnowledgeModel, read_yaml, shipped, validate
from imnm.model.vocabulary import Analyte, Sex


class ReferenceRange(KnowledgeModel):
    """One reference interval; ``sex`` / ages restrict where it applies (None = any)."""

    analyte: Analyte
    unit: str = Field(min_length=1)
    low: float | None = Field(None, ge=0)
    high: float = Field(gt=0)
    sex: Sex | None = None
    age_min_years: float = Field(0, ge=0, le=120)
    age_max_years: float = Field(120, gt=0, le=130)
    source: str
    verified: bool = False

    @model_validator(mode="after")
    def _order(self) -> ReferenceRange:
        if self.low is not None and self.low >= self.high:
            raise ValueError(f"low {self.low} must be below high {self.high}")
        if self.age_min_years >= self.age_max_years:
            raise ValueError("age_min_years must be below age_max_years")
        return self

    def applies(self, age_years: float | None, sex: Sex | None) -> bool:
        if self.sex is not None and sex is not None and self.sex != sex:
            return False
        if self.sex is not None and sex is None:
            return False
        if age_years is None:
            return self.age_min_years == 0 and self.age_max_years >= 120
        return self.age_min_years <= age_years < self.age_max_years

    def specificity(self) -> tuple[int, float]:
        return (int(self.sex is not None), -(self.age_max_years - self.age_min_years))


class ReferenceRangeTable(CitedCatalogue):
    ranges: list[ReferenceRange]

    def citations(self):
        return ((f"range for {r.analyte}", r.source) for r in self.ranges)

    def lookup(self, analyte: Analyte, age_years: float | None = None, sex: Sex | None = None) -> ReferenceRange | None:
        """The most specific range for this analyte, age and sex, or None when none applies."""
        matches = [r for r in self._ranges_by_analyte.get(analyte, ()) if r.applies(age_years, sex)]
        return max(matches, key=ReferenceRange.specificity) if matches else None

    @cached_property
    def _ranges_by_analyte(self) -> dict[Analyte, list[ReferenceRange]]:
        """Built once per loaded table (frozen), in file order (the first of equally specific ranges wins)."""
        by_analyte: dict[Analyte, list[ReferenceRange]] = {}
        for r in self.ranges:
            by_analyte.setdefault(r.analyte, []).append(r)
        return by_analyte


def load_reference_ranges(path: Path | str | None = None) -> ReferenceRangeTable:
    """The shipped default ranges, or a site's own file with the same layout."""
    if path is None:
        return default_reference_ranges()
    return validate(ReferenceRangeTable, read_yaml(path), str(path))


@cache
def default_reference_ranges() -> ReferenceRangeTable:
    return validate(ReferenceRangeTable, shipped("reference_ranges.yaml"), "reference_ranges.yaml")
