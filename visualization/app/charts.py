"""The app's charts as Apache ECharts options (plain dicts, drawn in the browser).

Building an option costs about a millisecond, so a lever change waits only for the model.
The browser draws them with the ECharts script served by the app itself (`chart.vue`), which
also saves each chart as PNG. In Chinese, emissions are in 万吨 and money in 亿元.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from parameters import REGISTRY
from visualization.app.compute import LiveResult
from visualization.app.strings import label, t
from visualization.i18n import SECTOR_LABELS, STATE_LABELS, Lang, pick

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


def _round(values: Sequence[float], factor: float) -> list[float]:
    digits = 0 if factor >= 100 else 2
    return [round(float(v) * factor, digits) for v in values]


def _base(title: str, unit: str, lang: Lang) -> dict[str, Any]:
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


def _year_axis(years: Sequence[int], lang: Lang) -> dict[str, Any]:
    return {
        "type": "category",
        "data": [str(int(y)) for y in years],
        "boundaryGap": False,
        "name": t("year", lang),
        "nameLocation": "middle",
        "nameGap": 28,
    }


def _mark_2030() -> dict[str, Any]:
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
    option = _base(t("trajectory", lang), unit, lang)
    option["xAxis"] = _year_axis(yearly["year"], lang)
    series: list[dict[str, Any]] = [
        {
            "name": pick(SECTOR_LABELS[s], lang),
            "type": "line",
            "stack": "sectors",
            "symbol": "none",
            "lineStyle": {"width": 0},
            "areaStyle": {"opacity": 0.85},
            "color": SECTOR_COLOURS.get(s, "#cccccc"),
            "data": _round(yearly[f"co2_{s}_mt"], factor),
        }
        for s in sectors_of(yearly)
    ]
    total = {
        "name": t("this_setting", lang),
        "type": "line",
        "symbol": "none",
        "color": INK,
        "lineStyle": {"width": 3},
        "data": _round(yearly["co2_mt"], factor),
        "z": 5,
        "markLine": _mark_2030(),
    }
    peak_year = result.run.summary["peak_year"]
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
                "formatter": f"{t('peak_marker', lang)} {peak_year}",
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
                "data": _round(ref.yearly["co2_mt"], factor),
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
    factor, unit = (0.01, "亿元") if lang == "zh" else (1.0, "million yuan")
    option = _base(t("fiscal_by_lever", lang), unit, lang)
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
            "data": [round(positive[k] * factor, 1 if lang == "zh" else 0) for k in order],
        }
    ]
    return option


def fan(bands: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    """Median and 50%/90% bands of total CO2 across the ensemble's runs."""
    factor, unit = co2_unit(lang)
    option = _base(t("fan_chart", lang), unit, lang)
    option["xAxis"] = _year_axis(bands["year"], lang)
    option["tooltip"] = {"trigger": "axis"}

    def band(name: str, low: str, high: str, colour: str, stack: str) -> list[dict[str, Any]]:
        lower = _round(bands[low], factor)
        width = [round(h - lo, 2) for h, lo in zip(_round(bands[high], factor), lower, strict=True)]
        hidden = {
            "type": "line",
            "stack": stack,
            "symbol": "none",
            "silent": True,
            "lineStyle": {"opacity": 0},
            "data": lower,
            "tooltip": {"show": False},
        }
        shown = {
            "name": name,
            "type": "line",
            "stack": stack,
            "symbol": "none",
            "lineStyle": {"opacity": 0},
            "areaStyle": {"color": colour},
            "color": colour,
            "data": width,
        }
        return [hidden, shown]

    option["legend"]["data"] = [t("band_90", lang), t("band_50", lang), t("median", lang)]
    option["tooltip"] = {"show": False}
    option["series"] = [
        *band(t("band_90", lang), "q05", "q95", "rgba(158,202,225,0.7)", "q90"),
        *band(t("band_50", lang), "q25", "q75", "rgba(66,146,198,0.7)", "q50"),
        {
            "name": t("median", lang),
            "type": "line",
            "symbol": "none",
            "color": INK,
            "lineStyle": {"width": 3},
            "data": _round(bands["q50"], factor),
            "markLine": _mark_2030(),
        },
    ]
    return option


def states(shares: Mapping[str, float], lang: Lang) -> dict[str, Any]:
    """Bars of the share of runs in each peak state."""
    order = [s for s in STATE_LABELS if s in shares]
    option = _base(t("state_distribution", lang), "%", lang)
    option.pop("legend")
    option["tooltip"] = {"trigger": "item"}
    option["grid"] = {"left": 48, "right": 16, "top": 48, "bottom": 32}
    option["xAxis"] = {"type": "category", "data": [pick(STATE_LABELS[s], lang) for s in order]}
    option["yAxis"]["max"] = 100
    option["series"] = [
        {
            "type": "bar",
            "barMaxWidth": 56,
            "label": {"show": True, "position": "top", "formatter": "{c}%"},
            "data": [
                {"value": round(shares[s] * 100, 1), "itemStyle": {"color": STATE_COLOURS[s]}}
                for s in order
            ],
        }
    ]
    return option


def compare(named: Sequence[tuple[str, LiveResult]], lang: Lang) -> dict[str, Any]:
    """Total CO2 of up to three pinned settings, with BAU for reference."""
    factor, unit = co2_unit(lang)
    option = _base(t("compare_trajectories", lang), unit, lang)
    years = named[0][1].run.yearly["year"] if named else range(2020, 2061)
    option["xAxis"] = _year_axis(years, lang)
    series: list[dict[str, Any]] = []
    if named:
        series.append(
            {
                "name": t("bau_line", lang),
                "type": "line",
                "symbol": "none",
                "color": BAU_COLOUR,
                "lineStyle": {"type": "dashed", "width": 2},
                "data": _round(named[0][1].bau.yearly["co2_mt"], factor),
                "markLine": _mark_2030(),
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
                "data": _round(result.run.yearly["co2_mt"], factor),
            }
        )
    option["series"] = series
    return option
