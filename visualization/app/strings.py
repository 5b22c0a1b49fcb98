"""The web app's own words in English and Chinese, and number formats for its pages.

Shared names (indicators, sectors, peak states, scenarios, units) come from
`visualization.i18n`; parameter labels and help from the registry. This module holds the app's
interface text and the few names the shared module lacks (uncertainty groups, lever-only units).
"""

from __future__ import annotations

import math

from parameters import Parameter
from visualization.i18n import UNITS_ZH, Lang, convert, format_myuan

#: Interface text: key -> (English, Chinese). Placeholders use str.format names.
TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Baicheng carbon-peak policy simulator", "白城市碳达峰政策模拟"),
    "app_subtitle": (
        "Agent-based model of Baicheng's low-carbon transition, 2020-2060",
        "白城市低碳转型多主体模型（2020—2060年）",
    ),
    "language": ("中文", "English"),  # the button names the other language
    "nav_policy": ("Policy simulator", "政策模拟"),
    "nav_mesa": ("Model view (researchers)", "模型视图（研究用）"),
    # controls
    "preset": ("Starting scenario", "基础情景"),
    "preset_help": (
        "Choosing a scenario replaces all settings with its values.",
        "选择情景会用该情景的数值替换全部设置。",
    ),
    "reset": ("Reset to scenario", "恢复情景设置"),
    "reset_lever": ("Back to scenario value", "恢复情景值"),
    "changed_count": ("{n} setting(s) changed", "已修改 {n} 项设置"),
    "no_changes": ("No changes: the scenario as published", "未修改：按情景原值"),
    "uploaded_base": ("Uploaded: {name}", "已上传：{name}"),
    "levers": ("Policy levers", "政策措施"),
    "assumptions": ("Assumptions (uncertain world)", "外部假设（不确定因素）"),
    "assumptions_help": (
        "Not controlled by the city. The probability estimate varies them over their ranges.",
        "不受城市控制。概率估算会在其取值范围内抽样。",
    ),
    "range": ("range {low} to {high}", "范围 {low} 至 {high}"),
    "default": ("model default {value}", "模型默认值 {value}"),
    "scenario_value": ("Scenario: {value}", "情景值：{value}"),
    "changed": ("changed", "已修改"),
    "from_year": ("From year", "起始年份"),
    "to_year": ("Reach it in", "达到年份"),
    "mode_step": ("From a year on", "自某年起"),
    "mode_ramp": ("Gradually", "逐年过渡"),
    "setting_step": ("{value} from {start}", "自{start}年起 {value}"),
    "setting_ramp": (
        "gradually to {value} by {end}, from {start}",
        "自{start}年起逐年过渡，{end}年达到 {value}",
    ),
    "setting_schedule": ("schedule from file or link", "来自文件或链接的时间表"),
    "no_schedule": ("one value for all years", "所有年份取同一值"),
    # results
    "tab_results": ("Results", "模拟结果"),
    "tab_certainty": ("How sure?", "可信程度"),
    "tab_compare": ("Compare", "情景比较"),
    "tab_share": ("Save and share", "保存与分享"),
    "tab_about": ("About the model", "关于模型"),
    "computing": ("Computing…", "计算中…"),
    "updated": ("Updated in {s:.2f} s", "用时 {s:.2f} 秒"),
    "from_earlier": ("Computed earlier for this same setting.", "此前已计算过相同设置。"),
    "scale_note": (
        "Single run, seed {seed}, {pct} of households and farms simulated (totals scaled up),"
        " consumption-based CO2.",
        "单次模拟，随机种子 {seed}，模拟 {pct} 的住户和农户（总量按比例放大），按消费端核算二氧化碳。",
    ),
    "peak_state": ("Peak status", "达峰状态"),
    "peak_year": ("Peak year", "峰值年份"),
    "plateau_start": ("Plateau from", "平台期始于"),
    "note_peaked": ("falling for good from {year}", "{year}年起持续下降"),
    "note_plateau": (
        "near its peak since {year}, no lasting fall by 2060",
        "{year}年起处于峰值平台期，2060年前未持续下降",
    ),
    "note_not_peaked": ("still rising near 2060", "临近2060年仍在上升"),
    "by_year_peaked": ("✓ peaked by {year}", "✓ {year}年前已达峰"),
    "by_year_plateau": ("plateau by {year}, not yet falling", "{year}年前进入平台期，尚未下降"),
    "by_year_no": ("✗ not peaked by {year}", "✗ {year}年前未达峰"),
    "peak_level": ("Peak emissions", "峰值排放"),
    "emissions_2030": ("Emissions in 2030", "2030年排放"),
    "fiscal_total": ("Fiscal cost 2020-2060", "2020—2060年财政支出"),
    "cost_per_tonne": ("Cost per tonne avoided", "每吨减排成本"),
    "cost_per_tonne_help": (
        "Extra fiscal cost over business as usual divided by the CO2 avoided against it"
        " (same random draws), 2020-2060.",
        "相对基准情景多支出的财政资金除以相对基准情景减少的二氧化碳（相同随机数），2020—2060年。",
    ),
    "nothing_avoided": ("no CO2 avoided vs BAU", "未比基准情景减排"),
    "co2_avoided": ("CO2 avoided vs BAU 2020-2060: {value}", "2020—2060年相对基准减排：{value}"),
    "none_year": ("none by 2060", "2060年前未达峰"),
    "trajectory": ("CO2 emissions by sector", "分部门二氧化碳排放"),
    "this_setting": ("This setting", "当前设置"),
    "bau_line": ("Business as usual", "基准情景"),
    "plan_line": ("Carbon-peak plan", "达峰方案情景"),
    "peak_marker": ("Peak", "峰值"),
    "plateau_marker": ("Plateau from", "平台期始于"),
    "year": ("Year", "年份"),
    "co2_axis_en": ("CO2 (Mt)", "CO2 (Mt)"),
    "co2_axis_zh": ("CO2 (Mt)", "二氧化碳（万吨）"),
    "scorecard": ("Plan targets (scorecard)", "方案目标完成情况"),
    "indicator": ("Indicator", "指标"),
    "target_year": ("Year", "年份"),
    "target": ("Target", "目标"),
    "model_value": ("Model", "模拟值"),
    "met": ("Met?", "是否达标"),
    "met_yes": ("met", "达标"),
    "met_no": ("missed", "未达标"),
    "met_summary": ("{met} of {n} targets met", "{n} 项目标中达标 {met} 项"),
    "fiscal_by_lever": ("Fiscal cost by lever, 2020-2060", "各项措施财政支出（2020—2060年）"),
    "lever": ("Lever", "措施"),
    "cost": ("Cost", "支出"),
    "no_cost": ("No lever has a fiscal cost in this setting.", "当前设置下各项措施均无财政支出。"),
    "detail": ("Energy, straw and new industry", "能源、秸秆与新兴产业"),
    "view_electricity": ("Electricity", "电力"),
    "view_straw": ("Straw", "秸秆"),
    "view_new_industry": ("New industry", "新兴产业"),
    "detail_electricity": (
        "Electricity generated in Baicheng and where it goes",
        "白城发电量及去向",
    ),
    "detail_straw": ("Where the straw goes", "秸秆去向"),
    "detail_new_industry": (
        "Hydrogen, ammonia and new industry's power",
        "制氢、绿氨及新兴产业用电",
    ),
    "gen_coal": ("Coal power", "煤电"),
    "gen_wind_solar": ("Wind and solar", "风电光伏"),
    "gen_biomass": ("Biomass power", "生物质发电"),
    "gen_rooftop": ("Rooftop solar", "屋顶光伏"),
    "used_in_city": ("Used in the city", "本地用电"),
    "exported": ("Sent out (鲁固 line and grid)", "外送（鲁固直流及电网）"),
    "straw_returned": ("Returned to fields", "还田"),
    "straw_feed": ("Feed", "饲料化"),
    "straw_materials": ("Materials", "原料化"),
    "straw_power": ("Power plants", "发电"),
    "straw_pellets": ("Pellets", "成型燃料"),
    "straw_other": ("Other off-field use", "其他离田利用"),
    "straw_household_fuel": ("Household stoves", "农户炊事取暖"),
    "straw_burned": ("Burned in the open", "露天焚烧"),
    "hydrogen_output": ("Hydrogen output", "氢气产量"),
    "ammonia_output": ("Green ammonia output", "绿氨产量"),
    "new_industry_power": ("New industry's electricity", "新兴产业用电量"),
    "direct_green": ("of it direct green supply", "其中绿电直供"),
    "detail_help": (
        "From this setting's run: power generation by source against the electricity used in"
        " the city; the straw of every harvest by use (burning is the part the plan wants to"
        " end); the new industry's output and electricity.",
        "来自当前设置的模拟：各类电源发电量与本地用电量；每年秸秆产量的各类去向（露天焚烧为方案要求消除的部分）；"
        "新兴产业的产量和用电量。",
    ),
    "error_run": ("The model could not run this setting: {msg}", "模型无法运行该设置：{msg}"),
    # certainty
    "estimate": ("Estimate probability", "估算达峰概率"),
    "estimate_help": (
        "Runs the model {runs} times, each with other assumptions drawn from their ranges (Latin"
        " hypercube), with {pct} of households and farms simulated (live results use {live})."
        " It runs in the background; the page stays usable.",
        "在后台运行模型 {runs} 次，每次从外部假设的取值范围中抽样（拉丁超立方），模拟 {pct} 的住户和农户"
        "（实时结果为 {live}）。运行期间页面可继续使用。",
    ),
    "runs": ("Runs", "运行次数"),
    "cancel": ("Cancel", "取消"),
    "cancelled": ("Cancelled. Nothing was kept.", "已取消，未保留结果。"),
    "progress": ("{done} of {total} runs", "已完成 {done}/{total} 次"),
    "from_cache": (
        "Result from an earlier estimate of this same setting.",
        "结果来自此前对相同设置的估算。",
    ),
    "ens_stale": (
        "Settings have changed since this estimate; estimate again to update.",
        "估算后设置已修改，请重新估算。",
    ),
    "p_peak": ("Probability of peaking by 2030", "2030年前达峰的概率"),
    "p_plateau": ("Plateau or peak by 2030", "2030年前进入平台期或达峰的概率"),
    "p_interval": ("95% interval {low} to {high}", "95%置信区间 {low} 至 {high}"),
    "median_peak_year": ("Median peak year", "峰值年份中位数"),
    "median_peak_none": ("after 2060", "2060年后"),
    "median_peak_note": (
        "half the runs have peaked by then",
        "半数模拟在该年前已达峰",
    ),
    "p_note": (
        "{n} runs at {pct} scale, {seconds:.0f} s. Intervals: Wilson score for {n} runs.",
        "{n} 次模拟，规模 {pct}，用时 {seconds:.0f} 秒。区间为 {n} 次模拟的 Wilson 区间。",
    ),
    "state_distribution": (
        "Peak status across runs (95% interval)",
        "各次模拟的达峰状态（95%区间）",
    ),
    "peak_year_distribution": ("Peak year across runs", "各次模拟的峰值年份"),
    "p_by_year": ("Probability by year", "各年份前达峰的概率"),
    "p_peaked_line": ("Peaked by the year", "该年前已达峰"),
    "p_plateau_line": ("Plateau or peaked by the year", "该年前进入平台期或达峰"),
    "ens_none_ok": ("No run finished, so there is no estimate.", "没有模拟成功完成，无法估算。"),
    "share_of_runs": ("Share of runs", "模拟次数占比"),
    "fan_chart": ("Emissions range across runs", "各次模拟的排放范围"),
    "median": ("Median", "中位数"),
    "band_50": ("50% of runs", "50%模拟"),
    "band_90": ("90% of runs", "90%模拟"),
    "ens_failed": ("{n} run(s) failed and are left out.", "{n} 次模拟失败，未计入。"),
    "ens_error": ("The estimate stopped: {msg}", "估算中止：{msg}"),
    # compare
    "pin": ("Pin this setting", "保存为对比方案"),
    "pin_name": ("Name", "名称"),
    "pin_default_name": ("Setting {n}", "方案{n}"),
    "pinned": ("Pinned settings (up to {n})", "已保存的对比方案（最多 {n} 个）"),
    "pin_full": ("Three settings are pinned; remove one first.", "已保存三个方案，请先删除一个。"),
    "pin_none": (
        "Pin up to three settings to compare them side by side.",
        "最多可保存三个方案并排比较。",
    ),
    "remove": ("Remove", "删除"),
    "load": ("Load", "载入"),
    "compare_trajectories": ("Total CO2 of pinned settings", "各方案二氧化碳排放总量"),
    "measure": ("Measure", "项目"),
    "targets_met": ("Targets met", "达标目标数"),
    "by_year_row": ("This run by 2030", "本次模拟至2030年"),
    "not_estimated": ("not estimated yet (How sure? tab)", "尚未估算（见“可信程度”）"),
    # share
    "download_toml": ("Scenario file (TOML)", "情景文件（TOML）"),
    "download_csv": ("Results table (CSV)", "结果表（CSV）"),
    "download_png_trajectory": ("Emissions chart (PNG)", "排放图（PNG）"),
    "download_png_cost": ("Cost chart (PNG)", "支出图（PNG）"),
    "download_png_detail": ("This chart (PNG)", "本图（PNG）"),
    "download_png_fan": ("Emissions range chart (PNG)", "排放范围图（PNG）"),
    "download_png_by_year": ("Probability chart (PNG)", "概率图（PNG）"),
    "downloads": ("Download", "下载"),
    "toml_note": (
        "The scenario file loads with: carbonpeak run --scenario FILE",
        "情景文件可用命令加载：carbonpeak run --scenario 文件名",
    ),
    "png_note": (
        "Each chart has its own PNG button below it.",
        "各图表下方均有“PNG”按钮可下载图片。",
    ),
    "upload": ("Open a scenario file (TOML)", "打开情景文件（TOML）"),
    "upload_button": ("Choose file…", "选择文件…"),
    "upload_ok": ("Loaded scenario '{name}' ({n} values).", "已载入情景“{name}”（{n} 项数值）。"),
    "upload_bad": ("File not loaded, nothing changed: {msg}", "文件未载入，设置未改变：{msg}"),
    "link": ("Link to this setting", "当前设置的链接"),
    "link_help": (
        "Anyone opening this link on this server sees the same setting.",
        "在本服务器上打开此链接可看到相同的设置。",
    ),
    "copy": ("Copy", "复制"),
    "copied": ("Copied", "已复制"),
    "link_problems": (
        "Some parts of the link were not applied: {msg}",
        "链接中部分设置未能应用：{msg}",
    ),
    "exported_desc": (
        "Exported from the carbonpeak web app: {base} with {n} change(s).",
        "由碳达峰网页应用导出：{base}，修改 {n} 项。",
    ),
    # about
    "about_text": (
        "Each household and farm of a sample decides each year on cars, heating, rooftop solar"
        " and straw; firms, bus and taxi fleets decide on retrofits and vehicles; hydrogen,"
        " green-ammonia and green-power-park projects run as firms of the new industry. Emissions"
        " are gross CO2, consumption-based (electricity used in the city times the grid factor)."
        " Straw-burning CH4/N2O and carbon sinks are not in the totals.",
        "模型中每户居民和农户每年就购车、取暖、屋顶光伏和秸秆处理作出决策；企业、公交和出租车队决定节能改造和车辆采购；"
        "制氢、绿氨和绿电产业园区项目作为新兴产业企业运行。排放为二氧化碳总排放，按消费端核算（本地用电量乘以电网排放因子），"
        "不含秸秆焚烧的甲烷和氧化亚氮及碳汇。",
    ),
    "about_states": (
        "Peak status of a run. The peak period is the years within {tol} of the highest"
        " emissions, and the peak year its first year. Peaked: after the peak period emissions"
        " fall at least {decline} below the peak and never return. Plateau: a peak period, but"
        " no such fall by 2060. Not peaked: emissions still rising, the peak period starts only"
        " in the last {years} years before 2060. 'Peaked by 2030' needs a peak year no later"
        " than 2030 and the lasting fall; 'plateau or peaked by 2030' only the peak year.",
        "单次模拟的达峰状态：排放与最高值相差不超过{tol}的年份为峰值期，其第一年为峰值年份。"
        "已达峰：峰值期后排放比峰值低至少{decline}，且不再回升。平台期：已有峰值期，但2060年前未出现上述下降。"
        "未达峰：排放仍在上升，峰值期只在2060年前最后{years}年内才开始。"
        "“2030年前达峰”要求峰值年份不晚于2030年且其后持续下降；“2030年前进入平台期或达峰”只要求峰值年份不晚于2030年。",
    ),
    "not_modelled": ("Plan indicators not modelled", "未纳入模型的方案指标"),
    "mesa_intro": (
        "Mesa's own SolaraViz of the CityModel, for researchers: step, play and reset, and"
        " adoption by county. Its model belongs to this browser tab only.",
        "Mesa 自带的 SolaraViz 模型视图，供研究人员使用：单步、连续运行和重置，并显示各县区技术采用率。模型仅属于当前浏览器页面。",
    ),
    "adoption_by_county": ("Adoption by county", "各县（市、区）技术采用率"),
    "mesa_title": ("CityModel (Mesa)", "CityModel（Mesa 模型）"),
    "mesa_co2": ("CO2 emissions of the city", "全市二氧化碳排放"),
    "mesa_scenario": ("Scenario", "情景"),
    "mesa_seed": ("Random seed", "随机种子"),
    "ev_share": ("Electric share of private cars", "私家车电动化占比"),
    "clean_heat_share": ("Clean heating share of households", "清洁取暖户占比"),
    "invalid": ("Not applied: {msg}", "未应用：{msg}"),
}

