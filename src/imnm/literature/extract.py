"""Case extraction with evidence: candidate Table 1 rows read from a case report or an abstract.

A reviewer no longer types each patient by hand: :func:`extract_cases` proposes one
:class:`ExtractedCase` per patient, every value with the text span it was read from and a confidence,
and the reviewer accepts, edits or rejects it (the review queue stores these objects as they are).

``record`` has the keys and normalised names of ``Case.export_record()`` (``imnm cohort export``),
with empty values None, [] or {}, plus four keys the flat export lacks and ``to_case`` needs:
``age_as_written``, ``follow_up_months``, ``labs`` (analyte, value, unit as written, source words) and
``courses`` (drug class, drug as written, dose and unit, route). A value the text does not state stays
empty: a wrong value costs a reviewer more than an empty one.

Confidence (0-1) is set per record key by the rule that read the value, from
``data/extraction_lexicon.yaml`` (``confidence``): an exact pattern in a one-patient text scores high;
a value attributed to one of several patients, a negation read from a wider scope, or an outcome
phrase that sits between two classes score lower. A field's confidence is the lowest of its items.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from imnm.model import vocabulary as v
from imnm.model.case import (
    Autoantibody,
    Case,
    Citation,
    FeatureFinding,
    LabResult,
    Outcome,
    Presentation,
    Provenance,
    ReviewFlag,
    TreatmentCourse,
)

#: Record keys beside those of ``Case.export_record()``: what ``to_case`` needs to rebuild a Case.
EXTRA_KEYS = ("age_as_written", "follow_up_months", "labs", "courses")

_FLAG_KINDS = ("inconsistency", "possible_duplicate", "suspect_unit", "ambiguous", "unverified", "typo")


def empty_record() -> dict[str, Any]:
    """A record with every export key empty (the extractor fills what the text states)."""
    return {
        "id": None, "article": None, "year": None, "doi": None, "pmid": None,
        "source_kind": "literature", "aggregate": False, "n_cases": 1, "case_label": None,
        "sex": None, "n_female": None, "n_male": None, "age_years": None, "age_at_presentation_years": None,
        "age_min_years": None, "age_max_years": None, "ethnicity": None, "presentation": None,
        "ck_iu_l": None, "ck_min_iu_l": None, "ck_max_iu_l": None, "aldolase_iu_l": None,
        "antibodies": {}, "features": [], "features_absent": [], "feature_percent": {},
        "treatments": [], "treatments_as_written": [], "ivig_dose": None,
        "outcome_class": None, "outcome_text": None, "complications": [], "review_flags": [],
        "age_as_written": None, "follow_up_months": None, "labs": [], "courses": [],
    }


class Evidence(BaseModel):
    """Where a value was read: character offsets into the text given to the extractor, and the words."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class ExtractedCase(BaseModel):
    """One patient as read from a text: a candidate record for a reviewer, never a stored case as is."""

    record: dict[str, Any] = Field(default_factory=empty_record)
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)
    confidence: dict[str, float] = Field(default_factory=dict)
    review_flags: list[str] = Field(default_factory=list, description="'kind: field: message'")
    language: str = "en"
    patient_label: str | None = None
    source: str | None = None

    def to_case(self, citation: dict | None = None) -> Case:
        """A validated Case: a literature case with ``citation``, else a local one.

        Raises pydantic's ValidationError (explained by ``imnm.model.errors``) if the record breaks
        the model's rules, so a reviewer sees the field rather than a silently dropped value.
        """
        r = self.record
        cite = Citation(**citation) if citation else None
        features = [FeatureFinding(feature=f, present=True) for f in r.get("features") or []]
        features += [FeatureFinding(feature=f, present=False) for f in r.get("features_absent") or []]
        flags = [ReviewFlag(**_parse_flag(text)) for text in self.review_flags]
        return Case(
            source_kind="literature" if cite else "local",
            citation=cite,
            provenance=Provenance(source=self.source or "text extraction", location=self.patient_label,
                                  notes="extracted by imnm literature extract; not yet reviewed"),
            case_label=self.patient_label,
            sex=r.get("sex"),
            age_years=r.get("age_years"),
            age_as_written=r.get("age_as_written"),
            ethnicity=r.get("ethnicity"),
            presentation=Presentation(text=r.get("presentation")),
            labs=[LabResult(analyte=lab["analyte"], value=lab["value"], unit=lab["unit"],
                            as_written=lab.get("as_written")) for lab in r.get("labs") or []],
            antibodies=[Autoantibody(antigen=antigen, result=result, basis="reported")
                        for antigen, result in (r.get("antibodies") or {}).items()],
            features=features,
            treatments=[TreatmentCourse(drug=c["drug"], drug_as_written=c.get("drug_as_written"),
                                        agent=c.get("agent"), dose=c.get("dose"), dose_unit=c.get("dose_unit"),
                                        route=c.get("route"), as_written=c.get("as_written"))
                        for c in r.get("courses") or []],
            outcome=Outcome(outcome_class=r.get("outcome_class") or v.OutcomeClass.unknown,
                            outcome_text=r.get("outcome_text"), follow_up_months=r.get("follow_up_months")),
            review_flags=flags,
        )

    def output_row(self) -> dict[str, Any]:
        """The row ``imnm literature extract`` prints: the record plus evidence, confidence and flags."""
        row = dict(self.record)
        row["review_flags"] = list(self.review_flags)
        row["language"] = self.language
        row["source"] = self.source
        row["evidence"] = {k: [e.model_dump() for e in spans] for k, spans in self.evidence.items()}
        row["confidence"] = dict(self.confidence)
        return row


