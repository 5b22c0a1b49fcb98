"""Shared Chinese and English vocabulary of figures and the web app, and number formats.

Parameter labels and help texts live in the registry (``label``/``label_zh``,
``help``/``help_zh``); this module holds the rest: indicator, sector, state and scenario names,
unit names, and the number conventions of each language (万吨 and 亿元 in Chinese).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

#: Indicator -> (English, Chinese, unit in English, unit in Chinese). Where the Chinese unit
#: has another magnitude (万吨, 万亩), convert values with ``convert``.
KPI_LABELS: dict[str, tuple[str, str, str, str]] = {
    "non_fossil_energy_share": (
        "Non-fossil share of energy use",
        "非化石能源消费占比",
        "share",
        "占比",
    ),
    "non_fossil_capacity_share": (
        "Non-fossil share of power capacity",
        "非化石能源装机占比",
        "share",
        "占比",
    ),
    "wind_solar_capacity_gw": ("Wind + solar capacity", "风电光伏装机", "GW", "吉瓦"),
    "coal_consumption_mt": ("Coal consumption", "煤炭消费量", "Mt", "万吨"),
    "co2_intensity_vs_2005": (
        "CO2 per unit GDP vs 2005",
        "单位GDP二氧化碳排放较2005年",
        "change",
        "变化",
    ),
    "industry_energy_intensity_vs_2020": (
        "Industrial energy per unit value added vs 2020",
        "规上工业单位增加值能耗较2020年",
        "change",
        "变化",
    ),
    "nev_bus_share": ("New-energy share of city buses", "新能源公交车占比", "share", "占比"),
    "nev_taxi_share": ("New-energy share of taxis", "新能源出租车占比", "share", "占比"),
    "ev_share_private_cars": (
        "Electric share of private cars",
        "私家车电动化占比",
        "share",
        "占比",
    ),
    "clean_heating_share": (
        "Clean heating share of households",
        "清洁取暖户占比",
        "share",
        "占比",
    ),
    "straw_utilization_rate": ("Straw utilisation rate", "秸秆综合利用率", "share", "占比"),
    "conservation_tillage_million_mu": (
        "Conservation tillage area",
        "保护性耕作面积",
        "million mu",
        "万亩",  # values convert with ZH_MAGNITUDES
    ),
    "rooftop_pv_gw": ("Rooftop PV capacity", "户用光伏装机", "GW", "吉瓦"),
    "hydrogen_output_kt": ("Hydrogen output", "氢气产量", "kt", "万吨"),
}

#: CO2 sector -> (English, Chinese).
SECTOR_LABELS: dict[str, tuple[str, str]] = {
    "households": ("Households", "居民生活"),
    "services": ("Services", "服务业"),
    "industry": ("Industry", "工业"),
    "new_industry": ("New industry", "新兴产业"),
    "transport": ("Transport", "交通运输"),
    "agriculture": ("Agriculture", "农业"),
    "heat_supply": ("District heat", "集中供热"),
    "power_generation": ("Power generation", "发电"),
}

#: Peak state -> (English, Chinese).
STATE_LABELS: dict[str, tuple[str, str]] = {
    "peaked": ("Peaked", "已达峰"),
    "plateau": ("Plateau", "平台期"),
    "not_peaked": ("Not peaked", "未达峰"),
}

#: Built-in scenario -> (English, Chinese).
#: Baicheng's counties (`parameters.calibration.COUNTIES`) -> (English, Chinese).
COUNTY_LABELS: dict[str, tuple[str, str]] = {
    "洮北区": ("Taobei District", "洮北区"),
    "洮南市": ("Taonan", "洮南市"),
    "大安市": ("Da'an", "大安市"),
    "镇赉县": ("Zhenlai County", "镇赉县"),
    "通榆县": ("Tongyu County", "通榆县"),
}

SCENARIO_LABELS: dict[str, tuple[str, str]] = {
    "bau": ("Business as usual", "基准情景"),
    "current": ("Current policy", "现行政策情景"),
    "plan": ("Carbon-peak plan", "达峰方案情景"),
    "enhanced": ("Enhanced policy", "强化政策情景"),
}

#: Registry unit -> Chinese unit.
UNITS_ZH: dict[str, str] = {
    "1/yr": "每年",
    "1/yr per yr": "每年降幅",
    "GJ/t": "吉焦/吨",
    "GJ/yr": "吉焦/年",
    "GW": "吉瓦",
    "GW/yr": "吉瓦/年",
    "L/100km": "升/百公里",
    "Mt/yr": "百万吨/年",
    "kt/yr": "千吨/年",
    "TWh/yr": "太瓦时/年",
    "MtCO2/yr": "百万吨CO2/年",
    "TWh": "太瓦时",
    "cars/household": "辆/户",
    "chargers": "个",
    "chargers/yr": "个/年",
    "g/kg dm": "克/千克干物质",
    "gce/kWh": "克标准煤/千瓦时",
    "h per GW": "小时/吉瓦",
    "h/yr": "小时/年",
    "kW": "千瓦",
    "kWh/100km": "千瓦时/百公里",
    "kWh/kW/yr": "千瓦时/千瓦/年",
    "kWh/yr": "千瓦时/年",
    "kg/GJ": "千克/吉焦",
    "kg/mu": "千克/亩",
    "kgCO2/m3": "千克CO2/立方米",
    "km/yr": "公里/年",
    "logit units": "效用单位",
    "logit units per 10k yuan": "效用单位/万元",
    "m3/household/yr": "立方米/户/年",
    "million yuan/yr": "百万元/年",
    "probability": "概率",
    "ratio": "比值",
    "retrofits": "次",
    "share": "占比",
    "change": "变化",
    "share by volume": "体积占比",
    "share of VA": "占增加值比例",
    "share of capex": "占投资比例",
    "share/yr": "占比/年",
    "t/mu": "吨/亩",
    "t/yr": "吨/年",
    "tCO2/MWh": "吨CO2/兆瓦时",
    "tCO2/mu/yr": "吨CO2/亩/年",
    "tCO2/t": "吨CO2/吨",
    "tce/household": "吨标准煤/户",
    "tCO2e/t": "吨CO2当量/吨",
    "villages/yr": "村/年",
    "year": "年份",
    "yr": "年",
    "yuan": "元",
    "yuan per tce/yr saved": "元/（吨标准煤/年）",
    "yuan/GJ": "元/吉焦",
    "yuan/L": "元/升",
    "yuan/case": "元/起",
    "yuan/charger": "元/个",
    "yuan/household": "元/户",
    "yuan/household/yr": "元/户/年",
    "yuan/kW": "元/千瓦",
    "yuan/kWh": "元/千瓦时",
    "yuan/kg": "元/千克",
    "yuan/m3": "元/立方米",
    "yuan/mu": "元/亩",
    "yuan/t": "元/吨",
    "yuan/tCO2": "元/吨CO2",
    "yuan/vehicle": "元/辆",
    "yuan/village": "元/村",
}


#: Units shown in Chinese with another magnitude: English unit -> (Chinese unit, factor).
ZH_MAGNITUDES: dict[str, tuple[str, float]] = {
    "Mt": ("万吨", 100.0),
    "MtCO2": ("万吨CO2", 100.0),
    "million mu": ("万亩", 100.0),
    "million yuan": ("亿元", 0.01),
    "kt": ("万吨", 0.1),
    "kt/yr": ("万吨/年", 0.1),
    "Mt/yr": ("万吨/年", 100.0),
    "Mtce": ("万吨标准煤", 100.0),
    "bn yuan": ("亿元", 10.0),
}


def convert(value: float, unit_en: str, lang: Lang) -> tuple[float, str]:
    """A value and its unit as shown in ``lang`` (Chinese uses 万吨, 万亩 and 亿元).

    Args:
        value: The value in ``unit_en``.
        unit_en: Its English unit (a key of ``ZH_MAGNITUDES`` or ``UNITS_ZH``, or a KPI unit).
        lang: The language.
    """
    if lang == "en":
        return value, unit_en
    if unit_en in ZH_MAGNITUDES:
        zh, factor = ZH_MAGNITUDES[unit_en]
        return value * factor, zh
    return value, UNITS_ZH.get(unit_en, unit_en)


def pick(pair: tuple[str, str] | tuple[str, str, str, str], lang: Lang) -> str:
    """Return the English (first) or Chinese (second) entry of a label pair."""
    return pair[1] if lang == "zh" else pair[0]


def unit(unit_en: str, lang: Lang) -> str:
    """A registry unit in ``lang``.

    Raises:
        KeyError: If the unit has no Chinese name yet (add it to ``UNITS_ZH``).
    """
    return UNITS_ZH[unit_en] if lang == "zh" else unit_en


def format_mt(value_mt: float, lang: Lang, digits: int = 1) -> str:
    """A mass in million tonnes: ``12.3 Mt`` in English, ``1,230 万吨`` in Chinese."""
    if lang == "zh":
        return f"{value_mt * 100:,.0f} 万吨"
    return f"{value_mt:,.{digits}f} Mt"


def format_myuan(value_myuan: float, lang: Lang) -> str:
    """Money in million yuan: ``4,492 million yuan`` in English, ``44.9 亿元`` in Chinese."""
    if lang == "zh":
        return f"{value_myuan / 100:,.1f} 亿元"
    return f"{value_myuan:,.0f} million yuan"
