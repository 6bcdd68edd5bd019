"""Does the picture fit IIM, and IMNM of which subtype? EULAR/ACR 2017, ENMC 2017 and the seed's rule.

Weights, cut-offs and requirements come from ``imnm.knowledge.criteria`` (cited data). Each item is
``present``, ``absent`` or ``unknown`` (not assessed or not reported): unknown never scores and is
listed, so the clinician sees what is missing. The criteria can disagree, and for anti-SRP IMNM they
do: EULAR/ACR 2017 has no item for anti-SRP or anti-HMGCR and no necrotising-biopsy item, so a child
with anti-SRP IMNM by ENMC 2017 (like the seed's index case) may score "not IIM"; ``agreement`` says so.

Not assessed is not absent: the EULAR/ACR score is a range (every unknown item absent .. every unknown
item present, one age band at most), and a category is stated only when it holds over the whole range.
Without heliotrope rash or Gottron's papules/sign, the criteria classify IIM only with a muscle biopsy.
The criteria score age at *onset* (``Case.age_years``); an age at presentation is never used in its place.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imnm.clinical.labs import LabAssessment, assess_labs, convert
from imnm.knowledge.criteria import enmc_2017, eular_acr_2017, suspicion_rule
from imnm.model.case import Case
from imnm.model.vocabulary import Analyte, AntibodyResult, Antigen, Feature

Status = Literal["present", "absent", "unknown"]
Band = Literal["definite", "probable", "possible", "not_iim"]
ReqStatus = Literal["met", "missing", "contradicted"]
ENZYMES = (Analyte.creatine_kinase, Analyte.lactate_dehydrogenase, Analyte.aspartate_aminotransferase,
           Analyte.alanine_aminotransferase)


class ItemResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    status: Status
    weight: float | None
    points: float
    evidence: str


class EularAcrResult(BaseModel):
    """``score``/``probability`` count unknown items as absent: read them with ``score_range``.

    ``category`` is the band (definite, probable, possible, not_iim) only when the whole score range falls
    in it; otherwise ``indeterminate``; ``requires_muscle_biopsy`` when no DM rash item is present and no
    biopsy was done (the criteria then do not classify). ``classified_as_iim`` is None when undecided.
    """

    model_config = ConfigDict(frozen=True)

    score: float
    probability: float
    score_range: tuple[float, float]
    probability_range: tuple[float, float]
    score_category_range: tuple[Band, Band]
    category: Literal["definite", "probable", "possible", "not_iim", "indeterminate", "requires_muscle_biopsy"]
    classified_as_iim: bool | None
    biopsy_requirement: str
    with_biopsy: bool
    score_without_biopsy: float
    score_with_biopsy: float | None
    score_range_if_biopsy_done: tuple[float, float] | None
    max_score_if_unknown_present: float
    items: list[ItemResult]
    unknown: list[str]
    subclass: str | None
    subclass_branch: str
    notes: list[str]
    source: str


class Requirement(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    status: ReqStatus
    evidence: str


class SubtypeResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    fulfilled: bool
    requirements: list[Requirement]


class EnmcResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    subtype: str | None
    met: list[str]
    missing: list[str]
    contradicted: list[str]
    subtypes: list[SubtypeResult]
    supportive: list[Requirement]
    notes: list[str]
    source: str
    needs: list[str] = []


class SuspicionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: bool
    status: Literal["suspect_imnm", "not_suspected", "incomplete"]
    reasons: list[str]
    source: str
    needs: list[str] = []


def _bool(v: bool | None) -> Status:
    return "unknown" if v is None else ("present" if v else "absent")


def _antibody(case: Case, antigen: Antigen) -> AntibodyResult:
    """``case.antibody`` for an Antigen member (the model holds members: no name to normalise again)."""
    for ab in case.antibodies:
        if ab.antigen is antigen:
            return ab.result
    return AntibodyResult.not_tested


def _lab(labs: list[LabAssessment], analyte: Analyte) -> LabAssessment | None:
    found = [lab for lab in labs if lab.analyte == analyte]
    return max(found, key=lambda lab: lab.uln_multiple) if found else None


def _dysphagia(case: Case) -> tuple[Status, str]:
    exam = case.examination
    if exam is not None and exam.dysphagia_or_oesophageal_dysmotility is not None:
        return _bool(exam.dysphagia_or_oesophageal_dysmotility), "examination"
    for f in case.features:
        if f.feature is Feature.dysphagia:
            return ("present" if f.present else "absent"), f"feature: {f.as_written or 'dysphagia'}"
    return "unknown", "not reported"


def _eular_item_statuses(case: Case, labs: list[LabAssessment]) -> dict[str, tuple[Status, str]]:
    exam = case.examination
    e = (lambda name: getattr(exam, name) if exam is not None else None)
    age = case.age_years
    out: dict[str, tuple[Status, str]] = {}
    if age is None:
        out["age_onset_18_to_40"] = out["age_onset_40_plus"] = ("unknown", "age at onset not given")
    else:
        out["age_onset_18_to_40"] = (_bool(18 <= age < 40), f"age at onset {age:g} years")
        out["age_onset_40_plus"] = (_bool(age >= 40), f"age at onset {age:g} years")
    for item, field in (
        ("proximal_weakness_upper", "proximal_weakness_upper_limbs"),
        ("proximal_weakness_lower", "proximal_weakness_lower_limbs"),
        ("neck_flexors_weaker", "neck_flexors_weaker_than_extensors"),
        ("legs_proximal_weaker", "legs_proximal_weaker_than_distal"),
        ("heliotrope_rash", "heliotrope_rash"),
        ("gottron_papules", "gottron_papules"),
        ("gottron_sign", "gottron_sign"),
    ):
        value = e(field)
        if value is None and item in {"heliotrope_rash", "gottron_papules", "gottron_sign"} and e("skin_lesions") == "none":
            out[item] = ("absent", "no skin lesions on examination")
        else:
            out[item] = (_bool(value), f"examination.{field}" if value is not None else "not assessed")
    out["dysphagia"] = _dysphagia(case)
    jo1 = _antibody(case, Antigen.jo1)
    out["anti_jo1"] = (
        {"positive": "present", "negative": "absent"}.get(jo1.value, "unknown"),  # type: ignore[dict-item]
        f"anti-Jo-1 {jo1.value.replace('_', ' ')}",
    )
    enz = [lab for lab in labs if lab.analyte in ENZYMES]
    high = [lab for lab in enz if lab.flag == "high"]
    if high:
        out["muscle_enzymes_elevated"] = ("present", "; ".join(
            f"{lab.analyte.value} {lab.uln_multiple:g} x ULN" for lab in high))
    elif enz:
        out["muscle_enzymes_elevated"] = ("absent", "CK, LDH, AST and ALT within range")
    else:
        out["muscle_enzymes_elevated"] = ("unknown", "no CK, LDH, AST or ALT result")
    bx = case.findings.muscle_biopsy
    done = bx is not None and bx.performed
    for item in ("endomysial_infiltrate", "perimysial_perivascular_infiltrate"):
        if done and bx.inflammation == "none":  # type: ignore[union-attr]
            out[item] = ("absent", "biopsy: no inflammation")
        else:
            out[item] = ("unknown", "infiltrate pattern not recorded" if done else "no biopsy")
    out["perifascicular_atrophy"] = (_bool(bx.perifascicular_atrophy) if done else "unknown",  # type: ignore[union-attr]
                                     "biopsy" if done else "no biopsy")
    out["rimmed_vacuoles"] = (_bool(bx.rimmed_vacuoles) if done else "unknown",  # type: ignore[union-attr]
                              "biopsy" if done else "no biopsy")
    return out


def _probability(score: float, intercept: float) -> float:
    return 1.0 / (1.0 + math.exp(intercept - score))


def _presentation_age(case: Case) -> float | None:
    """Age at presentation, when the Case model records it (never used by the criteria in place of onset)."""
    return getattr(case, "age_at_presentation_years", None)


def _age_unknown_text(case: Case) -> str:
    shown = _presentation_age(case)
    if shown is None:
        return "age at onset unknown"
    return (f"age at onset unknown (age at presentation {shown:g} years is given, but the criteria use age at "
            "onset of the first symptom and it is not substituted)")


def _any_state(statuses: dict[str, tuple[Status, str]], ids: tuple[str, ...]) -> Status:
    """present if any is present, absent if all are absent, else unknown."""
    states = [statuses[i][0] for i in ids]
    return "present" if "present" in states else "absent" if all(x == "absent" for x in states) else "unknown"


RASH = ("heliotrope_rash", "gottron_papules", "gottron_sign")
RASH_TEXT = "heliotrope rash, Gottron's papules or Gottron's sign"


def _ibm_branch(case: Case, statuses: dict[str, tuple[Status, str]]) -> tuple[str | None, str]:
    """Adult onset, weakness, no DM rash: IBM if finger flexor weakness with no response, or rimmed vacuoles."""
    exam = case.examination
    finger = exam.finger_flexor_weakness if exam else None
    response = exam.response_to_treatment if exam else None
    vacuoles = statuses["rimmed_vacuoles"][0]
    clinical = (True if finger is True and response == "no_response"
                else False if finger is False or response == "response" else None)
    base = "adult onset, weakness without DM rash"
    if vacuoles == "present":
        return "inclusion body myositis", f"{base}; rimmed vacuoles on muscle biopsy"
    if clinical is True:
        return "inclusion body myositis", f"{base}; finger flexor weakness with no response to treatment"
    if vacuoles == "absent" and clinical is False:
        why = "no finger flexor weakness" if finger is False else "responded to treatment"
        return "polymyositis (includes IMNM)", f"{base}; no IBM features ({why}, no rimmed vacuoles)"
    needs = []
    if clinical is None:
        if finger is None:
            needs.append("finger flexor weakness (examination.finger_flexor_weakness)")
        if response is None:
            needs.append("response to treatment (examination.response_to_treatment)")
    if vacuoles == "unknown":
        needs.append("rimmed vacuoles on muscle biopsy")
    return None, f"{base}; inclusion body myositis branch not assessable: needs " + " and ".join(needs)


def _subclass(case: Case, statuses: dict[str, tuple[Status, str]], classified: bool | None) -> tuple[str | None, str]:
    """Subclassification tree of the criteria (encoded from the figure; marked unverified in the data)."""
    rash = _any_state(statuses, RASH)
    weak = _any_state(statuses, ("proximal_weakness_upper", "proximal_weakness_lower"))
    age = case.age_years
    label: str | None
    if age is None:
        label, branch = None, _age_unknown_text(case)
    elif rash == "unknown":
        label, branch = None, f"onset at {age:g} years; DM rash not assessable: needs {RASH_TEXT}"
    elif age < 18:
        label = "juvenile dermatomyositis" if rash == "present" else "juvenile myositis other than JDM"
        branch = f"onset < 18 years; {'DM rash present' if rash == 'present' else 'no ' + RASH_TEXT}"
    elif weak == "unknown":
        label, branch = None, "adult onset; not assessable: needs objective proximal weakness (examination)"
    elif weak == "absent":
        label = "amyopathic dermatomyositis" if rash == "present" else None
        branch = "adult onset, no objective proximal weakness" + ("; DM rash" if rash == "present" else "; no DM rash")
    elif rash == "present":
        label, branch = "dermatomyositis", "adult onset, weakness with DM rash"
    else:
        label, branch = _ibm_branch(case, statuses)
    if classified is not True:
        state = "undecided" if classified is None else "not IIM"
        return None, f"not applied (IIM classification {state}); branch that would apply: {branch} -> {label or 'unclassified'}"
    return label, branch


def _band(score: float, cut) -> Band:
    return ("definite" if score >= cut.definite else "probable" if score >= cut.probable
            else "possible" if score >= cut.possible else "not_iim")


def _score_range(data, statuses: dict[str, tuple[Status, str]], with_biopsy: bool) -> tuple[float, float]:
    """Lowest (unknown = absent) and highest (unknown = present, one age band at most) score on one scale."""
    low = high = 0.0
    age_unknown = []
    for item in data.items:
        weight = item.with_biopsy if with_biopsy else item.without_biopsy
        if weight is None:
            continue
        status = statuses[item.id][0]
        if status == "present":
            low += weight
            high += weight
        elif status == "unknown":
            if item.group == "age":
                age_unknown.append(weight)
            else:
                high += weight
    if age_unknown and not any(statuses[i.id][0] == "present" for i in data.items if i.group == "age"):
        high += max(age_unknown)  # the age bands exclude each other
    return round(low, 1), round(high, 1)


def eular_acr(case: Case, labs: list[LabAssessment] | None = None) -> EularAcrResult:
    """Score the 2017 EULAR/ACR criteria with and without biopsy; the biopsy score is used when one was done."""
    data = eular_acr_2017()
    labs = labs if labs is not None else assess_labs(case.labs, case.age_years, case.sex)
    statuses = _eular_item_statuses(case, labs)
    biopsy = case.findings.muscle_biopsy is not None and case.findings.muscle_biopsy.performed
    items, unknown = [], []
    total_without, total_with = 0.0, 0.0
    for item in data.items:
        status, evidence = statuses[item.id]
        weight = item.with_biopsy if biopsy else item.without_biopsy
        points = weight if (status == "present" and weight is not None) else 0.0
        if status == "present":
            total_without += item.without_biopsy or 0.0
            total_with += item.with_biopsy
        if status == "unknown" and weight is not None:
            if item.group != "age":
                unknown.append(item.label)
            elif "Age at onset of first related symptom (age band)" not in unknown:
                unknown.insert(0, "Age at onset of first related symptom (age band)")
        items.append(ItemResult(id=item.id, label=item.label, status=status, weight=weight, points=points,
                                evidence=evidence))
    total_without, total_with = round(total_without, 1), round(total_with, 1)
    score = total_with if biopsy else total_without
    cut = data.cutoffs.with_biopsy if biopsy else data.cutoffs.without_biopsy
    intercept = data.probability.with_biopsy_intercept if biopsy else data.probability.without_biopsy_intercept
    low, high = _score_range(data, statuses, biopsy)
    bands: tuple[Band, Band] = (_band(low, cut), _band(high, cut))
    iim = {"probable", "definite"}
    classified = True if bands[0] in iim else False if bands[1] not in iim else None
    requirement = ""
    rash = _any_state(statuses, RASH)
    rule = data.biopsy_requirement
    category = bands[0] if bands[0] == bands[1] else "indeterminate"
    if not biopsy and rash != "present" and bands[1] in iim:
        # No DM rash item present and no biopsy: the criteria do not classify IIM (cited in the data file).
        flag = "" if rule.verified else " [UNVERIFIED]"
        if rash == "absent":
            requirement = f"requires muscle biopsy: {rule.note}{flag}"
            category = "requires_muscle_biopsy"
        else:
            requirement = (f"a muscle biopsy will be required unless {RASH_TEXT} is found (not assessed): "
                           f"{rule.note}{flag}")
            category = "indeterminate"
        classified = None
    subclass, branch = _subclass(case, statuses, classified)
    notes = [
        (f"category from the published score cut-offs ({'with' if biopsy else 'without'} biopsy: possible >= "
         f"{cut.possible}, probable >= {cut.probable}, definite >= {cut.definite}), which correspond to "
         "probabilities of 50%, 55% and 90%; stated only when the whole score range falls in one band"),
        (f"probability = 1 / (1 + exp({intercept} - score)); {data.probability.note}"
         + ("" if data.probability.verified else " [intercepts UNVERIFIED]")),
        "subclassification tree UNVERIFIED: " + data.subclassification.note
        if not data.subclassification.verified else "subclassification as published",
    ]
    if case.age_years is None and _presentation_age(case) is not None:
        notes.append(f"age items not scored: {_age_unknown_text(case)}")
    return EularAcrResult(
        score=score, probability=round(_probability(score, intercept), 3), score_range=(low, high),
        probability_range=(round(_probability(low, intercept), 3), round(_probability(high, intercept), 3)),
        score_category_range=bands, category=category, classified_as_iim=classified,
        biopsy_requirement=requirement, with_biopsy=biopsy,
        score_without_biopsy=total_without, score_with_biopsy=total_with if biopsy else None,
        score_range_if_biopsy_done=None if biopsy else _score_range(data, statuses, True),
        max_score_if_unknown_present=high, items=items, unknown=unknown,
        subclass=subclass, subclass_branch=branch, notes=notes, source=data.citation.short,
    )


def _requirement_status(req: str, case: Case, labs: list[LabAssessment]) -> tuple[ReqStatus, str]:
    exam = case.examination
    bx = case.findings.muscle_biopsy
    biopsy_done = bx is not None and bx.performed
    if req == "ck_elevated":
        ck = _lab(labs, Analyte.creatine_kinase)
        if ck is None:
            return "missing", "no CK result"
        return ("met" if ck.flag == "high" else "contradicted"), f"CK {ck.value:g} {ck.unit} ({ck.uln_multiple:g} x ULN)"
    if req == "proximal_weakness":
        vals = [exam.proximal_weakness_upper_limbs, exam.proximal_weakness_lower_limbs] if exam else []
        if any(v is True for v in vals):
            return "met", "proximal weakness on examination"
        if vals and all(v is False for v in vals):
            return "contradicted", "no proximal weakness on examination"
        return "missing", "proximal strength not recorded"
    if req in {"anti_srp_positive", "anti_hmgcr_positive"}:
        antigen = Antigen.srp if req == "anti_srp_positive" else Antigen.hmgcr
        r = _antibody(case, antigen)
        status: ReqStatus = {"positive": "met", "negative": "contradicted"}.get(r.value, "missing")  # type: ignore[assignment]
        return status, f"anti-{antigen.value.upper()} {r.value.replace('_', ' ')}"
    if req == "anti_srp_and_hmgcr_negative":
        rs = [_antibody(case, Antigen.srp), _antibody(case, Antigen.hmgcr)]
        text = f"anti-SRP {rs[0].value.replace('_', ' ')}, anti-HMGCR {rs[1].value.replace('_', ' ')}"
        if any(r is AntibodyResult.positive for r in rs):
            return "contradicted", text
        if all(r is AntibodyResult.negative for r in rs):
            return "met", text
        return "missing", text
    if req in {"biopsy_necrosis", "biopsy_regeneration"}:
        if not biopsy_done:
            return "missing", "no muscle biopsy"
        v = bx.necrosis if req == "biopsy_necrosis" else bx.regeneration  # type: ignore[union-attr]
        return ("missing" if v is None else "met" if v else "contradicted"), f"biopsy {req.split('_')[1]}: {v}"
    if req == "biopsy_scarce_inflammation":
        if not biopsy_done or bx.inflammation is None:  # type: ignore[union-attr]
            return "missing", "no muscle biopsy" if not biopsy_done else "inflammation not graded"
        ok = bx.inflammation in {"none", "minimal", "mild"}  # type: ignore[union-attr]
        return ("met" if ok else "contradicted"), f"biopsy inflammation: {bx.inflammation}"  # type: ignore[union-attr]
    if req in {"hla_class_i", "mac", "p62"}:
        if not biopsy_done:
            return "missing", "no muscle biopsy"
        v = getattr(bx, req)
        if v is None:
            return "missing", f"{req} staining not reported"
        return ("contradicted" if v == "absent" else "met"), f"{req}: {v}"
    raise ValueError(f"unknown ENMC requirement {req!r}")


#: The input a missing ENMC requirement asks for (alternative subtypes share inputs: one antibody result
#: decides both "anti-SRP positive" and "anti-SRP and anti-HMGCR negative").
ENMC_INPUT = {
    "ck_elevated": "creatine kinase (labs)",
    "proximal_weakness": "proximal weakness (examination)",
    "anti_srp_positive": "anti-SRP result (antibodies)",
    "anti_hmgcr_positive": "anti-HMGCR result (antibodies)",
    "anti_srp_and_hmgcr_negative": "anti-SRP and anti-HMGCR results (antibodies)",
    "biopsy_necrosis": "muscle biopsy: necrosis (findings.muscle_biopsy)",
    "biopsy_regeneration": "muscle biopsy: regeneration (findings.muscle_biopsy)",
    "biopsy_scarce_inflammation": "muscle biopsy: inflammation grade (findings.muscle_biopsy)",
}


def enmc(case: Case, labs: list[LabAssessment] | None = None) -> EnmcResult:
    """Which ENMC 2017 IMNM subtype the case fulfils, with each requirement met, missing or contradicted."""
    data = enmc_2017()
    labs = labs if labs is not None else assess_labs(case.labs, case.age_years, case.sex)
    subtypes = []
    read: dict[str, Requirement] = {}  # the subtypes share requirements (CK, weakness): each is read once
    for st in data.subtypes:
        reqs = []
        for rid in st.requires:
            if rid not in read:
                status, evidence = _requirement_status(rid, case, labs)
                read[rid] = Requirement(id=rid, label=data.label(rid), status=status, evidence=evidence)
            reqs.append(read[rid])
        subtypes.append(SubtypeResult(id=st.id, label=st.label, fulfilled=all(r.status == "met" for r in reqs),
                                      requirements=reqs))
    chosen = next((s for s in subtypes if s.fulfilled), None)
    if chosen is None:  # the closest candidate: most met, fewest contradicted
        chosen_for_lists = max(subtypes, key=lambda s: (
            -sum(r.status == "contradicted" for r in s.requirements), sum(r.status == "met" for r in s.requirements)))
    else:
        chosen_for_lists = chosen
    supportive = []
    for sup in data.supportive:
        status, evidence = _requirement_status(sup.id, case, labs)
        supportive.append(Requirement(id=sup.id, label=sup.label, status=status, evidence=evidence))
    needs: list[str] = []
    if chosen is None:  # what would decide it: the missing inputs of every subtype not already contradicted
        for st in subtypes:
            if not any(r.status == "contradicted" for r in st.requirements):
                for r in st.requirements:
                    wanted = ENMC_INPUT.get(r.id, r.label)
                    if r.status == "missing" and wanted not in needs:
                        needs.append(wanted)
    notes = [f"{'fulfils' if chosen else 'closest candidate'}: {chosen_for_lists.label}"]
    if any(not st.verified for st in data.subtypes):
        notes.append("subtype requirements UNVERIFIED against the workshop report's wording (see enmc_2017.yaml)")
    return EnmcResult(
        subtype=chosen.id if chosen else None,
        met=[r.label for r in chosen_for_lists.requirements if r.status == "met"],
        missing=[r.label for r in chosen_for_lists.requirements if r.status == "missing"],
        contradicted=[r.label for r in chosen_for_lists.requirements if r.status == "contradicted"],
        subtypes=subtypes, supportive=supportive, notes=notes, source=data.citation.short, needs=needs,
    )


def suspect_imnm(case: Case, labs: list[LabAssessment] | None = None) -> SuspicionResult:
    """The seed's rule: marked proximal weakness, absent or minimal skin lesions, CK > 10 000 IU/L."""
    rule = suspicion_rule()
    labs = labs if labs is not None else assess_labs(case.labs, case.age_years, case.sex)
    exam = case.examination
    reasons: list[str] = []
    needs: list[str] = []
    states: list[bool | None] = []
    proximal = None if exam is None else (
        True if (exam.proximal_weakness_upper_limbs or exam.proximal_weakness_lower_limbs) else
        False if (exam.proximal_weakness_upper_limbs is False and exam.proximal_weakness_lower_limbs is False) else None)
    severity = exam.weakness_severity if exam else None
    if proximal is True and severity in rule.weakness_severity:
        states.append(True)
        reasons.append(f"marked proximal weakness (severity: {severity})")
    elif proximal is False or (severity is not None and severity not in rule.weakness_severity):
        states.append(False)
        reasons.append(f"weakness not marked and proximal (proximal: {proximal}, severity: {severity})")
    else:
        states.append(None)
        reasons.append("weakness: proximal distribution or severity not recorded")
        needs.append("proximal weakness and its severity (examination)")
    skin = exam.skin_lesions if exam else None
    dm_rash = exam is not None and any(getattr(exam, f) for f in ("heliotrope_rash", "gottron_papules", "gottron_sign"))
    if dm_rash or skin == "prominent":
        states.append(False)
        reasons.append("skin lesions present (heliotrope rash, Gottron papules/sign or prominent rash)")
    elif skin in rule.skin_lesions_allowed:
        states.append(True)
        reasons.append(f"skin lesions {skin}")
    else:
        states.append(None)
        reasons.append("skin: not recorded")
        needs.append("skin lesions (examination.skin_lesions)")
    ck = _lab(labs, Analyte.creatine_kinase)
    if ck is None:
        states.append(None)
        reasons.append("CK: no result")
        needs.append("creatine kinase (labs)")
    else:
        ck_iu = convert(ck.value, ck.unit, "IU/L")
        lo, hi = rule.ck_uln_multiple_band
        band = f"; {ck.uln_multiple:g} x ULN (the seed's typical band is {lo:g}-{hi:g} x ULN)"
        if ck_iu > rule.ck_threshold_iu_l:
            states.append(True)
            reasons.append(f"CK {ck_iu:.0f} IU/L > {rule.ck_threshold_iu_l:.0f} IU/L{band}")
        else:
            states.append(False)
            reasons.append(f"CK {ck_iu:.0f} IU/L not above {rule.ck_threshold_iu_l:.0f} IU/L{band}")
    if all(s is True for s in states):
        status = "suspect_imnm"
    elif any(s is False for s in states):
        status = "not_suspected"
    else:
        status = "incomplete"
    return SuspicionResult(value=status == "suspect_imnm", status=status, reasons=reasons,  # type: ignore[arg-type]
                           source=rule.citation.short, needs=needs if status == "incomplete" else [])


