"""Every shipped data file loads, every fact is cited, and a broken file fails with field and value."""

import pytest

from imnm.knowledge import validate
from imnm.knowledge.antibodies import default_antibodies
from imnm.knowledge.criteria import enmc_2017, eular_acr_2017, suspicion_rule
from imnm.knowledge.ranges import ReferenceRangeTable
from imnm.knowledge.regimens import default_regimens
from imnm.knowledge.workup import default_workup
from imnm.model.errors import InvalidInput


def test_all_files_load_and_cite_a_doi():
    for loaded in (default_antibodies(), enmc_2017(), eular_acr_2017(), suspicion_rule(), default_regimens(),
                   default_workup()):
        assert loaded.sources and all(s.doi for s in loaded.sources)


def test_suspicion_rule_is_the_seeds():
    r = suspicion_rule()
    assert r.ck_threshold_iu_l == 10000 and tuple(r.ck_uln_multiple_band) == (20, 50) and r.verified


def test_eular_cutoffs():
    c = eular_acr_2017().cutoffs
    assert (c.without_biopsy.probable, c.without_biopsy.definite) == (5.5, 7.5)
    assert (c.with_biopsy.probable, c.with_biopsy.definite) == (6.7, 8.7)


def test_every_regimen_declares_verification():
    for r in default_regimens().regimens:
        assert r.verification_note
    share = next(r for r in default_regimens().regimens if r.id == "methotrexate_share")
    assert (share.dose, share.dose_high, share.cap, share.verified) == (15, 20, 40, True)


def test_broken_data_file_names_field_and_value():
    raw = {"sources": [{"id": "x", "authors": "A", "title": "t", "year": 2020}],
           "ranges": [{"analyte": "creatine_kinase", "unit": "U/L", "low": 300, "high": 200, "source": "x"}]}
    with pytest.raises(InvalidInput, match="low 300.0 must be below high 200.0"):
        validate(ReferenceRangeTable, raw, "ranges.yaml")
    raw["ranges"][0] |= {"low": 1, "source": "nobody"}
    with pytest.raises(InvalidInput, match="unknown source 'nobody'"):
        validate(ReferenceRangeTable, raw, "ranges.yaml")


@pytest.mark.parametrize("loader", [enmc_2017, eular_acr_2017, suspicion_rule])
def test_a_criteria_set_must_cite_one_of_its_sources(loader):
    from imnm.knowledge import shipped

    loaded = loader()
    name = {"Enmc2017": "enmc_2017.yaml", "EularAcr2017": "eular_acr_2017.yaml",
            "SuspicionRule": "suspicion.yaml"}[type(loaded).__name__]
    raw = dict(shipped(name)) | {"source": "nobody"}
    with pytest.raises(InvalidInput, match="the criteria set cites unknown source 'nobody'"):
        validate(type(loaded), raw, name)
    assert loaded.citation.id == shipped(name)["source"]


def test_eular_biopsy_requirement_is_cited():
    from imnm.knowledge.criteria import eular_acr_2017

    d = eular_acr_2017()
    req = d.biopsy_requirement
    assert set(req.when_none_present) == {"heliotrope_rash", "gottron_papules", "gottron_sign"}
    assert req.verified and d.source(req.source).url
    assert {"finger_flexor_weakness", "response_to_treatment"} <= set(d.subclassification.ibm_inputs)
