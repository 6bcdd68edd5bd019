"""The server-rendered pages: sign-in, patients, the case form, assessment, follow-up, forecast,
cohort explorer, literature screening, downloads and the admin pages.

Each page is a thin shell: it reads the form or query, calls the same functions as the CLI and the
JSON API (:mod:`imnm.services`, :mod:`imnm.clinical`, :mod:`imnm.cohort`), and renders a Jinja2
template. Roles decide what each page shows (:data:`imnm.web.auth.PERMISSIONS`). The cohort explorer's
filters and statistics are :func:`imnm.services.cohort.explore`'s (``cohort summary``'s SQL counts).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import ValidationError

from imnm.model import Antigen, Case, Drug, Feature, InvalidInput
from imnm.model.errors import explain
from imnm.model.limits import ANALYTE_UNITS
from imnm.model.vocabulary import Analyte
from imnm.services.audit import Actor, record_now
from imnm.services.cohort import Exploration, Selection, explore
from imnm.store.cases import CaseNotFound, DuplicateCase
from imnm.web.auth import (
    CSRF_FIELD,
    PERMISSIONS,
    SESSION_COOKIE,
    actor_of,
    check_csrf,
    clear_session_cookie,
    client_ip,
    csrf_token,
    get_registry,
    optional_user,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)

# --- rendering -------------------------------------------------------------------------------------


def _num(value: Any) -> str:
    """A number as a clinician writes it: 11426, 59.5, 1.51 (no trailing .0, no exponent)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        return f"{value:.0f}" if value.is_integer() else f"{value:.4g}" if abs(value) < 1e4 else f"{value:.0f}"
    return str(value)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("imnm.web", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["num"] = _num
    env.filters["antibody"] = lambda antigen: antibody_label(antigen)  # defined below
    return env


templates = Jinja2Templates(env=_environment())

#: Main navigation: (key, label, href, capability the role needs).
NAV = (
    ("patients", "Patients", "/patients", "cases"),
    ("cohort", "Cohort explorer", "/cohort", "cohort_statistics"),
    ("literature", "Literature", "/literature", "literature"),
    ("users", "Users", "/admin/users", "users"),
    ("audit", "Audit log", "/admin/audit", "audit"),
)


def _nav(role: str) -> list[dict]:
    return [{"key": k, "label": label, "href": href} for k, label, href, cap in NAV if role in PERMISSIONS[cap]]


class PageRedirect(Exception):
    """Not signed in: go to the sign-in page and come back afterwards."""

    def __init__(self, location: str):
        self.location = location


class PageError(Exception):
    """A page that cannot be shown: a status and one clear line, rendered as HTML."""

    def __init__(self, status: int, heading: str, message: str):
        self.status, self.heading, self.message = status, heading, message


def _user(request: Request, capability: str):
    """The signed-in user whose role reaches ``capability`` (else sign in, or 403 as a page)."""
    principal = optional_user(request)
    if principal is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise PageRedirect("/signin?" + urlencode({"next": path}))
    roles = PERMISSIONS[capability]
    if principal.role not in roles:
        raise PageError(403, "Not for your role",
                        f"your role ({principal.role}) may not use {capability.replace('_', ' ')}; it needs the role "
                        f"{' or '.join(sorted(roles))}")
    return principal


def _page(request: Request, template: str, principal, active: str, status: int = 200, **context) -> HTMLResponse:
    context.update(user=principal, nav=_nav(principal.role) if principal else [], active=active,
                   csrf_token=principal.csrf_token if principal else context.get("csrf_token", ""))
    return templates.TemplateResponse(request, template, context, status_code=status)


def _checked_form(request: Request, form) -> None:
    check_csrf(request, form.get(CSRF_FIELD))


def _actor(request: Request, principal) -> Actor:
    return actor_of(request, principal)


def install(app: FastAPI) -> None:
    """Mount the stylesheet and turn page errors into HTML (the API keeps its JSON errors)."""
    static = resources.files("imnm.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="imnm_static")

    @app.exception_handler(PageRedirect)
    async def _to_signin(request: Request, exc: PageRedirect):
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError):
        principal = optional_user(request)
        return _page(request, "error.html", principal, "", status=exc.status, heading=exc.heading,
                     message=exc.message)


# --- sign-in ---------------------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme) may follow sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    principal = optional_user(request)
    if principal is None:
        return RedirectResponse("/signin", status_code=303)
    items = _nav(principal.role)
    return RedirectResponse(items[0]["href"] if items else "/signin", status_code=303)


def _anonymous_page(request: Request, status: int = 200, **context) -> HTMLResponse:
    """The sign-in form with its double-submit CSRF token (cookie and hidden field)."""
    cookie_carrier = Response()
    token = csrf_token(request, cookie_carrier)
    response = _page(request, "signin.html", None, "signin", status=status, csrf_token=token, **context)
    for name, value in cookie_carrier.raw_headers:
        if name == b"set-cookie":
            response.raw_headers.append((name, value))
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: str | None = None):
    return _anonymous_page(request, next=_safe_next(next))


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request):
    from imnm.services.accounts import SignInRefused, TooManySignIns, sign_in

    form = await request.form()
    name = str(form.get("name", ""))[:80]
    target = _safe_next(str(form.get("next", "")))
    _checked_form(request, form)
    settings = request.app.state.settings
    error, status = None, 200
    try:
        token, _principal = sign_in(get_registry(request), name, str(form.get("password", "")), client_ip(request),
                                    allowed_failures=settings.login_failures_allowed,
                                    window=dt.timedelta(minutes=settings.login_window_minutes),
                                    session_length=dt.timedelta(hours=settings.session_hours))
    except SignInRefused as exc:
        error, status = str(exc), 401
    except TooManySignIns as exc:
        error, status = str(exc), 429
    if error is not None:
        return _anonymous_page(request, status=status, error=error, user_name=name, next=target)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post("/signout")
