"""The plan's indicators (DESIGN section 4 KPI names) and their 2025/2030 targets.

The targets themselves are data, in ``parameters.targets``; this module names the indicators
the model computes and scores the targets against a run's yearly table.
"""

from __future__ import annotations

import pandas as pd

from parameters.targets import NOT_MODELLED, PLAN_PEAK_YEAR, TARGETS, Target

__all__ = ["EXTRA_INDICATORS", "KPI_NAMES", "NOT_MODELLED", "PLAN_PEAK_YEAR", "TARGETS", "Target",
           "scorecard"]  # fmt: skip


KPI_NAMES = (
    "non_fossil_energy_share",
    "non_fossil_capacity_share",
    "wind_solar_capacity_gw",
    "coal_consumption_mt",
    "co2_intensity_vs_2005",
    "industry_energy_intensity_vs_2020",
    "nev_bus_share",
    "nev_taxi_share",
    "ev_share_private_cars",
    "clean_heating_share",
    "straw_utilization_rate",
    "conservation_tillage_million_mu",
)
#: Further indicators reported every year (figures and the web app draw them).
EXTRA_INDICATORS = (
    "rooftop_pv_gw",
    "hydrogen_output_kt",
    "ammonia_output_kt",
    "straw_household_fuel_share",
)


def scorecard(yearly: pd.DataFrame) -> list[dict]:
    """Score each target against the yearly KPI table (indexed by year).

    Returns:
        One dict per target: ``kpi, year, target, sense, value, met`` (``value``/``met`` are
        None when the year is outside the run).
    """
    rows = []
    for t in TARGETS:
        value = None
        met = None
        if t.year in yearly.index:
            value = float(yearly.at[t.year, t.kpi])
            met = value >= t.value if t.sense == ">=" else value <= t.value
        rows.append(
            {"kpi": t.kpi, "year": t.year, "target": t.value, "sense": t.sense,
             "target_text": t.text, "value": value, "met": met}
        )  # fmt: skip
    return rows
