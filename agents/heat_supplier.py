"""District-heat companies: combined heat and power, heat-only boilers and their replacements.

Each company supplies a share of the city's district heat. Its coal-fired heat comes partly
from the coal plants' CHP extraction and partly from heat-only boilers. CHP plants have one
fuel use, allocated between power and heat by the *heat method* of Chinese energy statistics
(热量法): heat is charged the fuel a reference boiler would need for it
(``chp_heat_coal_kgce_per_gj``), power the rest (``simulation.power`` counts that rest as
generation x coal per kWh). A company moves shares of its coal heat to large heat pumps on the
wind-heating tariff, biomass, gas or hydrogen, and retrofits to cut fuel per GJ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.firm import FuelSwitcher
from parameters.units import GJ_PER_TCE, KG_PER_T, KWH_PER_GJ

if TYPE_CHECKING:
    from simulation.model import CityModel


def coal_gj_per_gj_heat(p) -> float:
    """Coal energy (GJ) per GJ of district heat from coal: CHP heat method and boilers."""
    chp = p("chp_heat_share_of_coal_heat")
    return chp * p("chp_heat_coal_kgce_per_gj") / KG_PER_T * GJ_PER_TCE + (1 - chp) / p(
        "heat_boiler_efficiency"
    )


class HeatSupplier(FuelSwitcher):
    """A district-heat company supplying a share of the city's district heat.

    Attributes:
        heat_share: Share of the city's district heat it supplies.
        heat_gj: Heat it delivers this year (set by the model from the demand).
    """

    def __init__(self, model: CityModel, heat_share: float, biomass_share: float) -> None:
        """Create a heat company with its share of the heat and of biomass in 2020."""
        super().__init__(model)
        self.heat_share = heat_share
        self.switched[1] = biomass_share
        self.heat_gj = 0.0

    def decide(self) -> None:
        """Yearly responses: efficiency retrofits and fuel switching (it does not exit)."""
        p = self.model.p
        self.efficiency *= 1 - p("heat_supply_autonomous_efficiency")
        self.model.fiscal["industry_retrofit_subsidy_share"] += self.retrofit(
            self.coal_tce_for_heat()
        )
        self.switch_fuel()

    def coal_tce_for_heat(self) -> float:
        """Coal (tce) its coal-fired share burns for this year's heat, before retrofits."""
        p = self.model.p
        return self.heat_gj * self.coal_share * coal_gj_per_gj_heat(p) / GJ_PER_TCE

    def heat_costs(self) -> np.ndarray:
        """Cost per GJ delivered: coal, heat pumps, biomass, gas, hydrogen (yuan/GJ)."""
        model, p = self.model, self.model.p
        fuels, carbon = model.fuels, p("carbon_price_yuan_per_t")
        coal_t_per_gj = coal_gj_per_gj_heat(p) / fuels.heat_gj["coal_t"]
        coal = coal_t_per_gj * (p("coal_price_yuan_per_t") + carbon * fuels.co2_t["coal_t"])
        heat_pump = p("heating_electricity_price_yuan_per_kwh") * KWH_PER_GJ / p(
            "district_heat_pump_cop"
        ) + p("district_heat_pump_capex_yuan_per_gj")
        biomass = model.straw.biomass_fuel_price_per_gj(p) / p("biomass_boiler_efficiency")
        gas = (p("gas_price_yuan_per_m3") + carbon * fuels.co2_t["gas_m3"]) / (
            fuels.heat_gj["gas_m3"] * p("industrial_gas_boiler_efficiency")
        )
        hydrogen = (
            p("hydrogen_price_yuan_per_kg")
            * KG_PER_T
            / (fuels.heat_gj["h2_t"] * p("industrial_gas_boiler_efficiency"))
        )
        capex = np.array(
            [0.0, p("switch_capex_biomass_yuan_per_gj"), p("switch_capex_gas_yuan_per_gj"),
             p("switch_capex_hydrogen_yuan_per_gj")]
        )  # fmt: skip
        return np.concatenate([[coal], np.array([heat_pump, biomass, gas, hydrogen]) + capex])

    def energy(self) -> dict[str, float]:
        """Fuel used to supply this company's heat; coal split into CHP heat and boilers."""
        p, fuels = self.model.p, self.model.fuels
        heat, s = self.heat_gj, self.switched
        coal_gj = heat * self.coal_share * coal_gj_per_gj_heat(p) * self.efficiency
        return {
            "coal_t": coal_gj / fuels.heat_gj["coal_t"],
            "electricity_mwh": s[0] * heat * KWH_PER_GJ / p("district_heat_pump_cop") / KG_PER_T,
            "biomass_gj": s[1] * heat / p("biomass_boiler_efficiency"),
            "gas_m3": s[2]
            * heat
            / (fuels.heat_gj["gas_m3"] * p("industrial_gas_boiler_efficiency")),
            "h2_t": s[3] * heat / (fuels.heat_gj["h2_t"] * p("industrial_gas_boiler_efficiency")),
        }