async def signout(request: Request):
    from imnm.services.accounts import sign_out

    form = await request.form()
    principal = optional_user(request)
    response = RedirectResponse("/signin", status_code=303)
    if principal is not None:
        _checked_form(request, form)
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            sign_out(get_registry(request), token, actor=_actor(request, principal))
    clear_session_cookie(request, response)
    return response


# --- paging ----------------------------------------------------------------------------------------

PAGE_SIZE = 50


@dataclass
class Page:
    rows: list
    total: int
    number: int
    size: int
    base: str
    query: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.total)

    def link(self, number: int) -> str:
        return f"{self.base}?{urlencode({**self.query, 'page': number})}"


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 1_000_000))
    except ValueError:
        return 1


# --- patients --------------------------------------------------------------------------------------


@router.get("/patients", response_class=HTMLResponse)
def patients(request: Request, page: str | None = None):
    """The local patients, newest first: :func:`imnm.services.cases.list_page`, as GET /api/cases."""
    from imnm.services.cases import list_page

    principal = _user(request, "cases")
    number = _page_number(page)
    rows, total = list_page(get_registry(request), _actor(request, principal), offset=(number - 1) * PAGE_SIZE,
                            limit=PAGE_SIZE, source_kind="local", newest_first=True,
                            detail=f"patient list page {number}")
    return _page(request, "patients.html", principal, "patients",
                 page=Page(rows, total, number, PAGE_SIZE, "/patients"))


# --- the case form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    type: str = "text"
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    list: str = ""


TRI = (("", "not assessed"), ("true", "yes"), ("false", "no"))
FORM_LABS = (
    (Analyte.creatine_kinase, "Creatine kinase (CK)"),
    (Analyte.aldolase, "Aldolase"),
    (Analyte.lactate_dehydrogenase, "Lactate dehydrogenase (LDH)"),
    (Analyte.alanine_aminotransferase, "Alanine aminotransferase (ALT)"),
    (Analyte.aspartate_aminotransferase, "Aspartate aminotransferase (AST)"),
)
N_TREATMENT_ROWS = 3


def _choices(values, blank: str = "—") -> tuple[tuple[str, str], ...]:
    return (("", blank),) + tuple((v, v.replace("_", " ")) for v in values)


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


EXAM_BOOLEANS = ("proximal_weakness_upper_limbs", "proximal_weakness_lower_limbs", "axial_weakness",
                 "neck_flexors_weaker_than_extensors", "legs_proximal_weaker_than_distal", "heliotrope_rash",
                 "gottron_papules", "gottron_sign", "dysphagia_or_oesophageal_dysmotility", "myalgia",
                 "muscle_atrophy")


def antibody_label(antigen: Antigen | str) -> str:
    """How a clinician writes the antibody: anti-Jo-1, anti-TIF1-gamma (the catalogue's name, short form)."""
    from imnm.knowledge.antibodies import default_antibodies

    antigen = Antigen(antigen)
    profile = default_antibodies().profile(antigen)
    return profile.name.split(" (")[0] if profile else f"anti-{antigen.value.upper()}"


