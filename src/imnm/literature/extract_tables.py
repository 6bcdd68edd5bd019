"""A table's patients joined to the patients the prose tells of.

Each of the authors' patients in a table (:mod:`imnm.literature.tables`) is read like a short text of its own,
its items written as sentences, and the values found fill the record of the same patient in the prose: the same
number ("Patient 2" in the table and "Case 2" in the text), or the same place when neither numbers them. A
value the prose left empty is taken from the table. Where both give a value and they differ, the report
disagrees with itself: a review flag names both, and the record keeps the table's value when the text has
several patients (a row is one patient's, a sentence of a series may not be) and the prose's when it has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from imnm.literature.extract import Evidence, ExtractedCase, flag
from imnm.literature.tables import Rendered, Table, patient_number, render, table_patients

#: Record keys that hold one value, each with the keys that go with it.
_SCALARS = {"sex": (), "age_years": ("age_as_written", "age_at_presentation_years"), "ethnicity": (),
            "ck_iu_l": (), "aldolase_iu_l": (), "outcome_class": ("outcome_text",), "follow_up_months": ()}
#: The lab values, of which the first stated is the one recorded.
_LABS = ("ck_iu_l", "aldolase_iu_l")
#: A timeline's last row counted in hours ("Within 72 hours"): the end of an episode, not of the disease.
_HOURS = re.compile(r"\b(?:hours?|hrs?|h)\b", re.IGNORECASE)
_LABEL_NUMBER = re.compile(r"\b(?:case|patient|pt|child|sibling|twin|p)\.?\s*#?\s*(?P<n>\d{1,2}|[IVX]{1,4})\b",
                           re.IGNORECASE)


def with_tables(cases: list[ExtractedCase], tables: list[Table], text: str,
                read: Callable[[str], list[ExtractedCase]], is_antigen: Callable[[str], bool],
                is_drug: Callable[[str], bool]) -> list[ExtractedCase]:
    """``cases`` read from the prose, with what ``tables`` say of the same patients (and any patient only a
    table tells of)."""
    numbered: dict[int, ExtractedCase] = {}
    unnumbered: list[ExtractedCase] = []
    groups: list[ExtractedCase] = []
    for table in tables:
        for patient in table_patients(table):
            rendered = render(patient, table.notes, is_antigen, is_drug)
            found = read(rendered.text) if rendered.text else []
            if not found:
                continue
            case = found[0]
            case.evidence = {k: [_in_table(e, rendered, text) for e in spans] for k, spans in case.evidence.items()}
            case.patient_label = patient.label
            case.record["case_label"] = patient.label
            if patient.last_row is not None and (_HOURS.search(patient.last_when) or all(
                    e.start < patient.last_row for e in case.evidence.get("outcome_class", []))):
                # an earlier row's state is a point in the course; a last row hours after the one before ("Within
                # 72 hours | Full recovery") ends an episode, not the disease
                _forget(case, "outcome_class", "outcome_text")
            if patient.group:
                groups.append(case)
            elif patient.number is not None and patient.label is not None:
                if patient.number in numbered:
                    _fill(numbered[patient.number], case, prefer_table=False)
                else:
                    numbered[patient.number] = case
            else:
                unnumbered.append(case)
    if not numbered and not unnumbered and not groups:
        return cases
    if numbered:
        cases = _join_numbered(cases, numbered)
    for case in unnumbered:  # one patient's table (laboratory values, treatments, findings)
        if len(cases) == 1:
            _fill(cases[0], case, prefer_table=False)
        elif not cases:
            cases = [case]
    for group in groups:  # counts of the authors' patients together: what all of them had, or none
        for case in cases:
            _fill(case, group.model_copy(deep=True), prefer_table=False)
    return cases


def _join_numbered(cases: list[ExtractedCase], numbered: dict[int, ExtractedCase]) -> list[ExtractedCase]:
    several = len(numbered) > 1
    order = sorted(numbered)
    numbers = [_number_of(c.patient_label) for c in cases]
    if any(n is not None for n in numbers):
        by_number = {n: c for n, c in zip(numbers, cases) if n is not None}
        for n in order:
            if n in by_number:
                _fill(by_number[n], numbered[n], prefer_table=several)
            else:
                cases.append(numbered[n])
        return sorted(cases, key=lambda c: (_number_of(c.patient_label) is None, _number_of(c.patient_label) or 0))
    if len(cases) == len(order):
        for case, n in zip(cases, order):
            _fill(case, numbered[n], prefer_table=several)
            case.patient_label = case.patient_label or numbered[n].patient_label
            case.record["case_label"] = case.patient_label
        return cases
    if len(cases) <= 1:  # the prose told the series as one group: the table's rows are the patients
        return [numbered[n] for n in order]
    for case, n in zip(cases, order):
        _fill(case, numbered[n], prefer_table=several)
    return cases + [numbered[n] for n in order[len(cases):]]


def _number_of(label: str | None) -> int | None:
    m = _LABEL_NUMBER.search(label or "")
    return patient_number(m.group("n")) if m else None


def _in_table(evidence: Evidence, rendered: Rendered, text: str) -> Evidence:
    start, end = rendered.span(evidence.start, evidence.end)
    return Evidence(start=start, end=end, text=text[start:end])


def _fill(case: ExtractedCase, table: ExtractedCase, *, prefer_table: bool) -> None:
    """Values of ``table`` added to ``case``: empty fields filled, lists joined, disagreements flagged."""
    record, other = case.record, table.record
    for key, companions in _SCALARS.items():
        mine, theirs = record.get(key), other.get(key)
        if theirs is None:
            continue
        if mine is not None and mine != theirs:
            case.review_flags.append(flag("inconsistency", key, f"the text gives {_shown(record, key)!r} and its "
                                                                f"table {_shown(other, key)!r}"))
            if not (prefer_table or _stated_first(case, table, key)):
                continue
        elif mine is not None:
            continue
        for k in (key, *companions):
            record[k] = other.get(k)
        _take(case, table, key)
    for key in ("treatments", "treatments_as_written", "complications"):
        record[key] = record.get(key) or []
        for item in other.get(key) or []:
            if item not in record[key]:
                record[key].append(item)
    _take(case, table, "treatments", add=True)
    for f, said, against in [(f, "features", "features_absent") for f in other["features"]] + \
            [(f, "features_absent", "features") for f in other["features_absent"]]:
        if f in record[said] or (f in record[against] and not prefer_table):
            continue
        record[said].append(f)
        if f in record[against]:
            record[against].remove(f)
    _take(case, table, "features", add=True)
    _take(case, table, "features_absent", add=True)
    for antigen, result in other["antibodies"].items():
        if antigen not in record["antibodies"] or prefer_table:
            record["antibodies"][antigen] = result
    _take(case, table, "antibodies", add=True)
    dosed = {c["drug"] for c in record["courses"] if c.get("dose")}
    for course in other["courses"]:
        if course["drug"] in dosed:
            continue
        record["courses"] = [c for c in record["courses"] if c["drug"] != course["drug"]] + [course]
        dosed.add(course["drug"]) if course.get("dose") else None
    _take(case, table, "doses", add=True)
    record["labs"] = record["labs"] + [lab for lab in other["labs"] if lab not in record["labs"]]
    ivig = next((c for c in record["courses"] if c["drug"] == "ivig" and c.get("dose")), None)
    record["ivig_dose"] = f"{ivig['dose']:g} {ivig['dose_unit']}" if ivig else record.get("ivig_dose")
    case.review_flags += [f for f in table.review_flags if f not in case.review_flags]


def _stated_first(case: ExtractedCase, table: ExtractedCase, key: str) -> bool:
    """Whether a table gives a lab value before the prose does, the prose naming no peak: a table of serial values
    opens on the illness's value ("0 | 15 600"), which the prose may follow with a later one ("CK was still 2 300
    U/L at month 6"); the first value stated is the one recorded."""
    if key not in _LABS or any(f.startswith(f"ambiguous: {key}: ") and "a peak of" in f for f in case.review_flags):
        return False
    mine, theirs = case.evidence.get(key), table.evidence.get(key)
    return bool(mine and theirs) and theirs[0].start < mine[0].start


def _forget(case: ExtractedCase, key: str, *companions: str) -> None:
    """A value the table's reading gave, taken back (with its companions, evidence and confidence)."""
    for k in (key, *companions):
        case.record[k] = None
    case.evidence.pop(key, None)
    case.confidence.pop(key, None)


def _shown(record: dict, key: str) -> str:
    if key == "age_years" and record.get("age_as_written"):
        return record["age_as_written"]
    value = record.get(key)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _take(case: ExtractedCase, table: ExtractedCase, key: str, add: bool = False) -> None:
    spans = table.evidence.get(key)
    if not spans:
        return
    case.evidence[key] = (case.evidence.get(key, []) if add else []) + \
        [e for e in spans if e not in case.evidence.get(key, [])]
    if key in table.confidence:
        case.confidence[key] = min(case.confidence.get(key, 1.0), table.confidence[key]) if add else \
            table.confidence[key]
