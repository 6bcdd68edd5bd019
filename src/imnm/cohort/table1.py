"""Table 1 of the seed letter, regenerated from case records.

The table has the seed's seven columns. Values come from the records: normalised classes in
brackets beside the source's own words, and a reviewer's note for every flagged record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from imnm.model import AggregateSummary, Case, Drug, Feature

COLUMNS = [
    "Article (authors and year of publication)",
    "Case (sex, age, race/ethnicity)",
    "Presentation at onset",
    "Laboratory findings",
    "Symptoms",
    "Treatment",
    "Outcome",
]

FEATURE_LABELS = {
    Feature.dysphagia: "Dysphagia",
    Feature.pulmonary: "Pulmonary involvement",
    Feature.cardiac: "Cardiac involvement",
    Feature.cutaneous: "Cutaneous involvement",
    Feature.arthritis: "Arthritis",
    Feature.raynaud: "Raynaud phenomenon",
    Feature.lvh: "LVH",
    Feature.alopecia: "Alopecia",
    Feature.periungual_capillaries: "Dilated periungual capillaries",
    Feature.bronchoaspiration: "Bronchoaspiration",
    Feature.dysphonia: "Dysphonia",
    Feature.calcinosis: "Calcinosis",
    Feature.interstitial_lung_disease: "Interstitial lung disease",
}

DRUG_LABELS = {
    Drug.glucocorticoids: "Steroid therapy",
    Drug.ivig: "IVIG",
    Drug.scig: "SCIG",
}

SEX_WORDS = {"F": "Female", "M": "Male"}


def _num(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value >= 1000 else f"{value:g}"


#: The analytes Table 1's laboratory column shows, with the label it gives each.
LAB_LABELS = {"creatine_kinase": "CK", "aldolase": "Aldolase"}


@dataclass(frozen=True, slots=True)
class Table1Record:
    """What one Table 1 row shows of a record, the same whether read from the validated document
    (:meth:`from_case`) or from the registry's tables (:func:`imnm.store.queries.table1_records`)."""

    id: str | None
    article: str | None
    aggregate: bool
    n_cases: int
    sex: str | None
    age_years: float | None
    ethnicity: str | None
    presentation_text: str | None
    labs: tuple[tuple[str, float, str], ...]  # (analyte, value, unit) at diagnosis, CK and aldolase
    features_present: tuple[Feature, ...]
    treatments: tuple[tuple[Drug, float | None, str | None], ...]  # (drug, dose, unit) in source order
    outcome_text: str | None
    outcome_class: str
    review_flags: tuple[tuple[str, str], ...]  # (kind, message)
    source_kind: str  # a local record's free text is left out of a shared Table 1 (without_free_text)
    aggregate_summary: AggregateSummary | None = None
    checked: tuple[tuple[str, str], ...] = ()  # (field, agrees|differs) against the original article

    @classmethod
    def from_case(cls, case: Case) -> Table1Record:
        return cls(
            id=case.id, article=case.article, aggregate=case.aggregate, n_cases=case.n_cases,
            sex=case.sex.value if case.sex else None, age_years=case.age_years, ethnicity=case.ethnicity,
            presentation_text=case.presentation.text,
            labs=tuple((lab.analyte.value, lab.value, lab.unit) for lab in case.labs
                       if lab.analyte.value in LAB_LABELS),
            features_present=tuple(case.features_present),
            treatments=tuple((t.drug, t.dose, t.dose_unit) for t in case.treatments),
            outcome_text=case.outcome.outcome_text, outcome_class=case.outcome_class.value,
            review_flags=tuple((f.kind, f.message) for f in case.review_flags), source_kind=case.source_kind,
            aggregate_summary=case.aggregate_summary,
            checked=tuple(case.provenance.checked_fields.items()) if case.provenance else (),
        )

    def without_free_text(self) -> Table1Record:
        """The row as a shared Table 1 shows it: a local record's words (presentation, outcome, a
        group's course) may name the patient and are left out, as ``cohort export`` leaves them out;
        a literature record keeps its published words."""
        if self.source_kind != "local":
            return self
        summary = self.aggregate_summary
        if summary is not None and summary.course_text is not None:
            summary = summary.model_copy(update={"course_text": None})
        return replace(self, presentation_text=None, outcome_text=None, aggregate_summary=summary)


def _case_cell(case: Table1Record) -> str:
    if case.aggregate:
        s = case.aggregate_summary
        parts = []
        if s and s.n_female is not None and s.n_male is not None:
            parts.append(f"{s.n_female} female, {s.n_male} male")
        else:
            parts.append(f"{case.n_cases} patients")
        if s and s.age_min_years is not None and s.age_max_years is not None:
            parts.append(f"{s.age_min_years:g}-{s.age_max_years:g} years")
        return ", ".join(parts)
    return _person_cell(case.sex, case.age_years, case.ethnicity)


def _person_cell(sex: str | None, age_years: float | None, ethnicity: str | None) -> str:
    person = (SEX_WORDS.get(sex, sex) if sex else "sex not reported") + ", " + (
        f"{age_years:g} years" if age_years is not None else "age not reported")
    return f"{person}, {ethnicity}" if ethnicity else person


def _presentation_cell(case: Table1Record) -> str:
    course = case.aggregate_summary.course_text if case.aggregate_summary else None
    return case.presentation_text or course or "---"


def _labs_cell(case: Table1Record) -> str:
    if case.aggregate:
        s = case.aggregate_summary
        if s and s.ck_min_iu_l is not None and s.ck_max_iu_l is not None:
            return f"CK {_num(s.ck_min_iu_l)}-{_num(s.ck_max_iu_l)} IU/L"
        return "---"
    return _lab_list(case.labs)


