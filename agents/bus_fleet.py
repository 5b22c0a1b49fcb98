"""City bus operators: diesel, CNG, battery-electric and fuel-cell buses."""

from __future__ import annotations

import numpy as np

from agents.fleet import Fleet

DIESEL_L_PER_100KM = 35.0  # assumption: city bus
CNG_M3_PER_100KM = 40.0  # assumption
BEV_KWH_PER_100KM = 100.0  # assumption: incl. cold-climate heating
FCEV_KG_H2_PER_100KM = 8.0  # assumption
DIESEL_KG_PER_L = 0.84  # assumption: diesel density
DIESEL_PRICE_PER_L = 7.0  # assumption: order of the petrol price
CNG_PRICE_PER_M3 = 4.0  # assumption
CNG_PREMIUM = 50000.0  # assumption: CNG bus over diesel
BUSES_PER_DEPOT_CHARGER = 2  # assumption


class BusFleet(Fleet):
    """A bus operator; BEVs need depot chargers, which the operator adds as it buys them."""

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

    def lifetime_costs(self) -> np.ndarray:
        """Price plus energy over the bus's life; BEVs beyond charger capacity carry chargers."""
        p = self.model.p
        km = p("bus_km_per_year") * p("bus_lifetime_years") / 100
        bev_price = p("bus_price_bev_2020_yuan") * self.model.battery_cost_index
        spare = self.depot_chargers * BUSES_PER_DEPOT_CHARGER - self.stock[2].sum()
        charger = 0.0 if spare > 0 else p("depot_charger_cost_yuan") / BUSES_PER_DEPOT_CHARGER
        return np.array(
            [
                p("bus_price_diesel_yuan") + km * DIESEL_L_PER_100KM * DIESEL_PRICE_PER_L,
                p("bus_price_diesel_yuan") + CNG_PREMIUM + km * CNG_M3_PER_100KM * CNG_PRICE_PER_M3,
                bev_price + charger
                + km * BEV_KWH_PER_100KM * p("industrial_electricity_price_yuan_per_kwh"),
                np.inf,
            ]
        )  # fmt: skip

    def step(self) -> None:
        """Procure as a fleet, then add the depot chargers new BEVs need."""
        super().step()
        self.depot_chargers += int(self.model.p("depot_chargers_added_per_year") / 5)
        needed = int(np.ceil(self.stock[2].sum() / BUSES_PER_DEPOT_CHARGER))
        self.depot_chargers = max(self.depot_chargers, needed)

    def energy(self) -> dict[str, float]:
        """Diesel (t), CNG (m3), electricity (MWh) and hydrogen (t) per year."""
        hundred_km = self.stock.sum(axis=1) * self.model.p("bus_km_per_year") / 100
        return {
            "diesel_t": hundred_km[0] * DIESEL_L_PER_100KM * DIESEL_KG_PER_L / 1e3,
            "gas_m3": hundred_km[1] * CNG_M3_PER_100KM,
            "electricity_mwh": hundred_km[2] * BEV_KWH_PER_100KM / 1e3,
            "h2_t": hundred_km[3] * FCEV_KG_H2_PER_100KM / 1e3,
        }
