"""The bibliographic record every importer produces and every later step consumes.

One shape whatever the source (MEDLINE XML, an E-utilities fetch, RIS, CSV), so that
deduplication, screening, the registry and the case extractor of the next issue never look at
source formats. The fields follow the MEDLINE elements a reviewer knows (PMID, MeSH, publication
type); ``Record.text_for_extraction`` is the documented seam the case extractor reads.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field


class LiteratureError(ValueError):
    """Bad literature input (malformed XML, unknown format, a glob that matches nothing)."""


class Author(BaseModel):
    """One author as MEDLINE lists them; a group author has only ``collective_name``."""

    model_config = ConfigDict(frozen=True)

    last_name: str = ""
    fore_name: str = ""
    initials: str = ""
    collective_name: str = ""
    orcid: str = ""
    affiliations: list[str] = Field(default_factory=list)

    @property
    def display(self) -> str:
        """``Lastname AB`` as in a Vancouver reference, or the group name."""
        if self.collective_name:
            return self.collective_name
        return f"{self.last_name} {self.initials}".strip()


class AbstractSection(BaseModel):
    """One part of a structured abstract (label as printed, NLM category for grouping)."""

    model_config = ConfigDict(frozen=True)

    label: str = ""
    nlm_category: str = ""
    text: str


class MeshHeading(BaseModel):
    """A MeSH descriptor with its qualifiers; ``major_topic`` if the descriptor or any qualifier is starred."""

    model_config = ConfigDict(frozen=True)

    descriptor: str
    ui: str = ""
    major_topic: bool = False
    qualifiers: list[str] = Field(default_factory=list)
    qualifier_uis: list[str] = Field(default_factory=list)
    major_qualifiers: list[bool] = Field(default_factory=list)


class Record(BaseModel):
    """A bibliographic record (a candidate report for the review).

    ``pubdate`` is ISO-like at the precision the source gives: ``2018``, ``2018-05`` or
    ``2018-05-17``. ``abstract`` is plain text; a structured abstract keeps its parts in
    ``abstract_sections`` and is rendered as ``LABEL: text`` lines.
    """

    model_config = ConfigDict(frozen=True)

    pmid: str | None = None
    doi: str | None = None
    title: str = ""
    vernacular_title: str = ""
    abstract: str = ""
    abstract_sections: list[AbstractSection] = Field(default_factory=list)
    authors: list[Author] = Field(default_factory=list)
    journal: str = ""
    journal_abbreviation: str = ""
    pubdate: str = ""
    year: int | None = None
    publication_types: list[str] = Field(default_factory=list)
    mesh_terms: list[MeshHeading] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    language: list[str] = Field(default_factory=list)
    source: str = Field("medline", description="medline, ris or csv: where the record was read from")

    # --- identities used by deduplication ---------------------------------------------------

    @property
    def normalised_doi(self) -> str | None:
        return normalise_doi(self.doi)

    @property
    def normalised_title(self) -> str:
        return normalise_title(self.title)

    @property
    def key(self) -> str:
        """A stable identifier: ``pmid:…``, else ``doi:…``, else ``title:…``."""
        if self.pmid:
            return f"pmid:{self.pmid}"
        if self.normalised_doi:
            return f"doi:{self.normalised_doi}"
        return f"title:{self.normalised_title}"

    @property
    def mesh_descriptors(self) -> list[str]:
        return [m.descriptor for m in self.mesh_terms]

    @property
    def first_author(self) -> str:
        return self.authors[0].display if self.authors else ""

    def text_for_extraction(self) -> str:
        """Title and abstract as one text: the input the case extractor (next issue) consumes.

        Full texts, when a reviewer attaches them, will be passed beside this, never instead.
        """
        return f"{self.title}\n\n{self.abstract}".strip()

    def summary_row(self) -> dict:
        """The flat form printed by ``imnm literature parse`` (one JSON object per line)."""
        return {
            "pmid": self.pmid,
            "doi": self.doi,
            "title": self.title,
            "abstract": self.abstract,
            "authors": [a.display for a in self.authors],
            "journal": self.journal,
            "pubdate": self.pubdate,
            "publication_types": list(self.publication_types),
            "mesh_terms": self.mesh_descriptors,
            "keywords": list(self.keywords),
            "language": list(self.language),
        }


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_doi(doi: str | None) -> str | None:
    """Lower case, without a resolver prefix: DOIs are case-insensitive by definition."""
    if not doi:
        return None
    value = _DOI_PREFIX.sub("", doi.strip()).strip().lower()
    return value or None


def normalise_title(title: str) -> str:
    """Accents folded, case folded, punctuation and spacing collapsed: the same paper indexed twice."""
    folded = unicodedata.normalize("NFKD", title)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def render_abstract(sections: list[AbstractSection]) -> str:
    """Plain text of an abstract: unlabelled parts as they are, labelled parts as ``LABEL: text``."""
    return "\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in sections)
