"""The power system: the Northeast grid's emission factor, local generation and the flows.

- The *regional grid factor* is the published MEE/NBS Northeast value for 2022 and 2023
  (``shared/data/FACTS.md``), back-cast to 2020 and extended by a yearly rise of the grid's
  non-fossil share. It is exogenous: the city's exported wind and solar are never credited to
  the power it consumes (DESIGN section 3).
- *Local coal plants* (condensing units and the power side of CHP) run fewer hours as local
  wind and solar grow, down to a heat-led must-run floor, and less again under a binding coal
  cap. Their coal use is ``generation x coal per kWh``; the fuel CHP plants burn for heat is
  allocated to district heat by the heat method (``simulation.heat``), so each tonne is counted
  once.
- *Flows*: generation by source, local use from the grid, renewable power supplied directly to
  new industry (credited once: neither grid use nor export), exports (the wind farms built for
  the 鲁固 UHV line, the rest to the Northeast grid and later 吉电南送) and imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parameters import REGISTRY
from parameters.units import GJ_PER_TCE, KG_PER_T, KW_PER_GW, MWH_PER_TWH

Lookup = Callable[[str], float]
#: The base year, and the years of the published Northeast grid factors (MEE/NBS, FACTS.md).
BASE_YEAR = int(REGISTRY["base_year"].default)
FIRST_PUBLISHED, LAST_PUBLISHED = 2022, 2023
#: The year the wind + solar lever names (``wind_solar_capacity_2030_gw``).
TARGET_YEAR = 2030


def grid_nonfossil_share(p: Lookup, year: int) -> float:
    """Non-fossil share of the Northeast grid's generation in ``year``.

    2022 and 2023 follow from the published grid factor over the fossil-only factor; 2020 is a
    back-cast (a registry constant); between them the share is interpolated, and after 2023 it
    rises by ``grid_nonfossil_growth`` a year up to ``grid_nonfossil_share_max``.
    """
    s2020 = p("grid_nonfossil_share_2020")
    s2022 = 1 - p("ne_grid_factor_2022") / p("grid_fossil_factor_2022")
    s2023 = 1 - p("ne_grid_factor_2023") / p("grid_fossil_factor_2023")
    if year <= BASE_YEAR:
        return s2020
    if year <= FIRST_PUBLISHED:
        return s2020 + (s2022 - s2020) * (year - BASE_YEAR) / (FIRST_PUBLISHED - BASE_YEAR)
    if year == LAST_PUBLISHED:
        return s2023
    rising = s2023 + p("grid_nonfossil_growth") * (year - LAST_PUBLISHED)
    return min(p("grid_nonfossil_share_max"), rising)


def grid_fossil_factor(p: Lookup, year: int) -> float:
    """CO2 per MWh of the Northeast grid's fossil generation (t/MWh)."""
    if year <= FIRST_PUBLISHED:
        return p("grid_fossil_factor_2022")
    return p("grid_fossil_factor_2023")


def grid_factor(p: Lookup, year: int) -> float:
    """CO2 per MWh of power drawn from the Northeast grid (t/MWh)."""
    return grid_fossil_factor(p, year) * (1 - grid_nonfossil_share(p, year))


def wind_solar_gw(p: Lookup, year: int) -> float:
    """The city's installed wind + solar capacity: linear to the 2030 level, then steady growth."""
    start = p("wind_solar_capacity_2020_gw")
    target = p("wind_solar_capacity_2030_gw")
    if year <= TARGET_YEAR:
        return start + (target - start) * (year - BASE_YEAR) / (TARGET_YEAR - BASE_YEAR)
    return target + p("wind_solar_growth_after_2030_gw") * (year - TARGET_YEAR)


def renewable_mwh(p: Lookup, city_gw: float) -> float:
    """Utility wind and solar generation of ``city_gw`` installed (MWh)."""
    return city_gw * p("wind_solar_full_load_hours") * KW_PER_GW / KG_PER_T


def direct_supply_room_mwh(p: Lookup, city_gw: float) -> float:
    """Wind and solar output that can be supplied directly (all but the 鲁固 export farms)."""
    luogu = renewable_mwh(p, p("luogu_wind_gw"))
    return max(renewable_mwh(p, city_gw) - luogu, 0.0)


