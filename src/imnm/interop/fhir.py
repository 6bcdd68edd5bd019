"""A case as an HL7 FHIR R4 Bundle, and back, with nothing lost.

FHIR R4 resources come from ``fhir.resources.R4B`` (fhir.resources 8 defaults to R5; R4B is the R4
family it ships, wire-compatible with R4 for every resource used here). The mapping:

* Patient: the case id as an identifier, sex as gender; no name (the model has none).
* Condition: IMNM with SNOMED CT, Orphanet, ICD-10 and ICD-10-CM codes, age at onset as onsetAge;
  one more Condition per extramuscular feature (refuted when recorded absent).
* Observation: one per laboratory value (LOINC, UCUM unit, reference range, interpretation H/L/N),
  one per antibody, one per visit with CMAS, MMT8 and the core set measures as components.
* Encounter: one per visit; the visit's labs and scores point to it.
* MedicationStatement: one per treatment course (ATC, dose with its per-kg or per-m2 basis, period).
* Procedure + DiagnosticReport: electromyography, muscle MRI and muscle biopsy.

Codes live in ``knowledge/data/fhir_codes.yaml`` with their sources. Whatever has no FHIR home
(citation, provenance, review flags, the source's own words...) rides along in extensions under
``EXT`` so that ``case_from_bundle(bundle_from_case(c)) == c`` for every case.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from imnm.model import Case, InvalidInput, explain
from imnm.model.limits import unit_key

#: imnm has no published FHIR profiles: its URLs use the reserved .invalid domain, never resolvable.
BASE = "https://imnm.invalid/fhir"
EXT = f"{BASE}/StructureDefinition/"
CS = f"{BASE}/CodeSystem/"
CASE_ID_SYSTEM = f"{BASE}/NamingSystem/case-id"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
_NS = uuid.UUID("6f1c63a2-6a4e-4d0b-9d5e-8f9a3e0c2b71")
_EMPTY = {"empty-object": {}, "empty-list": [], "empty-string": ""}
_FINDINGS = ("electromyography", "magnetic_resonance", "muscle_biopsy")
_SCORES = ("cmas", "mmt8", "physician_global_activity", "patient_global_activity", "chaq", "extramuscular_activity")


@cache
def codes() -> dict[str, Any]:
    """The cited code table (knowledge/data/fhir_codes.yaml)."""
    text = (resources.files("imnm.knowledge") / "data" / "fhir_codes.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


# --- extensions: any JSON value <-> a (complex) FHIR extension ----------------------------------------


def to_extension(url: str, value: Any) -> dict:
    """One value as an extension: scalars as value[x], mappings and lists as nested extensions."""
    if isinstance(value, bool):
        return {"url": url, "valueBoolean": value}
    if isinstance(value, int):
        return {"url": url, "valueInteger": value}
    if isinstance(value, float):
        return {"url": url, "valueDecimal": value}
    if isinstance(value, dt.date):
        return {"url": url, "valueDate": value.isoformat()}
    if isinstance(value, str):
        return {"url": url, "valueString": value} if value.strip() else {"url": url, "valueCode": "empty-string"}
    if isinstance(value, dict):
        if not value:
            return {"url": url, "valueCode": "empty-object"}
        return {"url": url, "extension": [to_extension(k, v) for k, v in value.items() if v is not None]
                + [{"url": "@object", "valueBoolean": True}]}
    if isinstance(value, list | tuple):
        if not value:
            return {"url": url, "valueCode": "empty-list"}
        return {"url": url, "extension": [to_extension("item", v) for v in value]}
    raise TypeError(f"cannot carry {type(value).__name__} in an extension")


def from_extension(ext: dict) -> Any:
    """The value :func:`to_extension` carried."""
    if "valueCode" in ext:
        return json.loads(json.dumps(_EMPTY[ext["valueCode"]]))
    for key in ("valueBoolean", "valueInteger", "valueDecimal", "valueDate", "valueString"):
        if key in ext:
            return ext[key]
    subs = ext.get("extension") or []
    if any(s["url"] == "@object" for s in subs):
        return {s["url"]: from_extension(s) for s in subs if s["url"] != "@object"}
    return [from_extension(s) for s in subs]


def _carry(resource: dict, name: str, rest: dict) -> dict:
    """Put what has no FHIR home in the resource's imnm extension (nothing when there is nothing)."""
    rest = {k: v for k, v in rest.items() if v is not None}
    if rest:
        resource.setdefault("extension", []).append(to_extension(EXT + name, rest))
    return resource


