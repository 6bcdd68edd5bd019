"""Invented MEDLINE/PubMed XML for the literature tests: no real record is read, copied or needed.

Every title, abstract, name, journal and identifier here is made up. PMIDs start with 900 (beyond
the PMIDs PubMed has issued), DOIs use the 10.5555 test prefix, and the MeSH ``UI`` attributes are
placeholders in NLM's format, not checked against MeSH. The layout follows the PubMed DTD as NLM's
baseline files and EFetch responses use it (``PubmedArticleSet/PubmedArticle/MedlineCitation`` with
``PMID``, ``Article``, ``MeshHeadingList``..., then ``PubmedData/ArticleIdList``), including the
parts a reader must cope with: structured abstracts with ``Label``/``NlmCategory``, inline markup
(``<i>``, ``<sup>``, ``<sub>``, ``<u>``) and MathML nested two levels deep, ``Season`` and
``MedlineDate`` publication dates, a group author (``CollectiveName``), ORCID identifiers, several
affiliations per author, DOIs only in ``ELocationID`` or only in ``ArticleIdList``, a reference list
that nests, and blocks no field is read from (grants, chemicals, comments and corrections, history).

:data:`SAMPLES` are seven files with nine records in all, written by :func:`write_samples`;
:func:`write_medline` writes any list of articles (gzipped for ``.gz``, in any XML encoding, with
``DeleteCitation`` blocks). ``data/make_*.py`` use :data:`SCREENING_CORPUS` and :data:`EUTILS` to
write the committed fixtures.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MATHML = "http://www.w3.org/1998/Math/MathML"
DOCTYPE = ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
           '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')


# --- a tiny XML writer: indented like NLM's files, inline text kept as given -----------------------


@dataclass
class El:
    """An element: children are elements, or one string of inline XML (text with markup, pre-escaped)."""

    tag: str
    children: list[El] | str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    def render(self, indent: str = "", step: str = "  ") -> str:
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in self.attrs.items())
        if isinstance(self.children, str):
            return f"{indent}<{self.tag}{attrs}>{self.children}</{self.tag}>" if self.children else (
                f"{indent}<{self.tag}{attrs}/>")
        newline = "\n" if step else ""
        inner = newline.join(c.render(indent + step, step) for c in self.children)
        return f"{indent}<{self.tag}{attrs}>{newline}{inner}{newline}{indent}</{self.tag}>"


def el(tag: str, *children: El | str, **attrs: str) -> El:
    """``el("Year", "2019")`` or ``el("PubDate", el("Year", "2019"))``; a plain str is escaped text."""
    if len(children) == 1 and isinstance(children[0], str):
        return El(tag, escape(children[0]), attrs)
    return El(tag, [c for c in children if c is not None], attrs)


def raw(tag: str, inline_xml: str, **attrs: str) -> El:
    """An element whose content is inline XML as given (``<i>``, ``<sup>``, MathML...)."""
    return El(tag, inline_xml, attrs)


def math(*parts: str) -> str:
    """A MathML formula as PubMed prints it in abstracts, indented over several lines."""
    body = "\n".join(f"            {p}" for p in parts)
    return (f'<mml:math xmlns:mml="{MATHML}">\n          <mml:mrow>\n{body}\n'
            "          </mml:mrow>\n        </mml:math>")


def sub(base: str, index: str) -> str:
    """``base`` with subscript ``index`` in MathML (two levels inside ``mml:math``)."""
    return f"<mml:msub><mml:mi>{base}</mml:mi><mml:mn>{index}</mml:mn></mml:msub>"


# --- the parts of a PubmedArticle --------------------------------------------------------------------


def author(last: str, fore: str, initials: str, *affiliations: str, orcid: str | None = None) -> El:
    return el("Author", el("LastName", last), el("ForeName", fore), el("Initials", initials),
              el("Identifier", orcid, Source="ORCID") if orcid else None,
              *[el("AffiliationInfo", el("Affiliation", a)) for a in affiliations], ValidYN="Y")


def group(name: str) -> El:
    return el("Author", el("CollectiveName", name), ValidYN="Y")


def mesh(ui: str, name: str, major: bool = False, *qualifiers: tuple[str, str, bool]) -> El:
    return el("MeshHeading", el("DescriptorName", name, UI=ui, MajorTopicYN="Y" if major else "N"),
              *[el("QualifierName", q, UI=qui, MajorTopicYN="Y" if qmajor else "N") for qui, q, qmajor in qualifiers])


def date(tag: str, year: int, month: int, day: int, **attrs: str) -> El:
    return el(tag, el("Year", str(year)), el("Month", f"{month:02d}"), el("Day", f"{day:02d}"), **attrs)


PUBLICATION_TYPES = {"Journal Article": "D016428", "Case Reports": "D002363", "Review": "D016454",
                     "Randomized Controlled Trial": "D016449", "Multicenter Study": "D016448",
                     "Research Support, Non-U.S. Gov't": "D013485"}


def article(pmid: str, title: str, *, journal: tuple[str, str], pubdate: list[El], abstract=None,
            authors: list[El] = (), languages=("eng",), publication_types=("Journal Article",),
            elocations: list[tuple[str, str]] = (), article_ids: list[tuple[str, str]] = (),
            mesh_terms: list[El] = (), keywords: list[str] = (), chemicals: list[str] = (),
            grants: list[str] = (), comments: list[str] = (), references: list[str] = (),
            nested_references: list[str] = (), copyright: str | None = None, extra_article: list[El] = (),
            status: str = "MEDLINE") -> El:
    """One ``PubmedArticle``; ``title`` and abstract texts are inline XML (escape ``&``, ``<`` yourself).

    ``abstract`` is one text, or a list of ``(Label, NlmCategory, text)`` for a structured abstract.
    """
    name, iso = journal
    if isinstance(abstract, str):
        abstract_el = el("Abstract", raw("AbstractText", abstract),
                         el("CopyrightInformation", copyright) if copyright else None)
    elif abstract:
        abstract_el = el("Abstract", *[raw("AbstractText", text, Label=label, NlmCategory=category)
                                       for label, category, text in abstract],
                         el("CopyrightInformation", copyright) if copyright else None)
    else:
        abstract_el = None
    article_el = el(
        "Article",
        el("Journal", el("ISSN", "0000-0000", IssnType="Electronic"),
           el("JournalIssue", el("Volume", "12"), el("Issue", "3"), el("PubDate", *pubdate), CitedMedium="Internet"),
           el("Title", name), el("ISOAbbreviation", iso)),
        raw("ArticleTitle", title),
        el("Pagination", el("StartPage", "201"), el("EndPage", "214"), el("MedlinePgn", "201-214")),
        *[el("ELocationID", value, EIdType=kind, ValidYN="Y") for kind, value in elocations],
        abstract_el,
        el("AuthorList", *authors, CompleteYN="Y") if authors else None,
        *[el("Language", lang) for lang in languages],
        el("GrantList", *[el("Grant", el("GrantID", g), el("Agency", "Example Research Foundation"),
                             el("Country", "United Kingdom")) for g in grants], CompleteYN="Y") if grants else None,
        el("PublicationTypeList", *[el("PublicationType", p, UI=PUBLICATION_TYPES[p]) for p in publication_types]),
        *extra_article,
        PubModel="Print-Electronic")
    citation = el(
        "MedlineCitation",
        el("PMID", pmid, Version="1"),
        date("DateRevised", 2024, 1, 15),
        article_el,
        el("MedlineJournalInfo", el("Country", "England"), el("MedlineTA", iso), el("NlmUniqueID", "0000000"),
           el("ISSNLinking", "0000-0000")),
        el("ChemicalList", *[el("Chemical", el("RegistryNumber", "0"), el("NameOfSubstance", c, UI="D000000"))
                             for c in chemicals]) if chemicals else None,
        el("CitationSubset", "IM"),
        el("CommentsCorrectionsList", *[el("CommentsCorrections", el("RefSource", c), el("PMID", "90019999",
                                                                                       Version="1"),
                                           RefType="CommentIn") for c in comments]) if comments else None,
        el("MeshHeadingList", *mesh_terms) if mesh_terms else None,
        el("KeywordList", *[el("Keyword", k, MajorTopicYN="N") for k in keywords], Owner="NOTNLM")
        if keywords else None,
        Status=status, Owner="NLM", IndexingMethod="Manual")
    reference_list = None
    if references:
        inner = el("ReferenceList", el("Title", "Supplementary references"),
                   *[el("Reference", el("Citation", r)) for r in nested_references]) if nested_references else None
        reference_list = el("ReferenceList", *[el("Reference", el("Citation", r),
                                                  el("ArticleIdList", el("ArticleId", f"9003{i:04d}",
                                                                         IdType="pubmed")))
                                               for i, r in enumerate(references)], inner)
    pubmed_data = el(
        "PubmedData",
        el("History", date("PubMedPubDate", 2019, 2, 1, PubStatus="received"),
           date("PubMedPubDate", 2019, 4, 2, PubStatus="accepted"),
           date("PubMedPubDate", 2019, 5, 17, PubStatus="entrez")),
        el("PublicationStatus", "ppublish"),
        el("ArticleIdList", el("ArticleId", pmid, IdType="pubmed"),
           *[el("ArticleId", value, IdType=kind) for kind, value in article_ids]),
        reference_list)
    return el("PubmedArticle", citation, pubmed_data)


def pmid_of(pubmed_article: El) -> str:
    """The PMID of an article made by :func:`article` (its ``MedlineCitation``'s first child)."""
    return pubmed_article.children[0].children[0].children


def ymd(year: int, month: str | None = None, day: int | None = None) -> list[El]:
    return [el("Year", str(year)), el("Month", month) if month else None, el("Day", str(day)) if day else None]


# --- writing files -----------------------------------------------------------------------------------


def medline_document(articles: list[El], *, encoding: str = "UTF-8", pretty: bool = True,
                     deleted: list[str] = ()) -> str:
    """A whole ``PubmedArticleSet`` (with a ``DeleteCitation`` block when ``deleted`` PMIDs are given)."""
    step = "  " if pretty else ""
    body = [a.render("", step) for a in articles]
    if deleted:
        body.append(el("DeleteCitation", *[el("PMID", p, Version="1") for p in deleted]).render("", step))
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n{DOCTYPE}\n<PubmedArticleSet>\n'
            + "\n".join(body) + "\n</PubmedArticleSet>\n")


