"""Write the E-utilities fixtures (ESearch with the history server, EFetch in two batches of two).

The responses are made in NCBI's formats from the invented records in ``medline_factory.EUTILS``;
they were not captured from NCBI. Run once from the repository root (outputs are committed):
    .venv/bin/python tests/literature/data/make_eutils_fixtures.py
"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from medline_factory import EUTILS, medline_document, pmid_of

PMIDS = [pmid_of(a) for a in EUTILS]


def main() -> None:
    ids = "".join(f"<Id>{p}</Id>\n" for p in PMIDS)
    (HERE / "esearch_srp_children.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
        '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
        f"<eSearchResult><Count>{len(PMIDS)}</Count><RetMax>{len(PMIDS)}</RetMax><RetStart>0</RetStart>"
        "<QueryKey>1</QueryKey><WebEnv>MCID_6543f2a1b0c9d8e7f6a5b4c3</WebEnv>\n"
        f"<IdList>\n{ids}</IdList><TranslationSet/>"
        "<QueryTranslation>\"signal recognition particle\"[MeSH Terms] AND ...</QueryTranslation>"
        "</eSearchResult>\n", encoding="utf-8")
    for n, batch in enumerate([EUTILS[:2], EUTILS[2:]], start=1):
        # EFetch returns one article a line
        (HERE / f"efetch_batch{n}.xml").write_text(medline_document(batch, pretty=False), encoding="utf-8")
    (HERE / "esearch_error.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><ERROR>Invalid query syntax</ERROR>'
        "</eSearchResult>\n", encoding="utf-8")


if __name__ == "__main__":
    main()
