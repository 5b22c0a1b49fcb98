"""Analyses of an ensemble of model runs: peak probabilities, bands, wedges, sensitivity, PRIM.

Every function here is a pure function of tidy tables written by the experiment engine:

- ``runs``: one row per run with ``run_id``, ``status`` ("ok" or "error"), ``point_id``,
  ``sample_id``, ``replication``, ``seed``, one column per lever or uncertainty, and the summary
  outputs ``peak_year`` (NaN when the run has not peaked), ``peaked``, ``peak_emissions_mt``,
  ``cumulative_co2_mt``, ``emissions_2030_mt`` and ``fiscal_cost_myuan``.
- ``yearly``: long form, ``run_id``, ``year`` and series columns such as ``co2_mt``.

Conventions shared by every function:

- Runs whose ``status`` is not "ok" are left out of every statistic, and the number left out is
  reported (an ``n_failed`` column, key or ``DataFrame.attrs["n_failed"]``).
- A run that has not peaked (design section 3: the maximum must lie at least five years before
  the horizon and stay unbeaten) counts as "not peaked by Y" for every year Y. It is never
  dropped from a probability or a count.
- Binomial proportions carry Wilson score intervals; means carry Student-t intervals.

``write_analyses`` reads a result store and writes all applicable analyses as CSV/JSON files.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.dataset as pads
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol
from SALib.util import extract_group_names
from scipy import stats

__all__ = [
    "DEFAULT_BASE_YEAR",
    "DEFAULT_HORIZON_END",
    "SENSITIVITY_OUTCOMES",
    "PrimResult",
    "emission_bands",
    "emission_bands_from_parquet",
    "lever_wedges",
    "load_yearly",
    "morris_indices",
    "ok_runs",
    "outcome_by_sample",
    "peak_probability",
    "peak_probability_by_year",
    "peak_year_distribution",
    "peak_year_outcome",
    "policy_map",
    "policy_map_long",
    "prim_boxes",
    "sample_matrix",
    "sobol_indices",
    "wedges_by_year",
    "wilson_interval",
    "write_analyses",
]

# Design section 3: model time 0 is 2020, the plan's reference year.
DEFAULT_BASE_YEAR = 2020
# Design section 3: default horizon 2060, China's carbon-neutrality year.
DEFAULT_HORIZON_END = 2060
# The plan (白政发〔2023〕5号) asks for a peak before 2030.
PLAN_PEAK_YEAR = 2030
# Design section 5: Sobol and Morris are run on peak year, peak level and cumulative emissions.
SENSITIVITY_OUTCOMES = ("peak_year", "peak_emissions_mt", "cumulative_co2_mt")

# Columns the engine writes for bookkeeping; never treated as model inputs.
_ID_COLUMNS = ("run_id", "status", "point_id", "sample_id", "replication", "seed")
# Label used for runs that have not peaked in counts keyed by peak year.
_NOT_PEAKED = "none"


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _require_columns(df: pd.DataFrame | Sequence[str], columns: Iterable[str], what: str) -> None:
    """Raise ValueError naming the columns missing from ``df`` (a table or its column names)."""
    available = list(df.columns) if isinstance(df, pd.DataFrame) else list(df)
    missing = [c for c in columns if c not in available]
    if missing:
        raise ValueError(
            f"{what} is missing column(s) {missing}; it has {available}. "
            "Pass the runs/yearly tables written by the experiment engine."
        )


def ok_runs(runs: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Keep the successful runs.

    Args:
        runs: The runs table. Without a ``status`` column every run counts as successful.

    Returns:
        The rows with ``status == "ok"`` (a copy) and the number of rows left out.
    """
    if "status" not in runs.columns:
        return runs.copy(), 0
    mask = runs["status"].astype("string").eq("ok").fillna(False).to_numpy(dtype=bool)
    return runs.loc[mask].copy(), int((~mask).sum())


def _as_bool(series: pd.Series) -> np.ndarray:
    """Convert a bool-like column (possibly with missing values) to a bool array, NA -> False."""
    return series.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _peak_years(runs: pd.DataFrame) -> np.ndarray:
    """Return the peak year of each run as float, NaN for every run that has not peaked.

    A run counts as peaked only if ``peaked`` is true *and* ``peak_year`` is a number; an
    inconsistent row (one without the other) is treated as not peaked, the conservative reading.
    """
    _require_columns(runs, ["peak_year"], "runs")
    years = pd.to_numeric(runs["peak_year"], errors="coerce").astype(float).to_numpy()
    if "peaked" in runs.columns:
        years = np.where(_as_bool(runs["peaked"]), years, np.nan)
    return years


