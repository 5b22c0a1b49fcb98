"""City bus operators: diesel, CNG, battery-electric and fuel-cell buses."""

from __future__ import annotations

import numpy as np

from agents.fleet import Fleet
from parameters.units import KG_PER_T

DIESEL, CNG, BEV, FCEV = range(4)


class BusFleet(Fleet):
    """A bus operator; BEVs need depot chargers, which the operator adds as it buys them."""

    KIND = "bus"
    POWERTRAINS = ("diesel", "cng", "bev", "fcev")
    NEV = np.array([False, False, True, True])
    lifetime_param = "bus_lifetime_years"
    mandate_param = "bus_nev_procurement_share"

    def __init__(self, model, stock: np.ndarray, depot_chargers: int) -> None:
        """Create a bus operator with its stock and depot chargers."""
        super().__init__(model, stock)
        self.depot_chargers = depot_chargers

    def allowed(self) -> np.ndarray:
        """Fuel-cell buses are a pilot (route 102): not procured beyond replacement."""
        return np.array([True, True, True, False])

    def cost_situation(self) -> tuple:
        """Whether a new battery bus needs a new depot charger."""
        return (
            self.depot_chargers * self.model.p("buses_per_depot_charger") > self.stock[BEV].sum(),
        )

    def lifetime_costs(self) -> np.ndarray:
        """Price plus energy over the bus's life.

        A battery bus costs a diesel bus plus an electric-drivetrain premium plus its battery,
        and only the battery follows the battery-cost index; BEVs beyond the depot chargers'
        capacity carry a share of a new charger.
        """
        model = self.model
        p = model.p
        km = p("bus_km_per_year") * p("bus_lifetime_years") / 100
        diesel_price = p("bus_price_diesel_yuan")
        bev_price = (
            diesel_price
            + p("bus_bev_drivetrain_premium_yuan")
            + p("bus_battery_cost_2020_yuan") * model.market.battery_cost_index
        )
        per_charger = p("buses_per_depot_charger")
        (spare,) = self.cost_situation()
        charger = 0.0 if spare else p("depot_charger_cost_yuan") / per_charger
        return np.array(
            [
                diesel_price + km * p("bus_diesel_l_per_100km") * p("diesel_price_yuan_per_l"),
                diesel_price + p("bus_cng_premium_yuan")
                + km * p("bus_cng_m3_per_100km") * p("cng_price_yuan_per_m3"),
                bev_price + charger
                + km * p("bus_bev_kwh_per_100km") * p("industrial_electricity_price_yuan_per_kwh"),
                np.inf,
            ]
        )  # fmt: skip

    def decide(self) -> None:
        """Procure as a fleet, then add the depot chargers new BEVs need."""
        super().decide()
        p = self.model.p
        operators = len(self.model.agents_by_type[BusFleet])
        self.depot_chargers += round(p("depot_chargers_added_per_year") / operators)
        needed = int(np.ceil(self.stock[BEV].sum() / p("buses_per_depot_charger")))
        self.depot_chargers = max(self.depot_chargers, needed)

    def energy(self) -> dict[str, float]:
        """Diesel (t), CNG (m3), electricity (MWh) and hydrogen (t) per year."""
        p = self.model.p
        hundred_km = self.stock.sum(axis=1) * p("bus_km_per_year") / 100
        return {
            "diesel_t": hundred_km[DIESEL] * p("bus_diesel_l_per_100km") * p("diesel_kg_per_l")
            / KG_PER_T,
            "gas_m3": hundred_km[CNG] * p("bus_cng_m3_per_100km"),
            "electricity_mwh": hundred_km[BEV] * p("bus_bev_kwh_per_100km") / KG_PER_T,
            "h2_t": hundred_km[FCEV] * p("bus_fcev_kg_h2_per_100km") / KG_PER_T,
        }  # fmt: skip
