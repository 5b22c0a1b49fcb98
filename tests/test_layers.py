"""Data flows one way: no module of a lower layer imports a higher one.

parameters < agents, simulation < experiments < visualization < carbonpeak (the command line).
Every import of every module is read from its syntax tree, including imports inside functions
and under ``TYPE_CHECKING``, so a late import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {
    "parameters": 0,
    "agents": 1,
    "simulation": 1,
    "experiments": 2,
    "visualization": 3,
    "carbonpeak": 4,
}
#: Top-level folders that are not part of the installed library; no layer may import them.
OUTSIDE = ("benchmarks", "tests", "scripts")


def _modules() -> list[Path]:
    return sorted(p for package in LAYERS for p in (ROOT / package).rglob("*.py"))


def _imported_names(source: str, package: str) -> set[str]:
    """Top-level packages `source` imports (relative imports resolved against `package`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(package if node.level else (node.module or "").split(".")[0])
    return names


def _imported(path: Path) -> set[str]:
    return _imported_names(path.read_text(encoding="utf-8"), path.relative_to(ROOT).parts[0])


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    package = path.relative_to(ROOT).parts[0]
    rank = LAYERS[package]
    imported = _imported(path)
    higher = sorted(name for name in imported if LAYERS.get(name, -1) > rank)
    assert not higher, f"{path.relative_to(ROOT)} ({package}) imports higher layer(s) {higher}"
    outside = sorted(imported & set(OUTSIDE))
    assert not outside, f"{path.relative_to(ROOT)} imports {outside}, which is not library code"


def test_the_checker_sees_late_typing_and_relative_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "if TYPE_CHECKING:\n    import visualization.figures\n"
        "def f():\n    from carbonpeak.cli import main\n    return main\n"
    )
    names = _imported_names(source, "experiments")
    assert {"carbonpeak", "visualization", "experiments", "typing"} == names
