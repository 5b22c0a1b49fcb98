"""``carbonpeak montecarlo``: an ensemble over the uncertainties; P(peak by 2030)."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from carbonpeak.ensemble import add_run_options, design_settings, emit, report_failures, run_design
from carbonpeak.options import add_model_options, positive_int


def add_parser(subparsers: Any) -> None:
    """Register ``montecarlo``."""
    parser = subparsers.add_parser(
        "montecarlo",
        help="Monte Carlo ensemble over the uncertainties: probability of peaking by 2030",
        description="Run a Latin-hypercube ensemble over every uncertainty of the registry "
        "and report the probability that emissions peak by 2030.",
    )
    add_model_options(parser)
    parser.add_argument(
        "--runs", type=positive_int, required=True, metavar="N", help="uncertainty samples"
    )
    parser.add_argument(
        "--replicates",
        type=positive_int,
        default=1,
        metavar="K",
        help="model runs (seeds) per uncertainty sample (default 1; N x K runs in all); with "
        "K > 1 the stochastic share of variance is written to analysis/",
    )
    add_run_options(parser, out_required=False)
    parser.set_defaults(handler=handle)


def _fmt(value: Any, none: str = "n/a") -> str:
    if value is None:
        return none
    return f"{value:.3f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def _output(result: Any, args: argparse.Namespace) -> dict[str, Any]:
    from experiments import peak_probability, read_runs
    from experiments.analysis.writer import ANALYSIS_DIR

    out = peak_probability(read_runs(result.store))
    summary = Path(result.store) / ANALYSIS_DIR / "summary.json"
    out["stochastic_share"] = (
        json.loads(summary.read_text(encoding="utf-8")).get("stochastic_share")
        if summary.exists()
        else None
    )
    out.update(
        {
            "scenario": args.scenario,
            "seed": args.seed,
            "scale": args.scale,
            "end_year": args.end_year,
            "replicates": args.replicates,
            "runs_total": result.n_total,
            "store": str(result.store) if args.out is not None else None,
        }
    )
    return out


def _probability(p: float | None, ci: list[float | None]) -> str:
    return "n/a" if p is None else f"{p:.3f}  (95% CI {_fmt(ci[0])} - {_fmt(ci[1])})"


def _print(out: dict[str, Any], args: argparse.Namespace) -> None:
    states = out["state_counts"]
    runs = out["runs"]
    noise = out.get("stochastic_share")
    noise_text = (
        "run with --replicates K (K >= 2) to split the variance into model noise and parameters"
        if not noise
        else ", ".join(f"{k} {_fmt(v)}" for k, v in noise.items())
    )
    emit(
        {
            "scenario": args.scenario,
            "runs": f"{runs} ok, {out['n_failed']} failed",
            "P(peaked by 2030)": _probability(out["p_peak_by_2030"], out["p_peak_by_2030_ci95"]),
            "P(plateau or peaked by 2030)": _probability(
                out["p_plateau_or_peaked_by_2030"], out["p_plateau_or_peaked_by_2030_ci95"]
            ),
            "peak states": ", ".join(f"{k} {v} ({v / runs:.0%})" for k, v in states.items())
            if runs
            else "n/a",
            "median peak year": _fmt(out["median_peak_year"], "none (half the runs never peak)"),
            "peak years": ", ".join(f"{k}: {v}" for k, v in out["peak_year_counts"].items()),
            "stochastic share": noise_text,
            "results": out["store"] or "(temporary, removed; use --out DIR to keep them)",
        },
        as_json=False,
    )


def handle(args: argparse.Namespace) -> int:
    """Run the ensemble and print the peak probability."""
    from experiments import montecarlo_design

    def make_design() -> Any:
        return montecarlo_design(
            runs=args.runs, replicates=args.replicates, **design_settings(args)
        )

    with tempfile.TemporaryDirectory(prefix="carbonpeak-montecarlo-") as tmp:
        temporary = None if args.out is not None else Path(tmp) / "store"
        result, _ = run_design(args, make_design, temporary)
        code = report_failures("montecarlo", result)
        out = _output(result, args)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, allow_nan=False))
    else:
        _print(out, args)
    return code
