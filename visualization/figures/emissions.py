"""Emission figures: the CO₂ fan chart, the sector stack and the two conventions' reconciliation.

The stack and the reconciliation show the representative run of each scenario.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from visualization.figures import style
from visualization.figures.checks import FigureDataError, numeric, require, with_scenario
from visualization.figures.labels import (
    TEXT,
    convention_short,
    mass,
    scenario_label,
    sector_label,
    text,
)

#: The plan's milestones marked on the fan chart: 2025 (end of the 14th five-year plan), 2030.
MILESTONES = (2025, 2030)
_BAND_COLUMNS = ("year", "q05", "q25", "q50", "q75", "q95")


def _grid(n: int) -> tuple[int, int]:
    """Rows and columns of small multiples: one row up to three panels, else two columns."""
    if n <= 3:
        return 1, n
    return math.ceil(n / 2), 2


def _hide_unused(axes: np.ndarray, used: int) -> None:
    for ax in axes.flat[used:]:
        ax.set_visible(False)


def _milestone(year: int, lang: str) -> str:
    key = f"milestone_{year}"
    return text(key, lang) if key in TEXT else text("milestone", lang).format(y=year)


def emissions_fan_figure(
    bands: pd.DataFrame,
    *,
    milestones: Sequence[int] = MILESTONES,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Fan chart of gross CO₂ per scenario: median, 50% and 90% bands.

    Each panel also marks the 2020 level, the plan's milestones and, when the table holds
    ``bau``, the BAU median.

    Args:
        bands: ``emission_bands.csv``: ``[scenario,] year, q05, q25, q50, q75, q95`` in Mt.
        milestones: Years marked with a vertical line.
        lang: "zh" or "en" (Chinese shows 万吨).
        meta: Source-line metadata.

    Returns:
        The figure, one panel per scenario (BAU gets its own panel only when it is alone).
        Gids: ``median:<s>``, ``band50:<s>``, ``band90:<s>``, ``bau:<s>`` (the BAU line in
        the panel of scenario s), ``level2020:<s>``; values in the figure's unit.
    """
    lang = style.resolve_lang(lang)
    table = numeric(
        with_scenario(require(bands, _BAND_COLUMNS, "emission_bands"), meta), _BAND_COLUMNS
    )
    table = table.sort_values(["scenario", "year"])
    factor, unit = mass(lang)
    scenarios = style.scenario_order(table["scenario"])
    panels = [s for s in scenarios if s != "bau"] or scenarios
    colours = style.scenario_colours(scenarios)
    bau = table.loc[table["scenario"] == "bau"] if "bau" in scenarios else None
    rows, cols = _grid(len(panels))

    with style.theme(lang):
        fig, body = style.frame(
            3.0 + 6.0 * rows if cols > 1 else 9.5, text("fan_title", lang), meta, lang
        )
        axes = body.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
        for ax, scenario in zip(axes.flat, panels, strict=False):
            mine = table.loc[table["scenario"] == scenario]
            colour = colours[scenario]
            years = mine["year"].to_numpy()
            ax.fill_between(
                years,
                factor * mine["q05"],
                factor * mine["q95"],
                color=colour,
                alpha=0.18,
                lw=0,
                gid=f"band90:{scenario}",
            )
            ax.fill_between(
                years,
                factor * mine["q25"],
                factor * mine["q75"],
                color=colour,
                alpha=0.35,
                lw=0,
                gid=f"band50:{scenario}",
            )
            ax.plot(years, factor * mine["q50"], color=colour, gid=f"median:{scenario}")
            if bau is not None and scenario != "bau":
                ax.plot(
                    bau["year"],
                    factor * bau["q50"],
                    color=style.SCENARIO_COLOURS["bau"],
                    ls="--",
                    lw=1.1,
                    gid=f"bau:{scenario}",
                )
            start = mine.loc[mine["year"] == 2020, "q50"]
            if len(start):
                ax.axhline(
                    factor * float(start.iloc[0]),
                    color=style.GREY,
                    lw=0.8,
                    ls=":",
                    gid=f"level2020:{scenario}",
                )
            for year in milestones:
                ax.axvline(year, color="#333333", lw=0.7, ls=(0, (4, 2)))
                ax.text(
                    year + 0.4,
                    0.98,
                    _milestone(year, lang),
                    rotation=90,
                    ha="left",
                    va="top",
                    transform=ax.get_xaxis_transform(),
                    fontsize=style.SMALL_PT,
                    color="#333333",
                )
            ax.set_title(scenario_label(scenario, lang))
        _hide_unused(axes, len(panels))
        top = factor * float(table["q95"].max())
        axes[0, 0].set_ylim(0, top * 1.08)
        axes[0, 0].set_xlim(table["year"].min(), table["year"].max())
        for ax in axes[-1]:
            ax.set_xlabel(text("year", lang))
        for ax in axes[:, 0]:
            ax.set_ylabel(text("co2_axis", lang).format(u=unit))
        handles = [
            Line2D([], [], color=style.GREY, lw=1.4),
            Patch(color=style.GREY, alpha=0.45, lw=0),
            Patch(color=style.GREY, alpha=0.2, lw=0),
            Line2D([], [], color=style.GREY, lw=0.8, ls=":"),
        ]
        labels = [text(k, lang) for k in ("median", "band50", "band90", "level_2020")]
        if bau is not None and len(scenarios) > 1:
            handles.append(Line2D([], [], color=style.SCENARIO_COLOURS["bau"], ls="--", lw=1.1))
            labels.append(text("bau_median", lang))
        body.legend(handles, labels, loc="outside lower center", ncols=3)
        return fig


