"""Write screening_corpus.xml from the invented records in ``medline_factory.SCREENING_CORPUS``.

Run once from the repository root (the output is committed):
    .venv/bin/python tests/literature/data/make_screening_corpus.py
None of the records is a real PubMed record (their PMIDs start with 9000).
"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from medline_factory import SCREENING_CORPUS, write_medline


def main() -> None:
    write_medline(HERE / "screening_corpus.xml", SCREENING_CORPUS)


if __name__ == "__main__":
    main()
