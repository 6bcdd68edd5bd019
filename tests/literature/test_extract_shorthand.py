"""Clinical shorthand: meeting abstracts, clinical-image vignettes and clinic notes.

Written before the twenty-third blind set (which is in that shorthand) was scored, from the form alone; each
test failed before the change it checks.
"""

from imnm.literature.extract_patterns import extract

NOTE = """Case: 11yo F, 3 mo prox weakness and dysphagia, w/o rash. CK 12,400 U/L (ULN 190). Anti-SRP+, ANA neg,
HMGCR Ab -ve. Bx c/w necrotising myopathy.
Tx: IVMP 30 mg/kg x3d -> pred 2 mg/kg/d + MTX 15 mg/m2/wk SC; RTX 375 mg/m2 x4.
Outcome: remission off tx, f/u 18 mo."""


def _doses(record: dict) -> dict:
    return {c["drug"]: (c["dose"], c["dose_unit"]) for c in record["courses"]}


def test_a_clinic_note_in_shorthand():
    (case,) = extract(NOTE)
    r = case.record
    assert (r["sex"], r["age_years"], r["ck_iu_l"]) == ("F", 11.0, 12400.0)
    assert r["antibodies"] == {"srp": "positive", "hmgcr": "negative"}
    assert r["features"] == ["dysphagia"] and r["features_absent"] == ["cutaneous"]
    assert _doses(r) == {"glucocorticoids": (30.0, "mg/kg"), "methotrexate": (15.0, "mg/m2"),
                         "rituximab": (375.0, "mg/m2")}
    assert (r["outcome_class"], r["follow_up_months"]) == ("remission", 18.0)
    # the evidence quotes the note as written, not the words the shorthand stands for
    assert [e.text for e in case.evidence["age_years"]] == ["11yo"]
    assert [e.text for e in case.evidence["follow_up_months"]] == ["f/u 18 mo"]
    assert NOTE[case.evidence["sex"][0].start:case.evidence["sex"][0].end] == case.evidence["sex"][0].text


def test_ages_and_sexes_as_notes_write_them():
    def age_sex(text):
        r = extract(text + " Anti-SRP+.")[0].record
        return r["age_years"], r["sex"]

    assert age_sex("9yoF with weakness.") == (9.0, "F")
    assert age_sex("8 y/o boy, prox weakness.") == (8.0, "M")
    assert age_sex("2-yo M, floppy.") == (2.0, "M")
    assert age_sex("F, 11 y, weak.") == (11.0, "F")
    assert age_sex("Age/sex: 13 y / F.") == (13.0, "F")
    assert age_sex("18 m/o girl, weak.") == (1.5, "F")
    # a letter with no age beside it is no sex, and "14M" may be months or a boy: neither is read
    assert age_sex("Pt seen in clinic M-F, weak.") == (None, None)
    assert age_sex("14M with weakness.")[1] is None


def test_results_written_plus_or_minus():
    r = extract("8 y/o boy. Anti-SRP pos; anti-HMGCR neg; MDA5 (-); Jo-1 -ve; TIF1-g +ve.")[0].record
    assert r["antibodies"] == {"srp": "positive", "hmgcr": "negative", "mda5": "negative", "jo1": "negative",
                               "tif1g": "positive"}
    # "Dx" names the antibody of the diagnosis
    assert extract("12yo M. Dx: anti-HMGCR IMNM.")[0].record["antibodies"] == {"hmgcr": "positive"}


def test_drug_abbreviations_of_clinic_notes():
    r = extract("14yo F, anti-SRP+. RTX 375 mg/m2 x4, pred 1 mg/kg/d, TAC, CsA 3 mg/kg, TPE x5.")[0].record
    assert _doses(r) == {"rituximab": (375.0, "mg/m2"), "glucocorticoids": (1.0, "mg/kg"),
                         "tacrolimus": (None, None), "ciclosporin": (3.0, "mg/kg"), "plasmapheresis": (None, None)}
    # "CS" is also a caesarean section: not read as a steroid
    assert extract("9yoF born by CS at term. Anti-SRP+.")[0].record["treatments"] == []


def test_a_series_numbered_pt_and_p():
    cases = extract("Three pts w/ anti-SRP IMNM.\nPt 1: 14yo M, CK 9800 U/L, IVIG/RTX.\n"
                    "Pt 2: 8 y/o girl, Hispanic, died @ 10 mo.\nPt 3: 6yo F, pred + MTX, CMAS 52 @ 2y.")
    assert [(c.patient_label, c.record["sex"], c.record["age_years"]) for c in cases] == [
        ("Patient 1", "M", 14.0), ("Patient 2", "F", 8.0), ("Patient 3", "F", 6.0)]
    assert cases[1].record["outcome_class"] == "death"
    abstract = extract("Background: rare.\nResults: P1: 12yo F, anti-SRP+, remission. P2: 15yo M, anti-SRP+, "
                       "ongoing weakness.\nConclusion: early RTX may help.")
    assert [(c.patient_label, c.record["sex"]) for c in abstract] == [("Patient 1", "F"), ("Patient 2", "M")]


def test_follow_up_written_short():
    assert extract("9yoF, anti-SRP+. F/u: 2 yrs, doing well.")[0].record["follow_up_months"] == 24.0
    assert extract("9yoF, anti-SRP+. f/u 18 mo.")[0].record["follow_up_months"] == 18.0


def test_a_drug_and_its_abbreviation_share_the_dose_after_them():
    # "Pred" is now a drug name of its own; the abbreviation in brackets must not cut prednisone off its dose
    (case,) = extract("A 7-year-old girl was started on prednisone (Pred, 2 mg/kg per day).")
    (course,) = case.record["courses"]
    assert (course["dose"], course["dose_unit"], course["as_written"]) == (2.0, "mg/kg", "prednisone 2 mg/kg")
