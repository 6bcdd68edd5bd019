"""Write the E-utilities fixtures of the living-update test (``test_update.py``).

Three invented records, not captured from NCBI: a case report of a boy with anti-SRP myopathy whose
abstract states values the extractor reads (age, sex, CK, antibody, absent features, treatment,
outcome), a Spanish-language case report (queued for a person, with no values), and an adult study
the screening rules call unlikely. Every word is made up; PMIDs start with 900 and DOIs use the
10.5555 test prefix. Run once from the repository root (outputs are committed):
    .venv/bin/python tests/literature/data/make_update_fixtures.py
"""

import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from medline_factory import SYNTHETIC_JOURNAL, article, author, medline_document, mesh, pmid_of, ymd

ENGLISH_CASE = article(
    "90040001", escape("Anti-SRP necrotising myopathy in a 7-year-old boy: an invented case report."),
    journal=SYNTHETIC_JOURNAL, pubdate=ymd(2024, "Apr"),
    abstract=escape("We report an invented 7-year-old boy with six weeks of progressive proximal weakness and "
                    "difficulty climbing stairs. Creatine kinase was 14 200 U/L. Anti-SRP antibodies were positive "
                    "and muscle biopsy showed necrotic fibres without inflammation. He had no dysphagia and no skin "
                    "rash. He received intravenous methylprednisolone and IVIG, and improved over one year of "
                    "follow-up."),
    authors=[author("Invento", "Lucas", "L"), author("Ficticia", "Marta", "M")],
    publication_types=("Case Reports", "Journal Article"), elocations=[("doi", "10.5555/update.0001")],
    mesh_terms=[mesh("D000000", "Child"), mesh("D000000", "Male"), mesh("D000000", "Humans"),
                mesh("D000000", "Myositis", True), mesh("D000000", "Signal Recognition Particle", True)])

SPANISH_CASE = article(
    "90040002", escape("Miopatía necrosante anti-SRP en una niña: caso inventado."),
    journal=SYNTHETIC_JOURNAL, pubdate=ymd(2024, "May"), languages=("spa",),
    abstract=escape("Presentamos una niña inventada de 10 años con debilidad de los muslos y de la espalda. Los "
                    "anticuerpos anti-SRP fueron positivos y la biopsia mostró fibras necróticas. La fuerza mejoró "
                    "con los tratamientos que recibió durante el primer año."),
    authors=[author("Imaginaria", "Rosa", "R")],
    publication_types=("Case Reports", "Journal Article"), elocations=[("doi", "10.5555/update.0002")],
    mesh_terms=[mesh("D000000", "Child"), mesh("D000000", "Female"), mesh("D000000", "Humans"),
                mesh("D000000", "Myositis", True), mesh("D000000", "Signal Recognition Particle", True)])

ADULT_STUDY = article(
    "90040003", escape("Muscle strength after statin withdrawal in invented older adults."),
    journal=SYNTHETIC_JOURNAL, pubdate=ymd(2024, "Jun"),
    abstract=escape("An invented group of adults over seventy years had their grip strength measured before and "
                    "after stopping a statin."),
    authors=[author("Nadie", "Pablo", "P")], publication_types=("Journal Article",),
    mesh_terms=[mesh("D000000", "Aged"), mesh("D000000", "Humans"), mesh("D000000", "Muscle Strength", True)])

ARTICLES = [ENGLISH_CASE, SPANISH_CASE, ADULT_STUDY]


def main() -> None:
    ids = "".join(f"<Id>{pmid_of(a)}</Id>\n" for a in ARTICLES)
    (HERE / "esearch_update.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
        '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
        f"<eSearchResult><Count>{len(ARTICLES)}</Count><RetMax>{len(ARTICLES)}</RetMax><RetStart>0</RetStart>"
        "<QueryKey>1</QueryKey><WebEnv>MCID_7a1b2c3d4e5f60718293a4b5</WebEnv>\n"
        f"<IdList>\n{ids}</IdList><TranslationSet/>"
        "<QueryTranslation>\"signal recognition particle\"[MeSH Terms] AND ...</QueryTranslation>"
        "</eSearchResult>\n", encoding="utf-8")
    (HERE / "efetch_update.xml").write_text(medline_document(ARTICLES, pretty=False), encoding="utf-8")


if __name__ == "__main__":
    main()
