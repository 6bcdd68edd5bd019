"""Domain types (pydantic v2) shared by every capability of imnm."""

from imnm.model.case import (
    AggregateSummary,
    Autoantibody,
    Case,
    Citation,
    Electromyography,
    FeatureFinding,
    Findings,
    LabResult,
    MagneticResonance,
    MuscleBiopsy,
    Outcome,
    Presentation,
    Provenance,
    ReviewFlag,
    TreatmentCourse,
    Visit,
    WorkupItem,
)
from imnm.model.examination import Examination
from imnm.model.errors import InvalidInput, explain
from imnm.model.vocabulary import (
    CORE_FEATURES,
    GOOD_OUTCOMES,
    ORDERED_OUTCOMES,
    Analyte,
    Antigen,
    AntibodyResult,
    Drug,
    Feature,
    OutcomeClass,
    Sex,
    normalise_analyte,
    normalise_antigen,
    normalise_drug,
)

__all__ = [
    "AggregateSummary", "Autoantibody", "Case", "Citation", "Electromyography", "Examination", "FeatureFinding",
    "Findings", "LabResult", "MagneticResonance", "MuscleBiopsy", "Outcome", "Presentation",
    "Provenance", "ReviewFlag", "TreatmentCourse", "Visit", "WorkupItem", "InvalidInput", "explain",
    "CORE_FEATURES", "GOOD_OUTCOMES", "ORDERED_OUTCOMES", "Analyte", "Antigen", "AntibodyResult",
    "Drug", "Feature", "OutcomeClass", "Sex", "normalise_analyte", "normalise_antigen", "normalise_drug",
]
