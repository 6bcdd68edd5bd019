"""The thirty-sixth round (issue 16): hospital correspondence, read after the thirty-sixth blind set was scored.
Each test is the project's own probe text, written for the form's errors; none is a corpus text."""

from extract_helpers import one_record as _one
from extract_helpers import records as _records

_RULE = "=" * 40


def test_a_rule_line_between_letters_lets_each_patients_heading_open_its_section():
    text = (f"Correspondence about two children.\n\n{_RULE}\nPATIENT 1 - Hosp. no. AX-401 - boy, 8 years\n{_RULE}\n\n"
            "DISCHARGE SUMMARY\nDiagnosis: acute myositis. CK 6190 U/L on admission.\n\n"
            f"{_RULE}\nPATIENT 2 - Hosp. no. AX-402 - boy, 9 years\n{_RULE}\n\n"
            "DISCHARGE SUMMARY\nDiagnosis: acute myositis. CK 3100 U/L.\n\n"
            f"{'-' * 30}\nCHILD C - 6-year-old girl\nShe has juvenile dermatomyositis with calcinosis.")
    first, second, third = _records(text)
    assert (first["sex"], first["age_years"], first["ck_iu_l"]) == ("M", 8, 6190)
    assert (second["sex"], second["age_years"], second["ck_iu_l"]) == ("M", 9, 3100)
    assert (third["sex"], third["age_years"], third["features"]) == ("F", 6, ["calcinosis"])


def test_initials_then_fields_or_a_registry_number_name_one_child_each():
    text = ("Patient: D.W.    Age: 15 years    Sex: male\nDiagnosis: anti-PL-12 antisynthetase syndrome.\n\n"
            "Re: D.W., 15 y M\nHe is improving on prednisolone.")
    assert _one(text)["treatments"] == ["glucocorticoids"]
    text = ("LETTER 1\nRe: Registry patient JIMNM-E01\nDiagnosis: IMNM, anti-SRP54 positive.\nStarted on IVIG.\n\n"
            "LETTER 2\nRe: Registry patient JIMNM-E02\nDiagnosis: IMNM, anti-HMGCR positive.\nStarted on methotrexate.")
    first, second = _records(text)
    assert (first["antibodies"], first["treatments"]) == ({"srp": "positive"}, ["ivig"])
    assert (second["antibodies"], second["treatments"]) == ({"hmgcr": "positive"}, ["methotrexate"])


def test_a_letters_safety_net_names_no_finding():
    girl = "A 9-year-old girl with juvenile dermatomyositis and a heliotrope rash. "
    for advice in ("Safety net given to parents: fever, abdominal pain, new swallowing difficulty - attend ED.",
                   "Return at once if he develops fever, difficulty swallowing or breathing.",
                   "The family know to call the ward if she develops trouble swallowing or a change in her voice."):
        record = _one(girl + advice)
        assert record["features"] == ["cutaneous"] and record["features_absent"] == [], advice
    # the child's own swallowing difficulty is still read
    assert "dysphagia" in _one(girl + "She has difficulty swallowing solids.")["features"]


def test_a_letters_background_over_a_list_is_the_childs_history():
    text = ("Re: Tom B\nDear colleague,\nI saw Tom today.\n\nBackground:\n- Diagnosed with JDM at the age of six.\n"
            "- Induction: prednisolone 2 mg/kg/day, then methotrexate and IVIG.\n\nPlan: continue.")
    record = _one(text)
    assert record["treatments"] == ["glucocorticoids", "methotrexate", "ivig"]
    # an article's Background in prose stays general
    record = _one("Background: Juvenile dermatomyositis is often treated with methotrexate.\n\nCase: A 7-year-old "
                  "girl with a heliotrope rash received IVIG.")
    assert record["treatments"] == ["ivig"]
