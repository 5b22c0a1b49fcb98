"""Peak-year figures: when runs peak, and the chance of having peaked by each year.

The distribution shows the peak years of peaked runs with the two other peak states as their own
bars; the cumulative curves give P(peaked by Y) and, beside it, P(plateau or peaked by Y).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MultipleLocator, PercentFormatter

from visualization.figures import style
from visualization.figures.checks import FigureDataError, numeric, require, with_scenario
from visualization.figures.labels import percent, scenario_label, state_label, text

#: The plan asks for a peak before 2030.
PLAN_PEAK_YEAR = 2030
_STATES = ("plateau", "not_peaked")
_DIST_COLUMNS = ("label", "state", "n", "share")
_PROB_COLUMNS = ("year", "p_peaked", "p_peaked_low", "p_peaked_high")
_PROB_PLATEAU = ("p_plateau_or_peaked", "p_plateau_or_peaked_low", "p_plateau_or_peaked_high")


def _p_by(probability: pd.DataFrame, scenario: str, year: int) -> tuple[float, float, float]:
    rows = probability.loc[(probability["scenario"] == scenario) & (probability["year"] == year)]
    if rows.empty:
        return (np.nan, np.nan, np.nan)
    row = rows.iloc[0]
    return float(row["p_peaked"]), float(row["p_peaked_low"]), float(row["p_peaked_high"])


def peak_year_figure(
    distribution: pd.DataFrame,
    probability: pd.DataFrame,
    states: pd.DataFrame | None = None,
    *,
    by_year: int = PLAN_PEAK_YEAR,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Peak-year distribution per scenario, with ``plateau`` and ``not peaked`` as own bars.

    Each scenario gets a row: bars of the share of runs peaking in each year (left) and the
    shares of runs in a plateau or not peaked at the horizon (right), and P(peaked by
    ``by_year``) with its 95% interval written in the panel.

    Args:
        distribution: ``peak_year_distribution.csv``: ``[scenario,] label, state, n, share``.
        probability: ``peak_probability.csv``: ``[scenario,] year, p_peaked, p_peaked_low,
            p_peaked_high`` (the value at ``by_year`` is shown).
        states: ``peak_states.csv`` (``[scenario,] state, share, ci_low, ci_high``); when given,
            the state bars carry their 95% intervals.
        by_year: The year of the headline probability.
        lang: "zh" or "en".
        meta: Source-line metadata (see ``labels.source_line``).

    Returns:
        The figure. Bar patches carry gids ``peak_year:<scenario>`` and
        ``peak_state:<scenario>:<state>``; heights are shares in percent.
    """
    lang = style.resolve_lang(lang)
    dist = with_scenario(require(distribution, _DIST_COLUMNS, "peak_year_distribution"), meta)
    prob = with_scenario(require(probability, _PROB_COLUMNS, "peak_probability"), meta)
    dist = numeric(dist, ["n", "share"])
    prob = numeric(prob, _PROB_COLUMNS)
    if states is not None:
        states = numeric(
            with_scenario(
                require(states, ("state", "share", "ci_low", "ci_high"), "peak_states"), meta
            ),
            ["share", "ci_low", "ci_high"],
        )
    dist["label"] = dist["label"].astype(str)
    peaked = dist.loc[dist["state"] == "peaked"].copy()
    peaked["year"] = pd.to_numeric(peaked["label"], errors="coerce")
    if peaked["year"].isna().any():
        bad = peaked.loc[peaked["year"].isna(), "label"].iloc[0]
        raise FigureDataError(f"peak_year_distribution has a peaked row with label {bad!r}")
    scenarios = style.scenario_order(dist["scenario"])
    years = [*peaked["year"], 2020, by_year]
    first, last = int(min(years)), int(max(years))

    with style.theme(lang):
        fig, body = style.frame(
            2.0 + 3.6 * len(scenarios), text("peak_year_title", lang), meta, lang
        )
        axes = body.subplots(
            len(scenarios), 2, sharey=True, squeeze=False, gridspec_kw={"width_ratios": [4, 1.35]}
        )
        for row, scenario in enumerate(scenarios):
            ax, ax_state = axes[row]
            mine = peaked.loc[peaked["scenario"] == scenario]
            total = int(dist.loc[dist["scenario"] == scenario, "n"].sum())
            ax.axvspan(first - 0.6, by_year + 0.5, color=style.LIGHT_GREY, alpha=0.35, lw=0)
            ax.bar(
                mine["year"],
                100 * mine["share"],
                width=0.8,
                color=style.STATE_COLOURS["peaked"],
                gid=f"peak_year:{scenario}",
            )
            ax.set_xlim(first - 0.6, last + 0.6)
            ax.xaxis.set_major_locator(MultipleLocator(5 if last - first > 12 else 1))
            ax.set_title(f"{scenario_label(scenario, lang)} (n = {total})", fontsize=style.BASE_PT)
            p, lo, hi = _p_by(prob, scenario, by_year)
            ax.text(
                0.01,
                0.95,
                text("p_peaked_by", lang).format(
                    y=by_year, p=percent(p), lo=percent(lo), hi=percent(hi)
                ),
                transform=ax.transAxes,
                ha="left",
                va="top",
                fontsize=style.BASE_PT,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
                gid=f"p_peaked_by:{scenario}",
            )
            shares = []
            for state in _STATES:
                rows = dist.loc[(dist["scenario"] == scenario) & (dist["label"] == state), "share"]
                shares.append(float(rows.iloc[0]) if len(rows) else 0.0)
            for x, (state, share) in enumerate(zip(_STATES, shares, strict=True)):
                ax_state.bar(
                    x,
                    100 * share,
                    width=0.7,
                    color=style.STATE_COLOURS[state],
                    gid=f"peak_state:{scenario}:{state}",
                )
                if states is not None:
                    ci = states.loc[(states["scenario"] == scenario) & (states["state"] == state)]
                    if len(ci):
                        low, high = float(ci["ci_low"].iloc[0]), float(ci["ci_high"].iloc[0])
                        ax_state.errorbar(
                            x,
                            100 * share,
                            yerr=[[100 * (share - low)], [100 * (high - share)]],
                            color="#333333",
                            capsize=2,
                            lw=0.8,
                            gid=f"peak_state_ci:{scenario}:{state}",
                        )
            ax_state.set_xticks(range(len(_STATES)), [state_label(s, lang) for s in _STATES])
            ax_state.set_xlim(-0.6, len(_STATES) - 0.4)
            ax_state.grid(axis="x", visible=False)
            if row < len(scenarios) - 1:
                ax.tick_params(labelbottom=False)
                ax_state.tick_params(labelbottom=False)
        axes[-1, 0].set_xlabel(text("peak_year", lang))
        axes[-1, 1].set_xlabel(text("state_axis", lang))
        highest = float(dist["share"].max())
        if states is not None:
            drawn = states.loc[states["state"].isin(_STATES), "ci_high"]
            highest = max(highest, float(drawn.max()) if len(drawn) else 0.0)
        axes[0, 0].set_ylim(0, min(100.0, max(5.0, 100 * highest)) * 1.3)
        axes[0, 0].yaxis.set_major_formatter(PercentFormatter(decimals=0))
        body.supylabel(text("share_of_runs", lang), fontsize=style.BASE_PT)
        return fig


