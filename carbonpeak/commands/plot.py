"""``carbonpeak plot``: every figure the tables of a run or experiment directory support."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from carbonpeak.errors import EXIT_BAD_INPUT, BadInput
from carbonpeak.options import out_dir


def add_parser(subparsers: Any) -> None:
    """Register ``plot``."""
    parser = subparsers.add_parser(
        "plot",
        help="draw every figure an experiment or report directory supports",
        description="Draw the report figures from the analysis tables under DIR (an "
        "experiment, its analysis/ folder, or a report directory). One line on stderr per "
        "figure that cannot be drawn; exit 2 if none can.",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="experiment or report directory")
    parser.add_argument("--out", type=out_dir, default=None, metavar="DIR",
                        help="where to write the figures (default: DIR/figures)")  # fmt: skip
    parser.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="language of the labels (default: zh)")  # fmt: skip
    parser.add_argument("--format", default="png", metavar="png,svg,pdf",
                        help="png, svg and/or pdf, comma-separated (default: png)")  # fmt: skip
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Draw the figures; name each one skipped; exit 2 if nothing was drawn."""
    from visualization.figures import PlotError, plot_directory

    try:
        report = plot_directory(args.dir, out=args.out, lang=args.lang, formats=args.format)
    except PlotError as e:
        raise BadInput(str(e)) from e
    for line in report.notes:
        print(f"carbonpeak plot: warning: {line}", file=sys.stderr)
    for line in report.skipped_lines():
        print(f"carbonpeak plot: {line}", file=sys.stderr)
    if report.nothing_drawn:
        return EXIT_BAD_INPUT
    files = sum(len(d.paths) for d in report.drawn)
    print(f"drew {len(report.drawn)} figures ({files} files) in {report.out}")
    return 0
