"""Peak probabilities: P(peaked by each year) with Wilson intervals, peak-year counts."""

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
    PLAN_PEAK_YEAR,
    json_float,
    ok_runs,
    peak_years,
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


def peak_probability_by_year(
    runs: pd.DataFrame, years: Iterable[int] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """Probability that emissions have peaked by each year, with Wilson intervals.

    Args:
        runs: The runs table.
        years: Years to evaluate; default every year from 2020 (or the earliest peak) to 2060
            (or the latest peak).
        confidence: Level of the interval.

    Returns:
        Columns ``year, p_peak, ci_low, ci_high, n, n_failed`` where ``p_peak`` is the share of
        successful runs with ``peaked`` and ``peak_year <= year``; ``n`` is the number of
        successful runs, ``n_failed`` the number left out. Non-decreasing in ``year``.
    """
    ok, n_failed = ok_runs(runs)
    peaks = peak_years(ok)
    year_grid = _default_years(peaks) if years is None else np.asarray(list(years))
    finite = np.sort(peaks[np.isfinite(peaks)])
    successes = np.searchsorted(finite, year_grid, side="right")
    n = np.full(year_grid.shape, len(ok))
    low, high = wilson_arrays(successes, n, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, successes / np.maximum(n, 1), np.nan)
    out = pd.DataFrame(
        {
            "year": year_grid.astype(int),
            "p_peak": p,
            "ci_low": low,
            "ci_high": high,
            "n": n.astype(int),
            "n_failed": n_failed,
        }
    )
    out.attrs["n_failed"] = n_failed
    return out


def peak_year_distribution(runs: pd.DataFrame) -> pd.DataFrame:
    """Count of successful runs per peak year, not-peaked runs under "none".

    Args:
        runs: The runs table.

    Returns:
        Columns ``peak_year`` (str year or "none", years ascending, "none" last), ``count`` and
        ``share`` (of successful runs). ``attrs`` holds ``n`` and ``n_failed``.
    """
    ok, n_failed = ok_runs(runs)
    years = peak_years(ok)
    finite = years[np.isfinite(years)]
    values, counts = np.unique(finite, return_counts=True)
    labels = [year_label(v) for v in values]
    n_none = int(np.isnan(years).sum())
    if n_none:
        labels.append(NOT_PEAKED)
        counts = np.append(counts, n_none)
    counts = np.asarray(counts, dtype=int)
    n = len(ok)
    out = pd.DataFrame(
        {
            "peak_year": pd.Series(labels, dtype=object),
            "count": counts,
            "share": counts / n if n else np.full(counts.shape, np.nan),
        }
    )
    out.attrs.update(n=n, n_failed=n_failed)
    return out


def peak_probability(
    runs: pd.DataFrame, by_year: int = PLAN_PEAK_YEAR, confidence: float = 0.95
) -> dict[str, Any]:
    """Headline ensemble summary, as printed by ``carbonpeak montecarlo --json``.

    Args:
        runs: The runs table.
        by_year: The year of the question "has it peaked by then?"; the plan's is 2030.
        confidence: Level of the interval (the key says ``ci95`` whatever the level, to keep the
            documented name; change the level only if you rename downstream).

    Returns:
        A JSON-able dict with keys ``runs`` (successful runs analysed), ``p_peak_by_<by_year>``
        (None when there is no successful run), ``p_peak_by_<by_year>_ci95`` ([low, high]),
        ``peak_year_counts`` ({"2027": 3, ..., "none": 2}, years ascending, "none" last),
        ``median_peak_year`` and ``n_failed``. The median is taken over all successful runs
        with a not-peaked run counted as +infinity (the usual median: the mean of the two
        middle runs when their number is even); it is None when that median is not finite,
        i.e. when at least half the runs have not peaked.
    """
    ok, n_failed = ok_runs(runs)
    years = peak_years(ok)
    n = len(ok)
    successes = int(np.sum(years <= by_year))  # NaN compares False: not peaked = miss
    low, high = wilson_interval(successes, n, confidence) if n else (math.nan, math.nan)
    dist = peak_year_distribution(ok)
    median = np.median(np.where(np.isnan(years), np.inf, years)) if n else math.nan
    key = f"p_peak_by_{by_year}"
    return {
        "runs": n,
        key: json_float(successes / n) if n else None,
        f"{key}_ci95": [json_float(low), json_float(high)],
        "peak_year_counts": {
            str(label): int(count)
            for label, count in zip(dist["peak_year"], dist["count"], strict=True)
        },
        "median_peak_year": json_float(median),
        "n_failed": n_failed,
    }
