"""The words and number formats of REPORT.md, in English and Chinese."""

from __future__ import annotations

import math
from typing import Any

from visualization.figures.labels import kpi_display, number
from visualization.i18n import Lang

#: Key -> (English, Chinese); ``{name}`` fields are filled with ``str.format``.
WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "Will Baicheng's CO₂ peak by 2030? Model report",
        "白城市二氧化碳排放能否在2030年前达峰？模型报告",
    ),
    "intro": (
        "This report was written by `{command}` from {runs} model runs (code {code}). Every "
        "number below comes from the tables in this directory; the last section says how each "
        "was made.",
        "本报告由 `{command}` 根据 {runs} 次模型模拟生成（代码版本 {code}）。以下所有数字均来自"
        "本目录中的数据表，最后一节说明每个数字的计算方法。",
    ),
    "other_lang": ("中文版：[REPORT_zh.md](REPORT_zh.md)", "English: [REPORT.md](REPORT.md)"),
    "headline": ("The answer in one table", "一张表看结论"),
    "headline_text": (
        "P(peaked by 2030) counts the runs whose CO₂ reached its peak by 2030 and then declined "
        "for good; P(plateau or peaked by 2030) adds the runs that reached a plateau by 2030 "
        "without a sustained decline before {end}. Brackets hold 95% intervals. CO₂ is "
        "{convention}.",
        "“2030年前达峰概率”统计在2030年前达到峰值、此后持续下降的模拟；“2030年前进入平台期或"
        "达峰的概率”另计入到2030年已进入平台期、但{end}年前未持续下降的模拟。方括号内为95%区间。"
        "排放为{convention}。",
    ),
    "scenario": ("Scenario", "情景"),
    "p_peaked": ("P(peaked by 2030)", "2030年前达峰概率"),
    "p_plateau": ("P(plateau or peaked by 2030)", "2030年前进入平台期或达峰概率"),
    "states": ("Peaked / plateau / not peaked by {end}", "{end}年已达峰/平台期/未达峰"),
    "median_year": ("Median peak year", "达峰年份中位数"),
    "noise": ("Noise share of P(peaked by 2030)", "2030年前达峰的随机性方差占比"),
    "no_median": (
        "none (half the runs have not peaked by {end})",
        "无（过半模拟至{end}年未达峰）",
    ),
    "not_measured": ("not measured", "未测算"),
    "no_variance": ("– (every run agrees)", "–（各次模拟结果一致）"),
    "figures_peak": ("When emissions peak", "何时达峰"),
    "fig_peak_year": ("Peak-year distribution per scenario", "各情景达峰年份分布"),
    "fig_peak_probability": ("Cumulative P(peaked by year Y)", "累计达峰概率"),
    "by_scenario": ("Results by scenario", "分情景结果"),
    "runs_line": ("{n} runs ({failed} failed)", "{n}次模拟（{failed}次失败）"),
    "noise_line": (
        "Noise share (the model's own randomness, from {k} replicates per sample): {shares}.",
        "随机性方差占比（模型自身随机性，每个样本{k}次重复）：{shares}。",
    ),
    "noise_none": (
        "Noise share: not measured (one run per sample; use --replicates 2 or more).",
        "随机性方差占比：未测算（每个样本仅1次模拟；请用 --replicates 2 或更多）。",
    ),
    "outcome_peaked_by_2030": ("peaked by 2030", "2030年前达峰"),
    "outcome_peak_year": ("peak year", "达峰年份"),
    "outcome_emissions_2030_mt": ("2030 CO₂", "2030年排放"),
    "fiscal_line": (
        "Fiscal cost 2020–{end}: {cost} (95% interval {range}).",
        "2020–{end}年财政支出：{cost}（95%区间 {range}）。",
    ),
    "versus_line": (
        "Against business as usual: extra cost {extra}; CO₂ avoided {avoided} "
        "(95% interval {range}); {price}.",
        "与基准情景相比：新增支出 {extra}；减排量 {avoided}（95%区间 {range}）；{price}。",
    ),
    "price": (
        "cost per tonne avoided {v} (95% interval {range})",
        "每吨减排成本 {v}（95%区间 {range}）",
    ),
    "price_unclear": (
        "cost per tonne avoided {v}, but the CO₂ avoided is not distinguishable from zero",
        "每吨减排成本 {v}，但减排量与零无显著差异",
    ),
    "no_price": ("no cost per tonne (no CO₂ avoided)", "无每吨减排成本（未减排）"),
    "baseline_line": ("This is the baseline of the cost comparison.", "本情景为成本比较的基准。"),
    "scorecard": ("Plan targets", "规划目标"),
    "indicator": ("Indicator", "指标"),
    "year": ("Year", "年份"),
    "target": ("Target", "目标"),
    "modelled": ("Median (5–95% of runs)", "中位数（5%–95%模拟区间）"),
    "p_met": ("P(target met)", "达标概率"),
    "emissions": ("Emissions", "排放"),
    "fig_fan": ("Gross CO₂: median, 50% and 90% bands", "二氧化碳排放：中位数及50%、90%区间"),
    "fig_sectors": ("CO₂ by sector, representative run", "代表性模拟的分部门排放"),
    "fig_reconciliation": ("Consumption- and production-based CO₂", "消费侧与生产侧核算对照"),
    "targets_section": ("Adoption and the plan's targets", "主要指标与规划目标"),
    "fig_adoption": ("Adoption against the plan's targets", "主要指标进展与规划目标"),
    "fig_scorecard": ("Scorecard", "目标达成情况"),
    "costs": ("Cost and cost per tonne", "财政成本与每吨减排成本"),
    "costs_text": (
        "Fiscal cost is every subsidy and programme summed over 2020–{end} (undiscounted). The "
        "comparison with business as usual pairs each run with the business-as-usual run of "
        "the same uncertainty sample and seed (common random numbers); CO₂ avoided is the "
        "difference in cumulative CO₂ 2020–{end}, and the cost per tonne is the mean extra cost "
        "over the mean CO₂ avoided.",
        "财政支出为2020–{end}年各项补贴和项目支出之和（未折现）。与基准情景比较时，每次模拟与"
        "基准情景中相同不确定性样本、相同随机种子的模拟配对（共同随机数）；减排量为2020–{end}年"
        "累计排放之差，每吨减排成本为平均新增支出除以平均减排量。",
    ),
    "fiscal": ("Fiscal cost 2020–{end}", "2020–{end}年财政支出"),
    "extra": ("Extra vs BAU", "较基准新增支出"),
    "avoided": ("CO₂ avoided vs BAU", "较基准减排量"),
    "per_tonne": ("Cost per tonne avoided", "每吨减排成本"),
    "unclear_note": (
        "(?) The CO₂ avoided is not distinguishable from zero at 95%: the cost per tonne is "
        "not a reliable price (more runs narrow it).",
        "(?) 减排量在95%置信水平下与零无显著差异：该每吨减排成本不可靠（增加模拟次数可缩小区间）。",
    ),
    "sectors_title": (
        "Where the difference from business as usual lies",
        "与基准情景的差异来自哪些部门",
    ),
    "sectors_text": (
        "CO₂ avoided against business as usual in each sector, cumulative 2020–{end} ({convention}"
        "), mean over the paired runs [95% interval]; a negative value means the scenario emits "
        "more in that sector. The sectors add up to the CO₂ avoided above.",
        "各部门相对基准情景的减排量（2020–{end}年累计，{convention}），为配对模拟的平均值"
        "［95%区间］；负值表示该情景在该部门排放更多。各部门之和等于上表的减排量。",
    ),
    "sector": ("Sector", "部门"),
    "increase_line": (
        "Its largest increase over business as usual is in {sector}: {more} more CO₂ "
        "2020–{end} (see *Where the difference from business as usual lies*).",
        "较基准情景增加最多的部门是{sector}：2020–{end}年累计多排放 {more}"
        "（见“与基准情景的差异来自哪些部门”）。",
    ),
    "fig_wedges": ("CO₂ avoided against business as usual", "相对基准情景的减排量"),
    "levers": ("What each lever does", "各政策杠杆的作用"),
    "levers_text": (
        "Each lever of the {scenario} scenario moved alone to the low and the high end of its "
        "range from 2021, {seeds} seeds per setting (common random numbers); effects are paired "
        "differences from the scenario, mean [95% interval]. The levers with the largest effect "
        "on cumulative CO₂ 2020–{end} are below; all of them are in [levers/LEVERS.md]"
        "(levers/LEVERS.md) and `levers/levers.csv`.",
        "在{scenario}中，每次只将一项政策杠杆自2021年起调至其取值范围的低端或高端，每个设置{seeds}个"
        "随机种子（共同随机数）；效果为与原情景的配对差值，均值[95%区间]。下表为对2020–{end}年"
        "累计排放影响最大的杠杆；全部结果见 [levers/LEVERS.md](levers/LEVERS.md) 和 "
        "`levers/levers.csv`。",
    ),
    "lever": ("Lever", "政策杠杆"),
    "end": ("End (value)", "取值端"),
    "low": ("low", "低端"),
    "high": ("high", "高端"),
    "d_cum": ("Cumulative CO₂ 2020–{end}", "2020–{end}年累计排放"),
    "d_2030": ("CO₂ in 2030", "2030年排放"),
    "d_fiscal": ("Fiscal cost", "财政支出"),
    "fig_tornado": ("Lever responses", "政策杠杆响应"),
    "prim": ("Where the 2030 peak is missed", "未能在2030年前达峰的情形"),
    "prim_text": (
        "A PRIM box search over each scenario's uncertainty samples: the ranges of the "
        "uncertain parameters in which most runs miss the 2030 peak.",
        "对各情景的不确定性样本进行PRIM情景发现：多数模拟未能在2030年前达峰的参数范围。",
    ),
    "fig_prim": ("PRIM boxes", "PRIM情景发现"),
    "validation": ("Validation", "模型校验"),
    "validation_text": (
        "**{passed} of {total} checks pass.** The model's 2020 figures (the {scenario} "
        "scenario, seed {seed}, agent scale {scale:g}, run to {end}) against reference bands "
        "derived from independent totals; docs/VALIDATION.md has the arithmetic of every band.",
        "**{total}项校验中{passed}项通过。** 模型的2020年数值（{scenario}，随机种子{seed}，主体抽样"
        "比例{scale:g}，模拟至{end}年）与根据独立统计推算的参考区间比较；各区间的推算见 "
        "docs/VALIDATION.md。",
    ),
    "check": ("Check", "校验项"),
    "model": ("Model", "模型值"),
    "band": ("Reference band", "参考区间"),
    "pass": ("Pass", "通过"),
    "source": ("Source", "来源"),
    "yes": ("yes", "是"),
    "no": ("**no**", "**否**"),
    "fig_validation": ("Validation against reference bands", "模型校验"),
    "missing_figures": ("Figures not in this report", "本报告未包含的图"),
    "missing_text": (
        "These figures need experiments the report does not run; `carbonpeak plot DIR` draws "
        "them from such an experiment's directory:",
        "以下图表需要本报告未运行的实验；对相应实验目录运行 `carbonpeak plot DIR` 即可绘制：",
    ),
    "method": ("How the numbers were made", "数字的计算方法"),
    "method_runs": (
        "Monte Carlo: each of the four scenarios ({scenarios}) was run on the same {runs} "
        "Latin-hypercube samples of every uncertainty of the registry, each sample {k} times "
        "with different seeds ({total} runs per scenario); the samples and seeds are the same "
        "in every scenario (root seed {seed}), so scenarios differ by their policies only.",
        "蒙特卡洛：四个情景（{scenarios}）使用同一组{runs}个拉丁超立方样本（覆盖参数库中全部不确定"
        "因素），每个样本以不同随机种子模拟{k}次（每个情景{total}次）；各情景的样本与种子相同"
        "（根种子{seed}），情景之间仅政策不同。",
    ),
    "method_scale": (
        "Agent scale {scale:g}: {pct} of the real households and farms are simulated, each "
        "standing for {inv} of them; years 2020–{end}.",
        "主体抽样比例{scale:g}：模拟真实住户和农户的{pct}，每个主体代表{inv}个；模拟年份2020–{end}年。",
    ),
    "method_convention": (
        "CO₂ is {convention}: the basis of Chinese city targets. The production-based "
        "(territorial) total is shown in the reconciliation figure.",
        "排放为{convention}，即中国城市目标的常用口径；生产侧（属地）排放见核算对照图。",
    ),
    "method_intervals": (
        "Intervals: probabilities have Wilson 95% intervals; means Student-t 95% intervals; "
        "the cost per tonne a percentile bootstrap over the run pairs ({resamples} resamples, "
        "fixed seed).",
        "区间：概率为Wilson 95%区间；均值为t分布95%区间；每吨减排成本为配对模拟的百分位bootstrap"
        "区间（{resamples}次重抽样，固定种子）。",
    ),
    "method_noise": (
        "Noise share: with {k} runs per sample, the variance of each outcome splits into the "
        "part between runs of one sample (the model's own randomness) and the part between "
        "samples (the uncertain parameters); the share given is the first (one-way ANOVA).",
        "随机性方差占比：每个样本{k}次模拟时，各结果的方差可分为同一样本内（模型自身随机性）和"
        "样本之间（参数不确定性）两部分；所列为前者占比（单因素方差分析）。",
    ),
    "method_peak": (
        "Peak states: a run has *peaked* when its maximum is followed by a sustained decline "
        "before {end}; a *plateau* has a peak period without such a decline; *not peaked* runs "
        "are still rising. The median peak year is the first year by which half the runs have "
        "peaked. The representative run of the sector figures has the median cumulative CO₂.",
        "达峰状态：最高值之后在{end}年前持续下降的为“已达峰”；有峰值平台但未持续下降的为“平台期”；"
        "仍在上升的为“未达峰”。达峰年份中位数为半数模拟已达峰的最早年份。分部门图的代表性模拟为"
        "累计排放居中的模拟。",
    ),
    "method_code": (
        "Code version {code}; the runs, their inputs and seeds are in each experiment's "
        "`runs.parquet` and `manifest.json`. Reproduce with `{command}`.",
        "代码版本{code}；各次模拟的输入与种子见各实验目录的 `runs.parquet` 与 `manifest.json`。"
        "重现命令：`{command}`。",
    ),
    "files": ("Tables", "数据表"),
    "files_text": (
        "Per scenario `scenarios/<name>/analysis/` (peak_states.csv, peak_probability.csv, "
        "peak_year_distribution.csv, summary.json, emission_bands.csv, kpi_bands.csv, "
        "scorecard.csv, sector_co2.csv, reconciliation.csv, prim_box.csv); "
        "`scenario_costs.csv`, `wedges.csv`, `wedges_by_year.csv`, `sector_wedges.csv`, "
        "`levers/levers.csv`, `validation/validation.csv`.",
        "各情景 `scenarios/<name>/analysis/`（peak_states.csv、peak_probability.csv、"
        "peak_year_distribution.csv、summary.json、emission_bands.csv、kpi_bands.csv、"
        "scorecard.csv、sector_co2.csv、reconciliation.csv、prim_box.csv）；"
        "`scenario_costs.csv`、`wedges.csv`、`wedges_by_year.csv`、`sector_wedges.csv`、"
        "`levers/levers.csv`、`validation/validation.csv`。",
    ),
}


