"""The ensemble subcommands of `carbonpeak`: montecarlo, sweep and sensitivity.

`add_subcommands(subparsers)` registers them on the `carbonpeak` parser (built in
`experiments.cli`); each subparser's `handler` default returns the exit code of `handler(args)`:

- 0: every run finished;
- 1: the experiment ran but some runs failed (their errors are in `runs.parquet`) or it was
  stopped before every run was done (continue with `--resume`);
- 2: bad input (unknown scenario or parameter, bad spec, an output directory that must not be
  used, Dask missing or unreachable), reported on one line before any run starts;
- 130: interrupted with Ctrl-C (finished runs are stored; continue with `--resume`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["TASK", "add_subcommands"]

#: The run function the commands use; None means `experiments.runner.run_point`. Tests set it.
TASK: Callable[..., Any] | None = None

EXIT_OK, EXIT_RUNS_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class _BadInput(Exception):
    """Raised by argument checks; its message is printed on one line and the exit code is 2."""


# ---------------------------------------------------------------------------------------------
# Argument types and shared options
# ---------------------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {text!r}")
    return value


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        default="plan",
        metavar="NAME|FILE",
        help="built-in scenario (bau, current, plan, enhanced) or a scenario TOML file "
        "(default: plan)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="F",
        help="fraction of real agents simulated, in (0, 1] (default: 1.0)",
    )
    parser.add_argument(
        "--end-year", type=int, default=2060, metavar="Y", help="last simulated year (default 2060)"
    )
    parser.add_argument(
        "--seed", type=_non_negative_int, default=0, metavar="N", help="root seed (default: 0)"
    )


def _add_run_options(parser: argparse.ArgumentParser, out_required: bool) -> None:
    parser.add_argument(
        "--out",
        type=Path,
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
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="local worker processes (default: all CPUs)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
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


def add_subcommands(subparsers: Any) -> None:
    """Register `montecarlo`, `sweep` and `sensitivity` on `subparsers` (argparse)."""
    mc = subparsers.add_parser(
        "montecarlo",
        help="Monte Carlo ensemble over the uncertainties: probability of peaking by 2030",
        description="Run a Latin-hypercube ensemble over every uncertainty of the registry "
        "and report the probability that emissions peak by 2030.",
    )
    _add_model_options(mc)
    mc.add_argument("--runs", type=_positive_int, required=True, metavar="N", help="number of runs")
    _add_run_options(mc, out_required=False)
    mc.set_defaults(handler=_cmd_montecarlo)

    sw = subparsers.add_parser(
        "sweep",
        help="run the design of a sweep spec (levers x uncertainty samples x replications)",
        description="Run every run of a sweep spec TOML file (see docs/sweep_spec_example.toml).",
    )
    sw.add_argument("spec", type=Path, metavar="SPEC.toml", help="the sweep spec")
    _add_run_options(sw, out_required=True)
    sw.set_defaults(handler=_cmd_sweep)

    se = subparsers.add_parser(
        "sensitivity",
        help="global sensitivity of peak year, peak level and cumulative CO2 (Sobol or Morris)",
        description="Sample every uncertainty of the registry with SALib, run the model and "
        "write Sobol or Morris indices under DIR/analysis/.",
    )
    _add_model_options(se)
    se.add_argument("--method", choices=("sobol", "morris"), required=True, help="SALib method")
    se.add_argument(
        "--samples",
        type=_positive_int,
        required=True,
        metavar="N",
        help="sobol: base sample size N (a power of two); morris: trajectories",
    )
    _add_run_options(se, out_required=True)
    se.set_defaults(handler=_cmd_sensitivity)


# ---------------------------------------------------------------------------------------------
# Handlers
# ---------------------------------------------------------------------------------------------


def _error(command: str, message: str) -> None:
    one_line = " ".join(str(message).split())
    print(f"carbonpeak {command}: error: {one_line}", file=sys.stderr)


def _check_args(args: argparse.Namespace) -> None:
    if args.resume and args.out is None:
        raise _BadInput("--resume needs --out DIR (the experiment to continue)")
    if args.scheduler is not None and args.workers is not None:
        raise _BadInput("--workers does not apply to --scheduler (the cluster has its own workers)")


def _run(
    command: str,
    args: argparse.Namespace,
    make_design: Callable[[], Any],
    out_dir: Path | None = None,
) -> tuple[int, Any, Any]:
    """Build the design and run it; return (exit code, result or None, design or None).

    Every bad-input error is caught here, printed on one line, and gives exit code 2 before
    any run starts. `out_dir` replaces `args.out` (a temporary store).
    """
    from experiments.engine import ExperimentError, run_experiment
    from experiments.executors import DaskMissingError, SchedulerUnreachableError
    from experiments.store import StoreConflictError
    from parameters import ParameterError

    try:
        _check_args(args)
        design = make_design()
        result = run_experiment(
            design,
            args.out if out_dir is None else out_dir,
            workers=args.workers,
            scheduler=args.scheduler,
            local_dask=args.local_dask,
            resume=args.resume,
            task=TASK,
            progress=not args.no_progress,
        )
    except (_BadInput, ParameterError, StoreConflictError, DaskMissingError) as e:
        _error(command, str(e))
        return EXIT_BAD_INPUT, None, None
    except SchedulerUnreachableError as e:
        _error(command, str(e))
        return EXIT_BAD_INPUT, None, None
    except ExperimentError as e:
        message = str(e) if out_dir is None else str(e).split(";")[0]
        _error(command, message)
        return EXIT_RUNS_FAILED, None, None
    except KeyboardInterrupt:
        if out_dir is None:
            _error(
                command,
                f"interrupted; finished runs are stored in '{args.out}'; continue with --resume",
            )
        else:
            _error(command, "interrupted (results were in a temporary directory: use --out DIR)")
        return EXIT_INTERRUPTED, None, None
    if result.analysis_error:
        print(f"carbonpeak {command}: warning: {result.analysis_error}", file=sys.stderr)
    return _report_failures(command, result), result, design


def _report_failures(command: str, result: Any) -> int:
    if result.n_failed == 0:
        return EXIT_OK
    from experiments.store import read_runs

    runs = read_runs(result.store)
    failed = runs[runs["status"] != "ok"]
    first = failed.iloc[0]
    last_line = str(first["error"]).strip().splitlines()[-1] if first["error"] else "unknown"
    _error(
        command,
        f"{result.n_failed} of {result.n_total} runs failed (status 'error' in "
        f"{result.store / 'runs.parquet'}); first: run {int(first['run_id'])}: {last_line}",
    )
    return EXIT_RUNS_FAILED


def _summary(result: Any, design: Any) -> dict[str, Any]:
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


def _print_summary(summary: dict[str, Any]) -> None:
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"{key:<{width}}  {value}")


def _montecarlo_output(result: Any, design: Any, args: argparse.Namespace) -> dict[str, Any]:
    from experiments.analysis import peak_probability
    from experiments.store import read_runs

    out = peak_probability(read_runs(result.store))
    out.update(
        {
            "scenario": args.scenario,
            "seed": args.seed,
            "scale": args.scale,
            "end_year": args.end_year,
            "runs_total": result.n_total,
            "store": str(result.store) if args.out is not None else None,
        }
    )
    return out


def _design_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The design arguments `montecarlo` and `sensitivity` share."""
    return {
        "scenario": args.scenario,
        "seed": args.seed,
        "scale": args.scale,
        "end_year": args.end_year,
    }


