"""``carbonpeak validate``: the model's 2020 figures against independent reference bands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carbonpeak.errors import BadInput


def add_parser(subparsers: Any) -> None:
    """Register ``validate``."""
    parser = subparsers.add_parser(
        "validate",
        help="check the 2020 base year against independent figures (exit 1 if a check fails)",
    )
    parser.add_argument(
        "--markdown", metavar="FILE", help="also write the report (e.g. docs/VALIDATION.md)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the checks, print the table, optionally write the Markdown report."""
    from experiments.validation_report import render

    checks, markdown = render()
    width = max(len(c.check) for c in checks)
    for c in checks:
        mark = "pass" if c.passed else "FAIL"
        print(f"[{mark}] {c.check:<{width}}  {c.model:10.4g} {c.unit:<20} band "
              f"{c.low:.4g}-{c.high:.4g}  ({c.source})")  # fmt: skip
    failed = [c for c in checks if not c.passed]
    print(f"{len(checks) - len(failed)} of {len(checks)} checks pass")
    if args.markdown:
        try:
            Path(args.markdown).write_text(markdown, encoding="utf-8")
        except OSError as e:
            raise BadInput(f"--markdown {args.markdown!r} cannot be written ({e.strerror})") from e
        print(f"wrote {args.markdown}")
    return 1 if failed else 0
