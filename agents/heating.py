"""Household heating options: their costs, choice utilities and fuel use.

Seven options. Traditional stoves are not clean heating: a *coal stove* (with a kang and a
cooking stove that also burn some straw) and a *straw stove* (straw and firewood only, the
kang-heated farmhouse). Clean options: district heat, an air-source heat pump, direct electric
heating, a pellet (biomass) boiler and a gas boiler. Useful heat demand differs between a town
flat and a farmhouse; fuel use follows from demand, efficiency and the fuel's heat value, so no
fuel quantity is entered by hand.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from parameters.units import KG_PER_T, KWH_PER_GJ, YUAN_PER_10K

Lookup = Callable[[str], float]

COAL, STRAW, DISTRICT, HEAT_PUMP, ELECTRIC, BIOMASS, GAS = range(7)
HEATING_NAMES = (
    "coal_stove", "straw_stove", "district_heat", "heat_pump", "electric", "biomass", "gas",
)  # fmt: skip
N_HEATING = len(HEATING_NAMES)
CLEAN_HEATING = np.array([False, False, True, True, True, True, True])
#: Options that burn straw from the household's own farm (only rural households have them).
STRAW_BURNING = (COAL, STRAW)
URBAN, RURAL = 0, 1


def heat_demand_gj(p: Lookup) -> np.ndarray:
    """Useful heat per household and winter (GJ): a town flat, then a farmhouse."""
    hdd = p("heating_degree_days_factor")
    return np.array([p("household_heat_demand_gj"), p("rural_heat_demand_gj")]) * hdd


def fuel_per_gj_heat(p: Lookup) -> dict[str, np.ndarray]:
    """Fuel per GJ of useful heat for each option (zeros where an option uses none).

    Returns:
        ``coal_t``, ``straw_gj``, ``biomass_gj`` (pellets), ``gas_m3``, ``electricity_mwh`` and
        ``district_gj`` per GJ of useful heat, each an array over the options.
    """
    straw_share = p("coal_stove_straw_share")
    coal = np.zeros(N_HEATING)
    coal[COAL] = (1 - straw_share) / p("coal_stove_efficiency") / p("coal_heat_value_gj_per_t")
    straw = np.zeros(N_HEATING)
    straw[COAL] = straw_share / p("straw_stove_efficiency")
    straw[STRAW] = 1 / p("straw_stove_efficiency")
    biomass = np.zeros(N_HEATING)
    biomass[BIOMASS] = 1 / p("pellet_boiler_efficiency")
    gas = np.zeros(N_HEATING)
    gas[GAS] = 1 / p("gas_boiler_efficiency") / p("gas_heat_value_gj_per_m3")
    electricity = np.zeros(N_HEATING)
    electricity[HEAT_PUMP] = KWH_PER_GJ / p("heat_pump_cop") / KG_PER_T
    electricity[ELECTRIC] = KWH_PER_GJ / p("electric_heater_efficiency") / KG_PER_T
    district = np.zeros(N_HEATING)
    district[DISTRICT] = 1.0
    return {
        "coal_t": coal,
        "straw_gj": straw,
        "biomass_gj": biomass,
        "gas_m3": gas,
        "electricity_mwh": electricity,
        "district_gj": district,
    }


def running_cost_per_gj(p: Lookup, pellet_price_yuan_per_t: float) -> np.ndarray:
    """Running cost (yuan) per GJ of useful heat of each option; district heat is per household.

    Straw from the household's own farm costs labour, not cash; district heat is billed by
    floor area (``district_heat_fee_yuan`` a season), so its entry here is 0 and the fee is
    added per household in ``lifecycle_costs``.
    """
    use = fuel_per_gj_heat(p)
    pellet_gj = p("pellet_heat_value_gj_per_t")
    return (
        use["coal_t"] * p("coal_price_yuan_per_t")
        + use["biomass_gj"] / pellet_gj * pellet_price_yuan_per_t
        + use["gas_m3"] * p("gas_price_yuan_per_m3")
        + use["electricity_mwh"] * KG_PER_T * p("electricity_price_yuan_per_kwh")
    )


def capex_yuan(p: Lookup, heat_pump_capex: float) -> np.ndarray:
    """Installed cost of each option after the heat-pump subsidy (which pays heat pumps only)."""
    capex = np.array(
        [
            p("heating_capex_coal_stove_yuan"),
            p("heating_capex_straw_stove_yuan"),
            p("heating_capex_district_yuan"),
            heat_pump_capex,
            p("heating_capex_electric_yuan"),
            p("heating_capex_biomass_yuan"),
            p("heating_capex_gas_yuan"),
        ]
    )
    capex[HEAT_PUMP] = max(capex[HEAT_PUMP] - p("heat_pump_subsidy_yuan"), 0.0)
    return capex


def lifecycle_costs(p: Lookup, heat_pump_capex: float, pellet_price: float) -> np.ndarray:
    """Lifecycle cost (yuan) of each option for a town flat (row 0) and a farmhouse (row 1)."""
    years = p("heating_lifecycle_years")
    running = heat_demand_gj(p)[:, None] * running_cost_per_gj(p, pellet_price)[None, :]
    running[:, DISTRICT] = p("district_heat_fee_yuan")
    running[:, STRAW] += p("straw_stove_labour_yuan")
    running[:, COAL] += p("straw_stove_labour_yuan") * p("coal_stove_straw_share")
    return capex_yuan(p, heat_pump_capex)[None, :] + years * running


def heating_utility(
    p: Lookup,
    income_factor: np.ndarray | float,
    lifecycle_cost: np.ndarray,
    neighbour_shares: np.ndarray,
    asc: np.ndarray,
) -> np.ndarray:
    """Utilities of the heating options (last axis) for one or many households.

    Args:
        p: Parameter lookup for the current year.
        income_factor: (median income / income) ** elasticity, per household.
        lifecycle_cost: Lifecycle cost of each option (yuan), per household or shared.
        neighbour_shares: Share of each option among the neighbours with their own system.
        asc: Calibrated option constants (comfort, convenience, habit), per household.
    """
    income_factor = np.asarray(income_factor)[..., None]
    return (
        asc
        - p("cost_sensitivity_per_10k_yuan") * income_factor * lifecycle_cost / YUAN_PER_10K
        + p("social_influence_strength") * neighbour_shares * CLEAN_HEATING
    )


def unavailable_options(urban: np.ndarray, coal_banned: bool, coal_free: np.ndarray) -> np.ndarray:
    """Options a household cannot choose (rows: households).

    District heat and gas reach towns only; straw stoves are for farmhouses (own straw); coal
    stoves are out once banned; converted (coal-free) villages use neither coal nor straw stoves.
    """
    urban = np.asarray(urban, dtype=bool)
    out = np.zeros((urban.size, N_HEATING), dtype=bool)
    out[:, DISTRICT] = ~urban
    out[:, GAS] = ~urban
    out[:, STRAW] = urban | coal_free
    out[:, COAL] = coal_banned | coal_free
    return out