def _wilson_arrays(
    successes: np.ndarray, n: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson score interval; NaN where ``n == 0``."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence={confidence!r} must lie strictly between 0 and 1.")
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(0.5 + confidence / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1.0 + z**2 / n
        centre = (p + z**2 / (2.0 * n)) / denom
        half = z / denom * np.sqrt(p * (1.0 - p) / n + z**2 / (4.0 * n**2))
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    # At k == 0 (k == n) the exact lower (upper) bound is 0 (1); remove rounding residue.
    low = np.where(k == 0, 0.0, low)
    high = np.where(k == n, 1.0, high)
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def _mean_ci(
    mean: np.ndarray, std: np.ndarray, count: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval for a mean from its sample std (ddof=1) and count; NaN if count < 2."""
    count = np.asarray(count, dtype=float)
    dof = np.where(count >= 2, count - 1, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = stats.t.ppf(0.5 + confidence / 2.0, dof) * np.asarray(std) / np.sqrt(count)
    return np.asarray(mean) - half, np.asarray(mean) + half


def _year_label(year: float) -> str:
    """Label a peak year for count tables: "2028" for 2028.0, "none" for NaN."""
    if not np.isfinite(year):
        return _NOT_PEAKED
    return str(int(year)) if float(year).is_integer() else str(float(year))


def _json_float(value: float) -> float | None:
    """Return a JSON-safe float: None for NaN or infinity."""
    value = float(value)
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------------------------
# Peak probabilities
# --------------------------------------------------------------------------------------------


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
    low, high = _wilson_arrays(np.array([successes]), np.array([n]), confidence)
    return float(low[0]), float(high[0])


def _default_years(peak_years: np.ndarray) -> np.ndarray:
    """Every year from the base year (or an earlier peak) to the horizon (or a later peak)."""
    finite = peak_years[np.isfinite(peak_years)]
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
    peak_years = _peak_years(ok)
    year_grid = _default_years(peak_years) if years is None else np.asarray(list(years))
    finite = np.sort(peak_years[np.isfinite(peak_years)])
    successes = np.searchsorted(finite, year_grid, side="right")
    n = np.full(year_grid.shape, len(ok))
    low, high = _wilson_arrays(successes, n, confidence)
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
    years = _peak_years(ok)
    finite = years[np.isfinite(years)]
    values, counts = np.unique(finite, return_counts=True)
    labels = [_year_label(v) for v in values]
    n_none = int(np.isnan(years).sum())
    if n_none:
        labels.append(_NOT_PEAKED)
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
    years = _peak_years(ok)
    n = len(ok)
    successes = int(np.sum(years <= by_year))  # NaN compares False: not peaked = miss
    low, high = wilson_interval(successes, n, confidence) if n else (math.nan, math.nan)
    dist = peak_year_distribution(ok)
    median = np.median(np.where(np.isnan(years), np.inf, years)) if n else math.nan
    key = f"p_peak_by_{by_year}"
    return {
        "runs": n,
        key: _json_float(successes / n) if n else None,
        f"{key}_ci95": [_json_float(low), _json_float(high)],
        "peak_year_counts": {
            str(label): int(count)
            for label, count in zip(dist["peak_year"], dist["count"], strict=True)
        },
        "median_peak_year": _json_float(median),
        "n_failed": n_failed,
    }


# --------------------------------------------------------------------------------------------
# Emission bands (fan charts)
# --------------------------------------------------------------------------------------------


def _quantile_name(q: float) -> str:
    """Column name for a quantile: 0.05 -> "q05", 0.5 -> "q50", 0.025 -> "q2_5"."""
    pct = round(q * 100.0, 10)
    if float(pct).is_integer():
        return f"q{int(pct):02d}"
    return "q" + f"{pct:g}".replace(".", "_")


def _check_quantiles(quantiles: Sequence[float]) -> list[float]:
    qs = sorted(float(q) for q in quantiles)
    if not qs or any(not 0.0 <= q <= 1.0 for q in qs) or len(set(qs)) != len(qs):
        raise ValueError(
            f"quantiles={list(quantiles)!r}: need distinct values in [0, 1], "
            "e.g. (0.05, 0.5, 0.95)."
        )
    return qs


def emission_bands(
    yearly: pd.DataFrame,
    column: str = "co2_mt",
    quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
    run_ids: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Across-run quantiles and mean of one yearly series, for fan charts.

    Args:
        yearly: Long yearly table with ``year`` and ``column`` (and ``run_id`` if ``run_ids``).
        column: The series, e.g. ``co2_mt``.
        quantiles: Quantile levels; returned in ascending order.
        run_ids: Restrict to these runs (pass the successful runs' ids to leave failed runs out).

    Returns:
        One row per year: ``year``, one column per quantile (``q05``, ``q25``, ``q50``, ...,
        linear interpolation between order statistics), ``mean`` and ``n`` (runs with a value).
        Missing values are skipped.
    """
    qs = _check_quantiles(quantiles)
    needed = ["year", column] + (["run_id"] if run_ids is not None else [])
    _require_columns(yearly, needed, "yearly")
    data = yearly
    if run_ids is not None:
        data = yearly.loc[yearly["run_id"].isin(list(run_ids))]
    names = [_quantile_name(q) for q in qs]
    if data.empty:
        return pd.DataFrame(columns=["year", *names, "mean", "n"])
    values = pd.to_numeric(data[column], errors="coerce").astype(float)
    grouped = values.groupby(data["year"].to_numpy())
    bands = grouped.quantile(qs).unstack()
    bands.columns = names
    bands["mean"] = grouped.mean()
    bands["n"] = grouped.count().astype(int)
    bands.index.name = "year"
    return bands.reset_index()


def load_yearly(
    path_or_dir: str | Path,
    columns: Sequence[str],
    run_ids: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Read selected columns of a yearly Parquet file or directory of Parquet files.

    Only ``columns`` (plus ``run_id`` when filtering) are read from disk, and the ``run_ids``
    filter is pushed down to the scan, so a 10,000-run ensemble costs one column's memory.

    Args:
        path_or_dir: A Parquet file or a directory readable by ``pyarrow.dataset.dataset``.
        columns: Columns to read.
        run_ids: Keep only these runs.

    Returns:
        A DataFrame with the requested columns.
    """
    dataset = pads.dataset(str(path_or_dir), format="parquet")
    cols = list(dict.fromkeys(columns))
    _require_columns(dataset.schema.names, cols, f"yearly data {path_or_dir}")
    filt = None
    if run_ids is not None:
        ids = list(run_ids)
        filt = pc.field("run_id").isin(ids)
    table = dataset.to_table(columns=cols, filter=filt)
    return table.to_pandas()


def emission_bands_from_parquet(
    path_or_dir: str | Path,
    column: str = "co2_mt",
    quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
    run_ids: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """``emission_bands`` straight from Parquet, reading only ``year`` and ``column``.

    Exact quantiles need every run's value of the series in each year, so this keeps one
    column of the ensemble in memory (10,000 runs x 41 years is 410,000 floats, about 3 MB) and
    leaves every other series on disk. The ``run_ids`` filter (e.g. the successful runs) is
    applied during the scan.

    Args:
        path_or_dir: Yearly Parquet file or directory.
        column: The series.
        quantiles: Quantile levels.
        run_ids: Restrict to these runs.

    Returns:
        The same table as ``emission_bands``.
    """
    columns = ["year", column] + (["run_id"] if run_ids is not None else [])
    ids = None if run_ids is None else list(run_ids)
    data = load_yearly(path_or_dir, columns, run_ids=ids)
    return emission_bands(data, column=column, quantiles=quantiles)


# --------------------------------------------------------------------------------------------
# Lever wedges with common random numbers
# --------------------------------------------------------------------------------------------

_PAIR_KEYS = ["sample_id", "replication"]


def _baseline_rows(ok: pd.DataFrame, baseline_point_id: Any, columns: list[str]) -> pd.DataFrame:
    """The successful baseline runs keyed by (sample_id, replication); checks uniqueness."""
    base = ok.loc[ok["point_id"] == baseline_point_id, _PAIR_KEYS + columns]
    if base.empty:
        points = sorted(ok["point_id"].unique().tolist())
        raise ValueError(
            f"baseline_point_id={baseline_point_id!r} has no successful runs; "
            f"points with successful runs: {points}."
        )
    duplicated = base.duplicated(_PAIR_KEYS)
    if duplicated.any():
        first = base.loc[duplicated, _PAIR_KEYS].iloc[0].tolist()
        raise ValueError(
            f"baseline point {baseline_point_id!r} has {int(duplicated.sum())} duplicated "
            f"(sample_id, replication) pair(s), e.g. {first}; pairing would be ambiguous."
        )
    return base


def _totals_from_yearly(yearly: pd.DataFrame, column: str) -> pd.Series:
    """Sum of a yearly series per run (used when the runs table lacks the total)."""
    _require_columns(yearly, ["run_id", column], "yearly")
    return yearly.groupby("run_id")[column].sum()


def lever_wedges(
    runs: pd.DataFrame,
    yearly: pd.DataFrame | None,
    baseline_point_id: Any,
    lever_columns: Sequence[str] = (),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """What each lever point buys against the baseline, with common random numbers.

    Each run of a non-baseline point is paired with the successful baseline run that has the
    same ``(sample_id, replication)`` (hence the same seed and uncertainties), and differences
    are taken within pairs, so scenario differences are not Monte Carlo noise.

    Args:
        runs: The runs table.
        yearly: Yearly table, used only when ``runs`` lacks ``cumulative_co2_mt`` or
            ``fiscal_cost_myuan`` (they are then summed over years); may be None otherwise.
        baseline_point_id: The ``point_id`` of the reference (e.g. business-as-usual) point.
        lever_columns: Lever columns copied to the output to label each point.
        confidence: Level of the intervals.

    Returns:
        One row per non-baseline point: ``point_id``, the lever columns, ``n_runs``
        (successful), ``n_failed``, ``n_pairs``, ``n_unpaired`` (successful runs without a
        successful baseline partner), ``avoided_mt_mean``/``_ci_low``/``_ci_high`` (baseline
        minus point cumulative CO2, Mt; Student-t interval), ``extra_cost_myuan_mean`` (point
        minus baseline fiscal cost over the horizon, million yuan), ``cost_per_t_yuan`` (mean
        extra cost / mean avoided, i.e. yuan per tonne since 1e6 yuan / 1e6 t; a ratio of means
        because per-pair ratios explode when a pair avoids almost nothing; NaN when the mean
        avoided is <= 0), ``peak_shift_years_mean``/``_ci_low``/``_ci_high`` (point minus
        baseline peak year, negative = earlier, over pairs where both peaked) and
        ``n_both_peaked``.
    """
    _require_columns(runs, ["point_id", *_PAIR_KEYS, "peak_year", *lever_columns], "runs")
    ok, _ = ok_runs(runs)
    for total in ("cumulative_co2_mt", "fiscal_cost_myuan"):
        if total not in ok.columns:
            if yearly is None:
                raise ValueError(f"runs lacks {total!r} and no yearly table was given.")
            ok[total] = ok["run_id"].map(_totals_from_yearly(yearly, total))
    ok["_peak"] = _peak_years(ok)
    values = ["cumulative_co2_mt", "fiscal_cost_myuan", "_peak"]
    base = _baseline_rows(ok, baseline_point_id, values)
    others = ok.loc[ok["point_id"] != baseline_point_id, ["point_id", *_PAIR_KEYS, *values]]
    pairs = others.merge(base, on=_PAIR_KEYS, how="inner", suffixes=("", "_base"))
    pairs["avoided"] = pairs["cumulative_co2_mt_base"] - pairs["cumulative_co2_mt"]
    pairs["extra_cost"] = pairs["fiscal_cost_myuan"] - pairs["fiscal_cost_myuan_base"]
    pairs["shift"] = pairs["_peak"] - pairs["_peak_base"]  # NaN unless both peaked

    points = runs.loc[runs["point_id"] != baseline_point_id]
    out = points.groupby("point_id", sort=True)[list(lever_columns)].first()
    status_ok = ok.groupby("point_id").size()
    out["n_runs"] = status_ok.reindex(out.index, fill_value=0).astype(int)
    out["n_failed"] = points.groupby("point_id").size().reindex(out.index) - out["n_runs"]
    g = pairs.groupby("point_id")
    out["n_pairs"] = g.size().reindex(out.index, fill_value=0).astype(int)
    out["n_unpaired"] = out["n_runs"] - out["n_pairs"]
    stats_ = g[["avoided", "extra_cost", "shift"]].agg(["mean", "std", "count"]).reindex(out.index)
    for name, prefix in (("avoided", "avoided_mt"), ("shift", "peak_shift_years")):
        mean = stats_[(name, "mean")].to_numpy(dtype=float)
        low, high = _mean_ci(
            mean,
            stats_[(name, "std")].to_numpy(dtype=float),
            stats_[(name, "count")].fillna(0).to_numpy(dtype=float),
            confidence,
        )
        out[f"{prefix}_mean"] = mean
        out[f"{prefix}_ci_low"] = low
        out[f"{prefix}_ci_high"] = high
        if name == "avoided":
            out["extra_cost_myuan_mean"] = stats_[("extra_cost", "mean")].to_numpy(dtype=float)
            avoided = out["avoided_mt_mean"].to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                out["cost_per_t_yuan"] = np.where(
                    avoided > 0, out["extra_cost_myuan_mean"].to_numpy() / avoided, np.nan
                )
    out["n_both_peaked"] = stats_[("shift", "count")].fillna(0).astype(int).to_numpy()
    out = out.reset_index()
    out.attrs["n_failed"] = int(out["n_failed"].sum())
    return out


def wedges_by_year(
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    baseline_point_id: Any,
    column: str = "co2_mt",
) -> pd.DataFrame:
    """Yearly emissions avoided by each point against its CRN-paired baseline runs.

    Args:
        yearly: Long yearly table with ``run_id``, ``year`` and ``column``.
        runs: The runs table (for ``point_id``, ``sample_id``, ``replication``, ``status``).
        baseline_point_id: The reference point.
        column: The yearly series compared.

    Returns:
        Columns ``year, point_id, avoided_mt`` (mean over pairs of baseline minus point) and
        ``n_pairs``; ``attrs["n_failed"]`` counts failed runs left out.
    """
    _require_columns(runs, ["run_id", "point_id", *_PAIR_KEYS], "runs")
    _require_columns(yearly, ["run_id", "year", column], "yearly")
    ok, n_failed = ok_runs(runs)
    keyed = yearly[["run_id", "year", column]].merge(
        ok[["run_id", "point_id", *_PAIR_KEYS]], on="run_id", how="inner"
    )
    keys = [*_PAIR_KEYS, "year"]
    _baseline_rows(ok, baseline_point_id, [])  # validates presence and uniqueness
    base = keyed.loc[keyed["point_id"] == baseline_point_id, [*keys, column]]
    others = keyed.loc[keyed["point_id"] != baseline_point_id]
    pairs = others.merge(base, on=keys, how="inner", suffixes=("", "_base"))
    pairs["avoided_mt"] = pairs[f"{column}_base"] - pairs[column]
    out = (
        pairs.groupby(["year", "point_id"], sort=True)["avoided_mt"]
        .agg(avoided_mt="mean", n_pairs="count")
        .reset_index()
    )
    out.attrs["n_failed"] = n_failed
    return out


# --------------------------------------------------------------------------------------------
# Sensitivity (SALib)
# --------------------------------------------------------------------------------------------


def _salib_problem(problem: Mapping[str, Any]) -> dict[str, Any]:
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
    prob = _salib_problem(problem)
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
    prob = _salib_problem(problem)
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
    _require_columns(ok, ["sample_id", outcome], "runs")
    _single_point(ok)
    if outcome == "peak_year":
        values = np.nan_to_num(_peak_years(ok), nan=horizon_end + 1.0)
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
    _require_columns(ok, ["sample_id", *names], "runs")
    _single_point(ok)
    first = ok.sort_values(["sample_id"]).groupby("sample_id", sort=True)[list(names)].first()
    return first.to_numpy(dtype=float)


def _sobol_layout_ok(x: np.ndarray, n_groups: int, second_order: bool) -> bool:
    """Whether ``x`` has the Saltelli block layout (A, AB_1..AB_D, [BA_1..BA_D,] B).

    Checks that in every block the first column of AB_1 equals that of B (the first column
    always belongs to the first group).
    """
    block = 2 * n_groups + 2 if second_order else n_groups + 2
    if x.shape[0] == 0 or x.shape[0] % block:
        return False
    blocks = x.reshape(-1, block, x.shape[1])
    return bool(np.array_equal(blocks[:, 1, 0], blocks[:, -1, 0]))


# --------------------------------------------------------------------------------------------
# PRIM scenario discovery
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PrimResult:
    """Outcome of a PRIM peeling search.

    Attributes:
        box: The chosen box: restricted dimensions only, columns ``parameter, low, high``
            (closed bounds; an unrestricted side is -inf/inf).
        coverage: Share of all "miss" points that lie in the chosen box.
        density: Share of the points in the chosen box that are misses.
        n: Number of points in the chosen box.
        step: Index of the chosen box on the trajectory.
        threshold_met: False only when a threshold was given and no box reached it.
        trajectory: One row per box: ``step, n, support, coverage, density, parameter, side,
            bound`` (the last three describe the peel that produced the box).
        lows: Lower bounds of every box on the trajectory, shape (steps, dims).
        highs: Upper bounds likewise.
        parameters: Dimension names in column order.
    """

    box: pd.DataFrame
    coverage: float
    density: float
    n: int
    step: int
    threshold_met: bool
    trajectory: pd.DataFrame
    lows: np.ndarray
    highs: np.ndarray
    parameters: tuple[str, ...]

    def box_at(self, step: int) -> pd.DataFrame:
        """Restricted dimensions of the box at ``step`` of the trajectory."""
        return _box_table(self.parameters, self.lows[step], self.highs[step])


def _box_table(names: Sequence[str], low: np.ndarray, high: np.ndarray) -> pd.DataFrame:
    restricted = np.isfinite(low) | np.isfinite(high)
    return pd.DataFrame(
        {
            "parameter": [n for n, r in zip(names, restricted, strict=True) if r],
            "low": low[restricted],
            "high": high[restricted],
        }
    )


def _prim_matrix(x: pd.DataFrame) -> np.ndarray:
    bad = [
        c
        for c in x.columns
        if not pd.api.types.is_numeric_dtype(x[c]) or pd.api.types.is_complex_dtype(x[c])
    ]
    if bad:
        raise ValueError(f"prim_boxes takes numeric columns only; not numeric: {bad}.")
    matrix = x.to_numpy(dtype=float)
    if not np.isfinite(matrix).all():
        cols = list(x.columns[~np.isfinite(matrix).all(axis=0)])
        raise ValueError(f"prim_boxes needs finite inputs; columns with NaN/inf: {cols}.")
    return matrix


def prim_boxes(
    x: pd.DataFrame,
    miss: np.ndarray,
    peel_alpha: float = 0.05,
    min_support: float = 0.05,
    threshold: float | None = None,
) -> PrimResult:
    """PRIM box search for the region of input space where ``miss`` is concentrated.

    Peeling as in Friedman & Fisher (1999), "Bump hunting in high-dimensional data": from the
    box holding all points, each step considers, for every dimension, cutting off the points
    below its ``peel_alpha`` quantile or above its ``1 - peel_alpha`` quantile (within the
    current box), and makes the cut that yields the highest density of ``miss`` (ties: the one
    keeping more points). When ties make a quantile cut remove nothing, the whole tied extreme
    value is cut instead. Peeling stops when no cut keeps at least ``min_support`` of all points
    or when no cut raises the density. Each cut is placed halfway between the last removed and
    the first kept value, like a decision-tree split. There is no pasting step. All candidate
    cuts of a step are evaluated at once with array operations.

    The box returned is, by default, the one on the trajectory that maximises
    ``density * coverage``, which balances "the box explains most misses" (coverage) against
    "the box mostly contains misses" (density) without a tuning constant; ties go to the
    earlier, larger box. With ``threshold``, it is the first (largest) box whose density
    reaches the threshold. Density rises at every step, so "the last box whose density >=
    threshold" would always be the final, smallest box; the first such box is the one of
    greatest coverage that meets the target, which is what the threshold is for. If no box
    reaches it, the final (densest) box is returned with ``threshold_met=False``.

    Args:
        x: Inputs, one row per point (run), numeric columns only.
        miss: Boolean per row, e.g. "did not peak by 2030".
        peel_alpha: Share of the box's points peeled per step, in (0, 0.5).
        min_support: Smallest share of all points a box may hold, in (0, 1].
        threshold: Optional density target in [0, 1].

    Returns:
        A ``PrimResult``.
    """
    matrix = _prim_matrix(x)
    miss = np.asarray(miss, dtype=bool).ravel()
    n_total, n_dims = matrix.shape
    if miss.size != n_total:
        raise ValueError(f"miss has {miss.size} values; x has {n_total} rows.")
    if not 0.0 < peel_alpha < 0.5:
        raise ValueError(f"peel_alpha={peel_alpha!r} must lie in (0, 0.5).")
    if not 0.0 < min_support <= 1.0:
        raise ValueError(f"min_support={min_support!r} must lie in (0, 1].")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold={threshold!r} must lie in [0, 1].")
    if n_total == 0:
        raise ValueError("prim_boxes needs at least one point.")
    min_n = max(1, math.ceil(min_support * n_total))
    n_miss = int(miss.sum())
    names = tuple(str(c) for c in x.columns)

    low = np.full(n_dims, -np.inf)
    high = np.full(n_dims, np.inf)
    inside = np.arange(n_total)
    lows, highs, rows = [low.copy()], [high.copy()], []

    def record(idx: np.ndarray, parameter: str, side: str, bound: float) -> None:
        hits = int(miss[idx].sum())
        rows.append(
            {
                "step": len(rows),
                "n": idx.size,
                "support": idx.size / n_total,
                "coverage": hits / n_miss if n_miss else math.nan,
                "density": hits / idx.size,
                "parameter": parameter,
                "side": side,
                "bound": bound,
            }
        )

    record(inside, "", "", math.nan)
    while True:
        xb = matrix[inside]
        mb = miss[inside]
        nb = inside.size
        q_lo = np.quantile(xb, peel_alpha, axis=0)
        q_hi = np.quantile(xb, 1.0 - peel_alpha, axis=0)
        keep_lo = xb >= q_lo
        keep_hi = xb <= q_hi
        # A quantile sitting on a run of ties removes nothing: cut the whole tied extreme.
        stuck_lo = keep_lo.all(axis=0)
        stuck_hi = keep_hi.all(axis=0)
        keep_lo[:, stuck_lo] = xb[:, stuck_lo] > xb[:, stuck_lo].min(axis=0)
        keep_hi[:, stuck_hi] = xb[:, stuck_hi] < xb[:, stuck_hi].max(axis=0)
        keep = np.concatenate([keep_lo, keep_hi], axis=1)  # (nb, 2 * dims)
        counts = keep.sum(axis=0)
        hits = mb.astype(float) @ keep
        valid = (counts >= min_n) & (counts < nb)
        if not valid.any():
            break
        density = np.where(valid, hits / np.maximum(counts, 1), -np.inf)
        best = int(np.lexsort((-counts, -density))[0])
        if density[best] <= mb.mean():
            break
        dim, side = best % n_dims, ("low", "high")[best // n_dims]
        kept = keep[:, best]
        column = xb[:, dim]
        if side == "low":
            bound = 0.5 * (column[~kept].max() + column[kept].min())
            low[dim] = bound
        else:
            bound = 0.5 * (column[~kept].min() + column[kept].max())
            high[dim] = bound
        inside = inside[kept]
        lows.append(low.copy())
        highs.append(high.copy())
        record(inside, names[dim], side, float(bound))

    trajectory = pd.DataFrame(rows)
    threshold_met = True
    if threshold is None:
        score = (trajectory["density"] * trajectory["coverage"]).fillna(0.0).to_numpy()
        step = int(np.argmax(score))
    else:
        meets = np.flatnonzero(trajectory["density"].to_numpy() >= threshold)
        threshold_met = bool(meets.size)
        step = int(meets[0]) if meets.size else len(trajectory) - 1
    lows_arr, highs_arr = np.array(lows), np.array(highs)
    chosen = trajectory.iloc[step]
    return PrimResult(
        box=_box_table(names, lows_arr[step], highs_arr[step]),
        coverage=float(chosen["coverage"]),
        density=float(chosen["density"]),
        n=int(chosen["n"]),
        step=step,
        threshold_met=threshold_met,
        trajectory=trajectory,
        lows=lows_arr,
        highs=highs_arr,
        parameters=names,
    )


# --------------------------------------------------------------------------------------------
# Policy map
# --------------------------------------------------------------------------------------------


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
    _require_columns(runs, [lever_x, lever_y, "peak_year"], "runs")
    if lever_x == lever_y:
        raise ValueError(f"lever_x and lever_y are both {lever_x!r}; pick two levers.")
    ok, _ = ok_runs(runs)
    hit = pd.Series(_peak_years(ok) <= by_year, index=ok.index)
    grouped = hit.groupby([ok[lever_x], ok[lever_y]], sort=True)
    out = grouped.agg(k="sum", n="count").reset_index()
    low, high = _wilson_arrays(out["k"].to_numpy(), out["n"].to_numpy(), confidence)
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


# --------------------------------------------------------------------------------------------
# Writing all analyses of a result store
# --------------------------------------------------------------------------------------------


def _registry_kinds() -> dict[str, str]:
    """Parameter name -> kind from the registry, or {} if the registry is not importable."""
    try:
        from parameters.registry import REGISTRY
    except ImportError:
        return {}
    return {name: str(param.kind) for name, param in REGISTRY.items()}


def _varying(runs: pd.DataFrame, columns: Iterable[str]) -> list[str]:
    return [c for c in columns if c in runs.columns and runs[c].nunique(dropna=False) > 1]


def _yearly_source(store_dir: Path) -> Path | None:
    for candidate in (store_dir / "yearly", store_dir / "yearly.parquet"):
        if candidate.exists():
            return candidate
    return None


def _write_csv(df: pd.DataFrame, path: Path, written: list[Path], index: bool = False) -> None:
    df.to_csv(path, index=index)
    written.append(path)


def _sensitivity(
    ok: pd.DataFrame,
    problem: Mapping[str, Any],
    method: str,
    horizon_end: int,
    calc_second_order: bool | None,
    out_dir: Path,
    written: list[Path],
) -> None:
    """Write sobol_<outcome>.csv or morris_<outcome>.csv for each sensitivity outcome."""
    prob = _salib_problem(problem)
    names = list(prob["names"])
    sample_ids = np.sort(ok["sample_id"].unique())
    if not np.array_equal(sample_ids, np.arange(sample_ids.size)):
        warnings.warn(
            f"sensitivity skipped: successful runs cover {sample_ids.size} sample ids that are "
            "not 0..N-1 (some samples have no successful run); the SALib design is incomplete.",
            UserWarning,
            stacklevel=3,
        )
        return
    x = sample_matrix(ok, names)
    _, n_groups = extract_group_names(prob)
    if method == "sobol":
        if calc_second_order is None:
            layouts = [so for so in (False, True) if _sobol_layout_ok(x, n_groups, so)]
            if len(layouts) != 1:
                raise ValueError(
                    "cannot tell whether the Sobol sample was drawn with calc_second_order; "
                    f"{x.shape[0]} samples, D={n_groups}. Pass calc_second_order explicitly."
                )
            calc_second_order = layouts[0]
        elif not _sobol_layout_ok(x, n_groups, calc_second_order):
            raise ValueError(
                f"the {x.shape[0]} samples do not have the Saltelli layout for "
                f"calc_second_order={calc_second_order} with D={n_groups}; check the flag."
            )
    for outcome in SENSITIVITY_OUTCOMES:
        if outcome not in ok.columns:
            continue
        y = outcome_by_sample(ok, outcome, horizon_end).to_numpy()
        if method == "sobol":
            table = sobol_indices(prob, y, calc_second_order=bool(calc_second_order))
        else:
            table = morris_indices(prob, x, y)
        _write_csv(table, out_dir / f"{method}_{outcome}.csv", written)


def write_analyses(
    store_dir: Path,
    problem: Mapping[str, Any] | None = None,
    method: str | None = None,
    baseline_point_id: Any = None,
    *,
    by_year: int = PLAN_PEAK_YEAR,
    lever_columns: Sequence[str] | None = None,
    uncertainty_columns: Sequence[str] | None = None,
    calc_second_order: bool | None = None,
) -> list[Path]:
    """Compute every applicable analysis of a result store and write it under ``analysis/``.

    Reads ``runs.parquet`` and the yearly Parquet data (``yearly/`` directory or
    ``yearly.parquet``) and writes:

    - always: ``peak_probability.csv``, ``peak_year_distribution.csv``, ``summary.json`` (the
      dict of ``peak_probability``) and, with yearly data, ``emission_bands.csv``;
    - with ``problem`` and ``method`` ("sobol" or "morris"): ``<method>_<outcome>.csv`` for
      peak_year (not peaked -> horizon + 1), peak_emissions_mt and cumulative_co2_mt; the
      outcomes are averaged over replications per sample_id; for Morris the sample matrix is
      taken from the runs table's columns ``problem["names"]``. Skipped with a warning when some
      sample has no successful run (an incomplete design cannot be analysed);
    - ``prim_box.csv`` and ``prim_trajectory.csv`` (miss = not peaked by ``by_year``) when
      uncertainty columns vary and both missing and meeting runs exist; when several lever
      points exist, the varying levers are searched over too;
    - ``wedges.csv`` and, with yearly data, ``wedges_by_year.csv`` when ``baseline_point_id``
      is given;
    - ``policy_map.csv`` (tidy, from ``policy_map_long``) when exactly two levers vary.

    Args:
        store_dir: The experiment's result directory.
        problem: SALib problem of a sensitivity experiment.
        method: "sobol" or "morris" (needs ``problem``), or None.
        baseline_point_id: Reference point for the CRN wedges.
        by_year: The peak-by year of the headline probability, the PRIM miss and the map.
        lever_columns: Lever columns of the runs table; default: the registry's levers
            present in the table.
        uncertainty_columns: Uncertainty columns; default: the registry's uncertainties,
            else ``problem["names"]``.
        calc_second_order: For Sobol; None detects it from the sample layout.

    Returns:
        The paths written.
    """
    store_dir = Path(store_dir)
    if method not in (None, "sobol", "morris"):
        raise ValueError(f"method={method!r}; use 'sobol', 'morris' or None.")
    if method is not None and problem is None:
        raise ValueError(f"method={method!r} needs the SALib problem (problem=None given).")
    runs_path = store_dir / "runs.parquet"
    if not runs_path.exists():
        raise FileNotFoundError(f"no runs table at {runs_path}; is {store_dir} a result store?")
    runs = pd.read_parquet(runs_path)
    ok, _ = ok_runs(runs)
    kinds = _registry_kinds()
    if lever_columns is None:
        lever_columns = [c for c in runs.columns if kinds.get(c) == "lever"]
    if uncertainty_columns is None:
        uncertainty_columns = [c for c in runs.columns if kinds.get(c) == "uncertainty"]
        if not uncertainty_columns and problem is not None:
            uncertainty_columns = [c for c in problem["names"] if c in runs.columns]
    out_dir = store_dir / "analysis"
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    yearly_src = _yearly_source(store_dir)
    horizon_end = DEFAULT_HORIZON_END
    bands = None
    if yearly_src is not None:
        bands = emission_bands_from_parquet(yearly_src, run_ids=ok["run_id"].tolist())
        if not bands.empty:
            horizon_end = int(bands["year"].max())
    years = np.arange(DEFAULT_BASE_YEAR, horizon_end + 1)
    _write_csv(peak_probability_by_year(runs, years), out_dir / "peak_probability.csv", written)
    _write_csv(peak_year_distribution(runs), out_dir / "peak_year_distribution.csv", written)
    summary_path = out_dir / "summary.json"
    summary_path.write_text(
        json.dumps(peak_probability(runs, by_year), indent=2, allow_nan=False) + "\n",
        encoding="utf-8",
    )
    written.append(summary_path)

    if bands is not None:
        _write_csv(bands, out_dir / "emission_bands.csv", written)

    if method is not None and problem is not None:
        _sensitivity(ok, problem, method, horizon_end, calc_second_order, out_dir, written)

    numeric = [c for c in ok.columns if pd.api.types.is_numeric_dtype(ok[c])]
    varying_unc = [c for c in _varying(ok, uncertainty_columns) if c in numeric]
    varying_levers = _varying(runs, lever_columns)
    miss = ~(_peak_years(ok) <= by_year)
    if varying_unc and miss.any() and not miss.all():
        dims = varying_unc
        if "point_id" in ok.columns and ok["point_id"].nunique() > 1:
            dims = varying_unc + [c for c in varying_levers if c in numeric]
        result = prim_boxes(ok[dims].reset_index(drop=True), miss)
        box = result.box.assign(coverage=result.coverage, density=result.density, n=result.n)
        _write_csv(box, out_dir / "prim_box.csv", written)
        _write_csv(result.trajectory, out_dir / "prim_trajectory.csv", written)

    if baseline_point_id is not None:
        wedges = lever_wedges(runs, None, baseline_point_id, varying_levers)
        _write_csv(wedges, out_dir / "wedges.csv", written)
        if yearly_src is not None:
            yearly = load_yearly(yearly_src, ["run_id", "year", "co2_mt"], ok["run_id"].tolist())
            by_year_wedges = wedges_by_year(yearly, runs, baseline_point_id)
            _write_csv(by_year_wedges, out_dir / "wedges_by_year.csv", written)

    if len(varying_levers) == 2 and method not in ("sobol", "morris"):
        lever_x, lever_y = varying_levers
        table = policy_map_long(runs, lever_x, lever_y, by_year)
        _write_csv(table, out_dir / "policy_map.csv", written)
    return written
