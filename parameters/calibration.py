"""Calibration data for the 2020 synthetic population, each figure with its source.

These are facts the model must reproduce (census, agriculture) and the documented assumptions
that fill what public sources do not give. Tests check the built world against them.
"""

from __future__ import annotations

from dataclasses import dataclass

FACTS = "shared/data/FACTS.md"
CENSUS = f"2020 census via gkcyc.com/news/shuju/1029882.html (weak) [{FACTS}]"
AGRI = f"2024 statistical bulletin mirror (weak) [{FACTS}]"


@dataclass(frozen=True, slots=True)
class Fact:
    """A calibration figure with its unit and source (or ``assumption: why``)."""

    value: float
    unit: str
    source: str


HOUSEHOLDS_2020 = Fact(635_434, "households", CENSUS)
POPULATION_2020 = Fact(1_551_378, "persons", CENSUS)
URBAN_POPULATION_2020 = Fact(844_632, "persons", CENSUS)
PERSONS_PER_HOUSEHOLD = Fact(2.29, "persons", CENSUS)

#: County-level units; 洮北区 includes the 白城经开区 (118,222) as DESIGN section 3 groups them.
COUNTIES: tuple[str, ...] = ("洮北区", "洮南市", "大安市", "镇赉县", "通榆县")
COUNTY_POPULATION: dict[str, Fact] = {
    "洮北区": Fact(356_054 + 118_222, "persons", CENSUS + "; incl. 白城经开区 118,222"),
    "洮南市": Fact(307_215, "persons", CENSUS),
    "大安市": Fact(270_911, "persons", CENSUS),
    "镇赉县": Fact(217_387, "persons", CENSUS),
    "通榆县": Fact(281_589, "persons", CENSUS),
}
#: Urban share by county is not published in FACTS; 洮北区 (the city proper) is assumed 85%
#: urban and the other four share the rest equally, which reproduces the city's 54.44%.
URBAN_SHARE_TAOBEI = Fact(0.85, "share", "assumption: city proper and development zones")

VILLAGES = Fact(960, "villages", "assumption: order of the city's administrative villages")
COMMUNITIES = Fact(320, "communities", "assumption: urban residential communities (社区)")
URBAN_INCOME_MEDIAN = Fact(70_000, "yuan/household/yr", "assumption: small NE city")
RURAL_INCOME_MEDIAN = Fact(35_000, "yuan/household/yr", "assumption: small NE city")
INCOME_SIGMA = Fact(0.5, "log sd", "assumption: lognormal income spread")
URBAN_DETACHED_SHARE = Fact(0.1, "share", "assumption: urban households in detached houses")

#: 2020 heating technology shares, in the order of ``agents.household.HEATING_NAMES``.
HEATING_SOURCE = (
    "assumption: urban mostly district heat; rural mostly coal and straw/firewood stoves and "
    "kangs, counted together as 'coal_stove' (not clean); 'biomass' is pellet/briquette "
    "boilers (clean). Rural clean share 15%: some NE villages < 35% clean heating; 21-25% of "
    "JL straw burned as fuel [FACTS]"
)
HEATING_SHARES = {
    "urban": (0.05, 0.85, 0.02, 0.03, 0.0, 0.05),
    # FACTS: some north-east villages < 35% clean heating; ~21-25% of JL straw burned as fuel.
    "rural": (0.85, 0.02, 0.02, 0.04, 0.07, 0.0),
}
HEATING_LIFETIME = Fact(15, "yr", "assumption: stove / heating system lifetime")
CAR_OWNERSHIP_2020 = {"urban": 0.45, "rural": 0.25}
CAR_OWNERSHIP_SOURCE = "assumption: vehicle stock not found [FACTS 'Not found']"
EV_SHARE_CARS_2020 = Fact(0.005, "share", "assumption: very early EV market in 2020")
EV_SALES_SHARE_2020 = Fact(
    0.03, "share of car purchases", "assumption: below the national NEV sales share of 2020"
)
PUBLIC_CHARGERS_2020 = Fact(300, "chargers", "assumption: charger stock not found")

# ---------------------------------------------------------------- agriculture
SOWN_AREA_KHA = Fact(963.5, "kha", AGRI)
GRAIN_OUTPUT_MT = Fact(5.9225, "Mt", AGRI)
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
#: Yield per mu sown, derived from the crop outputs and the assumed area shares above.
CROP_YIELD_T_PER_MU = {
    crop: Fact(
        CROP_OUTPUT_MT[crop].value * 1e6 / (share * SOWN_AREA_KHA.value * 1e3 * 15.0),
        "t/mu",
        "derived: crop output / (area share x sown area)",
    )
    for crop, share in CROP_AREA_SHARE.items()
}
FARMS = Fact(
    250_000,
    "farm operations",
    "assumption: ~0.85 per rural household (289,500 rural households derived)",
)
FARM_AREA_SIGMA = Fact(0.8, "log sd", "assumption: smallholders with some large cooperatives")
MU_PER_HA = 15.0
#: 2020 straw use shares (burn, field return, off-field).
STRAW_SHARES = (0.20, 0.30, 0.50)
STRAW_SOURCE = "assumption: JL plan aimed at 83% utilisation in 2020 [JL, FACTS]"
CONSERVATION_TILLAGE_SHARE_2020 = Fact(
    0.2, "share of area", "assumption: JL 28.75 M mu in 2021; BC 2025 target 7.1 M mu [FACTS]"
)
MACHINERY_ACCESS = Fact(0.7, "share of farms", "assumption: machinery 7.48 GW [BC, FACTS]")

