"""The energy system: wind/solar build-out, grid factor, local coal power, aggregate sectors.

Aggregate sectors are those not represented by agents: services, freight and irrigation.
"""

from __future__ import annotations

from collections.abc import Callable

from parameters import REGISTRY, calibration
from parameters.units import COAL_GJ_PER_T, GJ_PER_MWH, TCE_PER_T_COAL

BASE_YEAR = 2020
GCE_PER_KWH_TO_TCE_PER_MWH = 1e-3  # g/kWh -> t/MWh
SMALL_BOILER_EFFICIENCY = 0.7  # assumption: phased-out commercial coal boilers
REPLACEMENT_HEAT_PUMP_COP = 2.5  # assumption: heat pumps that replace them
BAU_CAPACITY_2030 = REGISTRY["wind_solar_capacity_2030_gw"].default

Lookup = Callable[[str], float]


def wind_solar_gw(p: Lookup, year: int, capacity_2030: float | None = None) -> float:
    """Installed wind + solar capacity in ``year``: linear to the 2030 level, then steady growth.

    Args:
        p: Parameter lookup for the current year.
        year: Calendar year.
        capacity_2030: The 2030 level (defaults to the lever's current value).
    """
    start = p("wind_solar_capacity_2020_gw")
    target = p("wind_solar_capacity_2030_gw") if capacity_2030 is None else capacity_2030
    if year <= 2030:
        return start + (target - start) * (year - BASE_YEAR) / 10
    return target + p("wind_solar_growth_after_2030_gw") * (year - 2030)


def grid_nonfossil_share(p: Lookup, year: int, city_gw: float, extra_twh: float = 0.0) -> float:
    """Non-fossil share of the regional grid, including the city's build-out beyond BAU.

    The regional trend already contains the city's business-as-usual build-out; generation the
    city adds beyond it (and ``extra_twh``, e.g. exported rooftop PV) displaces fossil generation
    in the regional mix.
    """
    t = year - BASE_YEAR
    regional_twh = p("regional_generation_twh_2020") * (1 + p("regional_generation_growth")) ** t
    extra_gw = city_gw - wind_solar_gw(p, year, BAU_CAPACITY_2030)
    extra_twh += extra_gw * p("wind_solar_full_load_hours") / 1e3
    share = p("grid_nonfossil_share_2020") + p("grid_nonfossil_growth") * t
    return min(0.98, max(0.0, share + extra_twh / regional_twh))


def coal_power(p: Lookup, city_gw: float, coal_cap_excess_t: float = 0.0) -> dict[str, float]:
    """Local coal power generation and its coal use.

    Running hours fall as local wind and solar grow, down to the CHP must-run floor; under a
    binding coal cap, plants run at the floor and the city imports the difference.

    Args:
        p: Parameter lookup.
        city_gw: The city's wind + solar capacity this year.
        coal_cap_excess_t: Coal above the cap before the power sector's response (t).
    """
    displaced = p("coal_hours_displaced_per_gw") * (city_gw - p("wind_solar_capacity_2020_gw"))
    hours = max(p("coal_power_hours_min"), p("coal_power_hours_2020") - displaced)
    capacity_mw = p("coal_power_capacity_gw") * 1e3
    coal_per_mwh = p("power_plant_coal_g_per_kwh") * GCE_PER_KWH_TO_TCE_PER_MWH / TCE_PER_T_COAL
    if coal_cap_excess_t > 0:
        cut_hours = coal_cap_excess_t / (capacity_mw * coal_per_mwh)
        hours = max(p("coal_power_hours_min"), hours - cut_hours)
    generation = capacity_mw * hours
    return {"generation_mwh": generation, "coal_t": generation * coal_per_mwh, "hours": hours}


class AggregateSectors:
    """Services, freight and irrigation: demand grows with GDP through elasticities."""

    def __init__(self) -> None:
        """Start from the 2020 calibration levels."""
        self.services_index = 1.0
        self.freight_index = 1.0
        self.services_coal_index = 1.0

    def advance(self, p: Lookup, growth_rate: float, coal_stove_banned: bool) -> None:
        """Move one year: growth, small-boiler phase-out (faster once coal stoves are banned)."""
        g = growth_rate
        self.services_index *= 1 + g * p("services_energy_elasticity")
        self.freight_index *= (1 + g * p("freight_diesel_elasticity")) * (
            1 - p("industry_autonomous_efficiency")
        )
        phaseout = calibration.SERVICES_COAL_PHASEOUT.value * (3 if coal_stove_banned else 1)
        self.services_coal_index *= 1 - phaseout

    def energy(self, p: Lookup) -> dict[str, dict[str, float]]:
        """Energy by sector and fuel for the current year."""
        s = calibration.SERVICES_ENERGY_2020
        coal_t = s["coal_t"].value * self.services_index * self.services_coal_index
        replaced_coal_t = s["coal_t"].value * self.services_index - coal_t
        replaced_mwh = (
            replaced_coal_t * COAL_GJ_PER_T * SMALL_BOILER_EFFICIENCY / GJ_PER_MWH
            / REPLACEMENT_HEAT_PUMP_COP
        )  # fmt: skip
        return {
            "services": {
                "coal_t": coal_t,
                "electricity_mwh": s["electricity_mwh"].value * self.services_index + replaced_mwh,
                "gas_m3": s["gas_m3"].value * self.services_index,
            },
            "transport": {"diesel_t": calibration.FREIGHT_DIESEL_2020.value * self.freight_index},
            "agriculture": {"electricity_mwh": calibration.AGRICULTURE_ELECTRICITY_2020.value},
            "district_heat_gj": {
                "services": s["district_heat_gj"].value * self.services_index
                * p("heating_degree_days_factor")
            },
        }  # fmt: skip
