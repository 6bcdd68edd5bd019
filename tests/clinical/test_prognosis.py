"""Antibody prognosis entries: cited, with the seed's statements for anti-SRP in children."""

from pathlib import Path

from imnm.clinical.prognosis import antibody_prognosis
from imnm.knowledge.antibodies import default_antibodies
from imnm.model import Antigen, Case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "index_case.json"


def test_catalogue_covers_the_required_antibodies():
    have = {a.antigen for a in default_antibodies().antibodies}
    for ag in ("srp", "hmgcr", "jo1", "pl7", "pl12", "ej", "oj", "mda5", "tif1g", "nxp2", "mi2", "sae", "ro52"):
        assert Antigen(ag) in have


def test_seed_statements_on_anti_srp_are_verified():
    srp = default_antibodies().profile(Antigen.srp)
    texts = " | ".join(s.text for s in srp.statements if s.verified)
    for phrase in ("fewer than 1% of children", "poor response to steroid", "multiple system involvement",
                   "poorer at early ages", "early intensive treatment"):
        assert phrase in texts


def test_index_case_entries():
    case = Case.model_validate_json(EXAMPLE.read_text())
    entries = antibody_prognosis(case)
    assert [e.antigen for e in entries] == ["srp", "ro52"]
    assert entries[0].prognosis == "poor" and "cardiac" in entries[0].organ_risks
    assert all(s.source for e in entries for s in e.statements)


def test_negative_antibodies_give_no_entry():
    case = Case.model_validate({"source_kind": "local", "antibodies": [{"antigen": "jo1", "result": "negative"}]})
    assert antibody_prognosis(case) == []


def test_anti_tif1_gamma_lists_dysphagia_with_its_source():
    profile = default_antibodies().profile(Antigen.tif1g)
    assert "dysphagia" in profile.organ_risks
    st = next(s for s in profile.statements if "dysphagia" in s.text)
    source = default_antibodies().source(st.source)
    assert source.doi == "10.1371/journal.pone.0154746"
    assert "swallow_study" in profile.workup
