"""The report figures' look: one seaborn theme, colour-blind-safe colours, A4 sizes and fonts.

Every figure is drawn inside ``theme(lang)``, a context that sets matplotlib's rcParams for the
figure only (the caller's global settings are left alone). Chinese figures need a CJK font; the
family list puts it first and DejaVu Sans second, so a glyph the CJK font lacks (the subscript in
CO₂) falls back per glyph instead of showing a box. Where no CJK font is installed, Chinese is
refused once with a warning and the figures are drawn in English.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import seaborn as sns
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure

from visualization.figures.labels import display_order, source_parts
from visualization.i18n import LANGS, Lang

#: CJK families tried in order (the first installed one is used).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
#: Font files that hold one of ``CJK_FAMILIES`` (for a matplotlib font cache built before the
#: fonts were installed, which does not list them).
_CJK_FILE_HINTS = ("notosanscjk", "sourcehansans", "wqy-microhei", "msyh", "pingfang", "simhei")
#: The Latin family, also the per-glyph fallback behind a CJK font.
LATIN_FAMILY = "DejaVu Sans"

#: A4 text width: 16 cm.
WIDTH_IN = 16 / 2.54
#: Resolution of PNG output (print quality).
DPI = 300
#: Font sizes in points; nothing smaller than ``SMALL_PT`` is drawn.
BASE_PT = 8.0
SMALL_PT = 7.0
TITLE_PT = 9.5

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
GREY = "#7F7F7F"
LIGHT_GREY = "#D9D9D9"

#: Built-in scenarios keep one colour in every figure; BAU is the dark reference.
SCENARIO_COLOURS: dict[str, str] = {
    "bau": "#4D4D4D",
    "current": OKABE_ITO["orange"],
    "plan": OKABE_ITO["blue"],
    "enhanced": OKABE_ITO["green"],
}
#: Colours for other (user) scenarios, in order of appearance.
_EXTRA_SCENARIO_COLOURS = (
    OKABE_ITO["purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["yellow"],
)
#: Peak states.
STATE_COLOURS: dict[str, str] = {
    "peaked": OKABE_ITO["blue"],
    "plateau": OKABE_ITO["orange"],
    "not_peaked": OKABE_ITO["vermillion"],
}
#: Sequential colour map for probabilities (perceptually uniform, colour-blind safe).
PROBABILITY_CMAP = "cividis"


def scenario_order(names: Any) -> list[str]:
    """Scenario names in display order: the built-in ones first, then the rest alphabetically."""
    return display_order(names)


def scenario_colours(names: Any) -> dict[str, str]:
    """A colour per scenario: fixed ones for the built-ins, then the extra palette in turn."""
    colours: dict[str, str] = {}
    extra = iter(_EXTRA_SCENARIO_COLOURS * 4)
    for name in scenario_order(names):
        colours[name] = SCENARIO_COLOURS.get(name) or next(extra)
    return colours


def palette(n: int) -> list[str]:
    """``n`` colour-blind-safe categorical colours (Okabe-Ito, then seaborn's colorblind)."""
    base = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue")]
    base += [OKABE_ITO["yellow"], GREY]
    if n <= len(base):
        return base[:n]
    return base + [mpl.colors.to_hex(c) for c in sns.color_palette("colorblind", n - len(base))]


# --------------------------------------------------------------------------------------------
# Fonts and language
# --------------------------------------------------------------------------------------------


def _installed_families() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


@functools.cache
def cjk_family() -> str | None:
    """The first installed family of ``CJK_FAMILIES``, or None.

    When matplotlib's font cache predates the font's installation, the system's font files are
    scanned for a known CJK font and added to the font manager.
    """
    installed = _installed_families()
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    for path in font_manager.findSystemFonts():
        if any(hint in Path(path).name.lower() for hint in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    installed = _installed_families()
    return next((family for family in CJK_FAMILIES if family in installed), None)


@functools.cache
def _warn_no_cjk() -> None:
    """Warn, once per process, that Chinese figures are drawn in English."""
    warnings.warn(
        "no Chinese (CJK) font found (tried: "
        + ", ".join(CJK_FAMILIES)
        + "); figures are drawn in English. Install one, e.g. 'apt-get install fonts-noto-cjk'.",
        UserWarning,
        stacklevel=3,
    )


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language.

    Raises:
        ValueError: If it is not "zh" or "en".
    """
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r} is not supported; use one of {list(LANGS)}.")
    return lang  # type: ignore[return-value]


def resolve_lang(lang: str) -> Lang:
    """The language figures are actually drawn in: ``lang``, or English without a CJK font.

    Raises:
        ValueError: If ``lang`` is not "zh" or "en".
    """
    lang = check_lang(lang)
    if lang == "zh" and cjk_family() is None:
        _warn_no_cjk()
        return "en"
    return lang


def font_families(lang: Lang) -> list[str]:
    """Font family list: the CJK family (when installed) first, DejaVu Sans as fallback.

    English figures use it too when a CJK font exists, so that a Chinese name in English text
    (a scenario file name, a plan target's wording) never shows as boxes.
    """
    cjk = cjk_family()
    return [cjk, LATIN_FAMILY] if cjk else [LATIN_FAMILY]


def rc_params(lang: Lang) -> dict[str, Any]:
    """The theme's rcParams: seaborn's whitegrid style at paper scale, sized for A4 width."""
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(
        sns.plotting_context(
            "paper",
            rc={
                "font.size": BASE_PT,
                "axes.labelsize": BASE_PT,
                "axes.titlesize": BASE_PT + 0.5,
                "xtick.labelsize": SMALL_PT + 0.5,
                "ytick.labelsize": SMALL_PT + 0.5,
                "legend.fontsize": SMALL_PT + 0.5,
                "legend.title_fontsize": BASE_PT,
            },
        )
    )
    rc.update(
        {
            "font.family": font_families(lang),
            "axes.unicode_minus": True,
            "axes.edgecolor": "#4D4D4D",
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "grid.color": "#E5E5E5",
            "grid.linewidth": 0.6,
            "lines.linewidth": 1.4,
            "legend.frameon": False,
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "figure.titlesize": TITLE_PT,
            "figure.titleweight": "bold",
        }
    )
    return rc


@contextmanager
def theme(lang: Lang) -> Iterator[None]:
    """Draw inside this context to get the report theme (rcParams restored on exit)."""
    with mpl.rc_context(rc_params(lang)):
        yield


# --------------------------------------------------------------------------------------------
# Figure frame: size, title and source line
# --------------------------------------------------------------------------------------------


def _text_width_px(fig: Figure, line: str, fontsize: float) -> float:
    renderer = fig.canvas.get_renderer()
    prop = font_manager.FontProperties(family=mpl.rcParams["font.family"], size=fontsize)
    width, _, _ = renderer.get_text_width_height_descent(line, prop, ismath=False)
    return float(width)


def wrap_parts(fig: Figure, parts: list[str], fontsize: float, sep: str = " · ") -> list[str]:
    """Join ``parts`` with ``sep`` into as few lines as fit the figure's width."""
    limit = 0.97 * fig.get_figwidth() * fig.dpi
    lines: list[str] = []
    for part in parts:
        if lines and _text_width_px(fig, lines[-1] + sep + part, fontsize) <= limit:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


def frame(
    height_cm: float,
    title: str,
    meta: Mapping[str, Any] | None,
    lang: Lang,
    width_cm: float = 16.0,
) -> tuple[Figure, Figure | SubFigure]:
    """A figure of A4 text width with its title and small-print source line.

    Args:
        height_cm: Height of the whole figure.
        title: The title, top left.
        meta: Source-line metadata (see ``labels.source_parts``).
        lang: The language.
        width_cm: Width; 16 cm is A4's text width.

    Returns:
        The figure, and the (sub)figure to draw the axes and legends on, which leaves room
        for the source line below it.
    """
    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), layout="constrained")
    fig.get_layout_engine().set(wspace=0.06)
    FigureCanvasAgg(fig)  # a renderer to measure text with (saving picks its own canvas)
    fig.suptitle(title, x=0.01, ha="left", fontsize=TITLE_PT)
    parts = source_parts(meta, lang)
    if not parts:
        return fig, fig
    lines = wrap_parts(fig, parts, SMALL_PT)
    foot_in = (len(lines) * SMALL_PT * 1.35 + 4) / 72
    body_in = fig.get_figheight() - foot_in
    body, foot = fig.subfigures(2, 1, height_ratios=[body_in, foot_in])
    foot.text(
        0.01,
        0.5,
        "\n".join(lines),
        ha="left",
        va="center",
        fontsize=SMALL_PT,
        color="#555555",
        linespacing=1.25,
    )
    return fig, body
