"""Live results, charts, texts and the ensemble of the web app (no browser)."""

from __future__ import annotations

import re
import threading

import pytest

from parameters import REGISTRY
from visualization.app import charts
from visualization.app.compute import BoundedCache, live_result, peak_state
from visualization.app.controls import is_slider_noise, slider_step
from visualization.app.ensemble import EnsembleCancelled, estimate
from visualization.app.settings import LeverSetting, Settings
from visualization.app.strings import TEXT, format_param, help_text, label, t, unit_text

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


def test_peak_state_uses_the_summary_key_when_present():
    assert peak_state({"peaked": False, "peak_state": "plateau"}) == "plateau"
    assert peak_state({"peaked": True}) == "peaked"
    assert peak_state({"peaked": False}) == "not_peaked"


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


def test_ensemble_estimates_a_probability_and_can_be_cancelled():
    done = []
    result = estimate(
        Settings(base="plan"), 8, scale=0.005, seed=3, on_progress=lambda d, n: done.append((d, n))
    )
    assert result.runs + result.failed == 8 and done[-1] == (8, 8)
    assert result.p_peak is not None and result.ci[0] <= result.p_peak <= result.ci[1]
    assert sum(result.state_shares.values()) == pytest.approx(1.0)
    assert estimate(Settings(base="plan"), 8, scale=0.005, seed=3) is result, "cached per setting"
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(EnsembleCancelled):
        estimate(Settings(base="bau"), 8, scale=0.005, seed=3, cancel=cancel)
