"""The ensemble's charts (ECharts options): peak states, peak years, probability by year, fan."""

from __future__ import annotations

from typing import Any

import pandas as pd

from visualization.app.charts import (
    INK,
    STATE_COLOURS,
    base_option,
    co2_unit,
    mark_2030,
    rounded,
    year_axis,
)
from visualization.app.strings import t
from visualization.i18n import STATE_LABELS, Lang, pick


def fan(bands: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    """Median and 50%/90% bands of total CO2 across the ensemble's runs."""
    factor, unit = co2_unit(lang)
    option = base_option(t("fan_chart", lang), unit, lang)
    option["xAxis"] = year_axis(bands["year"], lang)
    option["tooltip"] = {"trigger": "axis"}

    def band(name: str, low: str, high: str, colour: str, stack: str) -> list[dict[str, Any]]:
        lower = rounded(bands[low], factor)
        upper = rounded(bands[high], factor)
        width = [round(h - lo, 2) for h, lo in zip(upper, lower, strict=True)]
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
            "data": rounded(bands["q50"], factor),
            "markLine": mark_2030(),
        },
    ]
    return option


def states(table: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    """Bars of the share of runs in each peak state, labelled with their 95% intervals."""
    option = base_option(t("state_distribution", lang), "%", lang)
    option.pop("legend")
    option["tooltip"] = {"trigger": "item"}
    option["grid"] = {"left": 48, "right": 16, "top": 48, "bottom": 32}
    option["xAxis"] = {
        "type": "category",
        "data": [pick(STATE_LABELS[s], lang) for s in table["state"]],
    }
    option["yAxis"]["max"] = 100
    data = []
    for row in table.itertuples():
        interval = f"{_pct(row.ci_low)}–{_pct(row.ci_high)}%"
        data.append(
            {
                "value": round(float(row.share) * 100, 1),
                "itemStyle": {"color": STATE_COLOURS[row.state]},
                "label": {"formatter": f"{{c}}%\n({interval})"},
            }
        )
    option["series"] = [
        {
            "type": "bar",
            "barMaxWidth": 56,
            "label": {"show": True, "position": "top", "lineHeight": 15},
            "data": data,
        }
    ]
    return option


def _pct(x: float) -> str:
    return "–" if x is None or x != x else f"{x * 100:.0f}"


def peak_years(table: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    """Runs by peak year (peaked runs), then the plateau and not-peaked runs, in percent."""
    option = base_option(t("peak_year_distribution", lang), "%", lang)
    option.pop("legend")
    option["tooltip"] = {"trigger": "item"}
    option["grid"] = {"left": 48, "right": 16, "top": 48, "bottom": 40}
    names = [
        pick(STATE_LABELS[row.state], lang) if row.state != "peaked" else str(row.label)
        for row in table.itertuples()
    ]
    option["xAxis"] = {"type": "category", "data": names, "axisLabel": {"interval": 0}}
    option["series"] = [
        {
            "type": "bar",
            "barMaxWidth": 40,
            "label": {"show": True, "position": "top", "formatter": "{c}%"},
            "data": [
                {
                    "value": round(float(row.share) * 100, 1),
                    "itemStyle": {"color": STATE_COLOURS[row.state]},
                }
                for row in table.itertuples()
            ],
            "markLine": {
                "silent": True,
                "symbol": "none",
                "label": {"show": False},
                "lineStyle": {"color": "#c62828", "type": "dotted", "width": 1},
                "data": [{"xAxis": "2030"}] if "2030" in names else [],
            },
        }
    ]
    return option


def probability_by_year(table: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    """P(peaked by Y) and P(plateau or peaked by Y) over the years, with 95% bands."""
    option = base_option(t("p_by_year", lang), "%", lang)
    option["xAxis"] = year_axis(table["year"], lang)
    option["yAxis"]["max"] = 100
    option["tooltip"] = {"show": False}
    names = {"p_peaked": t("p_peaked_line", lang), "p_plateau_or_peaked": t("p_plateau_line", lang)}
    colours = {"p_peaked": STATE_COLOURS["peaked"], "p_plateau_or_peaked": STATE_COLOURS["plateau"]}
    series: list[dict[str, Any]] = []
    for column in ("p_plateau_or_peaked", "p_peaked"):
        low = rounded(table[f"{column}_low"] * 100, 1)
        high = rounded(table[f"{column}_high"] * 100, 1)
        series.append(
            {
                "type": "line",
                "stack": column,
                "symbol": "none",
                "silent": True,
                "lineStyle": {"opacity": 0},
                "data": low,
            }
        )
        series.append(
            {
                "type": "line",
                "stack": column,
                "symbol": "none",
                "silent": True,
                "lineStyle": {"opacity": 0},
                "areaStyle": {"color": colours[column], "opacity": 0.18},
                "data": [round(h - lo, 1) for h, lo in zip(high, low, strict=True)],
            }
        )
        series.append(
            {
                "name": names[column],
                "type": "line",
                "symbol": "none",
                "color": colours[column],
                "lineStyle": {"width": 3 if column == "p_peaked" else 2},
                "data": rounded(table[column] * 100, 1),
                **({"markLine": mark_2030()} if column == "p_peaked" else {}),
            }
        )
    option["legend"]["data"] = [names["p_peaked"], names["p_plateau_or_peaked"]]
    option["series"] = series
    return option
