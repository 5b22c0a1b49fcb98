"""Words and number formats of the report figures, in Chinese and English.

Names shared with the web app (indicators, sectors, states, scenarios, units) come from
``visualization.i18n``, parameter names from the registry; this module adds the figures' own
vocabulary (axis titles, legends, the source line) and how parameter values are written.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from parameters import REGISTRY
from visualization.i18n import (
    KPI_LABELS,
    SCENARIO_LABELS,
    SECTOR_LABELS,
    STATE_LABELS,
    Lang,
    convert,
    pick,
)

#: Chinese (CJK) characters and full-width punctuation.
CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")

#: The figures' own words: key -> (English, Chinese).
TEXT: dict[str, tuple[str, str]] = {
    "colon": (": ", "："),
    "source": ("Source", "来源"),
    "scenario": ("Scenario", "情景"),
    "scenarios": ("Scenarios", "情景"),
    "runs_n": ("{n} runs", "{n}次模拟"),
    "run_one": ("1 run", "1次模拟"),
    "runs_each": ("{n} runs each", "每个情景{n}次模拟"),
    "runs_total": ("{n} runs in all", "共{n}次模拟"),
    "scale_x": ("agent scale {x:g}", "主体抽样比例{x:g}"),
    "code_version": ("carbonpeak {v}", "carbonpeak {v}"),
    "year": ("Year", "年份"),
    "share_of_runs": ("Share of runs (%)", "模拟占比（%）"),
    "probability_pct": ("Probability (%)", "概率（%）"),
    "peak_year": ("Peak year (peaked runs)", "达峰年份（已达峰的模拟）"),
    "peak_year_title": ("When do CO₂ emissions peak?", "二氧化碳排放何时达峰？"),
    "state_axis": ("State at the horizon", "模拟期末状态"),
    "p_peaked_by": (
        "P(peaked by {y}) = {p} (95% interval {lo}–{hi})",
        "{y}年前达峰概率 {p}（95%区间 {lo}–{hi}）",
    ),
    "p_curve_title": ("Probability of having peaked, by year", "累计达峰概率"),
    "p_peaked_panel": ("Peaked by year Y", "截至Y年已达峰"),
    "p_plateau_panel": ("In plateau or peaked by year Y", "截至Y年进入平台期或已达峰"),
    "band95": ("95% interval", "95%区间"),
    "co2_axis": ("Gross CO₂ ({u}/yr)", "二氧化碳排放总量（{u}/年）"),
    "fan_title": (
        "CO₂ emissions: median with 50% and 90% bands",
        "二氧化碳排放：中位数及50%、90%区间",
    ),
    "median": ("Median", "中位数"),
    "band50": ("Middle 50% of runs", "中间50%的模拟"),
    "band90": ("Middle 90% of runs", "中间90%的模拟"),
    "bau_median": ("Business as usual (median)", "基准情景（中位数）"),
    "level_2020": ("2020 level", "2020年水平"),
    "milestone_2025": ("2025 plan milestone", "2025年规划节点"),
    "milestone_2030": ("2030 peak deadline", "2030年达峰时限"),
    "milestone": ("{y}", "{y}年"),
    "sector_title": ("CO₂ by sector, representative run", "代表性模拟的分部门二氧化碳排放"),
    "run_panel": ("{s}, run {r}", "{s}（第{r}次模拟）"),
    "paren": (" ({})", "（{}）"),
    "recon_title": (
        "Consumption- and production-based CO₂ (representative run)",
        "消费侧与生产侧二氧化碳排放核算对照（代表性模拟）",
    ),
    "consumption": ("Consumption-based", "消费侧核算"),
    "production": ("Production-based", "生产侧核算"),
    "embodied": ("CO₂ embodied in net power exports", "净外送电力隐含排放"),
    "mix_term": (
        "Mix term: own grid use at the local plants' factor, not the grid's",
        "电源结构项：本地用电按本地电厂而非东北电网排放因子计",
    ),
    "difference": ("Production minus consumption", "生产侧减消费侧"),
    "difference_axis": ("Difference ({u}/yr)", "差值（{u}/年）"),
    "adoption_title": ("Adoption against the plan's targets", "主要指标进展与规划目标"),
    "target": ("Plan target", "规划目标"),
    "target_value": ("target {v}", "目标{v}"),
    "scorecard_title": (
        "Plan targets: modelled value and chance of meeting them",
        "规划目标：模拟值与达标概率",
    ),
    "margin_axis": (
        "Distance to target (% of target; > 0 = met)",
        "与目标的差距（占目标值%；>0为达标）",
    ),
    "p_met_axis": ("P(target met) (%)", "达标概率（%）"),
    "median_range": ("Median, 5–95% of runs", "中位数及5%–95%区间"),
    "tornado_title": (
        "What each lever changes (low and high end of its range)",
        "各政策杠杆的作用（取值范围两端）",
    ),
    "low_end": ("Lever at the low end", "杠杆取低端值"),
    "high_end": ("Lever at the high end", "杠杆取高端值"),
    "d_co2_2030": ("Change in 2030 CO₂ ({u})", "2030年排放变化（{u}）"),
    "d_cum_co2": ("Change in cumulative CO₂ 2020–{y} ({u})", "2020–{y}年累计排放变化（{u}）"),
    "d_fiscal": ("Change in fiscal cost ({u})", "财政支出变化（{u}）"),
    "sobol_title": (
        "Sobol indices: which uncertainties matter",
        "Sobol敏感性指数：哪些不确定因素最重要",
    ),
    "sobol_axis": ("Sobol index (share of variance)", "Sobol指数（方差占比）"),
    "first_order": ("First order S1", "一阶指数S1"),
    "total_order": ("Total order ST", "总效应指数ST"),
    "clipped": ("Intervals cut at the axis edge", "置信区间超出坐标轴部分已截断"),
    "morris_title": (
        "Morris screening: mean and spread of elementary effects",
        "Morris筛选：基本效应的均值与离散度",
    ),
    "mu_star": ("μ* (mean |effect|, {u})", "μ*（效应绝对值均值，{u}）"),
    "sigma": ("σ (spread of effects, {u})", "σ（效应标准差，{u}）"),
    "sigma_eq_mu": ("σ = μ*", "σ = μ*"),
    "outcome_peak_year": ("Peak year", "达峰年份"),
    "outcome_peak_emissions_mt": ("Peak emissions", "峰值排放"),
    "outcome_cumulative_co2_mt": ("Cumulative CO₂", "累计排放"),
    "unit_years": ("years", "年"),
    "policy_title": (
        "Chance of peaking by {y} over two levers",
        "两项政策杠杆组合下{y}年前达峰概率",
    ),
    "p_peaked_by_short": ("P(peaked by {y}) (%)", "{y}年前达峰概率（%）"),
    "wedge_title": (
        "CO₂ avoided against the baseline, per lever setting",
        "相对基准的减排量（按政策设置）",
    ),
    "wedge_scenario_title": (
        "CO₂ avoided against business as usual, by scenario",
        "各情景相对基准情景的减排量",
    ),
    "avoided_axis": ("CO₂ avoided ({u}/yr)", "减排量（{u}/年）"),
    "avoided_cum_axis": ("Cumulative avoided, 2020–{y} ({u})", "2020–{y}年累计减排（{u}）"),
    "cost_per_t": ("{v} yuan/t", "{v}元/吨"),
    "no_fiscal_cost": ("No fiscal cost at any setting", "各设置均无财政支出"),
    "setting_axis": ("Lever setting (see key)", "政策设置（见图例）"),
    "prim_title": (
        "Where the {y} peak is missed: the PRIM box",
        "未能在{y}年前达峰的情形：PRIM情景发现",
    ),
    "prim_panel": (
        "{s}: coverage {c}, density {d}, {n} runs in the box",
        "{s}：覆盖率{c}，密度{d}，框内{n}次模拟",
    ),
    "prim_axis": (
        "Position in the parameter's full range (%; 0 = low end)",
        "在参数取值范围中的位置（%；0为下限）",
    ),
    "full_range": ("Full range", "完整范围"),
    "box_range": ("Box: runs mostly miss the peak", "框内：多数模拟未能按期达峰"),
    "validation_title": (
        "Validation: the model's 2020 against independent references",
        "模型校验：2020年模拟值与独立参考区间",
    ),
    "validation_axis": (
        "Position against the reference band (%; 0 = low end, 100 = high end)",
        "相对参考区间的位置（%；0为下限，100为上限）",
    ),
    "reference_band": ("Reference band", "参考区间"),
    "validation_row": ("model {m}\nband {lo}–{hi} {u}", "模型 {m}\n参考区间 {lo}–{hi} {u}"),
    "best_estimate": ("Best estimate", "最可信估计"),
    "model_pass": ("Model (within band)", "模型值（在区间内）"),
    "model_fail": ("Model (outside band)", "模型值（超出区间）"),
    "share_pct": ("Share (%)", "占比（%）"),
}

#: Parameter units shown without a unit: years, and ratios whose name says what they compare.
UNITLESS = frozenset({"year", "ratio"})
#: Parameter units shown as a percentage of 1.
PERCENT_UNITS = frozenset(
    {"share", "share of capex", "share by volume", "share of VA", "probability", "1/yr",
     "1/yr per yr", "share/yr"}
)  # fmt: skip

#: Validation checks (``experiments.validation``) in Chinese: the check's name before its
#: ", <year>" suffix -> Chinese; a check not listed keeps its English name.
CHECKS_ZH: dict[str, str] = {
    "territorial (production-based) CO2": "属地（生产侧）二氧化碳排放",
    "coal consumption": "煤炭消费量",
    "CO2 per tonne of coal burned": "每吨燃煤的二氧化碳排放",
    "territorial fossil energy": "属地化石能源消费",
    "electricity drawn from the grid": "电网供电量",
    "rural household coal": "农村户均用煤",
    "straw utilisation rate": "秸秆综合利用率",
    "straw burned as household fuel": "秸秆作为生活燃料的比例",
    "rural clean heating": "农村清洁取暖率",
    "clean heating": "清洁取暖率",
    "Northeast grid factor": "东北电网排放因子",
    "GDP": "地区生产总值",
    "wind + solar installed": "风电光伏装机",
    "non-fossil share of energy use": "非化石能源消费占比",
}
#: The suffixes of check names in Chinese ("2024 (2020 prices)").
_CHECK_SUFFIX_ZH = {"(2020 prices)": "（2020年价格）"}

CONVENTIONS: dict[str, tuple[str, str]] = {
    "consumption": (
        "consumption-based CO₂ (electricity used × grid factor)",
        "消费侧核算（用电量×电网排放因子）",
    ),
    "production": (
        "production-based CO₂ (fuel burned in the city, incl. exported power)",
        "生产侧核算（本地燃料燃烧，含外送电力）",
    ),
}


def text(key: str, lang: Lang) -> str:
    """A figure word in ``lang``."""
    return pick(TEXT[key], lang)


def scenario_label(name: str, lang: Lang) -> str:
    """A scenario's display name (a user scenario keeps its own name)."""
    return pick(SCENARIO_LABELS[name], lang) if name in SCENARIO_LABELS else str(name)


