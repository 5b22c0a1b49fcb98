"""Probability distributions of a design's factors, each mapping unit-interval points to values.

Each factor's distribution maps its column of the unit hypercube to values through the inverse
CDF (``ppf``, from ``scipy.stats``); :func:`apply_distributions` does every column and rounds
integer factors to the nearest integer (halves away from zero), so the two ends of an integer
range get half the weight of the inner values.

Distributions (all frozen dataclasses with ``ppf``, ``support`` and ``to_dict``):

- ``Uniform(low, high)``
- ``Triangular(low, mode, high)``
- ``Normal(mean, sd, low=None, high=None)``: truncated to ``[low, high]`` when bounds are given.
- ``LogNormal(median, sigma, low=None, high=None)``: ``log(X) ~ Normal(log(median), sigma)``,
  i.e. ``scipy.stats.lognorm(s=sigma, scale=median)``; ``median`` is the 50 % value and
  ``sigma`` the standard deviation of ``log(X)``; truncated to ``[low, high]`` when given.
- ``Choice(values)``: each listed value equally likely; with a grid sampler at
  ``levels = len(values)`` every value appears exactly once.

Invalid arguments raise ``ValueError`` with a one-line message naming the argument, the value
given and what is allowed; the design builder prefixes it with the spec key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np
from scipy import stats


class Distribution(Protocol):
    """What every distribution offers."""

    name: ClassVar[str]

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Map unit-interval points to values (inverse CDF)."""
        ...

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can return."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """JSON-able description that :func:`distribution_from_dict` reads back."""
        ...


def _finite(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ValueError(f"{name} = {value!r} must be a number")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} = {value!r} must be a finite number")
    return value


def _check_bounds(low: float | None, high: float | None) -> None:
    if low is not None and high is not None and not low < high:
        raise ValueError(f"low = {low!r} must be smaller than high = {high!r}")


def _unit(u: Any) -> np.ndarray:
    arr = np.asarray(u, dtype=float)
    if arr.size and (np.nanmin(arr) < 0.0 or np.nanmax(arr) > 1.0):
        raise ValueError("unit-hypercube points must lie in [0, 1]")
    return arr


@dataclass(frozen=True)
class Uniform:
    """Uniform on ``[low, high]``."""

    low: float
    high: float
    name: ClassVar[str] = "uniform"

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", _finite("low", self.low))
        object.__setattr__(self, "high", _finite("high", self.high))
        _check_bounds(self.low, self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF."""
        return stats.uniform(loc=self.low, scale=self.high - self.low).ppf(_unit(u))

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able description."""
        return {"distribution": self.name, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Triangular:
    """Triangular on ``[low, high]`` with its peak at ``mode``."""

    low: float
    mode: float
    high: float
    name: ClassVar[str] = "triangular"

    def __post_init__(self) -> None:
        for field in ("low", "mode", "high"):
            object.__setattr__(self, field, _finite(field, getattr(self, field)))
        _check_bounds(self.low, self.high)
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"mode = {self.mode!r} is outside [low, high] = [{self.low!r}, {self.high!r}]"
            )

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF."""
        width = self.high - self.low
        c = (self.mode - self.low) / width
        return stats.triang(c=c, loc=self.low, scale=width).ppf(_unit(u))

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able description."""
        return {"distribution": self.name, "low": self.low, "mode": self.mode, "high": self.high}


def _truncated_ppf(frozen: Any, u: np.ndarray, low: float | None, high: float | None):
    """Inverse CDF of ``frozen`` restricted to ``[low, high]``."""
    lo_p = 0.0 if low is None else float(frozen.cdf(low))
    hi_p = 1.0 if high is None else float(frozen.cdf(high))
    if not hi_p > lo_p:
        raise ValueError(
            f"[low, high] = [{low!r}, {high!r}] holds no probability mass of this distribution"
        )
    values = frozen.ppf(lo_p + _unit(u) * (hi_p - lo_p))
    lo = -np.inf if low is None else low
    hi = np.inf if high is None else high
    return np.clip(values, lo, hi)  # ppf(cdf(x)) can miss x by a rounding error


def _check_truncation(dist: Any, *shape: str) -> None:
    """Make ``dist``'s shape parameters and optional ``low``/``high`` finite floats (frozen)."""
    for field in shape:
        object.__setattr__(dist, field, _finite(field, getattr(dist, field)))
    for field in ("low", "high"):
        if getattr(dist, field) is not None:
            object.__setattr__(dist, field, _finite(field, getattr(dist, field)))


def _with_bounds(out: dict[str, Any], low: float | None, high: float | None) -> dict[str, Any]:
    """``out`` with ``low``/``high`` added when given."""
    return {
        **out,
        **({} if low is None else {"low": low}),
        **({} if high is None else {"high": high}),
    }