#: Uncertainty groups (the registry's ``group`` of uncertainties) -> (English, Chinese).
ASSUMPTION_GROUPS: dict[str, tuple[str, str]] = {
    "economy": ("Economy and population", "经济与人口"),
    "energy prices": ("Energy prices", "能源价格"),
    "power": ("Power grid", "电网"),
    "transport": ("Transport", "交通"),
    "heating": ("Heating", "供暖"),
    "industry": ("Industry", "工业"),
    "agriculture": ("Agriculture", "农业"),
    "behaviour": ("Behaviour", "行为"),
    "fuels": ("Fuels", "燃料"),
    "new industry": ("New industry", "新兴产业"),
}

#: Chinese names of the plan indicators the model does not represent
#: (`simulation.kpis.NOT_MODELLED`, which is English only; tell the lead when this grows).
NOT_MODELLED_ZH: dict[str, str] = {
    "new-type energy storage >= 0.1 GW (2025)": "新型储能装机不低于10万千瓦（2025年）",
    "peak-load demand response 5% (2030)": "尖峰负荷需求响应能力5%（2030年）",
    "prefabricated buildings 30%/40% of new floor area": "装配式建筑占新建建筑面积30%/40%",
    "new urban buildings 100% green standard": "城镇新建建筑100%执行绿色建筑标准",
    "operating-vehicle CO2 per converted turnover -4.5%": "营运车辆单位换算周转量碳排放下降4.5%",
    "green travel share >= 60%": "绿色出行比例不低于60%",
    "charging/swap stations built: 6": "建成充换电站6座",
    "airport ground vehicles electrified": "机场场内车辆电动化",
    "household waste resource utilisation 60%/65%": "生活垃圾资源化利用率60%/65%",
    "forest coverage 9.6% / stock 13.059 million m3": "森林覆盖率9.6%、蓄积量1305.9万立方米",
    "grassland vegetation coverage 70%/72%": "草原综合植被盖度70%/72%",
    "high-standard farmland 6 million mu": "高标准农田600万亩",
    "circular retrofit of all provincial-level and higher key industrial parks (2030)": (
        "省级以上重点产业园区全部完成循环化改造（2030年）"
    ),
    "cropland quality one grade above the early 13th-plan level (2030)": (
        "耕地质量比“十三五”初期提升1个等级（2030年）"
    ),
}

