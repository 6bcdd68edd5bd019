"""The bedside assessment is byte-for-byte what it was before the speed work (issue 17).

``data/assessment_reference.json.xz`` holds 600 varied cases (the letter's patient with her data
changed, dropped or re-spelled by a seeded generator: weight, height, BSA method, labs with and
without their range, units, antibodies, examination, biopsy, work-up, treatments, visits) and, for
each, the compact JSON document the assessment gave, or its error, computed by the code as it was
before the per-process indices of the reference data. Any change to a clinical result, a wording, a
number's formatting or a key order fails here. Regenerate it (``python <this file> --write``) only
for a reviewed clinical change, never to make a speed change pass.
"""

from __future__ import annotations

import json
import lzma
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imnm.clinical.assessment import Assessment, assess
from imnm.model import Case
from imnm.model.limits import CMAS_ITEMS, MMT8_ITEMS

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).with_name("data") / "assessment_reference.json.xz"
METHODS = ("mosteller", "haycock", "dubois", "gehan_george")
ANTIGENS = ("srp", "hmgcr", "jo1", "ro52", "mda5", "tif1g", "nxp2", "pl7", "pl12")
RESULTS = ("positive", "negative", "not_tested")
ENZYMES = ("creatine_kinase", "aldolase", "lactate_dehydrogenase", "alanine_aminotransferase",
           "aspartate_aminotransferase")
UNITS = (("U/L", 1.0), ("IU/L", 1.0), ("ukat/L", 1 / 60), ("mU/mL", 1.0))
AGENTS = {"glucocorticoids": ("methylprednisolone", "prednisone", "prednisolone", None),
          "methotrexate": ("methotrexate", None), "rituximab": ("rituximab", None), "ivig": ("ivig", None),
          "cyclophosphamide": ("cyclophosphamide", None), "tacrolimus": ("tacrolimus", None),
          "mycophenolate": ("mycophenolate mofetil", None)}
DOSE_UNITS = ("mg", "g", "mg/kg", "g/kg", "mg/m2", "g/m2")
FREQUENCIES = ("once", "daily", "weekly", "every_2_weeks", "monthly", "cycle", None)
WORKUP = ("echocardiography", "echo", "ecg", "ekg", "spirometry", "lung_function", "dlco", "swallow_study",
          "videofluoroscopy", "muscle_mri", "mri", "emg", "muscle_biopsy", "chest_hrct", "hrct", "capillaroscopy")
DIFFERENTIAL = ("infectious", "neurological", "metabolic", "toxic", "endocrine", "oncological", "autoimmune")


def index_case() -> dict:
    return json.loads((ROOT / "examples" / "index_case.json").read_text(encoding="utf-8"))


def _maybe(rng: random.Random, value, p: float = 0.25):
    return None if rng.random() < p else value


def _tri(rng: random.Random):
    return rng.choice((True, False, None))


def _labs(rng: random.Random, labs: list[dict]) -> list[dict]:
    out = []
    for lab in labs:
        if rng.random() < 0.15:
            continue
        lab = dict(lab)
        unit, factor = rng.choice(UNITS)
        scale = rng.choice((0.2, 0.9, 1, 3, 30, 120))
        lab["value"] = round(lab["value"] * scale * factor, rng.choice((0, 1, 2)))
        if rng.random() < 0.4:  # the default range of the reference data
            lab.pop("reference_low", None)
            lab.pop("reference_high", None)
            lab["unit"] = unit
        elif rng.random() < 0.5:
            lab["unit"] = unit
            lab["reference_low"] = round(lab["reference_low"] * factor, 3) if rng.random() < 0.8 else None
            lab["reference_high"] = round(lab["reference_high"] * factor, 3)
        out.append(lab)
    if rng.random() < 0.2:
        out.append({"analyte": rng.choice(ENZYMES), "value": rng.choice((15.0, 400.0, 25000.0)), "unit": "U/L"})
    rng.shuffle(out)
    return out


