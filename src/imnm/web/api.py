"""The JSON API (``/api/...``) and ``/health``: thin routes over :mod:`imnm.services`.

Request bodies are the domain models (:class:`~imnm.model.Case`, :class:`~imnm.model.Visit`,
:class:`~imnm.model.TreatmentCourse`...), so the web and the CLI validate the same way.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from imnm.literature.records import Record
from imnm.model import Case, TreatmentCourse, Visit
from imnm.model.identifiers import warnings_for
from imnm.services import accounts, assessment, audit, cohort, exports, followup, literature
from imnm.services import cases as case_service
from imnm.services import forecast as forecast_service
from imnm.services.accounts import Principal
from imnm.web.auth import (
    actor_of,
    check_csrf,
    clear_session_cookie,
    client_ip,
    current_user,
    get_registry,
    require,
    set_session_cookie,
)

router = APIRouter()


class RequestBody(BaseModel):
    """A JSON request body: an unknown (say, misspelt) field is a 422 naming it, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


Clinician = Annotated[Principal, Depends(require("cases"))]
Admin = Annotated[Principal, Depends(require("users"))]
Auditor = Annotated[Principal, Depends(require("audit"))]


# --- health and sign-in ----------------------------------------------------------------------------


@router.get("/health", tags=["service"])
def health(request: Request) -> dict:
    """Up, and whether the registry answers (503 when it does not)."""
    from imnm.store.cases import count_cases

    count_cases(get_registry(request))
    return {"status": "ok"}


class SignIn(RequestBody):
    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    name: str
    role: str
    csrf_token: str = Field(description="send it back in the X-CSRF-Token header of every write")


@router.post("/api/login", tags=["accounts"], response_model=Me)
def login(body: SignIn, request: Request, response: Response) -> Me:
    """Sign in: sets the session cookie; 401 wrong name or password; 429 after too many failures."""
    import datetime as dt

    settings = request.app.state.settings
    token, principal = accounts.sign_in(
        get_registry(request), body.name, body.password, client_ip(request),
        allowed_failures=settings.login_failures_allowed,
        window=dt.timedelta(minutes=settings.login_window_minutes),
        session_length=dt.timedelta(hours=settings.session_hours))
    set_session_cookie(request, response, token)
    return Me(name=principal.name, role=principal.role, csrf_token=principal.csrf_token)


@router.post("/api/logout", tags=["accounts"], status_code=204)
def logout(request: Request, response: Response, principal: Annotated[Principal, Depends(current_user)],
           x_csrf_token: Annotated[str | None, Header()] = None) -> Response:
    check_csrf(request, x_csrf_token)
    from imnm.web.auth import SESSION_COOKIE

    accounts.sign_out(get_registry(request), request.cookies.get(SESSION_COOKIE, ""),
                      actor=actor_of(request, principal))
    clear_session_cookie(request, response)
    response.status_code = 204
    return response


@router.get("/api/me", tags=["accounts"], response_model=Me)
def me(principal: Annotated[Principal, Depends(current_user)]) -> Me:
    return Me(name=principal.name, role=principal.role, csrf_token=principal.csrf_token)


class NewUser(RequestBody):
    name: str = Field(min_length=1, max_length=80)
    role: str = Field(examples=["clinician"])
    password: str = Field(min_length=1, max_length=1024)


@router.get("/api/users", tags=["accounts"])
def users(request: Request, principal: Admin) -> list[dict]:
    return accounts.list_users(get_registry(request))


@router.post("/api/users", tags=["accounts"], status_code=201)
def add_user(body: NewUser, request: Request, principal: Admin) -> dict:
    user_id = accounts.add_user(get_registry(request), body.name, body.role, body.password,
                                actor=actor_of(request, principal))
    return {"id": user_id, "name": body.name, "role": body.role}


@router.get("/api/audit", tags=["accounts"])
def audit_log(request: Request, principal: Auditor, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
              before_id: Annotated[int | None, Query(ge=1)] = None,
              actor: Annotated[str | None, Query(max_length=120)] = None,
              resource: Annotated[str | None, Query(max_length=200)] = None) -> list[dict]:
    """The audit log, newest first (read-only: there is no way to change or remove an entry)."""
    return audit.entries(get_registry(request), limit=limit, before_id=before_id, actor=actor, resource=resource)


# --- cases -----------------------------------------------------------------------------------------


