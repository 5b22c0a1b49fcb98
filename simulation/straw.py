"""One straw and biomass balance: where every tonne of the city's straw goes each year.

Straw produced = household fuel (stoves and kangs) + field return + off-field use (feed,
materials, biomass power, pellets, and bales sold beyond those) + open burning, in tonnes of
air-dry straw. Households take their fuel first from their own farms; the farms' practices
divide the rest. Off-field bales serve feed and materials first; biomass power plants and pellet
makers share what remains and get no more than that (their shortfall is made up with coal).
The buyer price moves with last year's balance of off-field demand and supply, so selling straw
pays less when bales pile up and more when plants go short.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Lookup = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class StrawBalance:
    """One year's straw balance (tonnes of air-dry straw).

    Attributes:
        produced_t: Collectable straw produced.
        household_fuel_t: Burned in household stoves and kangs.
        returned_t: Returned to the field.
        burned_t: Burned in the open.
        off_field_t: Baled and taken off the field.
        feed_t: Of which fed to livestock.
        materials_t: Of which used for materials and substrates.
        power_t: Of which burned in biomass power plants.
        pellets_t: Of which pressed into pellets and briquettes.
        other_t: Of which sold beyond the city's own uses (bales without a local buyer).
        energy_demand_t: What power plants and pellet makers wanted (before rationing).
        energy_supply_ratio: Share of the power plants' and pellet makers' demand met.
        buyer_price: The bale price farms faced this year (yuan/t).
    """

    produced_t: float
    household_fuel_t: float
    returned_t: float
    burned_t: float
    off_field_t: float
    feed_t: float
    materials_t: float
    power_t: float
    pellets_t: float
    other_t: float
    energy_demand_t: float
    energy_supply_ratio: float
    buyer_price: float

    @property
    def utilisation(self) -> float:
        """Straw comprehensive utilisation rate: everything not burned in the open."""
        return 1 - self.burned_t / self.produced_t if self.produced_t else 0.0

    @property
    def household_fuel_share(self) -> float:
        """Share of the straw produced that households burn as fuel."""
        return self.household_fuel_t / self.produced_t if self.produced_t else 0.0


def settle_straw(
    p: Lookup,
    buyer_price: float,
    supply: dict[str, float],
    household_fuel_t: float,
    power_demand_t: float,
    pellet_demand_t: float,
) -> StrawBalance:
    """Balance this year's straw.

    Args:
        p: Parameter lookup.
        buyer_price: This year's bale price (recorded with the balance).
        supply: ``Farms.straw_supply``: ``produced_t`` and the tonnes under each practice.
        household_fuel_t: Straw the households' stoves burn.
        power_demand_t: Straw the biomass power plants would burn at full output.
        pellet_demand_t: Straw the pellet makers need for this year's pellet demand.
    """
    produced = supply["produced_t"]
    fuel = min(household_fuel_t, produced)
    left = 1 - fuel / produced if produced else 0.0
    off_field = supply["off_field_t"] * left
    feed = min(off_field, p("straw_feed_share") * produced)
    materials = min(off_field - feed, p("straw_materials_share") * produced)
    for_energy = off_field - feed - materials
    energy_demand = power_demand_t + pellet_demand_t
    ratio = min(1.0, for_energy / energy_demand) if energy_demand > 0 else 1.0
    return StrawBalance(
        produced_t=produced,
        household_fuel_t=fuel,
        returned_t=supply["return_t"] * left,
        burned_t=supply["burn_t"] * left,
        off_field_t=off_field,
        feed_t=feed,
        materials_t=materials,
        power_t=power_demand_t * ratio,
        pellets_t=pellet_demand_t * ratio,
        other_t=for_energy - energy_demand * ratio,
        energy_demand_t=energy_demand,
        energy_supply_ratio=ratio,
        buyer_price=buyer_price,
    )


@dataclass(slots=True)
class StrawMarket:
    """The price paid for baled straw, and the pellet price that follows it.

    Attributes:
        buyer_price: Yuan per tonne of baled straw this year.
        pellet_price: Yuan per tonne of pellets this year.
    """

    buyer_price: float
    pellet_price: float

    @classmethod
    def start(cls, p: Lookup) -> StrawMarket:
        """The 2020 market at the registry prices."""
        return cls(p("biomass_buyer_price_yuan_per_t"), p("pellet_price_yuan_per_t"))

    def biomass_fuel_price_per_gj(self, p: Lookup) -> float:
        """Price of biomass fuel for boilers (yuan per GJ), pellets at this year's price."""
        return self.pellet_price / p("pellet_heat_value_gj_per_t")

    def adjust(self, p: Lookup, balance: StrawBalance) -> None:
        """Set next year's prices from this year's off-field demand and supply.

        The market-clearing price is the base price times (demand / supply) ** elasticity,
        within the registry's bounds; the price moves ``straw_price_adjustment`` of the way
        there (in logs) each year. Pellets pass the change in straw cost through.
        """
        base = p("biomass_buyer_price_yuan_per_t")
        demand = balance.feed_t + balance.materials_t + balance.energy_demand_t
        if balance.off_field_t <= 0:
            tightness = p("straw_price_cap_share")  # no bales at all: the price is at its cap
        else:
            tightness = demand / balance.off_field_t
        low, high = p("straw_price_floor_share"), p("straw_price_cap_share")
        factor = min(high, max(low, tightness ** p("straw_price_elasticity")))
        step = p("straw_price_adjustment")
        self.buyer_price = self.buyer_price ** (1 - step) * (base * factor) ** step
        self.pellet_price = p("pellet_price_yuan_per_t") + (self.buyer_price - base) * p(
            "straw_per_pellet_t"
        )