def _examination(rng: random.Random, exam: dict) -> dict | None:
    if rng.random() < 0.1:
        return None
    exam = dict(exam)
    complete = rng.random() < 0.3  # every sign recorded: the criteria can then decide either way
    for key in ("proximal_weakness_upper_limbs", "proximal_weakness_lower_limbs", "neck_flexors_weaker_than_extensors",
                "legs_proximal_weaker_than_distal", "heliotrope_rash", "gottron_papules", "gottron_sign",
                "finger_flexor_weakness", "dysphagia_or_oesophageal_dysmotility", "myalgia"):
        if complete:
            exam[key] = rng.random() < 0.3
        elif rng.random() < 0.35:
            exam[key] = _tri(rng)
    if rng.random() < 0.35:
        exam["weakness_severity"] = rng.choice(("none", "mild", "moderate", "marked", None))
    if rng.random() < 0.35:
        exam["skin_lesions"] = rng.choice(("none", "minimal", "prominent", None))
    if rng.random() < 0.2:
        exam["response_to_treatment"] = rng.choice(("response", "no_response", None))
    if rng.random() < 0.3:
        exam["cmas_items"] = {i.key: rng.randint(0, i.max) for i in CMAS_ITEMS}
    if rng.random() < 0.3:
        exam["mmt8_items"] = {i.key: rng.randint(0, i.max) for i in MMT8_ITEMS}
    return exam


def _findings(rng: random.Random, findings: dict) -> dict:
    out = {}
    if rng.random() < 0.8:
        out["electromyography"] = {"performed": rng.random() < 0.85, "myopathic": _tri(rng), "text": "emg"}
    if rng.random() < 0.8:
        out["magnetic_resonance"] = {"performed": rng.random() < 0.85, "oedema": _tri(rng),
                                     "fatty_replacement": _tri(rng), "text": _maybe(rng, "mri")}
    if rng.random() < 0.8:
        bx = dict(findings["muscle_biopsy"]) if rng.random() < 0.4 else {"performed": rng.random() < 0.85}
        complete = rng.random() < 0.3
        for key in ("necrosis", "regeneration", "perifascicular_atrophy", "rimmed_vacuoles"):
            if complete or rng.random() < 0.5:
                bx[key] = rng.random() < 0.3 if complete else _tri(rng)
        if complete or rng.random() < 0.5:
            bx["inflammation"] = rng.choice(("none", "minimal", "mild", "moderate", "marked", None))
        for key, values in (("hla_class_i", ("absent", "focal", "diffuse")), ("p62", ("absent", "present")),
                            ("mac", ("absent", "present"))):
            if rng.random() < 0.5:
                bx[key] = rng.choice((*values, None))
        out["muscle_biopsy"] = bx
    return out


def _treatments(rng: random.Random, treatments: list[dict]) -> list[dict]:
    out = [dict(t) for t in treatments if rng.random() < 0.7]
    for _ in range(rng.randint(0, 3)):
        drug = rng.choice(sorted(AGENTS))
        course: dict = {"drug": drug, "agent": rng.choice(AGENTS[drug]), "frequency": rng.choice(FREQUENCIES)}
        unit = rng.choice(DOSE_UNITS)
        course["dose"] = rng.choice((0.5, 1, 2, 6.6, 15, 30, 125, 375, 750, 1000, 2.5e3))
        course["dose_unit"] = unit
        if rng.random() < 0.3:
            course["dose_given"] = rng.choice((5, 10, 60, 500, 1))
            course["dose_given_unit"] = rng.choice(("mg", "g"))
        out.append({k: v for k, v in course.items() if v is not None})
    return out


def varied_case(rng: random.Random) -> dict:
    """The index case with a random share of its data changed, dropped or re-spelled."""
    case = index_case()
    case["weight_kg"] = _maybe(rng, round(rng.uniform(2.5, 110), rng.choice((0, 1, 3))), 0.15)
    case["height_cm"] = _maybe(rng, round(rng.uniform(48, 190), 1), 0.3)
    case["body_surface_area_m2"] = _maybe(rng, round(rng.uniform(0.2, 2.4), 2), 0.6)
    age = _maybe(rng, rng.choice((round(rng.uniform(0.5, 17.9), 1), rng.choice((18, 25, 39.5, 40, 62)))), 0.15)
    case["age_years"] = age
    case["age_at_presentation_years"] = None if age is None or rng.random() < 0.3 else age + 1
    case["sex"] = rng.choice(("F", "M", None))
    case["examination"] = _examination(rng, case["examination"])
    case["labs"] = _labs(rng, case["labs"])
    case["antibodies"] = [{"antigen": a, "result": rng.choice(RESULTS)}
                          for a in rng.sample(ANTIGENS, rng.randint(0, 4))]
    case["findings"] = _findings(rng, case["findings"])
    case["features"] = [f for f in case["features"] if rng.random() < 0.7]
    if rng.random() < 0.3:
        case["features"].append({"feature": "dysphagia", "present": rng.random() < 0.5})
    case["workup"] = [{"item": w, "done": rng.random() < 0.8, "abnormal": _tri(rng), "result": _maybe(rng, f"{w} seen")}
                      for w in rng.sample(WORKUP, rng.randint(0, 6))]
    case["differential_excluded"] = rng.sample(DIFFERENTIAL, rng.randint(0, 7))
    case["treatments"] = _treatments(rng, case["treatments"])
    case["visits"] = [{"label": rng.choice(("diagnosis", "follow-up", None)), "months_from_diagnosis": m,
                       "cmas": _maybe(rng, rng.randint(0, 52)), "mmt8": _maybe(rng, rng.randint(0, 80))}
                      for m in sorted(rng.sample(range(36), rng.randint(0, 3)))]
    exam = case["examination"] or {}
    for score in ("cmas", "mmt8"):  # mostly a baseline total that agrees with the items (else an error)
        if exam.get(f"{score}_items") and rng.random() < 0.85:
            for visit in case["visits"]:
                visit[score] = sum(exam[f"{score}_items"].values())
    if rng.random() < 0.5:
        case["review_flags"] = case["review_flags"][: rng.randint(0, len(case["review_flags"]))]
    return case


