"""The parameter registry: every lever, uncertainty and constant the model reads.

One declaration per parameter (name, unit, default, range, kind, distribution, group, labels,
source). The CLI, scenario files, sweep specs, the UI and the ODD table all read this registry.
Defaults are the business-as-usual values (policies frozen at 2020); built-in scenarios in
``parameters/scenarios/`` override levers. Sources cite ``shared/data/FACTS.md`` entries by their
public origin; numbers without a public source say "assumption:" and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Kind = Literal["lever", "uncertainty", "constant"]
DType = Literal["float", "int"]
Distribution = Literal["uniform", "triangular", "normal", "lognormal"]

FACTS = "shared/data/FACTS.md"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One model input with its unit, default, allowed range and provenance.

    Attributes:
        name: Stable identifier used by scenarios, ``--set``, sweep specs and the UI.
        unit: Physical or monetary unit.
        default: Business-as-usual value.
        low: Lowest allowed value (inclusive).
        high: Highest allowed value (inclusive).
        kind: ``lever`` (the city controls it), ``uncertainty`` (the world) or ``constant``.
        group: Sector used to group sliders and tables.
        label: Short English label.
        label_zh: Short Chinese label.
        source: Citation, or ``assumption: why``.
        dtype: ``float`` or ``int``.
        distribution: Sampling distribution for uncertainties (``None`` means uniform).
        mode: Mode of a triangular distribution.
    """

    name: str
    unit: str
    default: float
    low: float
    high: float
    kind: Kind
    group: str
    label: str
    label_zh: str
    source: str
    dtype: DType = "float"
    distribution: Distribution | None = None
    mode: float | None = None

    @property
    def schedulable(self) -> bool:
        """Whether a ``{year: value}`` schedule is accepted (levers only)."""
        return self.kind == "lever"


def _p(name: str, unit: str, default: float, low: float, high: float, kind: Kind, group: str,
       label: str, label_zh: str, source: str, **extra: object) -> Parameter:  # fmt: skip
    return Parameter(name, unit, default, low, high, kind, group, label, label_zh, source, **extra)


