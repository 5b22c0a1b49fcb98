"""Validation figure: the model's 2020 figures against independent reference bands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from visualization.figures import style
from visualization.figures.checks import FigureDataError, numeric, require
from visualization.figures.labels import check_label, convert_unit, number, text, wrap


def band_position(value: Any, low: Any, high: Any) -> np.ndarray:
    """Where a value lies against a band: 0 at its low end, 1 at its high end."""
    value, low, high = (np.asarray(a, dtype=float) for a in (value, low, high))
    return (value - low) / (high - low)


def _passed(values: pd.Series) -> pd.Series:
    text_values = values.astype(str).str.strip().str.lower()
    known = text_values.isin(["true", "false", "1", "0"])
    if not known.all():
        raise FigureDataError(
            f"validation column passed has {values[~known].iloc[0]!r}; expected true or false"
        )
    return text_values.isin(["true", "1"])


def _distinct(values: list[float]) -> list[str]:
    """The values with enough digits that different ones read apart (0.5564 in 0.5559-0.5569)."""
    shown = [number(v) for v in values]
    for digits in range(3, 7):
        if len(set(shown)) == len(set(values)):
            break
        shown = [f"{v:,.{digits + 1}g}" for v in values]
    return shown


def _row_text(row: pd.Series, lang: str) -> str:
    """``model 81.7%`` over ``band 80–83%`` (shares in percent, other units converted)."""
    unit_en = str(row["unit"])
    if unit_en == "share" or unit_en.startswith("share of"):
        factor, unit = 100.0, "%"
    else:
        factor, unit = convert_unit(1.0, unit_en, lang)
    model, low, high = _distinct([factor * row[k] for k in ("model", "low", "high")])
    if unit == "%":
        model, low, high, unit = f"{model}%", f"{low}%", f"{high}%", ""
    line = text("validation_row", lang).format(m=model, lo=low, hi=high, u=unit)
    return line.strip()


def validation_figure(
    validation: pd.DataFrame,
    *,
    lang: str = "zh",
    meta: Mapping[str, Any] | None = None,
) -> Figure:
    """Each check's model value placed in its reference band, with the numbers written out.

    All checks share one axis: a band runs from 0 (its low end) to 1 (its high end), so checks
    in different units can be read together; the numbers are written beside each row (the
    sources are long: they are in ``validation.csv`` and the report's table).

    Args:
        validation: ``validation.csv``: ``check, unit, model, low, high, best, source,
            passed`` (``best`` may be empty).
        lang: "zh" or "en" (Mt shown as 万吨 in Chinese, shares in percent).
        meta: Source-line metadata.

    Returns:
        The figure. Gids ``validation:<check>`` (the model's marker, x = band position) and
        ``validation_best:<check>``.
    """
    lang = style.resolve_lang(lang)
    columns = ("check", "unit", "model", "low", "high", "best", "source", "passed")
    table = numeric(require(validation, columns, "validation"), ["model", "low", "high", "best"])
    if (table["high"] <= table["low"]).any():
        bad = table.loc[table["high"] <= table["low"], "check"].iloc[0]
        raise FigureDataError(f"validation check {bad!r} has high <= low")
    table["passed"] = _passed(table["passed"])
    table = table.reset_index(drop=True)
    x_model = band_position(table["model"], table["low"], table["high"])
    x_best = band_position(table["best"], table["low"], table["high"])
    spread = np.abs(np.concatenate([x_model, x_best]) - 0.5)
    reach = max(0.75, float(np.nanmax(spread)) + 0.15)
    ok, bad_colour = style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"]
    width = 16 if lang == "zh" else 30

    with style.theme(lang):
        fig, body = style.frame(4.0 + 0.75 * len(table), text("validation_title", lang), meta, lang)
        ax, ax_text = body.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.2, 1]})
        for i, row in table.iterrows():
            ax.barh(i, 1.0, height=0.5, color=style.LIGHT_GREY, lw=0)
            if np.isfinite(x_best[i]):
                ax.plot(
                    [x_best[i]] * 2,
                    [i - 0.25, i + 0.25],
                    color="#333333",
                    lw=1.2,
                    gid=f"validation_best:{row['check']}",
                )
            passed = bool(row["passed"])
            ax.plot(
                [x_model[i]],
                [i],
                marker="o" if passed else "X",
                ms=6,
                color=ok if passed else bad_colour,
                ls="none",
                gid=f"validation:{row['check']}",
            )
            ax_text.text(0.0, i, _row_text(row, lang), va="center", ha="left",
                         fontsize=style.SMALL_PT)  # fmt: skip
        ax.set_xlim(0.5 - reach, 0.5 + reach)
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        ax.axvline(0, color=style.GREY, lw=0.6, ls=":")
        ax.axvline(1, color=style.GREY, lw=0.6, ls=":")
        names = [wrap(check_label(c, lang), width) for c in table["check"]]
        ax.set_yticks(range(len(table)), names)
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.set_xlabel(wrap(text("validation_axis", lang), 2 * width + 10))
        ax.grid(axis="y", visible=False)
        ax_text.axis("off")
        ax_text.set_xlim(0, 1)
        handles = [
            Patch(color=style.LIGHT_GREY),
            Line2D([], [], color="#333333", lw=1.2),
            Line2D([], [], marker="o", color=ok, ls="none"),
            Line2D([], [], marker="X", color=bad_colour, ls="none"),
        ]
        keys = ("reference_band", "best_estimate", "model_pass", "model_fail")
        body.legend(handles, [text(k, lang) for k in keys], loc="outside lower center", ncols=4)
        return fig
