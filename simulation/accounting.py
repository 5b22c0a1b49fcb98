"""Energy and CO2 accounting: a year's ledger of fuel use becomes totals, tidy rows and checks.

Conventions (DESIGN section 3):
- *consumption-based*: fuels burned in the city except in power generation, plus electricity
  drawn from the grid times the Northeast grid factor (the usual basis for Chinese city
  targets); renewable power supplied directly to new industry carries none;
- *production-based* (territorial, scope 1, the CEADs kind): every fuel burned in the city,
  including coal for power that is exported; electricity carries no CO2.
Production = consumption + CO2 embodied in net exports + (local use x (local - grid factor)):
``reconcile`` shows both terms. Biomass, straw and green hydrogen carry no fossil CO2; straw
burning CH4/N2O is reported as CO2e apart from CO2; sinks are never netted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from simulation.fuels import FUELS, FuelTable

SECTORS = (
    "households",
    "services",
    "industry",
    "new_industry",
    "transport",
    "agriculture",
    "heat_supply",
    "power_generation",
)
CONVENTIONS = ("consumption", "production")
_FUEL_SET = frozenset(FUELS)


@dataclass
class Ledger:
    """Fuel quantities by (sector, fuel) for one year, in each fuel's native unit."""

    rows: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def add(self, sector: str, quantities: dict[str, float]) -> None:
        """Add quantities (fuel -> amount) used by ``sector``; keys not fuels are ignored."""
        if sector not in SECTORS:
            raise KeyError(f"unknown sector {sector!r}; known: {SECTORS}")
        for fuel, amount in quantities.items():
            if fuel in _FUEL_SET:
                self.rows[sector, fuel] += float(amount)

    def total(self, fuel: str, exclude: tuple[str, ...] = ()) -> float:
        """Total of ``fuel`` over sectors, optionally excluding some."""
        return sum(v for (s, f), v in self.rows.items() if f == fuel and s not in exclude)

    def sector_total(self, sector: str, fuel: str) -> float:
        """Quantity of ``fuel`` used by ``sector``."""
        return self.rows.get((sector, fuel), 0.0)


def row_co2(
    sector: str, fuel: str, amount: float, fuels: FuelTable, grid_factor: float
) -> tuple[float, float]:
    """CO2 (t) of one ledger row as (consumption-based, production-based)."""
    direct = amount * fuels.co2_t[fuel]
    if fuel == "electricity_mwh":
        return amount * grid_factor, 0.0
    return (0.0 if sector == "power_generation" else direct), direct


def co2_by_sector(
    ledger: Ledger, fuels: FuelTable, grid_factor: float
) -> dict[str, dict[str, float]]:
    """CO2 (t) by sector under each convention: ``{"consumption": {...}, "production": {...}}``."""
    out: dict[str, dict[str, float]] = {c: dict.fromkeys(SECTORS, 0.0) for c in CONVENTIONS}
    for (sector, fuel), amount in ledger.rows.items():
        consumption, production = row_co2(sector, fuel, amount, fuels, grid_factor)
        out["consumption"][sector] += consumption
        out["production"][sector] += production
    return out


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Production-based CO2 = consumption-based + net exports term + mix term (t).

    Attributes:
        consumption_t: Consumption-based CO2.
        embodied_net_exports_t: Net exports x the local grid-fed generation's CO2 per MWh.
        mix_difference_t: Local grid use x (local factor - Northeast grid factor).
        production_t: Production-based CO2.
    """

    consumption_t: float
    embodied_net_exports_t: float
    mix_difference_t: float
    production_t: float


def reconcile(
    consumption_t: float,
    power_co2_t: float,
    grid_fed_generation_mwh: float,
    net_export_mwh: float,
    grid_use_mwh: float,
    grid_factor: float,
) -> Reconciliation:
    """Split production minus consumption into its net-export and mix terms.

    With local grid-fed generation G, its CO2 P (local factor f = P / G), net exports X and
    grid use U (G = X + U): P - U x grid factor = X f + U (f - grid factor).
    """
    local_factor = power_co2_t / grid_fed_generation_mwh if grid_fed_generation_mwh else 0.0
    exports = net_export_mwh * local_factor
    mix = grid_use_mwh * (local_factor - grid_factor)
    return Reconciliation(
        consumption_t=consumption_t,
        embodied_net_exports_t=exports,
        mix_difference_t=mix,
        production_t=consumption_t + exports + mix,
    )


def tidy_rows(year: int, ledger: Ledger, fuels: FuelTable, grid_factor: float) -> list[dict]:
    """Tidy rows: year, sector, fuel, quantity, unit, energy_tce and CO2 in both conventions."""
    rows = []
    for (sector, fuel), amount in sorted(ledger.rows.items()):
        consumption, production = row_co2(sector, fuel, amount, fuels, grid_factor)
        name, unit = ("process", "tCO2") if fuel == "process_co2_t" else fuel.rsplit("_", 1)
        rows.append(
            {
                "year": year,
                "sector": sector,
                "fuel": name,
                "quantity": amount,
                "unit": unit,
                "energy_tce": fuels.tce(fuel, amount),
                "co2_consumption_t": consumption,
                "co2_production_t": production,
            }
        )
    return rows