def coal_t_per_mwh(p: Lookup) -> float:
    """Raw coal (t) per MWh supplied by local coal plants."""
    return p("power_plant_coal_g_per_kwh") / KG_PER_T * GJ_PER_TCE / p("coal_heat_value_gj_per_t")


def coal_power_hours(p: Lookup, city_gw: float) -> float:
    """Running hours of local coal plants, before any coal-cap cut."""
    displaced = p("coal_hours_displaced_per_gw") * (city_gw - p("wind_solar_capacity_2020_gw"))
    return max(p("coal_power_hours_min"), p("coal_power_hours_2020") - displaced)


@dataclass(frozen=True, slots=True)
class PowerYear:
    """One year of the local power system.

    Attributes:
        coal_hours: Running hours of the coal plants.
        coal_mwh: Power supplied by coal plants.
        coal_t: Their coal for power (the heat side is in ``simulation.heat``).
        renewable_mwh: Utility wind and solar generation.
        biomass_mwh: Straw-fired power.
        rooftop_export_mwh: Rooftop PV fed into the grid.
        dedicated_mwh: Renewable power supplied directly to new industry.
        grid_use_mwh: Electricity the city draws from the grid (all sectors).
        luogu_export_mwh: Wind built for the 鲁固 UHV line, exported.
        grid_export_mwh: Other net exports to the Northeast grid (and 吉电南送).
        import_mwh: Net imports (when the city uses more than it generates).
    """

    coal_hours: float
    coal_mwh: float
    coal_t: float
    renewable_mwh: float
    biomass_mwh: float
    rooftop_export_mwh: float
    dedicated_mwh: float
    grid_use_mwh: float
    luogu_export_mwh: float
    grid_export_mwh: float
    import_mwh: float

    @property
    def generation_mwh(self) -> float:
        """All local generation fed to the grid or to new industry."""
        return self.coal_mwh + self.renewable_mwh + self.biomass_mwh + self.rooftop_export_mwh

    @property
    def net_export_mwh(self) -> float:
        """Exports minus imports."""
        return self.luogu_export_mwh + self.grid_export_mwh - self.import_mwh


def power_year(
    p: Lookup,
    city_gw: float,
    hours: float,
    biomass_mwh: float,
    rooftop_export_mwh: float,
    dedicated_mwh: float,
    grid_use_mwh: float,
) -> PowerYear:
    """Settle a year's generation and flows.

    Args:
        p: Parameter lookup.
        city_gw: Installed wind + solar capacity.
        hours: Coal plant running hours (after any coal-cap cut).
        biomass_mwh: Straw-fired generation (limited by the straw supply).
        rooftop_export_mwh: Rooftop PV fed into the grid.
        dedicated_mwh: Renewable power supplied directly to new industry.
        grid_use_mwh: Electricity drawn from the grid by all sectors.
    """
    coal_mwh = p("coal_power_capacity_gw") * KW_PER_GW / KG_PER_T * hours
    wind_solar = renewable_mwh(p, city_gw)
    luogu = min(renewable_mwh(p, p("luogu_wind_gw")), wind_solar - min(dedicated_mwh, wind_solar))
    supply = coal_mwh + wind_solar + biomass_mwh + rooftop_export_mwh - dedicated_mwh
    surplus = supply - luogu - grid_use_mwh
    return PowerYear(
        coal_hours=hours,
        coal_mwh=coal_mwh,
        coal_t=coal_mwh * coal_t_per_mwh(p),
        renewable_mwh=wind_solar,
        biomass_mwh=biomass_mwh,
        rooftop_export_mwh=rooftop_export_mwh,
        dedicated_mwh=dedicated_mwh,
        grid_use_mwh=grid_use_mwh,
        luogu_export_mwh=luogu,
        grid_export_mwh=max(surplus, 0.0),
        import_mwh=max(-surplus, 0.0),
    )


def twh(mwh: float) -> float:
    """MWh to TWh."""
    return mwh / MWH_PER_TWH