# ---------------------------------------------------------------- fleets
BUSES_2020 = Fact(900, "buses", "assumption: bus stock not found [FACTS 'Not found']")
BUS_MIX_2020 = {"diesel": 0.27, "cng": 0.33, "bev": 0.383, "fcev": 15 / 900}
BUS_MIX_SOURCE = "assumption; 15 FCEV buses on route 102 from 2020-10 [BC, FACTS]"
TAXIS_2020 = Fact(3_000, "taxis", "assumption: taxi stock not found [FACTS 'Not found']")
TAXI_EV_SHARE_2020 = Fact(0.05, "share", "assumption")
BUS_OPERATORS = Fact(5, "operators", "assumption: one per county-level unit")
TAXI_FLEETS = Fact(10, "fleets", "assumption: companies and owner-driver groups")
DEPOT_CHARGERS_2020 = Fact(200, "chargers", "assumption: two buses per depot charger")

# ---------------------------------------------------------------- industry and heat
GDP_2020_BN_YUAN = Fact(
    50.0,
    "billion yuan",
    "assumption: 2024 GDP 61.424 bn [BC, FACTS] deflated by ~5%/yr growth 2021-2024",
)
INDUSTRY_VA_SHARE = Fact(0.21, "share of GDP", "2024 structure 26:21:53 [BC, FACTS]")
CO2_INTENSITY_CUT_2005_2020 = Fact(
    0.45, "share", "assumption: close to the national cut of the period; no city figure found"
)
FIRM_SOURCE = (
    "assumption: firm counts and energy not found [FACTS 'Not found']; corn deep-processing "
    "(梅花 3 Mt/yr corn, 协联 citric acid) is the largest user [BC, FACTS]"
)


@dataclass(frozen=True, slots=True)
class FirmClass:
    """One industrial class: count of firms and 2020 totals (assumptions, see FIRM_SOURCE)."""

    firms: int
    coal_t: float
    electricity_mwh: float
    gas_m3: float
    clinker_t: float
    value_added_share: float
    two_high: bool
    output_elasticity: float


#: ``output_elasticity`` scales the city-wide industrial elasticity by class (assumption:
#: cement demand stagnates with China's construction slowdown; steel grows slowly).
FIRM_CLASSES: dict[str, FirmClass] = {
    "corn_processing": FirmClass(6, 1.10e6, 0.70e6, 0.0, 0.0, 0.286, False, 1.0),
    "steel": FirmClass(1, 0.15e6, 0.35e6, 10e6, 0.0, 0.076, True, 0.5),
    "building_materials": FirmClass(5, 0.30e6, 0.15e6, 0.0, 1.0e6, 0.067, True, 0.0),
    "chemicals": FirmClass(4, 0.25e6, 0.25e6, 20e6, 0.0, 0.114, True, 1.0),
    "other_manufacturing": FirmClass(30, 0.20e6, 0.60e6, 10e6, 0.0, 0.457, False, 1.0),
}
#: District-heat suppliers: share of the city's district heat each supplies.
HEAT_SUPPLIERS = (0.5, 0.3, 0.2)
HEAT_SUPPLIER_SOURCE = "assumption: three CHP/heat companies; plant data not found [FACTS]"
HEAT_BIOMASS_SHARE_2020 = Fact(0.05, "share", "30 MW biomass CHP at Da'an [BC, FACTS]")
SERVICES_ENERGY_2020 = {
    "coal_t": Fact(0.30e6, "t", "assumption: commercial and public boilers"),
    "electricity_mwh": Fact(1.2e6, "MWh", "assumption"),
    "gas_m3": Fact(20e6, "m3", "assumption"),
    "district_heat_gj": Fact(8.0e6, "GJ", "assumption: ~60% of residential district heat"),
}
FREIGHT_DIESEL_2020 = Fact(0.30e6, "t", "assumption: road freight and other diesel")
AGRICULTURE_ELECTRICITY_2020 = Fact(0.2e6, "MWh", "assumption: irrigation and processing")
SERVICES_COAL_PHASEOUT = Fact(0.03, "1/yr", "assumption: small-boiler phase-out")
