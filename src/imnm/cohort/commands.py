"""CLI commands for follow-up evidence: ``imnm forecast FILE.json`` and ``imnm cohort evidence``.

Thin shells: they read the registry through :mod:`imnm.store`, compute with the pure modules
(:mod:`imnm.cohort.forecast`, :mod:`imnm.cohort.evidence`) and print text (Rich) or JSON. Errors a user
can cause (a bad file, an invalid case) are one clear message on stderr and exit code 2.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from imnm.shell import friendly_errors


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _scheme(v: dict) -> str:
    """Which validation, on how many cases (leave-one-out for the published cohort, k-fold for large N)."""
    if v.get("scheme") == "stratified_k_fold":
        return f"stratified {v['folds']}-fold cross-validation on {v['n_cases']} cases:"
    return "leave-one-out validation:"


def forecast_text(d: dict) -> str:
    """The forecast as a clinician reads it: the number, its interval, and how far to trust it."""
    v = d["validation"]
    lo, hi = d["interval"]
    lines = [
        (f"Probability of a good outcome (marked improvement or remission): {_pct(d['probability_good_outcome'])} "
        f"(95% interval {_pct(lo)}-{_pct(hi)})"),
        (f"  rests on {d['model']['n_cases']} individual cases ({d['model']['n_good_outcome']} good outcomes); "
        f"{d['model']['method']}"),
        (f"  {_scheme(v)} AUC {v['auc']:.2f}, Brier {v['brier']:.3f} "
        f"(no-skill {v['brier_null']:.3f}), calibration-in-the-large {v['calibration_in_the_large']:+.3f}, "
        f"slope {v['calibration_slope'] if v['calibration_slope'] is None else round(v['calibration_slope'], 2)}"),
        "  calibration (held-out predictions in thirds): " + "; ".join(
            f"{b['bin']}: predicted {_pct(b['mean_predicted'])}, observed {b['observed_good']}/{b['n']}"
            for b in v["calibration_bins"]),
        "",
        "Inputs: " + "; ".join(
            f"{x['label']} = {x['value']:g}" + ("" if x["how"] == "recorded" else f" ({x['how']})")
            for x in d["inputs"].values()),
        "",
        "Model terms (log-odds per SD, 95% Wald interval):",
    ]
    for c in d["model"]["coefficients"][1:]:
        lines.append(f"  {c['label']}: {c['log_odds']:+.2f} ({c['ci95'][0]:+.2f} to {c['ci95'][1]:+.2f})")
    lines += ["", "Most similar published/registry cases:"]
    for s in d["similar_cases"]:
        why = ", ".join(f"{c['feature']} {c['similarity']:.2f}" for c in s["components"])
        lines.append(f"  {s['similarity']:.2f}  {s['article']}: {s['sex'] or '-'}, {s['age_years']} y, "
                     f"CK {s['ck_iu_l']:g}; {', '.join(s['treatments']) or 'no treatment recorded'} -> "
                     f"{s['outcome_class']}  [{why}]")
    if d["excluded_from_training"]:
        lines.append("Not used (this case's own record): " + "; ".join(
            f"{e['article'] or e['id']} ({e['reason']})" for e in d["excluded_from_training"]))
    lines += ["", *(f"Note: {n}" for n in d["notes"])]
    return "\n".join(lines)


def forecast(
    file: Annotated[Path, typer.Argument(metavar="FILE.json", help="one case as JSON (the Case model)")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
) -> None:
    """Probability of a good outcome for one child, with its validation and the most similar cases."""
    return _forecast(file, format)


@friendly_errors
def _forecast(file: Path, format: OutputFormat) -> None:
    from imnm.model import Case
    from imnm.services.forecast import forecast as run
    from imnm.shell import registry

    case = Case.model_validate_json(file.read_text(encoding="utf-8"))
    result = run(registry(), case)
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        from imnm.shell import console

        console.print(forecast_text(result), highlight=False, markup=False)


def evidence_text(e: dict) -> str:
    from imnm.cohort.evidence import format_ratio

    g = e["good_outcome"]
    lines = [
        (f"Good outcome (marked improvement or remission): {g['k']}/{g['n']} individual cases "
        f"({g['percent']:.0f}%, exact 95% CI {100 * g['ci95'][0]:.0f}-{100 * g['ci95'][1]:.0f}%)"),
        (f"Excluded: {', '.join(e['excluded']['aggregate_records'])} "
        f"({e['excluded']['aggregate_patients']} patients without individual outcomes)."),
        "",
    ]
    for t in e["tables"]:
        lines.append(t["question"])
        for grp in t["groups"]:
            p = grp["good_outcome"]
            if p:
                lines.append(f"  {grp['label']:<26} {p['k']:>2}/{p['n']:<2} good  ({p['percent']:.0f}%, "
                             f"95% CI {100 * p['ci95'][0]:.0f}-{100 * p['ci95'][1]:.0f}%)")
            else:
                lines.append(f"  {grp['label']:<26} no cases")
        if t["fisher_exact_p"] is not None:
            ci = t["odds_ratio_ci95"]
            ci_s = "-".join(format_ratio(x) for x in ci)
            or_s = format_ratio(t["odds_ratio"])
            lines.append(f"  Fisher's exact p = {t['fisher_exact_p']:.3f}; odds ratio {or_s} (95% CI {ci_s})")
        lines.append("")
    lines += [e["cut_point_note"], f"Caveat: {e['caveat']}"]
    return "\n".join(lines)


def evidence(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
) -> None:
    """Outcome by treatment, age and CK: exact intervals, Fisher's tests, stated as associations."""
    return _evidence(format)


@friendly_errors
def _evidence(format: OutputFormat) -> None:
    from imnm.services.cohort import evidence as outcome_evidence
    from imnm.shell import console, registry

    result = outcome_evidence(registry())
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        console.print(evidence_text(result), highlight=False, markup=False)
