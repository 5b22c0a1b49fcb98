"""Taxi companies and owner-driver groups: petrol and battery-electric taxis."""

from __future__ import annotations

import numpy as np

from agents.fleet import Fleet
from parameters.units import KG_PER_T

PETROL, BEV = range(2)


class TaxiFleet(Fleet):
    """A taxi fleet; EVs depend on public chargers (a waiting-time cost when they are scarce)."""

    KIND = "taxi"
    POWERTRAINS = ("petrol", "bev")
    NEV = np.array([False, True])
    lifetime_param = "taxi_lifetime_years"
    mandate_param = "taxi_nev_procurement_share"

    def decide(self) -> None:
        """Procure as a fleet; EV purchases draw the EV incentive like private ones."""
        super().decide()
        self.model.fiscal["ev_purchase_subsidy_yuan"] += self.procured[BEV] * self.model.p(
            "ev_purchase_subsidy_yuan"
        )

    def lifetime_costs(self) -> np.ndarray:
        """Price net of the EV incentive plus energy, and a charging-scarcity cost for EVs."""
        model = self.model
        p = model.p
        km = p("taxi_km_per_year") * p("taxi_lifetime_years") / 100
        chargers = model.market.public_chargers
        access = chargers / (chargers + p("charger_half_saturation"))
        scarcity = (1 - access) * p("taxi_charger_scarcity_cost_yuan")
        ev_price = p("ice_price_yuan") + model.market.ev_premium - p("ev_purchase_subsidy_yuan")
        kwh_price = p("electricity_price_yuan_per_kwh") + p("public_charging_fee_yuan_per_kwh")
        return np.array(
            [
                p("ice_price_yuan") + km * p("taxi_l_per_100km") * p("petrol_price_yuan_per_l"),
                ev_price + km * p("taxi_kwh_per_100km") * kwh_price + scarcity,
            ]
        )

    def energy(self) -> dict[str, float]:
        """Petrol (t) and electricity (MWh) per year."""
        p = self.model.p
        hundred_km = self.stock.sum(axis=1) * p("taxi_km_per_year") / 100
        return {
            "petrol_t": hundred_km[PETROL] * p("taxi_l_per_100km") * p("petrol_kg_per_l")
            / KG_PER_T,
            "electricity_mwh": hundred_km[BEV] * p("taxi_kwh_per_100km") / KG_PER_T,
        }  # fmt: skip
