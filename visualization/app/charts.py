"""The app's charts as Apache ECharts options (plain dicts, drawn in the browser).

Building an option costs about a millisecond, so a lever change waits only for the model.
The browser draws them with the ECharts script served by the app itself (`chart.vue`), which
also saves each chart as PNG. In Chinese, emissions are in 万吨 and money in 亿元.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from parameters import REGISTRY
from visualization.app.compute import LiveResult
from visualization.app.strings import label, t
from visualization.i18n import SECTOR_LABELS, Lang, pick

#: Sector colours, calm and distinguishable (ColorBrewer Set2 tones).
SECTOR_COLOURS = {
    "power_generation": "#8da0cb",
    "heat_supply": "#e78ac3",
    "industry": "#b3b3b3",
    "new_industry": "#ffd92f",
    "services": "#66c2a5",
    "households": "#fc8d62",
    "transport": "#a6d854",
    "agriculture": "#e5c494",
}
STATE_COLOURS = {"peaked": "#2e7d32", "plateau": "#f9a825", "not_peaked": "#c62828"}
INK = "#1f2a36"
BAU_COLOUR = "#757575"
PLAN_COLOUR = "#1565c0"
COMPARE_COLOURS = ("#1b9e77", "#d95f02", "#7570b3")
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Roboto, sans-serif"


def co2_unit(lang: Lang) -> tuple[float, str]:
    """Factor from Mt and the unit emissions are shown in."""
    return (100.0, "万吨") if lang == "zh" else (1.0, "Mt")


def rounded(values: Sequence[float], factor: float) -> list[float]:
    """Values times ``factor``, rounded for display (whole 万吨, Mt to 0.01)."""
    digits = 0 if factor >= 100 else 2
    return [round(float(v) * factor, digits) for v in values]


def base_option(title: str, unit: str, lang: Lang) -> dict[str, Any]:
    """An option with the app's title, font, value axis and wrapping legend."""
    return {
        "animation": False,
        "textStyle": {"fontFamily": FONT},
        "title": {"text": title, "left": 0, "textStyle": {"fontSize": 15, "color": INK}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 64, "right": 24, "top": 60, "bottom": 110},
        "yAxis": {
            "type": "value",
            "name": unit,
            "min": 0,
            "nameGap": 10,
            "nameTextStyle": {"align": "right", "padding": [0, 6, 0, 0]},
        },
        "legend": {"bottom": 0, "type": "plain", "itemGap": 14},  # wraps, never hides
    }


def year_axis(years: Sequence[int], lang: Lang) -> dict[str, Any]:
    """A category axis of years."""
    return {
        "type": "category",
        "data": [str(int(y)) for y in years],
        "boundaryGap": False,
        "name": t("year", lang),
        "nameLocation": "middle",
        "nameGap": 28,
    }


def mark_2030() -> dict[str, Any]:
    """A dotted red line at 2030, the plan's peak year."""
    return {
        "silent": True,
        "symbol": "none",
        "label": {"show": False},
        "lineStyle": {"color": "#c62828", "type": "dotted", "width": 1},
        "data": [{"xAxis": "2030"}],
    }


def sectors_of(yearly: pd.DataFrame) -> list[str]:
    """The sectors with a ``co2_<sector>_mt`` column, in the shared label order."""
    return [s for s in SECTOR_LABELS if f"co2_{s}_mt" in yearly.columns]


