"""A spec's levers and uncertainties parsed into grid values and factor distributions.

Every parameter name and value goes through `parameters.validation` (the registry's own
checks); this module adds what only a spec has: value lists, ranges with levels, distributions
and their arguments. Each function returns the normalised spec entry (JSON-able, every default
filled in) beside what the builder needs.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from experiments.design import distributions as dist_mod
from experiments.design.checks import check_keys, fmt, integer, positive
from experiments.design.types import schedule_to_json
from parameters import ParameterError
from parameters.validation import lookup, validate_number, validate_value

#: Lever value meaning "the base scenario's own value" (the lever is not overridden there).
SCENARIO_VALUE = "scenario"
LEVER_KEYS = ("values", "low", "high", "levels")
UNCERTAINTY_KEYS = ("distribution", "values", "low", "high", "mode", "mean", "sd", "median")
UNCERTAINTY_KEYS += ("sigma",)

Distribution = dist_mod.Distribution


def _parameter(name: str, section: str) -> Any:
    """The registry's parameter for a `levers` or `uncertainties` entry, or raise."""
    kinds = ("lever",) if section == "levers" else ("uncertainty", "constant")
    try:
        return lookup(name, kinds)
    except ParameterError as e:
        advice = (
            "only levers may be listed under [levers] (vary the others under [uncertainties])"
            if section == "levers"
            else "levers go under [levers] (with [sampler] include_levers = true to sample one"
            " as an uncertain factor)"
        )
        raise ParameterError(f"{section}.{name}: {e}; {advice}") from e


def _value_list(raw: Any, key: str, what: str) -> list[Any]:
    if not isinstance(raw, list) or not raw:
        raise ParameterError(
            f"{key}.values = {raw!r} is not allowed; expected a non-empty list of {what}"
        )
    return raw


def _no_repeats(values: list[Any], raw: list[Any], key: str) -> None:
    seen: list[Any] = []
    for i, v in enumerate(values):
        if v in seen:
            raise ParameterError(f"{key}.values[{i}] = {raw[i]!r} repeats an earlier value")
        seen.append(v)


def _lever_values(p: Any, raw: Any, key: str) -> list[Any]:
    raw = _value_list(raw, key, "values")
    values = [
        v if v == SCENARIO_VALUE else validate_value(p.name, v, where=f"{key}.values[{i}]")
        for i, v in enumerate(raw)
    ]
    _no_repeats(values, raw, key)
    return values


def _range_ends(p: Any, entry: Mapping[str, Any], key: str) -> tuple[float, float]:
    for k in ("low", "high"):
        if k not in entry:
            raise ParameterError(f"{key}: {k} is missing; a range needs low and high")
    low = validate_number(p.name, entry["low"], where=f"{key}.low")
    high = validate_number(p.name, entry["high"], where=f"{key}.high")
    if not low < high:
        raise ParameterError(
            f"{key}.low = {entry['low']!r} must be smaller than high = {entry['high']!r}"
        )
    return low, high


def _levels(p: Any, entry: Mapping[str, Any], low: float, high: float, key: str) -> list[Any]:
    if "levels" not in entry:
        raise ParameterError(f"{key}: levels is missing; a lever range needs low, high, levels")
    levels = integer(entry["levels"], f"{key}.levels", 2)
    points = np.linspace(low, high, levels)
    if p.dtype != "int":
        return [validate_value(p.name, float(x), where=key) for x in points]
    ints = [math.floor(x + 0.5) for x in points]
    if len(set(ints)) != levels:
        raise ParameterError(
            f"{key}.levels = {levels} gives repeated integers in [{low}, {high}];"
            f" expected at most {int(high - low) + 1} levels"
        )
    return [validate_value(p.name, x, where=key) for x in ints]


def _sampled_lever(
    p: Any, entry: Mapping[str, Any], values: list[Any] | None, key: str
) -> tuple[dict[str, Any], None, Distribution]:
    """A lever sampled as an uncertain factor (``include_levers = true``)."""
    if values is not None:
        if any(isinstance(v, Mapping) or v == SCENARIO_VALUE for v in values):
            raise ParameterError(
                f'{key}.values: schedules and "scenario" cannot be sampled with'
                " include_levers = true; expected plain numbers"
            )
        return {"values": list(values)}, None, dist_mod.Choice(tuple(values))
    if "low" not in entry and "high" not in entry:
        return {}, None, dist_mod.Uniform(float(p.low), float(p.high))
    if "levels" in entry:
        raise ParameterError(
            f"{key}.levels = {entry['levels']!r} has no effect with include_levers = true"
            " (the lever is sampled uniformly on [low, high]); remove it"
        )
    low, high = _range_ends(p, entry, key)
    return {"low": low, "high": high}, None, dist_mod.Uniform(low, high)


def parse_lever(
    name: str, entry: Any, include: bool
) -> tuple[dict[str, Any], list[Any] | None, Distribution | None]:
    """Return (normalised entry, grid values or None, factor distribution or None)."""
    key = f"levers.{name}"
    p = _parameter(name, "levers")
    if not isinstance(entry, Mapping):
        raise ParameterError(f"{key} = {entry!r} must be a table with values or low/high/levels")
    check_keys(entry, LEVER_KEYS, key)
    has_values = "values" in entry
    has_range = any(k in entry for k in ("low", "high", "levels"))
    if has_values and has_range:
        raise ParameterError(f"{key}: give either values or low/high/levels, not both")
    values = _lever_values(p, entry["values"], key) if has_values else None
    if include:
        return _sampled_lever(p, entry, values, key)
    if has_range:
        values = _levels(p, entry, *_range_ends(p, entry, key), key)
    if values is None:
        return {}, None, None
    return {"values": [schedule_to_json(v) for v in values]}, values, None


