"""Scenario files: built-in TOML scenarios and user files that override any subset.

A scenario file has ``name``, ``description`` (optional ``description_zh``), optional
``extends`` (another scenario's name or path it builds on) and a ``[parameters]`` table of
registry names to values; levers may take ``{year = value}`` schedules, e.g.
``ev_purchase_subsidy_yuan = { 2020 = 15000, 2024 = 10000 }``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parameters.registry import REGISTRY
from parameters.validation import ParameterError, Value, read_toml, validate_overrides

BUILTIN_DIR = Path(__file__).parent / "scenarios"
_TOP_LEVEL_KEYS = {"name", "description", "description_zh", "extends", "parameters"}


def list_scenarios() -> list[str]:
    """Return the names of the built-in scenarios, in policy-ambition order."""
    order = ["bau", "current", "plan", "enhanced"]
    found = {p.stem for p in BUILTIN_DIR.glob("*.toml")}
    return [n for n in order if n in found] + sorted(found - set(order))


def _locate(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return path  # read_toml says what is wrong with it, if anything
    builtin = BUILTIN_DIR / f"{name_or_path}.toml"
    if not builtin.is_file():
        raise ParameterError(
            f"unknown scenario {str(name_or_path)!r}; built-ins are {', '.join(list_scenarios())}"
            " or give a path to a .toml file"
        )
    return builtin


def _check_structure(data: dict[str, Any], shown: str) -> None:
    unknown = set(data) - _TOP_LEVEL_KEYS
    if unknown:
        raise ParameterError(
            f"scenario file {shown}: unknown key(s) {sorted(unknown)}; allowed are "
            f"{sorted(_TOP_LEVEL_KEYS)}"
        )
    for key in ("name", "description", "description_zh", "extends"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise ParameterError(
                f"scenario file {shown}: {key} = {data[key]!r} is not allowed; expected a "
                "non-empty string" + (" (a scenario name or path)" if key == "extends" else "")
            )
    if not isinstance(data.get("parameters", {}), dict):
        raise ParameterError(f"scenario file {shown}: [parameters] must be a table")


def read_scenario_file(name_or_path: str | Path) -> dict[str, Any]:
    """Read and check a scenario file's structure (not yet its values).

    Args:
        name_or_path: Built-in name or path to a TOML file.

    Raises:
        ParameterError: Missing, unreadable, non-UTF-8, empty or malformed file, unknown
            top-level keys, or a name, description or ``extends`` that is not a string.
    """
    path = _locate(name_or_path)
    data = read_toml(path, "scenario file")
    _check_structure(data, repr(str(path)))
    data.setdefault("name", path.stem)
    return data


def load_scenario(name_or_path: str | Path, _seen: tuple[Path, ...] = ()) -> dict[str, Value]:
    """Return the validated values a scenario sets, including those it extends.

    Args:
        name_or_path: Built-in name (``bau``, ``current``, ``plan``, ``enhanced``) or a path.
        _seen: Files already visited (guards against ``extends`` cycles).

    Raises:
        ParameterError: On any bad name, type, range or file problem.
    """
    path = _locate(name_or_path).resolve()
    if path in _seen:
        raise ParameterError(f"scenario {str(path)!r} extends itself (cycle)")
    data = read_scenario_file(path)
    values: dict[str, Value] = {}
    if "extends" in data:
        beside = path.parent / str(data["extends"])  # a relative path resolves beside this file
        parent = beside if beside.is_file() else data["extends"]
        values.update(load_scenario(parent, (*_seen, path)))
    try:
        values.update(validate_overrides(data.get("parameters", {})))
    except ParameterError as e:
        raise ParameterError(f"scenario {data['name']!r}: {e}") from e
    return values


def resolve(
    scenario: str | Path | Mapping[str, Any] = "plan",
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Value]:
    """Return every registry parameter's value: defaults <- scenario <- overrides.

    Args:
        scenario: Built-in name, path, or a mapping of values.
        overrides: Extra values (e.g. from ``--set``), validated all or nothing.
    """
    values: dict[str, Value] = {name: p.default for name, p in REGISTRY.items()}
    if isinstance(scenario, Mapping):
        values.update(validate_overrides(scenario))
    else:
        values.update(load_scenario(scenario))
    values.update(validate_overrides(overrides or {}))
    return values
