"""Lever wedges with common random numbers: what each lever point buys against the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from experiments.analysis.common import mean_ci, ok_runs, peak_years, require_columns

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
    require_columns(yearly, ["run_id", column], "yearly")
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
    require_columns(runs, ["point_id", *_PAIR_KEYS, "peak_year", *lever_columns], "runs")
    ok, _ = ok_runs(runs)
    for total in ("cumulative_co2_mt", "fiscal_cost_myuan"):
        if total not in ok.columns:
            if yearly is None:
                raise ValueError(f"runs lacks {total!r} and no yearly table was given.")
            ok[total] = ok["run_id"].map(_totals_from_yearly(yearly, total))
    ok["_peak"] = peak_years(ok)
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
        low, high = mean_ci(
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
    require_columns(runs, ["run_id", "point_id", *_PAIR_KEYS], "runs")
    require_columns(yearly, ["run_id", "year", column], "yearly")
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


def sector_wedges(
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    baseline_point_id: Any,
    sectors: Sequence[str],
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Where each point's CO2 difference from the baseline comes from, sector by sector.

    Each sector's CO2 (yearly column ``co2_<sector>_mt``) is summed over the years of the table
    per run, and the baseline-minus-point difference is taken within CRN pairs as in
    ``lever_wedges``; over the sectors of a complete accounting the rows add up to
    ``lever_wedges``'s ``avoided_mt_mean``.

    Args:
        yearly: Long yearly table with ``run_id``, ``year`` and a ``co2_<sector>_mt`` column
            per sector.
        runs: The runs table (for ``point_id``, ``sample_id``, ``replication``, ``status``).
        baseline_point_id: The reference point.
        sectors: The sector names.
        confidence: Level of the intervals.

    Returns:
        Columns ``point_id, sector, avoided_mt_mean, avoided_mt_ci_low, avoided_mt_ci_high,
        n_pairs`` (positive = the point emits less in that sector than the baseline).
    """
    columns = [f"co2_{s}_mt" for s in sectors]
    require_columns(runs, ["run_id", "point_id", *_PAIR_KEYS], "runs")
    require_columns(yearly, ["run_id", *columns], "yearly")
    ok, _ = ok_runs(runs)
    totals = yearly.groupby("run_id")[columns].sum()
    keyed = ok[["run_id", "point_id", *_PAIR_KEYS]].merge(
        totals, left_on="run_id", right_index=True, how="inner"
    )
    _baseline_rows(ok, baseline_point_id, [])  # validates presence and uniqueness
    base = keyed.loc[keyed["point_id"] == baseline_point_id, [*_PAIR_KEYS, *columns]]
    others = keyed.loc[keyed["point_id"] != baseline_point_id]
    pairs = others.merge(base, on=_PAIR_KEYS, how="inner", suffixes=("", "_base"))
    rows = []
    for point, group in pairs.groupby("point_id", sort=True):
        for sector, column in zip(sectors, columns, strict=True):
            avoided = (group[f"{column}_base"] - group[column]).to_numpy(dtype=float)
            mean = np.array([avoided.mean()])
            std = np.array([avoided.std(ddof=1) if avoided.size > 1 else np.nan])
            low, high = mean_ci(mean, std, np.array([float(avoided.size)]), confidence)
            rows.append(
                {"point_id": point, "sector": sector, "avoided_mt_mean": mean[0],
                 "avoided_mt_ci_low": low[0], "avoided_mt_ci_high": high[0],
                 "n_pairs": int(avoided.size)}
            )  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["point_id", "sector", "avoided_mt_mean", "avoided_mt_ci_low",
                 "avoided_mt_ci_high", "n_pairs"],
    )  # fmt: skip