def state_label(state: str, lang: Lang) -> str:
    """A peak state's display name."""
    return pick(STATE_LABELS[state], lang) if state in STATE_LABELS else str(state)


def sector_label(sector: str, lang: Lang) -> str:
    """A sector's display name."""
    return pick(SECTOR_LABELS[sector], lang) if sector in SECTOR_LABELS else str(sector)


def check_label(check: str, lang: Lang) -> str:
    """A validation check's name: ``煤炭消费量（2020年）`` for "coal consumption, 2020"."""
    if lang != "zh":
        return str(check)[:1].upper() + str(check)[1:]
    name, sep, suffix = str(check).rpartition(", ")
    if not sep or name not in CHECKS_ZH:
        return CHECKS_ZH.get(str(check), str(check))
    year, _, rest = suffix.partition(" ")
    if not year.isdigit():
        return f"{CHECKS_ZH[name]}（{suffix}）"
    return f"{CHECKS_ZH[name]}（{year}年）{_CHECK_SUFFIX_ZH.get(rest, rest)}"


def check_value(value: float, unit_en: str, lang: Lang, digits: int = 4) -> str:
    """A validation figure with its unit: shares in percent, 万吨 in Chinese."""
    if unit_en == "share" or unit_en.startswith("share of"):
        return f"{100 * float(value):.{digits - 1}g}%"
    shown, unit = convert(float(value), unit_en, lang)
    return f"{shown:,.{digits}g} {unit}".strip()


