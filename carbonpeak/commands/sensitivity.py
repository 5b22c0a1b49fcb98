"""``carbonpeak sensitivity``: Sobol or Morris indices of every registry uncertainty."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carbonpeak.ensemble import (
    add_run_options,
    design_settings,
    emit,
    report_failures,
    run_design,
    summary,
)
from carbonpeak.options import add_model_options, positive_int


def add_parser(subparsers: Any) -> None:
    """Register ``sensitivity``."""
    parser = subparsers.add_parser(
        "sensitivity",
        help="global sensitivity of peak year, peak level and cumulative CO2 (Sobol or Morris)",
        description="Sample every uncertainty of the registry with SALib, run the model and "
        "write Sobol or Morris indices under DIR/analysis/.",
    )
    add_model_options(parser)
    parser.add_argument("--method", choices=("sobol", "morris"), required=True, help="method")
    parser.add_argument(
        "--samples",
        type=positive_int,
        required=True,
        metavar="N",
        help="sobol: base sample size N (a power of two); morris: trajectories",
    )
    add_run_options(parser, out_required=True)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the sensitivity design and list the index files written."""
    from experiments import sensitivity_design

    def make_design() -> Any:
        return sensitivity_design(method=args.method, samples=args.samples, **design_settings(args))

    result, design = run_design(args, make_design)
    code = report_failures("sensitivity", result)
    table = summary(result, design)
    analysis_dir = Path(result.store) / "analysis"
    table["indices"] = sorted(str(p) for p in analysis_dir.glob(f"{args.method}_*.csv"))
    emit(table, args.json)
    return code
