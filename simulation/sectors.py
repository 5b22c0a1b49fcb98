"""Sectors not represented by agents: services, road freight and farm irrigation.

Their 2020 energy use is in the registry; demand grows with the economy through elasticities.
Services' small coal boilers are phased out (faster once coal stoves are banned) and replaced
by heat pumps.
"""

from __future__ import annotations

from collections.abc import Callable

from parameters.units import GJ_PER_TCE, KWH_PER_GJ, KWH_PER_MWH

Lookup = Callable[[str], float]


class AggregateSectors:
    """Services, freight and irrigation, as indices on their 2020 energy use."""

    def __init__(self) -> None:
        """Start from the 2020 levels."""
        self.services_index = 1.0
        self.freight_index = 1.0
        self.services_coal_index = 1.0

    def advance(self, p: Lookup, growth_rate: float, coal_stoves_banned: bool) -> None:
        """Move one year: growth, and the small-boiler phase-out."""
        g = growth_rate
        self.services_index *= 1 + g * p("services_energy_elasticity")
        self.freight_index *= (1 + g * p("freight_diesel_elasticity")) * (
            1 - p("freight_efficiency_gain")
        )
        phaseout = p("services_coal_phaseout_rate") * (
            p("services_coal_phaseout_ban_factor") if coal_stoves_banned else 1
        )
        self.services_coal_index *= 1 - phaseout

    def energy(self, p: Lookup, coal_heat_gj_per_t: float) -> dict[str, dict[str, float]]:
        """Energy by sector and fuel for the current year, and services' district heat (GJ)."""
        coal_gj_2020 = p("services_coal_tce_2020") * GJ_PER_TCE
        coal_gj = coal_gj_2020 * self.services_index * self.services_coal_index
        replaced_gj = coal_gj_2020 * self.services_index - coal_gj
        replaced_mwh = (
            replaced_gj * p("services_coal_boiler_efficiency") * KWH_PER_GJ
            / p("services_heat_pump_cop") / KWH_PER_MWH
        )  # fmt: skip
        return {
            "services": {
                "coal_t": coal_gj / coal_heat_gj_per_t,
                "electricity_mwh": p("services_electricity_mwh_2020") * self.services_index
                + replaced_mwh,
                "gas_m3": p("services_gas_m3_2020") * self.services_index,
            },
            "transport": {"diesel_t": p("freight_diesel_t_2020") * self.freight_index},
            "agriculture": {"electricity_mwh": p("agriculture_electricity_mwh_2020")},
            "district_heat_gj": {
                "services": p("services_district_heat_gj_2020")
                * self.services_index
                * p("heating_degree_days_factor")
            },
        }
