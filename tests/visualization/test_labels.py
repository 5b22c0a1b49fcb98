"""The figures' words and number conventions in both languages."""

from __future__ import annotations

import pytest

from visualization.figures import labels, style
from visualization.figures.targets import target_label


def test_every_text_has_both_languages_and_chinese_is_chinese():
    for key, (en, zh) in labels.TEXT.items():
        assert en and zh, key
        assert en.count("{") == zh.count("{"), f"{key}: both languages take the same fields"


@pytest.mark.parametrize(
    ("kpi", "lang", "factor", "unit"),
    [
        ("coal_consumption_mt", "zh", 100.0, "万吨"),
        ("coal_consumption_mt", "en", 1.0, "Mt"),
        ("conservation_tillage_million_mu", "zh", 100.0, "万亩"),
        ("nev_bus_share", "zh", 100.0, "%"),
        ("co2_intensity_vs_2005", "en", 100.0, "%"),
        ("hydrogen_output_kt", "zh", 0.1, "万吨"),
        ("rooftop_pv_gw", "zh", 1.0, "吉瓦"),
    ],
)
def test_indicator_units(kpi, lang, factor, unit):
    _, got_factor, got_unit = labels.kpi_display(kpi, lang)
    assert (got_factor, got_unit) == (pytest.approx(factor), unit)


def test_targets_are_written_in_the_figure_units():
    assert target_label("coal_consumption_mt", "<=", 7.9056, "zh") == "≤ 791 万吨"
    assert target_label("coal_consumption_mt", "<=", 7.9056, "en") == "≤ 7.91 Mt"
    assert target_label("nev_bus_share", ">=", 0.72, "en") == "≥ 72%"
    assert target_label("co2_intensity_vs_2005", "<=", -0.65, "zh") == "≤ -65%"


def test_source_line_names_scenarios_runs_scale_convention_and_version():
    meta = {"scenario": ["plan", "bau"], "runs": {"plan": 50, "bau": 50}, "scale": 0.05,
            "convention": "consumption", "code_version": "1a775d7"}  # fmt: skip
    assert labels.source_line(meta, "en") == (
        "Source: Scenarios: Business as usual, Carbon-peak plan · 50 runs each · agent scale 0.05"
        " · consumption-based CO₂ (electricity used × grid factor) · carbonpeak 1a775d7"
    )
    zh = labels.source_line({"scenario": "plan", "runs": 8}, "zh")
    assert zh == "来源：情景：达峰方案情景 · 8次模拟"
    assert labels.source_line({}, "en") is None


def test_long_source_lines_wrap_to_the_figure_width():
    meta = {"scenario": ["bau", "current", "plan", "enhanced", "my_own_scenario"],
            "runs": {"bau": 1, "plan": 2}, "scale": 0.02, "convention": "production",
            "code_version": "v1.2.3-45-gabcdef0-dirty"}  # fmt: skip
    with style.theme("en"):
        fig, _ = style.frame(8.0, "title", meta, "en")
        lines = style.wrap_parts(fig, labels.source_parts(meta, "en"), style.SMALL_PT)
        widths = [style._text_width_px(fig, line, style.SMALL_PT) for line in lines]
    assert len(lines) >= 2 and max(widths) <= fig.get_figwidth() * fig.dpi


def test_numbers_read_naturally():
    assert [labels.number(v) for v in (1234.5, 12.34, 1.5, 2.0, 0.0375)] == [
        "1,234", "12.3", "1.5", "2", "0.0375"
    ]  # fmt: skip
    assert labels.percent(0.625) == "62%" and labels.percent(float("nan")) == "–"


def test_scenarios_keep_their_order_and_colours():
    assert style.scenario_order(["plan", "mine", "bau", "enhanced"]) == [
        "bau",
        "plan",
        "enhanced",
        "mine",
    ]
    colours = style.scenario_colours(["plan", "mine", "other"])
    assert colours["plan"] == style.SCENARIO_COLOURS["plan"]
    assert len(set(colours.values())) == 3, "user scenarios get distinct colours"


def test_the_theme_leaves_global_settings_alone():
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    with style.theme("zh"):
        assert mpl.rcParams["font.family"][0] == "Noto Sans CJK SC"
    assert dict(mpl.rcParams) == before


@pytest.mark.parametrize(
    ("name", "low", "high", "lang", "expected"),
    [
        ("coal_consumption_cap_mt", 1, 20, "zh", "100–2,000 万吨/年"),
        ("coal_consumption_cap_mt", 1, 20, "en", "1–20 Mt/yr"),
        ("bus_nev_procurement_share", 0, 1, "en", "0–100%"),
        ("coal_stove_ban_year", 2020, 2100, "zh", "2020–2100"),
        ("population_growth_rate", -0.03, 0.005, "en", "-3 – 0.5%"),
        ("heating_degree_days_factor", 0.85, 1.1, "zh", "0.85–1.1"),
        ("hydrogen_capacity_goal_kt", 0, 1500, "zh", "0–150 万吨/年"),
    ],
)
def test_parameter_ranges_read_in_the_shown_units(name, low, high, lang, expected):
    assert labels.param_range(name, low, high, lang) == expected


def test_parameter_values_read_in_the_shown_units():
    assert labels.param_value("carbon_price_yuan_per_t", 200, "zh") == "200 元/吨CO2"
    assert labels.param_value("industry_retrofit_subsidy_share", 0.55, "en") == "55%"
    assert labels.param_value("green_ammonia_start_year", 2026.0, "en") == "2026"


def test_validation_checks_are_named_in_chinese_with_their_year():
    assert labels.check_label("coal consumption, 2020", "zh") == "煤炭消费量（2020年）"
    gdp = labels.check_label("GDP, 2024 (2020 prices)", "zh")
    assert gdp == "地区生产总值（2024年）（2020年价格）"
    assert labels.check_label("coal consumption, 2020", "en") == "Coal consumption, 2020"
    assert labels.check_label("a check not known, 2020", "zh") == "a check not known, 2020"


def test_chinese_labels_wrap_between_characters_but_not_inside_numbers():
    lines = labels.wrap("秸秆作为生活燃料的比例（2020年）", 12).split("\n")
    assert lines == ["秸秆作为生活燃料的比例", "（2020年）"]
    assert labels.wrap("Share of new industry's power", 12) == "Share of new\nindustry's\npower"
    wrapped = labels.wrap("非化石能源消费占比较2005年下降", 8).split("\n")
    assert all(len(line) <= 8 for line in wrapped) and "2005" in "".join(wrapped)
