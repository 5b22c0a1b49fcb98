"""The plan's quantified targets (白政发〔2023〕5号, table in ``shared/data/FACTS.md``).

Each target names the model indicator it is scored on; the indicators the model does not
represent are listed too, so every scorecard says what it leaves out (``docs/PLAN_COVERAGE.md``
maps every measure of the plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SOURCE = "白城市碳达峰实施方案 (白政发〔2023〕5号) [shared/data/FACTS.md, 'The plan's own targets']"
#: The plan's headline: CO2 peaks before 2030.
PLAN_PEAK_YEAR = 2030


@dataclass(frozen=True, slots=True)
class Target:
    """A plan target: the indicator must be ``<=`` or ``>=`` the value in the year."""

    kpi: str
    year: int
    value: float
    sense: Literal[">=", "<="]
    text: str


TARGETS: tuple[Target, ...] = (
    Target("non_fossil_energy_share", 2025, 0.177, ">=", "17.7%"),
    Target("non_fossil_energy_share", 2030, 0.20, ">=", "~20%"),
    Target("co2_intensity_vs_2005", 2030, -0.65, "<=", "-65% or more"),
    Target("coal_consumption_mt", 2025, 7.9056, "<=", "<= 790.56万吨"),
    Target("non_fossil_capacity_share", 2025, 0.50, ">=", ">= 50%"),
    Target("wind_solar_capacity_gw", 2030, 40.0, ">=", "~40 GW"),
    Target("industry_energy_intensity_vs_2020", 2025, -0.135, "<=", "-13.5% vs 2020"),
    Target("nev_bus_share", 2025, 0.72, ">=", "~72%"),
    Target("nev_taxi_share", 2025, 0.35, ">=", "~35%"),
    Target("straw_utilization_rate", 2025, 0.86, ">=", "86%"),
    Target("conservation_tillage_million_mu", 2025, 6.0, ">=", "6 million mu"),
)

#: Indicators of the plan the model does not represent (listed in every scorecard).
NOT_MODELLED: tuple[str, ...] = (
    "new-type energy storage >= 0.1 GW (2025)",
    "peak-load demand response 5% (2030)",
    "prefabricated buildings 30%/40% of new floor area",
    "new urban buildings 100% green standard",
    "operating-vehicle CO2 per converted turnover -4.5%",
    "green travel share >= 60%",
    "charging/swap stations built: 6",
    "airport ground vehicles electrified",
    "household waste resource utilisation 60%/65%",
    "forest coverage 9.6% / stock 13.059 million m3",
    "grassland vegetation coverage 70%/72%",
    "high-standard farmland 6 million mu",
    "circular retrofit of all provincial-level and higher key industrial parks (2030)",
    "cropland quality one grade above the early 13th-plan level (2030)",
)