def write_medline(path: str | Path, articles: list[El], *, encoding: str = "UTF-8", pretty: bool = True,
                  deleted: list[str] = ()) -> Path:
    """Write ``articles`` to ``path`` in ``encoding``; a name ending in ``.gz`` is gzipped."""
    path = Path(path)
    data = medline_document(articles, encoding=encoding, pretty=pretty, deleted=deleted).encode(encoding)
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    return path


# --- the sample records -------------------------------------------------------------------------------

PAEDIATRIC_MYOLOGY = ("Journal of paediatric myology", "J Paediatr Myol")

TRIAL = article(
    "90010001",
    "Subcutaneous methotrexate with a short or a standard prednisolone taper in new-onset juvenile "
    "dermatomyositis: a randomised trial.",
    journal=PAEDIATRIC_MYOLOGY, pubdate=ymd(2019, "May", 16),
    abstract=[
        ("BACKGROUND", "BACKGROUND", ("How fast oral glucocorticoids can be tapered when methotrexate is started "
         "at diagnosis of juvenile dermatomyositis is not known.")),
        ("METHODS", "METHODS", ("In this invented multicentre trial, children aged 3 to 16 years were randomly "
         "assigned to a 6-month or a 12-month prednisolone taper, both with weekly subcutaneous methotrexate. "
         "The primary outcome was inactive disease at 18 months.")),
        ("RESULTS", "RESULTS", ("Inactive disease at 18 months was as frequent with either taper, and growth "
         "velocity was higher with the short taper.")),
        ("CONCLUSIONS", "CONCLUSIONS", "These fictional results exist only to test a MEDLINE reader."),
    ],
    authors=[author("O'Connell", "Siobhan M", "SM", "Department of Paediatric Rheumatology, Example Children's "
                    "Hospital, Dublin, Ireland."),
             author("Haddad", "Rami", "R", "Neuromuscular Unit, Invented University Hospital, Lyon, France."),
             author("Lindqvist", "Karin E", "KE", "Department of Paediatrics, Sample University, Uppsala, Sweden.",
                    "Centre for Clinical Trials, Sample University, Uppsala, Sweden.")],
    publication_types=("Journal Article", "Multicenter Study", "Randomized Controlled Trial"),
    elocations=[("doi", "10.5555/jpm.2019.0142")],
    article_ids=[("doi", "10.5555/jpm.2019.0142"), ("pii", "JPM-2019-0142")],
    mesh_terms=[mesh("D000293", "Adolescent"), mesh("D002648", "Child"), mesh("D002675", "Child, Preschool"),
                mesh("D003882", "Dermatomyositis", False, ("Q000188", "drug therapy", True)),
                mesh("D005260", "Female"), mesh("D006801", "Humans"), mesh("D008297", "Male"),
                mesh("D008727", "Methotrexate", False, ("Q000008", "administration & dosage", True),
                     ("Q000009", "adverse effects", False)),
                mesh("D011239", "Prednisolone", False, ("Q000008", "administration & dosage", False)),
                mesh("D016896", "Treatment Outcome")],
    chemicals=["Glucocorticoids", "Methotrexate", "Prednisolone"],
    comments=["J Paediatr Myol. 2019 May 16;12(3):215-216"],
    extra_article=[el("DataBankList", el("DataBank", el("DataBankName", "ClinicalTrials.gov"),
                                         el("AccessionNumberList", el("AccessionNumber", "NCT09990001"))),
                      CompleteYN="Y")],
)