def wrap(label: str, width: int) -> str:
    """A label broken into lines of about ``width`` characters.

    Latin text breaks at spaces; Chinese text between characters, never inside a number or a
    Latin word, and never before closing punctuation.
    """
    if not CJK_TEXT.search(label):
        return textwrap.fill(label, width)
    lines, line = [], ""
    for token in re.findall(r"（[^（）]{1,10}）|[A-Za-z0-9.,%+\-]+|\s+|.", label):
        if line and len(line) + len(token) > width and token not in _NO_LINE_START:
            carry = line[-1] if line[-1] in "（(" and len(line) > 1 else ""
            lines.append(line[: len(line) - len(carry)].rstrip())
            line = carry + token.lstrip()
        else:
            line += token
    return "\n".join([*lines, line] if line else lines)


#: Punctuation that must not begin a line.
_NO_LINE_START = frozenset("）)，、。：；%")


def convention_short(convention: str, lang: Lang) -> str:
    """An accounting convention's short name ("consumption-based", "消费侧核算")."""
    return text(convention, lang) if convention in CONVENTIONS else str(convention)


def convention_label(convention: str, lang: Lang) -> str:
    """An accounting convention, described."""
    return pick(CONVENTIONS[convention], lang) if convention in CONVENTIONS else str(convention)


