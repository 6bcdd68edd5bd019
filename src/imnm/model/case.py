"""Pydantic domain types for a case of IMNM: one published or local patient, or a published group.

Every type forbids unknown fields and bounds its numbers, so bad input is rejected with the field,
the value and what is allowed (see :func:`imnm.model.errors.explain`). Values keep the source's own
words beside the normalised ones; inconsistencies are recorded as :class:`ReviewFlag`, never fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from imnm.model.limits import (
    AGE_YEARS,
    BODY_SURFACE_AREA_M2,
    DATE_RANGE,
    DOSE_MAX,
    HEIGHT_CM,
    TEXT_MAX,
    WEIGHT_KG,
    lab_unit_problem,
    to_reference_unit,
)
from imnm.model.vocabulary import (
    FEATURE_IMPLIES,
    Analyte,
    AntibodyResult,
    Antigen,
    Drug,
    Feature,
    OutcomeClass,
    Sex,
    normalise_analyte,
    normalise_antigen,
    normalise_drug,
)


class ImnmModel(BaseModel):
    """Base for all domain types: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True,
                              str_max_length=TEXT_MAX, allow_inf_nan=False)


#: A calendar date in a plausible range for a registry of living and published patients.
Date = Annotated[dt.date, Field(ge=DATE_RANGE[0], le=DATE_RANGE[1])]
Months = Annotated[float, Field(ge=-120, le=600, description="months from diagnosis")]


class Citation(ImnmModel):
    """Where a case was published."""

    first_author: str = Field(min_length=1, max_length=120)
    year: int = Field(ge=1900, le=2100)
    authors: list[str] = Field(default_factory=list)
    title: str | None = None
    journal: str | None = None
    doi: str | None = Field(None, max_length=200)
    pmid: str | None = None
    note: str | None = None
    identification: Literal["confirmed", "probable", "not_found"] | None = Field(
        None, description="how surely the article behind the citation was identified in the original literature")

    @field_validator("doi")
    @classmethod
    def _doi(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"10\.\d{4,9}/\S+", v):
            raise ValueError(f"DOI {v!r} is not of the form 10.NNNN/suffix")
        return v

    @field_validator("pmid")
    @classmethod
    def _pmid(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"\d{1,9}", v):
            raise ValueError(f"PMID {v!r} must be 1 to 9 digits")
        return v

    @property
    def article(self) -> str:
        """How Table 1 names the article: 'Rider et al, 1994'."""
        return f"{self.first_author} et al, {self.year}"


class SourceRead(ImnmModel):
    """One reading of the original article: which part was read and where it was found."""

    part: Literal["abstract", "full_text", "table", "reference_list"]
    where: str = Field(min_length=1, description="address, PMC id or catalogue page of what was read")
    pmcid: str | None = Field(None, pattern=r"^PMC\d{1,9}$")


#: A checked field agrees with the original or differs from it (a ReviewFlag then gives the original's value).
CheckResult = Literal["agrees", "differs"]


class Provenance(ImnmModel):
    """Where a record's values were read, by whom and how far they were checked."""

    source: str = Field(min_length=1, description="document the values were read from")
    location: str | None = Field(None, description="table, row or section in that document")
    curated_by: str | None = None
    curated_on: Date | None = None
    verified_against_original: bool = Field(
        False, description="True only when every field was checked against the original article"
    )
    notes: str | None = None
    sources_read: list[SourceRead] = Field(default_factory=list, description="what of the original was read")
    checked_fields: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")], CheckResult] = Field(
        default_factory=dict, description="field (e.g. sex, labs.creatine_kinase) -> agrees or differs")
    same_patient_as: str | None = Field(
        None, pattern=r"^[a-z0-9][a-z0-9-]{0,79}$",
        description="id of the record the originals show to describe the same patient (counted once)")

    @model_validator(mode="after")
    def _checked_names_its_source(self) -> Provenance:
        """A claim of checking is only as good as the original it names."""
        if (self.checked_fields or self.verified_against_original) and not self.sources_read:
            claim = "verified_against_original" if self.verified_against_original else "checked_fields"
            raise ValueError(f"{claim} claims a check against the original; expected sources_read to name "
                             "the abstract or full text that was read")
        if self.verified_against_original and not self.checked_fields:
            raise ValueError("verified_against_original is true; expected checked_fields to list every field")
        return self


