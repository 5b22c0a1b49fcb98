"""Energy and CO2 accounting: a year's ledger of fuel use becomes tidy rows and totals.

Conventions (DESIGN section 3):
- *consumption-based*: fuels burned in the city except in power generation, plus electricity
  used in the city times the regional grid factor (the usual basis for Chinese city targets);
- *production-based*: all fuels burned in the city, including coal for power (also what is
  exported); electricity use carries no CO2.
Biomass and green hydrogen carry no fossil CO2; straw-burning CH4/N2O is reported as CO2e apart
from CO2; sinks are reported apart and never netted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from parameters.units import energy_tce

H2_VOLUME_ENERGY_RATIO = 12.75 / 38.4  # hydrogen vs natural gas energy per m3 (HHV)

SECTORS = (
    "households",
    "services",
    "industry",
    "transport",
    "agriculture",
    "heat_supply",
    "power_generation",
)
FUELS = ("coal_t", "petrol_t", "diesel_t", "gas_m3", "electricity_mwh", "biomass_gj", "h2_t",
         "process_co2_t")  # fmt: skip


_FUEL_SET = frozenset(FUELS)


def h2_energy_share(blend_by_volume: float) -> float:
    """Energy share of hydrogen in a gas blend with the given hydrogen volume share."""
    h = blend_by_volume * H2_VOLUME_ENERGY_RATIO
    return h / (h + (1 - blend_by_volume))


@dataclass
class Ledger:
    """Fuel quantities by (sector, fuel) for one year, in each fuel's native unit."""

    rows: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def add(self, sector: str, quantities: dict[str, float]) -> None:
        """Add quantities (fuel -> amount) used by ``sector``; unknown fuels are ignored."""
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


def emission_factors(p: Callable[[str], float], grid_factor: float, h2_share: float) -> dict:
    """CO2 per native unit of each fuel (t), for the consumption-based convention."""
    return {
        "coal_t": p("ef_coal_t_per_t"),
        "petrol_t": p("ef_petrol_t_per_t"),
        "diesel_t": p("ef_diesel_t_per_t"),
        "gas_m3": p("ef_gas_kg_per_m3") / 1e3 * (1 - h2_share),
        "electricity_mwh": grid_factor,
        "biomass_gj": 0.0,
        "h2_t": 0.0,
        "process_co2_t": 1.0,
    }


def row_co2(
    sector: str, fuel: str, amount: float, factors: dict[str, float]
) -> tuple[float, float]:
    """CO2 (t) of one ledger row as (consumption-based, production-based).

    Consumption-based leaves out fuel burned for power generation and counts electricity at
    the grid factor; production-based counts all fuel burned in the city and no electricity.
    """
    co2 = amount * factors[fuel]
    consumption = 0.0 if sector == "power_generation" else co2
    production = 0.0 if fuel == "electricity_mwh" else co2
    return consumption, production


def co2_by_convention(ledger: Ledger, factors: dict[str, float]) -> dict[str, dict[str, float]]:
    """CO2 (t) by sector under each convention: ``{"consumption": {...}, "production": {...}}``."""
    out: dict[str, dict[str, float]] = {"consumption": {}, "production": {}}
    for (sector, fuel), amount in ledger.rows.items():
        for convention, co2 in zip(out, row_co2(sector, fuel, amount, factors), strict=True):
            out[convention][sector] = out[convention].get(sector, 0.0) + co2
    return out


def tidy_rows(year: int, ledger: Ledger, factors: dict[str, float]) -> list[dict]:
    """Rows ``year, sector, fuel, quantity, energy_tce, co2_consumption_t, co2_production_t``."""
    rows = []
    for (sector, fuel), amount in sorted(ledger.rows.items()):
        consumption, production = row_co2(sector, fuel, amount, factors)
        rows.append(
            {
                "year": year,
                "sector": sector,
                "fuel": fuel.rsplit("_", 1)[0] if fuel != "process_co2_t" else "process",
                "quantity": amount,
                "unit": fuel.rsplit("_", 1)[1] if fuel != "process_co2_t" else "tCO2",
                "energy_tce": energy_tce(fuel, amount),
                "co2_consumption_t": consumption,
                "co2_production_t": production,
            }
        )
    return rows
