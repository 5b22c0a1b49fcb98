"""Sensitivity indices with SALib: Sobol (first order, total) and Morris elementary effects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol
from SALib.util import extract_group_names

from experiments.analysis.common import DEFAULT_HORIZON_END, ok_runs, peak_years, require_columns


def salib_problem(problem: Mapping[str, Any]) -> dict[str, Any]:
    """Copy of a SALib problem with ``num_vars`` filled in (SALib mutates what it is given)."""
    if "names" not in problem:
        raise ValueError(f"SALib problem needs 'names'; got keys {sorted(problem)}.")
    out = dict(problem)
    out.setdefault("num_vars", len(out["names"]))
    return out


def _salib_seed(seed: int) -> int:
    """Map any int seed to a positive one.

    SALib's Sobol analysis treats a falsy seed (0) as "unseeded" and draws its bootstrap from
    NumPy's global state, which would make ``seed=0`` irreproducible; hashing the seed through
    ``SeedSequence`` keeps distinct seeds distinct and never yields 0.
    """
    return int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1


def _check_outcome(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float).ravel()
    bad = int((~np.isfinite(y)).sum())
    if bad:
        raise ValueError(
            f"{bad} of {y.size} outcome values are not finite; substitute a finite value "
            "(for peak year use peak_year_outcome, which puts horizon + 1 for not peaked)."
        )
    return y


def sobol_indices(
    problem: Mapping[str, Any],
    y: np.ndarray,
    calc_second_order: bool = False,
    num_resamples: int = 1000,
    conf_level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """First-order and total Sobol indices with bootstrap intervals (SALib).

    Args:
        problem: The SALib problem (``names``, ``bounds``, optional ``groups``).
        y: Finite outcomes in the order of the SALib Saltelli/Sobol sample (the engine keeps
            that order via ``sample_id``). For the peak year, not-peaked runs have no year:
            use ``peak_year_outcome``, which substitutes horizon + 1, the earliest year a run
            that has not peaked could still peak.
        calc_second_order: Must match the sampler's setting.
        num_resamples: Bootstrap resamples for the intervals.
        conf_level: Level of the intervals.
        seed: Seed of the bootstrap.

    Returns:
        Columns ``parameter, S1, S1_conf, ST, ST_conf`` (one row per group if groups are
        defined); ``*_conf`` are half-widths. If ``y`` is constant the indices are undefined
        (0/0) and returned as NaN.

    Raises:
        ValueError: If ``y`` has non-finite values or its length does not fit the sample.
    """
    prob = salib_problem(problem)
    y = _check_outcome(y)
    names, n_groups = extract_group_names(prob)
    block = 2 * n_groups + 2 if calc_second_order else n_groups + 2
    if y.size == 0 or y.size % block:
        raise ValueError(
            f"len(y)={y.size} is not a multiple of {block} (= {'2D' if calc_second_order else 'D'}"
            f" + 2 for D={n_groups}); check calc_second_order and that no sample is missing."
        )
    if np.ptp(y) == 0.0:
        nan = np.full(n_groups, np.nan)
        columns = {"S1": nan, "S1_conf": nan, "ST": nan, "ST_conf": nan}
        return pd.DataFrame({"parameter": names, **columns})
    si = salib_sobol.analyze(
        prob,
        y,
        calc_second_order=calc_second_order,
        num_resamples=num_resamples,
        conf_level=conf_level,
        print_to_console=False,
        seed=_salib_seed(seed),
    )
    return pd.DataFrame(
        {
            "parameter": names,
            "S1": np.asarray(si["S1"], dtype=float),
            "S1_conf": np.asarray(si["S1_conf"], dtype=float),
            "ST": np.asarray(si["ST"], dtype=float),
            "ST_conf": np.asarray(si["ST_conf"], dtype=float),
        }
    )


def morris_indices(
    problem: Mapping[str, Any],
    x: np.ndarray,
    y: np.ndarray,
    num_resamples: int = 1000,
    conf_level: float = 0.95,
    seed: int = 0,
    num_levels: int = 4,
) -> pd.DataFrame:
    """Morris elementary-effect screening (SALib).

    Args:
        problem: The SALib problem.
        x: The Morris sample matrix actually run (rows in trajectory order).
        y: Finite outcomes, one per row of ``x`` (see ``sobol_indices`` for peak year).
        num_resamples: Bootstrap resamples for ``mu_star_conf``.
        conf_level: Level of the interval.
        seed: Seed of the bootstrap.
        num_levels: Grid levels; must equal the sampler's (SALib's default is 4).

    Returns:
        Columns ``parameter, mu, mu_star, sigma, mu_star_conf``.
    """
    prob = salib_problem(problem)
    y = _check_outcome(y)
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[0] != y.size:
        raise ValueError(f"x has shape {x.shape}; need one row per outcome ({y.size} rows).")
    si = salib_morris.analyze(
        prob,
        x,
        y,
        num_resamples=num_resamples,
        conf_level=conf_level,
        print_to_console=False,
        num_levels=num_levels,
        seed=seed,
    )
    return pd.DataFrame(
        {
            "parameter": list(si["names"]),
            "mu": np.asarray(si["mu"], dtype=float),
            "mu_star": np.asarray(si["mu_star"], dtype=float),
            "sigma": np.asarray(si["sigma"], dtype=float),
            "mu_star_conf": np.asarray(si["mu_star_conf"], dtype=float),
        }
    )


def _single_point(ok: pd.DataFrame) -> None:
    if "point_id" in ok.columns and ok["point_id"].nunique() > 1:
        raise ValueError(
            f"runs hold {ok['point_id'].nunique()} lever points; per-sample outcomes would mix "
            "them. Select one point_id first."
        )


def outcome_by_sample(
    runs: pd.DataFrame, outcome: str, horizon_end: int = DEFAULT_HORIZON_END
) -> pd.Series:
    """Mean of an outcome over replications, per ``sample_id`` (successful runs only).

    Args:
        runs: The runs table of one lever point.
        outcome: A runs column; for ``peak_year`` a not-peaked run scores ``horizon_end + 1``.
        horizon_end: Last simulated year.

    Returns:
        A float Series indexed by ``sample_id``, ascending.
    """
    ok, _ = ok_runs(runs)
    require_columns(ok, ["sample_id", outcome], "runs")
    _single_point(ok)
    if outcome == "peak_year":
        values = np.nan_to_num(peak_years(ok), nan=horizon_end + 1.0)
    else:
        values = pd.to_numeric(ok[outcome], errors="coerce").to_numpy(dtype=float)
    return pd.Series(values, index=ok["sample_id"].to_numpy()).groupby(level=0).mean().sort_index()


def peak_year_outcome(runs: pd.DataFrame, horizon_end: int = DEFAULT_HORIZON_END) -> np.ndarray:
    """Peak year per sample for sensitivity analysis, not peaked -> ``horizon_end + 1``.

    Args:
        runs: The runs table of one lever point.
        horizon_end: Last simulated year.

    Returns:
        Mean over replications per ``sample_id``, sorted by ``sample_id``.
    """
    return outcome_by_sample(runs, "peak_year", horizon_end).to_numpy()


def sample_matrix(runs: pd.DataFrame, names: Sequence[str]) -> np.ndarray:
    """The input sample, one row per ``sample_id`` (ascending), columns in ``names`` order.

    Args:
        runs: The runs table of one lever point (successful runs are used).
        names: Parameter columns, e.g. the SALib problem's ``names``.

    Returns:
        A float matrix aligned with ``outcome_by_sample``.
    """
    ok, _ = ok_runs(runs)
    require_columns(ok, ["sample_id", *names], "runs")
    _single_point(ok)
    first = ok.sort_values(["sample_id"]).groupby("sample_id", sort=True)[list(names)].first()
    return first.to_numpy(dtype=float)


def sobol_layout_ok(x: np.ndarray, n_groups: int, second_order: bool) -> bool:
    """Whether ``x`` has the Saltelli block layout (A, AB_1..AB_D, [BA_1..BA_D,] B).

    Checks that in every block the first column of AB_1 equals that of B (the first column
    always belongs to the first group).
    """
    block = 2 * n_groups + 2 if second_order else n_groups + 2
    if x.shape[0] == 0 or x.shape[0] % block:
        return False
    blocks = x.reshape(-1, block, x.shape[1])
    return bool(np.array_equal(blocks[:, 1, 0], blocks[:, -1, 0]))
