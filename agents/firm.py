"""Firms: industrial firms and district-heat suppliers, ordinary Mesa agents (a few dozen).

Each year a firm grows with the economy, may retrofit for efficiency (payback with energy and
carbon prices, net of the retrofit subsidy), may switch a slice of its coal-fired process heat to
electricity, biomass, gas or hydrogen (logit on the cost per GJ of useful heat, including the
carbon price), and a "two-high" firm may exit under coal-control pressure or a heavy carbon cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from agents.population import logistic
from parameters.units import (
    COAL_GJ_PER_T,
    GAS_GJ_PER_M3,
    GJ_PER_TCE,
    H2_GJ_PER_KG,
    KWH_PER_GJ,
    TCE_PER_MWH_CALORIFIC,
    TCE_PER_T_COAL,
)

if TYPE_CHECKING:
    from simulation.model import CityModel

BOILER_EFFICIENCY = 0.8  # assumption: industrial coal boilers
BIOMASS_BOILER_EFFICIENCY = 0.85  # assumption
GAS_BOILER_EFFICIENCY = 0.9  # assumption
ELECTRODE_BOILER_EFFICIENCY = 0.98  # assumption
HEAT_PUMP_COP_DISTRICT = 2.5  # assumption: large heat pumps on the heat network
HEAT_PUMP_CAPEX_PER_GJ = 25.0  # assumption: annualised large-heat-pump capex, yuan/GJ
SWITCH_SLICE = 0.25  # assumption: share of original coal heat moved per switch decision
YUAN_PER_UTILITY_PER_GJ = 10.0  # assumption: logit scale of fuel-cost differences
ANNUITY_10Y_8PCT = 6.71  # present value of 1 yuan/yr over 10 years at 8%
#: Fuels coal heat can switch to, and the extra annualised capex per GJ (assumption).
SWITCH_FUELS = ("electricity", "biomass", "gas", "hydrogen")
SWITCH_CAPEX_PER_GJ = np.array([5.0, 15.0, 5.0, 10.0])


class Firm(mesa.Agent):
    """An industrial firm (one object agent per firm).

    Attributes:
        sector: Industrial class name.
        two_high: Belongs to the energy- and emission-intensive ("两高") classes.
        value_added: Value added in 2020 (yuan).
        base: 2020 energy use: ``coal_t``, ``electricity_mwh``, ``gas_m3``.
        clinker_t: 2020 clinker output (process CO2), tonnes.
        output_elasticity: Class multiplier of the industrial output elasticity.
        output: Output index (1.0 in 2020).
        efficiency: Energy-per-output multiplier (1.0 in 2020).
        switched: Share of the 2020 coal heat now supplied by each of ``SWITCH_FUELS``.
        retrofits: Efficiency retrofits made.
        active: False once the firm has exited.
    """

    def __init__(
        self,
        model: CityModel,
        sector: str,
        two_high: bool,
        value_added: float,
        base: dict[str, float],
        clinker_t: float = 0.0,
        output_elasticity: float = 1.0,
    ) -> None:
        """Create a firm with its 2020 energy use and value added."""
        super().__init__(model)
        self.sector = sector
        self.two_high = two_high
        self.value_added = value_added
        self.base = base
        self.clinker_t = clinker_t
        self.output_elasticity = output_elasticity
        self.output = 1.0
        self.efficiency = 1.0
        # four shares, summed several times per firm-year: a list is ~30x faster than NumPy here
        self.switched = [0.0] * len(SWITCH_FUELS)
        self.retrofits = 0
        self.active = True

    # ------------------------------------------------------------------ decisions
    def step(self) -> None:
        """Yearly decisions in order: grow, retrofit, switch fuel, exit."""
        if not self.active:
            return
        model: CityModel = self.model
        u = model.firm_draws[self.unique_id]
        self.grow()
        model.fiscal["industry_retrofit_subsidy_share"] += self.decide_retrofit(u[0])
        self.decide_fuel_switch(u[1], u[2])
        self.decide_exit(u[3])

    def grow(self) -> None:
        """Grow output with the economy and gain autonomous efficiency."""
        p = self.model.p
        elasticity = p("industry_output_elasticity") * self.output_elasticity
        self.output *= 1 + self.model.growth_rate * elasticity
        self.efficiency *= 1 - p("industry_autonomous_efficiency")

    def energy_tce(self) -> float:
        """Current energy use in tonnes of standard coal equivalent."""
        e = self.energy()
        return (
            e["coal_t"] * TCE_PER_T_COAL
            + e["electricity_mwh"] * TCE_PER_MWH_CALORIFIC
            + e["gas_m3"] * GAS_GJ_PER_M3 / GJ_PER_TCE
        )

    def decide_retrofit(self, u: float) -> float:
        """Retrofit with a probability that falls with the payback time.

        Returns:
            Subsidy paid (yuan), zero if no retrofit.
        """
        p = self.model.p
        if self.retrofits >= p("retrofit_max_count"):
            return 0.0
        saved_tce = p("retrofit_saving_share") * self.energy_tce()
        if saved_tce <= 0:
            return 0.0
        price_per_tce = (
            p("coal_price_yuan_per_t") / TCE_PER_T_COAL
            + p("carbon_price_yuan_per_t") * p("ef_coal_t_per_t") / TCE_PER_T_COAL
        )
        capex = saved_tce * p("retrofit_capex_yuan_per_tce")
        net_capex = capex * (1 - p("industry_retrofit_subsidy_share"))
        payback = net_capex / (saved_tce * price_per_tce)
        if u >= p("retrofit_max_rate") * logistic(5.0 - payback):
            return 0.0
        self.efficiency *= 1 - p("retrofit_saving_share")
        self.retrofits += 1
        return capex - net_capex

    def heat_costs(self) -> np.ndarray:
        """Cost per GJ of useful heat: coal, then each of ``SWITCH_FUELS`` (yuan/GJ)."""
        p = self.model.p
        carbon = p("carbon_price_yuan_per_t")
        coal = (p("coal_price_yuan_per_t") + carbon * p("ef_coal_t_per_t")) / (
            COAL_GJ_PER_T * BOILER_EFFICIENCY
        )
        gas_ef = p("ef_gas_kg_per_m3") / 1e3 * (1 - self.model.h2_energy_share)
        gas = (p("gas_price_yuan_per_m3") + carbon * gas_ef) / (
            GAS_GJ_PER_M3 * GAS_BOILER_EFFICIENCY
        )
        electricity = (
            p("industrial_electricity_price_yuan_per_kwh")
            * KWH_PER_GJ
            / ELECTRODE_BOILER_EFFICIENCY
        )
        biomass = p("biomass_fuel_price_yuan_per_gj") / BIOMASS_BOILER_EFFICIENCY
        hydrogen = p("hydrogen_price_yuan_per_kg") / (H2_GJ_PER_KG * GAS_BOILER_EFFICIENCY)
        others = np.array([electricity, biomass, gas, hydrogen]) + SWITCH_CAPEX_PER_GJ
        return np.concatenate([[coal], others])

    def decide_fuel_switch(self, u_review: float, u_choice: float) -> None:
        """Review the boiler (at end of life or under coal control) and maybe switch a slice."""
        model: CityModel = self.model
        remaining = 1.0 - sum(self.switched)
        if remaining <= 1e-9 or self.base["coal_t"] <= 0:
            return
        pressure = model.coal_pressure
        if u_review >= model.p("boiler_review_rate") + min(1.0, 2 * pressure):
            return
        utility = -self.heat_costs() / YUAN_PER_UTILITY_PER_GJ
        if pressure > 0:
            utility[0] = -np.inf  # coal control: the reviewed slice must leave coal
        prob = np.exp(utility - utility.max())
        choice = int(np.searchsorted(np.cumsum(prob / prob.sum()), u_choice, side="right"))
        if choice > 0:
            self.switched[min(choice, len(SWITCH_FUELS)) - 1] += min(SWITCH_SLICE, remaining)

    def decide_exit(self, u: float) -> None:
        """Two-high firms may exit under coal-control pressure or a heavy carbon cost."""
        if not self.two_high:
            return
        p = self.model.p
        co2 = self.energy()["coal_t"] * p("ef_coal_t_per_t") + self.process_co2()
        carbon_cost_share = p("carbon_price_yuan_per_t") * co2 / (self.value_added * self.output)
        p_exit = min(0.5, self.model.coal_pressure)
        if carbon_cost_share > p("two_high_carbon_cost_exit_share"):
            p_exit = max(p_exit, 0.1)
        if u < p_exit:
            self.active = False

    # ------------------------------------------------------------------ energy
    def process_co2(self) -> float:
        """Process CO2 from clinker (tonnes/yr); none after exit."""
        if not self.active:
            return 0.0
        return self.clinker_t * self.output * self.model.p("cement_process_t_per_t_clinker")

    def energy(self) -> dict[str, float]:
        """Current yearly energy use by fuel (zero after exit)."""
        if not self.active:
            return dict.fromkeys(("coal_t", "electricity_mwh", "gas_m3", "biomass_gj", "h2_t"), 0)
        scale = self.output * self.efficiency
        coal_heat_gj = self.base["coal_t"] * COAL_GJ_PER_T * BOILER_EFFICIENCY * scale
        s = self.switched
        return {
            "coal_t": self.base["coal_t"] * scale * (1 - sum(s)),
            "electricity_mwh": self.base["electricity_mwh"] * scale
            + s[0] * coal_heat_gj * KWH_PER_GJ / ELECTRODE_BOILER_EFFICIENCY / 1e3,
            "biomass_gj": s[1] * coal_heat_gj / BIOMASS_BOILER_EFFICIENCY,
            "gas_m3": self.base["gas_m3"] * scale
            + s[2] * coal_heat_gj / (GAS_GJ_PER_M3 * GAS_BOILER_EFFICIENCY),
            "h2_t": s[3] * coal_heat_gj / (H2_GJ_PER_KG * GAS_BOILER_EFFICIENCY) / 1e3,
        }


class HeatSupplier(Firm):
    """A district-heat company (CHP and boilers) supplying a share of the city's heat.

    Its fuel switch moves heat from coal to large electric heat pumps on the wind-heating
    tariff or to biomass boilers; its retrofits cut coal per GJ delivered.
    """

    def __init__(self, model: CityModel, heat_share: float, biomass_share: float) -> None:
        """Create a heat supplier with its share of the city's district heat."""
        super().__init__(model, "power_heat", False, 0.0, {"coal_t": 1.0, "electricity_mwh": 0,
                                                          "gas_m3": 0})  # fmt: skip
        self.heat_share = heat_share
        self.switched[1] = biomass_share
        self.heat_gj = 0.0

    def grow(self) -> None:
        """Heat demand is set by the model each year; no output growth of its own."""
        self.efficiency *= 1 - 0.5 * self.model.p("industry_autonomous_efficiency")

    def energy_tce(self) -> float:
        """Energy used for the heat it supplies (tce)."""
        return self.energy()["coal_t"] * TCE_PER_T_COAL

    def heat_costs(self) -> np.ndarray:
        """Cost per GJ delivered: coal, electricity (heat pumps), biomass, gas, hydrogen."""
        p = self.model.p
        carbon = p("carbon_price_yuan_per_t")
        coal_t_per_gj = p("district_heat_coal_kg_per_gj") / 1e3
        coal = coal_t_per_gj * (p("coal_price_yuan_per_t") + carbon * p("ef_coal_t_per_t"))
        costs = super().heat_costs()
        costs[0] = coal
        costs[1] = (
            p("heating_electricity_price_yuan_per_kwh") * KWH_PER_GJ / HEAT_PUMP_COP_DISTRICT
            + HEAT_PUMP_CAPEX_PER_GJ
        )
        return costs

    def decide_exit(self, u: float) -> None:
        """Heat suppliers do not exit (the city must be heated)."""

    def energy(self) -> dict[str, float]:
        """Fuel used to supply this company's share of district heat."""
        heat = self.heat_gj
        s = self.switched
        coal_t = heat * (1 - sum(s)) * self.model.p("district_heat_coal_kg_per_gj") / 1e3
        return {
            "coal_t": coal_t * self.efficiency,
            "electricity_mwh": s[0] * heat * KWH_PER_GJ / HEAT_PUMP_COP_DISTRICT / 1e3,
            "biomass_gj": s[1] * heat / BIOMASS_BOILER_EFFICIENCY,
            "gas_m3": s[2] * heat / (GAS_GJ_PER_M3 * GAS_BOILER_EFFICIENCY),
            "h2_t": s[3] * heat / (H2_GJ_PER_KG * GAS_BOILER_EFFICIENCY) / 1e3,
        }