def case_form_sections() -> list[dict]:
    """The sections of the new-patient form; every input is named by its path in the Case model."""
    demographics = [
        FormField("sex", "Sex", options=(("", "—"), ("F", "female"), ("M", "male"))),
        FormField("age_years", "Age at onset (years)", "number", "months as a fraction: 18 months = 1.5"),
        FormField("age_at_presentation_years", "Age at presentation (years)", "number"),
        FormField("ethnicity", "Ethnicity"),
        FormField("weight_kg", "Weight (kg)", "number"),
        FormField("height_cm", "Height (cm)", "number"),
        FormField("body_surface_area_m2", "Body surface area (m²)", "number",
                  "empty: computed from weight and height (Mosteller)"),
    ]
    lab_rows = []
    for i, (analyte, label) in enumerate(FORM_LABS):
        lab_rows.append({"label": label, "fields": [
            FormField(f"labs[{i}].value", f"{label}: value", "number"),
            FormField(f"labs[{i}].unit", f"{label}: unit", list=f"units-{analyte.value}"),
            FormField(f"labs[{i}].reference_low", f"{label}: reference range, low", "number"),
            FormField(f"labs[{i}].reference_high", f"{label}: reference range, high (ULN)", "number"),
        ]})
    antibodies = [FormField(f"antibody_{a.value}", antibody_label(a),
                            options=(("", "not tested"), ("positive", "positive"), ("negative", "negative")))
                  for a in Antigen]
    exam = [FormField(f"examination.{n}", _words(n), options=TRI) for n in EXAM_BOOLEANS]
    exam.insert(3, FormField("examination.weakness_severity", "Weakness severity",
                             options=_choices(("none", "mild", "moderate", "marked"), "not assessed")))
    exam.append(FormField("examination.skin_lesions", "Skin lesions",
                          options=_choices(("none", "minimal", "prominent"), "not assessed")))
    findings = [
        FormField("findings.electromyography.myopathic", "EMG myopathic", options=TRI),
        FormField("findings.magnetic_resonance.oedema", "MRI muscle oedema", options=TRI),
        FormField("findings.magnetic_resonance.fascial_involvement", "MRI fascial involvement", options=TRI),
        FormField("findings.muscle_biopsy.necrosis", "Biopsy: necrotic fibres", options=TRI),
        FormField("findings.muscle_biopsy.regeneration", "Biopsy: regenerating fibres", options=TRI),
        FormField("findings.muscle_biopsy.inflammation", "Biopsy: inflammation",
                  options=_choices(("none", "minimal", "mild", "moderate", "marked"), "not assessed")),
        FormField("findings.muscle_biopsy.hla_class_i", "Biopsy: sarcolemmal HLA class I",
                  options=_choices(("absent", "focal", "diffuse"), "not assessed")),
        FormField("findings.muscle_biopsy.p62", "Biopsy: p62", options=_choices(("absent", "present"), "not assessed")),
        FormField("findings.muscle_biopsy.mac", "Biopsy: MAC on non-necrotic fibres",
                  options=_choices(("absent", "present"), "not assessed")),
    ]
    features = [FormField(f"feature_{f.value}", _words(f.value),
                          options=(("", "not recorded"), ("true", "present"), ("false", "absent")))
                for f in Feature]
    treatment_rows = [{"label": f"Course {i + 1}", "fields": [
        FormField(f"treatments[{i}].drug", f"Course {i + 1}: drug", options=_choices([d.value for d in Drug])),
        FormField(f"treatments[{i}].agent", f"Course {i + 1}: agent"),
        FormField(f"treatments[{i}].dose", f"Course {i + 1}: dose", "number"),
        FormField(f"treatments[{i}].dose_unit", f"Course {i + 1}: dose unit",
                  options=_choices(("mg", "g", "mg/kg", "g/kg", "mg/m2", "g/m2"))),
        FormField(f"treatments[{i}].route", f"Course {i + 1}: route", options=_choices(("iv", "oral", "sc", "im"))),
        FormField(f"treatments[{i}].frequency", f"Course {i + 1}: frequency",
                  options=_choices(("once", "daily", "weekly", "every_2_weeks", "monthly", "cycle"))),
    ]} for i in range(N_TREATMENT_ROWS)]
    return [
        {"title": "Demographics, weight and height", "fields": demographics},
        {"title": "Laboratory at diagnosis (with the laboratory's own reference range)", "rows": lab_rows,
         "headers": ["Analyte", "Value", "Unit", "Reference low", "Reference high (ULN)"]},
        {"title": "Myositis antibodies", "fields": antibodies},
        {"title": "Examination", "fields": exam},
        {"title": "Strength at diagnosis", "fields": [
            FormField("visits[0].cmas", "CMAS (0-52)", "number"), FormField("visits[0].mmt8", "MMT8 (0-80)", "number")]},
        {"title": "EMG, MRI and muscle biopsy", "fields": findings},
        {"title": "Clinical and extramuscular features", "fields": features},
        {"title": "Treatment courses (optional)", "rows": treatment_rows,
         "headers": ["Course", "Drug", "Agent", "Dose", "Dose unit", "Route", "Frequency"],
         "note": "Doses per kg or per m² are computed for this patient on the assessment page."},
    ]


