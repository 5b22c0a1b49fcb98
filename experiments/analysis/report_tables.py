"""Report tables beyond the peak probabilities: KPI bands, scorecard, a representative run.

The scorecard gives P(target met) for each plan target. The representative run is the
successful run whose cumulative CO2 is the median of the ensemble's (the lower middle run when
their number is even), so its paths are real model output, not an average of paths.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from experiments.analysis.common import ok_runs, require_columns, wilson_arrays
from simulation.accounting import SECTORS
from simulation.kpis import EXTRA_INDICATORS, KPI_NAMES, TARGETS

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
BAND_INDICATORS = (*KPI_NAMES, *EXTRA_INDICATORS)


def kpi_bands(yearly: pd.DataFrame, indicators: Sequence[str] = BAND_INDICATORS) -> pd.DataFrame:
    """Quantile bands of each indicator by year over the runs.

    Args:
        yearly: Long yearly table (``run_id``, ``year`` and the indicator columns).
        indicators: Indicators to band; those absent from ``yearly`` are left out.

    Returns:
        Columns ``kpi, year, q05, q25, q50, q75, q95, n``.
    """
    present = [k for k in indicators if k in yearly.columns]
    frames = []
    for kpi in present:
        grouped = yearly.groupby("year")[kpi]
        table = grouped.quantile(list(QUANTILES)).unstack()
        table.columns = [f"q{round(q * 100):02d}" for q in QUANTILES]
        table["n"] = grouped.count()
        frames.append(table.reset_index().assign(kpi=kpi))
    columns = ["kpi", "year", *(f"q{round(q * 100):02d}" for q in QUANTILES), "n"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def scorecard_table(runs: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Each plan target with the ensemble's value (quantiles) and P(target met).

    Reads the runs' ``kpi_<name>_<year>`` columns (``experiments.runner.flat_summary``).

    Returns:
        Columns ``kpi, year, target, sense, target_text, q05, q50, q95, p_met, p_met_low,
        p_met_high, n``; targets whose column is absent are left out.
    """
    ok, _ = ok_runs(runs)
    rows = []
    for t in TARGETS:
        column = f"kpi_{t.kpi}_{t.year}"
        if column not in ok.columns:
            continue
        values = pd.to_numeric(ok[column], errors="coerce").dropna().to_numpy(dtype=float)
        met = values >= t.value if t.sense == ">=" else values <= t.value
        low, high = wilson_arrays(np.array([met.sum()]), np.array([values.size]), confidence)
        q05, q50, q95 = (np.quantile(values, [0.05, 0.5, 0.95]) if values.size
                         else (np.nan,) * 3)  # fmt: skip
        rows.append(
            {"kpi": t.kpi, "year": t.year, "target": t.value, "sense": t.sense,
             "target_text": t.text, "q05": q05, "q50": q50, "q95": q95,
             "p_met": met.mean() if values.size else np.nan, "p_met_low": low[0],
             "p_met_high": high[0], "n": int(values.size)}
        )  # fmt: skip
    return pd.DataFrame(rows)


def representative_run(runs: pd.DataFrame) -> int:
    """The run id of the successful run with the median cumulative CO2."""
    ok, _ = ok_runs(runs)
    require_columns(ok, ["run_id", "cumulative_co2_mt"], "runs")
    if ok.empty:
        raise ValueError("no successful run to represent the ensemble")
    ordered = ok.sort_values(["cumulative_co2_mt", "run_id"])
    return int(ordered["run_id"].iloc[(len(ordered) - 1) // 2])


def sector_co2(yearly: pd.DataFrame, run_id: int, convention: str = "consumption") -> pd.DataFrame:
    """CO2 by sector and year of one run (the headline convention of the run).

    Returns:
        Columns ``run_id, convention, year, sector, co2_mt``.
    """
    run = yearly[yearly["run_id"] == run_id]
    present = [s for s in SECTORS if f"co2_{s}_mt" in run.columns]
    long = run.melt(id_vars=["year"], value_vars=[f"co2_{s}_mt" for s in present],
                    var_name="sector", value_name="co2_mt")  # fmt: skip
    long["sector"] = long["sector"].str.removeprefix("co2_").str.removesuffix("_mt")
    return long.assign(run_id=run_id, convention=convention)[
        ["run_id", "convention", "year", "sector", "co2_mt"]
    ].sort_values(["year", "sector"], ignore_index=True)


def reconciliation(yearly: pd.DataFrame, run_id: int) -> pd.DataFrame:
    """Consumption-based CO2 + net-export and mix terms = production-based CO2, for one run.

    Returns:
        Columns ``run_id, year, consumption_mt, embodied_net_exports_mt, mix_difference_mt,
        production_mt``.
    """
    needed = ["co2_consumption_mt", "co2_embodied_net_exports_mt", "co2_mix_difference_mt",
              "co2_production_mt"]  # fmt: skip
    require_columns(yearly, ["run_id", "year", *needed], "yearly")
    run = yearly[yearly["run_id"] == run_id].sort_values("year")
    return pd.DataFrame(
        {
            "run_id": run_id,
            "year": run["year"].to_numpy(),
            "consumption_mt": run["co2_consumption_mt"].to_numpy(),
            "embodied_net_exports_mt": run["co2_embodied_net_exports_mt"].to_numpy(),
            "mix_difference_mt": run["co2_mix_difference_mt"].to_numpy(),
            "production_mt": run["co2_production_mt"].to_numpy(),
        }
    )