class ReviewFlag(ImnmModel):
    """Something a reviewer should see: an inconsistency, ambiguity or unchecked value in the source."""

    field: str
    kind: Literal["inconsistency", "possible_duplicate", "suspect_unit", "ambiguous", "unverified", "typo"]
    message: str = Field(min_length=1)
    source_value: str | None = None
    alternative: str | None = None


class LabResult(ImnmModel):
    """One laboratory value with the range it was read against."""

    analyte: Analyte
    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1, max_length=20, examples=["U/L", "IU/L"])
    reference_low: float | None = Field(None, ge=0)
    reference_high: float | None = Field(None, gt=0)
    date: Date | None = None
    months_from_diagnosis: Months | None = None
    as_written: str | None = None

    @field_validator("analyte", mode="before")
    @classmethod
    def _analyte(cls, v: Any) -> Any:
        return normalise_analyte(v) if isinstance(v, str) else v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str, info: ValidationInfo) -> str:
        """Only a unit this analyte can be reported in (the table the lab assessment converts with)."""
        analyte = info.data.get("analyte")
        problem = lab_unit_problem(analyte, v) if analyte is not None else None
        if problem:
            raise ValueError(problem)
        return v

    @model_validator(mode="after")
    def _range(self) -> LabResult:
        lo, hi = self.reference_low, self.reference_high
        if lo is not None and hi is not None and lo >= hi:
            raise ValueError(f"reference_low {lo} must be below reference_high {hi}")
        return self


class Autoantibody(ImnmModel):
    antigen: Antigen
    result: AntibodyResult
    method: str | None = Field(None, examples=["line immunoassay", "immunoprecipitation", "ELISA"])
    basis: Literal["reported", "inclusion_criterion"] | None = Field(
        None, description="reported for this patient, or implied by a review's inclusion criterion (anti-SRP)"
    )
    as_written: str | None = None

    @field_validator("antigen", mode="before")
    @classmethod
    def _antigen(cls, v: Any) -> Any:
        return normalise_antigen(v) if isinstance(v, str) else v


class Electromyography(ImnmModel):
    performed: bool = True
    myopathic: bool | None = None
    spontaneous_activity: bool | None = Field(None, description="fibrillations / positive sharp waves")
    text: str | None = None


class MagneticResonance(ImnmModel):
    performed: bool = True
    oedema: bool | None = None
    fatty_replacement: bool | None = None
    fascial_involvement: bool | None = None
    symmetrical: bool | None = None
    distribution: str | None = None
    text: str | None = None


class MuscleBiopsy(ImnmModel):
    """Histology: IMNM is necrosis and regeneration with little inflammation (ENMC 2017)."""

    performed: bool = True
    necrosis: bool | None = None
    regeneration: bool | None = None
    inflammation: Literal["none", "minimal", "mild", "moderate", "marked"] | None = None
    hla_class_i: Literal["absent", "focal", "diffuse"] | None = Field(
        None, description="sarcolemmal MHC/HLA class I upregulation"
    )
    p62: Literal["absent", "present"] | None = None
    mac: Literal["absent", "present"] | None = Field(
        None, description="sarcolemmal membrane attack complex on non-necrotic fibres"
    )
    perifascicular_atrophy: bool | None = None
    rimmed_vacuoles: bool | None = None
    text: str | None = None


class Findings(ImnmModel):
    electromyography: Electromyography | None = None
    magnetic_resonance: MagneticResonance | None = None
    muscle_biopsy: MuscleBiopsy | None = None


class FeatureFinding(ImnmModel):
    """An extramuscular or clinical feature; ``present=False`` records an explicit negation."""

    feature: Feature
    present: bool = True
    as_written: str | None = None


class WorkupItem(ImnmModel):
    """One item of the systemic work-up or differential diagnosis, done or not."""

    item: str = Field(pattern=r"^[a-z0-9_]+$", examples=["echocardiography", "spirometry"])
    done: bool = True
    abnormal: bool | None = None
    result: str | None = None