def _cmd_montecarlo(args: argparse.Namespace) -> int:
    from experiments.design import montecarlo_design

    def make_design() -> Any:
        return montecarlo_design(runs=args.runs, **_design_settings(args))

    with tempfile.TemporaryDirectory(prefix="carbonpeak-montecarlo-") as tmp:
        temporary = None if args.out is not None else Path(tmp) / "store"
        code, result, design = _run("montecarlo", args, make_design, temporary)
        if result is None:
            return code
        out = _montecarlo_output(result, design, args)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, allow_nan=False))
    else:
        low, high = out["p_peak_by_2030_ci95"]
        p = out["p_peak_by_2030"]
        _print_summary(
            {
                "scenario": args.scenario,
                "runs": f"{out['runs']} ok, {out['n_failed']} failed",
                "P(peak <= 2030)": "n/a"
                if p is None
                else f"{p:.3f}  (95% CI {_fmt(low)} - {_fmt(high)})",
                "median peak year": _fmt(out["median_peak_year"], "not peaked"),
                "peak years": ", ".join(f"{k}: {v}" for k, v in out["peak_year_counts"].items()),
                "results": out["store"] or "(temporary, removed; use --out DIR to keep them)",
            }
        )
    return code


def _fmt(value: Any, none: str = "n/a") -> str:
    if value is None:
        return none
    return f"{value:.3f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def _cmd_sweep(args: argparse.Namespace) -> int:
    from experiments.design import load_design

    code, result, design = _run("sweep", args, lambda: load_design(args.spec))
    if result is None:
        return code
    _emit(_summary(result, design), args.json)
    return code


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from experiments.design import sensitivity_design

    def make_design() -> Any:
        return sensitivity_design(
            method=args.method, samples=args.samples, **_design_settings(args)
        )

    code, result, design = _run("sensitivity", args, make_design)
    if result is None:
        return code
    summary = _summary(result, design)
    analysis_dir = Path(result.store) / "analysis"
    summary["indices"] = sorted(
        str(p) for p in analysis_dir.glob(f"{args.method}_*.csv") if analysis_dir.is_dir()
    )
    _emit(summary, args.json)
    return code


def _emit(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        _print_summary(summary)
