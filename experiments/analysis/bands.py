"""Emission bands for fan charts: across-run quantiles of a yearly series (memory or Parquet)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.compute as pc
import pyarrow.dataset as pads

from experiments.analysis.common import require_columns


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
    require_columns(yearly, needed, "yearly")
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
    require_columns(dataset.schema.names, cols, f"yearly data {path_or_dir}")
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