#: ``visualization.figures.directory.WRITTEN_BY`` in Chinese (commands stay as they are).
MADE_BY_ZH: dict[str, str] = {
    "a sweep of exactly two levers": "恰好两项政策杠杆的扫描实验（carbonpeak sweep）",
    "a sweep with a baseline point": "含基准点的扫描实验（carbonpeak sweep）",
    "a Monte Carlo whose uncertainties vary, with runs that miss and meet 2030": (
        "不确定因素变化、且有模拟达峰与未达峰的蒙特卡洛实验"
    ),
    "a Monte Carlo experiment's analyses": "蒙特卡洛实验的分析结果",
}


def word(key: str, lang: Lang, **values: Any) -> str:
    """The text ``key`` in ``lang``, with ``values`` filled in."""
    en, zh = WORDS[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**values) if values else chosen


def finite(value: Any) -> bool:
    """Whether ``value`` is a number that is not NaN or infinite."""
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def pct(p: Any, digits: int = 1) -> str:
    """A probability in percent (``33.3%``); a dash when unknown."""
    return f"{100 * float(p):.{digits}f}%" if finite(p) else "–"


def interval(low: Any, high: Any, digits: int = 1) -> str:
    """A probability interval, ``[10.0–70.0%]``."""
    if not (finite(low) and finite(high)):
        return ""
    return f"[{100 * float(low):.{digits}f}–{100 * float(high):.{digits}f}%]"