def param_label(name: str, lang: Lang) -> str:
    """A lever's or uncertainty's registry label."""
    if name not in REGISTRY:
        return str(name)
    param = REGISTRY[name]
    return param.label_zh if lang == "zh" else param.label


def param_display(name: str, lang: Lang) -> tuple[float, str]:
    """Factor and unit that show a parameter's values in ``lang``.

    Shares and rates are shown in percent, years bare, and Chinese magnitudes (万吨) applied;
    an unknown name keeps its values and has no unit.
    """
    if name not in REGISTRY:
        return 1.0, ""
    unit_en = REGISTRY[name].unit
    if unit_en in PERCENT_UNITS:
        return 100.0, "%"
    if unit_en in UNITLESS:
        return 1.0, ""
    return convert(1.0, unit_en, lang)


def param_number(name: str, value: float, lang: Lang) -> str:
    """A parameter value in its displayed unit, without the unit (``45``, ``2030``)."""
    factor, _ = param_display(name, lang)
    return _param_number(name, factor * float(value))


def param_value(name: str, value: float, lang: Lang) -> str:
    """One parameter value as read: ``45%``, ``2030``, ``1,500 万吨/年``."""
    return _with_unit(param_number(name, value, lang), param_unit(name, lang))


def param_range(name: str, low: float, high: float, lang: Lang) -> str:
    """A parameter's range as read: ``0–100%``, ``2020–2100``, ``100–2,000 万吨/年``."""
    factor, unit = param_display(name, lang)
    ends = [_param_number(name, factor * float(v)) for v in (low, high)]
    dash = " – " if min(float(low), float(high)) < 0 else "–"  # "-3 – 0.5%", not "-3–0.5%"
    return _with_unit(dash.join(ends), unit)


def _param_number(name: str, value: float) -> str:
    if name in REGISTRY and REGISTRY[name].unit == "year" and math.isfinite(value):
        return str(round(value))
    return number(round(value, 9) if math.isfinite(value) else value)  # 55.000000001 -> 55


def _with_unit(value: str, unit: str) -> str:
    return f"{value}%" if unit == "%" else f"{value} {unit}".strip()


def param_unit(name: str, lang: Lang) -> str:
    """A parameter's unit as shown by ``param_display`` (empty when unknown or a year)."""
    return param_display(name, lang)[1]


def convert_unit(value: float, unit_en: str, lang: Lang) -> tuple[float, str]:
    """A value and its unit as shown in ``lang`` (``visualization.i18n.convert``)."""
    return convert(value, unit_en, lang)