def _carried(resource: dict, name: str) -> dict:
    for ext in resource.get("extension") or []:
        if ext.get("url") == EXT + name:
            return from_extension(ext)
    return {}


# --- small FHIR pieces -------------------------------------------------------------------------------


def _coding(system: str, code: str | None, display: str | None = None) -> dict | None:
    if code is None:
        return None
    out = {"system": system, "code": str(code)}
    if display:
        out["display"] = display
    return out


def _concept(*codings: dict | None, text: str | None = None) -> dict:
    out: dict[str, Any] = {"coding": [c for c in codings if c]}
    if text:
        out["text"] = text
    return out


def _code_in(concept: dict | None, system: str) -> str | None:
    for coding in (concept or {}).get("coding") or []:
        if coding.get("system") == system:
            return coding.get("code")
    return None


def _ucum(unit: str) -> dict:
    code = codes()["ucum"].get(unit_key(unit))
    return {"unit": unit, **({"system": UCUM, "code": code} if code else {})}


def _quantity(value: float, unit: str | None) -> dict:
    return {"value": value, **(_ucum(unit) if unit else {})}


def _interpretation(value: float, low: float | None, high: float | None) -> dict | None:
    """H above the range, L below, N within (HL7 v3 ObservationInterpretation); None without a range."""
    if low is None and high is None:
        return None
    code, display = ("N", "Normal")
    if high is not None and value > high:
        code, display = ("H", "High")
    elif low is not None and value < low:
        code, display = ("L", "Low")
    return _concept(_coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code, display))


# --- export -------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, case: Case):
        self.case = case
        self.doc = case.model_dump(mode="python", exclude_none=True)
        self.entries: list[dict] = []
        self.key = case.id or "case"

    def add(self, kind: str, index: int, resource: dict) -> str:
        full = f"urn:uuid:{uuid.uuid5(_NS, f'{self.key}/{kind}/{index}')}"
        self.entries.append({"fullUrl": full, "resource": resource})
        return full

    def subject(self) -> dict:
        return {"reference": self.entries[0]["fullUrl"]}


