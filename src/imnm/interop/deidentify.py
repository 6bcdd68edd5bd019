"""Exports for sharing: free text kept out of local cases, and a de-identified research export.

The research export follows the HIPAA Safe Harbor method (45 CFR 164.514(b)(2)) as far as the model
allows: no names, ids, labels or curators; no calendar dates (each becomes days from diagnosis); ages
over 89 reported as "90 or older"; free text dropped unless asked for, and then with every stretch that
looks like an identifier removed (:mod:`imnm.model.identifiers`); case ids replaced by stable
pseudonyms, a keyed hash (HMAC-SHA256) under a secret that never leaves the registry's machine.
Published (literature) cases keep their article and year, which are public.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Any

from imnm.model import Case
from imnm.model.identifiers import find_identifiers, redact

KEY_ENV = "IMNM_PSEUDONYM_KEY"
#: Safe Harbor: ages over 89 are aggregated into one category.
AGE_TOP_CODE = 89
AGE_TOP_LABEL = "90 or older"
#: Days in an average Gregorian month, to turn months from diagnosis into days when no date anchors them.
DAYS_PER_MONTH = 365.2425 / 12


# --- free text out of local cases (the default of every shared export) -------------------------------


def strip_free_text(case: Case) -> Case:
    """A local case without its free text (presentation, outcome, notes, the source's words, labels of
    visits stay); literature cases are returned unchanged: their words are published."""
    if case.source_kind != "local":
        return case
    d = case.model_dump(exclude_none=True)
    d.get("presentation", {}).pop("text", None)
    d.get("outcome", {}).pop("outcome_text", None)
    (d.get("provenance") or {}).pop("notes", None)
    if d.get("aggregate_summary"):
        d["aggregate_summary"].pop("course_text", None)
    for visit in d.get("visits", []):
        visit.pop("notes", None)
    for finding in (d.get("findings") or {}).values():
        if isinstance(finding, dict):
            finding.pop("text", None)
    for item in d.get("workup", []):
        item.pop("result", None)
    for key in ("labs", "antibodies", "features"):
        for item in d.get(key, []):
            item.pop("as_written", None)
    for visit in d.get("visits", []):
        for lab in visit.get("labs", []):
            lab.pop("as_written", None)
    for course in d.get("treatments", []):
        course.pop("as_written", None)
        course.pop("drug_as_written", None)
    d.pop("age_as_written", None)
    return Case.model_validate(d)


# --- pseudonyms ---------------------------------------------------------------------------------------


def pseudonym_key() -> bytes:
    """The secret of the keyed hash: ``IMNM_PSEUDONYM_KEY``, else a random key kept (mode 0600) in the
    user's imnm data folder, so pseudonyms stay stable between exports of one registry."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode()
    from platformdirs import user_data_dir

    path = Path(user_data_dir("imnm", appauthor=False)) / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def pseudonym(case_id: str, key: bytes) -> str:
    return "p-" + hmac.new(key, case_id.encode(), hashlib.sha256).hexdigest()[:16]


# --- the research export -----------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z][a-z0-9_]*")


def _tokens(values: list[str]) -> list[str]:
    """Vocabulary-like words only (proximal, intensive_physiotherapy); anything else could be free text."""
    return [v for v in values if _TOKEN.fullmatch(v) and not find_identifiers(v)]


def _age(value: float | None) -> float | str | None:
    if value is None:
        return None
    return AGE_TOP_LABEL if value > AGE_TOP_CODE else value


def diagnosis_date(case: Case) -> dt.date | None:
    """The date of diagnosis the record implies: a dated item at month 0, else one with its month."""
    dated: list[tuple[dt.date, float]] = []
    for lab in [*case.labs, *(lab for v in case.visits for lab in v.labs)]:
        if lab.date and lab.months_from_diagnosis is not None:
            dated.append((lab.date, lab.months_from_diagnosis))
    dated += [(v.date, v.months_from_diagnosis) for v in case.visits if v.date and v.months_from_diagnosis is not None]
    dated += [(t.start, t.start_month) for t in case.treatments if t.start and t.start_month is not None]
    if not dated:
        return None
    date, months = min(dated, key=lambda pair: abs(pair[1]))
    return date - dt.timedelta(days=round(months * DAYS_PER_MONTH))


def _days(date: dt.date | None, anchor: dt.date | None) -> int | None:
    return None if date is None or anchor is None else (date - anchor).days


def _text(value: str | None, include: bool) -> dict[str, str]:
    return {} if not include or not value else {"text": redact(value)}


