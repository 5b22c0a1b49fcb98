"""Unit definitions: conversions that are true by definition, not model parameters.

Fuel properties (heat values, carbon contents, densities) are registry entries with sources;
this module only holds what follows from the definition of the units themselves.
"""

from __future__ import annotations

GJ_PER_TCE = 29.3076  # 1 tonne of standard coal equivalent = 7,000 kcal/kg (GB/T 2589)
GJ_PER_MWH = 3.6
KWH_PER_GJ = 1e6 / 3600
TCE_PER_MWH_CALORIFIC = GJ_PER_MWH / GJ_PER_TCE  # electricity at its heat content
CO2_PER_C = 44.0 / 12.0  # tonnes of CO2 per tonne of carbon
MU_PER_HA = 15.0  # 1 hectare = 15 mu
KG_PER_T = 1e3
T_PER_MT = 1e6
MWH_PER_TWH = 1e6
KW_PER_GW = 1e6
YUAN_PER_MYUAN = 1e6
YUAN_PER_BN = 1e9
YUAN_PER_10K = 1e4  # cost sensitivities are per 10,000 yuan (万元)
KWH_PER_MWH = 1e3
HA_PER_KHA = 1e3
