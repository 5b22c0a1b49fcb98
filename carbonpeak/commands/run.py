"""``carbonpeak run``: one scenario, one seed; a summary, and tables with ``--out``."""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from carbonpeak.errors import BadInput
from carbonpeak.options import add_model_options, out_dir, overrides


def add_parser(subparsers: Any) -> None:
    """Register ``run``."""
    parser = subparsers.add_parser("run", help="run one scenario with one seed")
    add_model_options(parser)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a parameter; repeatable")  # fmt: skip
    parser.add_argument(
        "--convention",
        choices=("consumption", "production"),
        default="consumption",
        help="electricity accounting of the headline CO2 (both are always in tables)",
    )
    parser.add_argument(
        "--out", type=out_dir, help="directory for yearly/tidy tables and summary.json"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.set_defaults(handler=handle)


def json_default(obj: Any) -> Any:
    """JSON for NumPy scalars."""
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def refuse_used_out_dir(out: Path) -> None:
    """Raise if ``out`` exists and is a file or a non-empty directory (never overwrite)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BadInput(f"--out {str(out)!r} exists and is not empty; choose a new directory")


def write_run(model: Any, summary: dict[str, Any], out: Path) -> None:
    """Write yearly (wide), tidy (long) tables as Parquet and CSV, and summary.json, atomically.

    The files are written into a staging directory beside ``out`` that is renamed to ``out``
    when all are written; on any failure (a full disk) it is removed.
    """
    refuse_used_out_dir(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        yearly, tidy = model.yearly_table(), model.tidy_table()
        yearly.to_parquet(staging / "yearly.parquet", index=False)
        yearly.to_csv(staging / "yearly.csv", index=False)
        tidy.to_parquet(staging / "tidy.parquet", index=False)
        tidy.to_csv(staging / "tidy.csv", index=False)
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, default=json_default),
            encoding="utf-8",
        )
        if out.exists():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


STATE_TEXT = {"peaked": "peaked", "plateau": "on a plateau", "not_peaked": "not peaked"}


def _print_run(summary: dict[str, Any]) -> None:
    state = summary["peak_state"]
    if state == "not_peaked":
        peak = f"not peaked: still rising (maximum {summary['max_year']})"
    else:
        decline = f", sustained decline from {summary['decline_year']}" if state == "peaked" else ""
        peak = (f"{STATE_TEXT[state]}, peak year {summary['peak_year']} (peak period "
                f"{summary['plateau_start']}-{summary['plateau_end']}{decline})")  # fmt: skip
    em = summary["emissions_mt"]
    print(f"Baicheng carbon-peak model — scenario {summary['scenario']}, seed {summary['seed']}, "
          f"scale {summary['scale']}")  # fmt: skip
    print("  one run is one draw of the model's randomness at fixed parameters; for the "
          "probability of a peak use `carbonpeak montecarlo`")  # fmt: skip
    print(f"  accounting      {summary['accounting']}")
    print(f"  peak            {peak}; peak level {summary['peak_emissions_mt']:.2f} Mt")
    milestones = "  ".join(f"{y}: {em[y]:.2f}" for y in (2020, 2025, 2030, 2040, 2050, 2060)
                           if y in em)  # fmt: skip
    print(f"  CO2 (Mt)        {milestones}")
    print(f"  fiscal cost     {summary['fiscal_cost_myuan']:,.0f} million yuan (all years)")
    print("  plan targets:")
    for row in summary["scorecard"]:
        if row["value"] is None:
            continue
        mark = "met " if row["met"] else "MISS"
        print(f"    [{mark}] {row['kpi']:<36} {row['year']}  {row['value']:.3f} "
              f"(target {row['sense']} {row['target']:g})")  # fmt: skip


def warn_late_schedules(values: Mapping[str, Any], end_year: int, flag: str = "--set") -> None:
    """Warn about schedule years after the run's last year: they would have no effect."""
    for name, value in values.items():
        if not isinstance(value, Mapping):
            continue
        late = sorted(int(y) for y in value if str(y).lstrip("-").isdigit() and int(y) > end_year)
        if late:
            warnings.warn(
                f"{flag} {name}: schedule year(s) {', '.join(map(str, late))} lie after "
                f"--end-year {end_year} and have no effect",
                UserWarning,
                stacklevel=2,
            )


def handle(args: argparse.Namespace) -> int:
    """Run the model once and print (or write) its summary."""
    from experiments import simulate

    values = overrides(args.set)
    warn_late_schedules(values, args.end_year)
    if args.out is not None:
        refuse_used_out_dir(args.out)  # before the run, so bad input costs nothing
    model = simulate(args.scenario, args.seed, args.scale, args.end_year, values, args.convention)
    summary = model.summary()
    if args.out is not None:
        write_run(model, summary, args.out)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=json_default))
    else:
        _print_run(summary)
        if args.out is not None:
            print(f"  wrote           {args.out}/ (yearly, tidy as Parquet and CSV; summary.json)")
    return 0
