"""Experiment designs: a sweep spec (TOML) parsed and validated into a ``Design`` of ``RunSpec``s.

A design says which runs an experiment makes; executing them is the runner's job. Everything is
checked against the parameter registry *before* any run starts, and a bad spec raises
``parameters.ParameterError`` with one line naming the spec key, the value given and what is
allowed.

Spec format (see ``docs/sweep_spec_example.toml`` for a commented example)::

    name = "ev-subsidy-vs-enforcement"   # default: the file name without .toml
    description = "free text"            # optional
    scenario = "plan"     # built-in name or path to a scenario TOML (relative to the spec file)
    scale = 0.1           # fraction of real agents simulated, in (0, 1]; default 1.0
    end_year = 2060       # 2021-2100; default 2060
    seed = 20240601       # root seed, integer >= 0; default 0
    replications = 5      # model runs per (lever point, uncertainty sample); default 1

    [levers.ev_purchase_subsidy_yuan]
    values = ["scenario", 0, 10000, 20000]   # numbers, {year = value} schedules, or "scenario"
                                   # (the base scenario's own value: a point where every lever
                                   # is "scenario" is the baseline that wedges are measured from)
    [levers.burning_enforcement]
    low = 0.1                      # or an evenly spaced range, ends included
    high = 0.9
    levels = 3

    [uncertainties.gdp_growth_rate]
    distribution = "triangular"    # uniform | triangular | normal | lognormal
    low = 0.025
    mode = 0.05
    high = 0.07

    [sampler]
    method = "lhs"        # grid | lhs | sobol | morris; default grid
    samples = 64          # lhs: points; sobol: base N (a power of two); morris: trajectories

Levers (kind ``lever`` only) always form a full-factorial grid: the cartesian product of their
value lists, in spec order with the last lever varying fastest. Levers not listed, or listed
without values, keep the scenario's value. Each value is checked with
``parameters.validate_value``.

Uncertainties (kind ``uncertainty`` or ``constant``: constants carry plausible ranges and may be
varied; levers may not) are sampled by the sampler. Each takes a distribution:

- ``uniform``: ``low``, ``high``;
- ``triangular``: ``low``, ``mode``, ``high``;
- ``normal``: ``mean``, ``sd``, always truncated to ``[low, high]``;
- ``lognormal``: ``median``, ``sigma`` (``log X ~ Normal(log median, sigma)``), always truncated
  to ``[low, high]``;
- or ``values = [...]``: each listed value equally likely.

Omitted keys default to the registry: ``distribution`` to the parameter's distribution (None
means uniform), ``low``/``high`` to its range, ``mode``/``mean``/``median`` to its centre (the
scenario's value if the scenario sets it, else the registry's ``mode``, else its ``default``;
clipped into ``[low, high]``), ``sd`` to ``(high - low) / 4`` and ``sigma`` to
``ln(high / median) / 2``. ``[low, high]`` must lie inside the registry range, so no draw is
ever out of range. Integer parameters are rounded after the inverse CDF.

Sampler (``[sampler]``, applies to the uncertainties):

- ``grid``: full factorial over the uncertainties; each takes ``levels`` (default 3) evenly
  spaced quantiles from 0 to 1 of its distribution (for uniform: evenly spaced values from low
  to high), or every one of its ``values``.
- ``lhs``: ``samples`` Latin-hypercube points (``scipy.stats.qmc.LatinHypercube``).
- ``sobol``: Saltelli's scheme (``SALib.sample.sobol``); ``samples`` is the base ``N``, a power
  of two; ``calc_second_order`` (default false). ``N * (D + 2)`` samples, or ``N * (2D + 2)``.
- ``morris``: ``samples`` trajectories (>= 2) of ``SALib.sample.morris``; ``num_levels``
  (even, default 4). ``samples * (D + 1)`` samples.

SALib's row order is kept: ``sample_id`` is the row of SALib's matrix. For sobol and morris
``Design.problem`` is the SALib problem (``num_vars``, ``names``, ``bounds`` = each factor's
``[low, high]``); factors are the uncertainties in spec order, then the levers if
``include_levers = true``. With ``include_levers = true`` (lhs, sobol, morris) levers are not
gridded but sampled as uncertain factors: uniform on ``[low, high]`` (default: the registry
range) or equally likely over their ``values``; there is then a single lever point. With no
factors at all there is exactly one sample: the scenario's values (sobol and morris then
refuse to run).

Runs: ``lever points x samples x replications``; ``run_id`` counts from 0 with the lever point
slowest and the replication fastest: ``run_id = (point_id * n_samples + sample_id) *
replications + replication``.

Randomness: ``SeedSequence(seed).spawn(2)`` gives one stream for the sampler and one for the
runs; the run stream spawns one child per sample and that child one per replication, so a run's
seed (a 63-bit integer) is a function of ``(seed, sample_id, replication)`` only. Every lever
point therefore sees the same uncertainty draws and the same model seeds (common random
numbers). The same spec always gives the identical ``Design``; ``Design.to_json`` /
``Design.from_json`` round-trip it exactly.
"""