#: Units shown as a percentage of 1.
PERCENT_UNITS = frozenset(
    {"share", "share of capex", "share by volume", "probability", "1/yr", "1/yr per yr", "share/yr"}
)

#: Units the shared ``UNITS_ZH`` lacks (tell the lead when this grows).
_EXTRA_UNITS_ZH: dict[str, str] = {}

#: Parameter units shown in Chinese in the Chinese magnitude: unit -> (Chinese unit, factor).
ZH_PARAM_MAGNITUDES: dict[str, tuple[str, float]] = {
    "Mt/yr": ("万吨/年", 100.0),
    "kt/yr": ("万吨/年", 0.1),
    "TWh/yr": ("亿千瓦时/年", 10.0),
}
#: A year lever beyond the model's horizon means "never" (the registry's 2100 = not done).
LAST_MODEL_YEAR = 2060


def t(key: str, lang: Lang, **values: object) -> str:
    """The interface text ``key`` in ``lang``, with ``values`` filled in."""
    en, zh = TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The English or Chinese entry of a pair."""
    return pair[1] if lang == "zh" else pair[0]


def label(p: Parameter, lang: Lang) -> str:
    """A parameter's label in ``lang``."""
    return p.label_zh if lang == "zh" else p.label


def help_text(p: Parameter, lang: Lang) -> str:
    """A parameter's help text in ``lang``."""
    return p.help_zh if lang == "zh" else p.help


