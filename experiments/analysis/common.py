"""Shared conventions of the analyses: successful runs, peak years, intervals, constants.

Every analysis is a pure function of tidy tables written by the experiment engine:

- ``runs``: one row per run with ``run_id``, ``status`` ("ok" or "error"), ``point_id``,
  ``sample_id``, ``replication``, ``seed``, one column per lever or uncertainty, and the summary
  outputs ``peak_state`` (peaked, plateau or not_peaked), ``peak_year`` (the first year of the
  peak period; NaN when not peaked), ``peaked``, ``peak_emissions_mt``, ``cumulative_co2_mt``,
  ``emissions_2030_mt`` and ``fiscal_cost_myuan``.
- ``yearly``: long form, ``run_id``, ``year`` and series columns such as ``co2_mt``.

Conventions shared by every function:

- Runs whose ``status`` is not "ok" are left out of every statistic, and the number left out is
  reported (an ``n_failed`` column, key or ``DataFrame.attrs["n_failed"]``).
- Every run counts in every probability (none is dropped): P(peaked by Y) counts ``peaked``
  runs with peak year <= Y; P(plateau or peaked by Y) adds ``plateau`` runs whose plateau
  starts by Y (DESIGN section 3).
- Binomial proportions carry Wilson score intervals; means carry Student-t intervals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

# Design section 3: model time 0 is 2020, the plan's reference year.
DEFAULT_BASE_YEAR = 2020
# Design section 3: default horizon 2060, China's carbon-neutrality year.
DEFAULT_HORIZON_END = 2060
# The plan (白政发〔2023〕5号) asks for a peak before 2030.
PLAN_PEAK_YEAR = 2030
# Design section 5: Sobol and Morris are run on peak year, peak level and cumulative emissions.
SENSITIVITY_OUTCOMES = ("peak_year", "peak_emissions_mt", "cumulative_co2_mt")

# Columns the engine writes for bookkeeping; never treated as model inputs.
ID_COLUMNS = ("run_id", "status", "point_id", "sample_id", "replication", "seed")
# Label used for runs that have not peaked in counts keyed by peak year.
NOT_PEAKED = "none"
# The peak states of DESIGN section 3, in reporting order.
PEAK_STATES = ("peaked", "plateau", "not_peaked")


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def require_columns(df: pd.DataFrame | Sequence[str], columns: Iterable[str], what: str) -> None:
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


def as_bool(series: pd.Series) -> np.ndarray:
    """Convert a bool-like column (possibly with missing values) to a bool array, NA -> False."""
    return series.astype("boolean").fillna(False).to_numpy(dtype=bool)


def peak_states(runs: pd.DataFrame) -> np.ndarray:
    """Each run's peak state (``peaked``, ``plateau`` or ``not_peaked``; DESIGN section 3).

    From the ``peak_state`` column; a table without it (older stores) has only ``peaked``, and
    a run that has not peaked counts as ``not_peaked``, the conservative reading.
    """
    if "peak_state" in runs.columns:
        states = runs["peak_state"].astype("string").fillna("not_peaked").to_numpy(dtype=object)
        unknown = set(states) - set(PEAK_STATES)
        if unknown:
            raise ValueError(f"runs has unknown peak states {sorted(unknown)}; known {PEAK_STATES}")
        return states
    require_columns(runs, ["peaked"], "runs")
    return np.where(as_bool(runs["peaked"]), "peaked", "not_peaked").astype(object)


def _years(runs: pd.DataFrame, keep: np.ndarray) -> np.ndarray:
    require_columns(runs, ["peak_year"], "runs")
    years = pd.to_numeric(runs["peak_year"], errors="coerce").astype(float).to_numpy()
    return np.where(keep, years, np.nan)


def peak_years(runs: pd.DataFrame) -> np.ndarray:
    """The peak year of each ``peaked`` run as float; NaN for plateau and not-peaked runs."""
    return _years(runs, peak_states(runs) == "peaked")


def plateau_or_peak_years(runs: pd.DataFrame) -> np.ndarray:
    """The peak (or plateau start) year of each peaked or plateau run; NaN if not peaked."""
    return _years(runs, peak_states(runs) != "not_peaked")


def wilson_arrays(
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


def mean_ci(
    mean: np.ndarray, std: np.ndarray, count: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval for a mean from its sample std (ddof=1) and count; NaN if count < 2."""
    count = np.asarray(count, dtype=float)
    dof = np.where(count >= 2, count - 1, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = stats.t.ppf(0.5 + confidence / 2.0, dof) * np.asarray(std) / np.sqrt(count)
    return np.asarray(mean) - half, np.asarray(mean) + half


def year_label(year: float) -> str:
    """Label a peak year for count tables: "2028" for 2028.0, "none" for NaN."""
    if not np.isfinite(year):
        return NOT_PEAKED
    return str(int(year)) if float(year).is_integer() else str(float(year))


def json_float(value: float) -> float | None:
    """Return a JSON-safe float: None for NaN or infinity."""
    value = float(value)
    return value if math.isfinite(value) else None