CALCINOSIS = article(
    "90010002", "Calcinosis in juvenile dermatomyositis: experience with twelve patients.",
    journal=("Archives of childhood skin and muscle disease", "Arch Child Skin Muscle Dis"),
    pubdate=[el("Year", "1991"), el("Season", "Spring")],
    authors=[author("Ferrand", "Jeanne M", "JM")],
    publication_types=("Journal Article", "Review"),
    mesh_terms=[mesh("D002114", "Calcinosis", True, ("Q000209", "etiology", False)), mesh("D002648", "Child"),
                mesh("D003882", "Dermatomyositis", False, ("Q000150", "complications", True)),
                mesh("D006801", "Humans")],
    keywords=["calcinosis", "juvenile dermatomyositis"],
)

ISOENZYMES = article(
    "90010003", "Creatine kinase isoenzymes in the serum of children with muscle disease.",
    journal=("Clinica chimica exempli", "Clin Chim Exempli"), pubdate=ymd(1978, "Sep", 28),
    abstract="Creatine kinase and its MM, MB and BB isoenzymes were measured in serum from children with "
             "muscle disease and from healthy children in this invented study. The pattern of isoenzymes, not "
             "only the total activity, differed between the groups.",
    authors=[author("Okafor", "Chidi T", "CT")],
    article_ids=[("doi", "10.5555/0009-8981(78)90311-2"), ("pii", "0009-8981(78)90311-2")],
    mesh_terms=[mesh("D002648", "Child"), mesh("D003402", "Creatine Kinase", True, ("Q000097", "blood", False)),
                mesh("D006801", "Humans"), mesh("D007527", "Isoenzymes", False, ("Q000097", "blood", True)),
                mesh("D009135", "Muscular Diseases", False, ("Q000097", "blood", False),
                     ("Q000175", "diagnosis", False))],
    chemicals=["Isoenzymes", "Creatine Kinase"],
)

