"""Peak probabilities: the three peak states, P(peaked by Y) and P(plateau or peaked by Y)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from experiments.analysis.common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_HORIZON_END,
    NOT_PEAKED,
    PEAK_STATES,
    PLAN_PEAK_YEAR,
    json_float,
    ok_runs,
    peak_states,
    peak_years,
    plateau_or_peak_years,
    wilson_arrays,
    year_label,
)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    Args:
        successes: Number of successes, ``0 <= successes <= n``.
        n: Number of trials.
        confidence: Two-sided confidence level in (0, 1).

    Returns:
        ``(low, high)``, within [0, 1]; ``(nan, nan)`` when ``n == 0``.

    Raises:
        ValueError: If the counts are negative, ``successes > n`` or the level is out of range.
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"successes={successes!r}, n={n!r}: need 0 <= successes <= n.")
    low, high = wilson_arrays(np.array([successes]), np.array([n]), confidence)
    return float(low[0]), float(high[0])


def _default_years(years: np.ndarray) -> np.ndarray:
    """Every year from the base year (or an earlier peak) to the horizon (or a later peak)."""
    finite = years[np.isfinite(years)]
    first, last = DEFAULT_BASE_YEAR, DEFAULT_HORIZON_END
    if finite.size:
        first = min(first, math.floor(finite.min()))
        last = max(last, math.ceil(finite.max()))
    return np.arange(first, last + 1)


def _cumulative(years: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """How many of ``years`` (NaN: never) fall on or before each year of ``grid``."""
    finite = np.sort(years[np.isfinite(years)])
    return np.searchsorted(finite, grid, side="right")


def peak_probability_by_year(
    runs: pd.DataFrame, years: Iterable[int] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """P(peaked by Y) and P(plateau or peaked by Y) for each year Y, with Wilson intervals.

    Args:
        runs: The runs table.
        years: Years to evaluate; default every year from 2020 (or the earliest peak) to 2060
            (or the latest peak).
        confidence: Level of the intervals.

    Returns:
        Columns ``year, n, p_peaked, p_peaked_low, p_peaked_high, p_plateau_or_peaked,
        p_plateau_or_peaked_low, p_plateau_or_peaked_high, n_failed``; ``n`` counts every
        successful run. Both probabilities are non-decreasing in ``year``.
    """
    ok, n_failed = ok_runs(runs)
    peaked, either = peak_years(ok), plateau_or_peak_years(ok)
    grid = _default_years(either) if years is None else np.asarray(list(years))
    n = np.full(grid.shape, len(ok))
    out = pd.DataFrame({"year": grid.astype(int), "n": n.astype(int)})
    for name, values in (("p_peaked", peaked), ("p_plateau_or_peaked", either)):
        hits = _cumulative(values, grid)
        low, high = wilson_arrays(hits, n, confidence)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[name] = np.where(n > 0, hits / np.maximum(n, 1), np.nan)
        out[f"{name}_low"], out[f"{name}_high"] = low, high
    out["n_failed"] = n_failed
    out.attrs["n_failed"] = n_failed
    return out


def peak_state_table(runs: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """How many runs end in each peak state, with Wilson intervals of the shares.

    Returns:
        Columns ``state, n, share, ci_low, ci_high``, one row per state of ``PEAK_STATES``.
    """
    ok, n_failed = ok_runs(runs)
    states = peak_states(ok)
    counts = np.array([(states == s).sum() for s in PEAK_STATES])
    total = np.full(counts.shape, len(ok))
    low, high = wilson_arrays(counts, total, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, counts / np.maximum(total, 1), np.nan)
    out = pd.DataFrame(
        {"state": PEAK_STATES, "n": counts, "share": share, "ci_low": low, "ci_high": high}
    )
    out.attrs["n_failed"] = n_failed
    return out


def peak_year_distribution(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs per peak year (``peaked`` runs), then one row each for plateau and not peaked.

    Returns:
        Columns ``label`` (a year as text, ``plateau`` or ``not_peaked``), ``state``, ``n`` and
        ``share`` (of every successful run); years ascending. ``attrs`` holds ``n`` and
        ``n_failed``.
    """
    ok, n_failed = ok_runs(runs)
    states, years = peak_states(ok), peak_years(ok)
    values, counts = np.unique(years[np.isfinite(years)], return_counts=True)
    labels = [year_label(v) for v in values] + ["plateau", "not_peaked"]
    row_states = ["peaked"] * len(values) + ["plateau", "not_peaked"]
    counts = np.append(counts, [(states == "plateau").sum(), (states == "not_peaked").sum()])
    n = len(ok)
    out = pd.DataFrame(
        {
            "label": pd.Series(labels, dtype=object),
            "state": pd.Series(row_states, dtype=object),
            "n": counts.astype(int),
            "share": counts / n if n else np.full(counts.shape, np.nan),
        }
    )
    out.attrs.update(n=n, n_failed=n_failed)
    return out


def median_peak_year(runs: pd.DataFrame) -> int | None:
    """The first year by which at least half the runs have peaked (None if half never do)."""
    ok, _ = ok_runs(runs)
    years = np.sort(peak_years(ok))
    if len(ok) == 0:
        return None
    k = math.ceil(len(ok) / 2) - 1  # the ceil(n/2)-th smallest, not-peaked runs last (NaN)
    return None if not np.isfinite(years[k]) else int(years[k])


def peak_probability(
    runs: pd.DataFrame, by_year: int = PLAN_PEAK_YEAR, confidence: float = 0.95
) -> dict[str, Any]:
    """Headline ensemble summary, as printed by ``carbonpeak montecarlo --json``.

    Args:
        runs: The runs table.
        by_year: The year of the question "has it peaked by then?"; the plan's is 2030.
        confidence: Level of the intervals (the keys say ``ci95`` whatever the level).

    Returns:
        A JSON-able dict: ``runs`` (successful runs analysed), ``p_peak_by_<Y>`` = P(peaked by
        Y) and ``p_peak_by_<Y>_ci95``, ``p_plateau_or_peaked_by_<Y>`` and its ``_ci95``,
        ``state_counts`` ({peaked, plateau, not_peaked}), ``peak_year_counts`` (peaked runs by
        year, ascending, then ``plateau`` and ``none`` for not peaked), ``median_peak_year``
        (an int, see ``median_peak_year``, or None) and ``n_failed``.
    """
    ok, n_failed = ok_runs(runs)
    n = len(ok)
    out: dict[str, Any] = {"runs": n}
    for key, years in (
        (f"p_peak_by_{by_year}", peak_years(ok)),
        (f"p_plateau_or_peaked_by_{by_year}", plateau_or_peak_years(ok)),
    ):
        hits = int(np.sum(years <= by_year))  # NaN compares False: not peaked = miss
        low, high = wilson_interval(hits, n, confidence) if n else (math.nan, math.nan)
        out[key] = json_float(hits / n) if n else None
        out[f"{key}_ci95"] = [json_float(low), json_float(high)]
    states = peak_state_table(ok)
    out["state_counts"] = {s: int(c) for s, c in zip(states["state"], states["n"], strict=True)}
    dist = peak_year_distribution(ok)
    counts = {str(label): int(c) for label, c in zip(dist["label"], dist["n"], strict=True)}
    counts[NOT_PEAKED] = counts.pop("not_peaked")
    out["peak_year_counts"] = counts
    out["median_peak_year"] = median_peak_year(ok)
    out["n_failed"] = n_failed
    return out