def money(value_myuan: Any, lang: Lang) -> str:
    """Money in million yuan as read: ``40.3 billion yuan`` or ``403 亿元``."""
    if not finite(value_myuan):
        return "–"
    value = float(value_myuan)
    if lang == "zh":
        shown = f"{value / 100:,.1f} 亿元" if abs(value) < 1e5 else f"{value / 100:,.0f} 亿元"
    elif abs(value) >= 1000:
        shown = f"{value / 1000:,.1f} billion yuan"
    else:
        shown = f"{value:,.0f} million yuan"
    return _unsigned_zero(shown)


def _unsigned_zero(shown: str) -> str:
    """``-0.0 Mt`` (a small negative rounded away) as ``0.0 Mt``."""
    number_part = shown.split(" ", 1)[0]
    return shown[1:] if number_part.startswith("-") and not number_part.strip("-0.,") else shown


def mass(value_mt: Any, lang: Lang) -> str:
    """CO2 in Mt as read: ``31.6 Mt`` or ``3,165 万吨``."""
    if not finite(value_mt):
        return "–"
    value = float(value_mt)
    shown = f"{value * 100:,.0f} 万吨" if lang == "zh" else f"{value:,.1f} Mt"
    return _unsigned_zero(shown)


def per_tonne(yuan: Any, lang: Lang) -> str:
    """A price per tonne of CO2: ``662 yuan/t`` or ``662 元/吨``."""
    if not finite(yuan):
        return "–"
    return f"{float(yuan):,.0f} 元/吨" if lang == "zh" else f"{float(yuan):,.0f} yuan/t"


