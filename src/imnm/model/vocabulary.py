"""The project's controlled vocabulary: one name for each drug, feature, antibody and outcome.

The lists mirror the project's VOCABULARY document. Data files, exports, extraction and imports all
use these names, so a case means the same thing wherever it came from. The source's own words are
kept beside the normalised value (``drug_as_written``, ``outcome_text``, ...).
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    """Sex as reported by the source."""

    F = "F"
    M = "M"


class OutcomeClass(StrEnum):
    """Outcome on an ordered scale, worst to best; ``unknown`` sits outside the order."""

    death = "death"
    severe_impairment = "severe_impairment"
    mild_impairment = "mild_impairment"
    improvement = "improvement"
    marked_improvement = "marked_improvement"
    remission = "remission"
    unknown = "unknown"

    @property
    def rank(self) -> int | None:
        """Position on the ordered scale (0 = death), or None for ``unknown``."""
        if self is OutcomeClass.unknown:
            return None
        return list(OutcomeClass).index(self)

    @property
    def is_good(self) -> bool | None:
        """A good outcome is marked improvement or remission (None when unknown)."""
        if self is OutcomeClass.unknown:
            return None
        return self in GOOD_OUTCOMES


GOOD_OUTCOMES = frozenset({OutcomeClass.marked_improvement, OutcomeClass.remission})
ORDERED_OUTCOMES = [o for o in OutcomeClass if o is not OutcomeClass.unknown]


class Drug(StrEnum):
    """Treatment classes as counted in Table 1 (any systemic steroid is ``glucocorticoids``)."""

    glucocorticoids = "glucocorticoids"
    methotrexate = "methotrexate"
    ivig = "ivig"
    scig = "scig"
    rituximab = "rituximab"
    cyclophosphamide = "cyclophosphamide"
    tacrolimus = "tacrolimus"
    mycophenolate = "mycophenolate"
    ciclosporin = "ciclosporin"
    azathioprine = "azathioprine"
    hydroxychloroquine = "hydroxychloroquine"
    infliximab = "infliximab"
    plasmapheresis = "plasmapheresis"
    leflunomide = "leflunomide"
    abatacept = "abatacept"


#: Names met in sources (generic, brand, abbreviation) mapped to the treatment class.
DRUG_SYNONYMS: dict[str, Drug] = {
    "steroid": Drug.glucocorticoids,
    "steroids": Drug.glucocorticoids,
    "steroid therapy": Drug.glucocorticoids,
    "corticosteroid": Drug.glucocorticoids,
    "corticosteroids": Drug.glucocorticoids,
    # "corticoids", "corticotherapy": the words of Spanish, Portuguese, Italian and French authors in English
    "corticoid": Drug.glucocorticoids,
    "corticoids": Drug.glucocorticoids,
    "corticotherapy": Drug.glucocorticoids,
    "glucocorticoid": Drug.glucocorticoids,
    "glucocorticoids": Drug.glucocorticoids,
    "prednisone": Drug.glucocorticoids,
    "prednisolone": Drug.glucocorticoids,
    "methylprednisolone": Drug.glucocorticoids,
    "dexamethasone": Drug.glucocorticoids,
    "hydrocortisone": Drug.glucocorticoids,
    "mtx": Drug.methotrexate,
    "methotrexate": Drug.methotrexate,
    "ivig": Drug.ivig,
    "ivig iv": Drug.ivig,
    "iv immunoglobulin": Drug.ivig,
    "intravenous immunoglobulin": Drug.ivig,
    "intravenous immunoglobulins": Drug.ivig,
    "immunoglobulin": Drug.ivig,
    "immunoglobulins": Drug.ivig,
    "scig": Drug.scig,
    "subcutaneous immunoglobulin": Drug.scig,
    "rituximab": Drug.rituximab,
    "mabthera": Drug.rituximab,
    "rituxan": Drug.rituximab,
    "cyclophosphamide": Drug.cyclophosphamide,
    "cyc": Drug.cyclophosphamide,
    "tacrolimus": Drug.tacrolimus,
    "mycophenolate": Drug.mycophenolate,
    "mycophenolate mofetil": Drug.mycophenolate,
    "mmf": Drug.mycophenolate,
    "ciclosporin": Drug.ciclosporin,
    "cyclosporine": Drug.ciclosporin,
    "cyclosporin": Drug.ciclosporin,
    "ciclosporin a": Drug.ciclosporin,
    "azathioprine": Drug.azathioprine,
    "aza": Drug.azathioprine,
    "hydroxychloroquine": Drug.hydroxychloroquine,
    "hcq": Drug.hydroxychloroquine,
    "infliximab": Drug.infliximab,
    "plasmapheresis": Drug.plasmapheresis,
    "plasma exchange": Drug.plasmapheresis,
    "plasma exchanges": Drug.plasmapheresis,
    "leflunomide": Drug.leflunomide,
    "abatacept": Drug.abatacept,
    # brand names and abbreviations met in case reports (keys as _lookup normalises: '-' read as a space)
    "solu medrol": Drug.glucocorticoids,
    "medrol": Drug.glucocorticoids,
    "deltasone": Drug.glucocorticoids,
    "meticorten": Drug.glucocorticoids,  # a brand of prednisone met in reports of the 1950s
    "ivmp": Drug.glucocorticoids,
    "gammagard": Drug.ivig,
    "privigen": Drug.ivig,
    "octagam": Drug.ivig,
    "ivigs": Drug.ivig,
    "igiv": Drug.ivig,
    "intravenous immune globulin": Drug.ivig,
    # older reports name IVIG "intravenous gamma globulin" (IVGG)
    "intravenous gamma globulin": Drug.ivig,
    "intravenous gammaglobulin": Drug.ivig,
    "iv gamma globulin": Drug.ivig,
    "ivgg": Drug.ivig,
    "intravenous human gammaglobulin": Drug.ivig,
    "intravenous human gamma globulin": Drug.ivig,
    "intravenous human immunoglobulin": Drug.ivig,
    "hizentra": Drug.scig,
    "cuvitru": Drug.scig,
    "cellcept": Drug.mycophenolate,
    "prograf": Drug.tacrolimus,
    "neoral": Drug.ciclosporin,
    "sandimmune": Drug.ciclosporin,
    "endoxan": Drug.cyclophosphamide,
    "cytoxan": Drug.cyclophosphamide,
    "imuran": Drug.azathioprine,
    "plaquenil": Drug.hydroxychloroquine,
    "remicade": Drug.infliximab,
    "orencia": Drug.abatacept,
    "arava": Drug.leflunomide,
    # the abbreviations of clinic notes and meeting abstracts ("pred 2 mg/kg/d", "RTX 375 mg/m2 x4", "TAC", "CsA",
    # "TPE", "CS + MMF"); the case extractor reads "CS" as a steroid only beside a dose or another drug, for it is
    # also a caesarean section in a birth history
    "cs": Drug.glucocorticoids,
    "pred": Drug.glucocorticoids,
    "pdn": Drug.glucocorticoids,
    "rtx": Drug.rituximab,
    "ritux": Drug.rituximab,
    "tac": Drug.tacrolimus,
    "csa": Drug.ciclosporin,
    "cya": Drug.ciclosporin,
    "tpe": Drug.plasmapheresis,
    "plex": Drug.plasmapheresis,
}


def _lookup(enum: type[StrEnum], synonyms: dict, name: str, kind: str) -> StrEnum:
    """Find ``name`` among the synonyms, then among the enum's own values (spaces read as ``_``)."""
    key = " ".join(name.strip().lower().replace("-", " ").replace("_", " ").split())
    if key in synonyms:
        return synonyms[key]
    try:
        return enum(key.replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"unknown {kind} {name!r}; expected one of: {allowed} (or a known synonym)") from None


