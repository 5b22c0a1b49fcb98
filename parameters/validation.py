"""Validation of user input: names, types, ranges and schedules; the TOML files users write."""

from __future__ import annotations

import difflib
import math
import stat
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from parameters.registry import REGISTRY, Parameter

Value = float | int | dict[int, float]


class ParameterError(ValueError):
    """Bad input: the message names the parameter, the value and what is allowed."""


def _allowed(p: Parameter, schedule: bool = True) -> str:
    kind = "an integer" if p.dtype == "int" else "a number"
    sched = " or a {year: value} schedule" if schedule and p.schedulable else ""
    return f"{kind} in [{p.low:g}, {p.high:g}] {p.unit}{sched}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def lookup(name: str, kinds: Collection[str] | None = None) -> Parameter:
    """Return the parameter called ``name`` or raise with the closest known names.

    Args:
        name: Parameter name.
        kinds: The kinds allowed here (e.g. ``("lever",)``); default any kind.

    Raises:
        ParameterError: If the name is not in the registry, or is of another kind.
    """
    known = [n for n, p in REGISTRY.items() if kinds is None or p.kind in kinds]
    what = "parameter" if kinds is None else " or ".join(kinds)
    p = REGISTRY.get(name)
    if p is None:
        close = (
            difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            or [n for n in known if name.split("_")[0] in n.split("_")][:3]
        )
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ParameterError(
            f"unknown {what} {name!r}{hint} (see `carbonpeak params` for all names)"
        )
    if kinds is not None and p.kind not in kinds:
        raise ParameterError(
            f"{name!r} is {_article(p.kind)} {p.kind}, not {_article(what)} {what}"
        )
    return p


def _scalar(p: Parameter, value: Any, where: str, schedule: bool = True) -> float | int:
    allowed = _allowed(p, schedule)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(f"{where}: {value!r} is not allowed; expected {allowed}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"{where}: {value!r} is not allowed; expected {allowed}")
    if p.dtype == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ParameterError(f"{where}: {value!r} is not allowed; expected {allowed}")
        value = int(value)
    else:
        value = float(value)
    if not p.low <= value <= p.high:
        raise ParameterError(f"{where}: {value!r} is out of range; expected {allowed}")
    return value


def validate_number(
    name: str, value: Any, *, where: str | None = None, keep_dtype: bool = True
) -> float | int:
    """Check one plain number (no schedule) against the parameter's type and range.

    Args:
        name: Parameter name.
        value: The number.
        where: What the value is called in messages (a spec key, a flag); default ``name``.
        keep_dtype: Convert to the parameter's type and refuse a fraction for an integer
            parameter; False accepts any number in range and returns a float (e.g. the mode of a
            distribution over an integer parameter).

    Raises:
        ParameterError: Unknown name, not a finite number, wrong type or out of range.
    """
    p = lookup(name)
    if keep_dtype:
        return _scalar(p, value, where or name, schedule=False)
    return float(_scalar(replace(p, dtype="float"), value, where or name, schedule=False))


def validate_value(name: str, value: Any, *, where: str | None = None) -> Value:
    """Check one value (or lever schedule) and return it in canonical form.

    Args:
        name: Parameter name.
        value: A number, or for levers a mapping of year to number.
        where: What the value is called in messages (a spec key, a flag); default ``name``.

    Returns:
        The value converted to the parameter's type; schedules become ``{int year: value}``
        sorted by year.

    Raises:
        ParameterError: Unknown name, wrong type, out-of-range value or bad schedule.
    """
    p = lookup(name)
    where = where or name
    if not isinstance(value, Mapping):
        return _scalar(p, value, where)
    if not p.schedulable:
        raise ParameterError(
            f"{where}: a schedule is not allowed for this {p.kind}; expected {_allowed(p)}"
        )
    if not value:
        raise ParameterError(f"{where}: empty schedule; expected {_allowed(p)}")
    schedule: dict[int, float] = {}
    for year, v in value.items():
        try:
            y = int(year)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{where}: schedule year {year!r} is not a year; expected e.g. {{2025: ...}}"
            ) from None
        if not 2000 <= y <= 2100:
            raise ParameterError(f"{where}: schedule year {y} is outside 2000-2100")
        schedule[y] = _scalar(p, v, f"{where} in {y}")
    return dict(sorted(schedule.items()))


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


def _read_text(path: Path, what: str) -> str:
    """The text of a user's file, or a one-line `ParameterError` saying why it cannot be read."""
    shown = repr(str(path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ParameterError(f"{what} {shown} does not exist") from None
    except OSError as e:
        raise ParameterError(f"{what} {shown} cannot be read ({e.strerror})") from None
    if stat.S_ISDIR(mode):
        raise ParameterError(f"{what} {shown} is a directory; expected a TOML file")
    if not stat.S_ISREG(mode):
        raise ParameterError(f"{what} {shown} is not a regular file; expected a TOML file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ParameterError(
            f"{what} {shown} cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as e:
        raise ParameterError(f"{what} {shown} cannot be read ({e.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ParameterError(
            f"{what} {shown} is not UTF-8 text (byte {data[e.start]:#04x} at position "
            f"{e.start}); save it as UTF-8"
        ) from None


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """Read a user's TOML file (a scenario or a sweep spec) and return its table.

    Args:
        path: The file.
        what: What the file is, for messages (e.g. "scenario file").

    Raises:
        ParameterError: The file does not exist, is a directory or not a regular file (such
            as /dev/null), cannot be read, is not UTF-8, is not valid TOML (the message has
            the line and column) or is empty (an empty file would silently mean "all
            defaults", which is never what was meant).
    """
    path = Path(path)
    text = _read_text(path, what)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ParameterError(f"{what} {str(path)!r} is not valid TOML: {e}") from e
    if not data:
        raise ParameterError(
            f"{what} {str(path)!r} is empty (no keys); an empty file would mean all defaults, "
            "so write the settings you want (see docs/RESEARCHERS.md)"
        )
    return data
