"""Taxi companies and owner-driver groups: petrol and battery-electric taxis."""

from __future__ import annotations

import numpy as np

from agents.fleet import Fleet

TAXI_L_PER_100KM = 8.0  # assumption
TAXI_KWH_PER_100KM = 18.0  # assumption
PETROL_KG_PER_L = 0.74  # assumption: petrol density
PUBLIC_CHARGING_PRICE_MARKUP = 0.4  # assumption: service fee yuan/kWh at public chargers
CHARGER_SCARCITY_COST = 60000.0  # assumption: shifts lost over a taxi's life with no chargers


class TaxiFleet(Fleet):
    """A taxi fleet; EVs depend on public chargers (a waiting-time cost when they are scarce)."""

    POWERTRAINS = ("petrol", "bev")
    NEV = np.array([False, True])
    lifetime_param = "taxi_lifetime_years"
    mandate_param = "taxi_nev_procurement_share"

    def lifetime_costs(self) -> np.ndarray:
        """Price net of the EV incentive plus energy, and a charging-scarcity cost for EVs."""
        model = self.model
        p = model.p
        km = p("taxi_km_per_year") * p("taxi_lifetime_years") / 100
        access = model.public_chargers / (model.public_chargers + p("charger_half_saturation"))
        scarcity = (1 - access) * CHARGER_SCARCITY_COST
        ev_price = p("ice_price_yuan") + model.ev_premium - p("ev_purchase_subsidy_yuan")
        kwh_price = p("electricity_price_yuan_per_kwh") + PUBLIC_CHARGING_PRICE_MARKUP
        return np.array(
            [
                p("ice_price_yuan") + km * TAXI_L_PER_100KM * p("petrol_price_yuan_per_l"),
                ev_price + km * TAXI_KWH_PER_100KM * kwh_price + scarcity,
            ]
        )

    def energy(self) -> dict[str, float]:
        """Petrol (t) and electricity (MWh) per year."""
        hundred_km = self.stock.sum(axis=1) * self.model.p("taxi_km_per_year") / 100
        return {
            "petrol_t": hundred_km[0] * TAXI_L_PER_100KM * PETROL_KG_PER_L / 1e3,
            "electricity_mwh": hundred_km[1] * TAXI_KWH_PER_100KM / 1e3,
        }
