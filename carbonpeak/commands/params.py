"""``carbonpeak params``: every lever, uncertainty and constant with its range and source."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(subparsers: Any) -> None:
    """Register ``params``."""
    parser = subparsers.add_parser("params", help="list every parameter with range and source")
    parser.add_argument("--json", action="store_true", help="print the registry as JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the registry."""
    from parameters import REGISTRY

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