def _versioned(response: Response, found: case_service.Versioned) -> dict:
    response.headers["ETag"] = f'"{found.version}"'
    return {"version": found.version, "case": found.case.model_dump(mode="json", exclude_none=True)}


def _if_match(value: str | None) -> int | None:
    """The version in an ``If-Match: "3"`` header (None when absent)."""
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 9:
        from fastapi import HTTPException

        raise HTTPException(400, f'If-Match: got {value[:40]!r}; expected the case version as an ETag, e.g. "3"')
    return int(text)


@router.get("/api/cases", tags=["cases"])
def list_cases(
    request: Request, response: Response, principal: Clinician,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="summary lines to skip")] = 0,
    limit: Annotated[int | None, Query(ge=1, le=1000, description="at most this many (default: all)")] = None,
    source_kind: Annotated[Literal["local", "literature"] | None, Query()] = None,
    newest_first: Annotated[bool, Query(description="the patients page's order")] = False,
) -> list[dict]:
    """One summary line per case, as ``imnm case list`` and the patients page; ``X-Total-Count``: all matching."""
    rows, total = case_service.list_page(get_registry(request), actor_of(request, principal), offset=offset,
                                         limit=limit, source_kind=source_kind, newest_first=newest_first)
    response.headers["X-Total-Count"] = str(total)
    return rows


@router.post("/api/cases", tags=["cases"], status_code=201)
def add_case(case: Case, request: Request, response: Response, principal: Clinician) -> dict:
    """Store a new case; 409 if the same patient is already stored. ``warnings``: the lines ``imnm case add``
    prints for free text that looks like a patient identifier (stored all the same)."""
    reg = get_registry(request)
    [case_id] = case_service.add_cases(reg, [case], actor_of(request, principal))
    response.headers["Location"] = f"/api/cases/{case_id}"
    response.headers["ETag"] = '"1"'
    return {"id": case_id, "version": 1, "warnings": warnings_for(case)}


CaseId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]


def stored_case_warnings(case: Case) -> list[str]:
    """``imnm case add``'s identifier warnings for a stored case, its id left out: the registry drew it (its
    random part may be all digits) or it was warned about when the case was added; it cannot change."""
    return warnings_for(case.model_copy(update={"id": None}))


@router.get("/api/cases/{case_id}", tags=["cases"])
def get_case(case_id: CaseId, request: Request, response: Response, principal: Clinician) -> dict:
    """The case and its version (also the ETag, for If-Match on save)."""
    return _versioned(response, case_service.get_case(get_registry(request), case_id, actor_of(request, principal)))


@router.get("/api/cases/{case_id}/fhir", tags=["cases"], response_class=Response)
def case_as_fhir(case_id: CaseId, request: Request, principal: Clinician) -> Response:
    """The case as an HL7 FHIR R4 Bundle (the same document as ``imnm case export ID --format fhir``)."""
    content = exports.fhir_bundle(get_registry(request), case_id, actor_of(request, principal))
    return _download(content, exports.FHIR_MEDIA_TYPE, f"{case_id}.fhir.json")


@router.put("/api/cases/{case_id}", tags=["cases"])
def save_case(case_id: CaseId, case: Case, request: Request, response: Response, principal: Clinician,
              if_match: Annotated[str | None, Header(description='the version read, e.g. "3"')] = None,
              version: Annotated[int | None, Query(ge=1, description="or the version read, here")] = None) -> dict:
    """Save an edited case; 428 without the version it was read at, 409 if it changed since; ``warnings`` as
    for a new case."""
    expected = _if_match(if_match) or version
    if expected is None:
        from fastapi import HTTPException

        raise HTTPException(428, "saving a case needs the version you read: send If-Match: \"N\" (the ETag of "
                                 "GET /api/cases/{id}) or ?version=N")
    found = case_service.replace(get_registry(request), case_id, case, actor_of(request, principal),
                                 expected_version=expected)
    return _versioned(response, found) | {"warnings": stored_case_warnings(found.case)}


@router.get("/api/cases/{case_id}/revisions", tags=["cases"])
def case_revisions(case_id: CaseId, request: Request, principal: Clinician) -> list[dict]:
    return case_service.history(get_registry(request), case_id, actor_of(request, principal))