def _unit_lists() -> list[dict]:
    return [{"id": f"units-{a.value}", "units": list(ANALYTE_UNITS[a].shown)} for a, _ in FORM_LABS]


def _default_values() -> dict[str, str]:
    return {f"labs[{i}].unit": ANALYTE_UNITS[a].shown[0] for i, (a, _) in enumerate(FORM_LABS)}


_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass
class CaseForm:
    """A submitted new-patient form: the Case document it describes and where each list item came from."""

    values: dict[str, str]
    document: dict
    names: dict[str, list[str]]  # list field -> form name prefix of each item, for error messages

    @classmethod
    def parse(cls, values: dict[str, str]) -> CaseForm:
        v = {k: str(val).strip() for k, val in values.items() if k != CSRF_FIELD}
        numbers = {f.name for s in case_form_sections() for f in s.get("fields", []) if f.type == "number"}
        numbers |= {f.name for s in case_form_sections() for r in s.get("rows", []) for f in r["fields"]
                    if f.type == "number"}

        def get(name: str) -> str | None:
            raw = v.get(name, "")
            if name in numbers:
                raw = _SPACES.sub("", raw)  # "11 426" as the letter writes it
            return raw or None

        doc: dict[str, Any] = {"source_kind": "local"}
        names: dict[str, list[str]] = {"labs": [], "antibodies": [], "features": [], "treatments": []}
        for key in ("sex", "age_years", "age_at_presentation_years", "ethnicity", "weight_kg", "height_cm",
                    "body_surface_area_m2"):
            if (value := get(key)) is not None:
                doc[key] = value
        labs = []
        for i, (analyte, _) in enumerate(FORM_LABS):
            entry = {k: get(f"labs[{i}].{k}") for k in ("value", "reference_low", "reference_high")}
            if any(x is not None for x in entry.values()):
                lab = {"analyte": analyte.value, "unit": get(f"labs[{i}].unit") or ""}
                lab.update({k: x for k, x in entry.items() if x is not None})
                labs.append(lab)
                names["labs"].append(f"labs[{i}]")
        if labs:
            doc["labs"] = labs
        antibodies = []
        for a in Antigen:
            if (result := get(f"antibody_{a.value}")) is not None:
                antibodies.append({"antigen": a.value, "result": result})
                names["antibodies"].append(f"antibody_{a.value}")
        if antibodies:
            doc["antibodies"] = antibodies
        exam = {n: x for n in (*EXAM_BOOLEANS, "weakness_severity", "skin_lesions")
                if (x := get(f"examination.{n}")) is not None}
        if exam:
            doc["examination"] = exam
        findings: dict[str, dict] = {}
        for kind, keys in (("electromyography", ("myopathic",)), ("magnetic_resonance", ("oedema", "fascial_involvement")),
                           ("muscle_biopsy", ("necrosis", "regeneration", "inflammation", "hla_class_i", "p62", "mac"))):
            found = {k: x for k in keys if (x := get(f"findings.{kind}.{k}")) is not None}
            if found:
                findings[kind] = {"performed": True, **found}
        if findings:
            doc["findings"] = findings
        features = []
        for f in Feature:
            if (present := get(f"feature_{f.value}")) is not None:
                features.append({"feature": f.value, "present": present})
                names["features"].append(f"feature_{f.value}")
        if features:
            doc["features"] = features
        treatments = []
        for i in range(N_TREATMENT_ROWS):
            course = {k: x for k in ("drug", "agent", "dose", "dose_unit", "route", "frequency")
                      if (x := get(f"treatments[{i}].{k}")) is not None}
            if course:
                treatments.append(course)
                names["treatments"].append(f"treatments[{i}]")
        if treatments:
            doc["treatments"] = treatments
        visit = {k: x for k in ("cmas", "mmt8") if (x := get(f"visits[0].{k}")) is not None}
        if visit:
            doc["visits"] = [{"label": "diagnosis", "months_from_diagnosis": 0, **visit}]
        return cls(v, doc, names)

    def field_name(self, loc: tuple) -> str:
        """The form input an error belongs to (model path, list indices mapped back to form rows)."""
        if len(loc) >= 2 and loc[0] in self.names and isinstance(loc[1], int) and loc[1] < len(self.names[loc[0]]):
            prefix = self.names[loc[0]][loc[1]]
            if loc[0] in ("antibodies", "features"):
                return prefix
            rest = [str(p) for p in loc[2:] if not isinstance(p, int)]
            default = "reference_low" if loc[0] == "labs" else "dose"
            return f"{prefix}.{rest[0] if rest else default}"
        return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")

    def problems(self, exc: ValidationError) -> tuple[dict[str, str], list[str]]:
        """Per-field messages (``got VALUE; expected ...``) and the summary lines, from :func:`explain`."""
        labels = {f.name: f.label for s in case_form_sections() for f in s.get("fields", [])}
        labels |= {f.name: f.label for s in case_form_sections() for r in s.get("rows", []) for f in r["fields"]}
        errors = exc.errors(include_url=False)
        by_field: dict[str, str] = {}
        summary: list[str] = []
        for err, line in zip(errors, explain(exc), strict=False):
            model_path, _, message = line.partition(": ")
            name = self.field_name(tuple(err.get("loc", ())))
            by_field.setdefault(name, message)
            summary.append(f"{labels.get(name, name)} ({model_path}): {message}")
        if len(errors) > len(summary):
            summary.append(explain(exc)[-1])
        return by_field, summary


