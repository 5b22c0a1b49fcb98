"""Fuel properties: heat values and CO2 emission factors, derived from the registry.

Emission factors follow the NDRC 2007 provincial inventory guideline's method: CO2 per unit =
heat value x carbon content x oxidation x 44/12 (``shared/data/FACTS.md``). Coal's heat value is
an uncertainty: the coal burned in western Jilin is largely low-rank lignite from eastern Inner
Mongolia, well below the guideline's national default (``docs/VALIDATION.md``).

Ledger fuels and their native units: ``coal_t``, ``petrol_t``, ``diesel_t``, ``gas_m3``,
``electricity_mwh`` (from the grid), ``green_mwh`` (renewable power supplied directly, not via
the grid), ``biomass_gj`` (commercial biomass fuel: pellets and bales), ``straw_gj`` (straw and
firewood burned in household stoves), ``h2_t`` and ``process_co2_t`` (cement calcination).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parameters.units import CO2_PER_C, GJ_PER_MWH, GJ_PER_TCE, KG_PER_T

FOSSIL = ("coal", "petrol", "diesel")
FUELS = (
    "coal_t", "petrol_t", "diesel_t", "gas_m3", "electricity_mwh", "green_mwh", "biomass_gj",
    "straw_gj", "h2_t", "process_co2_t",
)  # fmt: skip
#: Fuels that are not commercial energy in Chinese statistics (traditional household biomass).
NON_COMMERCIAL = ("straw_gj",)

Lookup = Callable[[str], float]


def emission_factor(heat_gj: float, carbon_tc_per_tj: float, oxidation: float) -> float:
    """CO2 (t) per unit of a fuel from its heat value (GJ/unit), carbon content and oxidation."""
    return heat_gj * carbon_tc_per_tj / KG_PER_T * oxidation * CO2_PER_C


def h2_energy_share(p: Lookup, blend_by_volume: float) -> float:
    """Energy share of hydrogen in a natural-gas blend with the given hydrogen volume share."""
    h = blend_by_volume * p("h2_mj_per_m3") / (p("gas_heat_value_gj_per_m3") * KG_PER_T)
    return h / (h + (1 - blend_by_volume))


@dataclass(frozen=True, slots=True)
class FuelTable:
    """Heat value (GJ) and CO2 (t) per native unit of every ledger fuel, for one year.

    Attributes:
        heat_gj: GJ per unit (electricity at its calorific value).
        co2_t: Direct CO2 per unit; electricity has none here (the grid factor is applied by
            the accounting conventions), biomass, straw and green hydrogen are biogenic or
            carbon-free, and process CO2 is already tonnes of CO2.
    """

    heat_gj: dict[str, float]
    co2_t: dict[str, float]

    def tce(self, fuel: str, amount: float) -> float:
        """Energy content of ``amount`` of ``fuel`` in tonnes of standard coal equivalent."""
        return amount * self.heat_gj[fuel] / GJ_PER_TCE


def fuel_table(p: Lookup, h2_share_of_gas: float = 0.0) -> FuelTable:
    """The fuel table for this year's parameters.

    Args:
        p: Parameter lookup.
        h2_share_of_gas: Energy share of hydrogen blended into piped gas (carbon-free).
    """
    heat = {
        "coal_t": p("coal_heat_value_gj_per_t"),
        "petrol_t": p("petrol_heat_value_gj_per_t"),
        "diesel_t": p("diesel_heat_value_gj_per_t"),
        "gas_m3": p("gas_heat_value_gj_per_m3"),
        "electricity_mwh": GJ_PER_MWH,
        "green_mwh": GJ_PER_MWH,
        "biomass_gj": 1.0,
        "straw_gj": 1.0,
        "h2_t": p("h2_heat_value_gj_per_t"),
        "process_co2_t": 0.0,
    }
    co2 = dict.fromkeys(FUELS, 0.0)
    for fuel in FOSSIL:
        co2[f"{fuel}_t"] = emission_factor(
            heat[f"{fuel}_t"], p(f"{fuel}_carbon_tc_per_tj"), p(f"{fuel}_oxidation")
        )
    gas = emission_factor(heat["gas_m3"], p("gas_carbon_tc_per_tj"), p("gas_oxidation"))
    co2["gas_m3"] = gas * (1 - h2_share_of_gas)
    co2["process_co2_t"] = 1.0
    return FuelTable(heat_gj=heat, co2_t=co2)
