"""What the results respond to: the lever tornado, Sobol indices and Morris screening."""

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
from visualization.figures.checks import FigureDataError, numeric, require
from visualization.figures.labels import mass, money, param_label, param_range, text, wrap

#: The tornado's outcomes: column prefix -> (text key, unit kind).
TORNADO_OUTCOMES: dict[str, tuple[str, str]] = {
    "d_co2_2030": ("d_co2_2030", "mass"),
    "d_cum_co2": ("d_cum_co2", "mass"),
    "d_fiscal": ("d_fiscal", "money"),
}
_TORNADO_COLUMN = {
    "d_co2_2030": "d_co2_2030_mt",
    "d_cum_co2": "d_cum_co2_mt",
    "d_fiscal": "d_fiscal_myuan",
}
#: Sensitivity outcomes (experiments.analysis.SENSITIVITY_OUTCOMES) and their unit kind.
SENSITIVITY_UNITS = {"peak_year": "years", "peak_emissions_mt": "mass", "cumulative_co2_mt": "mass"}
END_COLOURS = {"low": style.OKABE_ITO["sky_blue"], "high": style.OKABE_ITO["vermillion"]}


def _unit(kind: str, lang: str) -> tuple[float, str]:
    if kind == "mass":
        return mass(lang)
    if kind == "money":
        return money(lang)
    return 1.0, text("unit_years", lang)


