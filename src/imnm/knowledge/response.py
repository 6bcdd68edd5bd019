"""The 2016 ACR/EULAR myositis response criteria as cited data: level-score tables and thresholds.

The numbers live in ``knowledge/data/response_criteria_2016.yaml`` with their sources and a
``verified`` mark per item; this module only reads and checks them (each table's top scores sum to
100, bands are ordered), so a typo in the data file is an error at load time, not a wrong score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

DATA_FILE = "response_criteria_2016.yaml"
MEASURES = (
    "physician_global_activity",
    "patient_global_activity",
    "muscle_strength",
    "physical_function",
    "muscle_enzyme",
    "extramuscular_activity",
)
Population = Literal["juvenile", "adult"]


@dataclass(frozen=True)
class Band:
    """Scores ``score`` when the percent improvement is above the previous band's edge and <= ``upper``."""

    upper: float | None
    score: float


@dataclass(frozen=True)
class MeasureRule:
    name: str
    label: str
    direction: Literal["lower_is_better", "higher_is_better"]
    change: Literal["range", "baseline"]
    bands: tuple[Band, ...]
    verified: bool
    scale_min: float | None = None
    scale_max: float | None = None
    instruments: dict[str, tuple[float, float]] = field(default_factory=dict)
    analytes: tuple[str, ...] = ()

    @property
    def max_score(self) -> float:
        return self.bands[-1].score

    def level_score(self, percent_improvement: float) -> tuple[float, str]:
        """The level score for a percent improvement and the band it fell in, as the table words it."""
        lower: float | None = None
        for band in self.bands:
            if band.upper is None or percent_improvement <= band.upper:
                if lower is None:
                    words = f"worsening to {band.upper:g}% improvement"
                elif band.upper is None:
                    words = f"> {lower:g}% improvement"
                else:
                    words = f"> {lower:g}% to {band.upper:g}% improvement"
                return band.score, words
            lower = band.upper
        raise AssertionError("the last band is open-ended")  # pragma: no cover


@dataclass(frozen=True)
class Thresholds:
    minimal: float
    moderate: float
    major: float
    verified: bool

    def category(self, tis: float) -> str:
        """``major``, ``moderate``, ``minimal`` or ``none``."""
        if tis >= self.major:
            return "major"
        if tis >= self.moderate:
            return "moderate"
        if tis >= self.minimal:
            return "minimal"
        return "none"


@dataclass(frozen=True)
class RefractorinessRule:
    definition: str
    minimum_course_weeks: float
    minimum_course_weeks_verified: bool
    basis: str
    see_also: str
    verified: bool


@dataclass(frozen=True)
class ResponseCriteria:
    version: str
    sources: dict
    measures: dict[str, MeasureRule]
    thresholds: dict[str, Thresholds]
    computation: dict[str, dict]
    refractoriness: RefractorinessRule

    def citation(self, population: Population) -> str:
        return " ".join(self.sources[population]["citation"].split())

    @property
    def unverified(self) -> list[str]:
        """Items of the data file a reviewer has not yet checked against the source."""
        out = [f"measure {m.name}" for m in self.measures.values() if not m.verified]
        out += [f"thresholds {k}" for k, t in self.thresholds.items() if not t.verified]
        out += [f"computation: {v['text']}" for v in self.computation.values() if not v.get("verified")]
        if not self.refractoriness.verified:
            out.append("steroid-refractoriness definition")
        return out


class CriteriaFileError(ValueError):
    """The response-criteria data file is malformed."""


def parse_criteria(doc: dict) -> ResponseCriteria:
    """Validate and build the criteria from the YAML document."""
    try:
        measures: dict[str, MeasureRule] = {}
        for name in MEASURES:
            raw = doc["measures"][name]
            bands = tuple(Band(b["upper"], float(b["score"])) for b in raw["bands"])
            edges = [b.upper for b in bands[:-1]]
            if bands[-1].upper is not None or any(e is None for e in edges) or edges != sorted(edges):
                raise CriteriaFileError(f"measures.{name}.bands: edges must increase and end open (upper: null)")
            if [b.score for b in bands] != sorted(b.score for b in bands):
                raise CriteriaFileError(f"measures.{name}.bands: scores must not decrease")
            instruments = {k: (float(v["scale_min"]), float(v["scale_max"])) for k, v in raw.get("instruments", {}).items()}
            measures[name] = MeasureRule(
                name=name, label=raw["label"], direction=raw["direction"], change=raw["change"], bands=bands,
                verified=bool(raw["verified"]), scale_min=raw.get("scale_min"), scale_max=raw.get("scale_max"),
                instruments=instruments, analytes=tuple(raw.get("analytes", ())),
            )
        total = sum(m.max_score for m in measures.values())
        if abs(total - 100) > 1e-9:
            raise CriteriaFileError(f"the six measures' top scores sum to {total:g}; expected 100")
        thresholds = {
            pop: Thresholds(float(t["minimal"]), float(t["moderate"]), float(t["major"]), bool(t["verified"]))
            for pop, t in doc["thresholds"].items()
        }
        r = doc["steroid_refractoriness"]
        refractoriness = RefractorinessRule(
            definition=" ".join(r["definition"].split()), minimum_course_weeks=float(r["minimum_course_weeks"]),
            minimum_course_weeks_verified=bool(r["minimum_course_weeks_verified"]),
            basis=" ".join(r["basis"].split()), see_also=" ".join(r["see_also"].split()), verified=bool(r["verified"]),
        )
        return ResponseCriteria(
            version=str(doc["version"]), sources=doc["sources"], measures=measures, thresholds=thresholds,
            computation=doc.get("computation", {}), refractoriness=refractoriness,
        )
    except KeyError as exc:
        raise CriteriaFileError(f"response criteria file: missing key {exc}") from exc


@lru_cache(maxsize=1)
def load_response_criteria() -> ResponseCriteria:
    """The shipped 2016 ACR/EULAR criteria (cached)."""
    text = (resources.files("imnm.knowledge") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return parse_criteria(yaml.safe_load(text))