def agreement(eular: EularAcrResult, enmc_result: EnmcResult) -> list[str]:
    """Say when the criteria disagree, and why (EULAR/ACR 2017 has no IMNM antibody or necrosis item)."""
    notes = []
    iim = eular.classified_as_iim
    why = ("EULAR/ACR 2017 has no item for anti-SRP or anti-HMGCR antibodies (its only antibody item is anti-Jo-1) "
           "and its biopsy items (inflammatory infiltrates, perifascicular atrophy, rimmed vacuoles) are the "
           "features IMNM lacks, so a necrotising myopathy without rash scores low. ENMC 2017 is the criteria set "
           "written for IMNM.")
    low, high = eular.score_range
    if enmc_result.subtype and iim is not True:
        label = next(s.label for s in enmc_result.subtypes if s.id == enmc_result.subtype)
        if iim is False:
            notes.append(f"criteria disagree: ENMC 2017 classifies {label}, yet EULAR/ACR 2017 scores "
                         f"{eular.score:g} (probability {eular.probability:.0%}, "
                         f"category {eular.category.replace('_', ' ')}). {why}")
        else:
            notes.append(f"criteria may disagree: ENMC 2017 classifies {label}, while EULAR/ACR 2017 does not "
                         f"classify on what is recorded (score {low:g} to {high:g}, probability "
                         f"{eular.probability_range[0]:.0%} to {eular.probability_range[1]:.0%}, "
                         f"{eular.category.replace('_', ' ')}). {why}")
    elif iim and enmc_result.subtype is None and enmc_result.contradicted:
        notes.append("EULAR/ACR 2017 classifies IIM but ENMC 2017 IMNM requirements are contradicted: "
                     + "; ".join(enmc_result.contradicted))
    elif iim and enmc_result.subtype:
        notes.append("EULAR/ACR 2017 and ENMC 2017 agree that this is an inflammatory myopathy; ENMC gives the IMNM subtype")
    return notes
