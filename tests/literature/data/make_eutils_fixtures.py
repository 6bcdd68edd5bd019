"""Write the E-utilities fixtures from the peer MEDLINE records (run once; outputs are committed).

The responses are synthesised in NCBI's formats from the peer data, not captured from NCBI.
"""

import re
from pathlib import Path

HERE = Path(__file__).parent
PEER = HERE.parents[3] / "shared" / "peer-data"
PMIDS = ["29768149", "27797938", "28775130", "30108519"]
DOCTYPE = ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
           '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')


def articles() -> dict[str, str]:
    found = {}
    for path in sorted(PEER.glob("*/*.xml")):
        for article in re.findall(r"<PubmedArticle>.*?</PubmedArticle>", path.read_text("utf-8"), re.DOTALL):
            pmid = re.search(r"<PMID[^>]*>(\d+)</PMID>", article).group(1)
            found[pmid] = article
    return found


def main() -> None:
    arts = articles()
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
    for n, batch in enumerate([PMIDS[:2], PMIDS[2:]], start=1):
        body = "\n".join(arts[p] for p in batch)
        (HERE / f"efetch_batch{n}.xml").write_text(
            f'<?xml version="1.0" ?>\n{DOCTYPE}\n<PubmedArticleSet>\n{body}\n</PubmedArticleSet>\n',
            encoding="utf-8")
    (HERE / "esearch_error.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><ERROR>Invalid query syntax</ERROR>'
        "</eSearchResult>\n", encoding="utf-8")


if __name__ == "__main__":
    main()