def normalise_drug(name: str) -> Drug:
    """Map a drug as written (generic, brand or abbreviation) to its treatment class."""
    return _lookup(Drug, DRUG_SYNONYMS, name, "drug")


class Feature(StrEnum):
    """Extramuscular and clinical features. The first six are the core ones counted in Table 1."""

    dysphagia = "dysphagia"
    pulmonary = "pulmonary"
    cardiac = "cardiac"
    cutaneous = "cutaneous"
    arthritis = "arthritis"
    raynaud = "raynaud"
    lvh = "lvh"
    alopecia = "alopecia"
    periungual_capillaries = "periungual_capillaries"
    bronchoaspiration = "bronchoaspiration"
    dysphonia = "dysphonia"
    calcinosis = "calcinosis"
    interstitial_lung_disease = "interstitial_lung_disease"


CORE_FEATURES = (
    Feature.dysphagia,
    Feature.pulmonary,
    Feature.cardiac,
    Feature.cutaneous,
    Feature.arthritis,
    Feature.raynaud,
)

#: A feature that implies another, as the vocabulary defines: LVH counts as cardiac, ILD as pulmonary.
FEATURE_IMPLIES: dict[Feature, Feature] = {
    Feature.lvh: Feature.cardiac,
    Feature.interstitial_lung_disease: Feature.pulmonary,
}


