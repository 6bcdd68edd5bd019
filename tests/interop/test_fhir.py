"""FHIR R4: every case goes out as a Bundle and comes back field for field."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from imnm.cli import app
from imnm.cohort.dataset import load_cohort
from imnm.interop.fhir import (
    ATC,
    CASE_ID_SYSTEM,
    UCUM,
    bundle_from_case,
    case_from_bundle,
    codes,
    from_extension,
    to_extension,
)
from imnm.model import Case, InvalidInput


def _differences(a: Case, b: Case, path: str = "") -> list[str]:
    """Field-by-field comparison, so a failure names the field that was lost."""
    da, db = a.model_dump(), b.model_dump()

    def walk(x, y, where):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in set(x) | set(y):
                yield from walk(x.get(k), y.get(k), f"{where}.{k}")
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y, strict=True)):
                yield from walk(p, q, f"{where}[{i}]")
        elif x != y or type(x) is not type(y) and not (isinstance(x, float | int) and isinstance(y, float | int)):
            yield f"{where}: {x!r} != {y!r}"

    return list(walk(da, db, path))


def _round_trip(case: Case) -> Case:
    return case_from_bundle(json.loads(json.dumps(bundle_from_case(case))))


@pytest.mark.parametrize("case", load_cohort(), ids=lambda c: c.id)
def test_every_cohort_case_survives_the_round_trip(case):
    back = _round_trip(case)
    assert _differences(case, back) == []
    assert back == case


def test_a_local_case_with_everything_survives_the_round_trip(local_case):
    for n in range(3):
        case = local_case(n, identifiers=n == 2)
        back = _round_trip(case)
        assert _differences(case, back) == []
        assert back == case


def test_letters_patient_resources_and_codes():
    case = next(c for c in load_cohort() if c.id == "toledo-del-castillo-2024")
    bundle = bundle_from_case(case)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    resources = [e["resource"] for e in bundle["entry"]]
    kinds = [r["resourceType"] for r in resources]
    patient = resources[0]
    assert patient["resourceType"] == "Patient" and "name" not in patient and patient["gender"] == "female"
    assert patient["identifier"] == [{"system": CASE_ID_SYSTEM, "value": "toledo-del-castillo-2024"}]
    condition = next(r for r in resources if r["resourceType"] == "Condition")
    systems = {c["system"]: c["code"] for c in condition["code"]["coding"]}
    assert systems["http://snomed.info/sct"] == "715863001"
    assert systems["http://hl7.org/fhir/sid/icd-10"] == "G72.4"
    assert condition["onsetAge"] == {"value": 10.0, "unit": "years", "system": UCUM, "code": "a"}
    ck = next(r for r in resources if r["resourceType"] == "Observation"
              and any(c.get("code") == "2157-6" for c in r["code"]["coding"]))
    assert ck["valueQuantity"] == {"value": 11426.0, "unit": "U/L", "system": UCUM, "code": "U/L"}
    assert ck["referenceRange"][0]["high"]["value"] == 192.0
    assert ck["interpretation"][0]["coding"][0]["code"] == "H"
    assert kinds.count("MedicationStatement") == len(case.treatments) == 6
    assert kinds.count("Encounter") == len(case.visits)
    assert kinds.count("Procedure") == kinds.count("DiagnosticReport") == 3
    rituximab = next(r for r in resources if r["resourceType"] == "MedicationStatement"
                     and r["medicationCodeableConcept"]["text"] == "rituximab")
    assert {"system": ATC, "code": codes()["atc"]["rituximab"]["code"]} in rituximab["medicationCodeableConcept"]["coding"]
    ordered, given = rituximab["dosage"][0]["doseAndRate"]
    assert ordered["doseQuantity"] == {"value": 375.0, "unit": "mg/m2", "system": UCUM, "code": "mg/m2"}
    assert given["doseQuantity"]["value"] == 500.0 and given["doseQuantity"]["unit"] == "mg"
    antibodies = [r for r in resources if r["resourceType"] == "Observation" and "valueCodeableConcept" in r]
    assert len(antibodies) == 2
    scores = [r for r in resources if r["resourceType"] == "Observation" and "component" in r]
    assert [c["valueInteger"] for s in scores for c in s["component"]] == [9, 45]


def test_visit_labs_scores_and_interpretations_of_a_local_case(local_case):
    case = local_case(1)
    resources = [e["resource"] for e in bundle_from_case(case)["entry"]]
    encounters = [e for e in bundle_from_case(case)["entry"] if e["resource"]["resourceType"] == "Encounter"]
    visit_labs = [r for r in resources if r["resourceType"] == "Observation" and "valueQuantity" in r
                  and r.get("encounter")]
    assert [lab["encounter"]["reference"] for lab in visit_labs] == [encounters[0]["fullUrl"]]
    interpretations = [r["interpretation"][0]["coding"][0]["code"] for r in resources
                       if r["resourceType"] == "Observation" and "interpretation" in r]
    assert interpretations == ["H", "H", "L", "H"]  # CK, aldolase, CRP below its range, visit CK
    tsh = next(r for r in resources if any(c.get("code") == "thyroid_stimulating_hormone"
                                            for c in r.get("code", {}).get("coding", [])))
    assert "interpretation" not in tsh and tsh["valueQuantity"]["code"] == "m[IU]/L"
    mri = next(r for r in resources if r["resourceType"] == "Procedure"
               and r["code"]["coding"][-1]["code"] == "magnetic_resonance")
    assert mri["status"] == "not-done"
    not_tested = next(r for r in resources if r.get("status") == "cancelled")
    assert not_tested["dataAbsentReason"]["coding"][0]["code"] == "not-performed"
    refuted = [r for r in resources if r["resourceType"] == "Condition" and "verificationStatus" in r
               and r["verificationStatus"]["coding"][0]["code"] == "refuted"]
    assert len(refuted) == 1


def test_every_analyte_and_drug_has_a_code_with_its_source():
    from imnm.model import Analyte, Drug

    table = codes()
    assert set(table["loinc"]) == {a.value for a in Analyte}
    assert set(table["atc"]) == {d.value for d in Drug}
    for entry in [*table["condition"], *table["loinc"].values(), *table["atc"].values()]:
        assert isinstance(entry["verified"], bool) and entry["source"]


def test_extension_codec_keeps_types_and_empties():
    value = {"a": 1, "b": 2.5, "c": True, "d": "x", "e": [], "f": {}, "g": "", "h": [{"i": [1, 2]}]}
    assert from_extension(to_extension("https://imnm.invalid/x", value)) == value


def test_a_bundle_without_a_patient_or_with_a_bad_value_is_one_clear_error(local_case):
    bundle = bundle_from_case(local_case(0))
    no_patient = {**bundle, "entry": bundle["entry"][1:]}
    with pytest.raises(InvalidInput, match="exactly one Patient"):
        case_from_bundle(no_patient)
    bad = json.loads(json.dumps(bundle))
    bad["entry"][0]["resource"]["gender"] = "robot"
    with pytest.raises(InvalidInput, match="sex: got .robot."):
        case_from_bundle(bad)
    lab = next(e["resource"] for e in bad["entry"] if e["resource"].get("valueQuantity"))
    bad["entry"][0]["resource"]["gender"] = "female"
    lab["valueQuantity"]["unit"] = "furlongs"
    with pytest.raises(InvalidInput, match="unit"):
        case_from_bundle(bad)


def test_cli_export_then_import_round_trips(tmp_path):
    out = tmp_path / "case.json"
    runner = CliRunner()
    result = runner.invoke(app, ["case", "export", "rider-1994", "--format", "fhir", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["resourceType"] == "Bundle"
    # the same patient is already stored: importing the identical record adds nothing
    result = runner.invoke(app, ["case", "import", str(out), "--format", "fhir"])
    assert result.exit_code == 0, result.output
    assert "0 added" in result.output and "1 already stored" in result.output