def _form_page(request: Request, principal, values: dict, errors: dict | None = None,
               problems: list | None = None, status: int = 200) -> HTMLResponse:
    return _page(request, "case_form.html", principal, "patients", status=status, sections=case_form_sections(),
                 unit_lists=_unit_lists(), values=values, errors=errors or {}, problems=problems or [])


@router.get("/patients/new", response_class=HTMLResponse)
def new_patient_form(request: Request):
    principal = _user(request, "cases")
    return _form_page(request, principal, _default_values())


@router.post("/patients/new", response_class=HTMLResponse)
async def new_patient(request: Request):
    from imnm.model.identifiers import warnings_for
    from imnm.services.cases import add_cases

    principal = _user(request, "cases")
    form = await request.form()
    _checked_form(request, form)
    parsed = CaseForm.parse({k: v for k, v in form.items() if isinstance(v, str)})
    try:
        case = Case.model_validate(parsed.document)
    except ValidationError as exc:
        errors, problems = parsed.problems(exc)
        return _form_page(request, principal, parsed.values, errors, problems, status=422)
    try:
        case_id = add_cases(get_registry(request), [case], _actor(request, principal))[0]
    except (DuplicateCase, InvalidInput) as exc:
        return _form_page(request, principal, parsed.values, {}, [str(exc)], status=409)
    warned = warnings_for(case)  # the posted case, as imnm case add warns: shown once it is saved
    return RedirectResponse(f"/patients/{case_id}" + ("?saved=1" if warned else ""), status_code=303)


# --- one patient: assessment, follow-up, forecast --------------------------------------------------


def _load_case(request: Request, principal, case_id: str) -> Case:
    from imnm.services.cases import get_case

    try:
        return get_case(get_registry(request), case_id, _actor(request, principal)).case
    except CaseNotFound as exc:
        raise PageError(404, "No such patient", str(exc)) from exc


def _range_text(lab) -> str:
    lo, hi = lab.reference_low, lab.reference_high
    if lo is None and hi is None:
        return "—"
    return f"{_num(lo) if lo is not None else '…'}–{_num(hi) if hi is not None else '…'}"