def _lab(lab, anchor) -> dict[str, Any]:
    return {"analyte": lab.analyte.value, "value": lab.value, "unit": lab.unit, "reference_low": lab.reference_low,
            "reference_high": lab.reference_high, "days_from_diagnosis": _days(lab.date, anchor),
            "months_from_diagnosis": lab.months_from_diagnosis}


def deidentified_record(case: Case, key: bytes, *, include_free_text: bool = False) -> dict[str, Any]:
    anchor = diagnosis_date(case)
    published = case.source_kind == "literature" and case.citation is not None
    s = case.aggregate_summary
    findings = {}
    for name in ("electromyography", "magnetic_resonance", "muscle_biopsy"):
        finding = getattr(case.findings, name)
        if finding is not None:
            data = finding.model_dump(exclude={"text", "distribution"}, exclude_none=True)
            findings[name] = {**data, **_text(finding.text, include_free_text)}
    record: dict[str, Any] = {
        "pseudonym": pseudonym(case.id or "", key),
        "source_kind": case.source_kind,
        "article": case.article if published else None,
        "year": case.citation.year if published else None,
        "case_label": case.case_label if published else None,
        "aggregate": case.aggregate, "n_cases": case.n_cases,
        "sex": case.sex.value if case.sex else None,
        "age_years": _age(case.age_years), "age_at_presentation_years": _age(case.age_at_presentation_years),
        "ethnicity": case.ethnicity, "weight_kg": case.weight_kg, "height_cm": case.height_cm,
        "body_surface_area_m2": case.body_surface_area_m2,
        "presentation": {"onset": case.presentation.onset, "duration_months": case.presentation.duration_months,
                         "weakness_distribution": _tokens(case.presentation.weakness_distribution),
                         "functional_limits": _tokens(case.presentation.functional_limits),
                         "preceding_infection": case.presentation.preceding_infection,
                         **_text(case.presentation.text, include_free_text)},
        "examination": case.examination.model_dump(exclude_none=True) if case.examination else None,
        "labs": [_lab(lab, anchor) for lab in case.labs],
        "antibodies": [{"antigen": a.antigen.value, "result": a.result.value, "basis": a.basis} for a in case.antibodies],
        "features": [{"feature": f.feature.value, "present": f.present} for f in case.features],
        "findings": findings,
        "workup": [{"item": w.item, "done": w.done, "abnormal": w.abnormal} for w in case.workup],
        "differential_excluded": _tokens(case.differential_excluded),
        "treatments": [{
            "drug": t.drug.value, "agent": t.agent if t.agent and _TOKEN.fullmatch(t.agent) else None,
            "dose": t.dose, "dose_unit": t.dose_unit, "dose_given": t.dose_given, "dose_given_unit": t.dose_given_unit,
            "route": t.route, "frequency": t.frequency, "n_doses": t.n_doses, "interval_days": t.interval_days,
            "duration_days": t.duration_days, "start_day": _days(t.start, anchor), "stop_day": _days(t.stop, anchor),
            "start_month": t.start_month, "stop_month": t.stop_month, "line_of_therapy": t.line_of_therapy,
            "phase": t.phase} for t in case.treatments],
        "interventions": _tokens(case.interventions),
        "visits": [{
            "days_from_diagnosis": _days(v.date, anchor), "months_from_diagnosis": v.months_from_diagnosis,
            "cmas": v.cmas, "mmt8": v.mmt8, "physician_global_activity": v.physician_global_activity,
            "patient_global_activity": v.patient_global_activity, "chaq": v.chaq,
            "extramuscular_activity": v.extramuscular_activity, "labs": [_lab(lab, anchor) for lab in v.labs],
            **({"label": redact(v.label)} if include_free_text and v.label else {}),
            **({"notes": redact(v.notes)} if include_free_text and v.notes else {})} for v in case.visits],
        "outcome": {"outcome_class": case.outcome.outcome_class.value,
                    "follow_up_months": case.outcome.follow_up_months,
                    "complications": _tokens(case.outcome.complications),
                    **_text(case.outcome.outcome_text, include_free_text)},
        "aggregate_summary": None if s is None else {
            "n_female": s.n_female, "n_male": s.n_male, "age_min_years": _age(s.age_min_years),
            "age_max_years": _age(s.age_max_years), "ck_min_iu_l": s.ck_min_iu_l, "ck_max_iu_l": s.ck_max_iu_l,
            "feature_percent": {k.value: v for k, v in s.feature_percent.items()},
            **_text(s.course_text, include_free_text)},
    }
    return record


def deidentified_export(cases: list[Case], *, include_free_text: bool = False,
                        key: bytes | None = None) -> list[dict]:
    """The research export: one de-identified record per case (what the researcher role may see)."""
    key = key or pseudonym_key()
    return [deidentified_record(c, key, include_free_text=include_free_text) for c in cases]
