"""Live results, charts, texts and the ensemble of the web app (no browser)."""

from __future__ import annotations

import re
import threading

import pytest

from experiments import ExperimentCancelled
from parameters import REGISTRY
from visualization.app import charts, ensemble_charts
from visualization.app.compute import BoundedCache, live_result
from visualization.app.controls import is_slider_noise, slider_step
from visualization.app.ensemble import estimate, largest_cached
from visualization.app.results import by_year_answer, headline
from visualization.app.settings import LeverSetting, Settings
from visualization.app.strings import TEXT, format_param, help_text, label, t, unit_text
from visualization.i18n import STATE_LABELS

SCALE = 0.01


@pytest.fixture(scope="module")
def plan_result():
    return live_result(Settings(base="plan"), scale=SCALE, seed=1)


def test_cost_per_tonne_is_extra_cost_over_co2_avoided_against_bau(plan_result):
    bau, run = plan_result.bau.summary, plan_result.run.summary
    assert plan_result.avoided_mt == pytest.approx(
        bau["cumulative_co2_mt"] - run["cumulative_co2_mt"]
    )
    extra = run["fiscal_cost_myuan"] - bau["fiscal_cost_myuan"]
    assert plan_result.cost_per_tonne == pytest.approx(extra / plan_result.avoided_mt)
    same = live_result(Settings(base="bau"), scale=SCALE, seed=1)
    assert same.avoided_mt == 0 and same.cost_per_tonne is None, "BAU avoids nothing against itself"


def test_a_stronger_lever_changes_the_live_result(plan_result):
    capped = Settings(base="plan").with_lever(
        "coal_consumption_cap_mt", LeverSetting("step", 1, 2026)
    )
    result = live_result(capped, scale=SCALE, seed=1)
    assert result.run.summary["emissions_2030_mt"] < plan_result.run.summary["emissions_2030_mt"]


def test_the_peak_card_shows_the_runs_own_peak_state(plan_result):
    summary = plan_result.run.summary
    state, *_ = headline(plan_result, "en")[0][1:]
    assert state == STATE_LABELS[summary["peak_state"]][0]
    plateau = {**summary, "peak_state": "plateau", "plateau_start": 2027}
    card = headline(_with_summary(plan_result, plateau), "zh")[0]
    assert card[1] == "平台期" and "2027" in card[2] and card[3] == "warn"


def _with_summary(result, summary):
    run = type(result.run)(yearly=result.run.yearly, summary=summary)
    return type(result)(run, result.bau, result.plan, result.extra_cost_myuan,
                        result.avoided_mt, result.seconds)  # fmt: skip


@pytest.mark.parametrize(
    ("state", "peak_year", "tone"),
    [
        ("peaked", 2028, "good"),
        ("peaked", 2031, "bad"),
        ("plateau", 2030, "warn"),
        ("plateau", 2035, "bad"),
        ("not_peaked", None, "bad"),
    ],
)
def test_by_2030_answer_needs_the_lasting_fall_for_peaked(state, peak_year, tone):
    note, colour = by_year_answer({"peak_state": state, "peak_year": peak_year}, "en")
    assert colour == tone and "2030" in note


def test_bounded_cache_drops_the_least_recently_used():
    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)


def test_trajectory_chart_has_every_sector_and_chinese_units(plan_result):
    zh = charts.trajectory(plan_result, "zh")
    en = charts.trajectory(plan_result, "en")
    sectors = charts.sectors_of(plan_result.run.yearly)
    assert len(zh["series"]) == len(sectors) + 3, "sectors, this setting, BAU, plan"
    total_zh = next(s for s in zh["series"] if s["name"] == t("this_setting", "zh"))["data"]
    total_en = next(s for s in en["series"] if s["name"] == t("this_setting", "en"))["data"]
    assert zh["yAxis"]["name"] == "万吨" and en["yAxis"]["name"] == "Mt"
    assert total_zh[0] == pytest.approx(total_en[0] * 100, abs=1), "万吨 = 100 x Mt"


def test_cost_chart_lists_only_levers_that_cost(plan_result):
    option = charts.costs(plan_result, "zh")
    costly = {k for k, v in plan_result.run.summary["fiscal_cost_by_lever_myuan"].items() if v > 0}
    assert len(option["yAxis"]["data"]) == len(costly) and option["xAxis"]["name"] == "亿元"


def test_detail_views_draw_the_yearly_columns_in_each_languages_units(plan_result):
    yearly = plan_result.run.yearly
    for view in charts.DETAIL_VIEWS:
        zh, en = charts.detail(plan_result, view, "zh"), charts.detail(plan_result, view, "en")
        assert len(zh["series"]) == len(en["series"]) >= 4, view
    straw = charts.detail(plan_result, "straw", "en")["series"]
    stacked = sum(s["data"][0] for s in straw)
    assert stacked == pytest.approx(yearly["straw_produced_mt"].iloc[0], rel=0.01), "uses add up"
    electricity = charts.detail(plan_result, "electricity", "zh")
    coal = next(s for s in electricity["series"] if s["name"] == t("gen_coal", "zh"))["data"]
    assert electricity["yAxis"]["name"] == "亿千瓦时"
    assert coal[0] == pytest.approx(yearly["generation_coal_twh"].iloc[0] * 10, abs=0.01)