@dataclass(frozen=True)
class Normal:
    """Normal with ``mean`` and standard deviation ``sd``, truncated to ``[low, high]`` if given."""

    mean: float
    sd: float
    low: float | None = None
    high: float | None = None
    name: ClassVar[str] = "normal"

    def __post_init__(self) -> None:
        _check_truncation(self, "mean", "sd")
        if not self.sd > 0:
            raise ValueError(f"sd = {self.sd!r} must be > 0")
        _check_bounds(self.low, self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF (of the truncated distribution when bounded)."""
        return _truncated_ppf(stats.norm(self.mean, self.sd), u, self.low, self.high)

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``; infinite ends when untruncated."""
        return (
            -math.inf if self.low is None else self.low,
            math.inf if self.high is None else self.high,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able description."""
        out = {"distribution": self.name, "mean": self.mean, "sd": self.sd}
        return _with_bounds(out, self.low, self.high)


@dataclass(frozen=True)
class LogNormal:
    """Log-normal: ``log X ~ Normal(log median, sigma)``, truncated to ``[low, high]`` if given."""

    median: float
    sigma: float
    low: float | None = None
    high: float | None = None
    name: ClassVar[str] = "lognormal"

    def __post_init__(self) -> None:
        _check_truncation(self, "median", "sigma")
        if not self.median > 0:
            raise ValueError(f"median = {self.median!r} must be > 0 for a lognormal")
        if not self.sigma > 0:
            raise ValueError(f"sigma = {self.sigma!r} must be > 0")
        if self.high is not None and not self.high > 0:
            raise ValueError(f"high = {self.high!r} must be > 0 for a lognormal")
        _check_bounds(self.low, self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF (of the truncated distribution when bounded)."""
        frozen = stats.lognorm(s=self.sigma, scale=self.median)
        low = None if self.low is None or self.low <= 0 else self.low
        return _truncated_ppf(frozen, u, low, self.high)

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``; ``(0, inf)`` when untruncated."""
        return (
            0.0 if self.low is None else max(self.low, 0.0),
            math.inf if self.high is None else self.high,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able description."""
        out = {"distribution": self.name, "median": self.median, "sigma": self.sigma}
        return _with_bounds(out, self.low, self.high)


@dataclass(frozen=True)
class Choice:
    """Discrete uniform over ``values`` (numbers): ``[0, 1)`` cut into ``len(values)`` bins."""

    values: tuple[float, ...]
    name: ClassVar[str] = "choice"

    def __post_init__(self) -> None:
        if isinstance(self.values, str | bytes) or not isinstance(self.values, Sequence):
            raise ValueError(f"values = {self.values!r} must be a non-empty list of numbers")
        values = tuple(_finite(f"values[{i}]", v) for i, v in enumerate(self.values))
        if not values:
            raise ValueError("values = [] must be a non-empty list of numbers")
        if len(set(values)) != len(values):
            raise ValueError(f"values = {list(values)!r} must not repeat a value")
        object.__setattr__(self, "values", values)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Value of the bin each point falls in (``u = 1`` falls in the last bin)."""
        k = len(self.values)
        idx = np.clip(np.floor(_unit(u) * k).astype(int), 0, k - 1)
        return np.asarray(self.values, dtype=float)[idx]

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest value."""
        return (min(self.values), max(self.values))

    def to_dict(self) -> dict[str, Any]:
        """JSON-able description (the spec writes it as ``values = [...]``)."""
        return {"values": list(self.values)}


DISTRIBUTIONS: dict[str, type] = {
    "uniform": Uniform,
    "triangular": Triangular,
    "normal": Normal,
    "lognormal": LogNormal,
}
"""Continuous distributions by spec name; ``Choice`` is written as ``values = [...]``."""

DISTRIBUTION_ARGS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd", "low", "high"),
    "lognormal": ("median", "sigma", "low", "high"),
}
"""The keyword arguments each distribution takes, in order."""


def make_distribution(name: str, **params: Any) -> Distribution:
    """Build a distribution by its spec name.

    Args:
        name: ``"uniform"``, ``"triangular"``, ``"normal"`` or ``"lognormal"``.
        **params: its arguments, see :data:`DISTRIBUTION_ARGS`.

    Returns:
        The distribution.

    Raises:
        ValueError: unknown name, missing or unexpected argument, or invalid value.
    """
    if name not in DISTRIBUTIONS:
        raise ValueError(f"distribution = {name!r} is unknown; allowed: {', '.join(DISTRIBUTIONS)}")
    allowed = DISTRIBUTION_ARGS[name]
    extra = [k for k in params if k not in allowed]
    if extra:
        raise ValueError(
            f"{extra[0]} = {params[extra[0]]!r} is not used by distribution {name!r}"
            f" (it takes: {', '.join(allowed)})"
        )
    required = [k for k in allowed if k not in ("low", "high") or name in ("uniform", "triangular")]
    missing = [k for k in required if k not in params]
    if missing:
        raise ValueError(f"distribution {name!r} needs {', '.join(missing)}")
    return DISTRIBUTIONS[name](**params)


def distribution_from_dict(data: Mapping[str, Any]) -> Distribution:
    """Inverse of ``Distribution.to_dict``."""
    data = dict(data)
    if "values" in data:
        if len(data) != 1:
            other = next(k for k in data if k != "values")
            raise ValueError(f"{other} = {data[other]!r} cannot be combined with values")
        return Choice(data["values"])
    name = data.pop("distribution", "uniform")
    return make_distribution(name, **data)


def apply_distributions(
    unit: np.ndarray,
    distributions: Sequence[Distribution],
    integer: Sequence[bool] | None = None,
) -> np.ndarray:
    """Map a unit-hypercube matrix to values, column by column.

    Args:
        unit: ``(n, d)`` points in ``[0, 1]``.
        distributions: one per column.
        integer: per column, whether to round to the nearest integer (halves away from zero).

    Returns:
        ``(n, d)`` float array of values (integer columns hold whole numbers).
    """
    unit = _unit(unit)
    if unit.ndim != 2 or unit.shape[1] != len(distributions):
        raise ValueError(
            f"unit matrix of shape {unit.shape} does not match {len(distributions)} distributions"
        )
    out = np.empty_like(unit, dtype=float)
    for j, dist in enumerate(distributions):
        column = np.asarray(dist.ppf(unit[:, j]), dtype=float)
        if integer is not None and integer[j]:
            column = np.sign(column) * np.floor(np.abs(column) + 0.5)
        out[:, j] = column
    return out
