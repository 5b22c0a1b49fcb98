"""This year's technology costs, fuel savings and public chargers: what every buyer faces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Lookup = Callable[[str], float]


@dataclass(slots=True)
class Market:
    """Prices and stocks that change from year to year.

    Attributes:
        battery_cost_index: Battery cost relative to 2020.
        ev_premium: Price premium of an EV over a petrol car (yuan).
        ev_fuel_saving_per_year: Yearly energy-cost saving of an EV (yuan).
        heat_pump_capex: Installed cost of a household heat pump (yuan).
        pv_capex: Installed cost of rooftop PV (yuan/kW).
        public_chargers: Public chargers in the city.
        fleet_choices: This year's purchase shares of fleets, by fleet kind and cost situation
            (every taxi fleet faces the same prices; a bus operator's also depend on whether it
            has spare depot chargers); cleared when prices change.
    """

    battery_cost_index: float = 1.0
    ev_premium: float = 0.0
    ev_fuel_saving_per_year: float = 0.0
    heat_pump_capex: float = 0.0
    pv_capex: float = 0.0
    public_chargers: float = 0.0
    fleet_choices: dict = field(default_factory=dict)

    @classmethod
    def start(cls, p: Lookup) -> Market:
        """The 2020 market."""
        market = cls(public_chargers=p("public_chargers_2020"))
        market.update_prices(p, 0)
        return market

    def update_prices(self, p: Lookup, years_since_2020: int) -> None:
        """Technology costs and fuel savings ``years_since_2020`` years after the base year."""
        t = years_since_2020
        self.fleet_choices.clear()
        self.battery_cost_index = (1 - p("battery_cost_decline_rate")) ** t
        self.ev_premium = p("ev_premium_2020_yuan") * self.battery_cost_index
        self.heat_pump_capex = (
            p("heat_pump_capex_yuan") * (1 - p("heat_pump_cost_decline_rate")) ** t
        )
        self.pv_capex = p("pv_capex_yuan_per_kw") * (1 - p("pv_cost_decline_rate")) ** t
        self.ev_fuel_saving_per_year = (
            p("car_km_per_year")
            / 100
            * (
                p("ice_l_per_100km") * p("petrol_price_yuan_per_l")
                - p("ev_kwh_per_100km") * p("electricity_price_yuan_per_kwh")
            )
        )

    def add_chargers(self, p: Lookup) -> float:
        """Build this year's public chargers; return their cost (yuan)."""
        added = p("public_chargers_added_per_year")
        self.public_chargers += added
        return added * p("public_charger_cost_yuan")
