"""A JSON list of N invented paediatric IMNM patients in the case schema, for import benchmarks.

Every patient is made up from a seeded random generator (the same seed gives the same bytes): no
record, name or value is read or copied from any source. The spread is only meant to look like a
multi-centre registry -- sex, age 1-17 at onset, weight and height growing with age, CK with its unit
and reference range, antibodies, features recorded present or absent, treatment courses with doses
and dates, 1-4 follow-up visits with CMAS and MMT8, an outcome class -- not to describe the disease:
none of these proportions is a clinical fact. About one record in twenty carries a citation (an
invented DOI under the 10.5555 test prefix, each used once), so imports exercise the same-patient
check; the rest are plain local records. The file is written one record at a time.

    .venv/bin/python benchmarks/synthetic_patients.py patients.json --patients 100000 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

# Outcome classes, antigens, features and drugs are the controlled vocabulary's names (imnm.model.vocabulary).
_OUTCOMES = ("remission", "marked_improvement", "improvement", "mild_impairment", "severe_impairment",
             "death", "unknown")
_OUTCOME_WEIGHTS = (20, 30, 22, 12, 6, 2, 8)
_CORE_FEATURES = ("dysphagia", "pulmonary", "cardiac", "cutaneous", "arthritis", "raynaud")
_OTHER_FEATURES = ("lvh", "alopecia", "dysphonia", "calcinosis", "interstitial_lung_disease")
_ANTIGENS = ("srp", "hmgcr")
_OTHER_ANTIGENS = ("ro52", "jo1", "mda5", "tif1g", "nxp2")
# CK: (unit as written, factor from U/L, reference range in that unit)
_CK_UNITS = (("U/L", 1.0, (26, 192)), ("IU/L", 1.0, (24, 170)), ("ukat/L", 1 / 60, (0.4, 3.2)))
_ALDOLASE_RANGE = (1.0, 7.5)
_DRUG_WRITTEN = {"glucocorticoids": ("methylprednisolone", "prednisone", "prednisolone"),
                 "ivig": ("IVIG", "intravenous immunoglobulin"), "methotrexate": ("MTX", "methotrexate"),
                 "rituximab": ("rituximab", "MabThera"), "mycophenolate": ("MMF",),
                 "tacrolimus": ("tacrolimus",), "cyclophosphamide": ("cyclophosphamide",)}
_CENTRES = ("Centre A", "Centre B", "Centre C", "Centre D", "Centre E", "Centre F")


def _weight_height(rng: random.Random, age: float, sex: str) -> tuple[float, float]:
    """A rough growth curve with scatter (made up for the benchmark, not a reference chart)."""
    height = 75 + 6.2 * age + (3 if sex == "M" and age > 13 else 0) + rng.gauss(0, 6)
    weight = max(8.0, (height / 100) ** 2 * rng.uniform(14.5, 22.0))
    return round(weight, 1), round(min(max(height, 70.0), 195.0), 1)


def _course(rng: random.Random, drug: str, diagnosis: dt.date, line: int, weight: float) -> dict:
    start_days = 0 if line == 1 else rng.randint(14, 400)
    start = diagnosis + dt.timedelta(days=start_days)
    stop = start + dt.timedelta(days=rng.randint(1, 720))
    course = {"drug": drug, "drug_as_written": rng.choice(_DRUG_WRITTEN[drug]), "start": start.isoformat(),
              "stop": stop.isoformat(), "line_of_therapy": line}
    if drug == "glucocorticoids":
        course.update(dose=rng.choice((1, 2, 30)), dose_unit="mg/kg", route=rng.choice(("iv", "oral")),
                      frequency="daily", phase="induction")
        if course["dose"] == 30:
            course.update(route="iv", n_doses=3, dose_given=round(min(1000, 30 * weight)),
                          dose_given_unit="mg")
    elif drug == "ivig":
        course.update(dose=rng.choice((1, 2)), dose_unit="g/kg", route="iv", frequency="monthly")
    elif drug == "methotrexate":
        course.update(dose=15, dose_unit="mg/m2", route=rng.choice(("sc", "oral")), frequency="weekly")
    elif drug == "rituximab":
        course.update(dose=rng.choice((375, 750)), dose_unit="mg/m2", route="iv", frequency="every_2_weeks",
                      n_doses=2, phase="escalation")
    else:
        course.update(route="oral", frequency="daily")
    return course


def _visits(rng: random.Random, diagnosis: dt.date, ck_unit: tuple) -> list[dict]:
    unit, factor, (low, high) = ck_unit
    visits = []
    month = 0
    cmas, mmt8 = rng.randint(5, 40), rng.randint(20, 70)
    for i in range(rng.randint(1, 4)):
        date = diagnosis + dt.timedelta(days=round(month * 30.4))
        visit = {"label": "diagnosis" if i == 0 else f"month {month}", "date": date.isoformat(),
                 "months_from_diagnosis": month, "cmas": cmas, "mmt8": mmt8,
                 "physician_global_activity": round(rng.uniform(0, 10), 1)}
        if rng.random() < 0.6:
            ck = rng.uniform(50, 20000) * factor
            visit["labs"] = [{"analyte": "creatine_kinase", "value": round(ck, 2), "unit": unit,
                              "reference_low": low, "reference_high": high, "date": date.isoformat()}]
        if rng.random() < 0.3:
            visit["chaq"] = round(rng.uniform(0, 3), 2)
        visits.append(visit)
        month += rng.randint(1, 12)
        cmas = min(52, max(0, cmas + rng.randint(-3, 12)))
        mmt8 = min(80, max(0, mmt8 + rng.randint(-4, 14)))
    return visits


def patient(rng: random.Random, index: int, seed: int) -> dict:
    """One invented patient as a case record (a dict ready for JSON)."""
    sex = "F" if rng.random() < 0.6 else "M"
    age = round(rng.uniform(1, 17), 1)
    weight, height = _weight_height(rng, age, sex)
    diagnosis = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randint(0, 7300))
    ck_unit = rng.choice(_CK_UNITS)
    unit, factor, (low, high) = ck_unit
    ck = rng.lognormvariate(9.0, 0.8) * factor
    labs = [{"analyte": "creatine_kinase", "value": round(ck, 2), "unit": unit, "reference_low": low,
             "reference_high": high, "date": diagnosis.isoformat()}]
    if rng.random() < 0.5:
        labs.append({"analyte": "aldolase", "value": round(rng.uniform(5, 120), 1), "unit": "U/L",
                     "reference_low": _ALDOLASE_RANGE[0], "reference_high": _ALDOLASE_RANGE[1]})
    main = rng.choices(_ANTIGENS, weights=(85, 15))[0]
    method = rng.choice(("line immunoassay", "ELISA"))
    antibodies = [{"antigen": main, "result": "positive", "method": method}]
    antibodies.append({"antigen": "hmgcr" if main == "srp" else "srp", "result": "negative"})
    if rng.random() < 0.3:
        antibodies.append({"antigen": rng.choice(_OTHER_ANTIGENS),
                           "result": rng.choice(("positive", "negative"))})
    features = [{"feature": f, "present": rng.random() < 0.25} for f in _CORE_FEATURES if rng.random() < 0.8]
    if rng.random() < 0.15:
        features.append({"feature": rng.choice(_OTHER_FEATURES), "present": True})
    others = sorted(set(_DRUG_WRITTEN) - {"glucocorticoids"})
    drugs = ["glucocorticoids", *rng.sample(others, rng.randint(0, 3))]
    treatments = [_course(rng, drug, diagnosis, line, weight) for line, drug in enumerate(drugs, start=1)]
    visits = _visits(rng, diagnosis, ck_unit)
    outcome = rng.choices(_OUTCOMES, weights=_OUTCOME_WEIGHTS)[0]
    record = {
        "source_kind": "local",
        "provenance": {"source": f"synthetic patient {index} (seed {seed})",
                       "location": rng.choice(_CENTRES)},
        "sex": sex, "age_years": age, "weight_kg": weight, "height_cm": height,
        "presentation": {"onset": rng.choice(("acute", "subacute", "insidious")),
                         "duration_months": round(rng.uniform(0.5, 24), 1)},
        "labs": labs, "antibodies": antibodies, "features": features, "treatments": treatments,
        "visits": visits,
        "outcome": {"outcome_class": outcome, "follow_up_months": visits[-1]["months_from_diagnosis"]},
    }
    if index % 20 == 7:
        record["citation"] = {"first_author": "Synthetic", "year": diagnosis.year + 1,
                              "doi": f"10.5555/imnm-synthetic.{seed}.{index}"}
        record["case_label"] = "case 1 of 1"
    return record


def iter_patients(n: int, seed: int = 1):
    rng = random.Random(seed)
    for index in range(n):
        yield patient(rng, index, seed)


def write_patients(path: str | Path, n: int, seed: int = 1) -> Path:
    """Write N invented patients as one JSON list, one record a line, without holding them all."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for i, record in enumerate(iter_patients(n, seed)):
            text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            out.write(("" if i == 0 else ",\n") + text)
        out.write("\n]\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_patients(args.output, args.patients, args.seed)


if __name__ == "__main__":
    main()