def unit_text(unit_en: str, lang: Lang) -> str:
    """A registry unit in ``lang`` (the English unit if no translation is known)."""
    if lang == "en":
        return unit_en
    return UNITS_ZH.get(unit_en) or _EXTRA_UNITS_ZH.get(unit_en) or unit_en


def _number(x: float, lang: Lang) -> str:
    if x != 0 and abs(x) < 1:
        return f"{x:,.3g}"
    if float(x).is_integer() or abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def format_param(p: Parameter, value: float, lang: Lang) -> str:
    """A parameter value with its unit, as people read it (percent for shares)."""
    if p.unit in PERCENT_UNITS:
        return f"{value * 100:.{0 if abs(value) >= 0.1 or value == 0 else 1}f}%"
    if p.unit == "year":
        year = int(value)
        if year > LAST_MODEL_YEAR:
            return f"{year}年（不实施）" if lang == "zh" else f"{year} (never)"
        return f"{year}年" if lang == "zh" else str(year)
    if lang == "zh" and p.unit in ZH_PARAM_MAGNITUDES:  # 万吨 and 亿千瓦时, as i18n.convert
        unit, factor = ZH_PARAM_MAGNITUDES[p.unit]
        return f"{_number(value * factor, lang)} {unit}"
    return f"{_number(value, lang)} {unit_text(p.unit, lang)}"


