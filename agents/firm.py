"""Industrial firm classes: each agent stands for a class of plants and responds gradually.

A class (corn deep processing, steel, building materials, chemicals, other manufacturing) grows
with the economy, retrofits a share of its capacity for efficiency each year (more when the
payback, with energy and carbon prices net of the retrofit subsidy, is short), moves a share of
its coal-fired process heat to electricity, biomass, gas or hydrogen (a logit on the cost per GJ
of useful heat, including the carbon price), and an energy-intensive ("两高") class retires
capacity under coal-control pressure or a heavy carbon cost. Each response is the expected share
of the class's plants, so a class changes gradually and the same in every run (no lumpy exits).
Value added follows output and active capacity: closing capacity costs GDP.
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING

import numpy as np

from agents.population import OrderedAgent, logistic, logit_shares
from parameters.units import GJ_PER_TCE, KG_PER_T, KWH_PER_GJ, TCE_PER_MWH_CALORIFIC

if TYPE_CHECKING:
    from simulation.model import CityModel

#: Fuels coal-fired heat can switch to (the columns of ``switched``).
SWITCH_FUELS = ("electricity", "biomass", "gas", "hydrogen")
ENERGY_KEYS = ("coal_t", "electricity_mwh", "gas_m3", "biomass_gj", "h2_t")


def energy_tce(fuels, energy: dict[str, float]) -> float:
    """Energy of a fuel mix in tce, electricity at its calorific value (Chinese statistics)."""
    return sum(
        amount * TCE_PER_MWH_CALORIFIC if fuel == "electricity_mwh" else fuels.tce(fuel, amount)
        for fuel, amount in energy.items()
    )


class FuelSwitcher(OrderedAgent, abc.ABC):
    """An agent that burns coal for heat and moves shares of it to other fuels.

    Attributes:
        switched: Share of the original coal heat now supplied by each of ``SWITCH_FUELS``.
        efficiency: Energy-per-output multiplier (1.0 in 2020; retrofits lower it).
        retrofits: Retrofit waves made so far (fractional: shares of capacity).
    """

    def __init__(self, model: CityModel) -> None:
        """Start with all heat from coal, at 2020 efficiency."""
        super().__init__(model)
        self.switched = np.zeros(len(SWITCH_FUELS))
        self.efficiency = 1.0
        self.retrofits = 0.0

    @abc.abstractmethod
    def heat_costs(self) -> np.ndarray:
        """Cost per GJ of useful heat: coal, then each of ``SWITCH_FUELS`` (yuan/GJ)."""

    def switch_fuel(self) -> None:
        """Review a share of the remaining coal heat and move it by a logit on heat costs.

        The reviewed share is the boiler-renewal rate, raised by coal-control pressure, which
        also takes coal out of the choice for the reviewed heat.
        """
        model, p = self.model, self.model.p
        remaining = self.coal_share
        if remaining <= 0:
            return
        pressure = model.coal_pressure
        reviewed = min(
            p("boiler_review_rate_max"),
            p("boiler_review_rate") + p("coal_pressure_review_factor") * pressure,
        )
        utility = -self.heat_costs() / p("heat_choice_yuan_per_gj")
        unavailable = np.zeros(utility.size, dtype=bool)
        unavailable[0] = pressure > 0
        unavailable[1:] = ~self.switch_options()
        shares = logit_shares(utility, unavailable)
        self.switched += reviewed * remaining * shares[1:]

    @property
    def coal_share(self) -> float:
        """Share of the original coal heat still supplied by coal."""
        return max(0.0, 1.0 - float(self.switched.sum()))

    def switch_options(self) -> np.ndarray:
        """Which of ``SWITCH_FUELS`` this agent can switch to (all, by default)."""
        return np.ones(len(SWITCH_FUELS), dtype=bool)

    def retrofit(self, energy_tce: float) -> float:
        """Retrofit a share of capacity this year; return the subsidy paid (yuan).

        The share is ``retrofit_max_rate x logistic(midpoint - payback)``, where the payback
        counts energy and carbon savings at this year's prices against the capex net of the
        subsidy; a class can go through at most ``retrofit_max_count`` waves.
        """
        p = self.model.p
        room = p("retrofit_max_count") - self.retrofits
        saved_tce = p("retrofit_saving_share") * energy_tce
        if room <= 0 or saved_tce <= 0:
            return 0.0
        tce_per_t = p("coal_heat_value_gj_per_t") / GJ_PER_TCE
        price_per_tce = (
            p("coal_price_yuan_per_t")
            + p("carbon_price_yuan_per_t") * self.model.fuels.co2_t["coal_t"]
        ) / tce_per_t
        capex = saved_tce * p("retrofit_capex_yuan_per_tce")
        net = capex * (1 - p("industry_retrofit_subsidy_share"))
        payback = net / (saved_tce * price_per_tce)
        share = min(room, p("retrofit_max_rate") * logistic(p("retrofit_payback_midpoint_years")
                                                             - payback))  # fmt: skip
        self.retrofits += share
        self.efficiency *= 1 - p("retrofit_saving_share") * share
        return share * (capex - net)


class Firm(FuelSwitcher):
    """A class of industrial plants (one agent per class).

    Attributes:
        sector: Industrial class name.
        two_high: Belongs to the energy- and emission-intensive ("两高") classes.
        value_added_2020: Value added of the class in 2020 (yuan).
        base: 2020 energy use: ``coal_tce`` (coal by energy, so the coal's heat value sets the
            tonnes), ``electricity_mwh``, ``gas_m3``.
        clinker_t: 2020 clinker output (process CO2), tonnes.
        output_elasticity: Class multiplier of the industrial output elasticity.
        output: Output per unit of active capacity, relative to 2020.
        capacity: Share of the 2020 capacity still active.
    """

    def __init__(
        self,
        model: CityModel,
        sector: str,
        two_high: bool,
        value_added_2020: float,
        base: dict[str, float],
        clinker_t: float,
        output_elasticity: float,
    ) -> None:
        """Create a firm class with its 2020 energy use and value added."""
        super().__init__(model)
        self.sector = sector
        self.two_high = two_high
        self.value_added_2020 = value_added_2020
        self.base = base
        self.clinker_t = clinker_t
        self.output_elasticity = output_elasticity
        self.output = 1.0
        self.capacity = 1.0

    def decide(self) -> None:
        """Yearly responses in order: grow, retrofit, switch fuel, retire capacity."""
        model = self.model
        self.grow()
        model.fiscal["industry_retrofit_subsidy_share"] += self.retrofit(self.energy_tce())
        self.switch_fuel()
        self.retire()

    def grow(self) -> None:
        """Grow output with the economy and gain autonomous efficiency."""
        p = self.model.p
        elasticity = p("industry_output_elasticity") * self.output_elasticity
        self.output *= 1 + self.model.economy.growth_rate * elasticity
        self.efficiency *= 1 - p("industry_autonomous_efficiency")

    @property
    def value_added(self) -> float:
        """This year's value added (yuan)."""
        return self.value_added_2020 * self.output * self.capacity

    def energy_tce(self) -> float:
        """Current energy use in tonnes of standard coal equivalent (electricity calorific)."""
        return energy_tce(self.model.fuels, self.energy())

    def heat_costs(self) -> np.ndarray:
        """Cost per GJ of useful process heat: coal, electricity, biomass, gas, hydrogen."""
        model, p = self.model, self.model.p
        fuels, carbon = model.fuels, p("carbon_price_yuan_per_t")
        coal = (p("coal_price_yuan_per_t") + carbon * fuels.co2_t["coal_t"]) / (
            fuels.heat_gj["coal_t"] * p("industrial_coal_boiler_efficiency")
        )
        gas = (p("gas_price_yuan_per_m3") + carbon * fuels.co2_t["gas_m3"]) / (
            fuels.heat_gj["gas_m3"] * p("industrial_gas_boiler_efficiency")
        )
        electricity = (
            p("industrial_electricity_price_yuan_per_kwh")
            * KWH_PER_GJ
            / p("electrode_boiler_efficiency")
        )
        biomass = model.straw.biomass_fuel_price_per_gj(p) / p("biomass_boiler_efficiency")
        hydrogen = (
            p("hydrogen_price_yuan_per_kg")
            * KG_PER_T
            / (fuels.heat_gj["h2_t"] * p("industrial_gas_boiler_efficiency"))
        )
        capex = np.array([p(f"switch_capex_{f}_yuan_per_gj") for f in SWITCH_FUELS])
        return np.concatenate([[coal], np.array([electricity, biomass, gas, hydrogen]) + capex])

    def retire(self) -> None:
        """Energy-intensive classes retire capacity under coal pressure or a heavy carbon cost."""
        if not self.two_high:
            return
        p = self.model.p
        pressure = self.model.coal_pressure * self.coal_share  # plants off coal feel no cap
        rate = min(p("retire_max_rate"), p("retire_pressure_factor") * pressure)
        co2 = self.energy()["coal_t"] * self.model.fuels.co2_t["coal_t"] + self.process_co2()
        if self.value_added > 0:
            carbon_cost_share = p("carbon_price_yuan_per_t") * co2 / self.value_added
            if carbon_cost_share > p("two_high_carbon_cost_exit_share"):
                rate = max(rate, p("two_high_carbon_exit_rate"))
        self.capacity *= 1 - rate

    def process_co2(self) -> float:
        """Process CO2 from clinker (tonnes/yr)."""
        return (
            self.clinker_t
            * self.output
            * self.capacity
            * self.model.p("cement_process_t_per_t_clinker")
        )

    def energy(self) -> dict[str, float]:
        """Current yearly energy use by fuel."""
        p, fuels = self.model.p, self.model.fuels
        scale = self.output * self.capacity * self.efficiency
        coal_gj = self.base["coal_tce"] * GJ_PER_TCE * scale
        heat_gj = coal_gj * p("industrial_coal_boiler_efficiency")
        s = self.switched
        return {
            "coal_t": coal_gj * self.coal_share / fuels.heat_gj["coal_t"],
            "electricity_mwh": self.base["electricity_mwh"] * scale
            + s[0] * heat_gj * KWH_PER_GJ / p("electrode_boiler_efficiency") / KG_PER_T,
            "gas_m3": self.base["gas_m3"] * scale
            + s[2] * heat_gj / (fuels.heat_gj["gas_m3"] * p("industrial_gas_boiler_efficiency")),
            "biomass_gj": s[1] * heat_gj / p("biomass_boiler_efficiency"),
            "h2_t": s[3]
            * heat_gj
            / (fuels.heat_gj["h2_t"] * p("industrial_gas_boiler_efficiency")),
        }