def mass(lang: Lang) -> tuple[float, str]:
    """Factor and unit that turn million tonnes into the language's unit (Mt or 万吨)."""
    return convert(1.0, "Mt", lang)


def money(lang: Lang) -> tuple[float, str]:
    """Factor and unit that turn million yuan into the language's unit (million yuan or 亿元)."""
    factor, unit = convert(1.0, "million yuan", lang)
    return factor, unit


def kpi_display(kpi: str, lang: Lang) -> tuple[str, float, str]:
    """Name, factor and unit of an indicator as shown: shares and changes in %, 万吨 in Chinese.

    Returns:
        ``(label, factor, unit)``: multiply the model's value by ``factor`` to get ``unit``.
    """
    entry = KPI_LABELS.get(kpi)
    if entry is None:
        return kpi, 1.0, ""
    label = pick(entry, lang)
    unit_en = entry[2]
    if unit_en == "share":
        return label, 100.0, "%"
    if unit_en == "change":  # the label names the reference year
        return label, 100.0, "%"
    factor, unit = convert_unit(1.0, unit_en, lang)
    return label, factor, unit


def percent(p: float, digits: int = 0) -> str:
    """A probability as a percentage, e.g. ``62%``; a dash for a missing value."""
    if p is None or not math.isfinite(float(p)):
        return "–"
    return f"{100 * float(p):.{digits}f}%"


def number(value: float) -> str:
    """A value with a sensible number of digits and thousands separators."""
    value = float(value)
    if not math.isfinite(value):
        return "–"
    magnitude = abs(value)
    if magnitude >= 100 or value == round(value):
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:,.1f}"
    if magnitude >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def display_order(names: Any) -> list[str]:
    """Scenario names in display order: the built-in ones first, then the rest alphabetically."""
    unique = list(dict.fromkeys(str(n) for n in names))
    builtin = [s for s in SCENARIO_LABELS if s in unique]
    return builtin + sorted(s for s in unique if s not in SCENARIO_LABELS)


def source_parts(meta: Mapping[str, Any] | None, lang: Lang) -> list[str]:
    """The pieces of the small-print source line (the first one starts with "Source:").

    Args:
        meta: Keys ``scenario`` (a name or a list), ``runs`` (a number, or scenario -> runs),
            ``scale``, ``convention``, ``code_version``; missing keys are left out.
        lang: The language.

    Returns:
        The pieces, empty when nothing is known.
    """
    meta = dict(meta or {})
    parts: list[str] = []
    scenarios = meta.get("scenario")
    if scenarios:
        names = [scenarios] if isinstance(scenarios, str) else display_order(scenarios)
        sep = "、" if lang == "zh" else ", "
        head = text("scenarios" if len(names) > 1 else "scenario", lang) + text("colon", lang)
        parts.append(head + sep.join(scenario_label(n, lang) for n in names))
    runs = meta.get("runs")
    if isinstance(runs, Mapping) and runs:
        counts = sorted({int(v) for v in runs.values()})
        if len(counts) == 1 and len(runs) > 1:
            parts.append(text("runs_each", lang).format(n=counts[0]))
        elif len(counts) == 1:
            parts.append(text("runs_n", lang).format(n=counts[0]))
        else:
            parts.append(text("runs_total", lang).format(n=sum(int(v) for v in runs.values())))
    elif runs is not None:
        parts.append(text("runs_n" if int(runs) != 1 else "run_one", lang).format(n=int(runs)))
    if meta.get("scale") is not None:
        parts.append(text("scale_x", lang).format(x=float(meta["scale"])))
    if meta.get("convention"):
        parts.append(convention_label(str(meta["convention"]), lang))
    if meta.get("code_version"):
        parts.append(text("code_version", lang).format(v=meta["code_version"]))
    if parts:
        parts[0] = text("source", lang) + text("colon", lang) + parts[0]
    return parts


def source_line(meta: Mapping[str, Any] | None, lang: Lang) -> str | None:
    """The source line in one piece (see ``source_parts``), or None when nothing is known."""
    parts = source_parts(meta, lang)
    return " · ".join(parts) if parts else None