def test_new_industry_levers_read_in_chinese_magnitudes_and_never_years():
    hydrogen = REGISTRY["hydrogen_capacity_goal_kt"]
    assert format_param(hydrogen, 300, "zh") == "30 万吨/年"
    assert format_param(hydrogen, 300, "en") == "300 kt/yr"
    assert format_param(REGISTRY["green_park_load_twh"], 1.5, "zh") == "15 亿千瓦时/年"
    ammonia = REGISTRY["green_ammonia_start_year"]
    assert format_param(ammonia, 2026, "en") == "2026"
    assert "never" in format_param(ammonia, 2100, "en")
    assert "不实施" in format_param(ammonia, 2100, "zh")


def test_every_text_and_registry_label_exists_in_both_languages():
    for key, (en, zh) in TEXT.items():
        assert en.strip() and zh.strip(), key
        assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", zh)), key
    for p in REGISTRY.values():
        if p.kind in ("lever", "uncertainty"):
            assert label(p, "zh") != label(p, "en") and help_text(p, "zh"), p.name
            assert re.search(
                r"[\u4e00-\u9fff%]", format_param(p, p.default, "zh") + unit_text(p.unit, "zh")
            ), f"{p.name}: unit {p.unit!r} has no Chinese name"


def test_slider_steps_are_round_and_rounding_is_not_a_change():
    for p in REGISTRY.values():
        if p.kind != "lever":
            continue
        step = slider_step(p)
        assert 50 <= (p.high - p.low) / step <= 400 or p.dtype == "int", p.name
        assert is_slider_noise(p, p.default + step * 0.4, p.default)
        assert not is_slider_noise(p, p.default + step, p.default)


def test_ensemble_estimates_both_probabilities_and_can_be_cancelled():
    done = []
    result = estimate(
        Settings(base="plan"), 8, scale=0.005, seed=3, on_progress=lambda d, n: done.append((d, n))
    )
    assert result.runs + result.failed == 8 and done[-1] == (8, 8)
    assert result.p_peak_ci[0] <= result.p_peak <= result.p_peak_ci[1]
    assert result.p_plateau_ci[0] <= result.p_plateau <= result.p_plateau_ci[1]
    assert result.p_plateau >= result.p_peak, "a peaked run has also reached its plateau"
    assert list(result.states["state"]) == ["peaked", "plateau", "not_peaked"]
    assert result.states["n"].sum() == result.runs
    assert result.peak_years["n"].sum() == result.runs
    by_2030 = result.by_year.set_index("year").loc[2030]
    assert by_2030["p_peaked"] == pytest.approx(result.p_peak)
    assert list(result.bands["year"]) == list(range(2020, 2061))
    assert estimate(Settings(base="plan"), 8, scale=0.005, seed=3) is result, "cached per setting"
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExperimentCancelled):
        estimate(Settings(base="bau"), 8, scale=0.005, seed=3, cancel=cancel)
    assert largest_cached(Settings(base="bau"), 0.005, 3) is None, (
        "a cancelled estimate is not kept"
    )
    for lang in ("zh", "en"):
        states = ensemble_charts.states(result.states, lang)
        assert [d["value"] for d in states["series"][0]["data"]] == [
            round(share * 100, 1) for share in result.states["share"]
        ]
        years = ensemble_charts.peak_years(result.peak_years, lang)
        assert len(years["xAxis"]["data"]) == len(result.peak_years)
        curves = ensemble_charts.probability_by_year(result.by_year, lang)
        assert {s.get("name") for s in curves["series"]} >= {
            t("p_peaked_line", lang),
            t("p_plateau_line", lang),
        }


def test_mesa_view_charts_read_the_model_in_each_language():
    from simulation import CityModel
    from visualization.app.mesa_view import adoption_option, county_adoption, emissions_option

    model = CityModel(scenario="plan", scale=0.005, rng=1)
    model.run_for(2)
    history = {model.year: county_adoption(model)}
    for lang in ("en", "zh"):
        co2 = emissions_option(model, lang)
        assert co2["xAxis"]["data"] == ["2020", "2021", "2022"]
        factor = 100 if lang == "zh" else 1
        recorded = model.datacollector.get_model_vars_dataframe()["co2_mt"]
        assert co2["series"][0]["data"][-1] == pytest.approx(
            recorded.iloc[-1] * factor, abs=0.5 if lang == "zh" else 0.005
        )
        names = [s["name"] for s in adoption_option(history, "t", 0, lang)["series"]]
        assert len(names) == 5 and all(0 <= v <= 100 for s in
                                       adoption_option(history, "t", 1, lang)["series"]
                                       for v in s["data"])  # fmt: skip
        assert all(re.search(r"[\u4e00-\u9fff]", n) for n in names) == (lang == "zh")
