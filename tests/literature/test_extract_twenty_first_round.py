"""Twenty-first round: tables as the blind set gave them (each test failed before the round)."""

from imnm.literature.extract_patterns import extract

PIPES_IN_A_WRAPPED_TEXT = """Patients and treatment
All the children were girls except patient 3, a boy. One girl (patient 2) had two courses, shown as rows
2a and 2b, and the table gives the doses being taken when the course began for each of the
children in the series.

Table 1. The children at the start of treatment

| Pt | Sex | Age at onset / at start (y) | Symptoms | Previous treatment | RTX regimen | Outcome / relapse | Follow-up (y) |
|----|-----|------|------|------|------|------|-----|
| 1 | F | 8 / 8.1 | Myositis*, rash* | PRED* 1.5 mg/kg/d, CSA | 4 x 375 mg/m2 | CCR / no | 3 |
| 2a | F | 10 / 12 | Myositis*, calcinosis* | PRED*, MTX (18) | 2 x 500 mg/m2 | NE | - |
| 2b | F | 10 / 13.3 | Myositis*, calcinosis* | PRED* 0.2 mg/kg/d, MMF* | 2 x 375 mg/m2 | CCR / no | 2.5 |
| 3 | M | 2.5 / 9 | Myositis, rash | PRED* 0.2 mg/kg/d | NS | NR | 2 (died) |

* present, or given at a stable dose, when the course began. Pt patient; F female; M male; y years;
PRED prednisone; CSA ciclosporin; MTX methotrexate; MMF mycophenolate mofetil; RTX rituximab; CCR
complete clinical response; NR no response; NE not evaluable; NS not stated.
"""


def test_a_pipe_table_in_a_hard_wrapped_text_with_a_spaced_footnote():
    one, two, three = extract(PIPES_IN_A_WRAPPED_TEXT)
    r = one.record
    assert (r["sex"], r["age_years"], r["outcome_class"], r["follow_up_months"]) == ("F", 8.0, "remission", 36.0)
    assert sorted(r["treatments"]) == ["ciclosporin", "glucocorticoids", "rituximab"]
    assert {c["drug"]: c["dose"] for c in r["courses"] if c.get("dose")} == {"glucocorticoids": 1.5, "rituximab": 375}
    # rows 2a and 2b are one girl: the first row's values first, the second fills what the first left ("NE" is none)
    assert (two.record["age_years"], two.record["follow_up_months"], two.record["outcome_class"]) == (10.0, 30.0, "remission")
    assert {"methotrexate", "mycophenolate", "rituximab"} <= set(two.record["treatments"])
    assert three.record["sex"] == "M" and three.record["outcome_class"] == "death"
    assert "rituximab" not in three.record["treatments"]  # "NS": not stated is not given


SPACED_COLUMNS = """Case series
Two girls with anti-MDA5 dermatomyositis were treated at our centre.

Table 1  Course of the two patients
                          Patient 1               Patient 2
Sex                       F                       F
Age at onset              4 y                     12 y
Skin ulcers               +                       -
Induction                 IVMP, IVIG,             IVMP, cyclophosphamide
                          ciclosporin             500 mg/m2
Induction                 IVMP, IVIG,             IVMP, cyclophosphamide
                          ciclosporin             500 mg/m2
Follow-up (mo)            144                     23

IVMP intravenous methylprednisolone; IVIG intravenous immunoglobulin; mo months.
"""


def test_a_header_with_fewer_cells_and_a_wrapped_cell_that_recurs_are_read():
    one, two = extract(SPACED_COLUMNS)
    assert (one.record["age_years"], one.record["follow_up_months"]) == (4.0, 144.0)
    assert (two.record["age_years"], two.record["follow_up_months"]) == (12.0, 23.0)
    assert "ciclosporin" in one.record["treatments"] and "ciclosporin" not in two.record["treatments"]
    assert {c["drug"]: c["dose"] for c in two.record["courses"] if c.get("dose")} == {"cyclophosphamide": 500}


GROUP = """We saw three children with anti-SAE dermatomyositis. None of the three had interstitial lung disease
or calcinosis.

Table 1 Summary of the three children (n = 3)
| Characteristic            | Result   |
|---------------------------|----------|
| Dysphagia                 | 3/3      |
| Calcinosis                | 0/3      |
| Proximal weakness         | 2/3      |
| Hydroxychloroquine        | 3/3      |
"""


def test_a_table_of_counts_says_what_all_or_none_of_the_patients_had():
    cases = extract(GROUP)
    assert len(cases) == 3
    for case in cases:
        assert "dysphagia" in case.record["features"]
        assert {"calcinosis", "interstitial_lung_disease"} <= set(case.record["features_absent"])
        assert "calcinosis" not in case.record["features"]
        assert "hydroxychloroquine" in case.record["treatments"]


def test_none_of_the_patients_had_a_list_of_findings():
    cases = extract("Four girls had anti-NXP2 dermatomyositis. None of the four had interstitial lung disease or "
                    "calcinosis.")
    assert all(c.record["features"] == [] for c in cases)
    assert all(set(c.record["features_absent"]) == {"calcinosis", "interstitial_lung_disease"} for c in cases)


ONE_PATIENT = """A 12-year-old girl had weakness for a month.

Table 1. Laboratory course
Test                 Admission      Peak (day 3)    Reference
CK, IU/L             1 148          28 045          <170
ALT, IU/L            210            2 059           <40

Table 2. Treatment
Drug                 Dose                 Route
Methylprednisolone   20 mg/kg/day         IV
Immunoglobulin       1 g/kg               IV

Table 3. Steps
Step   Treatment          Response
1      Rituximab          Partial
2      Plasma exchange    None
"""


def test_one_patients_tables_peak_column_drug_and_dose_and_steps():
    (case,) = extract(ONE_PATIENT)
    r = case.record
    assert r["ck_iu_l"] == 28045  # the column called the peak, for the muscle enzymes
    assert {c["drug"]: c["dose"] for c in r["courses"] if c.get("dose")} == {"glucocorticoids": 20, "ivig": 1}
    assert {"rituximab", "plasmapheresis"} <= set(r["treatments"])
    assert r["age_years"] == 12.0

