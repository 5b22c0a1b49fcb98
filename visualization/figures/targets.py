"""The plan's targets: adoption curves against them, and the scorecard with P(target met)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from simulation.kpis import TARGETS, Target
from visualization.figures import style
from visualization.figures.checks import FigureDataError, numeric, require, with_scenario
from visualization.figures.labels import kpi_display, number, scenario_label, text

#: The adoption indicators of issue 10, in display order.
ADOPTION_KPIS = (
    "ev_share_private_cars",
    "nev_bus_share",
    "nev_taxi_share",
    "clean_heating_share",
    "straw_utilization_rate",
    "rooftop_pv_gw",
    "hydrogen_output_kt",
)


def target_label(kpi: str, sense: str, value: float, lang: str) -> str:
    """A target as text in the figure's units, e.g. ``≥ 72%`` or ``≤ 790.56 万吨``."""
    _, factor, unit = kpi_display(kpi, lang)
    symbol = "≥" if sense == ">=" else "≤"
    shown = number(factor * value)
    return f"{symbol} {shown}{unit}" if unit.startswith("%") else f"{symbol} {shown} {unit}"


def adoption_figure(
    kpi_bands: pd.DataFrame,
    *,
    kpis: Sequence[str] = ADOPTION_KPIS,
    targets: Sequence[Target] = TARGETS,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Adoption curves (median and 90% band per scenario) against the plan's targets.

    Args:
        kpi_bands: ``kpi_bands.csv``: ``[scenario,] kpi, year, q05, q50, q95``.
        kpis: Indicators to draw, one panel each; those absent from the table are left out.
        targets: Plan targets; those of a drawn indicator are marked (diamond and value).
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Gids ``adoption:<kpi>:<scenario>`` (median line), ``<...>:band`` (90%
        band) and ``target:<kpi>:<year>``; values in the display unit (shares in %).

    Raises:
        FigureDataError: If none of ``kpis`` is in the table.
    """
    lang = style.resolve_lang(lang)
    columns = ("kpi", "year", "q05", "q50", "q95")
    table = numeric(with_scenario(require(kpi_bands, columns, "kpi_bands"), meta), columns[1:])
    drawn = [k for k in kpis if k in set(table["kpi"])]
    if not drawn:
        raise FigureDataError(f"kpi_bands holds none of the indicators {', '.join(kpis)}")
    scenarios = style.scenario_order(table["scenario"])
    colours = style.scenario_colours(scenarios)
    cols = 3
    rows = math.ceil((len(drawn) + 1) / cols)

    with style.theme(lang):
        fig, body = style.frame(2.5 + 5.0 * rows, text("adoption_title", lang), meta, lang)
        axes = body.subplots(rows, cols, sharex=True, squeeze=False)
        for ax, kpi in zip(axes.flat, drawn, strict=False):
            label, factor, unit = kpi_display(kpi, lang)
            for scenario in scenarios:
                mine = table.loc[(table["kpi"] == kpi) & (table["scenario"] == scenario)]
                mine = mine.sort_values("year")
                if mine.empty:
                    continue
                colour = colours[scenario]
                ax.fill_between(
                    mine["year"],
                    factor * mine["q05"],
                    factor * mine["q95"],
                    color=colour,
                    alpha=0.15,
                    lw=0,
                    gid=f"adoption:{kpi}:{scenario}:band",
                )
                ax.plot(
                    mine["year"],
                    factor * mine["q50"],
                    color=colour,
                    gid=f"adoption:{kpi}:{scenario}",
                )
            for target in (t for t in targets if t.kpi == kpi):
                y = factor * target.value
                ax.plot(
                    [target.year],
                    [y],
                    marker="D",
                    ms=4.5,
                    color="black",
                    ls="none",
                    zorder=5,
                    gid=f"target:{kpi}:{target.year}",
                )
                ax.annotate(
                    text("target_value", lang).format(
                        v=target_label(kpi, target.sense, target.value, lang)
                    ),
                    (target.year, y),
                    xytext=(5, -10),
                    textcoords="offset points",
                    fontsize=style.SMALL_PT,
                    zorder=6,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.85},
                )  # fmt: skip
            ax.set_title(textwrap.fill(label, 26), fontsize=style.BASE_PT)
            if unit != "%" or ax.get_subplotspec().is_first_col():
                ax.set_ylabel(text("share_pct", lang) if unit == "%" else unit)
            if unit == "%":
                ax.set_ylim(0, 100)
                ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
            else:
                ax.set_ylim(bottom=0)
            ax.set_xlim(table["year"].min(), table["year"].max())
        legend_ax = axes.flat[len(drawn)]
        legend_ax.axis("off")
        for ax in axes.flat[len(drawn) + 1 :]:
            ax.set_visible(False)
        for ax in axes.flat[max(0, len(drawn) - cols) : len(drawn)]:
            ax.set_xlabel(text("year", lang))
            ax.tick_params(labelbottom=True)
        handles = [Line2D([], [], color=colours[s]) for s in scenarios]
        labels = [scenario_label(s, lang) for s in scenarios]
        handles += [
            Patch(color=style.GREY, alpha=0.25, lw=0),
            Line2D([], [], marker="D", ms=4.5, color="black", ls="none"),
        ]
        labels += [text("band90", lang), text("target", lang)]
        legend_ax.legend(handles, labels, loc="center left")
        return fig


#: Distances to target beyond ±150% are drawn at the axis edge as an arrowhead.
MARGIN_LIMIT = 150.0


def margin(value: Any, target: Any, sense: Any) -> np.ndarray:
    """Distance to target in % of the target's size, signed so that > 0 means the target is met."""
    value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    sign = np.where(np.asarray(sense) == ">=", 1.0, -1.0)
    return 100.0 * sign * (value - target) / np.abs(target)


def scorecard_figure(
    scorecard: pd.DataFrame,
    *,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """The scorecard: each target's modelled value against it, and P(target met).

    The left panel puts every target on one axis: the distance of the modelled median (and of
    the 5% and 95% quantiles) to the target, in % of the target, signed so that the met side
    is always to the right. The right panel gives P(met) with its 95% interval.

    Args:
        scorecard: ``scorecard.csv``: ``[scenario,] kpi, year, target, sense, q05, q50, q95,
            p_met, p_met_low, p_met_high``.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Gids ``margin:<scenario>:<kpi>:<year>`` (the median's marker) and
        ``p_met:<scenario>:<kpi>:<year>`` (the bar, width in %).
    """
    lang = style.resolve_lang(lang)
    columns = (
        "kpi",
        "year",
        "target",
        "sense",
        "q05",
        "q50",
        "q95",
        "p_met",
        "p_met_low",
        "p_met_high",
    )
    table = with_scenario(require(scorecard, columns, "scorecard"), meta)
    table = numeric(table, [c for c in columns if c not in ("kpi", "sense")])
    bad = set(table["sense"]) - {">=", "<="}
    if bad:
        raise FigureDataError(f"scorecard has sense {sorted(bad)}; allowed: '>=', '<='")
    scenarios = style.scenario_order(table["scenario"])
    colours = style.scenario_colours(scenarios)
    targets = table.drop_duplicates(["kpi", "year"])[["kpi", "year", "target", "sense"]]
    targets = targets.sort_values("year", kind="stable").reset_index(drop=True)
    n_s = len(scenarios)
    step = 0.8 / max(n_s, 1)
    offsets = {s: (i - (n_s - 1) / 2) * step for i, s in enumerate(scenarios)}

    with style.theme(lang):
        fig, body = style.frame(
            4.0 + (0.55 + 0.22 * n_s) * len(targets), text("scorecard_title", lang), meta, lang
        )
        ax_m, ax_p = body.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.5, 1]})
        rows = []
        for row, target in targets.iterrows():
            for scenario in scenarios:
                mine = table.loc[
                    (table["scenario"] == scenario)
                    & (table["kpi"] == target["kpi"])
                    & (table["year"] == target["year"])
                ]
                if len(mine):
                    key = f"{scenario}:{target['kpi']}:{int(target['year'])}"
                    rows.append((row + offsets[scenario], colours[scenario], key, mine.iloc[0]))
        margins = [
            margin([r["q05"], r["q50"], r["q95"]], r["target"], r["sense"]) for *_, r in rows
        ]
        span = max([10.0, *(float(np.nanmax(np.abs(m))) for m in margins)])
        limit = min(span * 1.1, MARGIN_LIMIT)
        for (y, colour, key, r), (q05, q50, q95) in zip(rows, margins, strict=True):
            ends = np.clip([q05, q95], -limit, limit)
            ax_m.plot(ends, [y, y], color=colour, lw=1.2, solid_capstyle="butt")
            shown = float(np.clip(q50, -limit, limit))
            mark = "o" if shown == q50 else (">" if q50 > 0 else "<")  # beyond the axis
            ax_m.plot(
                [shown], [y], marker=mark, ms=3.5, color=colour, ls="none", gid=f"margin:{key}"
            )
            p, lo, hi = 100 * r["p_met"], 100 * r["p_met_low"], 100 * r["p_met_high"]
            ax_p.barh(y, p, height=step * 0.85, color=colour, gid=f"p_met:{key}")
            ax_p.errorbar(
                p, y, xerr=[[p - lo], [hi - p]], color="#333333", lw=0.7, capsize=1.5, ls="none"
            )
        ax_m.set_xlim(-limit, limit)
        ax_m.axvspan(0, limit, color=style.OKABE_ITO["green"], alpha=0.07, lw=0)
        ax_m.axvline(0, color="#333333", lw=0.9)
        ax_m.set_xlabel(text("margin_axis", lang))
        ax_p.set_xlim(0, 100)
        ax_p.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax_p.set_xlabel(text("p_met_axis", lang))
        names = []
        for _, target in targets.iterrows():
            label, _, _ = kpi_display(target["kpi"], lang)
            goal = target_label(target["kpi"], target["sense"], target["target"], lang)
            year = f"{int(target['year'])}{'年' if lang == 'zh' else ''}"
            names.append(f"{label}\n{year} {goal}")
        ax_m.set_yticks(range(len(targets)), names)
        ax_m.set_ylim(len(targets) - 0.5, -0.5)
        for ax in (ax_m, ax_p):
            ax.grid(axis="y", visible=False)
        handles = [Line2D([], [], color=colours[s], marker="o", ms=3.5) for s in scenarios]
        labels = [scenario_label(s, lang) for s in scenarios]
        body.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=min(n_s, 4),
            title=text("median_range", lang),
        )
        return fig
