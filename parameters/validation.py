"""Validation of user input against the registry: names, types, ranges and schedules."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from parameters.registry import REGISTRY, Parameter

Value = float | int | dict[int, float]


class ParameterError(ValueError):
    """Bad input: the message names the parameter, the value and what is allowed."""


def _allowed(p: Parameter) -> str:
    kind = "an integer" if p.dtype == "int" else "a number"
    sched = " or a {year: value} schedule" if p.schedulable else ""
    return f"{kind} in [{p.low:g}, {p.high:g}] {p.unit}{sched}"


def lookup(name: str) -> Parameter:
    """Return the parameter called ``name`` or raise with the closest known names.

    Args:
        name: Parameter name.

    Raises:
        ParameterError: If the name is not in the registry.
    """
    try:
        return REGISTRY[name]
    except KeyError:
        close = (
            difflib.get_close_matches(name, REGISTRY, n=3, cutoff=0.5)
            or [known for known in REGISTRY if name.split("_")[0] in known.split("_")][:3]
        )
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ParameterError(
            f"unknown parameter {name!r}{hint} (see `carbonpeak params` for all names)"
        ) from None


def _scalar(p: Parameter, value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(f"{where}: {value!r} is not allowed; expected {_allowed(p)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"{where}: {value!r} is not allowed; expected {_allowed(p)}")
    if p.dtype == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ParameterError(f"{where}: {value!r} is not allowed; expected {_allowed(p)}")
        value = int(value)
    else:
        value = float(value)
    if not p.low <= value <= p.high:
        raise ParameterError(f"{where}: {value!r} is out of range; expected {_allowed(p)}")
    return value


def validate_value(name: str, value: Any) -> Value:
    """Check one value (or lever schedule) and return it in canonical form.

    Args:
        name: Parameter name.
        value: A number, or for levers a mapping of year to number.

    Returns:
        The value converted to the parameter's type; schedules become ``{int year: value}``
        sorted by year.

    Raises:
        ParameterError: Unknown name, wrong type, out-of-range value or bad schedule.
    """
    p = lookup(name)
    if isinstance(value, Mapping):
        if not p.schedulable:
            raise ParameterError(
                f"{name}: a schedule is not allowed for this {p.kind}; expected {_allowed(p)}"
            )
        if not value:
            raise ParameterError(f"{name}: empty schedule; expected {_allowed(p)}")
        schedule: dict[int, float] = {}
        for year, v in value.items():
            try:
                y = int(year)
            except (TypeError, ValueError):
                raise ParameterError(
                    f"{name}: schedule year {year!r} is not a year; expected e.g. {{2025: ...}}"
                ) from None
            if not 2000 <= y <= 2100:
                raise ParameterError(f"{name}: schedule year {y} is outside 2000-2100")
            schedule[y] = _scalar(p, v, f"{name} in {y}")
        return dict(sorted(schedule.items()))
    return _scalar(p, value, name)


def validate_overrides(overrides: Mapping[str, Any]) -> dict[str, Value]:
    """Validate a whole mapping of overrides, all or nothing.

    Args:
        overrides: Parameter names to values.

    Returns:
        A new dict of validated values.

    Raises:
        ParameterError: On the first bad entry; nothing is applied.
    """
    return {name: validate_value(name, value) for name, value in overrides.items()}


def value_in_year(value: Value, year: int) -> float:
    """Return the value of a constant or step schedule in ``year``.

    A schedule holds each value from its year until the next entry; before the first entry
    the first value applies.

    Args:
        value: A number or a ``{year: value}`` schedule.
        year: Calendar year.
    """
    if not isinstance(value, dict):
        return value
    current = next(iter(value.values()))
    for y, v in value.items():
        if y > year:
            break
        current = v
    return current