def kpi_value(kpi: str, value: Any, lang: Lang) -> str:
    """An indicator value in its displayed unit (shares in %, 万吨 in Chinese)."""
    if not finite(value):
        return "–"
    _, factor, unit = kpi_display(kpi, lang)
    shown = number(factor * float(value))
    return f"{shown}{unit}" if unit.startswith("%") else f"{shown} {unit}".strip()


def span(low: str, high: str) -> str:
    """Two formatted values as a range with the unit once: ``17.7 – 21.0 billion yuan``."""
    n_low, _, u_low = low.partition(" ")
    n_high, _, u_high = high.partition(" ")
    if u_low == u_high:
        return f"{n_low} – {n_high} {u_low}".strip()
    return f"{low} – {high}"


def with_interval(mean: Any, low: Any, high: Any, fmt: Any) -> str:
    """``mean [low – high]``; the mean alone when the interval is unknown or has no width."""
    if not finite(mean):
        return "–"
    shown = fmt(mean)
    if not (finite(low) and finite(high)) or fmt(low) == fmt(high) == shown:
        return shown
    return f"{shown} [{span(fmt(low), fmt(high))}]"


def cell(text: Any) -> str:
    """Text safe inside a Markdown table cell (pipes escaped, one line)."""
    return " ".join(str(text).split()).replace("|", "\\|")
