"""Samplers of the unit hypercube: grid, Latin hypercube, Saltelli (Sobol') and Morris.

A *sampler* draws points in ``[0, 1]^d``, one column per factor: :func:`grid` (cartesian product
of evenly spaced levels), :func:`lhs` (Latin hypercube, ``scipy.stats.qmc.LatinHypercube``),
:func:`sobol` (Saltelli's scheme, ``SALib.sample.sobol.sample``) and :func:`morris`
(elementary-effect trajectories, ``SALib.sample.morris.sample``). The SALib samplers keep
SALib's row order, which their analyses rely on. The factors' distributions then map the points
to values (`experiments.design.distributions`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.stats import qmc

SAMPLERS = ("grid", "lhs", "sobol", "morris")
"""Sampler names a spec's ``[sampler] method`` accepts."""


def _positive_int(name: str, value: Any, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} = {value!r} must be an integer >= {minimum}")
    return int(value)


def is_power_of_two(n: int) -> bool:
    """Whether ``n`` is 1, 2, 4, 8, …."""
    return n >= 1 and n & (n - 1) == 0


def cartesian(value_lists: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Cartesian product of value lists; the last list varies fastest.

    An empty sequence of lists gives one empty point ``[()]``.
    """
    return list(itertools.product(*value_lists))


def grid(levels: Sequence[int]) -> np.ndarray:
    """Full-factorial grid in the unit hypercube.

    Column ``j`` takes ``levels[j]`` evenly spaced values from 0 to 1 inclusive (a single level
    sits at 0.5); rows are the cartesian product, last column fastest.

    Args:
        levels: number of levels per dimension (each >= 1).

    Returns:
        ``(prod(levels), len(levels))`` array.
    """
    axes = []
    for j, k in enumerate(levels):
        k = _positive_int(f"levels[{j}]", k)
        axes.append(np.array([0.5]) if k == 1 else np.linspace(0.0, 1.0, k))
    if not axes:
        return np.empty((1, 0))
    return np.array(cartesian(axes), dtype=float).reshape(-1, len(axes))


def lhs(d: int, n: int, rng: np.random.Generator | int | None) -> np.ndarray:
    """Latin hypercube: each dimension has exactly one point in each of its ``n`` strata.

    Args:
        d: number of dimensions.
        n: number of points.
        rng: seed or generator for ``scipy.stats.qmc.LatinHypercube``.

    Returns:
        ``(n, d)`` array in ``[0, 1)``.
    """
    d = _positive_int("d", d)
    n = _positive_int("samples", n)
    return qmc.LatinHypercube(d=d, rng=np.random.default_rng(rng)).random(n)


def unit_problem(d: int, names: Sequence[str] | None = None) -> dict[str, Any]:
    """SALib problem on the unit hypercube (``bounds = [[0, 1]] * d``)."""
    names = list(names) if names is not None else [f"x{i}" for i in range(d)]
    if len(names) != d:
        raise ValueError(f"names has {len(names)} entries, expected d = {d}")
    return {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}


def sobol(
    d: int,
    n: int,
    rng: np.random.Generator | int | None,
    *,
    calc_second_order: bool = False,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Saltelli's sampling scheme for Sobol' indices, in SALib's row order.

    Args:
        d: number of factors.
        n: base sample size ``N``, a power of two.
        rng: seed or generator for the scrambled Sobol' sequence.
        calc_second_order: also sample for second-order indices.
        names: factor names (only passed on to SALib).

    Returns:
        ``(N * (d + 2), d)`` array, or ``(N * (2d + 2), d)`` with second order.
    """
    d = _positive_int("d", d)
    n = _positive_int("samples", n)
    if not is_power_of_two(n):
        raise ValueError(f"samples = {n} must be a power of two for sobol (e.g. 64, 128, 256)")
    from SALib.sample import sobol as salib_sobol

    out = salib_sobol.sample(
        unit_problem(d, names),
        n,
        calc_second_order=calc_second_order,
        seed=np.random.default_rng(rng),
    )
    return np.clip(out, 0.0, 1.0)


def morris(
    d: int,
    n: int,
    rng: np.random.Generator | int | None,
    *,
    num_levels: int = 4,
    names: Sequence[str] | None = None,
) -> np.ndarray:
    """Morris elementary-effect trajectories, in SALib's row order.

    Args:
        d: number of factors.
        n: number of trajectories (>= 2).
        rng: seed or generator.
        num_levels: grid levels per factor, even (SALib's default is 4).
        names: factor names (only passed on to SALib).

    Returns:
        ``(n * (d + 1), d)`` array on the grid ``{0, 1/(p-1), …, 1}``.
    """
    d = _positive_int("d", d)
    n = _positive_int("samples", n, minimum=2)
    num_levels = _positive_int("num_levels", num_levels, minimum=2)
    if num_levels % 2:
        raise ValueError(f"num_levels = {num_levels} must be even (e.g. 4, 6, 8)")
    from SALib.sample import morris as salib_morris

    return salib_morris.sample(
        unit_problem(d, names), n, num_levels=num_levels, seed=np.random.default_rng(rng)
    )