def _lab(b: _Builder, lab: dict, encounter: str | None, effective: dt.date | None) -> dict:
    c = codes()["loinc"][lab["analyte"]]
    res: dict[str, Any] = {
        "resourceType": "Observation", "status": "final",
        "category": [_concept(_coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory"))],
        "code": _concept(_coding(LOINC, c["code"], c["display"]), _coding(CS + "analyte", lab["analyte"]),
                         text=lab["analyte"].replace("_", " ")),
        "subject": b.subject(),
        "valueQuantity": _quantity(lab["value"], lab["unit"]),
    }
    low, high = lab.get("reference_low"), lab.get("reference_high")
    if low is not None or high is not None:
        rng = {}
        if low is not None:
            rng["low"] = _quantity(low, lab["unit"])
        if high is not None:
            rng["high"] = _quantity(high, lab["unit"])
        res["referenceRange"] = [rng]
        res["interpretation"] = [_interpretation(lab["value"], low, high)]
    if lab.get("date"):
        res["effectiveDateTime"] = lab["date"].isoformat()
    if encounter:
        res["encounter"] = {"reference": encounter}
    rest = {k: v for k, v in lab.items()
            if k not in {"analyte", "value", "unit", "reference_low", "reference_high", "date"}}
    return _carry(res, "lab", rest)


def _antibody(b: _Builder, ab: dict) -> dict:
    result = ab["result"]
    res: dict[str, Any] = {
        "resourceType": "Observation", "status": "cancelled" if result == "not_tested" else "final",
        "category": [_concept(_coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory"))],
        "code": _concept(_coding(CS + "antigen", ab["antigen"]), text=f"anti-{ab['antigen']} antibody"),
        "subject": b.subject(),
    }
    if result == "not_tested":
        res["dataAbsentReason"] = _concept(
            _coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed", "Not Performed"))
    else:
        sct = codes()["antibody_result"][result]
        res["valueCodeableConcept"] = _concept(_coding(SNOMED, sct["code"], sct["display"]),
                                               _coding(CS + "antibody-result", result), text=result)
    if ab.get("method"):
        res["method"] = {"text": ab["method"]}
    return _carry(res, "antibody", {k: v for k, v in ab.items() if k not in {"antigen", "result", "method"}})


def _scores(b: _Builder, visit: dict, encounter: str) -> dict | None:
    components = []
    for name in _SCORES:
        if name in visit:
            value = visit[name]
            comp = {"code": _concept(_coding(CS + "score", name), text=name.replace("_", " "))}
            comp.update({"valueInteger": value} if name in ("cmas", "mmt8") else {"valueQuantity": {"value": value}})
            components.append(comp)
    if not components:
        return None
    res: dict[str, Any] = {
        "resourceType": "Observation", "status": "final",
        "category": [_concept(_coding("http://terminology.hl7.org/CodeSystem/observation-category", "exam"))],
        "code": _concept(_coding(CS + "score", "visit-scores"), text="CMAS, MMT8 and core set measures"),
        "subject": b.subject(), "encounter": {"reference": encounter}, "component": components,
    }
    if visit.get("date"):
        res["effectiveDateTime"] = visit["date"].isoformat()
    return res


_TIMING = {"once": {"count": 1}, "daily": {"frequency": 1, "period": 1, "periodUnit": "d"},
           "weekly": {"frequency": 1, "period": 1, "periodUnit": "wk"},
           "every_2_weeks": {"frequency": 1, "period": 2, "periodUnit": "wk"},
           "monthly": {"frequency": 1, "period": 1, "periodUnit": "mo"}, "cycle": {}}


def _course(b: _Builder, t: dict) -> dict:
    atc = codes()["atc"][t["drug"]]
    agent = codes()["atc_agents"].get((t.get("agent") or "").lower())
    atc_code = (agent or atc)["code"]
    res: dict[str, Any] = {
        "resourceType": "MedicationStatement", "status": "completed" if t.get("stop") else "unknown",
        "medicationCodeableConcept": _concept(_coding(CS + "drug", t["drug"]), _coding(ATC, atc_code),
                                              text=t.get("agent") or t["drug"]),
        "subject": b.subject(),
    }
    period = {k: t[m].isoformat() for k, m in (("start", "start"), ("end", "stop")) if t.get(m)}
    if period:
        res["effectivePeriod"] = period
    dosage: dict[str, Any] = {}
    if t.get("as_written"):
        dosage["text"] = t["as_written"]
    if t.get("route"):
        route = codes()["route"][t["route"]]
        dosage["route"] = _concept(_coding(SNOMED, route["code"], route["display"]), _coding(CS + "route", t["route"]))
    repeat: dict[str, Any] = dict(_TIMING.get(t.get("frequency"), {}))
    if t.get("n_doses"):
        repeat["count"] = t["n_doses"]
    if t.get("duration_days"):
        repeat["boundsDuration"] = {"value": t["duration_days"], "unit": "d", "system": UCUM, "code": "d"}
    timing: dict[str, Any] = {}
    if t.get("frequency"):
        timing["code"] = _concept(_coding(CS + "frequency", t["frequency"]))
    if repeat:
        timing["repeat"] = repeat
    if timing:
        dosage["timing"] = timing
    rates = []
    dose_type = "http://terminology.hl7.org/CodeSystem/dose-rate-type"
    if t.get("dose") is not None:  # as prescribed: per kg, per m2 or absolute
        rates.append({"type": _concept(_coding(dose_type, "ordered")),
                      "doseQuantity": _quantity(t["dose"], t["dose_unit"])})
    if t.get("dose_given") is not None:  # the absolute amount given
        rates.append({"type": _concept(_coding(dose_type, "calculated")),
                      "doseQuantity": _quantity(t["dose_given"], t["dose_given_unit"])})
    if rates:
        dosage["doseAndRate"] = rates
    if dosage:
        res["dosage"] = [dosage]
    mapped = {"drug", "start", "stop", "as_written", "route", "frequency", "duration_days", "dose",
              "dose_unit", "dose_given", "dose_given_unit"}
    return _carry(res, "course", {k: v for k, v in t.items() if k not in mapped})


def bundle_from_case(case: Case) -> dict:
    """The case as a FHIR R4 Bundle (type collection), validated by fhir.resources; a JSON-ready dict."""
    b = _Builder(case)
    d = b.doc
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if case.id:
        patient["identifier"] = [{"system": CASE_ID_SYSTEM, "value": case.id}]
    if case.sex:
        patient["gender"] = {"F": "female", "M": "male"}[case.sex.value]
    skip = {"id", "sex", "age_years", "presentation", "outcome", "labs", "antibodies", "features", "treatments",
            "visits", "findings"}
    b.add("patient", 0, _carry(patient, "case", {k: v for k, v in d.items() if k not in skip}))

    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "code": _concept(*(_coding(c["system"], c["code"], c["display"]) for c in codes()["condition"]),
                         _coding(CS + "condition", "imnm"), text="immune-mediated necrotising myopathy"),
        "subject": b.subject(),
    }
    if case.age_years is not None:
        condition["onsetAge"] = {"value": case.age_years, "unit": "years", "system": UCUM, "code": "a"}
    b.add("condition", 0, _carry(condition, "disease", {k: d[k] for k in ("presentation", "outcome") if k in d}))

    for i, f in enumerate(d.get("features", [])):
        status = "confirmed" if f.get("present", True) else "refuted"
        res = {"resourceType": "Condition", "subject": b.subject(),
               "verificationStatus": _concept(_coding(
                   "http://terminology.hl7.org/CodeSystem/condition-ver-status", status)),
               "code": _concept(_coding(CS + "feature", f["feature"]), text=f["feature"].replace("_", " "))}
        b.add("feature", i, _carry(res, "feature", {k: v for k, v in f.items() if k not in {"feature", "present"}}))

    for i, lab in enumerate(d.get("labs", [])):
        b.add("lab", i, _lab(b, lab, None, None))
    for i, ab in enumerate(d.get("antibodies", [])):
        b.add("antibody", i, _antibody(b, ab))

    for i, visit in enumerate(d.get("visits", [])):
        enc: dict[str, Any] = {
            "resourceType": "Encounter", "status": "finished", "subject": b.subject(),
            "class": _coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
        }
        if visit.get("date"):
            enc["period"] = {"start": visit["date"].isoformat()}
        rest = {k: v for k, v in visit.items() if k not in {"date", "labs", *_SCORES}}
        encounter = b.add("visit", i, _carry(enc, "visit", rest))
        scores = _scores(b, visit, encounter)
        if scores:
            b.add("scores", i, scores)
        for j, lab in enumerate(visit.get("labs", [])):
            b.add(f"visit{i}-lab", j, _lab(b, lab, encounter, None))

    for i, t in enumerate(d.get("treatments", [])):
        b.add("course", i, _course(b, t))

    for name in _FINDINGS:
        finding = d.get("findings", {}).get(name)
        if finding is None:
            continue
        proc_code = codes()["procedure"][name]
        report: dict[str, Any] = {
            "resourceType": "DiagnosticReport", "status": "final", "subject": b.subject(),
            "code": _concept(_coding(CS + "finding", name), text=proc_code["display"]),
        }
        if finding.get("text"):
            report["conclusion"] = finding["text"]
        report_url = b.add("report", _FINDINGS.index(name),
                           _carry(report, "finding", {k: v for k, v in finding.items() if k not in {"text", "performed"}}))
        b.add("procedure", _FINDINGS.index(name), {
            "resourceType": "Procedure", "subject": b.subject(),
            "status": "completed" if finding.get("performed", True) else "not-done",
            "code": _concept(_coding(SNOMED, proc_code["code"], proc_code["display"]), _coding(CS + "finding", name),
                             text=proc_code["display"]),
            "report": [{"reference": report_url}],
        })

    bundle = {"resourceType": "Bundle", "type": "collection", "entry": b.entries}
    return _validated(bundle).model_dump(mode="json", by_alias=True, exclude_none=True)


def _validated(bundle: Any, source: str | None = None):
    from fhir.resources.R4B.bundle import Bundle

    try:
        return Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise InvalidInput([f"FHIR {line}" for line in explain(exc)], source) from None


# --- import -------------------------------------------------------------------------------------------


def _lab_back(res: dict) -> dict:
    analyte = _code_in(res.get("code"), CS + "analyte")
    if analyte is None:
        by_loinc = {v["code"]: k for k, v in codes()["loinc"].items()}
        analyte = by_loinc.get(_code_in(res.get("code"), LOINC) or "")
    q = res.get("valueQuantity") or {}
    lab: dict[str, Any] = {"analyte": analyte, "value": q.get("value"), "unit": q.get("unit") or q.get("code")}
    rng = (res.get("referenceRange") or [{}])[0]
    if "low" in rng:
        lab["reference_low"] = rng["low"].get("value")
    if "high" in rng:
        lab["reference_high"] = rng["high"].get("value")
    if res.get("effectiveDateTime"):
        lab["date"] = str(res["effectiveDateTime"])[:10]
    return {**lab, **_carried(res, "lab")}


def _course_back(res: dict) -> dict:
    t: dict[str, Any] = {"drug": _code_in(res.get("medicationCodeableConcept"), CS + "drug")}
    period = res.get("effectivePeriod") or {}
    if period.get("start"):
        t["start"] = str(period["start"])[:10]
    if period.get("end"):
        t["stop"] = str(period["end"])[:10]
    dosage = (res.get("dosage") or [{}])[0]
    if dosage.get("text"):
        t["as_written"] = dosage["text"]
    route = _code_in(dosage.get("route"), CS + "route")
    if route:
        t["route"] = route
    timing = dosage.get("timing") or {}
    frequency = _code_in(timing.get("code"), CS + "frequency")
    if frequency:
        t["frequency"] = frequency
    repeat = timing.get("repeat") or {}
    if "boundsDuration" in repeat:
        t["duration_days"] = repeat["boundsDuration"]["value"]
    for rate in dosage.get("doseAndRate") or []:
        kind = _code_in(rate.get("type"), "http://terminology.hl7.org/CodeSystem/dose-rate-type")
        q = rate.get("doseQuantity") or {}
        if kind == "ordered":
            t["dose"], t["dose_unit"] = q.get("value"), q.get("unit")
        elif kind == "calculated":
            t["dose_given"], t["dose_given_unit"] = q.get("value"), q.get("unit")
    return {**t, **_carried(res, "course")}


def case_from_bundle(bundle: Any, *, source: str | None = None) -> Case:
    """The case a Bundle from :func:`bundle_from_case` holds (validated by fhir.resources, then imnm)."""
    validated = _validated(bundle, source).model_dump(mode="json", by_alias=True, exclude_none=True)
    resources_ = [(e.get("fullUrl"), e["resource"]) for e in validated.get("entry") or [] if "resource" in e]
    patients = [r for _, r in resources_ if r["resourceType"] == "Patient"]
    if len(patients) != 1:
        raise InvalidInput([f"entry: expected exactly one Patient, found {len(patients)}"], source)
    patient = patients[0]
    doc: dict[str, Any] = dict(_carried(patient, "case"))
    case_id = next((i.get("value") for i in patient.get("identifier") or [] if i.get("system") == CASE_ID_SYSTEM),
                   None)
    if case_id:
        doc["id"] = case_id
    if patient.get("gender"):
        doc["sex"] = {"female": "F", "male": "M"}.get(patient["gender"], patient["gender"])
    visits: dict[str, dict] = {}
    labs, antibodies, features, treatments = [], [], [], []
    findings: dict[str, dict] = {}
    performed: dict[str, bool] = {}
    for url, res in resources_:
        kind = res["resourceType"]
        if kind == "Condition" and _code_in(res.get("code"), CS + "feature"):
            status = _code_in(res.get("verificationStatus"),
                              "http://terminology.hl7.org/CodeSystem/condition-ver-status")
            features.append({"feature": _code_in(res["code"], CS + "feature"), "present": status != "refuted",
                             **_carried(res, "feature")})
        elif kind == "Condition":
            doc.update(_carried(res, "disease"))
            if res.get("onsetAge"):
                doc["age_years"] = res["onsetAge"]["value"]
        elif kind == "Encounter":
            visit = dict(_carried(res, "visit"))
            if (res.get("period") or {}).get("start"):
                visit["date"] = str(res["period"]["start"])[:10]
            visits[url] = visit
        elif kind == "Observation" and _code_in(res.get("code"), CS + "score") == "visit-scores":
            visit = visits[res["encounter"]["reference"]]
            for comp in res.get("component") or []:
                name = _code_in(comp.get("code"), CS + "score")
                visit[name] = comp["valueInteger"] if "valueInteger" in comp else comp["valueQuantity"]["value"]
        elif kind == "Observation" and _code_in(res.get("code"), CS + "antigen"):
            value = res.get("valueCodeableConcept")
            antibodies.append({"antigen": _code_in(res["code"], CS + "antigen"),
                               "result": _code_in(value, CS + "antibody-result") if value else "not_tested",
                               **({"method": res["method"]["text"]} if res.get("method") else {}),
                               **_carried(res, "antibody")})
        elif kind == "Observation":
            lab = _lab_back(res)
            encounter = (res.get("encounter") or {}).get("reference")
            if encounter:
                visits[encounter].setdefault("labs", []).append(lab)
            else:
                labs.append(lab)
        elif kind == "MedicationStatement":
            treatments.append(_course_back(res))
        elif kind == "DiagnosticReport":
            name = _code_in(res.get("code"), CS + "finding")
            findings[name] = {**_carried(res, "finding"),
                              **({"text": res["conclusion"]} if res.get("conclusion") else {})}
        elif kind == "Procedure":
            performed[_code_in(res.get("code"), CS + "finding")] = res.get("status") != "not-done"
    for name, finding in findings.items():
        if not performed.get(name, True):
            finding["performed"] = False
    doc.update({"labs": labs, "antibodies": antibodies, "features": features, "treatments": treatments,
                "visits": list(visits.values()), "findings": findings})
    try:
        return Case.model_validate(doc)
    except ValidationError as exc:
        raise InvalidInput(explain(exc), source) from None


def read_bundle(text: str, *, source: str | None = None) -> Case:
    """A case from the JSON text of a Bundle."""
    import pydantic_core

    try:
        data = pydantic_core.from_json(text)
    except ValueError as exc:
        raise InvalidInput([f"not valid JSON: {exc}"], source) from None
    return case_from_bundle(data, source=source)


def bundle_json(case: Case) -> str:
    return json.dumps(bundle_from_case(case), indent=2, ensure_ascii=False) + "\n"
