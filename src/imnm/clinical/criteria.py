"""Does the picture fit IIM, and IMNM of which subtype? EULAR/ACR 2017, ENMC 2017 and the seed's rule.

Weights, cut-offs and requirements come from ``imnm.knowledge.criteria`` (cited data). Each item is
``present``, ``absent`` or ``unknown`` (not assessed or not reported): unknown never scores and is
listed, so the clinician sees what is missing. The criteria can disagree, and for anti-SRP IMNM they
do: EULAR/ACR 2017 has no item for anti-SRP or anti-HMGCR and no necrotising-biopsy item, so a child
with anti-SRP IMNM by ENMC 2017 (like the seed's index case) may score "not IIM"; ``agreement`` says so.
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
    model_config = ConfigDict(frozen=True)

    score: float
    probability: float
    category: Literal["definite", "probable", "possible", "not_iim"]
    with_biopsy: bool
    score_without_biopsy: float
    score_with_biopsy: float | None
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


class SuspicionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: bool
    status: Literal["suspect_imnm", "not_suspected", "incomplete"]
    reasons: list[str]
    source: str


def _bool(v: bool | None) -> Status:
    return "unknown" if v is None else ("present" if v else "absent")


def _antibody(case: Case, antigen: Antigen) -> AntibodyResult:
    return case.antibody(antigen)


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


def _subclass(case: Case, statuses: dict[str, tuple[Status, str]], category: str) -> tuple[str | None, str]:
    """Subclassification tree of the criteria (encoded from the figure; marked unverified in the data)."""
    rash = any(statuses[i][0] == "present" for i in ("heliotrope_rash", "gottron_papules", "gottron_sign"))
    weak = any(statuses[i][0] == "present" for i in ("proximal_weakness_upper", "proximal_weakness_lower"))
    age = case.age_years
    if age is None:
        branch, label = "age at onset unknown", None
    elif age < 18:
        label = "juvenile dermatomyositis" if rash else "juvenile myositis other than JDM"
        branch = f"onset < 18 years; {'DM rash present' if rash else 'no heliotrope rash or Gottron papules/sign'}"
    elif not weak:
        label = "amyopathic dermatomyositis" if rash else None
        branch = "adult onset, no objective proximal weakness" + ("; DM rash" if rash else "; no DM rash")
    elif rash:
        label, branch = "dermatomyositis", "adult onset, weakness with DM rash"
    elif statuses["rimmed_vacuoles"][0] == "present":
        label, branch = "inclusion body myositis", "adult onset, no rash, rimmed vacuoles"
    else:
        label, branch = "polymyositis (includes IMNM)", "adult onset, weakness without rash or IBM features"
    if category not in {"definite", "probable"}:
        return None, f"not applied (category {category}); branch that would apply: {branch} -> {label or 'unclassified'}"
    return label, branch


def eular_acr(case: Case, labs: list[LabAssessment] | None = None) -> EularAcrResult:
    """Score the 2017 EULAR/ACR criteria with and without biopsy; the biopsy score is used when one was done."""
    data = eular_acr_2017()
    labs = labs if labs is not None else assess_labs(case.labs, case.age_years, case.sex)
    statuses = _eular_item_statuses(case, labs)
    biopsy = case.findings.muscle_biopsy is not None and case.findings.muscle_biopsy.performed
    items, unknown = [], []
    total_without, total_with, max_if = 0.0, 0.0, 0.0
    for item in data.items:
        status, evidence = statuses[item.id]
        weight = item.with_biopsy if biopsy else item.without_biopsy
        points = weight if (status == "present" and weight is not None) else 0.0
        if status == "present":
            total_without += item.without_biopsy or 0.0
            total_with += item.with_biopsy
        if status == "unknown" and weight is not None and item.group != "age":
            unknown.append(item.label)
            max_if += weight
        items.append(ItemResult(id=item.id, label=item.label, status=status, weight=weight, points=points,
                                evidence=evidence))
    total_without, total_with = round(total_without, 1), round(total_with, 1)
    score = total_with if biopsy else total_without
    cut = data.cutoffs.with_biopsy if biopsy else data.cutoffs.without_biopsy
    intercept = data.probability.with_biopsy_intercept if biopsy else data.probability.without_biopsy_intercept
    probability = _probability(score, intercept)
    category = ("definite" if score >= cut.definite else "probable" if score >= cut.probable
                else "possible" if score >= cut.possible else "not_iim")
    subclass, branch = _subclass(case, statuses, category)
    notes = [
        (f"category from the published score cut-offs ({'with' if biopsy else 'without'} biopsy: possible >= "
         f"{cut.possible}, probable >= {cut.probable}, definite >= {cut.definite}), which correspond to "
         "probabilities of 50%, 55% and 90%"),
        (f"probability = 1 / (1 + exp({intercept} - score)); {data.probability.note}"
         + ("" if data.probability.verified else " [intercepts UNVERIFIED]")),
        "subclassification tree UNVERIFIED: " + data.subclassification.note
        if not data.subclassification.verified else "subclassification as published",
    ]
    return EularAcrResult(
        score=score, probability=round(probability, 3), category=category, with_biopsy=biopsy,
        score_without_biopsy=total_without, score_with_biopsy=total_with if biopsy else None,
        max_score_if_unknown_present=round(score + max_if, 1), items=items, unknown=unknown,
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


def enmc(case: Case, labs: list[LabAssessment] | None = None) -> EnmcResult:
    """Which ENMC 2017 IMNM subtype the case fulfils, with each requirement met, missing or contradicted."""
    data = enmc_2017()
    labs = labs if labs is not None else assess_labs(case.labs, case.age_years, case.sex)
    subtypes = []
    for st in data.subtypes:
        reqs = []
        for rid in st.requires:
            status, evidence = _requirement_status(rid, case, labs)
            reqs.append(Requirement(id=rid, label=data.label(rid), status=status, evidence=evidence))
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
    notes = [f"{'fulfils' if chosen else 'closest candidate'}: {chosen_for_lists.label}"]
    if any(not st.verified for st in data.subtypes):
        notes.append("subtype requirements UNVERIFIED against the workshop report's wording (see enmc_2017.yaml)")
    return EnmcResult(
        subtype=chosen.id if chosen else None,
        met=[r.label for r in chosen_for_lists.requirements if r.status == "met"],
        missing=[r.label for r in chosen_for_lists.requirements if r.status == "missing"],
        contradicted=[r.label for r in chosen_for_lists.requirements if r.status == "contradicted"],
        subtypes=subtypes, supportive=supportive, notes=notes, source=data.citation.short,
    )


def suspect_imnm(case: Case, labs: list[LabAssessment] | None = None) -> SuspicionResult:
    """The seed's rule: marked proximal weakness, absent or minimal skin lesions, CK > 10 000 IU/L."""
    rule = suspicion_rule()
    labs = labs if labs is not None else assess_labs(case.labs, case.age_years, case.sex)
    exam = case.examination
    reasons: list[str] = []
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
    ck = _lab(labs, Analyte.creatine_kinase)
    if ck is None:
        states.append(None)
        reasons.append("CK: no result")
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
                           source=rule.citation.short)