from __future__ import annotations

import difflib
import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from experiments import sampling
from parameters import ParameterError

__all__ = [
    "DEFAULTS",
    "Design",
    "RunSpec",
    "build_design",
    "load_design",
    "load_spec",
    "montecarlo_design",
    "sensitivity_design",
]

FORMAT_VERSION = 1
"""Version of the normalised spec and of ``Design.to_json``."""

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

_TOP_KEYS = (
    "version",
    "name",
    "description",
    "scenario",
    "scale",
    "end_year",
    "seed",
    "replications",
    "levers",
    "uncertainties",
    "sampler",
)
_LEVER_KEYS = ("values", "low", "high", "levels")
#: Lever value meaning "the base scenario's own value" (the lever is not overridden there).
SCENARIO_VALUE = "scenario"
_UNCERTAINTY_KEYS = ("distribution", "values", "low", "high")
_UNCERTAINTY_KEYS += ("mode", "mean", "sd", "median", "sigma")
_SAMPLER_KEYS: dict[str, tuple[str, ...]] = {
    "grid": ("method", "levels"),
    "lhs": ("method", "samples", "include_levers"),
    "sobol": ("method", "samples", "calc_second_order", "include_levers"),
    "morris": ("method", "samples", "num_levels", "include_levers"),
}


# --------------------------------------------------------------------------- data classes
@dataclass(frozen=True)
class RunSpec:
    """One model run of a design.

    Attributes:
        run_id: Position in the design, 0..n-1.
        point_id: Index of the lever point (grid cell).
        sample_id: Index of the uncertainty sample (row of the sampler's matrix).
        replication: Index of the replication within (point, sample).
        levers: Lever overrides of this point (constants or ``{year: value}`` schedules).
        uncertainties: Uncertainty overrides of this sample.
        seed: Model seed; depends on (sample_id, replication) only.
    """

    run_id: int
    point_id: int
    sample_id: int
    replication: int
    levers: dict
    uncertainties: dict
    seed: int

    @property
    def params(self) -> dict:
        """All overrides for ``run_point``: levers | uncertainties."""
        return self.levers | self.uncertainties

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (schedule years become strings)."""
        return {
            "run_id": self.run_id,
            "point_id": self.point_id,
            "sample_id": self.sample_id,
            "replication": self.replication,
            "levers": {k: _schedule_to_json(v) for k, v in self.levers.items()},
            "uncertainties": dict(self.uncertainties),
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSpec:
        """Inverse of :meth:`to_dict`."""
        return cls(
            run_id=int(data["run_id"]),
            point_id=int(data["point_id"]),
            sample_id=int(data["sample_id"]),
            replication=int(data["replication"]),
            levers={k: _schedule_from_json(v) for k, v in data["levers"].items()},
            uncertainties=dict(data["uncertainties"]),
            seed=int(data["seed"]),
        )


@dataclass(frozen=True)
class Design:
    """A validated experiment: every run to make, in ``run_id`` order.

    Attributes:
        name: Experiment name.
        base_scenario: Scenario the overrides apply to (built-in name or absolute path).
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        method: Sampler of the uncertainties: grid, lhs, sobol or morris.
        runs: The runs, ``runs[i].run_id == i``.
        problem: SALib problem for sobol/morris, else None.
        spec: The normalised spec (every default filled in, JSON-able); building a design from
            it gives this design again.
    """

    name: str
    base_scenario: str
    scale: float
    end_year: int
    method: str
    runs: list[RunSpec]
    problem: dict | None
    spec: dict = field(repr=False)

    @property
    def n_points(self) -> int:
        """Number of lever points."""
        return 1 + max((r.point_id for r in self.runs), default=-1)

    @property
    def n_samples(self) -> int:
        """Number of uncertainty samples."""
        return 1 + max((r.sample_id for r in self.runs), default=-1)

    @property
    def replications(self) -> int:
        """Runs per (lever point, sample)."""
        return int(self.spec["replications"])

    @property
    def factor_names(self) -> list[str]:
        """Sampled factors in column order: uncertainties, then levers if included."""
        return _factor_names(self.spec)

    def sample_matrix(self, *, unit: bool = False) -> np.ndarray:
        """The sampler's matrix, one row per ``sample_id``, columns :attr:`factor_names`.

        Args:
            unit: Return the unit-hypercube points instead of the values. Morris analysis
                should use these (rounding of integer factors can hide a step's direction).

        Returns:
            ``(n_samples, n_factors)`` float array in SALib's row order.
        """
        if unit:
            return _unit_matrix(self.spec)
        names = self.factor_names
        rows = sorted(
            (r for r in self.runs if r.point_id == 0 and r.replication == 0),
            key=lambda r: r.sample_id,
        )
        return np.array([[float(r.params[n]) for n in names] for r in rows], dtype=float).reshape(
            len(rows), len(names)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict of the whole design."""
        return {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "base_scenario": self.base_scenario,
            "scale": self.scale,
            "end_year": self.end_year,
            "method": self.method,
            "problem": self.problem,
            "spec": self.spec,
            "runs": [r.to_dict() for r in self.runs],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Design:
        """Inverse of :meth:`to_dict`."""
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ParameterError(
                f"design format_version = {version!r} is not supported; expected {FORMAT_VERSION}"
            )
        return cls(
            name=data["name"],
            base_scenario=data["base_scenario"],
            scale=float(data["scale"]),
            end_year=int(data["end_year"]),
            method=data["method"],
            runs=[RunSpec.from_dict(r) for r in data["runs"]],
            problem=data["problem"],
            spec=data["spec"],
        )

    def to_json(self, indent: int | None = None) -> str:
        """Serialise to JSON (for the result store's manifest)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Design:
        """Rebuild a design from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))