@router.post("/api/cases/{case_id}/visits", tags=["cases"], status_code=201)
def add_visit(case_id: CaseId, visit: Visit, request: Request, response: Response, principal: Clinician,
              if_match: Annotated[str | None, Header()] = None) -> dict:
    """Append a follow-up visit (If-Match optional: appending never overwrites another's change);
    ``warnings`` as for a new case."""
    found = case_service.add_visit(get_registry(request), case_id, visit, actor_of(request, principal),
                                   expected_version=_if_match(if_match))
    return _versioned(response, found) | {  # as imnm case add-visit warns
        "warnings": warnings_for(visit, f"visits[{len(found.case.visits) - 1}].")}


@router.post("/api/cases/{case_id}/treatments", tags=["cases"], status_code=201)
def add_treatment(case_id: CaseId, course: TreatmentCourse, request: Request, response: Response,
                  principal: Clinician, if_match: Annotated[str | None, Header()] = None) -> dict:
    """Append a treatment course."""
    found = case_service.add_treatment(get_registry(request), case_id, course, actor_of(request, principal),
                                       expected_version=_if_match(if_match))
    return _versioned(response, found)


# --- assessment, follow-up, forecast ----------------------------------------------------------------

Bedside = Annotated[Principal, Depends(require("assessment"))]
Statistics = Annotated[Principal, Depends(require("cohort_statistics"))]
Records = Annotated[Principal, Depends(require("cohort_records"))]
Reviewer = Annotated[Principal, Depends(require("literature"))]


@router.post("/api/assess", tags=["assessment"])
async def assess(case: Case, principal: Bedside,
                 bsa_method: Annotated[assessment.BsaMethod, Query()] = "mosteller") -> Response:
    """The bedside assessment of a case (not stored): labs x ULN, BSA, doses, scores, criteria, work-up.

    A coroutine: no I/O, and a few milliseconds of computation at most (a thread would not run it any
    sooner under the GIL, and the hop there and back cost more than a remembered assessment).
    """
    return Response(assessment.assessment_document(case, bsa_method), media_type="application/json")


@router.get("/api/cases/{case_id}/assessment", tags=["assessment"])
def assess_stored(case_id: CaseId, request: Request, principal: Bedside,
                  bsa_method: Annotated[assessment.BsaMethod, Query()] = "mosteller") -> Response:
    case = case_service.get_case(get_registry(request), case_id, actor_of(request, principal)).case
    return Response(assessment.assessment_document(case, bsa_method), media_type="application/json")


@router.get("/api/cases/{case_id}/response", tags=["follow-up"])
def response_criteria(
    case_id: CaseId, request: Request, principal: Clinician,
    baseline: Annotated[str, Query(max_length=200, description="visit label or position (0 = first)")] = "0",
    follow_up: Annotated[str | None, Query(max_length=200, description="default: the last visit")] = None,
    population: Annotated[Literal["juvenile", "adult"] | None, Query()] = None,
    strength: Annotated[Literal["mmt8", "cmas"] | None, Query()] = None,
) -> dict:
    """2016 ACR/EULAR Total Improvement Score between two visits, each measure's contribution shown."""
    return followup.response(get_registry(request), case_id, actor_of(request, principal), baseline=baseline,
                             follow_up=follow_up, population=population, strength=strength)


@router.get("/api/cases/{case_id}/refractory", tags=["follow-up"])
def refractory(case_id: CaseId, request: Request, principal: Clinician) -> dict:
    """Steroid refractoriness: refractory, responding or not assessable, with the reasons."""
    return jsonable(followup.refractoriness(get_registry(request), case_id, actor_of(request, principal)))


@router.get("/api/cases/{case_id}/trajectory", tags=["follow-up"])
def trajectory(case_id: CaseId, request: Request, principal: Clinician) -> dict:
    """The plot data: CK with its ULN, CMAS, MMT8 and treatment courses in months from diagnosis."""
    return followup.trajectory(get_registry(request), case_id, actor_of(request, principal))


@router.post("/api/forecast", tags=["forecast"])
def forecast(case: Case, request: Request, principal: Bedside) -> dict:
    """Probability of a good outcome for a case (not stored), with validation and the most similar cases."""
    return jsonable(forecast_service.forecast(get_registry(request), case))


@router.get("/api/cases/{case_id}/forecast", tags=["forecast"])
def forecast_stored(case_id: CaseId, request: Request, principal: Bedside) -> dict:
    return jsonable(forecast_service.forecast_stored(get_registry(request), case_id, actor_of(request, principal)))


