"""What the ensemble commands (montecarlo, sweep, sensitivity) share: options, running, reports.

Exit codes (see `carbonpeak.cli`): 0 every run finished; 1 some runs failed (their errors are
in ``runs.parquet``) or the experiment stopped before every run was done (continue with
``--resume``); 2 bad input (unknown scenario or parameter, bad spec, a design too large, an
output directory that must not be used, Dask missing or unreachable), reported on one line
before any run starts; 130/143 interrupted by Ctrl-C/SIGTERM (finished runs are stored;
continue with ``--resume``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carbonpeak.errors import BadInput
from carbonpeak.options import out_dir, positive_int, scheduler_address


def add_run_options(parser: argparse.ArgumentParser, out_required: bool) -> None:
    """``--out``, ``--resume``, ``--workers``/``--scheduler``/``--local-dask``, output flags."""
    parser.add_argument(
        "--out",
        type=out_dir,
        required=out_required,
        metavar="DIR",
        help="experiment directory (absent or empty; or this experiment's, with --resume)"
        + ("" if out_required else "; default: a temporary directory, removed afterwards"),
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue the interrupted experiment in --out without redoing stored runs",
    )
    parser.add_argument(
        "--max-runs",
        type=positive_int,
        default=None,
        metavar="N",
        help="refuse a design of more than N runs (default 100000; a sweep spec may set max_runs)",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help="local worker processes (default: all CPUs)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        type=scheduler_address,
        default=None,
        metavar="ADDR",
        help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs carbonpeak[dask])",
    )
    where.add_argument(
        "--local-dask",
        action="store_true",
        help="run on a Dask LocalCluster of --workers processes (needs carbonpeak[dask])",
    )
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")


def design_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The design arguments `montecarlo` and `sensitivity` share."""
    return {
        "scenario": args.scenario,
        "seed": args.seed,
        "scale": args.scale,
        "end_year": args.end_year,
        "max_runs": args.max_runs,
    }


def _check_args(args: argparse.Namespace) -> None:
    if args.resume and args.out is None:
        raise BadInput("--resume needs --out DIR (the experiment to continue)")
    if args.scheduler is not None and args.workers is not None:
        raise BadInput("--workers does not apply to --scheduler (the cluster has its own workers)")


def run_design(
    args: argparse.Namespace, make_design: Callable[[], Any], store: Path | None = None
) -> tuple[Any, Any]:
    """Build the design and run it into `store` (default ``args.out``); return (result, design).

    Bad input raises before any run starts. Interrupts and failures of the executor propagate
    (`carbonpeak.cli` reports them on one line); they name the store to resume, which for a
    temporary store (`store` given) is useless, so they are reworded then.
    """
    from experiments import ExperimentError, run_experiment

    _check_args(args)
    design = make_design()
    try:
        result = run_experiment(
            design,
            args.out if store is None else store,
            workers=args.workers,
            scheduler=args.scheduler,
            local_dask=args.local_dask,
            resume=args.resume,
            progress=not args.no_progress,
        )
    except ExperimentError as e:
        if store is None:
            raise
        raise ExperimentError(
            f"{str(e).split(';')[0]} (results were in a temporary directory: use --out DIR to "
            "keep them and --resume to continue)"
        ) from e
    if result.analysis_error:
        print(f"carbonpeak {args.command}: warning: {result.analysis_error}", file=sys.stderr)
    return result, design


def report_failures(command: str, result: Any) -> int:
    """Print one line about failed runs, if any; return the exit code (0 or 1)."""
    if result.n_failed == 0:
        return 0
    from experiments import read_runs

    runs = read_runs(result.store)
    first = runs[runs["status"] != "ok"].iloc[0]
    last_line = str(first["error"]).strip().splitlines()[-1] if first["error"] else "unknown"
    print(
        f"carbonpeak {command}: error: {result.n_failed} of {result.n_total} runs failed "
        f"(status 'error' in {result.store / 'runs.parquet'}); first: run "
        f"{int(first['run_id'])}: {last_line}",
        file=sys.stderr,
    )
    return 1


def summary(result: Any, design: Any) -> dict[str, Any]:
    """The experiment's key facts, for sweep and sensitivity output."""
    return {
        "experiment": design.name,
        "method": design.method,
        "store": str(result.store),
        "runs_total": result.n_total,
        "runs_ok": result.n_ok,
        "runs_failed": result.n_failed,
        "runs_resumed": result.n_resumed,
        "wall_time_s": round(result.wall_time_s, 3),
    }


def emit(table: dict[str, Any], as_json: bool) -> None:
    """Print `table` as one JSON object or as aligned ``key  value`` lines."""
    if as_json:
        print(json.dumps(table, ensure_ascii=False, allow_nan=False))
        return
    width = max(len(k) for k in table)
    for key, value in table.items():
        print(f"{key:<{width}}  {value}")
