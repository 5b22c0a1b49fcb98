"""The policy map: P(peak by a year) over the grid of two levers."""

from __future__ import annotations

import pandas as pd

from experiments.analysis.common import (
    PLAN_PEAK_YEAR,
    ok_runs,
    peak_years,
    require_columns,
    wilson_arrays,
)


def policy_map_long(
    runs: pd.DataFrame,
    lever_x: str,
    lever_y: str,
    by_year: int = PLAN_PEAK_YEAR,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """P(peak <= by_year) for every combination of two levers, tidy.

    Args:
        runs: The runs table.
        lever_x: Lever on the horizontal axis.
        lever_y: Lever on the vertical axis.
        by_year: The peak-by year.
        confidence: Level of the Wilson intervals.

    Returns:
        Columns ``<lever_x>, <lever_y>`` (named after the levers), ``p, ci_low, ci_high, n`` and
        ``n_failed`` (failed runs of that combination), sorted by the levers.
    """
    require_columns(runs, [lever_x, lever_y, "peak_year"], "runs")
    if lever_x == lever_y:
        raise ValueError(f"lever_x and lever_y are both {lever_x!r}; pick two levers.")
    ok, _ = ok_runs(runs)
    hit = pd.Series(peak_years(ok) <= by_year, index=ok.index)
    grouped = hit.groupby([ok[lever_x], ok[lever_y]], sort=True)
    out = grouped.agg(k="sum", n="count").reset_index()
    low, high = wilson_arrays(out["k"].to_numpy(), out["n"].to_numpy(), confidence)
    out["p"] = out["k"] / out["n"]
    out["ci_low"], out["ci_high"] = low, high
    total = runs.groupby([runs[lever_x], runs[lever_y]]).size()
    keys = pd.MultiIndex.from_frame(out[[lever_x, lever_y]])
    out["n_failed"] = (total.reindex(keys).to_numpy() - out["n"].to_numpy()).astype(int)
    out = out[[lever_x, lever_y, "p", "ci_low", "ci_high", "n", "n_failed"]]
    out.attrs["n_failed"] = len(runs) - len(ok)
    return out


def policy_map(
    runs: pd.DataFrame, lever_x: str, lever_y: str, by_year: int = PLAN_PEAK_YEAR
) -> pd.DataFrame:
    """P(peak <= by_year) as a grid: index = ``lever_y`` values, columns = ``lever_x`` values.

    Args:
        runs: The runs table.
        lever_x: Lever on the horizontal axis (columns, ascending).
        lever_y: Lever on the vertical axis (index, ascending).
        by_year: The peak-by year.

    Returns:
        The pivot table; NaN where a combination has no successful run.
    """
    long = policy_map_long(runs, lever_x, lever_y, by_year)
    grid = long.pivot(index=lever_y, columns=lever_x, values="p").sort_index().sort_index(axis=1)
    grid.attrs["n_failed"] = long.attrs["n_failed"]
    return grid
