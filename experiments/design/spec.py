"""A sweep spec read and checked: top-level settings, sampler, scenario, levers, uncertainties.

`parse_spec` turns the spec as read from TOML into a `ParsedSpec`: the normalised spec (every
default filled in, JSON-able; building a design from it gives the same design again) and what
the builder needs (grid values, factor distributions). `load_spec` reads a spec file.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from experiments.design import samplers
from experiments.design.checks import boolean, check_keys, integer, table
from experiments.design.distributions import Distribution
from experiments.design.factors import parse_lever, parse_uncertainty
from experiments.design.types import FORMAT_VERSION
from parameters import ParameterError, list_scenarios, load_scenario, lookup
from parameters.validation import read_toml

DEFAULTS: dict[str, Any] = {
    "scenario": "plan",
    "scale": 1.0,
    "end_year": 2060,
    "seed": 0,
    "replications": 1,
}
"""Top-level spec defaults."""

BASE_YEAR = 2020
MAX_END_YEAR = 2100
GRID_LEVELS = 3
MORRIS_LEVELS = 4

TOP_KEYS = (
    "version",
    "name",
    "description",
    "scenario",
    "scale",
    "end_year",
    "seed",
    "replications",
    "max_runs",
    "levers",
    "uncertainties",
    "sampler",
)
SAMPLER_KEYS: dict[str, tuple[str, ...]] = {
    "grid": ("method", "levels"),
    "lhs": ("method", "samples", "include_levers"),
    "sobol": ("method", "samples", "calc_second_order", "include_levers"),
    "morris": ("method", "samples", "num_levels", "include_levers"),
}


@dataclass
class ParsedSpec:
    """A checked spec: the normalised spec and the pieces the builder needs.

    Attributes:
        spec: The normalised spec (JSON-able, every default filled in).
        grid_names: Levers that form the full-factorial grid, in spec order.
        grid_values: Each gridded lever's values ("scenario" = the base scenario's value).
        distributions: One per sampled factor (uncertainties, then sampled levers).
        integer: Per sampled factor, whether it is an integer parameter.
    """

    spec: dict[str, Any]
    grid_names: list[str] = field(default_factory=list)
    grid_values: list[list[Any]] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)


def load_spec(path: str | Path) -> dict[str, Any]:
    """Read a sweep spec TOML file.

    Raises:
        ParameterError: The file is missing, a directory or not a regular file, unreadable,
            not UTF-8, not valid TOML (the message has the line and column), or empty.
    """
    return read_toml(path, "sweep spec")


def _scenario(value: Any, spec_dir: Path | None) -> tuple[str, dict[str, Any]]:
    """Resolve the scenario and return (name or absolute path, values it sets)."""
    if not isinstance(value, str) or not value:
        raise ParameterError(
            f"scenario = {value!r} is not allowed; expected a built-in name or a path to a TOML"
        )
    if value in list_scenarios():
        name = value
    else:
        path = Path(value)
        if not path.is_absolute() and spec_dir is not None and (spec_dir / path).exists():
            path = spec_dir / path
        if not path.exists():  # a directory or a device: the scenario reader says what it is
            raise ParameterError(
                f"scenario = {value!r} is neither a built-in scenario"
                f" ({', '.join(list_scenarios())}) nor an existing file"
            )
        name = str(path.resolve())
    try:
        values = load_scenario(name)
    except ParameterError as e:
        raise ParameterError(f"scenario = {value!r}: {e}") from e
    return name, values


def _parse_sampler(raw: Any) -> dict[str, Any]:
    """The ``[sampler]`` table with its defaults filled in."""
    if not isinstance(raw, Mapping):
        raise ParameterError(f"sampler = {raw!r} must be a table: [sampler] method = ...")
    method = raw.get("method", "grid")
    if not isinstance(method, str) or method not in SAMPLER_KEYS:
        close = difflib.get_close_matches(str(method), SAMPLER_KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"sampler.method = {method!r} is unknown{hint}; allowed: {', '.join(SAMPLER_KEYS)}"
        )
    allowed = SAMPLER_KEYS[method]
    for k in raw:
        if k not in allowed:
            users = [m for m, keys in SAMPLER_KEYS.items() if k in keys]
            if users:
                raise ParameterError(
                    f"sampler.{k} = {raw[k]!r} does not apply to method {method!r}"
                    f" (only to {', '.join(users)}); allowed keys: {', '.join(allowed)}"
                )
            check_keys({k: raw[k]}, allowed, "sampler")
    out: dict[str, Any] = {"method": method}
    if method == "grid":
        out["levels"] = integer(raw.get("levels", GRID_LEVELS), "sampler.levels", 1)
        return out
    if "samples" not in raw:
        raise ParameterError(f"sampler.samples is missing; method {method!r} needs it")
    minimum = 2 if method == "morris" else 1
    n = integer(raw["samples"], "sampler.samples", minimum)
    if method == "sobol" and (n < 2 or not samplers.is_power_of_two(n)):
        lower = 1 << (n.bit_length() - 1)
        raise ParameterError(
            f"sampler.samples = {n} is not allowed for sobol; expected a power of two >= 2"
            f" (e.g. {max(lower, 2)} or {max(lower * 2, 4)})"
        )
    out["samples"] = n
    out["include_levers"] = boolean(raw.get("include_levers", False), "sampler.include_levers")
    if method == "sobol":
        out["calc_second_order"] = boolean(
            raw.get("calc_second_order", False), "sampler.calc_second_order"
        )
    if method == "morris":
        levels = integer(raw.get("num_levels", MORRIS_LEVELS), "sampler.num_levels", 2)
        if levels % 2:
            raise ParameterError(
                f"sampler.num_levels = {levels} is not allowed; expected an even integer >= 2"
            )
        out["num_levels"] = levels
    return out


def _top_level(spec: Mapping[str, Any], default_name: str, spec_dir: Path | None) -> dict:
    """The checked top-level settings, and the values the scenario sets (for centres)."""
    version = spec.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ParameterError(f"version = {version!r} is not supported; expected {FORMAT_VERSION}")
    name = spec.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise ParameterError(f"name = {name!r} is not allowed; expected a non-empty string")
    if "description" in spec and not isinstance(spec["description"], str):
        raise ParameterError(f"description = {spec['description']!r} must be a string")
    scenario, scenario_values = _scenario(spec.get("scenario", DEFAULTS["scenario"]), spec_dir)
    scale = spec.get("scale", DEFAULTS["scale"])
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0 < scale <= 1:
        raise ParameterError(f"scale = {scale!r} is not allowed; expected a number in (0, 1]")
    top: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "name": name,
        **({"description": spec["description"]} if "description" in spec else {}),
        "scenario": scenario,
        "scale": float(scale),
        "end_year": integer(
            spec.get("end_year", DEFAULTS["end_year"]), "end_year", BASE_YEAR + 1, MAX_END_YEAR
        ),
        "seed": integer(spec.get("seed", DEFAULTS["seed"]), "seed", 0),
        "replications": integer(
            spec.get("replications", DEFAULTS["replications"]), "replications", 1
        ),
    }
    if "max_runs" in spec:
        top["max_runs"] = integer(spec["max_runs"], "max_runs", 1)
    return {"top": top, "scenario_values": scenario_values}


def _is_int(name: str) -> bool:
    return lookup(name).dtype == "int"


def _check_method(parsed: ParsedSpec) -> None:
    method = parsed.spec["sampler"]["method"]
    if method not in ("sobol", "morris"):
        return
    n_points = 1
    for values in parsed.grid_values:
        n_points *= len(values)
    if n_points > 1:
        raise ParameterError(
            f"sampler.method = {method!r} analyses one lever point, but the levers form a grid of"
            f" {n_points} points; drop the lever values or set include_levers = true to treat"
            " levers as factors"
        )
    if not parsed.distributions:
        raise ParameterError(
            f"sampler.method = {method!r} needs at least one factor; list [uncertainties.NAME]"
            " tables (or set include_levers = true with [levers.NAME] tables)"
        )


def parse_spec(
    spec: Mapping[str, Any], *, spec_dir: str | Path | None = None, default_name: str = "sweep"
) -> ParsedSpec:
    """Check a spec against the registry and normalise it.

    Raises:
        ParameterError: On the first problem, naming the spec key, the value and what is allowed.
    """
    if not isinstance(spec, Mapping):
        raise ParameterError(f"sweep spec must be a table of keys, got {type(spec).__name__}")
    check_keys(spec, TOP_KEYS, "")
    settings = _top_level(spec, default_name, Path(spec_dir) if spec_dir is not None else None)
    sampler = _parse_sampler(spec.get("sampler", {}))
    include = bool(sampler.get("include_levers", False))
    parsed = ParsedSpec(spec={})
    levers: dict[str, Any] = {}
    sampled_levers: list[tuple[Distribution, bool]] = []
    for name, entry in table(spec, "levers").items():
        levers[name], values, dist = parse_lever(name, entry, include)
        if values is not None:
            parsed.grid_names.append(name)
            parsed.grid_values.append(values)
        if dist is not None:
            sampled_levers.append((dist, _is_int(name)))
    uncertainties: dict[str, Any] = {}
    for name, entry in table(spec, "uncertainties").items():
        uncertainties[name], dist = parse_uncertainty(name, entry, settings["scenario_values"])
        parsed.distributions.append(dist)
        parsed.integer.append(_is_int(name))
    for dist, is_int in sampled_levers:
        parsed.distributions.append(dist)
        parsed.integer.append(is_int)
    parsed.spec = settings["top"] | {
        "levers": levers,
        "uncertainties": uncertainties,
        "sampler": sampler,
    }
    _check_method(parsed)
    return parsed