def centre(p: Any, scenario_values: Mapping[str, Any]) -> float:
    """A distribution's default centre: the scenario's value, else the registry's mode/default."""
    value = scenario_values.get(p.name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float(p.mode if p.mode is not None else p.default)


def _choice(p: Any, entry: Mapping[str, Any], key: str) -> tuple[dict[str, Any], Distribution]:
    others = [k for k in entry if k != "values"]
    if others:
        raise ParameterError(
            f"{key}.{others[0]} = {entry[others[0]]!r} cannot be combined with values"
        )
    raw = _value_list(entry["values"], key, "numbers")
    values = [validate_number(p.name, v, where=f"{key}.values[{i}]") for i, v in enumerate(raw)]
    try:
        return {"values": values}, dist_mod.Choice(tuple(values))
    except ValueError as e:
        raise ParameterError(f"{key}: {e}") from e


def _distribution_name(p: Any, entry: Mapping[str, Any], key: str) -> str:
    name = entry.get("distribution", p.distribution or "uniform")
    if not isinstance(name, str) or name not in dist_mod.DISTRIBUTIONS:
        close = difflib.get_close_matches(str(name), dist_mod.DISTRIBUTIONS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"{key}.distribution = {name!r} is unknown{hint}; allowed:"
            f" {', '.join(dist_mod.DISTRIBUTIONS)} (or values = [...])"
        )
    args = dist_mod.DISTRIBUTION_ARGS[name]
    for k in entry:
        if k != "distribution" and k not in args:
            raise ParameterError(
                f"{key}.{k} = {entry[k]!r} is not used by distribution {name!r};"
                f" it takes {', '.join(args)}"
            )
    return name


def _bounds(p: Any, entry: Mapping[str, Any], key: str) -> tuple[float, float]:
    """Explicit bounds must lie inside the registry range; the defaults are the range."""
    low = validate_number(p.name, entry["low"], where=f"{key}.low") if "low" in entry else p.low
    high = (
        validate_number(p.name, entry["high"], where=f"{key}.high") if "high" in entry else p.high
    )
    if not low < high:
        raise ParameterError(
            f"{key}: low = {low!r} must be smaller than high = {high!r} (registry range of"
            f" {p.name}: [{fmt(p.low)}, {fmt(p.high)}] {p.unit})"
        )
    return float(low), float(high)


def _centre_arg(
    p: Any, entry: Mapping[str, Any], k: str, low: float, high: float, default: float
) -> float:
    if k not in entry:
        return default
    key = f"uncertainties.{p.name}.{k}"
    v = validate_number(p.name, entry[k], where=key, keep_dtype=False)
    if not low <= v <= high:
        raise ParameterError(
            f"{key} = {entry[k]!r} is outside [low, high] = [{fmt(low)}, {fmt(high)}]"
        )
    return v


def _lognormal_args(
    entry: Mapping[str, Any], median: float, high: float, key: str
) -> dict[str, float]:
    if not median > 0:
        raise ParameterError(
            f"{key}.median = {median!r} is not allowed; a lognormal needs median > 0"
        )
    if "sigma" not in entry and not high > median:
        raise ParameterError(
            f"{key}.sigma is missing and cannot default to ln(high / median) / 2"
            f" (high = {fmt(high)}, median = {fmt(median)}); give sigma > 0"
        )
    sigma = positive(entry.get("sigma", math.log(high / median) / 2), f"{key}.sigma")
    return {"median": median, "sigma": sigma}


def parse_uncertainty(
    name: str, entry: Any, scenario_values: Mapping[str, Any]
) -> tuple[dict[str, Any], Distribution]:
    """Return (normalised entry, distribution) of an ``[uncertainties.NAME]`` table."""
    key = f"uncertainties.{name}"
    p = _parameter(name, "uncertainties")
    if not isinstance(entry, Mapping):
        raise ParameterError(f"{key} = {entry!r} must be a table, e.g. distribution = 'uniform'")
    check_keys(entry, UNCERTAINTY_KEYS, key)
    if "values" in entry:
        return _choice(p, entry, key)
    dname = _distribution_name(p, entry, key)
    low, high = _bounds(p, entry, key)
    mid = min(max(centre(p, scenario_values), low), high)
    params: dict[str, Any]
    if dname == "uniform":
        params = {"low": low, "high": high}
    elif dname == "triangular":
        params = {"low": low, "mode": _centre_arg(p, entry, "mode", low, high, mid), "high": high}
    elif dname == "normal":
        sd = positive(entry.get("sd", (high - low) / 4), f"{key}.sd")
        params = {"mean": _centre_arg(p, entry, "mean", low, high, mid), "sd": sd}
        params |= {"low": low, "high": high}
    else:
        median = _centre_arg(p, entry, "median", low, high, mid)
        params = _lognormal_args(entry, median, high, key) | {"low": low, "high": high}
    try:
        dist = dist_mod.make_distribution(dname, **params)
    except ValueError as e:
        raise ParameterError(f"{key}: {e}") from e
    return dist.to_dict(), dist