def lever_tornado_figure(
    levers: pd.DataFrame,
    *,
    outcomes: Sequence[str] = ("d_co2_2030", "d_cum_co2"),
    horizon_end: int = 2060,
    top: int | None = 15,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Tornado of lever responses, with 95% intervals.

    Bars give the change from moving each lever to its range's low and high end; levers are
    sorted by their largest effect.

    Args:
        levers: ``levers.csv``: ``lever, end, value`` and, per outcome, ``<outcome>_mt`` (or
            ``d_fiscal_myuan``), ``<outcome>_low``, ``<outcome>_high``.
        outcomes: Panels, from ``d_co2_2030``, ``d_cum_co2``, ``d_fiscal``.
        horizon_end: Last year of the cumulative sum (for the axis title).
        top: Keep this many levers (largest effects); None keeps all.
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Bars have gid ``tornado:<outcome>:<lever>:<end>``, widths in the unit
        shown (万吨/亿元 in Chinese).
    """
    lang = style.resolve_lang(lang)
    unknown = [o for o in outcomes if o not in TORNADO_OUTCOMES]
    if unknown or not outcomes:
        raise ValueError(f"outcomes={list(outcomes)!r}; choose from {list(TORNADO_OUTCOMES)}")
    needed = ["lever", "end", "value"]
    for outcome in outcomes:
        needed += [_TORNADO_COLUMN[outcome], f"{outcome}_low", f"{outcome}_high"]
    table = numeric(require(levers, needed, "levers"), needed[2:])
    bad = set(table["end"]) - {"low", "high"}
    if bad:
        raise FigureDataError(f"levers has end {sorted(bad)}; allowed: 'low', 'high'")
    first = _TORNADO_COLUMN[outcomes[0]]
    size = table.groupby("lever")[first].agg(lambda s: s.abs().max()).sort_values(ascending=False)
    order = list(size.index[: top or None])

    with style.theme(lang):
        fig, body = style.frame(4.5 + 0.95 * len(order), text("tornado_title", lang), meta, lang)
        axes = body.subplots(1, len(outcomes), sharey=True, squeeze=False)[0]
        for ax, outcome in zip(axes, outcomes, strict=True):
            key, kind = TORNADO_OUTCOMES[outcome]
            factor, unit = _unit(kind, lang)
            column = _TORNADO_COLUMN[outcome]
            for i, lever in enumerate(order):
                for end, dy in (("low", -0.19), ("high", 0.19)):
                    rows = table.loc[(table["lever"] == lever) & (table["end"] == end)]
                    if rows.empty:
                        continue
                    r = rows.iloc[0]
                    width = factor * r[column]
                    ax.barh(
                        i + dy,
                        width,
                        height=0.36,
                        color=END_COLOURS[end],
                        gid=f"tornado:{outcome}:{lever}:{end}",
                    )
                    lo, hi = factor * r[f"{outcome}_low"], factor * r[f"{outcome}_high"]
                    if np.isfinite(lo) and np.isfinite(hi):
                        ax.errorbar(
                            width,
                            i + dy,
                            xerr=[[width - lo], [hi - width]],
                            color="#333333",
                            lw=0.7,
                            capsize=1.5,
                            ls="none",
                        )
            ax.axvline(0, color="#333333", lw=0.9)
            ax.set_xlabel(wrap(text(key, lang).format(u=unit, y=horizon_end), 26))
            ax.grid(axis="y", visible=False)
            ax.margins(x=0.12)
        names = []
        for lever in order:
            rows = table.loc[table["lever"] == lever].set_index("end")["value"]
            ends = [rows[e] for e in ("low", "high") if e in rows.index]
            span = param_range(lever, ends[0], ends[-1], lang)
            label = wrap(param_label(lever, lang), 16 if lang == "zh" else 38)
            names.append(f"{label}\n({span})")
        axes[0].set_yticks(range(len(order)), names, fontsize=style.SMALL_PT)
        axes[0].set_ylim(len(order) - 0.5, -0.5)
        handles = [Patch(color=END_COLOURS[e]) for e in ("low", "high")]
        body.legend(
            handles,
            [text("low_end", lang), text("high_end", lang)],
            loc="outside lower center",
            ncols=2,
        )
        return fig


def _indices(indices: Mapping[str, pd.DataFrame], columns: Sequence[str], what: str) -> dict:
    if not indices:
        raise FigureDataError(f"no {what} table given")
    return {
        outcome: numeric(require(table, ["parameter", *columns], f"{what}_{outcome}"), columns)
        for outcome, table in indices.items()
    }


def _outcome_title(outcome: str, lang: str) -> str:
    key = f"outcome_{outcome}"
    return text(key, lang) if key in _OUTCOME_KEYS else outcome


_OUTCOME_KEYS = {f"outcome_{o}" for o in SENSITIVITY_UNITS}
#: Sobol estimates are drawn within these limits; intervals beyond them are cut at the edge.
SOBOL_LIMITS = (-0.5, 1.5)


def sobol_figure(
    indices: Mapping[str, pd.DataFrame],
    *,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """First-order and total Sobol indices with their intervals, one panel per outcome.

    Args:
        indices: Outcome -> ``sobol_<outcome>.csv`` (``parameter, S1, S1_conf, ST, ST_conf``;
            ``*_conf`` are half-widths).
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure; parameters sorted by their mean total index. Bars have gids
        ``sobol:<outcome>:<parameter>:S1`` and ``...:ST``.
    """
    lang = style.resolve_lang(lang)
    tables = _indices(indices, ("S1", "S1_conf", "ST", "ST_conf"), "sobol")
    mean_st = pd.concat([t.set_index("parameter")["ST"] for t in tables.values()], axis=1)
    order = list(mean_st.mean(axis=1).fillna(-1).sort_values(ascending=False).index)
    colours = {"S1": style.OKABE_ITO["blue"], "ST": style.OKABE_ITO["orange"]}
    lo_lim, hi_lim = SOBOL_LIMITS
    clipped = False

    with style.theme(lang):
        fig, body = style.frame(4.5 + 0.75 * len(order), text("sobol_title", lang), meta, lang)
        axes = body.subplots(1, len(tables), sharey=True, squeeze=False)[0]
        for ax, (outcome, table) in zip(axes, tables.items(), strict=True):
            table = table.set_index("parameter")
            for i, parameter in enumerate(order):
                if parameter not in table.index:
                    continue
                for index, dy in (("S1", -0.19), ("ST", 0.19)):
                    value = float(table.at[parameter, index])
                    half = float(table.at[parameter, f"{index}_conf"])
                    if not np.isfinite(value):
                        continue
                    shown = min(max(value, lo_lim), hi_lim)
                    ax.barh(
                        i + dy,
                        shown,
                        height=0.36,
                        color=colours[index],
                        gid=f"sobol:{outcome}:{parameter}:{index}",
                    )
                    if np.isfinite(half):
                        lo, hi = max(value - half, lo_lim), min(value + half, hi_lim)
                        clipped |= lo > value - half or hi < value + half
                        ax.plot([lo, hi], [i + dy, i + dy], color="#333333", lw=0.7)
            low = min(0.0, float(np.nanmin([t["S1"].min() for t in tables.values()])))
            ax.set_xlim(max(lo_lim, low - 0.05), hi_lim if clipped else 1.05)
            ax.set_xticks([0.0, 0.5, 1.0])  # the indices' own range: panels' labels never touch
            ax.axvline(0, color="#333333", lw=0.9)
            ax.set_title(_outcome_title(outcome, lang))
            ax.grid(axis="y", visible=False)
        names = [wrap(param_label(p, lang), 16 if lang == "zh" else 38) for p in order]
        axes[0].set_yticks(range(len(order)), names, fontsize=style.SMALL_PT)
        axes[len(axes) // 2].set_xlabel(text("sobol_axis", lang))  # once, under the middle
        axes[0].set_ylim(len(order) - 0.5, -0.5)
        handles = [Patch(color=colours[k]) for k in ("S1", "ST")]
        labels = [text("first_order", lang), text("total_order", lang)]
        if clipped:
            handles.append(Patch(color="none"))
            labels.append(text("clipped", lang))
        body.legend(handles, labels, loc="outside lower center", ncols=len(handles))
        return fig


def morris_figure(
    indices: Mapping[str, pd.DataFrame],
    *,
    label_top: int = 4,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Morris screening: μ* against σ per outcome, with μ*'s interval.

    The most influential parameters of each panel are numbered (the same number in every
    panel, 1 = the largest effect overall) and named in the key below.

    Args:
        indices: Outcome -> ``morris_<outcome>.csv`` (``parameter, mu_star, mu_star_conf,
            sigma``).
        label_top: Number this many parameters per panel (largest μ*).
        lang: "zh" or "en".
        meta: Source-line metadata.

    Returns:
        The figure. Points have gid ``morris:<outcome>:<parameter>`` (x = μ*, y = σ in the
        unit shown).
    """
    lang = style.resolve_lang(lang)
    tables = _indices(indices, ("mu_star", "mu_star_conf", "sigma"), "morris")
    colour = style.OKABE_ITO["blue"]
    tops = {
        o: t.sort_values("mu_star", ascending=False)["parameter"][:label_top]
        for o, t in tables.items()
    }
    named = set().union(*(set(t) for t in tops.values()))
    relative = pd.concat(
        [t.set_index("parameter")["mu_star"] / t["mu_star"].max() for t in tables.values()], axis=1
    )
    ranking = [
        p for p in relative.max(axis=1).fillna(0).sort_values(ascending=False).index if p in named
    ]
    numbers = {parameter: i + 1 for i, parameter in enumerate(ranking)}

    with style.theme(lang):
        height = 6.8 + 0.42 * math.ceil(len(ranking) / 2)
        fig, body = style.frame(height, text("morris_title", lang), meta, lang)
        axes = body.subplots(1, len(tables), squeeze=False)[0]
        for ax, (outcome, table) in zip(axes, tables.items(), strict=True):
            factor, unit = _unit(SENSITIVITY_UNITS.get(outcome, "mass"), lang)
            x = factor * table["mu_star"].to_numpy()
            y = factor * table["sigma"].to_numpy()
            err = factor * table["mu_star_conf"].to_numpy()
            top = max(float(np.nanmax(x + err)), float(np.nanmax(y)), 1e-9) * 1.1
            ax.errorbar(x, y, xerr=err, fmt="none", ecolor=style.GREY, lw=0.7, capsize=1.5)
            placed: list[tuple[float, float]] = []
            for parameter, xi, yi in zip(table["parameter"], x, y, strict=True):
                ax.plot(
                    [xi],
                    [yi],
                    marker="o",
                    ms=4,
                    color=colour,
                    ls="none",
                    gid=f"morris:{outcome}:{parameter}",
                )
            for parameter in tops[outcome]:
                row = table.loc[table["parameter"] == parameter].iloc[0]
                xi, yi = factor * row["mu_star"], factor * row["sigma"]
                if any(
                    abs(xi - px) < 0.07 * top and abs(yi - py) < 0.06 * top for px, py in placed
                ):
                    continue  # too close to a numbered point to read; it stays in the key
                placed.append((xi, yi))
                label = ax.annotate(
                    str(numbers[parameter]),
                    (xi, yi),
                    xytext=(3, 2),
                    textcoords="offset points",
                    fontsize=style.SMALL_PT,
                )
                label.set_in_layout(False)
            ax.plot([0, top], [0, top], color=style.GREY, lw=0.8, ls="--")
            ax.text(
                top * 0.97,
                top * 0.9,
                text("sigma_eq_mu", lang),
                ha="right",
                fontsize=style.SMALL_PT,
                color=style.GREY,
            )
            ax.set_xlim(0, top)
            ax.set_ylim(0, top)
            ax.set_box_aspect(1)
            ax.set_title(_outcome_title(outcome, lang))
            ax.set_xlabel(text("mu_star", lang).format(u=unit))
            ax.set_ylabel(text("sigma", lang).format(u=unit))
        handles = [Line2D([], [], ls="none") for _ in ranking]
        width = 22 if lang == "zh" else 48  # two columns across the page
        labels = [wrap(f"{numbers[p]}  {param_label(p, lang)}", width) for p in ranking]
        body.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=2,
            handlelength=0,
            handletextpad=0,
            columnspacing=2.0,
        )
        return fig