class TreatmentCourse(ImnmModel):
    """One course of one drug: the dose as prescribed (per kg, per m2 or absolute) and as given."""

    drug: Drug
    drug_as_written: str | None = None
    agent: str | None = Field(None, description="the specific agent, e.g. methylprednisolone")
    dose: float | None = Field(None, gt=0, le=DOSE_MAX, allow_inf_nan=False)
    dose_unit: Literal["mg", "g", "mg/kg", "g/kg", "mg/m2", "g/m2"] | None = None
    dose_given: float | None = Field(None, gt=0, le=DOSE_MAX, allow_inf_nan=False,
                                     description="absolute amount given")
    dose_given_unit: Literal["mg", "g"] | None = None
    route: Literal["iv", "oral", "sc", "im"] | None = None
    frequency: Literal["once", "daily", "weekly", "every_2_weeks", "monthly", "cycle"] | None = None
    n_doses: int | None = Field(None, ge=1, le=1000)
    interval_days: int | None = Field(None, ge=1, le=365)
    duration_days: int | None = Field(None, ge=1, le=10000)
    start: Date | None = None
    stop: Date | None = None
    start_month: Months | None = None
    stop_month: Months | None = None
    line_of_therapy: int | None = Field(None, ge=1, le=10)
    phase: Literal["induction", "escalation", "maintenance"] | None = None
    as_written: str | None = None

    @field_validator("drug", mode="before")
    @classmethod
    def _drug(cls, v: Any) -> Any:
        return normalise_drug(v) if isinstance(v, str) else v

    @model_validator(mode="after")
    def _consistent(self) -> TreatmentCourse:
        if (self.dose is None) != (self.dose_unit is None):
            raise ValueError("dose and dose_unit must be given together")
        if (self.dose_given is None) != (self.dose_given_unit is None):
            raise ValueError("dose_given and dose_given_unit must be given together")
        if self.start and self.stop and self.stop < self.start:
            raise ValueError(f"stop {self.stop} is before start {self.start}")
        if self.start_month is not None and self.stop_month is not None and self.stop_month < self.start_month:
            raise ValueError(f"stop_month {self.stop_month} is before start_month {self.start_month}")
        return self


class Visit(ImnmModel):
    """A dated assessment: strength scores, the IMACS core set measures and labs at that time.

    CMAS is scored 0-52 and MMT8 0-80; global activity scales are 0-10 cm VAS; CHAQ 0-3.
    """

    label: str | None = Field(None, examples=["diagnosis", "2-year follow-up"])
    date: Date | None = None
    months_from_diagnosis: Months | None = None
    cmas: int | None = Field(None, ge=0, le=52, description="Childhood Myositis Assessment Scale /52")
    mmt8: int | None = Field(None, ge=0, le=80, description="Manual Muscle Testing of 8 muscles /80")
    physician_global_activity: float | None = Field(None, ge=0, le=10)
    patient_global_activity: float | None = Field(None, ge=0, le=10)
    chaq: float | None = Field(None, ge=0, le=3, description="Childhood Health Assessment Questionnaire")
    extramuscular_activity: float | None = Field(None, ge=0, le=10)
    labs: list[LabResult] = Field(default_factory=list)
    notes: str | None = None

    @model_validator(mode="after")
    def _when(self) -> Visit:
        if self.date is None and self.months_from_diagnosis is None and self.label is None:
            raise ValueError("a visit needs a date, months_from_diagnosis or a label")
        return self


class Presentation(ImnmModel):
    text: str | None = Field(None, description="the presentation in the source's words")
    onset: Literal["acute", "subacute", "insidious"] | None = None
    duration_months: float | None = Field(None, ge=0, le=600, description="symptoms before diagnosis")
    weakness_distribution: list[str] = Field(default_factory=list, examples=[["proximal", "axial"]])
    functional_limits: list[str] = Field(default_factory=list)
    preceding_infection: bool | None = None


class Outcome(ImnmModel):
    outcome_class: OutcomeClass = OutcomeClass.unknown
    outcome_text: str | None = Field(None, description="the outcome in the source's words")
    follow_up_months: float | None = Field(None, ge=0, le=600)
    complications: list[str] = Field(default_factory=list)


class AggregateSummary(ImnmModel):
    """What a source reports about a group of patients it does not describe one by one."""

    n_female: int | None = Field(None, ge=0)
    n_male: int | None = Field(None, ge=0)
    age_min_years: float | None = Field(None, ge=0, le=120)
    age_max_years: float | None = Field(None, ge=0, le=120)
    ck_min_iu_l: float | None = Field(None, ge=0)
    ck_max_iu_l: float | None = Field(None, ge=0)
    feature_percent: dict[Feature, float] = Field(default_factory=dict)
    course_text: str | None = None

    @field_validator("feature_percent")
    @classmethod
    def _percent(cls, v: dict[Feature, float]) -> dict[Feature, float]:
        for k, p in v.items():
            if not 0 <= p <= 100:
                raise ValueError(f"feature_percent[{k}] = {p} must lie between 0 and 100")
        return v


