"""The living literature review: search, ingest, screen, PRISMA.

Pipeline (each step a pure function; the registry part is :mod:`imnm.store.literature`):

1. :mod:`pubmed` reruns the review's PubMed search (ESearch + batched EFetch);
   :mod:`readers` reads MEDLINE XML (:mod:`medline`), RIS (:mod:`ris`) and CSV (:mod:`tabular`).
2. Every source yields :class:`~imnm.literature.records.Record`.
3. :mod:`screening` deduplicates, scores with the rules in ``data/screening_rules.yaml`` and holds
   reviewer :class:`~imnm.literature.screening.Decision` s; :mod:`prisma` counts and draws the flow.
4. :mod:`parallel` screens whole MEDLINE baselines on Dask.

Seam for case extraction (next issue): an extractor consumes the records a reviewer included at
full text, ``imnm.store.literature.included_records(registry) -> list[Record]``, and reads
``Record.text_for_extraction()`` (title and abstract) plus ``pmid``/``doi`` for provenance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imnm.literature.records import Author, LiteratureError, MeshHeading, Record

__all__ = ["Author", "LiteratureError", "MeshHeading", "Record"]


def __getattr__(name: str):
    """The record models on first use (PEP 562): they import pydantic, which ``imnm --help`` never needs."""
    if name in __all__:
        from imnm.literature import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
