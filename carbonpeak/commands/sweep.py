"""``carbonpeak sweep SPEC.toml``: every run of a sweep spec (levers x samples x replications)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carbonpeak.ensemble import add_run_options, emit, report_failures, run_design, summary


def add_parser(subparsers: Any) -> None:
    """Register ``sweep``."""
    parser = subparsers.add_parser(
        "sweep",
        help="run the design of a sweep spec (levers x uncertainty samples x replications)",
        description="Run every run of a sweep spec TOML file (see docs/sweep_spec_example.toml).",
    )
    parser.add_argument("spec", type=Path, metavar="SPEC.toml", help="the sweep spec")
    add_run_options(parser, out_required=True)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the spec and print the experiment's summary."""
    from experiments import load_design

    result, design = run_design(args, lambda: load_design(args.spec, max_runs=args.max_runs))
    code = report_failures("sweep", result)
    emit(summary(result, design), args.json)
    return code