def trajectory(result: LiveResult, lang: Lang) -> dict[str, Any]:
    """Stacked CO2 by sector of the setting, its total, the BAU and plan totals and the peak."""
    factor, unit = co2_unit(lang)
    yearly = result.run.yearly
    option = base_option(t("trajectory", lang), unit, lang)
    option["xAxis"] = year_axis(yearly["year"], lang)
    series: list[dict[str, Any]] = [
        {
            "name": pick(SECTOR_LABELS[s], lang),
            "type": "line",
            "stack": "sectors",
            "symbol": "none",
            "lineStyle": {"width": 0},
            "areaStyle": {"opacity": 0.85},
            "color": SECTOR_COLOURS.get(s, "#cccccc"),
            "data": rounded(yearly[f"co2_{s}_mt"], factor),
        }
        for s in sectors_of(yearly)
    ]
    total = {
        "name": t("this_setting", lang),
        "type": "line",
        "symbol": "none",
        "color": INK,
        "lineStyle": {"width": 3},
        "data": rounded(yearly["co2_mt"], factor),
        "z": 5,
        "markLine": mark_2030(),
    }
    peak_year = result.run.summary["peak_year"]
    marker = "plateau_marker" if result.run.summary["peak_state"] == "plateau" else "peak_marker"
    if peak_year is not None:
        level = round(result.run.summary["peak_emissions_mt"] * factor, 0 if factor > 1 else 2)
        total["markPoint"] = {
            "symbol": "circle",
            "symbolSize": 12,
            "itemStyle": {"color": "#c62828"},
            "label": {
                "show": True,
                "position": "top",
                "color": "#c62828",
                "fontSize": 13,
                "formatter": f"{t(marker, lang)} {peak_year}",
            },
            "data": [{"coord": [str(peak_year), level]}],
        }
    series.append(total)
    for ref, colour, key in (
        (result.bau, BAU_COLOUR, "bau_line"),
        (result.plan, PLAN_COLOUR, "plan_line"),
    ):
        series.append(
            {
                "name": t(key, lang),
                "type": "line",
                "symbol": "none",
                "color": colour,
                "lineStyle": {"width": 2, "type": "dashed"},
                "data": rounded(ref.yearly["co2_mt"], factor),
                "z": 4,
            }
        )
    option["series"] = series
    return option


def costs(result: LiveResult, lang: Lang) -> dict[str, Any] | None:
    """Horizontal bars of fiscal cost by lever (亿元 in Chinese); None when nothing costs."""
    by_lever = result.run.summary["fiscal_cost_by_lever_myuan"]
    positive = {k: v for k, v in by_lever.items() if v > 0}
    if not positive:
        return None
    order = sorted(positive, key=positive.get)
    if lang == "zh":
        factor, unit, digits = 0.01, "亿元", 1
    elif max(positive.values()) >= 1000:  # as the headline: billion yuan from 1,000 million
        factor, unit, digits = 0.001, "billion yuan", 1
    else:
        factor, unit, digits = 1.0, "million yuan", 0
    option = base_option(t("fiscal_by_lever", lang), unit, lang)
    option.pop("legend")
    option["tooltip"] = {"trigger": "item"}
    option["grid"] = {"left": 8, "right": 72, "top": 40, "bottom": 24, "containLabel": True}
    option["yAxis"] = {
        "type": "category",
        "data": [label(REGISTRY[k], lang) for k in order],
        "axisLabel": {"width": 170, "overflow": "break", "lineHeight": 14},  # long names wrap
    }
    option["xAxis"] = {
        "type": "value",
        "name": unit,
        "nameLocation": "middle",
        "nameGap": 26,
        "splitNumber": 3,
    }
    option["series"] = [
        {
            "type": "bar",
            "name": t("cost", lang),
            "color": "#4c8cbf",
            "barMaxWidth": 22,
            "label": {"show": True, "position": "right"},
            "data": [round(positive[k] * factor, digits) for k in order],
        }
    ]
    return option


def compare(named: Sequence[tuple[str, LiveResult]], lang: Lang) -> dict[str, Any]:
    """Total CO2 of up to three pinned settings, with BAU for reference."""
    factor, unit = co2_unit(lang)
    option = base_option(t("compare_trajectories", lang), unit, lang)
    years = named[0][1].run.yearly["year"] if named else range(2020, 2061)
    option["xAxis"] = year_axis(years, lang)
    series: list[dict[str, Any]] = []
    if named:
        series.append(
            {
                "name": t("bau_line", lang),
                "type": "line",
                "symbol": "none",
                "color": BAU_COLOUR,
                "lineStyle": {"type": "dashed", "width": 2},
                "data": rounded(named[0][1].bau.yearly["co2_mt"], factor),
                "markLine": mark_2030(),
            }
        )
    for (name, result), colour in zip(named, COMPARE_COLOURS, strict=False):
        series.append(
            {
                "name": name,
                "type": "line",
                "symbol": "none",
                "color": colour,
                "lineStyle": {"width": 3},
                "data": rounded(result.run.yearly["co2_mt"], factor),
            }
        )
    option["series"] = series
    return option


