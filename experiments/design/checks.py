"""Checks of a spec's structure: known keys, tables, integers and booleans, one line each.

Parameter values are checked by `parameters.validation`; these helpers check the spec's own
keys, and every message starts with the spec key that was wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from parameters import ParameterError


def fmt(x: Any) -> str:
    """A number as it reads best in a message (floats without trailing zeros)."""
    return f"{x:g}" if isinstance(x, float) else str(x)


def check_keys(table: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    """Raise for the first key of `table` that is not in `allowed` (with a did-you-mean)."""
    for k in table:
        if k not in allowed:
            close = difflib.get_close_matches(k, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            prefix = f"{where}." if where else ""
            raise ParameterError(
                f"{prefix}{k}: unknown key{hint}; allowed keys: {', '.join(allowed)}"
            )


def table(spec: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """The sub-table `spec[key]` (empty if absent), or raise if it is not a table."""
    value = spec.get(key, {})
    if not isinstance(value, Mapping):
        raise ParameterError(f"{key} = {value!r} must be a table, e.g. [{key}.NAME]")
    return value


def integer(value: Any, key: str, minimum: int, maximum: int | None = None) -> int:
    """`value` if it is an integer in ``[minimum, maximum]``, else raise naming `key`."""
    bad = isinstance(value, bool) or not isinstance(value, int) or value < minimum
    if bad or (maximum is not None and value > maximum):
        bound = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ParameterError(f"{key} = {value!r} is not allowed; expected an integer {bound}")
    return int(value)


def boolean(value: Any, key: str) -> bool:
    """`value` if it is true or false, else raise naming `key`."""
    if not isinstance(value, bool):
        raise ParameterError(f"{key} = {value!r} is not allowed; expected true or false")
    return value


def positive(value: Any, key: str) -> float:
    """`value` as a float if it is a number > 0, else raise naming `key`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ParameterError(f"{key} = {value!r} is not allowed; expected a number > 0")
    return float(value)