# Names with characters outside ASCII (all in Latin-1, so this file can also be written as ISO-8859-1).
SWIMMERS = article(
    "90010004", "Vitamin D status and muscle strength in adolescent swimmers who train indoors.",
    journal=("International journal of sport and exercise science", "Int J Sport Exerc Sci"),
    pubdate=ymd(2002, "Jan"),
    abstract="Serum 25-hydroxyvitamin D and knee extensor strength were measured in an invented group of "
             "adolescent swimmers in winter and in summer. Lower winter values went with lower strength.",
    copyright="Copyright © 2002 Example Press.",
    authors=[author("Müller", "Jürgen", "J", "Institut für Sportmedizin, Beispiel-Universität, Köln, Germany."),
             author("Lefèvre", "Amélie", "A", "Service de médecine du sport, Hôpital Exemple, Paris, France."),
             author("Peña", "José Luis", "JL"), author("Sørensen", "Mette", "M"), author("Ferreira", "Inês", "I"),
             author("Çelik", "Ahmet", "A"), author("Brown", "Lee", "L")],
    elocations=[("doi", "10.5555/ijses.2002.0007")],
    mesh_terms=[mesh("D000293", "Adolescent"), mesh("D006801", "Humans"), mesh("D053580", "Muscle Strength"),
                mesh("D013550", "Swimming"), mesh("D014807", "Vitamin D", True, ("Q000097", "blood", False))],
)