# --- cohort ------------------------------------------------------------------------------------------


def _filter(description: str):
    return Query(max_length=200, description=description)


def _selection(
    sex: Annotated[str | None, _filter("F or M")] = None,
    age_min: Annotated[str | None, _filter("age at onset from, years (inclusive)")] = None,
    age_max: Annotated[str | None, _filter("age at onset to, years (inclusive)")] = None,
    antibody: Annotated[str | None, _filter("antigen the record is positive for (vocabulary name)")] = None,
    feature: Annotated[str | None, _filter("feature recorded as present (vocabulary name)")] = None,
    treatment: Annotated[str | None, _filter("drug class given (vocabulary name)")] = None,
    outcome: Annotated[str | None, _filter("outcome class")] = None,
    source: Annotated[str | None, _filter("literature or local")] = None,
) -> cohort.Selection:
    """The explorer's filters (the page's query string, ``cohort summary``'s options); a bad value is a 422
    naming it, the line the page and the CLI show."""
    return cohort.Selection.parse({"sex": sex, "age_min": age_min, "age_max": age_max, "antibody": antibody,
                                   "feature": feature, "treatment": treatment, "outcome": outcome,
                                   "source": source}).checked()


Selected = Annotated[cohort.Selection, Depends(_selection)]
AsPublished = Annotated[bool, Query(description="count every record, even one the originals show to report "
                                                "the same patient as another")]


@router.get("/api/cohort/summary", tags=["cohort"])
def cohort_summary(request: Request, principal: Statistics, selection: Selected, as_published: AsPublished = False
                   ) -> dict:
    """n, sex, age, CK, features, drugs and outcomes with exact 95% intervals, of the records selected
    (``imnm cohort summary`` with the same filters)."""
    return jsonable(cohort.explore(get_registry(request), selection, as_published=as_published).summary)


@router.get("/api/cohort/explore", tags=["cohort"])
def cohort_explore(request: Request, principal: Statistics, selection: Selected, as_published: AsPublished = False
                   ) -> dict:
    """The explorer's statistics for the records selected: the summary, antibodies found positive, the
    age-at-onset histogram and how many records are listed (the page's numbers)."""
    return jsonable(cohort.explore(get_registry(request), selection, as_published=as_published).as_dict())


@router.get("/api/cohort/evidence", tags=["cohort"])
def cohort_evidence(request: Request, principal: Statistics) -> dict:
    """Outcome by treatment, age and CK: exact intervals and Fisher's tests, stated as associations."""
    return jsonable(cohort.evidence(get_registry(request)))


@router.get("/api/cohort/table1", tags=["cohort"])
def cohort_table1(request: Request, principal: Statistics,
                  format: Annotated[Literal["json", "csv", "markdown", "html", "xlsx"], Query()] = "json") -> Response:
    """Table 1 regenerated from the registry: JSON, or a CSV / Markdown / HTML / XLSX download."""
    content, media = cohort.table1_as(get_registry(request), format)
    return _download(content, media, None if format == "json" else f"table1.{_SUFFIX[format]}")


