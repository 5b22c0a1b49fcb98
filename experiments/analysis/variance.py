"""Stochastic against parametric variance: the law of total variance over parameter samples.

With K replicates (seeds) per parameter sample, an outcome's variance splits into the mean
variance within a sample (the model's own randomness: stochastic) and the variance of the
sample means (the inputs: parametric)::

    Var(Y) = E[Var(Y | sample)] + Var(E[Y | sample])

`variance_decomposition` computes this identity on the runs (population variances, weighted by
each sample's number of successful runs, so ``total = within + between`` exactly), and beside
it the one-way ANOVA estimate of the stochastic share, which corrects the two biases of the
plug-in identity (with K replicates the plug-in within-sample variance is (K - 1)/K of the true
one, and the variance of the sample means still holds 1/K of the stochastic variance).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from experiments.analysis.common import PLAN_PEAK_YEAR, ok_runs, peak_years, require_columns

#: Outcomes of ``analysis/variance_decomposition.csv``: the peaked-by-2030 indicator (0/1),
#: the peak year (runs that have not peaked left out) and 2030 CO2.
VARIANCE_OUTCOMES = ("peaked_by_2030", "peak_year", "emissions_2030_mt")

_COLUMNS = [
    "outcome",
    "n_runs",
    "n_samples",
    "replicates",
    "mean",
    "total_var",
    "within_var",
    "between_var",
    "stochastic_share",
    "stochastic_share_anova",
]


def _sample_keys(runs: pd.DataFrame) -> list[str]:
    """A parameter sample is a (lever point, uncertainty sample)."""
    return [c for c in ("point_id", "sample_id") if c in runs.columns]


def outcome_values(runs: pd.DataFrame, outcome: str) -> np.ndarray:
    """An outcome column as floats; ``peaked_by_2030`` is the 0/1 indicator of a peak by 2030."""
    if outcome == "peaked_by_2030":
        return (peak_years(runs) <= PLAN_PEAK_YEAR).astype(float)
    if outcome == "peak_year":
        return peak_years(runs)
    require_columns(runs, [outcome], "runs")
    return pd.to_numeric(runs[outcome], errors="coerce").astype(float).to_numpy()


def _anova_share(groups: Any) -> float:
    """Stochastic share from the one-way random-effects ANOVA estimates (NaN if undefined)."""
    sizes = groups.size().to_numpy(dtype=float)
    n, k = sizes.sum(), sizes.size
    if k < 2 or n <= k:
        return float("nan")
    means = groups.mean().to_numpy()
    grand = float(np.sum(sizes * means) / n)
    ss_within = float(groups.apply(lambda g: np.sum((g - g.mean()) ** 2)).sum())
    ms_within = ss_within / (n - k)
    ms_between = float(np.sum(sizes * (means - grand) ** 2)) / (k - 1)
    n0 = (n - np.sum(sizes**2) / n) / (k - 1)
    between = max((ms_between - ms_within) / n0, 0.0)
    total = ms_within + between
    return ms_within / total if total > 0 else float("nan")


def _decompose(values: pd.Series, keys: list[pd.Series], outcome: str) -> dict[str, float]:
    valid = values.notna()
    y = values[valid]
    groups = y.groupby([k[valid] for k in keys], sort=False)
    sizes = groups.size()
    n = int(valid.sum())
    row: dict[str, float] = {"outcome": outcome, "n_runs": n, "n_samples": int(sizes.size)}
    row["replicates"] = int(sizes.max()) if n else 0
    if n == 0:
        return row | {c: float("nan") for c in _COLUMNS if c not in row}
    means = groups.transform("mean")
    total = float(np.var(y.to_numpy()))
    within = float(np.mean((y - means).to_numpy() ** 2))
    between = float(np.mean((means - y.mean()).to_numpy() ** 2))
    row |= {
        "mean": float(y.mean()),
        "total_var": total,
        "within_var": within,
        "between_var": between,
        "stochastic_share": within / total if total > 0 else float("nan"),
        "stochastic_share_anova": _anova_share(groups),
    }
    return row


def variance_decomposition(runs: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """Split each outcome's variance into stochastic (within-sample) and parametric parts.

    Args:
        runs: The runs table (successful runs are used); parameter samples are told apart by
            ``point_id`` and ``sample_id``, replicates share them.
        outcomes: Runs columns, or ``peaked_by_2030`` for the 0/1 indicator "peaked and peak
            year <= 2030" (any other indicator: pass a 0/1 column). For ``peak_year`` the runs
            that have not peaked are left out (they have no year).

    Returns:
        One row per outcome: ``outcome, n_runs, n_samples, replicates`` (the most runs of one
        sample), ``mean``, ``total_var`` (``numpy.var`` of the values), ``within_var`` (the
        mean within-sample variance: stochastic), ``between_var`` (the variance of the sample
        means: parametric; ``total_var = within_var + between_var``), ``stochastic_share``
        (``within_var / total_var``) and ``stochastic_share_anova`` (the same share from the
        unbiased one-way ANOVA estimates; see the module docstring). ``attrs["n_failed"]``
        counts failed runs left out.
    """
    ok, n_failed = ok_runs(runs)
    keys = _sample_keys(ok)
    require_columns(ok, ["sample_id"], "runs")
    key_series = [ok[k].reset_index(drop=True) for k in keys]
    rows = [_decompose(pd.Series(outcome_values(ok, o)), key_series, o) for o in outcomes]
    out = pd.DataFrame(rows, columns=_COLUMNS)
    out.attrs["n_failed"] = n_failed
    return out