_PARAMETERS: tuple[Parameter, ...] = (
    # ---------------------------------------------------------------- levers: transport
    _p("ev_purchase_subsidy_yuan", "yuan/vehicle", 15000, 0, 60000, "lever", "transport",
       "EV purchase incentive (national + local)", "电动汽车购置补贴",
       "assumption: 2020 national purchase subsidy plus purchase-tax exemption for a mass-market "
       "BEV, about ¥15k; NEV purchase-tax exemption capped at ¥30k (2024-25) and ¥15k (2026-27) "
       f"[CN, {FACTS}]"),
    _p("public_chargers_added_per_year", "chargers/yr", 100, 0, 5000, "lever", "transport",
       "Public chargers added per year", "每年新增公共充电桩",
       "assumption: Baicheng charger stock not found (FACTS 'Not found'); 100/yr in 2020",
       dtype="int"),
    _p("bus_nev_procurement_share", "share", 0.5, 0, 1, "lever", "transport",
       "NEV share required in bus procurement", "公交新能源采购比例",
       "assumption: 2020 practice; plan target ~72% NEV buses by 2025 [BC plan, " + FACTS + "]"),
    _p("taxi_nev_procurement_share", "share", 0.1, 0, 1, "lever", "transport",
       "NEV share required in taxi procurement", "出租车新能源采购比例",
       "assumption: 2020 practice; plan target ~35% NEV taxis by 2025 [BC plan, " + FACTS + "]"),
    # ---------------------------------------------------------------- levers: heating
    _p("heat_pump_subsidy_yuan", "yuan/household", 0, 0, 30000, "lever", "heating",
       "Heat-pump / electric heating subsidy", "热泵/电采暖补贴",
       "range from subsidies elsewhere: Beijing ¥24k, Hebei ≤¥13.5k, Tianjin ≤¥29k [CN, "
       + FACTS + "]; none found for Jilin"),
    _p("clean_heating_villages_per_year", "villages/yr", 0, 0, 300, "lever", "heating",
       "Villages entering the clean-heating programme per year", "每年清洁取暖改造村数",
       "assumption: village programme roll-out pace; 0 in 2020", dtype="int"),
    _p("coal_stove_ban_year", "year", 2100, 2020, 2100, "lever", "heating",
       "Year from which new coal stoves are banned (2100 = no ban)", "禁止新装燃煤炉年份",
       "assumption: no ban in force in 2020", dtype="int"),
    # ---------------------------------------------------------------- levers: solar
    _p("rooftop_pv_subsidy_yuan_per_kw", "yuan/kW", 0, 0, 3000, "lever", "solar",
       "Rooftop PV subsidy", "户用光伏补贴", "assumption: no local rooftop subsidy in 2020"),
    # ---------------------------------------------------------------- levers: agriculture
    _p("straw_return_subsidy_yuan_per_mu", "yuan/mu", 10, 0, 100, "lever", "agriculture",
       "Straw field-return subsidy", "秸秆还田补贴",
       "assumption: Jilin conservation-tillage subsidy averages ~40 ¥/mu, capped at 70 [JL, "
       + FACTS + "]; field-return subsidy set lower"),
    _p("straw_offfield_subsidy_yuan_per_t", "yuan/t", 20, 0, 300, "lever", "agriculture",
       "Straw off-field use subsidy", "秸秆离田利用补贴",
       "assumption: per-tonne collection subsidy; no Baicheng figure found"),
    _p("conservation_tillage_subsidy_yuan_per_mu", "yuan/mu", 40, 0, 70, "lever", "agriculture",
       "Conservation tillage subsidy", "保护性耕作补贴",
       "Jilin average ~40 ¥/mu; maize cap 70 ¥/mu at >=60% residue cover [JL, " + FACTS + "]"),
    _p("burning_enforcement", "probability", 0.2, 0, 1, "lever", "agriculture",
       "Detection probability of open straw burning", "秸秆焚烧查处概率",
       "assumption: 2020 patrol and satellite monitoring intensity"),
    _p("burning_fine_yuan", "yuan/case", 500, 0, 10000, "lever", "agriculture",
       "Fine per detected burning case", "秸秆焚烧罚款", "assumption: typical local fine"),
    # ---------------------------------------------------------------- levers: industry
    _p("carbon_price_yuan_per_t", "yuan/tCO2", 0, 0, 1000, "lever", "industry",
       "Carbon price on industry and power", "碳价",
       "assumption: no price on Baicheng firms in 2020 (national ETS started 2021)"),
    _p("industry_retrofit_subsidy_share", "share of capex", 0.0, 0, 0.8, "lever", "industry",
       "Subsidy share of efficiency-retrofit capex", "工业节能改造补贴比例",
       "assumption: none in 2020"),
    _p("coal_consumption_cap_mt", "Mt/yr", 20.0, 1.0, 20.0, "lever", "industry",
       "Cap on total coal consumption (20 = no cap)", "煤炭消费总量上限",
       "plan: <=7.9056 Mt in 2025 [BC plan, " + FACTS + "]; 20 = non-binding"),
    # ---------------------------------------------------------------- levers: power and gas
    _p("wind_solar_capacity_2030_gw", "GW", 8.0, 4.0, 60.0, "lever", "power",
       "Wind + solar capacity reached in 2030", "2030年风光装机",
       "plan ~40 GW by 2030; >10 GW installed 2023 [BC, " + FACTS + "]; bau = 2019 approvals"),
    _p("hydrogen_blend_share", "share by volume", 0.0, 0, 0.3, "lever", "power",
       "Hydrogen blended into natural gas", "天然气掺氢比例",
       "plan: 5% by volume (project) by 2025 [BC plan, " + FACTS + "]"),
    # ---------------------------------------------------------------- uncertainties
    _p("gdp_growth_rate", "1/yr", 0.05, 0.025, 0.07, "uncertainty", "economy",
       "Real GDP growth", "GDP增速",
       "2024 +4.9%, 2023 ~6% expected [BC, " + FACTS + "]",
       distribution="triangular", mode=0.05),
    _p("gdp_growth_slowdown_per_year", "1/yr per yr", 0.0012, 0.0, 0.002, "uncertainty",
       "economy", "Yearly fall of the growth rate after 2030", "2030年后增速年降幅",
       "assumption: growth converges toward ~1-2% by 2060"),
    _p("population_growth_rate", "1/yr", -0.015, -0.03, 0.005, "uncertainty", "economy",
       "Population growth", "人口增长率",
       "derived: -23.67% 2010-2020 is -2.7%/yr [BC census, " + FACTS + "]; assumption: decline "
       "slows", distribution="triangular", mode=-0.015),
    _p("battery_cost_decline_rate", "1/yr", 0.12, 0.05, 0.2, "uncertainty", "transport",
       "Yearly decline of the EV price premium", "电池成本下降率",
       "assumption: calibrated so 300-400 km BEV price parity falls in 2026-2029 (ICCT) [CN, "
       + FACTS + "]"),
    _p("heat_pump_cost_decline_rate", "1/yr", 0.03, 0.0, 0.07, "uncertainty", "heating",
       "Yearly decline of heat-pump cost", "热泵成本下降率", "assumption: learning rate"),
    _p("social_influence_strength", "logit units", 2.0, 0.0, 5.0, "uncertainty", "behaviour",
       "Weight of neighbours' choices", "邻里影响强度",
       "assumption: utility per unit neighbour share; peer effects in technology adoption"),
    _p("heating_degree_days_factor", "ratio", 1.0, 0.85, 1.1, "uncertainty", "heating",
       "Heating demand relative to 2020 climate", "采暖度日数系数",
       "assumption: weather variability and warming", distribution="triangular", mode=0.97),
    _p("coal_price_yuan_per_t", "yuan/t", 900, 600, 1400, "uncertainty", "energy prices",
       "Coal price (delivered)", "煤价", "assumption: NE thermal coal delivered price"),
    _p("electricity_price_yuan_per_kwh", "yuan/kWh", 0.525, 0.4, 0.8, "uncertainty",
       "energy prices", "Residential electricity price", "居民电价",
       "assumption: Jilin residential first-tier tariff order of magnitude"),
    _p("petrol_price_yuan_per_l", "yuan/L", 7.0, 5.5, 9.5, "uncertainty", "energy prices",
       "Petrol price", "汽油价格", "assumption: 92# petrol retail price order of magnitude"),
    _p("grid_nonfossil_growth", "share/yr", 0.01, 0.005, 0.02, "uncertainty", "power",
       "Yearly rise of the regional grid's non-fossil share", "区域电网非化石占比年增幅",
       "assumption: NE grid factor 0.5564 (2022) vs fossil-only 0.8325 gives ~33% non-fossil "
       "[CN MEE, " + FACTS + "]; 2022->2023 factor fell to 0.5122"),
    _p("car_ownership_saturation", "cars/household", 0.8, 0.6, 1.0, "uncertainty", "transport",
       "Saturation level of private car ownership", "私家车保有饱和水平",
       "assumption: small north-eastern city"),
    _p("industry_output_elasticity", "ratio", 1.0, 0.6, 1.3, "uncertainty", "industry",
       "Industrial output growth per unit GDP growth", "工业产出对GDP弹性",
       "assumption: secondary sector 21% of GDP and lagging (2024 above-size VA -0.2%) [BC, "
       + FACTS + "]"),
    _p("biomass_buyer_price_yuan_per_t", "yuan/t", 120, 60, 250, "uncertainty", "agriculture",
       "Price paid for baled straw", "秸秆收购价",
       "assumption: biomass plants (e.g. 30 MW at Da'an [BC, " + FACTS + "]) buying bales"),
    # ---------------------------------------------------------------- constants: emission factors
    _p("ef_coal_t_per_t", "tCO2/t", 1.77, 1.5, 2.1, "constant", "emission factors",
       "CO2 per tonne of raw coal", "原煤排放因子",
       "derived from NDRC 2007 guideline: 27.28 tC/TJ, 19.214 GJ/t, 92.3% oxidation [" + FACTS
       + "]"),
    _p("ef_petrol_t_per_t", "tCO2/t", 3.04, 2.9, 3.1, "constant", "emission factors",
       "CO2 per tonne of petrol", "汽油排放因子", "derived, NDRC 2007 guideline [" + FACTS + "]"),
    _p("ef_diesel_t_per_t", "tCO2/t", 3.15, 3.0, 3.2, "constant", "emission factors",
       "CO2 per tonne of diesel", "柴油排放因子", "derived, NDRC 2007 guideline [" + FACTS + "]"),
    _p("ef_gas_kg_per_m3", "kgCO2/m3", 2.14, 2.0, 2.2, "constant", "emission factors",
       "CO2 per m3 of natural gas", "天然气排放因子",
       "derived, NDRC 2007 guideline [" + FACTS + "]"),
    _p("grid_factor_fossil_t_per_mwh", "tCO2/MWh", 0.8325, 0.8, 0.9, "constant",
       "emission factors", "Fossil-only grid factor", "化石电源排放因子",
       "MEE/NBS 2022 fossil-only factor [CN, " + FACTS + "]"),
    _p("grid_nonfossil_share_2020", "share", 0.31, 0.25, 0.36, "constant", "power",
       "Regional grid non-fossil share in 2020", "2020年区域电网非化石占比",
       "assumption: back-cast from NE 2022 factor 0.5564 / fossil-only 0.8325 (33%) [" + FACTS
       + "]"),
    _p("straw_burn_ch4_g_per_kg", "g/kg dm", 5.82, 2.0, 9.0, "constant", "emission factors",
       "CH4 per kg straw burned", "秸秆焚烧CH4因子", "GFED4 agricultural burning [" + FACTS + "]"),
    _p("straw_burn_n2o_g_per_kg", "g/kg dm", 0.1, 0.05, 0.2, "constant", "emission factors",
       "N2O per kg straw burned", "秸秆焚烧N2O因子", "GFED4 agricultural burning [" + FACTS + "]"),
    _p("straw_combustion_completeness", "share", 0.9, 0.7, 1.0, "constant",
       "emission factors", "Share of burned straw dry matter actually combusted",
       "秸秆燃烧完全度", "assumption: typical field-burning completeness"),
    _p("gwp_ch4", "tCO2e/t", 28, 25, 34, "constant", "emission factors", "GWP100 of CH4",
       "甲烷GWP", "assumption: IPCC AR5 GWP100 without feedbacks"),
    _p("gwp_n2o", "tCO2e/t", 265, 265, 298, "constant", "emission factors", "GWP100 of N2O",
       "氧化亚氮GWP", "assumption: IPCC AR5 GWP100 without feedbacks"),
    _p("cement_process_t_per_t_clinker", "tCO2/t", 0.52, 0.5, 0.55, "constant",
       "emission factors", "Process CO2 per tonne clinker", "熟料工艺排放",
       "assumption: typical calcination factor"),
    # ---------------------------------------------------------------- constants: energy system
    _p("wind_solar_capacity_2020_gw", "GW", 4.0, 3.0, 5.5, "constant", "power",
       "Wind + solar capacity in 2020", "2020年风光装机",
       "assumption: 2019 approvals 1.95 GW wind + 0.5 GW PV + 0.95 GW + 1 GW [BC, " + FACTS
       + "] partly built by 2020"),
    _p("wind_solar_growth_after_2030_gw", "GW/yr", 2.0, 0.0, 6.0, "constant", "power",
       "Wind + solar added per year after 2030", "2030年后年新增风光",
       "assumption: slower build-out once the 2030 target is met"),
    _p("wind_solar_full_load_hours", "h/yr", 2200, 1800, 2800, "constant", "power",
       "Wind + solar full-load hours", "风光利用小时数",
       "assumption: Tongyu >10 TWh from new energy 2023 [BC, " + FACTS + "]; NE wind resource"),
    _p("coal_power_capacity_gw", "GW", 1.6, 1.0, 2.5, "constant", "power",
       "Coal power and CHP capacity", "煤电及热电装机",
       "assumption: thermal capacity not found [" + FACTS + "]"),
    _p("coal_power_hours_2020", "h/yr", 4200, 3000, 5000, "constant", "power",
       "Coal plant running hours in 2020", "2020年煤电利用小时",
       "assumption: NE CHP plants run through the heating season"),
    _p("coal_power_hours_min", "h/yr", 2500, 1500, 3500, "constant", "power",
       "Minimum coal plant hours (heat-led CHP must-run)", "煤电最低利用小时",
       "assumption: heat-led CHP must-run in winter"),
    _p("power_plant_coal_g_per_kwh", "gce/kWh", 305, 280, 330, "constant", "power",
       "Coal use per kWh generated (also the substitution factor)", "供电煤耗",
       "assumption: Chinese fleet average order of magnitude"),
    _p("biomass_power_capacity_gw", "GW", 0.06, 0.03, 0.2, "constant", "power",
       "Biomass power capacity", "生物质发电装机",
       "30 MW biomass CHP at Da'an [BC, " + FACTS + "] plus one assumed plant of the same size"),
    _p("regional_generation_twh_2020", "TWh", 550, 450, 700, "constant", "power",
       "Regional (NE) grid generation in 2020", "东北电网发电量",
       "assumption: order of magnitude of the NE grid"),
    _p("regional_generation_growth", "1/yr", 0.02, 0.0, 0.04, "constant", "power",
       "Growth of regional grid generation", "区域电网发电量增速", "assumption"),
    _p("coal_hours_displaced_per_gw", "h per GW", 50, 0, 100, "constant", "power",
       "Local coal-plant hours displaced per GW of new wind and solar", "新能源挤出煤电小时",
       "assumption: heat-led CHP keeps a must-run floor"),
    _p("public_charger_cost_yuan", "yuan/charger", 30000, 10000, 80000, "constant",
       "transport", "Public budget per public charger", "公共充电桩财政投入", "assumption"),
    _p("district_heat_coal_kg_per_gj", "kg/GJ", 45, 38, 55, "constant", "heating",
       "Raw coal per GJ of district heat delivered", "集中供热煤耗",
       "assumption: CHP/boiler efficiency ~75% incl. network losses at 19.214 GJ/t"),
    # ---------------------------------------------------------------- constants: households
    _p("household_heat_demand_gj", "GJ/yr", 45, 30, 70, "constant", "heating",
       "Useful heat demand per household (2020 climate)", "户均采暖热需求",
       "assumption: ~90 m2 at ~0.5 GJ/m2 in a severe-cold zone"),
    _p("coal_stove_coal_t", "t/yr", 2.6, 1.5, 3.5, "constant", "heating",
       "Coal burned by a coal-stove household per winter", "燃煤炉户均用煤",
       "assumption: 45 GJ at ~60% stove efficiency"),
    _p("heat_pump_cop", "ratio", 2.2, 1.6, 3.0, "constant", "heating",
       "Seasonal COP of air-source heat pumps in severe cold", "热泵季节能效比",
       "assumption: low-temperature air-source units"),
    _p("heat_pump_capex_yuan", "yuan", 30000, 20000, 45000, "constant", "heating",
       "Heat-pump installed cost in 2020", "热泵安装成本",
       "assumption: consistent with subsidies of ¥13.5-29k covering most of the cost [" + FACTS
       + "]"),
    _p("household_electricity_kwh", "kWh/yr", 1500, 1000, 2500, "constant", "households",
       "Base household electricity use", "户均基础用电", "assumption"),
    _p("car_km_per_year", "km/yr", 12000, 8000, 16000, "constant", "transport",
       "Private car distance", "私家车年行驶里程", "assumption"),
    _p("ice_l_per_100km", "L/100km", 7.5, 6.0, 9.0, "constant", "transport",
       "Petrol car fuel use", "燃油车油耗", "assumption"),
    _p("ev_kwh_per_100km", "kWh/100km", 19, 15, 25, "constant", "transport",
       "EV electricity use incl. cold-climate losses", "电动车电耗", "assumption"),
    _p("ice_price_yuan", "yuan", 100000, 70000, 150000, "constant", "transport",
       "Typical petrol car price", "燃油车价格", "assumption"),
    _p("ev_premium_2020_yuan", "yuan", 45000, 25000, 70000, "constant", "transport",
       "EV price premium over a petrol car in 2020", "2020年电动车溢价",
       "assumption: BEV average ~€31.8k (2022) [CN, " + FACTS + "] vs a cheaper ICE"),
    _p("car_lifetime_years", "yr", 12, 8, 16, "constant", "transport", "Private car lifetime",
       "私家车使用年限", "assumption"),
    _p("first_car_purchase_rate", "1/yr", 0.04, 0.01, 0.08, "constant", "transport",
       "Yearly first-car purchase probability of a car-less household", "首购概率",
       "assumption: ownership grows toward saturation with income"),
    _p("ev_cold_climate_penalty", "logit units", 1.5, 0.5, 3.0, "constant", "transport",
       "Range anxiety in severe cold (utility penalty for EVs)", "寒冷地区续航顾虑",
       "assumption"),
    _p("cost_sensitivity_per_10k_yuan", "logit units per 10k yuan", 1.0, 0.3, 2.0, "constant",
       "behaviour", "Utility per ¥10,000 of cost difference", "成本敏感度", "assumption"),
    _p("ev_savings_horizon_years", "yr", 6, 3, 10, "constant", "transport",
       "Years of fuel savings a car buyer counts (discounted)", "购车考虑的节油年限",
       "assumption: myopic buyers discount savings"),
    _p("charging_access_weight", "logit units", 2.0, 0.5, 4.0, "constant", "transport",
       "Utility of full public charging access for apartment dwellers", "公共充电可及性权重",
       "assumption"),
    _p("charger_half_saturation", "chargers", 1500, 500, 5000, "constant", "transport",
       "Public chargers at which access is half of full", "充电可及性半饱和桩数",
       "assumption"),
    _p("home_charging_bonus", "logit units", 0.5, 0.0, 1.5, "constant", "transport",
       "Utility of home charging for detached houses", "自有充电便利", "assumption"),
    _p("income_cost_elasticity", "ratio", 0.5, 0.0, 1.0, "constant", "behaviour",
       "How cost sensitivity falls with income (median/income)^e", "收入对成本敏感度弹性",
       "assumption"),
    _p("heating_lifecycle_years", "yr", 10, 5, 15, "constant", "heating",
       "Years of running cost a household counts when choosing heating", "采暖选择考虑年限",
       "assumption"),
    _p("clean_heating_programme_uptake", "share", 0.9, 0.5, 1.0, "constant", "heating",
       "Share of coal-stove households that convert when their village joins",
       "清洁取暖改造参与率", "assumption: organised village conversions"),
    _p("village_programme_cost_yuan", "yuan/village", 1500000, 500000, 5000000, "constant",
       "heating", "Public cost per village converted (grid reinforcement, organisation)",
       "每村改造公共投入", "assumption"),
    _p("district_heat_fee_yuan", "yuan/household/yr", 2250, 1500, 3500, "constant", "heating",
       "District heating fee", "集中供热费", "assumption: ~25 ¥/m2 for ~90 m2"),
    _p("pellet_price_yuan_per_t", "yuan/t", 700, 400, 1000, "constant", "heating",
       "Biomass pellet/briquette price", "生物质颗粒价格", "assumption"),
    _p("gas_price_yuan_per_m3", "yuan/m3", 3.2, 2.5, 4.5, "constant", "energy prices",
       "Natural gas price", "天然气价格", "assumption"),
    _p("household_gas_m3_2020", "m3/household/yr", 120, 50, 250, "constant", "households",
       "Cooking gas/LPG per urban household (non-heating)", "户均炊事用气", "assumption"),
    _p("pv_capex_yuan_per_kw", "yuan/kW", 3500, 2500, 5000, "constant", "solar",
       "Rooftop PV installed cost in 2020", "户用光伏单位造价", "assumption"),
    _p("pv_cost_decline_rate", "1/yr", 0.04, 0.0, 0.08, "constant", "solar",
       "Yearly decline of PV cost", "光伏成本下降率", "assumption"),
    _p("pv_yield_kwh_per_kw", "kWh/kW/yr", 1400, 1200, 1600, "constant", "solar",
       "Rooftop PV yield", "光伏年发电量", "assumption: western Jilin irradiation"),
    _p("pv_system_kw", "kW", 6, 3, 10, "constant", "solar", "Rooftop PV system size",
       "户用光伏规模", "assumption"),
    _p("pv_max_adoption_rate", "1/yr", 0.03, 0.005, 0.08, "constant", "solar",
       "Yearly PV adoption probability at very short payback", "光伏最大年采纳率",
       "assumption"),
    # ---------------------------------------------------------------- constants: farms
    _p("straw_t_per_mu", "t/mu", 0.55, 0.4, 0.7, "constant", "agriculture",
       "Straw yield per mu (dry matter)", "亩均秸秆产量",
       "assumption: residue-to-grain ~1.1 at ~0.41 t grain/mu (5.92 Mt on 14.45 million mu) ["
       + FACTS + "]"),
    _p("farm_yuan_per_utility", "yuan/mu", 20, 5, 50, "constant", "behaviour",
       "Net benefit per mu equal to one logit unit in straw choices", "秸秆决策成本尺度",
       "assumption"),
    _p("straw_habit_utility", "logit units", 1.0, 0.0, 3.0, "constant", "behaviour",
       "Utility of repeating last year's straw practice", "秸秆处置习惯", "assumption"),
    _p("no_machinery_extra_cost_yuan_per_mu", "yuan/mu", 15, 0, 40, "constant", "agriculture",
       "Extra cost of straw return for farms without own machinery", "无农机户还田额外成本",
       "assumption: hiring machinery services"),
    _p("conservation_tillage_cost_yuan_per_mu", "yuan/mu", 50, 10, 80, "constant",
       "agriculture", "Perceived cost/risk of conservation tillage", "保护性耕作成本",
       "assumption: matched to the ~40 ¥/mu JL subsidy [FACTS]"),
    _p("conservation_tillage_max_rate", "1/yr", 0.1, 0.02, 0.3, "constant", "agriculture",
       "Yearly adoption probability of conservation tillage when attractive",
       "保护性耕作最大年采纳率", "assumption"),
    _p("enforcement_cost_myuan", "million yuan/yr", 20, 5, 60, "constant", "agriculture",
       "Public cost of full burning enforcement (detection probability 1)", "秸秆禁烧执法成本",
       "assumption: patrols and satellite monitoring scale with detection probability"),
    _p("straw_return_cost_yuan_per_mu", "yuan/mu", 45, 20, 80, "constant", "agriculture",
       "Cost of crushing and returning straw", "秸秆还田作业成本", "assumption"),
    _p("straw_offfield_cost_yuan_per_t", "yuan/t", 110, 60, 200, "constant", "agriculture",
       "Baling and haulage cost", "秸秆打捆运输成本", "assumption"),
    _p("straw_burn_convenience_yuan_per_mu", "yuan/mu", 20, 0, 50, "constant", "agriculture",
       "Labour and time saved by burning", "焚烧省工收益", "assumption"),
    _p("farm_diesel_kg_per_mu", "kg/mu", 2.5, 1.5, 4.0, "constant", "agriculture",
       "Machinery diesel per mu", "亩均农机柴油", "assumption; machinery 7.48 GW [" + FACTS + "]"),
    _p("conservation_tillage_diesel_saving", "share", 0.2, 0.1, 0.35, "constant", "agriculture",
       "Diesel saved by conservation tillage", "保护性耕作节油", "assumption"),
    _p("soil_sink_t_per_mu", "tCO2/mu/yr", 0.05, 0.0, 0.15, "constant", "agriculture",
       "Soil carbon gain under conservation tillage", "保护性耕作土壤固碳", "assumption"),
    _p("forest_grass_sink_mt", "MtCO2/yr", 1.2, 0.5, 2.5, "constant", "agriculture",
       "Forest and grassland sink", "林草碳汇",
       "assumption: forest coverage target 9.6% of 25,683 km2 [BC, " + FACTS + "]"),
    # ---------------------------------------------------------------- constants: fleets
    _p("bus_lifetime_years", "yr", 8, 6, 12, "constant", "transport", "Bus lifetime",
       "公交车使用年限", "assumption", dtype="int"),
    _p("taxi_lifetime_years", "yr", 6, 4, 8, "constant", "transport", "Taxi lifetime",
       "出租车使用年限", "assumption", dtype="int"),
    _p("depot_chargers_added_per_year", "chargers/yr", 40, 0, 200, "constant", "transport",
       "Depot chargers bus operators add per year", "公交场站新增充电桩", "assumption",
       dtype="int"),
    _p("bus_km_per_year", "km/yr", 60000, 40000, 80000, "constant", "transport",
       "Distance per city bus", "公交车年行驶里程", "assumption"),
    _p("taxi_km_per_year", "km/yr", 120000, 80000, 150000, "constant", "transport",
       "Distance per taxi", "出租车年行驶里程", "assumption"),
    _p("bus_price_diesel_yuan", "yuan", 600000, 400000, 800000, "constant", "transport",
       "Diesel bus price", "柴油公交价格", "assumption"),
    _p("bus_price_bev_2020_yuan", "yuan", 1200000, 800000, 1600000, "constant", "transport",
       "Battery-electric bus price in 2020", "2020年纯电公交价格", "assumption"),
    _p("depot_charger_cost_yuan", "yuan", 100000, 50000, 200000, "constant", "transport",
       "Cost of one depot charger (two buses)", "场站充电桩成本", "assumption"),
    # ---------------------------------------------------------------- constants: industry
    _p("retrofit_saving_share", "share", 0.12, 0.05, 0.25, "constant", "industry",
       "Energy saved by one efficiency retrofit", "单次节能改造节能率", "assumption"),
    _p("retrofit_capex_yuan_per_tce", "yuan per tce/yr saved", 8000, 4000, 15000, "constant",
       "industry", "Retrofit capex per tce of yearly savings", "节能改造单位投资", "assumption"),
    _p("retrofit_max_rate", "1/yr", 0.15, 0.05, 0.4, "constant", "industry",
       "Yearly probability a firm retrofits when payback is short", "节能改造最大年概率",
       "assumption"),
    _p("retrofit_max_count", "retrofits", 3, 1, 6, "constant", "industry",
       "Most efficiency retrofits one firm can make", "单企业最多改造次数", "assumption",
       dtype="int"),
    _p("boiler_review_rate", "1/yr", 0.05, 0.02, 0.15, "constant", "industry",
       "Yearly chance a firm reviews its process-heat fuel (1 / boiler life)",
       "锅炉更新评估概率", "assumption: ~20-year boiler life"),
    _p("industrial_electricity_price_yuan_per_kwh", "yuan/kWh", 0.6, 0.4, 0.9, "constant",
       "energy prices", "Industrial electricity price", "工业电价", "assumption"),
    _p("heating_electricity_price_yuan_per_kwh", "yuan/kWh", 0.3, 0.15, 0.5, "constant",
       "energy prices", "Discounted tariff for wind-powered district heating",
       "风电供暖优惠电价", "assumption: NE wind-heating pilot tariffs"),
    _p("biomass_fuel_price_yuan_per_gj", "yuan/GJ", 40, 20, 80, "constant", "energy prices",
       "Delivered biomass fuel for boilers, incl. scarcity", "生物质燃料价格", "assumption"),
    _p("hydrogen_price_yuan_per_kg", "yuan/kg", 25, 10, 40, "constant", "energy prices",
       "Green hydrogen price", "绿氢价格",
       "assumption: local green H2 (Da'an project 32 kt/yr [BC, " + FACTS + "])"),
    _p("two_high_carbon_cost_exit_share", "share of VA", 0.2, 0.05, 0.5, "constant",
       "industry", "Carbon cost share of value added that pushes a firm to exit",
       "碳成本退出阈值", "assumption"),
    _p("industry_autonomous_efficiency", "1/yr", 0.005, 0.0, 0.02, "constant", "industry",
       "Autonomous efficiency gain", "自主能效提升率", "assumption"),
    _p("services_energy_elasticity", "ratio", 0.7, 0.3, 1.0, "constant", "services",
       "Services energy growth per unit GDP growth", "服务业能耗弹性", "assumption"),
    _p("freight_diesel_elasticity", "ratio", 0.8, 0.4, 1.1, "constant", "transport",
       "Freight diesel growth per unit GDP growth", "货运柴油弹性", "assumption"),
)


def _build(params: tuple[Parameter, ...]) -> MappingProxyType[str, Parameter]:
    table: dict[str, Parameter] = {}
    for p in params:
        if p.name in table:
            raise RuntimeError(f"duplicate parameter {p.name!r} in the registry")
        if not p.low <= p.default <= p.high:
            raise RuntimeError(f"default of {p.name!r} ({p.default}) is outside its range")
        table[p.name] = p
    return MappingProxyType(table)


REGISTRY: MappingProxyType[str, Parameter] = _build(_PARAMETERS)


def levers() -> list[Parameter]:
    """Return the levers in declaration order."""
    return [p for p in REGISTRY.values() if p.kind == "lever"]


def uncertainties() -> list[Parameter]:
    """Return the uncertainties in declaration order."""
    return [p for p in REGISTRY.values() if p.kind == "uncertainty"]
