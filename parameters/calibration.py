"""Calibration tables for the 2020 synthetic world, each figure with its source.

Single numbers live in the registry (``registry_data/``), where they can be listed, swept and
cited; this module holds what is a table rather than a number: county populations, crops, the
firm classes and heat companies, and the mixes inside a share the registry sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from parameters.registry import REGISTRY
from parameters.units import HA_PER_KHA, MU_PER_HA, T_PER_MT

FACTS = "shared/data/FACTS.md"
CENSUS = f"2020 census via gkcyc.com/news/shuju/1029882.html (weak) [{FACTS}]"
AGRI = f"2024 statistical bulletin mirror (weak) [{FACTS}]"

Lookup = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class Fact:
    """A calibration figure with its unit and source (or ``assumption: why``)."""

    value: float
    unit: str
    source: str


#: County-level units; 洮北区 includes the 白城经开区 (118,222) as DESIGN section 3 groups them.
COUNTIES: tuple[str, ...] = ("洮北区", "洮南市", "大安市", "镇赉县", "通榆县")
COUNTY_POPULATION: dict[str, Fact] = {
    "洮北区": Fact(356_054 + 118_222, "persons", CENSUS + "; incl. 白城经开区 118,222"),
    "洮南市": Fact(307_215, "persons", CENSUS),
    "大安市": Fact(270_911, "persons", CENSUS),
    "镇赉县": Fact(217_387, "persons", CENSUS),
    "通榆县": Fact(281_589, "persons", CENSUS),
}

# ---------------------------------------------------------------- heating mixes
#: Heating options, in the order of ``agents.heating.HEATING_NAMES``.
HEATING_OPTIONS: tuple[str, ...] = (
    "coal_stove", "straw_stove", "district_heat", "heat_pump", "electric", "biomass", "gas",
)  # fmt: skip
#: How a town's households without district heat or a coal stove heat (shares).
URBAN_OTHER_MIX = {"heat_pump": 0.25, "electric": 0.35, "biomass": 0.05, "gas": 0.35}
#: How the rural clean-heating share divides (town heat networks, heat pumps, direct electric,
#: pellet boilers). Assumption: early programmes favoured direct electric heating and pellets.
RURAL_CLEAN_MIX = {"district_heat": 0.10, "heat_pump": 0.15, "electric": 0.35, "biomass": 0.40}
HEATING_MIX_SOURCE = (
    "assumption: the registry sets urban district-heat and coal-stove shares, the rural clean "
    "share (FACTS: some NE villages < 35% clean) and the straw-stove share (calibrated so "
    "household fuel is 21-25% of straw, FACTS); these tables divide the rest"
)


def urban_heating_shares(p: Lookup) -> np.ndarray:
    """2020 heating shares of town households, in ``HEATING_OPTIONS`` order."""
    shares = dict.fromkeys(HEATING_OPTIONS, 0.0)
    shares["district_heat"] = p("urban_district_heat_share_2020")
    shares["coal_stove"] = p("urban_coal_stove_share_2020")
    rest = 1 - shares["district_heat"] - shares["coal_stove"]
    for option, share in URBAN_OTHER_MIX.items():
        shares[option] = rest * share
    return np.array([shares[o] for o in HEATING_OPTIONS])


def rural_heating_shares(p: Lookup) -> np.ndarray:
    """2020 heating shares of rural households, in ``HEATING_OPTIONS`` order."""
    clean = p("rural_clean_heating_share_2020")
    straw = p("rural_straw_stove_share_2020")
    shares = dict.fromkeys(HEATING_OPTIONS, 0.0)
    shares["straw_stove"] = (1 - clean) * straw
    shares["coal_stove"] = (1 - clean) * (1 - straw)
    for option, share in RURAL_CLEAN_MIX.items():
        shares[option] = clean * share
    return np.array([shares[o] for o in HEATING_OPTIONS])


# ---------------------------------------------------------------- agriculture
SOWN_AREA_KHA = Fact(963.5, "kha", AGRI)
CROPS: tuple[str, ...] = ("maize", "rice", "pulses", "other_grain", "non_grain")
CROP_OUTPUT_MT = {
    "maize": Fact(3.6718, "Mt", AGRI),
    "rice": Fact(1.8690, "Mt", AGRI),
    "pulses": Fact(0.1328, "Mt", AGRI),
    "other_grain": Fact(5.9225 - 3.6718 - 1.8690 - 0.1328, "Mt", "derived: grain minus the three"),
    "non_grain": Fact(0.0, "Mt", "oilseeds, vegetables etc. (not grain)"),
}
#: Sown-area shares by crop: assumption chosen so implied yields are plausible (maize 6.6 t/ha,
#: rice 8.8 t/ha, pulses 2.2 t/ha, other grain 4.0 t/ha).
CROP_AREA_SHARE = {
    "maize": 0.58,
    "rice": 0.22,
    "pulses": 0.063,
    "other_grain": 0.065,
    "non_grain": 0.072,
}


def crop_area_shares() -> np.ndarray:
    """Sown-area share of each crop, in ``CROPS`` order."""
    return np.array([CROP_AREA_SHARE[c] for c in CROPS])


def crop_yield_t_per_mu() -> np.ndarray:
    """Grain yield per mu sown of each crop (t): crop output / (area share x sown area)."""
    mu = SOWN_AREA_KHA.value * HA_PER_KHA * MU_PER_HA
    output = np.array([CROP_OUTPUT_MT[c].value for c in CROPS]) * T_PER_MT
    return output / (crop_area_shares() * mu)


# ---------------------------------------------------------------- industry, heat, fleets
#: Industrial classes (each one firm agent), and whether it is energy- and emission-intensive
#: (两高). Their 2020 energy and value added are registry entries ``firm_<class>_...``.
FIRM_CLASSES: dict[str, bool] = {
    "corn_processing": False,
    "steel": True,
    "building_materials": True,
    "chemicals": True,
    "other_manufacturing": False,
}
FIRM_SOURCE = (
    "assumption: firm counts and energy not found [FACTS 'Not found']; corn deep processing "
    "(吉林梅花 3 Mt/yr corn, 1 Mt/yr amino acids; 吉林协联 citric acid) is the largest user "
    "[BC, FACTS]; 富达棒材 (steel bars) and cement are named in the plan"
)
#: District-heat companies: the share of the city's district heat each supplies.
HEAT_SUPPLIER_SHARES: tuple[float, ...] = (0.5, 0.3, 0.2)
HEAT_SUPPLIER_SOURCE = "assumption: three CHP/heat companies; plant data not found [FACTS]"


def max_vehicle_age(lifetime_param: str) -> int:
    """Ages a fleet's stock array must hold: the longest lifetime the registry allows."""
    return int(REGISTRY[lifetime_param].high) + 1
