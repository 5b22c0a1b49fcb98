"""The plan's new industry: hydrogen production, the 大安 green-ammonia plant, green-power parks.

Each is a firm agent with output, value added and an electricity need per unit of output. Its
power comes partly from renewables supplied directly (dedicated wind and solar, credited once:
neither grid use nor export) and partly from the grid, by the ``green_power_direct_supply_share``
lever (the 大安 plant has its own 700 MW wind and 100 MW solar). The planned build-out is a
lever, read as milestones (built evenly between the years of its schedule); the share actually
built is an uncertainty, because plans slip (the 大安 plant had not
started production in early 2024 and ran from July 2025, FACTS).
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING

from agents.population import OrderedAgent
from parameters.units import KG_PER_T, KWH_PER_MWH, MWH_PER_TWH

if TYPE_CHECKING:
    from simulation.model import CityModel


class NewIndustry(OrderedAgent, abc.ABC):
    """A new industrial activity with an electricity need and a direct green-power share.

    Attributes:
        output_t: Output this year (tonnes of product; MWh of load for parks).
        electricity_mwh: Electricity it needs this year.
        value_added: Value added this year (yuan).
    """

    def __init__(self, model: CityModel) -> None:
        """Start with no output (none of the plan's new industry ran in 2020)."""
        super().__init__(model)
        self.output_t = 0.0
        self.electricity_mwh = 0.0
        self.value_added = 0.0

    def decide(self) -> None:
        """Set this year's output, electricity need and value added."""
        self.output_t = self.planned_output()
        self.electricity_mwh = self.output_t * self.mwh_per_unit()
        self.value_added = self.output_t * self.value_added_per_unit()

    @abc.abstractmethod
    def planned_output(self) -> float:
        """Output this year."""

    @abc.abstractmethod
    def mwh_per_unit(self) -> float:
        """Electricity per unit of output (MWh)."""

    @abc.abstractmethod
    def value_added_per_unit(self) -> float:
        """Value added per unit of output (yuan)."""

    def direct_share(self) -> float:
        """Share of its electricity supplied directly by dedicated renewables."""
        return self.model.p("green_power_direct_supply_share")

    def energy(self) -> dict[str, float]:
        """Electricity from the grid and from dedicated renewables (MWh)."""
        direct = self.direct_share()
        return {
            "electricity_mwh": self.electricity_mwh * (1 - direct),
            "green_mwh": self.electricity_mwh * direct,
        }


class HydrogenProducer(NewIndustry):
    """The city's electrolysis capacity beyond the 大安 plant (the hydrogen plan's goals)."""

    def planned_output(self) -> float:
        """Realised capacity x utilisation, tonnes of H2."""
        p = self.model.p
        goal_kt = self.model.milestone("hydrogen_capacity_goal_kt")
        capacity_t = goal_kt * KG_PER_T * p("new_industry_realisation")
        return capacity_t * p("electrolyser_utilisation")

    def mwh_per_unit(self) -> float:
        """Electrolysis electricity per tonne of H2."""
        return self.model.p("electrolysis_kwh_per_kg")

    def value_added_per_unit(self) -> float:
        """Value added per tonne of H2."""
        return self.model.p("hydrogen_value_added_yuan_per_kg") * KG_PER_T


class GreenAmmoniaPlant(NewIndustry):
    """The 大安 wind-solar green hydrogen and ammonia plant (SPIC): 180 kt NH3 a year."""

    def planned_output(self) -> float:
        """Ammonia (t) from its start year; half a year in the year it starts."""
        p, year = self.model.p, self.model.year
        start = p("green_ammonia_start_year")
        if year < start:
            return 0.0
        ramp = 0.5 if year == start else 1.0
        return p("green_ammonia_capacity_kt") * KG_PER_T * p("green_ammonia_utilisation") * ramp

    @property
    def hydrogen_t(self) -> float:
        """Hydrogen made for the ammonia this year (t)."""
        return self.output_t * self.model.p("ammonia_h2_t_per_t")

    def mwh_per_unit(self) -> float:
        """Electrolysis for the hydrogen plus air separation and synthesis, per tonne of NH3."""
        p = self.model.p
        return p("ammonia_h2_t_per_t") * p("electrolysis_kwh_per_kg") + p(
            "ammonia_synthesis_mwh_per_t"
        )

    def value_added_per_unit(self) -> float:
        """Value added per tonne of ammonia."""
        return self.model.p("ammonia_value_added_yuan_per_t")

    def direct_share(self) -> float:
        """Its own wind and solar farms supply most of its power, whatever the lever says."""
        p = self.model.p
        return max(p("green_ammonia_own_supply_share"), p("green_power_direct_supply_share"))


class GreenPowerPark(NewIndustry):
    """Green-power industrial parks (绿电产业示范园区): new manufacturing drawn by local power."""

    def planned_output(self) -> float:
        """Realised park load, MWh a year (the output unit of a park is its load)."""
        p = self.model.p
        load = self.model.milestone("green_park_load_twh")
        return load * MWH_PER_TWH * p("new_industry_realisation")

    def mwh_per_unit(self) -> float:
        """A park's output is measured as its load: one MWh per MWh."""
        return 1.0

    def value_added_per_unit(self) -> float:
        """Value added per MWh of park load."""
        return self.model.p("green_park_value_added_yuan_per_kwh") * KWH_PER_MWH
