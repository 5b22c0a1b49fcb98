"""The ``carbonpeak`` command line: run, params, scenarios, and the experiment commands.

Bad input exits with status 2 and one line naming what was wrong and what is allowed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import tomllib
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from parameters import REGISTRY, ParameterError, list_scenarios, read_scenario_file

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """Argument parser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``NAME=VALUE`` where VALUE is a TOML value (number or ``{2025 = 1, 2030 = 2}``).

    Raises:
        ParameterError: If the text is not ``NAME=VALUE`` or VALUE is not a TOML value.
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ParameterError(
            f"--set {text!r}: expected NAME=VALUE, e.g. carbon_price_yuan_per_t=100"
        )
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        raise ParameterError(
            f"--set {name}: {raw!r} is not a number or a schedule like {{2025 = 100, 2030 = 200}}"
        ) from None
    return name, value


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def refuse_used_out_dir(out: Path) -> None:
    """Raise if ``out`` exists and is a file or a non-empty directory (never overwrite)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ParameterError(f"--out {str(out)!r} exists and is not empty; choose a new directory")


def prepare_out_dir(out: Path) -> Path:
    """Refuse a used ``out``; return a fresh staging dir beside it (renamed when done)."""
    refuse_used_out_dir(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))


def write_run(model: Any, summary: dict[str, Any], out: Path) -> None:
    """Write yearly (wide), tidy (long) tables as Parquet and CSV, and summary.json, atomically."""
    staging = prepare_out_dir(out)
    try:
        yearly, tidy = model.yearly_table(), model.tidy_table()
        yearly.to_parquet(staging / "yearly.parquet", index=False)
        yearly.to_csv(staging / "yearly.csv", index=False)
        tidy.to_parquet(staging / "tidy.parquet", index=False)
        tidy.to_csv(staging / "tidy.csv", index=False)
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, default=_json_default),
            encoding="utf-8",
        )
        if out.exists():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _print_run(summary: dict[str, Any]) -> None:
    peak = summary["peak_year"] if summary["peaked"] else f"not peaked (max {summary['max_year']})"
    em = summary["emissions_mt"]
    print(f"Baicheng carbon-peak model — scenario {summary['scenario']}, seed {summary['seed']}, "
          f"scale {summary['scale']}")  # fmt: skip
    print(f"  accounting      {summary['accounting']}")
    print(f"  peak year       {peak}  (plateau {summary['plateau_start']}-"
          f"{summary['plateau_end']}, peak {summary['peak_emissions_mt']:.2f} Mt)")  # fmt: skip
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


def cmd_run(args: argparse.Namespace) -> int:
    """``carbonpeak run``: one scenario, one seed."""
    from experiments.runner import simulate

    overrides = dict(parse_assignment(a) for a in args.set)
    out = Path(args.out) if args.out else None
    if out is not None:
        refuse_used_out_dir(out)  # before the run, so bad input costs nothing
    model = simulate(
        args.scenario, args.seed, args.scale, args.end_year, overrides, args.convention
    )
    summary = model.summary()
    if out is not None:
        write_run(model, summary, out)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=_json_default))
    else:
        _print_run(summary)
        if out is not None:
            print(f"  wrote           {out}/ (yearly, tidy as Parquet and CSV; summary.json)")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """``carbonpeak params``: the registry."""
    rows = [
        {"name": p.name, "kind": p.kind, "group": p.group, "unit": p.unit, "default": p.default,
         "low": p.low, "high": p.high, "dtype": p.dtype, "distribution": p.distribution,
         "label": p.label, "label_zh": p.label_zh, "source": p.source}
        for p in REGISTRY.values()
    ]  # fmt: skip
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for kind in ("lever", "uncertainty", "constant"):
        print(f"{kind.upper()}S")
        for r in (r for r in rows if r["kind"] == kind):
            print(f"  {r['name']:<42} {r['default']:>12g}  [{r['low']:g}, {r['high']:g}] "
                  f"{r['unit']}")  # fmt: skip
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    """``carbonpeak scenarios``: the built-in scenarios."""
    for name in list_scenarios():
        data = read_scenario_file(name)
        extends = f" (extends {data['extends']})" if "extends" in data else ""
        print(f"{name:<10}{data.get('description', '')}{extends}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The full ``carbonpeak`` parser."""
    parser = _Parser(prog="carbonpeak", description="Baicheng carbon-peak agent-based model")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="run one scenario with one seed")
    run.add_argument("--scenario", default="plan", help="built-in name or scenario TOML path")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--scale", type=float, default=1.0, help="share of households/farms, (0, 1]")
    run.add_argument("--end-year", type=int, default=2060)
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                     help="override a parameter; repeatable")  # fmt: skip
    run.add_argument(
        "--convention",
        choices=("consumption", "production"),
        default="consumption",
        help="electricity accounting of the headline CO2 (both are always in tables)",
    )
    run.add_argument("--out", help="directory for yearly/tidy tables and summary.json")
    run.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    run.set_defaults(handler=cmd_run)
    params = sub.add_parser("params", help="list every parameter with range and source")
    params.add_argument("--json", action="store_true")
    params.set_defaults(handler=cmd_params)
    scenarios = sub.add_parser("scenarios", help="list the built-in scenarios")
    scenarios.set_defaults(handler=cmd_scenarios)
    from experiments.cli_experiments import add_subcommands

    add_subcommands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``carbonpeak`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)

    def show_warning(message: Warning | str, *_: Any, **__: Any) -> None:
        print(f"carbonpeak {args.command}: warning: {message}", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_warning
            return args.handler(args)
    except ParameterError as e:
        print(f"carbonpeak {args.command}: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
