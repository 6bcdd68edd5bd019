"""Cohort statistics on a large registry: `imnm cohort summary / table1 / evidence` as whole processes.

A temporary SQLite registry is seeded with the shipped cohort and filled with N invented patients
(``synthetic_patients.py``: made up, no clinical fact), written straight into the normalised tables
and the document column with SQLAlchemy Core -- the same values ``imnm case add`` stores, without
its per-record audit, so setting up 100 000 patients takes about a minute, not an hour. Then each
command runs as a user runs it (interpreter start-up, imports, registry open, reading, computing,
printing), alternating with a tableone process that builds its Table 1 from the same individual
rows (sex, age, CK, outcome, each feature and drug as a yes/no column) read with pandas.read_sql.
Wall time, CPU time (user + sys) and peak RSS come from ``os.wait4``; each figure is the median.

    .venv/bin/pip install -e '.[bench]'   # tableone, for the comparison only
    .venv/bin/python benchmarks/bench_statistics.py --patients 100000 --repeats 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_patients import iter_patients

ROOT = Path(__file__).resolve().parents[1]
IMNM = str(Path(sys.executable).with_name("imnm"))

COMMANDS = {
    "imnm cohort summary": [IMNM, "cohort", "summary"],
    "imnm cohort table1 --format csv": [IMNM, "cohort", "table1", "--format", "csv"],
    "imnm cohort evidence": [IMNM, "cohort", "evidence"],
}

# tableone on the same individual rows: the variables imnm's summary reports, read by columns.
TABLEONE = r"""
import sys
import pandas as pd
from sqlalchemy import create_engine
from tableone import TableOne

engine = create_engine(sys.argv[1])
cases = pd.read_sql("SELECT id, sex, age_years, ck_iu_l, outcome_class FROM cases WHERE aggregate = 0", engine)
features = pd.read_sql("SELECT DISTINCT case_id, feature FROM case_features WHERE present = 1", engine)
drugs = pd.read_sql("SELECT DISTINCT case_id, drug FROM case_treatments", engine)
for name, frame, column in (("feature", features, "feature"), ("drug", drugs, "drug")):
    flags = pd.crosstab(frame["case_id"], frame[column]).gt(0).astype(int).add_prefix(name + "_")
    cases = cases.merge(flags, left_on="id", right_index=True, how="left")
flag_columns = [c for c in cases.columns if c.startswith(("feature_", "drug_"))]
cases[flag_columns] = cases[flag_columns].fillna(0).astype(int)
table = TableOne(cases, columns=["sex", "age_years", "ck_iu_l", "outcome_class", *flag_columns],
                 categorical=["sex", "outcome_class", *flag_columns], nonnormal=["age_years", "ck_iu_l"])
sys.stdout.write(table.tableone.to_csv())
"""


def _rows(case, case_id: str, position: int) -> dict[str, list[dict]]:
    """The rows ``imnm case add`` writes for one validated case (store.cases), minus the audit row."""
    from imnm.store.cases import _scalar_values  # the columns of ``cases`` every write path fills

    scalars = {"id": case_id, **_scalar_values(case), "position": position,
               "document": case.model_dump(mode="json", exclude_none=True), "version": 1}
    labs = [(None, lab) for lab in case.labs] + [(i, lab) for i, v in enumerate(case.visits) for lab in v.labs]
    return {
        "cases": [scalars],
        "case_features": [{"case_id": case_id, "feature": f.feature.value, "present": f.present,
                           "as_written": f.as_written} for f in case.features],
        "case_treatments": [{"case_id": case_id, "position": i, "drug": t.drug.value,
                             "drug_as_written": t.drug_as_written, "dose": t.dose, "dose_unit": t.dose_unit,
                             "dose_given": t.dose_given, "dose_given_unit": t.dose_given_unit, "route": t.route,
                             "frequency": t.frequency, "start": t.start, "stop": t.stop,
                             "start_month": t.start_month, "stop_month": t.stop_month,
                             "line_of_therapy": t.line_of_therapy} for i, t in enumerate(case.treatments)],
        "case_labs": [{"case_id": case_id, "visit_position": pos, "analyte": lab.analyte.value, "value": lab.value,
                       "unit": lab.unit, "reference_low": lab.reference_low, "reference_high": lab.reference_high,
                       "date": lab.date, "months_from_diagnosis": lab.months_from_diagnosis} for pos, lab in labs],
        "case_antibodies": [{"case_id": case_id, "antigen": a.antigen.value, "result": a.result.value,
                             "method": a.method} for a in case.antibodies],
        "case_visits": [{"case_id": case_id, "position": i, "label": v.label, "date": v.date,
                         "months_from_diagnosis": v.months_from_diagnosis, "cmas": v.cmas, "mmt8": v.mmt8,
                         "physician_global_activity": v.physician_global_activity,
                         "patient_global_activity": v.patient_global_activity, "chaq": v.chaq,
                         "extramuscular_activity": v.extramuscular_activity} for i, v in enumerate(case.visits)],
    }


def build_registry(url: str, patients: int, seed: int) -> None:
    """The shipped cohort plus ``patients`` invented local patients, in batches of 5 000."""
    from sqlalchemy import insert

    from imnm.model import Case
    from imnm.store import open_registry
    from imnm.store.schema import Base

    registry = open_registry(url)
    tables = Base.metadata.tables
    batch: dict[str, list[dict]] = {}

    def flush() -> None:
        with registry.session() as session:
            for name in ("cases", "case_features", "case_treatments", "case_labs", "case_antibodies", "case_visits"):
                if batch.get(name):
                    session.execute(insert(tables[name]), batch[name])
        batch.clear()

    for i, record in enumerate(iter_patients(patients, seed)):
        for name, rows in _rows(Case.model_validate(record), f"bench-{i:06d}", 1000 + i).items():
            batch.setdefault(name, []).extend(rows)
        if (i + 1) % 5000 == 0:
            flush()
    flush()
    registry.dispose()


def run(argv: list[str], env: dict) -> tuple[float, float, int]:
    """Wall s, CPU s (user + sys) and peak RSS (KiB) of one whole process, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--registry", type=Path, help="keep (or reuse) the registry file here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.registry or Path(tmp) / "registry.sqlite3"
        url = f"sqlite:///{path}"
        if not path.exists():
            start = time.perf_counter()
            build_registry(url, args.patients, args.seed)
            print(f"set-up: {args.patients} invented patients written in {time.perf_counter() - start:.0f} s")
        env = {**os.environ, "IMNM_DATABASE_URL": url}
        script = Path(tmp) / "tableone_bench.py"
        script.write_text(TABLEONE, encoding="utf-8")
        programs = {**COMMANDS, "tableone (same rows, pandas.read_sql)": [sys.executable, str(script), url]}
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in programs}
        for _ in range(args.repeats):
            for name, argv in programs.items():
                results[name].append(run(argv, env))
        print(f"{args.patients} invented patients + the shipped cohort; median of {args.repeats} runs")
        print("| program | wall s | CPU s | peak RSS (MiB) |")
        print("|---|---|---|---|")
        medians = {}
        for name, runs in results.items():
            wall, cpu, rss = (statistics.median(r[i] for r in runs) for i in range(3))
            medians[name] = wall
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss / 1024:.0f} |")
        reference = medians["tableone (same rows, pandas.read_sql)"]
        for name in COMMANDS:
            print(f"{name} / tableone (wall): {medians[name] / reference:.2f}")


if __name__ == "__main__":
    main()