def assessment_context(case: Case) -> dict:
    """What the assessment page shows, from the same :func:`imnm.services.assessment.assess` as the CLI."""
    from imnm.clinical.render import BAND, STATUS_MARK, eular_line
    from imnm.services.assessment import assess

    try:
        a = assess(case)
    except InvalidInput as exc:
        raise PageError(422, "Cannot assess this record", "; ".join(exc.problems)) from exc
    by_analyte = {}
    for lab in case.labs:
        by_analyte.setdefault(lab.analyte, []).append(lab)
    lab_ranges = []
    for lab in a.labs:
        source = by_analyte.get(lab.analyte, [])
        lab_ranges.append(_range_text(source.pop(0)) if source else "—")
    e = a.eular_acr_2017
    eular_verdict = BAND.get(e.category, e.category.replace("_", " ")) if e.category in BAND else {
        "indeterminate": "not assessable: category depends on items not recorded",
        "requires_muscle_biopsy": "not classified without a muscle biopsy",
    }[e.category]
    enmc = a.enmc_2017
    enmc_label = next((s.label for s in enmc.subtypes if s.id == enmc.subtype), None) or "no subtype fulfilled"
    ck = next((lab for lab in a.labs if lab.analyte is Analyte.creatine_kinase), None)
    summary = [f"{case.sex.value if case.sex else 'sex not recorded'}"]
    if case.age_years is not None:
        summary.append(f"onset at {_num(case.age_years)} years")
    if ck is not None:
        summary.append(f"CK {_num(ck.value)} {ck.unit} = {ck.uln_multiple:.1f} × ULN")
    summary.append(f"ENMC 2017: {enmc_label}")
    return {"a": a, "case": case, "status_mark": STATUS_MARK, "eular_line": eular_line(e), "eular_verdict": eular_verdict,
            "enmc_label": enmc_label, "lab_ranges": lab_ranges, "summary_line": "; ".join(summary)}


@router.get("/patients/{case_id}", response_class=HTMLResponse)
def assessment_page(request: Request, case_id: str, saved: str | None = None):
    """The assessment; just after the case form saved the patient (``?saved=1``), with the warnings
    ``imnm case add`` prints for free text that looks like a patient identifier."""
    from imnm.web.api import stored_case_warnings

    principal = _user(request, "assessment")
    case = _load_case(request, principal, case_id)
    return _page(request, "assessment.html", principal, "patients", active_tab="assessment",
                 saved=saved is not None, identifier_warnings=stored_case_warnings(case) if saved is not None else [],
                 **assessment_context(case))


@router.get("/patients/{case_id}/assessment.json")
def assessment_json(request: Request, case_id: str):
    from imnm.services.assessment import assess_json

    principal = _user(request, "assessment")
    case = _load_case(request, principal, case_id)
    try:
        document = assess_json(case)  # what imnm assess -f json prints
    except InvalidInput as exc:
        raise PageError(422, "Cannot assess this record", "; ".join(exc.problems)) from exc
    return Response(document, media_type="application/json")


def followup_context(case: Case) -> dict:
    """Trajectory (inline SVG and its data), 2016 ACR/EULAR response and steroid-refractoriness: the
    functions of :mod:`imnm.services.followup` that GET /api/cases/{id}/... and ``imnm case ...`` call."""
    from imnm.services import followup

    response, response_problem = None, None
    try:
        response = followup.score_response(case)  # first against last visit, the age's criteria
    except InvalidInput as exc:
        response_problem = "; ".join(exc.problems)
    return {"case": case, "svg": followup.plot_svg(case), "trajectory": followup.plot_data(case),
            "response": response, "response_problem": response_problem,
            "refractory": followup.assess_refractoriness(case), "visits": followup.visit_labels(case)}


@router.get("/patients/{case_id}/follow-up", response_class=HTMLResponse)
def followup_page(request: Request, case_id: str):
    principal = _user(request, "cases")
    case = _load_case(request, principal, case_id)
    return _page(request, "followup.html", principal, "patients", active_tab="follow-up", **followup_context(case))


@router.post("/patients/{case_id}/visits", response_class=HTMLResponse)
async def add_visit(request: Request, case_id: str):
    from imnm.model import Visit
    from imnm.services.cases import add_visit as save_visit

    principal = _user(request, "cases")
    form = await request.form()
    _checked_form(request, form)
    doc = {k: _SPACES.sub("", str(form.get(k, ""))) if k != "label" else str(form.get(k, "")).strip()
           for k in ("label", "months_from_diagnosis", "cmas", "mmt8", "physician_global_activity")}
    doc = {k: v for k, v in doc.items() if v}
    ck = _SPACES.sub("", str(form.get("ck", "")))
    if ck:
        doc["labs"] = [{"analyte": "creatine_kinase", "value": ck, "unit": "U/L"}]
    try:
        visit = Visit.model_validate(doc)
        save_visit(get_registry(request), case_id, visit, _actor(request, principal))
    except ValidationError as exc:
        case = _load_case(request, principal, case_id)
        return _page(request, "followup.html", principal, "patients", status=422, active_tab="follow-up",
                     visit_problems=explain(exc), visit_values=doc, **followup_context(case))
    except CaseNotFound as exc:
        raise PageError(404, "No such patient", str(exc)) from exc
    return RedirectResponse(f"/patients/{case_id}/follow-up", status_code=303)