@router.get("/api/cohort/export", tags=["cohort"])
def cohort_export(request: Request, principal: Records,
                  format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json") -> Response:
    """Every case as a flat record with the vocabulary's names (identified data: audited): the bytes of
    ``imnm cohort export`` (local free text left out; xlsx a sheet per entity)."""
    content, media = exports.cohort_records(get_registry(request), format, actor_of(request, principal))
    return _download(content, media, f"imnm-cases.{format}")


Deidentified = Annotated[Principal, Depends(require("deidentified_export"))]


@router.get("/api/exports/deidentified", tags=["cohort"])
def deidentified_export(request: Request, principal: Deidentified,
                        format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json") -> Response:
    """Every case de-identified (Safe Harbor style, keyed pseudonyms): the researcher's patient-level data."""
    content, media = exports.deidentified(get_registry(request), format, actor_of(request, principal))
    return _download(content, media, f"imnm-deidentified.{format}")


_SUFFIX = {"csv": "csv", "markdown": "md", "html": "html", "xlsx": "xlsx", "json": "json"}


def _download(content: bytes, media: str, filename: str | None) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else None
    return Response(content, media_type=media, headers=headers)


def jsonable(value):
    """Dates, tuples and numpy numbers as JSON (the pure functions' dicts are not all plain JSON)."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value, custom_encoder={float: _finite})


def _finite(x: float):
    return x if math.isfinite(x) else None


# --- literature --------------------------------------------------------------------------------------


class ScreenedRecord(Record):
    """A record sent to be screened: as :class:`Record`, with unknown fields refused."""

    model_config = ConfigDict(extra="forbid")


class ScreenRequest(RequestBody):
    records: list[ScreenedRecord] = Field(max_length=5000)
    save: bool = Field(False, description="store the records and the run (PRISMA counts them)")
    source: str = Field("API import", min_length=1, max_length=80)
    query: str | None = Field(None, max_length=2000)


class DecisionRequest(RequestBody):
    """Stage and decision are checked by :func:`imnm.services.literature.decide`, as for the CLI."""

    record: str = Field(max_length=300, description="record key or PMID")
    stage: str = Field("screening", json_schema_extra={"enum": list(literature.STAGES)})
    decision: str = Field(json_schema_extra={"enum": list(literature.DECISIONS)})
    reason: str | None = Field(None, max_length=2000)


@router.post("/api/literature/screen", tags=["literature"])
def literature_screen(body: ScreenRequest, request: Request, principal: Reviewer) -> dict:
    """Deduplicate and screen records with the rule set (the rules suggest; the reviewer decides)."""
    out: dict = {"screenings": literature.screen(body.records)}
    if body.save:
        out["saved"] = literature.save_run(get_registry(request), body.records, source=body.source,
                                           query=body.query, actor=actor_of(request, principal))
    return out


@router.get("/api/literature/records", tags=["literature"])
def literature_records(request: Request, principal: Reviewer) -> list[dict]:
    return literature.records(get_registry(request))


@router.post("/api/literature/decisions", tags=["literature"], status_code=201)
def literature_decide(body: DecisionRequest, request: Request, principal: Reviewer) -> dict:
    """Record a decision on a stored record (the latest counts; earlier ones stay as history)."""
    return literature.decide(get_registry(request), body.record, body.stage, body.decision, body.reason,
                             actor_of(request, principal))


@router.get("/api/literature/decisions", tags=["literature"])
def literature_decisions(request: Request, principal: Reviewer) -> list[dict]:
    return literature.decisions(get_registry(request))


@router.get("/api/literature/prisma", tags=["literature"])
def literature_prisma(request: Request, principal: Reviewer) -> dict:
    """PRISMA 2020 counts from the registry's searches and decisions (a study counts as included once a
    reviewer accepted one of its cases), as ``imnm literature prisma``."""
    return literature.prisma_with_cases(get_registry(request)).model_dump(mode="json")


# --- the extraction review queue ---------------------------------------------------------------------

QueueItemId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the queue item's number")]


class AcceptRequest(RequestBody):
    case: dict | None = Field(None, description="the reviewer's edited case (the Case model) instead of the "
                                                "extracted values; omit to accept as extracted")


class RejectRequest(RequestBody):
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S",
                        description="why the case does not enter the cohort")


@router.get("/api/literature/queue", tags=["literature"])
def literature_queue(request: Request, principal: Reviewer) -> list[dict]:
    """Extracted patients awaiting a decision, each value with the words it was read from."""
    return literature.queue(get_registry(request))


@router.get("/api/literature/queue/{item_id}", tags=["literature"])
def literature_queue_item(item_id: QueueItemId, request: Request, principal: Reviewer) -> dict:
    """One queue item in any state, with its decisions."""
    return literature.queue_item(get_registry(request), item_id)


@router.post("/api/literature/queue/{item_id}/accept", tags=["literature"])
def literature_queue_accept(item_id: QueueItemId, request: Request, principal: Reviewer,
                            body: AcceptRequest | None = None) -> dict:
    """Add the patient to the cohort (its article must be included at full text); 409 if already decided
    or the same patient is stored; 422 for an invalid edit."""
    return literature.accept_item(get_registry(request), item_id, actor_of(request, principal),
                                  edited=body.case if body else None, source="case")


@router.post("/api/literature/queue/{item_id}/reject", tags=["literature"])
def literature_queue_reject(item_id: QueueItemId, body: RejectRequest, request: Request,
                            principal: Reviewer) -> dict:
    """Keep the patient out of the cohort, with the reason (kept in the item's history)."""
    return literature.reject_item(get_registry(request), item_id, actor_of(request, principal), body.reason)