from imnm.model.examination import Examination


class Case(ImnmModel):
    """One patient (or one published group of patients, ``aggregate=True``)."""

    id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")
    source_kind: Literal["literature", "local"] = "local"
    citation: Citation | None = None
    provenance: Provenance | None = None
    aggregate: bool = False
    n_cases: int = Field(1, ge=1, le=10000)
    case_label: str | None = Field(None, examples=["case 3 of 3"])
    aggregate_summary: AggregateSummary | None = None

    sex: Sex | None = None
    age_years: float | None = Field(None, ge=AGE_YEARS[0], le=AGE_YEARS[1],
                                    description="age at onset of the first symptom; months as a fraction")
    age_at_presentation_years: float | None = Field(
        None, ge=AGE_YEARS[0], le=AGE_YEARS[1], description="age when first seen, where the source gives it too")
    age_as_written: str | None = None
    ethnicity: str | None = None
    weight_kg: float | None = Field(None, gt=WEIGHT_KG[0], le=WEIGHT_KG[1])
    height_cm: float | None = Field(None, ge=HEIGHT_CM[0], le=HEIGHT_CM[1])
    body_surface_area_m2: float | None = Field(None, ge=BODY_SURFACE_AREA_M2[0], le=BODY_SURFACE_AREA_M2[1])

    presentation: Presentation = Field(default_factory=Presentation)
    examination: Examination | None = None
    labs: list[LabResult] = Field(default_factory=list, description="labs at diagnosis")
    antibodies: list[Autoantibody] = Field(default_factory=list)
    findings: Findings = Field(default_factory=Findings)
    features: list[FeatureFinding] = Field(default_factory=list)
    workup: list[WorkupItem] = Field(default_factory=list)
    differential_excluded: list[str] = Field(default_factory=list)
    treatments: list[TreatmentCourse] = Field(default_factory=list)
    interventions: list[str] = Field(default_factory=list, examples=[["intensive_physiotherapy"]])
    visits: list[Visit] = Field(default_factory=list)
    outcome: Outcome = Field(default_factory=Outcome)
    review_flags: list[ReviewFlag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> Case:
        if self.aggregate and self.n_cases < 2:
            raise ValueError(f"an aggregate record summarises several patients; n_cases is {self.n_cases}")
        if not self.aggregate and self.n_cases != 1:
            raise ValueError(f"an individual case has n_cases 1, not {self.n_cases}")
        if self.aggregate_summary is not None and not self.aggregate:
            raise ValueError("aggregate_summary is only for aggregate records")
        s = self.aggregate_summary
        if s is not None and s.n_female is not None and s.n_male is not None and s.n_female + s.n_male > self.n_cases:
            raise ValueError(f"n_female + n_male ({s.n_female + s.n_male}) exceeds n_cases {self.n_cases}")
        if self.source_kind == "literature" and self.citation is None:
            raise ValueError("a literature case needs its citation")
        self._nothing_before_birth()
        self._add_implied_features()
        return self

    def age_at_diagnosis_years(self) -> float | None:
        """The age the record implies at diagnosis: presentation age, else onset plus symptom duration,
        else the age at onset (a lower bound)."""
        if self.age_at_presentation_years is not None:
            return self.age_at_presentation_years
        if self.age_years is None:
            return None
        return self.age_years + (self.presentation.duration_months or 0) / 12

    def _nothing_before_birth(self) -> None:
        """A month before diagnosis may not precede birth, by the ages the record itself gives."""
        age = self.age_at_diagnosis_years()
        if age is None:
            return
        birth = -12 * age
        timed = [(f"labs[{i}].months_from_diagnosis", lab.months_from_diagnosis) for i, lab in enumerate(self.labs)]
        for i, v in enumerate(self.visits):
            timed.append((f"visits[{i}].months_from_diagnosis", v.months_from_diagnosis))
            timed += [(f"visits[{i}].labs[{j}].months_from_diagnosis", lab.months_from_diagnosis)
                      for j, lab in enumerate(v.labs)]
        for i, t in enumerate(self.treatments):
            timed += [(f"treatments[{i}].start_month", t.start_month), (f"treatments[{i}].stop_month", t.stop_month)]
        for where, month in timed:
            if month is not None and month < birth - 1e-9:
                raise ValueError(
                    f"{where}: got {month:g}; expected no earlier than {birth:g} (birth, for a child "
                    f"{age:g} years old at diagnosis); if diagnosis came later, record "
                    "age_at_presentation_years or presentation.duration_months")

    def _add_implied_features(self) -> None:
        """Store what the vocabulary defines as implied (LVH also counts as cardiac)."""
        present = {f.feature for f in self.features if f.present}
        for finding in list(self.features):
            implied = FEATURE_IMPLIES.get(finding.feature)
            if finding.present and implied is not None and implied not in present:
                self.features.append(FeatureFinding(feature=implied, as_written=finding.as_written))
                present.add(implied)

    # --- views a clinician and the exports use -------------------------------------------------

    @property
    def article(self) -> str | None:
        return self.citation.article if self.citation else None

    def lab(self, analyte: Analyte | str) -> LabResult | None:
        """The diagnostic value of one analyte, if recorded."""
        target = normalise_analyte(analyte) if isinstance(analyte, str) else analyte
        return next((lab for lab in self.labs if lab.analyte == target), None)

    def _iu_l(self, analyte: Analyte) -> float | None:
        """The value in U/L (= IU/L), converted with the shared unit table (1 ukat/L = 60 U/L)."""
        lab = self.lab(analyte)
        return None if lab is None else to_reference_unit(analyte, lab.value, lab.unit)

    @property
    def ck_iu_l(self) -> float | None:
        return self._iu_l(Analyte.creatine_kinase)

    @property
    def aldolase_iu_l(self) -> float | None:
        return self._iu_l(Analyte.aldolase)

    @property
    def features_present(self) -> list[Feature]:
        """Features recorded as present, in vocabulary order."""
        present = {f.feature for f in self.features if f.present}
        return [f for f in Feature if f in present]

    @property
    def drugs(self) -> list[Drug]:
        """Treatment classes given, in vocabulary order, each once."""
        given = {t.drug for t in self.treatments}
        return [d for d in Drug if d in given]

    @property
    def outcome_class(self) -> OutcomeClass:
        return self.outcome.outcome_class

    def antibody(self, antigen: Antigen | str) -> AntibodyResult:
        """The result for one antigen (``not_tested`` when absent from the record)."""
        target = normalise_antigen(antigen) if isinstance(antigen, str) else antigen
        for ab in self.antibodies:
            if ab.antigen == target:
                return ab.result
        return AntibodyResult.not_tested

    def export_record(self) -> dict[str, Any]:
        """The flat record of ``imnm cohort export``: normalised names, sources' words beside them."""
        s = self.aggregate_summary
        return {
            "id": self.id,
            "article": self.article,
            "year": self.citation.year if self.citation else None,
            "doi": self.citation.doi if self.citation else None,
            "pmid": self.citation.pmid if self.citation else None,
            "source_kind": self.source_kind,
            "aggregate": self.aggregate,
            "n_cases": self.n_cases,
            "case_label": self.case_label,
            "sex": self.sex.value if self.sex else None,
            "n_female": s.n_female if s else None,
            "n_male": s.n_male if s else None,
            "age_years": self.age_years,
            "age_at_presentation_years": self.age_at_presentation_years,
            "age_min_years": s.age_min_years if s else None,
            "age_max_years": s.age_max_years if s else None,
            "ethnicity": self.ethnicity,
            "presentation": self.presentation.text,
            "ck_iu_l": self.ck_iu_l,
            "ck_min_iu_l": s.ck_min_iu_l if s else None,
            "ck_max_iu_l": s.ck_max_iu_l if s else None,
            "aldolase_iu_l": self.aldolase_iu_l,
            "antibodies": {ab.antigen.value: ab.result.value for ab in self.antibodies},
            "features": [f.value for f in self.features_present],
            "features_absent": [f.feature.value for f in self.features if not f.present],
            "feature_percent": {k.value: v for k, v in s.feature_percent.items()} if s else {},
            "treatments": [d.value for d in self.drugs],
            "treatments_as_written": [t.drug_as_written for t in self.treatments if t.drug_as_written],
            "ivig_dose": next(
                (f"{t.dose:g} {t.dose_unit}" for t in self.treatments if t.drug is Drug.ivig and t.dose),
                None,
            ),
            "outcome_class": self.outcome.outcome_class.value,
            "outcome_text": self.outcome.outcome_text,
            "complications": list(self.outcome.complications),
            "review_flags": [f"{f.kind}: {f.field}: {f.message}" for f in self.review_flags],
        }