NODULES = article(
    "90010005", "Root nodule bacteria and nitrogen fixation in field beans under drought.",
    journal=("Journal of invented agronomy", "J Invented Agron"),
    pubdate=[el("MedlineDate", "2001 Winter")],
    abstract="Nodule number and nitrogenase activity were compared in field beans grown with full or with half "
             "irrigation on an imaginary farm. Drought lowered both, and the strains differed in how much.",
    copyright="© 2001 Ødegård & Partners.",
    authors=[author("Ødegård", "Nils", "N", "Institutt for planteforskning, Eksempel, Ås, Norway."),
             author("Gómez", "María", "M")],
    mesh_terms=[mesh("D004334", "Droughts"), mesh("D009586", "Nitrogen Fixation", True),
                mesh("D012231", "Rhizobium", False, ("Q000502", "physiology", True))],
)

SRP_GENETICS = article(
    "90010006",
    "Common variants near <i>SRP14</i> and <i>SRP54</i> in children with necrotising myopathy: a case-control "
    "study.",
    journal=("Genes and immunity in childhood", "Genes Immun Child"), pubdate=ymd(2017, "Mar"),
    abstract=[
        ("BACKGROUND", "BACKGROUND", ("Whether variants near the genes of the signal recognition particle "
         "(<i>SRP14</i>, <i>SRP54</i>) are more common in children with anti-SRP myopathy is unknown.")),
        ("METHODS", "METHODS", ("An invented case-control study genotyped children with necrotising myopathy and "
         "unaffected controls at 120 single-nucleotide variants.")),
        ("RESULTS", "RESULTS", ("No variant reached significance after correction (smallest P = 2 × 10<sup>-6</sup>; "
         "threshold 5 × 10<sup>-8</sup>).")),
        ("CONCLUSIONS", "CONCLUSIONS", "This fictional study found no common variant of large effect."),
    ],
    copyright="© Example Authors 2017.",
    authors=[author("Tanaka", "Haruto", "H", "Department of Pediatrics, Example University, Osaka, Japan.",
                    "Center for Genomic Medicine, Example University, Osaka, Japan."),
             author("Suzuki", "Aoi", "A", "Department of Pediatrics, Example University, Osaka, Japan."),
             author("Kim", "Min-jun", "MJ", "Department of Genetics, Sample Hospital, Seoul, Korea."),
             author("Osei", "Kwame", "K", "Institute of Child Health, Example College, London, UK."),
             author("Rossi", "Giulia", "G", "Pediatric Rheumatology, Sample Hospital, Genova, Italy."),
             author("Novak", "Petra", "P", "Department of Neurology, Example Hospital, Prague, Czechia.")],
    publication_types=("Journal Article", "Research Support, Non-U.S. Gov't"),
    elocations=[("doi", "10.5555/gic.2017.0033"), ("pii", "GIC-2017-0033")],
    mesh_terms=[mesh("D000293", "Adolescent"), mesh("D001323", "Autoantibodies", False, ("Q000097", "blood", True)),
                mesh("D016022", "Case-Control Studies"), mesh("D002648", "Child"), mesh("D005260", "Female"),
                mesh("D020022", "Genetic Predisposition to Disease"), mesh("D006801", "Humans"),
                mesh("D008297", "Male"),
                mesh("D009220", "Myositis", False, ("Q000235", "genetics", True), ("Q000276", "immunology", False)),
                mesh("D020641", "Polymorphism, Single Nucleotide"),
                mesh("D012813", "Signal Recognition Particle", False, ("Q000235", "genetics", True))],
    keywords=["genetic association", "myositis", "signal recognition particle"],
    chemicals=["Autoantibodies", "Signal Recognition Particle"],
    grants=["EX-2015-001", "EX-2016-042"],
    comments=["Genes Immun Child. 2017 Mar;12(3):215-216"],
    extra_article=[date("ArticleDate", 2017, 1, 9, DateType="Electronic")],
)