class Antigen(StrEnum):
    """Myositis-specific and -associated autoantibody targets."""

    srp = "srp"
    hmgcr = "hmgcr"
    jo1 = "jo1"
    pl7 = "pl7"
    pl12 = "pl12"
    ej = "ej"
    oj = "oj"
    mda5 = "mda5"
    tif1g = "tif1g"
    nxp2 = "nxp2"
    mi2 = "mi2"
    sae = "sae"
    ro52 = "ro52"
    ro60 = "ro60"
    pmscl = "pmscl"
    ku = "ku"
    u1rnp = "u1rnp"


#: Antigens as written in sources mapped to the normalised name.
ANTIGEN_SYNONYMS: dict[str, Antigen] = {
    "srp54": Antigen.srp,
    "srp-54": Antigen.srp,
    "anti-srp": Antigen.srp,
    "anti-srp-54": Antigen.srp,
    "signal recognition particle": Antigen.srp,
    "jo-1": Antigen.jo1,
    "pl-7": Antigen.pl7,
    "pl-12": Antigen.pl12,
    "tif1-gamma": Antigen.tif1g,
    "tif1γ": Antigen.tif1g,
    "tif1-γ": Antigen.tif1g,
    "p155/140": Antigen.tif1g,
    "nxp-2": Antigen.nxp2,
    "mj": Antigen.nxp2,
    "mi-2": Antigen.mi2,
    "ro-52": Antigen.ro52,
    "52 kda ro/ssa": Antigen.ro52,
    "ro52/ssa": Antigen.ro52,
    "trim21": Antigen.ro52,
    "ro-60": Antigen.ro60,
    "pm-scl": Antigen.pmscl,
    "u1-rnp": Antigen.u1rnp,
    "hmg-coa reductase": Antigen.hmgcr,
    "cadm-140": Antigen.mda5,
}


def normalise_antigen(name: str) -> Antigen:
    """Map an antigen as written (``SRP54``, ``Jo-1``, ``52 kDa Ro/SSA``) to its normalised name."""
    key = name.strip().lower()
    if key.startswith("anti-") and key not in ANTIGEN_SYNONYMS:
        key = key[5:]
    if key in ANTIGEN_SYNONYMS:
        return ANTIGEN_SYNONYMS[key]
    compact = key.replace("-", "").replace(" ", "").replace("_", "")
    try:
        return Antigen(compact)
    except ValueError:
        allowed = ", ".join(a.value for a in Antigen)
        raise ValueError(f"unknown antibody {name!r}; expected one of: {allowed}") from None


class AntibodyResult(StrEnum):
    positive = "positive"
    negative = "negative"
    not_tested = "not_tested"


class Analyte(StrEnum):
    """Laboratory analytes the registry knows, named as a clinician would read them."""

    creatine_kinase = "creatine_kinase"
    aldolase = "aldolase"
    lactate_dehydrogenase = "lactate_dehydrogenase"
    alanine_aminotransferase = "alanine_aminotransferase"
    aspartate_aminotransferase = "aspartate_aminotransferase"
    myoglobin = "myoglobin"
    troponin_t = "troponin_t"
    troponin_i = "troponin_i"
    c_reactive_protein = "c_reactive_protein"
    erythrocyte_sedimentation_rate = "erythrocyte_sedimentation_rate"
    thyroid_stimulating_hormone = "thyroid_stimulating_hormone"
    ferritin = "ferritin"


ANALYTE_SYNONYMS: dict[str, Analyte] = {
    "ck": Analyte.creatine_kinase,
    "cpk": Analyte.creatine_kinase,
    "creatine phosphokinase": Analyte.creatine_kinase,
    "creatine kinase": Analyte.creatine_kinase,
    "ldh": Analyte.lactate_dehydrogenase,
    "lactate dehydrogenase": Analyte.lactate_dehydrogenase,
    "alt": Analyte.alanine_aminotransferase,
    "gpt": Analyte.alanine_aminotransferase,
    "alanine aminotransferase": Analyte.alanine_aminotransferase,
    "ast": Analyte.aspartate_aminotransferase,
    "got": Analyte.aspartate_aminotransferase,
    "aspartate aminotransferase": Analyte.aspartate_aminotransferase,
    "crp": Analyte.c_reactive_protein,
    "esr": Analyte.erythrocyte_sedimentation_rate,
    "tsh": Analyte.thyroid_stimulating_hormone,
}


def normalise_analyte(name: str) -> Analyte:
    """Map an analyte as written (``CPK``, ``LDH``, ``creatine kinase``) to its normalised name."""
    return _lookup(Analyte, ANALYTE_SYNONYMS, name, "analyte")