def _lab_list(labs) -> str:
    return "; ".join(f"{LAB_LABELS[analyte]} {_num(value)} {unit}" for analyte, value, unit in labs) or "---"


def _symptoms_cell(case: Table1Record) -> str:
    if case.aggregate:
        s = case.aggregate_summary
        if s and s.feature_percent:
            return "; ".join(f"{FEATURE_LABELS[f]} {p:g}%" for f, p in s.feature_percent.items())
        return "---"
    return _feature_list(case.features_present)


def _feature_list(features) -> str:
    return "; ".join([FEATURE_LABELS[f] for f in features]) or "---"


def _treatment_cell(case: Table1Record) -> str:
    return _treatment_list(case.treatments)


def _treatment_list(treatments) -> str:
    if not treatments:
        return "---"
    parts = []
    in_source_order = list(dict.fromkeys(drug for drug, _, _ in treatments))
    for drug in in_source_order:
        label = DRUG_LABELS.get(drug, drug.value.capitalize())
        doses = sorted({f"{dose:g} {unit}" for d, dose, unit in treatments
                        if d is drug and dose and drug is Drug.ivig})
        parts.append(f"{label} ({', '.join(doses)})" if doses else label)
    return "; ".join(parts)


def _outcome_cell(case: Table1Record) -> str:
    return outcome_cell(case.outcome_text, case.outcome_class)


#: A one-patient record's cells from plain values, as a registry row holds them (the same text as
#: :func:`record_cells` gives a :class:`Table1Record`): case, labs, symptoms, treatment, outcome.
person_cell, lab_cell, symptom_cell, treatment_cell = _person_cell, _lab_list, _feature_list, _treatment_list


def outcome_cell(outcome_text: str | None, outcome_class: str) -> str:
    return f"{outcome_text or '---'} [{outcome_class}]"


def record_cells(case: Table1Record) -> list[str]:
    """Columns 2-7 of a record's row."""
    return [_case_cell(case), _presentation_cell(case), _labs_cell(case), _symptoms_cell(case),
            _treatment_cell(case), _outcome_cell(case)]


#: Which column shows a checked field (the first part of its name); antibodies have no column.
CHECKED_COLUMN = {"sex": 1, "age_years": 1, "age_at_presentation_years": 1, "ethnicity": 1, "n_cases": 1,
                  "presentation": 2, "labs": 3, "features": 4, "treatments": 5, "outcome": 6}
AGREES, DIFFERS = "\u2713", "\u2260"
COLUMN_NAMES = {1: "case", 2: "presentation", 3: "labs", 4: "symptoms", 5: "treatment", 6: "outcome"}
MARKS_NOTE = (f"{AGREES} column: the values of that column checked against the original article agree; "
              f"{DIFFERS} column: the original differs (both values in the record's note); columns not named: "
              "from the letter only.")


def _checked_marks(checked) -> dict[int, str]:
    """The mark each column earns from a record's checks against its original ((field, result) pairs)."""
    results: dict[int, set[str]] = {}
    for key, result in checked:
        column = CHECKED_COLUMN.get(key.split(".")[0])
        if column is not None:
            results.setdefault(column, set()).add(result)
    return {col: DIFFERS if "differs" in r else AGREES for col, r in results.items()}


@dataclass
class TableOne:
    """Table 1 as rows of strings, with the reviewer's notes that go beneath it."""

    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=lambda: list(COLUMNS))
    legend: str | None = None  # what the marks for values checked against the original mean

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


def article_key(article: str | None, case_id: str | None) -> str:
    """The group a row belongs to: its article, else the record itself."""
    return article or case_id or "local"


class FirstColumn:
    """The first cell of each row, in table order: an article's name (with its case count) on its first
    row, the numbers of the record's notes, and the marks of its checks against the original."""

    def __init__(self, groups: dict[str, int]):
        self.groups = groups  # cases per article key, over the whole table
        self.seen: set[str] = set()
        self.notes: list[str] = []

    def cell(self, key: str, case_id: str | None, review_flags, checked) -> str:
        article = ""
        if key not in self.seen:
            self.seen.add(key)
            n = self.groups[key]
            article = key if n == 1 else f"{key} ({n} cases)"
        marks = ""
        for kind, message in review_flags:
            self.notes.append(f"[{len(self.notes) + 1}] {case_id}: {kind}: {message}")
            marks += f"[{len(self.notes)}]"
        if marks and not article:
            article = "(cont.)"
        cell = article + (f" {marks}" if marks else "")
        if checked:
            earned = _checked_marks(checked)
            marks_by_kind = {m: [COLUMN_NAMES[col] for col, k in sorted(earned.items()) if k == m]
                             for m in (AGREES, DIFFERS)}
            named = "; ".join(f"{m} {', '.join(cols)}" for m, cols in marks_by_kind.items() if cols)
            if named:
                cell = (cell or "(cont.)") + f" {{{named}}}"
        return cell


def build_table1(cases: list[Case] | list[Table1Record]) -> TableOne:
    """One row per record, in the given order; an article's first row carries its case count.

    Takes validated cases or the same records read from the registry's tables.
    """
    cases = [c if isinstance(c, Table1Record) else Table1Record.from_case(c) for c in cases]
    groups: dict[str, int] = {}
    for c in cases:
        key = article_key(c.article, c.id)
        groups[key] = groups.get(key, 0) + c.n_cases
    first = FirstColumn(groups)
    rows = [[first.cell(article_key(c.article, c.id), c.id, c.review_flags, c.checked), *record_cells(c)]
            for c in cases]
    return TableOne(rows=rows, notes=first.notes, legend=MARKS_NOTE if any(c.checked for c in cases) else None)