def peak_probability_figure(
    probability: pd.DataFrame,
    *,
    by_year: int = PLAN_PEAK_YEAR,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Cumulative P(peaked by Y) per scenario and, beside it, P(plateau or peaked by Y).

    Args:
        probability: ``peak_probability.csv``: ``[scenario,] year, p_peaked, p_peaked_low,
            p_peaked_high, p_plateau_or_peaked, p_plateau_or_peaked_low,
            p_plateau_or_peaked_high`` (probabilities in [0, 1], 95% Wilson intervals).
        by_year: The plan's peak year, marked on both panels.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Lines carry gids ``p_peaked:<scenario>`` and
        ``p_plateau_or_peaked:<scenario>`` (y in percent), their bands ``<gid>:band``.
    """
    lang = style.resolve_lang(lang)
    columns = (*_PROB_COLUMNS, *_PROB_PLATEAU)
    prob = numeric(with_scenario(require(probability, columns, "peak_probability"), meta), columns)
    prob = prob.sort_values(["scenario", "year"])
    scenarios = style.scenario_order(prob["scenario"])
    colours = style.scenario_colours(scenarios)
    panels = (("p_peaked", "p_peaked_panel"), ("p_plateau_or_peaked", "p_plateau_panel"))

    with style.theme(lang):
        fig, body = style.frame(8.5, text("p_curve_title", lang), meta, lang)
        axes = body.subplots(1, 2, sharey=True)
        for ax, (column, title) in zip(axes, panels, strict=True):
            for scenario in scenarios:
                mine = prob.loc[prob["scenario"] == scenario]
                ax.fill_between(
                    mine["year"],
                    100 * mine[f"{column}_low"],
                    100 * mine[f"{column}_high"],
                    step="post",
                    color=colours[scenario],
                    alpha=0.12,
                    lw=0,
                    gid=f"{column}:{scenario}:band",
                )
                ax.plot(
                    mine["year"],
                    100 * mine[column],
                    color=colours[scenario],
                    drawstyle="steps-post",
                    label=scenario_label(scenario, lang),
                    gid=f"{column}:{scenario}",
                )
            ax.axvline(by_year, color="#333333", lw=0.8, ls="--")
            ax.text(by_year + 0.5, 2, str(by_year), fontsize=style.SMALL_PT, color="#333333")
            ax.set_title(text(title, lang))
            ax.set_xlabel(text("year", lang))
            ax.set_ylim(0, 100)
            ax.set_xlim(prob["year"].min(), prob["year"].max())
            ax.xaxis.set_major_locator(MultipleLocator(10))
            ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        axes[0].set_ylabel(text("probability_pct", lang))
        handles, labels = axes[0].get_legend_handles_labels()
        band = Patch(color=style.GREY, alpha=0.25, lw=0)
        body.legend(
            [*handles, band],
            [*labels, text("band95", lang)],
            loc="outside lower center",
            ncols=min(len(handles) + 1, 5),
        )
        return fig