def flag(kind: str, field: str, message: str) -> str:
    """A review flag as the export writes them: ``kind: field: message``."""
    if kind not in _FLAG_KINDS:
        raise ValueError(f"review flag kind {kind!r}; expected one of {', '.join(_FLAG_KINDS)}")
    return f"{kind}: {field}: {message}"


def _parse_flag(text: str) -> dict[str, str]:
    match = re.fullmatch(r"(\w+): ([\w.]+): (.+)", text, flags=re.DOTALL)
    if match and match.group(1) in _FLAG_KINDS:
        return {"kind": match.group(1), "field": match.group(2), "message": match.group(3)}
    return {"kind": "unverified", "field": "extraction", "message": text}


def extract_cases(text: str, *, source: str | None = None) -> list[ExtractedCase]:
    """One candidate record per patient the text describes (none for a text with no patient).

    A text the extractor fails on is not lost and does not stop a run over many records: it gives one empty
    candidate whose flag names the failure, so the queue hands it to a person, as it does a text in another
    language."""
    from imnm.literature.extract_patterns import extract

    try:
        return extract(text, source=source)
    except Exception as error:  # noqa: BLE001 - any failure of the reader, named in the flag
        return [ExtractedCase(source=source, review_flags=[flag(
            "unverified", "extraction", f"the extractor failed on this text ({type(error).__name__}: {error}); "
                                        "nothing was read: a person must read it")])]


def citation_of(record: Any) -> dict | None:
    """The Citation fields of a bibliographic Record (None without a first author and a year)."""
    authors = [a.last_name or a.collective_name for a in record.authors]
    if not authors or not authors[0] or not record.year:
        return None
    doi = record.doi if record.doi and re.fullmatch(r"10\.\d{4,9}/\S+", record.doi) else None
    return {"first_author": authors[0], "year": record.year, "authors": authors, "title": record.title or None,
            "journal": record.journal or None, "doi": doi, "pmid": record.pmid}


def extract_record(record: Any) -> list[ExtractedCase]:
    """Cases of one bibliographic Record, read from ``Record.text_for_extraction()``, citation filled in."""
    source = record.key
    cases = extract_cases(record.text_for_extraction(), source=source)
    citation = citation_of(record)
    for case in cases:
        case.record.update({"doi": record.doi, "pmid": record.pmid, "year": record.year,
                            "article": f"{citation['first_author']} et al, {citation['year']}" if citation else None})
    return cases