def format_schedule(p: Parameter, value: float | dict[int, float], lang: Lang) -> str:
    """A number or ``{year: value}`` schedule as a short line."""
    if not isinstance(value, dict):
        return format_param(p, value, lang)
    sep = "；" if lang == "zh" else "; "
    year = "{}年 " if lang == "zh" else "{}: "
    items = list(value.items())
    if len(items) > 6:  # a ramp: first, second, ..., last
        items = [*items[:2], None, *items[-2:]]
    return sep.join(
        "…" if item is None else year.format(item[0]) + format_param(p, item[1], lang)
        for item in items
    )


def not_modelled(items: tuple[str, ...], lang: Lang) -> str:
    """The plan indicators the model leaves out, as one line."""
    if lang == "en":
        return "; ".join(items)
    return "；".join(NOT_MODELLED_ZH.get(item, item) for item in items)


def format_money(value_myuan: float, lang: Lang) -> str:
    """Money in million yuan: 亿元 in Chinese, billion yuan in English from 1,000 million."""
    if lang == "en" and abs(value_myuan) >= 1000:
        return f"{value_myuan / 1000:,.1f} billion yuan"
    return format_myuan(value_myuan, lang)


def format_share(x: float) -> str:
    """A share of 1 as a percentage."""
    return "–" if x is None or not math.isfinite(x) else f"{x * 100:.0f}%"


def format_kpi(kpi: str, value: float | None, unit_en: str, lang: Lang) -> str:
    """A KPI value with its unit (万吨 in Chinese where the unit is Mt)."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit_en in ("share",):
        return f"{value * 100:.1f}%"
    if unit_en == "change":
        return f"{value * 100:+.1f}%"
    shown, unit = convert(value, unit_en, lang)
    return f"{shown:,.1f} {unit}"


def format_cost_per_tonne(yuan_per_t: float | None, lang: Lang) -> str:
    """Cost per tonne of CO2 avoided."""
    if yuan_per_t is None:
        return t("nothing_avoided", lang)
    return f"{yuan_per_t:,.0f} 元/吨CO2" if lang == "zh" else f"{yuan_per_t:,.0f} yuan/tCO2"


__all__ = [
    "ASSUMPTION_GROUPS",
    "TEXT",
    "format_cost_per_tonne",
    "format_kpi",
    "format_money",
    "format_param",
    "format_schedule",
    "format_share",
    "help_text",
    "label",
    "not_modelled",
    "pick",
    "t",
    "unit_text",
]