def agreement(eular: EularAcrResult, enmc_result: EnmcResult) -> list[str]:
    """Say when the criteria disagree, and why (EULAR/ACR 2017 has no IMNM antibody or necrosis item)."""
    notes = []
    iim = eular.category in {"definite", "probable"}
    if enmc_result.subtype and not iim:
        label = next(s.label for s in enmc_result.subtypes if s.id == enmc_result.subtype)
        notes.append(
            f"criteria disagree: ENMC 2017 classifies {label}, yet EULAR/ACR 2017 scores {eular.score:g} "
            f"(probability {eular.probability:.0%}, category {eular.category.replace('_', ' ')}). EULAR/ACR 2017 "
            "has no item for anti-SRP or anti-HMGCR antibodies (its only antibody item is anti-Jo-1) and its "
            "biopsy items (inflammatory infiltrates, perifascicular atrophy, rimmed vacuoles) are the features "
            "IMNM lacks, so a necrotising myopathy without rash scores low. ENMC 2017 is the criteria set "
            "written for IMNM."
        )
    elif iim and enmc_result.subtype is None and enmc_result.contradicted:
        notes.append("EULAR/ACR 2017 classifies IIM but ENMC 2017 IMNM requirements are contradicted: "
                     + "; ".join(enmc_result.contradicted))
    elif iim and enmc_result.subtype:
        notes.append("EULAR/ACR 2017 and ENMC 2017 agree that this is an inflammatory myopathy; ENMC gives the IMNM subtype")
    return notes