#: Views of the detail chart: view -> ((yearly column, label key, colour), ...) per role.
ELECTRICITY_SOURCES = (
    ("generation_coal_twh", "gen_coal", "#7f7f7f"),
    ("generation_wind_solar_twh", "gen_wind_solar", "#66c2a5"),
    ("generation_biomass_twh", "gen_biomass", "#a6d854"),
    ("generation_rooftop_twh", "gen_rooftop", "#ffd92f"),
)
STRAW_USES = (
    ("straw_returned_mt", "straw_returned", "#a6d854"),
    ("straw_feed_mt", "straw_feed", "#e5c494"),
    ("straw_materials_mt", "straw_materials", "#b3b3b3"),
    ("straw_power_mt", "straw_power", "#8da0cb"),
    ("straw_pellets_mt", "straw_pellets", "#66c2a5"),
    ("straw_other_mt", "straw_other", "#e78ac3"),
    ("straw_household_fuel_mt", "straw_household_fuel", "#fc8d62"),
    ("straw_burned_mt", "straw_burned", "#c62828"),
)
DETAIL_VIEWS = ("electricity", "straw", "new_industry")


def twh_unit(lang: Lang) -> tuple[float, str]:
    """Factor from TWh and the unit electricity is shown in (亿千瓦时 in Chinese)."""
    return (10.0, "亿千瓦时") if lang == "zh" else (1.0, "TWh")


def _area(name: str, column: str, colour: str, yearly: pd.DataFrame, factor: float) -> dict:
    return {
        "name": name,
        "type": "line",
        "stack": "total",
        "symbol": "none",
        "lineStyle": {"width": 0},
        "areaStyle": {"opacity": 0.85},
        "color": colour,
        "data": rounded(yearly[column], factor),
    }


def _line(name: str, data: list[float], colour: str, **extra: Any) -> dict:
    return {
        "name": name,
        "type": "line",
        "symbol": "none",
        "color": colour,
        "lineStyle": {"width": 2.5, **extra.pop("line", {})},
        "data": data,
        **extra,
    }


def detail(result: LiveResult, view: str, lang: Lang) -> dict[str, Any]:
    """One of `DETAIL_VIEWS` of the setting's yearly table: electricity, straw or new industry.

    ``electricity``: generation in the city by source, with the electricity used in the city
    (grid and direct green supply) and exported. ``straw``: every use of the straw produced,
    burning last. ``new_industry``: hydrogen and ammonia output, and new industry's electricity
    with the part supplied directly by its own wind and solar.
    """
    yearly = result.run.yearly
    e_factor, e_unit = twh_unit(lang)
    if view == "electricity":
        option = base_option(t("detail_electricity", lang), e_unit, lang)
        used = yearly["electricity_twh"] + yearly["green_direct_supply_twh"]
        exported = yearly["exports_luogu_twh"] + yearly["exports_grid_twh"]
        option["series"] = [
            *(
                _area(t(k, lang), c, colour, yearly, e_factor)
                for c, k, colour in ELECTRICITY_SOURCES
            ),
            _line(t("used_in_city", lang), rounded(used, e_factor), INK, z=5),
            _line(
                t("exported", lang),
                rounded(exported, e_factor),
                PLAN_COLOUR,
                line={"type": "dashed"},
                z=5,
            ),
        ]
    elif view == "straw":
        factor, unit = co2_unit(lang)  # Mt -> 万吨, as emissions
        option = base_option(t("detail_straw", lang), unit, lang)
        option["series"] = [
            _area(t(k, lang), c, colour, yearly, factor) for c, k, colour in STRAW_USES
        ]
    elif view == "new_industry":
        kt_factor, kt_unit = (0.1, "万吨") if lang == "zh" else (1.0, "kt")
        option = base_option(t("detail_new_industry", lang), kt_unit, lang)
        option["yAxis"] = [
            option["yAxis"],
            {
                **option["yAxis"],
                "name": e_unit,
                "splitLine": {"show": False},
                "nameTextStyle": {"align": "left", "padding": [0, 0, 0, 6]},
            },
        ]
        option["grid"]["right"] = 64
        option["series"] = [
            _line(
                t("hydrogen_output", lang),
                rounded(yearly["hydrogen_output_kt"], kt_factor),
                "#1b9e77",
            ),
            _line(
                t("ammonia_output", lang),
                rounded(yearly["ammonia_output_kt"], kt_factor),
                "#7570b3",
            ),
            _line(
                t("new_industry_power", lang),
                rounded(yearly["new_industry_electricity_twh"], e_factor),
                "#d95f02",
                yAxisIndex=1,
                line={"type": "dashed"},
            ),
            _line(
                t("direct_green", lang),
                rounded(yearly["green_direct_supply_twh"], e_factor),
                "#66a61e",
                yAxisIndex=1,
                line={"type": "dotted"},
            ),
        ]
    else:
        raise ValueError(f"view {view!r} is not one of {DETAIL_VIEWS}")
    option["xAxis"] = year_axis(yearly["year"], lang)
    return option