def document(case: Case, method: str) -> str:
    """What the API returns (compact JSON), or the error the service turns into one clear line."""
    try:
        return assess(case, bsa_method=method).model_dump_json()  # type: ignore[arg-type]
    except ValueError as exc:
        return f"ValueError: {exc}"


def generate(n: int = 600, seed: int = 17) -> list[dict]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        raw = varied_case(rng)
        try:
            case = Case.model_validate(raw)
        except ValueError:
            continue  # the model refused it: the registry never holds it, the assessment never sees it
        method = rng.choice(METHODS)
        stored = case.model_dump(mode="json", exclude_none=True)
        out.append({"case": stored, "bsa_method": method, "document": document(Case.model_validate(stored), method)})
    return out


@pytest.fixture(scope="module")
def reference() -> list[dict]:
    with lzma.open(REFERENCE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def test_the_reference_covers_what_the_assessment_branches_on(reference):
    documents = [json.loads(r["document"]) for r in reference if not r["document"].startswith("ValueError")]
    assert len(reference) == 600 and len(documents) > 500
    assert {r["bsa_method"] for r in reference} == set(METHODS)
    assert {d["eular_acr_2017"]["category"] for d in documents} >= {"indeterminate", "requires_muscle_biopsy",
                                                                   "not_iim", "definite"}
    assert {d["suspect_imnm"]["status"] for d in documents} == {"suspect_imnm", "not_suspected", "incomplete"}
    assert any(d["enmc_2017"]["subtype"] for d in documents) and any(not d["enmc_2017"]["subtype"] for d in documents)
    assert any(lab["range_source"].startswith("default range") for d in documents for lab in d["labs"])
    assert any(d["cmas"] and d["cmas"]["items"] for d in documents) and any(d["mmt8"] for d in documents)
    assert any("capped at" in regimen["calculation"] for d in documents for regimen in d["regimens"])
    assert any(dose["warnings"] for d in documents for dose in d["doses"]) and any(d["criteria_agreement"]
                                                                                  for d in documents)
    assert any(r["document"].startswith("ValueError") for r in reference)


def test_every_reference_case_gives_the_same_document_as_before(reference):
    changed = []
    for i, r in enumerate(reference):
        if document(Case.model_validate(r["case"]), r["bsa_method"]) != r["document"]:
            changed.append(i)
    assert not changed, f"{len(changed)} of {len(reference)} documents changed, first: case {changed[:5]}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), method=st.sampled_from(METHODS))
def test_a_document_is_what_validating_it_again_gives(seed, method):
    """Nothing built without validation (reference data read once, results assembled from them) differs
    from what the validated models hold: the document survives a round trip unchanged."""
    raw = varied_case(random.Random(seed))
    try:
        case = Case.model_validate(raw)
    except ValueError:
        return
    doc = document(case, method)
    if doc.startswith("ValueError"):
        return
    assert Assessment.model_validate_json(doc).model_dump_json() == doc


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    REFERENCE.parent.mkdir(exist_ok=True)
    with lzma.open(REFERENCE, "wt", encoding="utf-8", preset=9) as fh:
        json.dump(generate(), fh, separators=(",", ":"))
    print(f"wrote {REFERENCE}")
