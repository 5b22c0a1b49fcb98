"""``carbonpeak scenarios``: the built-in scenarios and what each one is."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    """Register ``scenarios``."""
    parser = subparsers.add_parser("scenarios", help="list the built-in scenarios")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print one line per built-in scenario."""
    from parameters import list_scenarios, read_scenario_file

    for name in list_scenarios():
        data = read_scenario_file(name)
        extends = f" (extends {data['extends']})" if "extends" in data else ""
        print(f"{name:<10}{data.get('description', '')}{extends}")
    return 0