@router.get("/patients/{case_id}/forecast", response_class=HTMLResponse)
def forecast_page(request: Request, case_id: str):
    from imnm.services.forecast import forecast

    principal = _user(request, "assessment")
    case = _load_case(request, principal, case_id)
    result, problems = None, []
    try:
        result = forecast(get_registry(request), case)  # as GET /api/cases/{id}/forecast and imnm forecast
    except InvalidInput as exc:
        problems = exc.problems
    return _page(request, "forecast.html", principal, "patients", active_tab="forecast", case=case, f=result,
                 problems=problems)


# --- the cohort explorer ---------------------------------------------------------------------------


def bar_chart(title: str, bars: list[tuple[str, int]], unit: str = "records") -> dict:
    """An accessible horizontal bar chart drawn as SVG by the template (no plotting library, no script)."""
    top = max((v for _, v in bars), default=0) or 1
    return {"title": title, "unit": unit, "bars": [{"label": label, "value": v, "width": round(300 * v / top, 1)}
                                                   for label, v in bars], "height": 24 * len(bars) + 10}


def cohort_context(exploration: Exploration, number: int) -> dict:
    """Everything the explorer shows for one selection and one page of its records."""
    from imnm.cohort.table1 import build_table1

    summary, cases = exploration.summary, exploration.records
    table = build_table1(cases)
    outcome_bars = [(o.replace("_", " "), p["k"]) for o, p in summary["outcomes"].items()]
    charts = [bar_chart("Outcome class", outcome_bars, "individual records"),
              bar_chart("Age at onset, years",
                        [(b["label"], b["count"]) for b in exploration.age_histogram], "individual records")]
    page = Page(list(zip([c.id for c in cases], table.rows, strict=True)), exploration.listed, number, PAGE_SIZE,
                "/cohort", exploration.selection.query())
    return {"summary": summary, "antibodies_positive": exploration.antibodies_positive,
            "table_columns": table.columns, "page": page, "notes": table.notes, "charts": charts,
            "filters": exploration.selection, "choices": Selection.CHOICES}


@router.get("/cohort", response_class=HTMLResponse)
def cohort_page(request: Request):
    """Query string -> :class:`Selection` (a bad value is shown and dropped), the service, the template."""
    principal = _user(request, "cohort_statistics")
    number = _page_number(request.query_params.get("page"))
    found = explore(get_registry(request), Selection.parse(request.query_params), page=number, page_size=PAGE_SIZE,
                    actor=_actor(request, principal))
    return _page(request, "cohort.html", principal, "cohort",
                 may_export_records=principal.role in PERMISSIONS["cohort_records"],
                 may_export_deidentified=principal.role in PERMISSIONS["deidentified_export"],
                 **cohort_context(found, number))


def _download(content: bytes | str, filename: str, media_type: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})



@router.get("/cohort/download/{what}.{fmt}")
def cohort_download(request: Request, what: str, fmt: str):
    """Table 1 and the summary (researchers and clinicians); every record (clinicians only), as
    ``imnm cohort export`` writes it (:func:`imnm.services.exports.cohort_records`, the explorer's filters)."""
    from imnm.services.cohort import table1_as
    from imnm.services.exports import cohort_records

    formats = {"table1": ("csv", "xlsx"), "summary": ("json",), "records": ("csv", "xlsx", "json")}
    if what not in formats or fmt not in formats[what]:
        raise PageError(404, "No such download", f"download: got {what}.{fmt}; expected table1.csv, table1.xlsx, "
                                                 "summary.json, records.csv, records.xlsx or records.json")
    principal = _user(request, "cohort_records" if what == "records" else "cohort_statistics")
    registry = get_registry(request)
    filters = Selection.parse(request.query_params)
    if what == "records":
        content, media = cohort_records(registry, fmt, _actor(request, principal), where=filters.clauses(),
                                        selection=urlencode(filters.query()))
        return _download(content, f"cohort.{fmt}", media)
    record_now(registry, _actor(request, principal), "export", f"cohort/{what}.{fmt}",
               urlencode(filters.query()) or "all records")
    if what == "summary":
        body = json.dumps(explore(registry, filters).summary, indent=2, ensure_ascii=False)
        return _download(body, "cohort-summary.json", "application/json")
    content, media = table1_as(registry, fmt, where=filters.clauses())  # as imnm cohort table1 writes it
    return _download(content, f"table1.{fmt}", media)