MRI_ADULTS = article(
    "90010007",
    "Muscle MRI and serum creatine kinase as markers of disease activity in adults with anti-SRP myopathy.",
    journal=("Neuromuscular imaging letters", "Neuromuscul Imaging Lett"), pubdate=ymd(2018, "Jun"),
    abstract=[
        ("OBJECTIVES", "OBJECTIVE", ("To compare thigh muscle MRI with creatine kinase (CK) as markers of activity "
         "in an invented cohort of adults with anti-SRP myopathy.")),
        ("METHODS", "METHODS", ("Oedema on fat-suppressed T<sub>2</sub> images and fat fraction (FF<sub>Dixon</sub>) "
         "were scored at each visit and compared with CK and strength.")),
        ("RESULTS", "RESULTS", ("Oedema scores followed strength more closely than CK did; FF<sub>Dixon</sub> "
         "rose <u>only</u> in muscles with persistent oedema.")),
        ("CONCLUSIONS", "CONCLUSIONS", "In this fictional cohort MRI added to CK for judging activity."),
    ],
    authors=[author("Weber", "Anna", "A", "Department of Neurology, Example University Hospital, Berlin, Germany."),
             author("Costa", "Rui", "R", "Neuroradiology, Sample Hospital, Porto, Portugal."),
             author("Nguyen", "Thi Lan", "TL", "Neuromuscular Centre, Example Hospital, Hanoi, Viet Nam."),
             author("Evans", "Gareth", "G", "Department of Radiology, Example Hospital, Cardiff, UK."),
             author("Kowalski", "Jan", "J", "Department of Neurology, Sample University, Warsaw, Poland.")],
    elocations=[("doi", "10.5555/nil.2018.0077")],
    keywords=["MRI", "anti-SRP", "creatine kinase", "necrotizing myopathy", "outcome measures"],
    grants=["EX-2017-300"],
    comments=["Neuromuscul Imaging Lett. 2018 Jun;12(3):215-216"],
    extra_article=[date("ArticleDate", 2018, 4, 3, DateType="Electronic")],
)

# Text inside markup nested two levels deep (MathML), which imnm reads and pubmed_parser drops.
ALDOLASE_MATH_WORDS = ["T2", "CKmax", "T2"]
ALDOLASE = article(
    "90010008",
    'A "Silent" Rise in Serum Aldolase Before Relapse of Juvenile Dermatomyositis? A <i>Post Hoc</i> Look at '
    "Monthly Samples.",
    journal=("Frontiers in invented paediatrics", "Front Invented Paediatr"), pubdate=ymd(2018, "Aug", 13),
    abstract=(
        "Aldolase and creatine kinase were measured monthly in an invented cohort with juvenile dermatomyositis, "
        "and thigh MRI " + math(sub("T", "2")) + " maps were read at relapse. Aldolase rose above its upper "
        "limit a median of 2 months before relapse while the highest CK ( " + math(sub("CK", "max")) + " ) "
        "stayed normal in 4 of 11 children (<i>r</i> = 0.61; <i>P</i> &lt; 0.01). Muscle " + math(sub("T", "2"))
        + " rose with aldolase. These made-up numbers exist to test how a reader handles MathML "
          "(CK<sub>max</sub>, V<sup>2</sup>)."),
    authors=[author("García-López", "Irene", "I", "Unidad de Reumatología Pediátrica, Hospital Ejemplo, Bilbao, "
                    "Spain."),
             author("Goñi", "Mikel", "M", "Unidad de Reumatología Pediátrica, Hospital Ejemplo, Bilbao, Spain.")],
    elocations=[("doi", "10.5555/fip.2018.01034")],
    article_ids=[("doi", "10.5555/fip.2018.01034"), ("pmc", "PMC9000008")],
    keywords=["aldolase", "biomarker", "creatine kinase", "juvenile dermatomyositis", "magnetic resonance imaging",
              "relapse", "T2 mapping", "children"],
    extra_article=[date("ArticleDate", 2018, 8, 13, DateType="Electronic")],
)