def _schedule_to_json(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return value


def _schedule_from_json(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {int(k): v for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- registry access
@dataclass(frozen=True)
class _Registry:
    params: Mapping[str, Any]
    real: bool

    @classmethod
    def get(cls, registry: Mapping[str, Any] | None) -> _Registry:
        if registry is None:
            from parameters import REGISTRY

            return cls(REGISTRY, True)
        return cls(registry, False)

    def names(self, *kinds: str) -> list[str]:
        return [n for n, p in self.params.items() if p.kind in kinds]


def _fmt(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _range(p: Any) -> str:
    kind = "an integer" if p.dtype == "int" else "a number"
    return f"{kind} in [{_fmt(p.low)}, {_fmt(p.high)}] {p.unit}".rstrip()


_SINGULAR = {"levers": "lever", "uncertainties": "uncertainty"}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _lookup(reg: _Registry, name: str, section: str) -> Any:
    """Find ``name`` for ``section`` ('levers' or 'uncertainties') or raise."""
    allowed_kinds = ("lever",) if section == "levers" else ("uncertainty", "constant")
    key = f"{section}.{name}"
    p = reg.params.get(name)
    if p is None:
        candidates = reg.names(*allowed_kinds)
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        shown = reg.names(allowed_kinds[0])
        more = " or any constant" if section == "uncertainties" else ""
        raise ParameterError(
            f"{key}: unknown {_SINGULAR[section]} {name!r}{hint}; known {section}: "
            f"{', '.join(shown)}{more} (see `carbonpeak params`)"
        )
    if p.kind not in allowed_kinds:
        if section == "levers":
            raise ParameterError(
                f"{key}: {name!r} is {_article(p.kind)} {p.kind}, not a lever; only levers may be"
                " listed under"
                " [levers] (put it under [uncertainties] to vary it)"
            )
        raise ParameterError(
            f"{key}: {name!r} is a lever; list it under [levers] (with [sampler]"
            " include_levers = true to sample it as an uncertain factor)"
        )
    return p


def _scalar(p: Any, value: Any, key: str, *, integral: bool = True) -> float | int:
    """Check a number against the parameter's type and range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ParameterError(f"{key} = {value!r} is not allowed; expected {_range(p)}")
    given = value
    if p.dtype == "int" and integral:
        if isinstance(value, float) and not value.is_integer():
            raise ParameterError(f"{key} = {value!r} is not an integer; expected {_range(p)}")
        value = int(value)
    else:
        value = float(value)
    if not p.low <= value <= p.high:
        raise ParameterError(
            f"{key} = {given!r} is outside the registry range of {p.name}; expected {_range(p)}"
        )
    return value


# --------------------------------------------------------------------------- spec helpers
def _check_keys(table: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for k in table:
        if k not in allowed:
            close = difflib.get_close_matches(k, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            prefix = f"{where}." if where else ""
            raise ParameterError(
                f"{prefix}{k}: unknown key{hint}; allowed keys: {', '.join(allowed)}"
            )


def _table(spec: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = spec.get(key, {})
    if not isinstance(value, Mapping):
        raise ParameterError(f"{key} = {value!r} must be a table, e.g. [{key}.NAME]")
    return value


def _int(value: Any, key: str, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        bound = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ParameterError(f"{key} = {value!r} is not allowed; expected an integer {bound}")
    if maximum is not None and value > maximum:
        raise ParameterError(
            f"{key} = {value!r} is not allowed; expected an integer in [{minimum}, {maximum}]"
        )
    return int(value)


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ParameterError(f"{key} = {value!r} is not allowed; expected true or false")
    return value


def _scenario(value: Any, reg: _Registry, spec_dir: Path | None) -> tuple[str, dict[str, Any]]:
    """Resolve the scenario and return (name or absolute path, values it sets)."""
    if not isinstance(value, str) or not value:
        raise ParameterError(
            f"scenario = {value!r} is not allowed; expected a built-in name or a path to a TOML"
        )
    if not reg.real:  # a custom registry (tests) cannot validate real scenarios
        return value, {}
    from parameters import list_scenarios, load_scenario

    if value in list_scenarios():
        name = value
    else:
        path = Path(value)
        if not path.is_absolute() and spec_dir is not None and (spec_dir / path).is_file():
            path = spec_dir / path
        if not path.is_file():
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


def _centre(p: Any, scenario_values: Mapping[str, Any]) -> float:
    value = scenario_values.get(p.name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    mode = getattr(p, "mode", None)
    return float(mode if mode is not None else p.default)


# --------------------------------------------------------------------------- parsing
def _parse_lever(
    reg: _Registry, name: str, entry: Any, include: bool
) -> tuple[dict[str, Any], list[Any] | None, sampling.Distribution | None]:
    """Return (normalised entry, grid values or None, factor distribution or None)."""
    key = f"levers.{name}"
    p = _lookup(reg, name, "levers")
    if not isinstance(entry, Mapping):
        raise ParameterError(f"{key} = {entry!r} must be a table with values or low/high/levels")
    _check_keys(entry, _LEVER_KEYS, key)
    has_values = "values" in entry
    has_range = any(k in entry for k in ("low", "high", "levels"))
    if has_values and has_range:
        raise ParameterError(f"{key}: give either values or low/high/levels, not both")

    values: list[Any] | None = None
    if has_values:
        raw = entry["values"]
        if not isinstance(raw, list) or not raw:
            raise ParameterError(
                f"{key}.values = {raw!r} is not allowed; expected a non-empty list of values"
            )
        values = [
            v if v == SCENARIO_VALUE else _lever_value(reg, p, v, f"{key}.values[{i}]")
            for i, v in enumerate(raw)
        ]
        seen: list[Any] = []
        for i, v in enumerate(values):
            if v in seen:
                raise ParameterError(f"{key}.values[{i}] = {raw[i]!r} repeats an earlier value")
            seen.append(v)
    elif has_range:
        for k in ("low", "high"):
            if k not in entry:
                raise ParameterError(f"{key}: {k} is missing; a range needs low and high")
        low = _scalar(p, entry["low"], f"{key}.low")
        high = _scalar(p, entry["high"], f"{key}.high")
        if not low < high:
            raise ParameterError(
                f"{key}.low = {entry['low']!r} must be smaller than high = {entry['high']!r}"
            )
        if include:
            if "levels" in entry:
                raise ParameterError(
                    f"{key}.levels = {entry['levels']!r} has no effect with include_levers = true"
                    " (the lever is sampled uniformly on [low, high]); remove it"
                )
            dist = sampling.Uniform(low, high)
            return {"low": low, "high": high}, None, dist
        if "levels" not in entry:
            raise ParameterError(f"{key}: levels is missing; a lever range needs low, high, levels")
        levels = _int(entry["levels"], f"{key}.levels", 2)
        points = np.linspace(low, high, levels)
        if p.dtype == "int":
            ints = [math.floor(x + 0.5) for x in points]
            if len(set(ints)) != levels:
                raise ParameterError(
                    f"{key}.levels = {levels} gives repeated integers in [{low}, {high}];"
                    f" expected at most {int(high - low) + 1} levels"
                )
            points = ints
        values = [_lever_value(reg, p, float(x) if p.dtype != "int" else x, key) for x in points]

    if include:
        if values is None:
            dist = sampling.Uniform(float(p.low), float(p.high))
            return {}, None, dist
        if any(isinstance(v, Mapping) or v == SCENARIO_VALUE for v in values):
            raise ParameterError(
                f'{key}.values: schedules and "scenario" cannot be sampled with'
                " include_levers = true; expected plain numbers"
            )
        return {"values": list(values)}, None, sampling.Choice(tuple(values))
    if values is None:
        return {}, None, None
    return {"values": [_schedule_to_json(v) for v in values]}, values, None


def _lever_value(reg: _Registry, p: Any, value: Any, key: str) -> Any:
    if isinstance(value, Mapping):
        if not value:
            raise ParameterError(f"{key} = {{}} is an empty schedule; expected {{year = value}}")
        schedule = {}
        for year, v in value.items():
            try:
                y = int(year)
            except (TypeError, ValueError):
                raise ParameterError(
                    f"{key}: schedule year {year!r} is not a year; expected e.g. {{2025 = ...}}"
                ) from None
            schedule[y] = _scalar(p, v, f"{key}[{y}]")
        value = dict(sorted(schedule.items()))
    else:
        value = _scalar(p, value, key)
    if reg.real:
        from parameters import validate_value

        try:
            value = validate_value(p.name, value)
        except ParameterError as e:
            raise ParameterError(f"{key}: {e}") from e
    return value


def _parse_uncertainty(
    reg: _Registry, name: str, entry: Any, scenario_values: Mapping[str, Any]
) -> tuple[dict[str, Any], sampling.Distribution]:
    key = f"uncertainties.{name}"
    p = _lookup(reg, name, "uncertainties")
    if not isinstance(entry, Mapping):
        raise ParameterError(f"{key} = {entry!r} must be a table, e.g. distribution = 'uniform'")
    _check_keys(entry, _UNCERTAINTY_KEYS, key)

    if "values" in entry:
        others = [k for k in entry if k != "values"]
        if others:
            raise ParameterError(
                f"{key}.{others[0]} = {entry[others[0]]!r} cannot be combined with values"
            )
        raw = entry["values"]
        if not isinstance(raw, list) or not raw:
            raise ParameterError(
                f"{key}.values = {raw!r} is not allowed; expected a non-empty list of numbers"
            )
        values = [_scalar(p, v, f"{key}.values[{i}]") for i, v in enumerate(raw)]
        try:
            dist = sampling.Choice(tuple(values))
        except ValueError as e:
            raise ParameterError(f"{key}: {e}") from e
        return {"values": values}, dist

    dname = entry.get("distribution", getattr(p, "distribution", None) or "uniform")
    if not isinstance(dname, str) or dname not in sampling.DISTRIBUTIONS:
        close = difflib.get_close_matches(str(dname), sampling.DISTRIBUTIONS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"{key}.distribution = {dname!r} is unknown{hint}; allowed:"
            f" {', '.join(sampling.DISTRIBUTIONS)} (or values = [...])"
        )
    args = sampling.DISTRIBUTION_ARGS[dname]
    for k in entry:
        if k != "distribution" and k not in args:
            raise ParameterError(
                f"{key}.{k} = {entry[k]!r} is not used by distribution {dname!r};"
                f" it takes {', '.join(args)}"
            )
    # Bounds: explicit ones must be inside the registry range; defaults are the range.
    low = _scalar(p, entry["low"], f"{key}.low") if "low" in entry else p.low
    high = _scalar(p, entry["high"], f"{key}.high") if "high" in entry else p.high
    if not low < high:
        raise ParameterError(
            f"{key}: low = {low!r} must be smaller than high = {high!r}"
            f" (registry range of {name}: {_range(p)})"
        )
    low, high = float(low), float(high)
    centre = min(max(_centre(p, scenario_values), low), high)

    def centre_arg(k: str) -> float:
        if k not in entry:
            return centre
        v = _scalar(p, entry[k], f"{key}.{k}", integral=False)
        if not low <= v <= high:
            raise ParameterError(
                f"{key}.{k} = {entry[k]!r} is outside [low, high] = [{_fmt(low)}, {_fmt(high)}]"
            )
        return v

    def positive(k: str, default: float) -> float:
        v = entry.get(k, default)
        if isinstance(v, bool) or not isinstance(v, int | float) or not v > 0:
            raise ParameterError(f"{key}.{k} = {v!r} is not allowed; expected a number > 0")
        return float(v)

    params: dict[str, Any]
    if dname == "uniform":
        params = {"low": low, "high": high}
    elif dname == "triangular":
        params = {"low": low, "mode": centre_arg("mode"), "high": high}
    elif dname == "normal":
        params = {"mean": centre_arg("mean"), "sd": positive("sd", (high - low) / 4)}
        params |= {"low": low, "high": high}
    else:  # lognormal
        median = centre_arg("median")
        if not median > 0:
            raise ParameterError(
                f"{key}.median = {median!r} is not allowed; a lognormal needs median > 0"
            )
        if "sigma" not in entry and not high > median:
            raise ParameterError(
                f"{key}.sigma is missing and cannot default to ln(high / median) / 2"
                f" (high = {_fmt(high)}, median = {_fmt(median)}); give sigma > 0"
            )
        default_sigma = math.log(high / median) / 2 if high > median else 1.0
        params = {"median": median, "sigma": positive("sigma", default_sigma)}
        params |= {"low": low, "high": high}
    try:
        dist = sampling.make_distribution(dname, **params)
    except ValueError as e:
        raise ParameterError(f"{key}: {e}") from e
    return dist.to_dict(), dist


def _parse_sampler(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ParameterError(f"sampler = {raw!r} must be a table: [sampler] method = ...")
    method = raw.get("method", "grid")
    if not isinstance(method, str) or method not in _SAMPLER_KEYS:
        close = difflib.get_close_matches(str(method), _SAMPLER_KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"sampler.method = {method!r} is unknown{hint}; allowed: {', '.join(_SAMPLER_KEYS)}"
        )
    allowed = _SAMPLER_KEYS[method]
    for k in raw:
        if k not in allowed:
            users = [m for m, keys in _SAMPLER_KEYS.items() if k in keys]
            if users:
                raise ParameterError(
                    f"sampler.{k} = {raw[k]!r} does not apply to method {method!r}"
                    f" (only to {', '.join(users)}); allowed keys: {', '.join(allowed)}"
                )
            _check_keys({k: raw[k]}, allowed, "sampler")
    out: dict[str, Any] = {"method": method}
    if method == "grid":
        out["levels"] = _int(raw.get("levels", GRID_LEVELS), "sampler.levels", 1)
        return out
    if "samples" not in raw:
        raise ParameterError(f"sampler.samples is missing; method {method!r} needs it")
    minimum = 2 if method == "morris" else 1
    n = _int(raw["samples"], "sampler.samples", minimum)
    if method == "sobol" and (n < 2 or not sampling.is_power_of_two(n)):
        lower = 1 << (n.bit_length() - 1)
        raise ParameterError(
            f"sampler.samples = {n} is not allowed for sobol; expected a power of two >= 2"
            f" (e.g. {max(lower, 2)} or {max(lower * 2, 4)})"
        )
    out["samples"] = n
    out["include_levers"] = _bool(raw.get("include_levers", False), "sampler.include_levers")
    if method == "sobol":
        out["calc_second_order"] = _bool(
            raw.get("calc_second_order", False), "sampler.calc_second_order"
        )
    if method == "morris":
        levels = _int(raw.get("num_levels", MORRIS_LEVELS), "sampler.num_levels", 2)
        if levels % 2:
            raise ParameterError(
                f"sampler.num_levels = {levels} is not allowed; expected an even integer >= 2"
            )
        out["num_levels"] = levels
    return out


# --------------------------------------------------------------------------- building
def _factor_names(spec: Mapping[str, Any]) -> list[str]:
    names = list(spec["uncertainties"])
    if spec["sampler"].get("include_levers"):
        names += list(spec["levers"])
    return names


def _factor_entries(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    entries = list(spec["uncertainties"].values())
    if spec["sampler"].get("include_levers"):
        entries += list(spec["levers"].values())
    return entries


def _streams(seed: int) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    sampler_ss, runs_ss = np.random.SeedSequence(seed).spawn(2)
    return sampler_ss, runs_ss


def _unit_matrix(spec: Mapping[str, Any]) -> np.ndarray:
    """The sampler's unit-hypercube matrix for a normalised spec (deterministic)."""
    names = _factor_names(spec)
    d = len(names)
    sampler = spec["sampler"]
    method = sampler["method"]
    if d == 0:
        return np.empty((1, 0))
    rng = np.random.default_rng(_streams(spec["seed"])[0])
    if method == "grid":
        levels = [
            len(e["values"]) if "values" in e else sampler["levels"] for e in _factor_entries(spec)
        ]
        return sampling.grid(levels)
    if method == "lhs":
        return sampling.lhs(d, sampler["samples"], rng)
    if method == "sobol":
        return sampling.sobol(
            d,
            sampler["samples"],
            rng,
            calc_second_order=sampler["calc_second_order"],
            names=names,
        )
    return sampling.morris(
        d, sampler["samples"], rng, num_levels=sampler["num_levels"], names=names
    )


def _run_seed(ss: np.random.SeedSequence) -> int:
    """A 63-bit integer seed (fits int64 columns) from a seed sequence."""
    return int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def _python(value: float, is_int: bool) -> float | int:
    return int(value) if is_int else float(value)


def build_design(
    spec: Mapping[str, Any],
    *,
    registry: Mapping[str, Any] | None = None,
    spec_dir: str | Path | None = None,
    default_name: str = "sweep",
) -> Design:
    """Validate a parsed sweep spec and build its design.

    Args:
        spec: The spec as read from TOML (see the module docstring), or a design's ``spec``.
        registry: Parameter registry to validate against; default the real
            ``parameters.REGISTRY`` (then levers also pass ``parameters.validate_value`` and the
            scenario is loaded). A custom registry skips the scenario check (for tests).
        spec_dir: Directory that a relative scenario path is relative to.
        default_name: Name used when the spec has none.

    Returns:
        The design.

    Raises:
        ParameterError: On the first problem, naming the spec key, the value and what is allowed.
    """
    if not isinstance(spec, Mapping):
        raise ParameterError(f"sweep spec must be a table of keys, got {type(spec).__name__}")
    reg = _Registry.get(registry)
    _check_keys(spec, _TOP_KEYS, "")
    version = spec.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ParameterError(f"version = {version!r} is not supported; expected {FORMAT_VERSION}")

    name = spec.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise ParameterError(f"name = {name!r} is not allowed; expected a non-empty string")
    spec_dir = Path(spec_dir) if spec_dir is not None else None
    scenario, scenario_values = _scenario(spec.get("scenario", DEFAULTS["scenario"]), reg, spec_dir)
    scale = spec.get("scale", DEFAULTS["scale"])
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0 < scale <= 1:
        raise ParameterError(f"scale = {scale!r} is not allowed; expected a number in (0, 1]")
    end_year = _int(
        spec.get("end_year", DEFAULTS["end_year"]), "end_year", BASE_YEAR + 1, MAX_END_YEAR
    )
    seed = _int(spec.get("seed", DEFAULTS["seed"]), "seed", 0)
    replications = _int(spec.get("replications", DEFAULTS["replications"]), "replications", 1)

    sampler = _parse_sampler(spec.get("sampler", {}))
    include = bool(sampler.get("include_levers", False))

    levers_norm: dict[str, Any] = {}
    grid_names: list[str] = []
    grid_values: list[list[Any]] = []
    dists: list[sampling.Distribution] = []
    integer: list[bool] = []
    lever_factors: list[tuple[sampling.Distribution, bool]] = []
    for lname, entry in _table(spec, "levers").items():
        norm, values, dist = _parse_lever(reg, lname, entry, include)
        levers_norm[lname] = norm
        if values is not None:
            grid_names.append(lname)
            grid_values.append(values)
        if dist is not None:
            lever_factors.append((dist, reg.params[lname].dtype == "int"))

    unc_norm: dict[str, Any] = {}
    for uname, entry in _table(spec, "uncertainties").items():
        norm, dist = _parse_uncertainty(reg, uname, entry, scenario_values)
        unc_norm[uname] = norm
        dists.append(dist)
        integer.append(reg.params[uname].dtype == "int")
    for dist, is_int in lever_factors:
        dists.append(dist)
        integer.append(is_int)

    method = sampler["method"]
    n_points = math.prod(len(v) for v in grid_values)
    if method in ("sobol", "morris") and n_points > 1:
        raise ParameterError(
            f"sampler.method = {method!r} analyses one lever point, but the levers form a grid of"
            f" {n_points} points; drop the lever values or set include_levers = true to treat"
            " levers as factors"
        )
    if not dists and method in ("sobol", "morris"):
        raise ParameterError(
            f"sampler.method = {method!r} needs at least one factor; list [uncertainties.NAME]"
            " tables (or set include_levers = true with [levers.NAME] tables)"
        )

    normalised: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "name": name,
        **({"description": spec["description"]} if "description" in spec else {}),
        "scenario": scenario,
        "scale": float(scale),
        "end_year": end_year,
        "seed": seed,
        "replications": replications,
        "levers": levers_norm,
        "uncertainties": unc_norm,
        "sampler": sampler,
    }
    if "description" in spec and not isinstance(spec["description"], str):
        raise ParameterError(f"description = {spec['description']!r} must be a string")

    # Uncertainty samples (rows in the sampler's order).
    factor_names = _factor_names(normalised)
    unit = _unit_matrix(normalised)
    values = sampling.apply_distributions(unit, dists, integer)
    n_unc = len(unc_norm)
    samples: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for row in values:
        unc = {
            n: _python(v, integer[j])
            for j, (n, v) in enumerate(zip(factor_names[:n_unc], row[:n_unc], strict=True))
        }
        lev = {
            n: _python(v, integer[n_unc + j])
            for j, (n, v) in enumerate(zip(factor_names[n_unc:], row[n_unc:], strict=True))
        }
        samples.append((unc, lev))

    # Lever points (a single empty point when levers are sampled or none are listed).
    points = [
        {n: v for n, v in zip(grid_names, combo, strict=True) if v != SCENARIO_VALUE}
        for combo in sampling.cartesian(grid_values)
    ]

    # Seeds: child (sample_id, replication) of the run stream; independent of the lever point.
    runs_ss = _streams(seed)[1]
    seeds = [[_run_seed(r) for r in s.spawn(replications)] for s in runs_ss.spawn(len(samples))]

    runs: list[RunSpec] = []
    for point_id, point in enumerate(points):
        for sample_id, (unc, lev) in enumerate(samples):
            for rep in range(replications):
                runs.append(
                    RunSpec(
                        run_id=len(runs),
                        point_id=point_id,
                        sample_id=sample_id,
                        replication=rep,
                        levers=point | lev,
                        uncertainties=dict(unc),
                        seed=seeds[sample_id][rep],
                    )
                )

    problem = None
    if method in ("sobol", "morris"):
        problem = {
            "num_vars": len(factor_names),
            "names": factor_names,
            "bounds": [[float(lo), float(hi)] for lo, hi in (d.support for d in dists)],
        }
    return Design(
        name=name,
        base_scenario=scenario,
        scale=float(scale),
        end_year=end_year,
        method=method,
        runs=runs,
        problem=problem,
        spec=normalised,
    )


def load_spec(path: str | Path) -> dict[str, Any]:
    """Read a sweep spec TOML file.

    Raises:
        ParameterError: Missing file or malformed TOML (the message has the line and column).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError(f"sweep spec {str(path)!r} does not exist") from None
    except OSError as e:
        raise ParameterError(f"sweep spec {str(path)!r} cannot be read: {e}") from e
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ParameterError(f"sweep spec {str(path)!r} is not valid TOML: {e}") from e


def load_design(path: str | Path, *, registry: Mapping[str, Any] | None = None) -> Design:
    """Read, validate and build the design of a sweep spec file (``carbonpeak sweep``).

    The name defaults to the file name without ``.toml``; a relative scenario path is relative
    to the spec file's directory.
    """
    path = Path(path)
    return build_design(
        load_spec(path), registry=registry, spec_dir=path.parent, default_name=path.stem
    )


def _stem(scenario: str) -> str:
    return Path(scenario).stem if scenario.endswith(".toml") else scenario


def _registry_uncertainties(registry: Mapping[str, Any] | None) -> dict[str, dict]:
    reg = _Registry.get(registry)
    return {n: {} for n in reg.names("uncertainty")}


def montecarlo_design(
    scenario: str = "plan",
    runs: int = 100,
    seed: int = 0,
    scale: float = 1.0,
    end_year: int = 2060,
    uncertainties: str = "registry",
    *,
    registry: Mapping[str, Any] | None = None,
) -> Design:
    """Design for ``carbonpeak montecarlo``.

    Args:
        scenario: Built-in name or path.
        runs: Number of runs.
        seed: Root seed.
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        uncertainties: ``"registry"``: a Latin hypercube of ``runs`` points over every
            registry parameter of kind ``uncertainty``, each with its registry range and
            distribution (centred on the scenario's value), one replication per sample.
            ``"none"``: the scenario's values, ``runs`` replications (seeds differ only).
        registry: Custom registry (tests).

    Returns:
        The design (method ``lhs``).
    """
    if uncertainties not in ("registry", "none"):
        raise ParameterError(
            f"uncertainties = {uncertainties!r} is not allowed; expected 'registry' or 'none'"
        )
    runs = _int(runs, "runs", 1)
    registry_mode = uncertainties == "registry"
    spec = {
        "name": f"montecarlo-{_stem(str(scenario))}",
        "scenario": scenario,
        "scale": scale,
        "end_year": end_year,
        "seed": seed,
        "replications": 1 if registry_mode else runs,
        "uncertainties": _registry_uncertainties(registry) if registry_mode else {},
        "sampler": {"method": "lhs", "samples": runs if registry_mode else 1},
    }
    return build_design(spec, registry=registry)


def sensitivity_design(
    scenario: str = "plan",
    method: str = "sobol",
    samples: int = 64,
    seed: int = 0,
    scale: float = 1.0,
    end_year: int = 2060,
    *,
    calc_second_order: bool = False,
    num_levels: int = MORRIS_LEVELS,
    registry: Mapping[str, Any] | None = None,
) -> Design:
    """Design for ``carbonpeak sensitivity`` over every registry uncertainty.

    Args:
        scenario: Built-in name or path.
        method: ``"sobol"`` (``samples`` = base N, a power of two) or ``"morris"``
            (``samples`` = trajectories).
        samples: See ``method``.
        seed: Root seed.
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        calc_second_order: Sobol only: sample for second-order indices too.
        num_levels: Morris only: grid levels (even).
        registry: Custom registry (tests).

    Returns:
        The design, with ``problem`` set for SALib's analysis.
    """
    if method not in ("sobol", "morris"):
        raise ParameterError(f"method = {method!r} is not allowed; expected 'sobol' or 'morris'")
    sampler: dict[str, Any] = {"method": method, "samples": samples}
    if method == "sobol":
        sampler["calc_second_order"] = calc_second_order
    else:
        sampler["num_levels"] = num_levels
    spec = {
        "name": f"sensitivity-{method}-{_stem(str(scenario))}",
        "scenario": scenario,
        "scale": scale,
        "end_year": end_year,
        "seed": seed,
        "replications": 1,
        "uncertainties": _registry_uncertainties(registry),
        "sampler": sampler,
    }
    return build_design(spec, registry=registry)
