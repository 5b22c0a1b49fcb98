"""Policy figures: the two-lever policy map, the lever wedges and the PRIM box.

The PRIM box shows the uncertainty ranges in which the 2030 peak is missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from parameters import REGISTRY
from visualization.figures import style
from visualization.figures.checks import FigureDataError, numeric, require, with_scenario
from visualization.figures.labels import (
    mass,
    number,
    param_label,
    param_number,
    param_range,
    param_unit,
    param_value,
    percent,
    scenario_label,
    text,
    wrap,
)

PLAN_PEAK_YEAR = 2030
_MAP_VALUES = ("p", "ci_low", "ci_high", "n", "n_failed")


def policy_map_levers(policy_map: pd.DataFrame) -> tuple[str, str]:
    """The two lever columns of ``policy_map.csv`` (x first, in the file's column order)."""
    levers = [c for c in policy_map.columns if c not in (*_MAP_VALUES, "scenario")]
    if len(levers) != 2:
        raise FigureDataError(
            f"policy_map needs exactly two lever columns besides {', '.join(_MAP_VALUES)}; "
            f"found {levers}"
        )
    return levers[0], levers[1]


def _axis_label(lever: str, lang: str) -> str:
    unit = param_unit(lever, lang)
    return f"{param_label(lever, lang)} ({unit})" if unit else param_label(lever, lang)


def policy_map_figure(
    policy_map: pd.DataFrame,
    *,
    by_year: int = PLAN_PEAK_YEAR,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Heat map of P(peaked by ``by_year``) over two levers, each cell with its value and n.

    Args:
        policy_map: ``policy_map.csv``: ``<lever_x>, <lever_y>, p, ci_low, ci_high, n``.
        by_year: The peak-by year of ``p``.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure; the heat map's mesh has gid ``policy_map`` and its array holds ``p`` in
        percent, rows = ``lever_y`` ascending from the bottom, columns = ``lever_x``.
    """
    lang = style.resolve_lang(lang)
    require(policy_map, ["p", "ci_low", "ci_high", "n"], "policy_map")
    lever_x, lever_y = policy_map_levers(policy_map)
    table = numeric(policy_map, [lever_x, lever_y, "p", "ci_low", "ci_high", "n"])
    grid = table.pivot_table(index=lever_y, columns=lever_x, values="p", aggfunc="first")
    grid = grid.sort_index(ascending=False).sort_index(axis=1)
    low = table.pivot_table(index=lever_y, columns=lever_x, values="ci_low", aggfunc="first")
    high = table.pivot_table(index=lever_y, columns=lever_x, values="ci_high", aggfunc="first")
    counts = table.pivot_table(index=lever_y, columns=lever_x, values="n", aggfunc="first")
    cells = grid.size
    annot = grid.copy().astype(object)
    for y in grid.index:
        for x in grid.columns:
            p = grid.at[y, x]
            if cells <= 36:
                annot.at[y, x] = (
                    f"{percent(p)}\n[{percent(low.at[y, x])}–"
                    f"{percent(high.at[y, x])}]\nn={int(counts.at[y, x])}"
                )
            else:
                annot.at[y, x] = percent(p)

    with style.theme(lang):
        fig, body = style.frame(11.0, text("policy_title", lang).format(y=by_year), meta, lang)
        ax = body.subplots()
        sns.heatmap(
            100 * grid,
            ax=ax,
            vmin=0,
            vmax=100,
            cmap=style.PROBABILITY_CMAP,
            annot=annot.to_numpy(),
            fmt="",
            annot_kws={"fontsize": style.SMALL_PT},
            linewidths=0.5,
            linecolor="white",
            cbar_kws={"label": text("p_peaked_by_short", lang).format(y=by_year)},
        )
        ax.collections[0].set_gid("policy_map")
        ax.set_xticklabels([param_number(lever_x, v, lang) for v in grid.columns], rotation=0)
        ax.set_yticklabels([param_number(lever_y, v, lang) for v in grid.index], rotation=0)
        ax.set_xlabel(_axis_label(lever_x, lang))
        ax.set_ylabel(_axis_label(lever_y, lang))
        return fig


def _width(label: str) -> int:
    """Rough printed width of a label, a CJK character counting as two Latin ones."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in label)


def _point_labels(wedges: pd.DataFrame, lang: str) -> dict[Any, str]:
    """Name each lever point by the levers that differ between points."""
    levers = [
        c
        for c in wedges.columns
        if c in REGISTRY and REGISTRY[c].kind == "lever" and wedges[c].nunique(dropna=False) > 1
    ]
    labels = {}
    for _, row in wedges.iterrows():
        parts = [
            f"{param_label(c, lang)} = {param_value(c, row[c], lang)}"
            for c in levers
            if pd.notna(row[c])
        ]
        labels[row["point_id"]] = ("；" if lang == "zh" else "; ").join(parts) or str(
            row["point_id"]
        )
    return labels


def wedge_figure(
    wedges_by_year: pd.DataFrame,
    wedges: pd.DataFrame,
    *,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """CO₂ avoided against the baseline, per lever setting, over time and in total.

    The left panel shows each point's yearly avoided CO₂ (common-random-number pairs with the
    baseline); the right one its cumulative total with the 95% interval and cost per tonne.
    Points are drawn as lines, not stacked: the points of a lever grid overlap, and lever
    effects need not add up.

    Args:
        wedges_by_year: ``wedges_by_year.csv``: ``year, point_id, avoided_mt``.
        wedges: ``wedges.csv``: ``point_id``, the lever columns, ``avoided_mt_mean``,
            ``avoided_mt_ci_low``, ``avoided_mt_ci_high``, ``cost_per_t_yuan``. With a
            ``scenario`` column the points are scenarios compared with a baseline scenario
            (``carbonpeak report``) and are named as such.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Gids ``wedge:<point_id>`` (line, yearly avoided) and
        ``wedge_total:<point_id>`` (bar, cumulative), in the figure's unit.
    """
    lang = style.resolve_lang(lang)
    by_year = numeric(
        require(wedges_by_year, ["year", "point_id", "avoided_mt"], "wedges_by_year"),
        ["year", "avoided_mt"],
    )
    totals = require(
        wedges,
        [
            "point_id",
            "avoided_mt_mean",
            "avoided_mt_ci_low",
            "avoided_mt_ci_high",
            "cost_per_t_yuan",
        ],
        "wedges",
    )
    totals = totals.sort_values("avoided_mt_mean", ascending=False).reset_index(drop=True)
    points = list(totals["point_id"])
    by_scenario = "scenario" in totals.columns
    if by_scenario:  # scenarios against the baseline scenario: named and coloured as such
        names = dict(zip(points, totals["scenario"].astype(str), strict=True))
        labels = {p: scenario_label(n, lang) for p, n in names.items()}
        scenario_colours = style.scenario_colours(names.values())
        colours = {p: scenario_colours[n] for p, n in names.items()}
        ticks = {p: labels[p] for p in points}
    else:
        labels = _point_labels(totals, lang)
        colours = dict(zip(points, style.palette(len(points)), strict=True))
        ticks = {p: str(p) for p in points}
    factor, unit = mass(lang)
    last = int(by_year["year"].max())
    costs = pd.to_numeric(totals["cost_per_t_yuan"], errors="coerce")
    any_cost = bool((costs.fillna(0) != 0).any())

    with style.theme(lang):
        title = text("wedge_scenario_title" if by_scenario else "wedge_title", lang)
        fig, body = style.frame(5.5 + max(4.5, 0.55 * len(points)), title, meta, lang)
        ax_y, ax_t = body.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
        for point in points:
            mine = by_year.loc[by_year["point_id"] == point].sort_values("year")
            ax_y.plot(
                mine["year"],
                factor * mine["avoided_mt"],
                color=colours[point],
                gid=f"wedge:{point}",
            )
            if len(mine):
                end = ax_y.annotate(
                    "" if by_scenario else str(point),
                    (last, factor * mine["avoided_mt"].iloc[-1]),
                    xytext=(2, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=style.SMALL_PT,
                    color=colours[point],
                )
                end.set_in_layout(False)
        ax_y.axhline(0, color="#333333", lw=0.9)
        ax_y.set_xlim(by_year["year"].min(), last + 0.04 * (last - by_year["year"].min()))
        ax_y.set_xlabel(text("year", lang))
        ax_y.set_ylabel(text("avoided_axis", lang).format(u=unit))
        for i, row in totals.iterrows():
            mean = factor * float(row["avoided_mt_mean"])
            lo, hi = (
                factor * float(row["avoided_mt_ci_low"]),
                factor * float(row["avoided_mt_ci_high"]),
            )
            ax_t.barh(
                i,
                mean,
                height=0.65,
                color=colours[points[i]],
                gid=f"wedge_total:{points[i]}",
            )
            if np.isfinite(lo) and np.isfinite(hi):
                ax_t.errorbar(
                    mean,
                    i,
                    xerr=[[mean - lo], [hi - mean]],
                    color="#333333",
                    lw=0.7,
                    capsize=1.5,
                    ls="none",
                )
            cost = float(row["cost_per_t_yuan"])
            if np.isfinite(cost) and any_cost:
                tip = max(mean, hi) if np.isfinite(hi) else mean
                ax_t.annotate(
                    text("cost_per_t", lang).format(v=number(cost)),
                    (max(tip, 0.0), i),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=style.SMALL_PT,
                    color="#333333",
                )
        ax_t.axvline(0, color="#333333", lw=0.9)
        ax_t.set_yticks(range(len(points)), [wrap(ticks[p], 12 if lang == "zh" else 18)
                                             for p in points])  # fmt: skip
        ax_t.set_ylim(len(points) - 0.5, -0.5)
        if not by_scenario:
            ax_t.set_ylabel(text("setting_axis", lang))
        ax_t.margins(x=0.45 if any_cost else 0.08)
        if not any_cost:
            ax_t.text(
                0.98,
                0.02,
                text("no_fiscal_cost", lang),
                transform=ax_t.transAxes,
                ha="right",
                va="bottom",
                fontsize=style.SMALL_PT,
                color="#555555",
            )
        ax_t.set_xlabel(text("avoided_cum_axis", lang).format(y=last, u=unit))
        ax_t.grid(axis="y", visible=False)
        handles = [Line2D([], [], color=colours[p]) for p in points]
        keys = [labels[p] if by_scenario else f"{p}: {labels[p]}" for p in points]
        wide = len(points) > 3 and max(map(_width, labels.values())) <= 70
        body.legend(handles, keys, loc="outside lower center",
                    ncols=len(points) if by_scenario else 2 if wide else 1)  # fmt: skip
        return fig


def prim_box_figure(
    prim_box: pd.DataFrame,
    *,
    by_year: int = PLAN_PEAK_YEAR,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """The PRIM box: the parameter ranges in which most runs miss the ``by_year`` peak.

    Each restricted parameter's box range is drawn inside its full registry range.

    Args:
        prim_box: ``prim_box.csv``: ``[scenario,] parameter, low, high, coverage, density, n``
            (an unrestricted side is ±inf).
        by_year: The peak-by year that defines a miss.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure, one panel per scenario. Box segments have gid
        ``prim:<scenario>:<parameter>`` with x from 0 (range low) to 1 (range high).
    """
    lang = style.resolve_lang(lang)
    columns = ("parameter", "low", "high", "coverage", "density", "n")
    table = numeric(with_scenario(require(prim_box, columns, "prim_box"), meta), columns[1:])
    unknown = sorted(set(table["parameter"]) - set(REGISTRY))
    if unknown:
        raise FigureDataError(f"prim_box names parameters not in the registry: {unknown}")
    scenarios = style.scenario_order(table["scenario"])
    sizes = [int((table["scenario"] == s).sum()) for s in scenarios]
    box_colour = style.OKABE_ITO["vermillion"]

    with style.theme(lang):
        fig, body = style.frame(
            4.0 + sum(1.2 + 0.9 * n for n in sizes),
            text("prim_title", lang).format(y=by_year),
            meta,
            lang,
        )
        axes = body.subplots(len(scenarios), 1, squeeze=False, gridspec_kw={"height_ratios": sizes})
        for ax, scenario in zip(axes[:, 0], scenarios, strict=True):
            mine = table.loc[table["scenario"] == scenario].reset_index(drop=True)
            names = []
            for i, row in mine.iterrows():
                param = REGISTRY[row["parameter"]]
                span = float(param.high) - float(param.low)
                lo = float(param.low) if not np.isfinite(row["low"]) else float(row["low"])
                hi = float(param.high) if not np.isfinite(row["high"]) else float(row["high"])
                x0, x1 = (lo - float(param.low)) / span, (hi - float(param.low)) / span
                ax.barh(i, 1.0, height=0.45, color=style.LIGHT_GREY, lw=0)
                ax.barh(
                    i,
                    x1 - x0,
                    left=x0,
                    height=0.45,
                    color=box_colour,
                    gid=f"prim:{scenario}:{row['parameter']}",
                )
                for bound, x, edge in ((row["low"], x0, "left"), (row["high"], x1, "right")):
                    if np.isfinite(bound):  # label the restricted sides only
                        near = x < 0.12 if edge == "left" else x > 0.88
                        ax.text(
                            x,
                            i - 0.27,
                            param_value(row["parameter"], bound, lang),
                            ha=edge if near else "center",
                            va="bottom",
                            fontsize=style.SMALL_PT,
                        )
                span_text = param_range(row["parameter"], param.low, param.high, lang)
                label = wrap(param_label(row["parameter"], lang), 20 if lang == "zh" else 44)
                names.append(f"{label}\n({span_text})")
            ax.set_yticks(range(len(mine)), names, fontsize=style.SMALL_PT)
            ax.set_ylim(len(mine) - 0.4, -0.9)
            ax.set_xlim(-0.03, 1.03)
            ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
            ax.grid(axis="y", visible=False)
            first = mine.iloc[0]
            ax.set_title(
                text("prim_panel", lang).format(
                    s=scenario_label(scenario, lang),
                    c=percent(first["coverage"]),
                    d=percent(first["density"]),
                    n=int(first["n"]),
                ),
                fontsize=style.BASE_PT,
            )
        axes[-1, 0].set_xlabel(text("prim_axis", lang))
        handles = [Patch(color=style.LIGHT_GREY), Patch(color=box_colour)]
        body.legend(
            handles,
            [text("full_range", lang), text("box_range", lang)],
            loc="outside lower center",
            ncols=2,
        )
        return fig