def sector_area_figure(
    sector_co2: pd.DataFrame,
    *,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Stacked area of CO₂ by sector for the representative run of each scenario.

    Args:
        sector_co2: ``sector_co2.csv``: ``[scenario,] run_id, convention, year, sector,
            co2_mt``; one panel per (scenario, convention), the convention named in its title.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Each sector's area has gid ``sector:<scenario>:<convention>:<sector>``.

    Raises:
        FigureDataError: If a sector is negative (a stack cannot show it).
    """
    lang = style.resolve_lang(lang)
    columns = ("run_id", "convention", "year", "sector", "co2_mt")
    table = numeric(
        with_scenario(require(sector_co2, columns, "sector_co2"), meta), ["year", "co2_mt"]
    )
    if (table["co2_mt"] < -1e-9).any():
        bad = table.loc[table["co2_mt"] < -1e-9].iloc[0]
        raise FigureDataError(
            f"sector_co2 has negative CO2 ({bad['sector']}, {int(bad['year'])}); a stack needs >= 0"
        )
    factor, unit = mass(lang)
    nonzero = set(table.loc[table["co2_mt"].abs() > 1e-12, "sector"])
    order = [s for s in _SECTOR_ORDER if s in nonzero] + sorted(nonzero - set(_SECTOR_ORDER))
    colours = dict(zip(order, style.palette(len(order)), strict=True))
    keys = [
        (s, c)
        for s in style.scenario_order(table["scenario"])
        for c in sorted(set(table.loc[table["scenario"] == s, "convention"]))
    ]
    rows, cols = _grid(len(keys))
    conventions = sorted(set(table["convention"]))
    title = text("sector_title", lang)
    if len(conventions) == 1:
        title += text("paren", lang).format(convention_short(conventions[0], lang).lower())

    with style.theme(lang):
        fig, body = style.frame(3.5 + 6.0 * rows if cols > 1 else 9.5, title, meta, lang)
        axes = body.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
        for ax, (scenario, convention) in zip(axes.flat, keys, strict=False):
            mine = table.loc[(table["scenario"] == scenario) & (table["convention"] == convention)]
            wide = mine.pivot_table(index="year", columns="sector", values="co2_mt", aggfunc="sum")
            present = [s for s in order if s in wide.columns]
            wide = wide[present].fillna(0.0)
            stack = ax.stackplot(
                wide.index,
                *(factor * wide[s] for s in present),
                colors=[colours[s] for s in present],
                lw=0,
            )
            for poly, sector in zip(stack, present, strict=True):
                poly.set_gid(f"sector:{scenario}:{convention}:{sector}")
            run_id = int(mine["run_id"].iloc[0])
            panel = text("run_panel", lang).format(s=scenario_label(scenario, lang), r=run_id)
            if len(conventions) > 1:
                panel += text("paren", lang).format(convention_short(convention, lang))
            ax.set_title(panel, fontsize=style.BASE_PT)
            ax.set_xlim(wide.index.min(), wide.index.max())
        _hide_unused(axes, len(keys))
        for ax in axes[-1]:
            ax.set_xlabel(text("year", lang))
        for ax in axes[:, 0]:
            ax.set_ylabel(text("co2_axis", lang).format(u=unit))
        top_first = order[::-1]  # the legend reads like the stack, top layer first
        handles = [Patch(color=colours[s], lw=0) for s in top_first]
        labels = [sector_label(s, lang) for s in top_first]
        body.legend(handles, labels, loc="outside right upper")
        return fig


#: Stack order: the steadier sectors at the bottom.
_SECTOR_ORDER = (
    "industry",
    "new_industry",
    "power_generation",
    "heat_supply",
    "services",
    "households",
    "transport",
    "agriculture",
)


def reconciliation_figure(
    reconciliation: pd.DataFrame,
    *,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Consumption- against production-based CO₂ of the representative run, and why they differ.

    Production = consumption + the CO₂ embodied in net power exports + the mix term (the
    city's own grid use valued at the local plants' factor instead of the Northeast grid's).
    Each scenario has two panels: above, the two totals; below, their difference split into
    the two terms, drawn as areas from zero (a table without ``mix_difference_mt`` has the
    export term alone).

    Args:
        reconciliation: ``reconciliation.csv``: ``[scenario,] run_id, year, consumption_mt,
            embodied_net_exports_mt, [mix_difference_mt,] production_mt``.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Gids ``consumption:<s>``, ``production:<s>`` (lines, above),
        ``embodied:<s>`` and ``mix:<s>`` (areas from zero to each term, below) and
        ``difference:<s>`` (production minus consumption, below).
    """
    lang = style.resolve_lang(lang)
    columns = ("run_id", "year", "consumption_mt", "embodied_net_exports_mt", "production_mt")
    table = with_scenario(require(reconciliation, columns, "reconciliation"), meta)
    has_mix = "mix_difference_mt" in table.columns
    table = numeric(table, [*columns[1:], *(["mix_difference_mt"] if has_mix else [])])
    table = table.sort_values(["scenario", "year"])
    factor, unit = mass(lang)
    scenarios = style.scenario_order(table["scenario"])
    rows, cols = _grid(len(scenarios))
    blue, orange = style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"]
    export_colour, mix_colour = style.OKABE_ITO["yellow"], style.OKABE_ITO["sky_blue"]

    with style.theme(lang):
        fig, body = style.frame(
            3.0 + 7.0 * rows if cols > 1 else 10.0, text("recon_title", lang), meta, lang
        )
        grid = body.subplots(2 * rows, cols, sharex=True, squeeze=False,
                             gridspec_kw={"height_ratios": [2.2, 1] * rows})  # fmt: skip
        totals, terms = grid[0::2], grid[1::2]
        for i, scenario in enumerate(scenarios):
            ax, ax_d = totals.flat[i], terms.flat[i]
            mine = table.loc[table["scenario"] == scenario]
            years = mine["year"].to_numpy()
            consumption = factor * mine["consumption_mt"].to_numpy()
            production = factor * mine["production_mt"].to_numpy()
            ax.plot(years, consumption, color=blue, gid=f"consumption:{scenario}")
            ax.plot(years, production, color=orange, ls="--", gid=f"production:{scenario}")
            run_id = int(mine["run_id"].iloc[0])
            ax.set_title(text("run_panel", lang).format(s=scenario_label(scenario, lang), r=run_id))
            ax.set_ylim(bottom=0)
            exported = factor * mine["embodied_net_exports_mt"].to_numpy()
            ax_d.fill_between(years, 0, exported, color=export_colour, alpha=0.7, lw=0,
                              gid=f"embodied:{scenario}")  # fmt: skip
            if has_mix:
                mix = factor * mine["mix_difference_mt"].to_numpy()
                ax_d.fill_between(years, 0, mix, color=mix_colour, alpha=0.6, lw=0,
                                  gid=f"mix:{scenario}")  # fmt: skip
            ax_d.plot(years, production - consumption, color="#333333", lw=1.0,
                      gid=f"difference:{scenario}")  # fmt: skip
            ax_d.axhline(0, color="#333333", lw=0.6)
            ax_d.set_xlim(years.min(), years.max())
        for ax in [*totals.flat[len(scenarios) :], *terms.flat[len(scenarios) :]]:
            ax.set_visible(False)
        shared_limits([ax for ax in totals.flat if ax.get_visible()])
        shared_limits([ax for ax in terms.flat if ax.get_visible()])
        for ax in grid[-1]:
            ax.set_xlabel(text("year", lang))
        for ax in totals[:, 0]:
            ax.set_ylabel(text("co2_axis", lang).format(u=unit))
        for ax in terms[:, 0]:
            ax.set_ylabel(text("difference_axis", lang).format(u=unit))
        for ax in [*totals[:, 1:].flat, *terms[:, 1:].flat]:
            ax.tick_params(labelleft=False)
        handles = [Line2D([], [], color=blue), Line2D([], [], color=orange, ls="--"),
                   Line2D([], [], color="#333333", lw=1.0),
                   Patch(color=export_colour, alpha=0.7, lw=0)]  # fmt: skip
        keys = ["consumption", "production", "difference", "embodied"]
        if has_mix:
            handles.append(Patch(color=mix_colour, alpha=0.6, lw=0))
            keys.append("mix_term")
        body.legend(handles, [text(k, lang) for k in keys], loc="outside lower center", ncols=2)
        return fig


def shared_limits(axes: list[Any]) -> None:
    """Give the axes the y range that holds all of them."""
    if not axes:
        return
    lows, highs = zip(*(ax.get_ylim() for ax in axes), strict=True)
    for ax in axes:
        ax.set_ylim(min(lows), max(highs))