WORKING_GROUP = article(
    "90010009",
    "Whole-body MRI scoring in juvenile myositis: a consensus protocol from an international working group.",
    journal=("Journal of paediatric imaging", "J Paediatr Imaging"), pubdate=ymd(2020, "Nov"),
    abstract=("An invented working group agreed a whole-body MRI score for juvenile myositis, in which oedema is "
              "graded on " + math("<mml:mmultiscripts><mml:mi>T</mml:mi><mml:mn>2</mml:mn><mml:none/>"
                                  "</mml:mmultiscripts>") + " images in 36 muscle groups. The protocol is "
              "fictional."),
    authors=[author("Adeyemi", "Folake", "F", "Department of Radiology, Example Children's Hospital, Lagos, Nigeria.",
                    "Department of Paediatrics, Example University, Lagos, Nigeria.", orcid="0000-0000-0000-0001"),
             author("Schmidt", "Lukas", "L", "Kinderradiologie, Beispielklinik, Hamburg, Germany.",
                    orcid="0000-0000-0000-0002"),
             author("Dubois", "Claire", "C", "Radiologie pédiatrique, Hôpital Exemple, Bordeaux, France."),
             group("Juvenile Myositis Imaging Working Group"),
             author("Hughes", "Megan", "M", "Paediatric Rheumatology, Example Hospital, Bristol, UK.",
                    "School of Medicine, Example University, Bristol, UK.")],
    languages=("eng",), publication_types=("Journal Article", "Review"),
    article_ids=[("doi", "10.5555/jpi.2020.0311"), ("pii", "JPI-2020-0311")],
    keywords=["juvenile myositis", "whole-body MRI", "consensus"],
    references=["Invented A, et al. An imaginary MRI score. J Paediatr Imaging. 2015;7:1-9.",
                "Example B, et al. A fictional atlas of muscle oedema. Neuromuscul Imaging Lett. 2017;9:10-19."],
    nested_references=["Sample C. A made-up supplementary reference. 2016."],
    extra_article=[date("ArticleDate", 2020, 9, 30, DateType="Electronic")],
)

#: Seven sample files, nine records, each file with its own mix of the DTD's features.
SAMPLES: dict[str, list[El]] = {
    "trial.xml": [TRIAL],
    "two_records.xml": [CALCINOSIS, ISOENZYMES],
    "plain_abstracts.xml": [SWIMMERS, NODULES],
    "markup_title.xml": [SRP_GENETICS],
    "structured.xml": [MRI_ADULTS],
    "mathml.xml": [ALDOLASE],
    "working_group.xml": [WORKING_GROUP],
}
COMPACT = {"two_records.xml"}  # written one article a line, as EFetch returns them


