"""Unit conversions and fuel heat values: the one place every module converts energy.

Heat values are the NDRC 2007 provincial inventory guideline's (``shared/data/FACTS.md``):
raw coal 192.14 TJ/10^4 t, petrol 448, diesel 433.3 TJ/10^4 t, natural gas 0.384 TJ/10^4 m3.
"""

from __future__ import annotations

GJ_PER_TCE = 29.3076  # 1 tonne of standard coal equivalent (GB/T 2589)
GJ_PER_MWH = 3.6
KWH_PER_GJ = 277.78  # 1e6/3600, rounded as the model has always used it
HEAT_VALUE_GJ = {"coal_t": 19.214, "petrol_t": 44.8, "diesel_t": 43.33, "gas_m3": 0.0384}
COAL_GJ_PER_T = HEAT_VALUE_GJ["coal_t"]
GAS_GJ_PER_M3 = HEAT_VALUE_GJ["gas_m3"]
TCE_PER_T_COAL = COAL_GJ_PER_T / GJ_PER_TCE
TCE_PER_MWH_CALORIFIC = GJ_PER_MWH / GJ_PER_TCE  # electricity at its heat content
H2_GJ_PER_T = 142.0  # hydrogen higher heating value
H2_GJ_PER_KG = H2_GJ_PER_T / 1e3


def energy_tce(fuel: str, amount: float) -> float:
    """Energy content of ``amount`` of ``fuel`` in tce (electricity at its calorific value).

    Args:
        fuel: A ledger fuel key such as ``coal_t`` or ``electricity_mwh``.
        amount: Quantity in that fuel's unit; fuels without energy (process CO2) give 0.
    """
    if fuel in HEAT_VALUE_GJ:
        return amount * HEAT_VALUE_GJ[fuel] / GJ_PER_TCE
    if fuel == "electricity_mwh":
        return amount * TCE_PER_MWH_CALORIFIC
    if fuel == "biomass_gj":
        return amount / GJ_PER_TCE
    if fuel == "h2_t":
        return amount * H2_GJ_PER_T / GJ_PER_TCE
    return 0.0
