"""Independent figures the model is checked against (``carbonpeak validate``), with sources.

None of these feeds the model: they are the provincial totals, published factors and survey
results from which ``experiments.validation`` derives reference bands for Baicheng. Tags:
[BC] Baicheng, [JL] Jilin, [CN] China; "weak" marks aggregator or mirror sites.
"""

from __future__ import annotations

from parameters.calibration import Fact

FACTS = "shared/data/FACTS.md"
FOUND = "found by search for this validation (URLs in docs/VALIDATION.md)"

JILIN_CO2_2019_MT = Fact(203.66, "Mt CO2", f"[JL] CEADs scope-1 inventory, 2019 [{FACTS}]")
JILIN_RAW_COAL_2019_MT = Fact(137.52, "Mt", f"[JL] CEADs raw coal, 2019 [{FACTS}]")
JILIN_ENERGY_GROWTH_2020 = Fact(
    0.008, "1/yr", f"[JL] total energy use +0.8% in 2020 (NBS, 2021-08-24) [{FACTS}]"
)
JILIN_POPULATION_2020 = Fact(24_073_453, "persons", f"[JL] 2020 census (weak mirror) [{FACTS}]")
JILIN_GDP_2020_BN = Fact(
    1231.132,
    "bn yuan",
    f"[JL] derived: 2021 GDP 13,235.52亿 minus its 924.2亿 increase (weak mirror; {FOUND})",
)
JILIN_SECONDARY_SHARE = Fact(
    0.352, "share of GDP", f"[JL] 2019 bulletin: 11.0 : 35.2 : 53.8 (weak mirror; {FOUND})"
)
JILIN_ELECTRICITY_2008_TWH = Fact(
    49.649, "TWh", f"[JL] China Statistical Yearbook 2009, table 6-14 (official; {FOUND})"
)
JILIN_ELECTRICITY_GROWTH_2008_2020 = (0.025, 0.045)
JILIN_ELECTRICITY_GROWTH_SOURCE = (
    "assumption: Jilin's use grew 9.5%/yr in 2005-2008 (378.23 -> 496.49亿kWh, official) and "
    "slowed with the north-east's stagnation after 2013"
)
COAL_CAP_2025_MT = Fact(7.9056, "Mt", f"[BC] the plan: <= 790.56万吨 in 2025 [{FACTS}]")
COAL_CAP_GROWTH = (0.0, 0.20)
COAL_CAP_GROWTH_SOURCE = (
    "the plan 'controls the growth of coal consumption' (有序控制煤炭消费增长) under a 2025 cap, "
    "so 2020 use lay at or below it; assumption: at most 20% below"
)
LIGNITE_HEAT_VALUE_GJ = Fact(
    13.0, "GJ/t", "assumption: Huolinhe-type lignite, the low end of eastern Inner Mongolia's coal"
)
NON_COAL_CO2_MT = (1.0, 2.0)
NON_COAL_CO2_SOURCE = (
    "assumption: petrol and diesel for ~0.23 million cars, road freight and farm machinery, "
    "gas, and cement calcination; about 0.6-1.3 t per resident"
)
NON_COAL_ENERGY_MTCE = (0.4, 0.9)
RURAL_COAL_TCE_PER_HOUSEHOLD_2014 = Fact(
    0.3472,
    "tce/household/yr",
    f"[CN] CRECS 2014: 347.2 kgce per rural household, 96.9% for heating; the north-east above "
    f"the mean (weak mirror of 中国人口·资源与环境 2017(9); {FOUND})",
)
STRAW_UTILISATION_2020 = (0.80, 0.83)
STRAW_UTILISATION_SOURCE = f"[JL] straw plan: 83% in 2020, about 80-83% [{FACTS}]"
STRAW_FUEL_SHARE = (0.21, 0.25)
STRAW_FUEL_SOURCE = f"[JL] straw burned as household fuel 25% / 23% / 21% in 2019-2021 [{FACTS}]"
RURAL_CLEAN_HEATING_MAX = Fact(
    0.35, "share", f"[CN] some north-east villages < 35% clean heating at end-2020 [{FACTS}]"
)
NORTH_CLEAN_HEATING_2019 = Fact(0.507, "share", f"[CN] northern China, 2019 [{FACTS}]")
NE_GRID_FACTORS = {2022: 0.5564, 2023: 0.5122}
NE_GRID_SOURCE = f"[CN] MEE/NBS Northeast grid factors [{FACTS}]"
GDP_2024_BN = Fact(61.424, "bn yuan", f"[BC] 2024 bulletin (weak mirror) [{FACTS}]")
NEW_ENERGY_2023_GW = (10.0, 16.0)
NEW_ENERGY_2023_SOURCE = (
    f"[BC] installed new energy > 10 GW in 2023 (CGTN), 'development scale' 13 GW (work report), "
    f"> 16 GW scale in 2024 [{FACTS}]"
)
NATIONAL_NON_FOSSIL_2020 = Fact(0.159, "share", f"[CN] non-fossil share 15.9% in 2020 [{FACTS}]")
PLAN_NON_FOSSIL_2025 = Fact(0.177, "share", f"[BC] the plan's 2025 target 17.7% [{FACTS}]")