def write_samples(folder: str | Path) -> dict[str, Path]:
    """Write :data:`SAMPLES` into ``folder``; returns file name -> path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return {name: write_medline(folder / name, arts, pretty=name not in COMPACT) for name, arts in SAMPLES.items()}


# --- the screening corpus (data/screening_corpus.xml) ---------------------------------------------------
#
# Shaped like the kinds of paper the review meets: a paediatric anti-SRP case report (include), an
# adult one, a paediatric myositis review without SRP, an animal study, and two off-topic records.

SYNTHETIC_JOURNAL = ("Synthetic journal of paediatric rheumatology", "Synth J Paediatr Rheumatol")


def corpus_article(pmid: str, title: str, abstract: str, mesh_terms: list[tuple[str, bool]],
                   publication_types: tuple[str, ...], keywords=(), year: int = 2022, doi: str | None = None,
                   journal=SYNTHETIC_JOURNAL, pubdate: list[El] | None = None) -> El:
    return article(pmid, escape(title), journal=journal, pubdate=pubdate or ymd(year, "Mar"), abstract=escape(abstract),
                   authors=[author("Synthetic", "Ana", "A")], publication_types=publication_types,
                   elocations=[("doi", doi)] if doi else (), keywords=keywords,
                   mesh_terms=[mesh("D000000", name, major) for name, major in mesh_terms])


SCREENING_CORPUS = [
    corpus_article("90000001", "Anti-SRP immune-mediated necrotising myopathy in an 11-year-old girl: a case report.",
                   "We present a girl with proximal weakness, creatine kinase 11 426 U/L and anti-SRP54 antibodies; "
                   "muscle biopsy showed necrotic fibres. She improved with IVIG and rituximab.",
                   [("Child", False), ("Female", False), ("Humans", False), ("Myositis", True),
                    ("Signal Recognition Particle", True), ("Autoantibodies", False)],
                   ("Case Reports", "Journal Article"), ["IMNM", "anti-SRP"], doi="10.5555/synthetic.0001"),
    corpus_article("90000002", "Anti-signal recognition particle myopathy in a 54-year-old man.",
                   "A man presented with severe weakness and dysphagia; anti-SRP antibodies were positive.",
                   [("Adult", False), ("Humans", False), ("Male", False), ("Myositis", True)],
                   ("Case Reports", "Journal Article"), year=2021),
    corpus_article("90000003", "Juvenile dermatomyositis: an update for paediatricians.",
                   "Juvenile dermatomyositis is the commonest inflammatory myopathy of childhood.",
                   [("Child", False), ("Dermatomyositis", True), ("Humans", False)], ("Journal Article", "Review"),
                   year=2020),
    corpus_article("90000004", "Signal recognition particle knockdown causes myopathy in zebrafish.",
                   "Loss of SRP54 in zebrafish larvae produced a necrotising myopathy.",
                   [("Animals", False), ("Zebrafish", False), ("Signal Recognition Particle", True),
                    ("Muscular Diseases", True)], ("Journal Article",), year=2019),
    # off-topic: a trial in children with asthma (matches "child" by MeSH only) ...
    corpus_article("90000005", "As-needed inhaled corticosteroid with a reliever in children with mild asthma: "
                   "an invented randomised trial.",
                   "Children with mild asthma used a reliever alone or a reliever combined with an inhaled "
                   "corticosteroid when needed. This fictional trial compared severe exacerbations over a year.",
                   [("Asthma", True), ("Child", False), ("Humans", False), ("Administration, Inhalation", False)],
                   ("Journal Article", "Randomized Controlled Trial"), doi="10.5555/prt.2018.1865",
                   journal=("Paediatric respiratory trials", "Paediatr Respir Trials"), pubdate=ymd(2018, "May", 17)),
    # ... and one that matches nothing at all
    corpus_article("90000006", "Airborne grass pollen counts in an urban park over ten summers.",
                   "Daily pollen counts from a rooftop trap were related to temperature and rainfall in an "
                   "imaginary city.", [("Pollen", True), ("Poaceae", False), ("Seasons", False)],
                   ("Journal Article",), journal=("Journal of invented aerobiology", "J Invented Aerobiol"),
                   pubdate=[el("Year", "1990"), el("Season", "Spring")]),
]


# --- the E-utilities responses (data/efetch_batch*.xml) -------------------------------------------------

EUTILS = [
    corpus_article("90020001", "Necrotising myopathy with anti-SRP antibodies in a 9-year-old boy: a case report.",
                   "An invented boy with weakness of the neck and hips had high creatine kinase and anti-SRP "
                   "antibodies; his weakness improved over months of treatment.",
                   [("Child", False), ("Male", False), ("Humans", False), ("Myositis", True),
                    ("Signal Recognition Particle", True)], ("Case Reports", "Journal Article"), year=2023,
                   doi="10.5555/eutils.0001"),
    corpus_article("90020002", "Dysphagia as the first sign of anti-SRP myopathy in an adolescent girl.",
                   "We describe a fictional 15-year-old girl whose swallowing difficulty preceded limb weakness.",
                   [("Adolescent", False), ("Female", False), ("Humans", False), ("Deglutition Disorders", True),
                    ("Signal Recognition Particle", True)], ("Case Reports", "Journal Article"), year=2022,
                   doi="10.5555/eutils.0002"),
    corpus_article("90020003", "Two siblings with immune-mediated necrotising myopathy: case reports.",
                   "Two invented siblings aged 6 and 12 years had necrotising myopathy on biopsy; one had anti-SRP "
                   "antibodies.", [("Child", False), ("Humans", False), ("Myositis", True)],
                   ("Case Reports", "Journal Article"), year=2021),
    corpus_article("90020004", "Cardiac involvement in a child with anti-signal recognition particle myositis.",
                   "A fictional 13-year-old had reduced ejection fraction at diagnosis of anti-SRP myositis.",
                   [("Child", False), ("Humans", False), ("Myositis", True), ("Heart Diseases", False)],
                   ("Case Reports", "Journal Article"), year=2020, doi="10.5555/eutils.0004"),
]


def synthetic_medline():
    """The benchmarks' generator of invented baseline-sized files (benchmarks/synthetic_medline.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "synthetic_medline", Path(__file__).resolve().parents[2] / "benchmarks" / "synthetic_medline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
