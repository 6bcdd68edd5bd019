"""Work-up checklist: the seed's differential groups and systemic evaluation, done / abnormal / missing."""

from pathlib import Path

from imnm.clinical.prognosis import antibody_prognosis
from imnm.clinical.workup import workup_checklist
from imnm.model import Case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "index_case.json"


def statuses(case):
    return {w.item: w.status for w in workup_checklist(case, antibody_prognosis(case))}


def test_index_case_checklist():
    s = statuses(Case.model_validate_json(EXAMPLE.read_text()))
    for group in ("infectious", "neurological", "metabolic", "toxic", "endocrine", "oncological"):
        assert s[group] == "excluded"
    assert s["autoimmune"] == "done_abnormal"
    for item in ("echocardiography", "spirometry", "dlco", "swallow_study"):
        assert s[item] == "done_normal"
    assert s["muscle_mri"] == s["emg"] == s["muscle_biopsy"] == "done_abnormal"
    assert s["biopsy_hla_class_i"] == s["biopsy_p62"] == "done_abnormal"
    assert s["biopsy_mac"] == "missing" and s["ecg"] == "missing"


def test_empty_case_is_all_missing():
    s = statuses(Case.model_validate({"source_kind": "local"}))
    assert set(s.values()) == {"missing"}


def test_synonyms_and_antibody_driven_items():
    case = Case.model_validate({
        "source_kind": "local", "workup": [{"item": "videofluoroscopy", "done": True, "abnormal": True}],
        "antibodies": [{"antigen": "jo1", "result": "positive"}],
    })
    items = {w.item: w for w in workup_checklist(case, antibody_prognosis(case))}
    assert items["swallow_study"].status == "done_abnormal"
    assert items["chest_hrct"].status == "missing" and "anti-JO1" in items["chest_hrct"].reason
