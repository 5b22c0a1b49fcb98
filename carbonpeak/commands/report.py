"""``carbonpeak report``: the main job, from one command, in Chinese and English.

A Monte Carlo of the four built-in scenarios, the plan's lever responses and the validation,
then every figure and REPORT.md (English) and REPORT_zh.md (Chinese) in one directory. Run
again with the same settings, it reuses every finished run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from carbonpeak.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, BadInput, Terminated
from carbonpeak.options import out_dir, positive_int, seed

DEFAULT_OUT = Path("out") / "report"


def fraction(text: str) -> float:
    """A scale: a number in (0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text!r}")
    return value


def languages(text: str) -> tuple[str, ...]:
    """``zh``, ``en`` or both, comma-separated."""
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    bad = [lang for lang in chosen if lang not in ("zh", "en")]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(
            f"language {', '.join(bad) or '(none)'} is not supported; use zh, en or zh,en"
        )
    return chosen


#: ``experiments.report``'s defaults, written here so that building the parser does not load
#: the model (a test holds them equal).
DEFAULTS = {"runs": 50, "replicates": 2, "scale": 0.02, "lever_seeds": 3}


def add_parser(subparsers: Any) -> None:
    """Register ``report``."""
    parser = subparsers.add_parser(
        "report",
        help="the main job: Monte Carlo of the four scenarios, levers, validation, figures "
        "and REPORT.md",
        description="Run a Monte Carlo of bau, current, plan and enhanced (the same samples "
        "and seeds in each), the plan's lever responses and the validation; draw every figure "
        "and write REPORT.md / REPORT_zh.md. A second call with the same settings reuses the "
        "finished runs.",
    )
    d = DEFAULTS
    parser.add_argument(
        "--out", type=out_dir, default=str(DEFAULT_OUT), metavar="DIR",
        help=f"report directory (default: {DEFAULT_OUT})",
    )  # fmt: skip
    parser.add_argument(
        "--runs", type=positive_int, default=d["runs"], metavar="N",
        help=f"uncertainty samples per scenario (default: {d['runs']})",
    )  # fmt: skip
    parser.add_argument(
        "--replicates", type=positive_int, default=d["replicates"], metavar="K",
        help=f"runs (seeds) per sample; 2 or more measure the noise share (default: "
        f"{d['replicates']})",
    )  # fmt: skip
    parser.add_argument(
        "--scale", type=fraction, default=d["scale"], metavar="F",
        help=f"fraction of real agents simulated (default: {d['scale']})",
    )  # fmt: skip
    parser.add_argument(
        "--lever-seeds", type=positive_int, default=d["lever_seeds"], metavar="S",
        help=f"seeds per lever setting (default: {d['lever_seeds']})",
    )  # fmt: skip
    parser.add_argument("--seed", type=seed, default=0, metavar="N", help="root seed (default 0)")
    parser.add_argument(
        "--end-year", type=int, default=2060, metavar="Y",
        help="last simulated year, 2031 or later (default 2060)",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=positive_int, default=None, metavar="N",
        help="local worker processes (default: all CPUs)",
    )  # fmt: skip
    parser.add_argument(
        "--lang", type=languages, default=("zh", "en"), metavar="zh,en",
        help="languages of the figures and reports (default: zh,en)",
    )  # fmt: skip
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.set_defaults(handler=handle)


def _headline(built: Any) -> list[str]:
    from visualization.report.markdown import read_report
    from visualization.report.words import interval, pct

    data = read_report(built.run.out)
    lines = []
    for name, s in data.summaries.items():
        low, high = s["p_peak_by_2030_ci95"]
        median = s["median_peak_year"] or "none (half the runs have not peaked by 2060)"
        lines.append(f"  {name:<9} P(peaked by 2030) {pct(s['p_peak_by_2030'])} "
                     f"{interval(low, high)}, median peak year {median}")  # fmt: skip
    return lines


def handle(args: argparse.Namespace) -> int:
    """Run the report's experiments, draw the figures, write the reports, say where they are."""
    from experiments.report import ReportSettings
    from visualization.report import build_report

    if args.end_year < 2031:
        raise BadInput(f"--end-year {args.end_year}: the peak by 2030 needs years after it; "
                       "give 2031 or later (default 2060)")  # fmt: skip
    settings = ReportSettings(runs=args.runs, replicates=args.replicates, scale=args.scale,
                              lever_seeds=args.lever_seeds, seed=args.seed,
                              end_year=args.end_year)  # fmt: skip
    start = time.perf_counter()

    def step(text: str) -> None:
        print(f"carbonpeak report: {text}", file=sys.stderr, flush=True)

    try:
        built = build_report(args.out, settings, langs=args.lang, workers=args.workers,
                             progress=not args.no_progress, on_step=step)  # fmt: skip
    except Terminated:
        return _stopped(args, EXIT_TERMINATED, "terminated (SIGTERM)")
    except KeyboardInterrupt:
        return _stopped(args, EXIT_INTERRUPTED, "interrupted")
    run = built.run
    for error in run.analysis_errors:
        print(f"carbonpeak report: warning: analyses not written: {error}", file=sys.stderr)
    seconds = time.perf_counter() - start
    reused = sum(r.n_resumed for r in run.results)
    print(f"{sum(r.n_total for r in run.results)} runs ({run.n_new} made now, {reused} reused "
          f"from earlier), validation {run.validation_passed} of {run.validation_total} checks "
          f"pass, {seconds:.0f} s")  # fmt: skip
    print("\n".join(_headline(built)))
    names = {"en": "English", "zh": "中文"}
    for lang, path in built.files.items():
        print(f"report ({names[lang]}): {path}")
    print(f"figures: {Path(args.out) / 'figures'}/")
    print("open the report in any Markdown viewer (e.g. VS Code's preview, or GitHub), or "
          "view the PNG figures directly")  # fmt: skip
    if run.n_failed:
        print(f"carbonpeak report: error: {run.n_failed} runs failed (status 'error' in the "
              f"stores under {args.out}); the report counts the others",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _stopped(args: argparse.Namespace, code: int, what: str) -> int:
    print(f"carbonpeak report: {what}; finished runs are stored in '{args.out}'; run the same "
          "command again to continue", file=sys.stderr)  # fmt: skip
    return code