# --- literature: screening queue and PRISMA --------------------------------------------------------


def literature_context(registry) -> dict:
    from imnm.literature.prisma import draw_prisma
    from imnm.report.plots import inline_svg
    from imnm.services.literature import prisma_with_cases, review_state

    state = review_state(registry)
    screening, eligibility, decided = state["screening"], state["eligibility"], state["decided"]
    counts = prisma_with_cases(registry)  # as imnm literature prisma: included once a case is accepted
    svg = inline_svg(draw_prisma(counts)) if state["records"] else None
    return {"screening": screening[:PAGE_SIZE], "n_screening": len(screening), "eligibility": eligibility[:PAGE_SIZE],
            "n_eligibility": len(eligibility), "decided": decided[:PAGE_SIZE], "counts": counts, "prisma_svg": svg}


@router.get("/literature", response_class=HTMLResponse)
def literature_page(request: Request):
    principal = _user(request, "literature")
    return _page(request, "literature.html", principal, "literature", **literature_context(get_registry(request)))


@router.post("/literature/decide", response_class=HTMLResponse)
async def literature_decide(request: Request):
    """The decision buttons: :func:`imnm.services.literature.decide`, as ``imnm literature decide`` and
    POST /api/literature/decisions (same checks, same lines, same audit entry)."""
    from imnm.literature.records import LiteratureError
    from imnm.services.literature import decide

    principal = _user(request, "literature")
    form = await request.form()
    _checked_form(request, form)
    registry = get_registry(request)
    try:
        decide(registry, str(form.get("record_key", "")), str(form.get("stage", "")), str(form.get("decision", "")),
               str(form.get("reason", "")), _actor(request, principal))
    except (LiteratureError, ValidationError) as exc:
        status, line = _refusal(exc)
        return _page(request, "literature.html", principal, "literature", status=status, problems=[line],
                     **literature_context(registry))
    return RedirectResponse("/literature", status_code=303)


def _refusal(exc: Exception) -> tuple[int, str]:
    """The status and the one line the JSON API answers for this error (see :mod:`imnm.web.app`)."""
    from imnm.store.literature import RecordNotFound
    from imnm.web.app import validation_problems

    if isinstance(exc, ValidationError):
        items = validation_problems(exc.errors(include_url=False), skip_body=False)
        return 422, "invalid input: " + "; ".join(i["message"] for i in items)
    if isinstance(exc, InvalidInput):
        return 422, "invalid input: " + "; ".join(exc.problems)
    return (404 if isinstance(exc, RecordNotFound) else 422), str(exc)


# --- admin: users and the audit log ----------------------------------------------------------------


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request):
    from imnm.services.accounts import list_users
    from imnm.store.accounts import ROLES

    principal = _user(request, "users")
    return _page(request, "users.html", principal, "users", users=list_users(get_registry(request)), roles=ROLES,
                 values={})


@router.post("/admin/users", response_class=HTMLResponse)
async def add_user(request: Request):
    from imnm.services.accounts import add_user as create
    from imnm.services.accounts import list_users
    from imnm.store.accounts import ROLES

    principal = _user(request, "users")
    form = await request.form()
    _checked_form(request, form)
    registry = get_registry(request)
    values = {k: str(form.get(k, "")) for k in ("name", "role")}
    try:
        create(registry, values["name"].strip(), values["role"], str(form.get("password", "")),
               actor=_actor(request, principal))
    except InvalidInput as exc:
        return _page(request, "users.html", principal, "users", status=422, users=list_users(registry),
                     roles=ROLES, values=values, problems=exc.problems)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, before: str | None = None):
    from imnm.services.audit import entries

    principal = _user(request, "audit")
    before_id = int(before) if before and before.isdigit() else None
    rows = entries(get_registry(request), limit=PAGE_SIZE, before_id=before_id)
    return _page(request, "audit.html", principal, "audit", entries=rows,
                 older=rows[-1]["id"] if len(rows) == PAGE_SIZE else None)
