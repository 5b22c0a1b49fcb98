"""The web app in a real browser (issue 11.9): Debian's Chromium, a server the tests start.

Every page runs with requests to hosts other than 127.0.0.1 blocked (see conftest); a test
fails if one was asked for, so each test also shows the page works offline.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
from playwright.sync_api import expect

from parameters import load_scenario

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")
WAIT_MS = 30_000


def stat(page, index: int) -> str:
    """Text of the index-th headline card value (0 state, 1 year, 2 level, 3 2030, 4 cost)."""
    return page.locator(".cp-results .cp-stat-value").nth(index).inner_text()


def open_sector(page, sector: str) -> None:
    page.locator(f".cp-sector-{sector} .v-expansion-panel-header").click()


def wait_changed(page, index: int, before: str) -> str:
    page.wait_for_function(
        "([i, b]) => document.querySelectorAll('.cp-results .cp-stat-value')[i]?.innerText !== b",
        arg=[index, before],
        timeout=WAIT_MS,
    )
    return stat(page, index)


def move_lever(page, name: str, key: str) -> None:
    thumb = page.locator(f".cp-lever-{name} [role=slider]")
    thumb.focus()
    thumb.press(key)


def test_page_loads_offline_and_a_lever_moves_the_result(offline, app_url):
    page = offline().open(app_url)
    assert page.locator(".cp-sector").count() >= 6, "every sector of the registry has a panel"
    assert "2%" in page.locator(".cp-scale-note").inner_text(), "the UI states the scale"
    before = stat(page, 3)
    open_sector(page, "industry")
    move_lever(page, "coal_consumption_cap_mt", "Home")  # the tightest coal cap
    after = wait_changed(page, 3, before)
    assert after != before, "2030 emissions must change when the coal cap moves to its minimum"
    assert page.locator(".cp-lever-coal_consumption_cap_mt.cp-changed").count() == 1


def test_preset_applies_and_language_switches(offline, app_url):
    page = offline().open(app_url)
    before = stat(page, 2)
    page.locator(".cp-preset-select").click()
    page.locator(".v-menu__content .v-list-item", has_text="基准情景").click()
    assert wait_changed(page, 2, before) != before, "BAU's peak level differs from the plan's"
    page.locator(".cp-lang").click()
    page.locator(".cp-title", has_text="Baicheng carbon-peak policy simulator").wait_for(
        timeout=WAIT_MS
    )
    # widgets update one by one over the websocket: wait until the last ones have arrived
    expect(page.locator(".cp-preset-select")).to_contain_text("Business as usual")
    open_sector(page, "transport")
    expect(page.locator(".cp-lever-ev_purchase_subsidy_yuan")).to_contain_text("yuan/vehicle")
    expect(page.locator(".cp-scale-note")).to_contain_text("Single run")
    controls = page.locator(".cp-side").inner_text()
    results = page.locator(".cp-results").inner_text()
    assert not CJK.findall(controls), f"untranslated control text: {CJK.findall(controls)[:10]}"
    assert not CJK.findall(results), f"untranslated result text: {CJK.findall(results)[:10]}"
    assert " Mt" in results and "billion yuan" in results, "English units in English"


def test_link_carries_settings(offline, app_url):
    page = offline().open(f"{app_url}/?lang=en&preset=bau&carbon_price_yuan_per_t=300@2026")
    assert "Business as usual" in page.locator(".cp-preset-select").inner_text()
    open_sector(page, "carbon_market")
    lever = page.locator(".cp-lever-carbon_price_yuan_per_t")
    expect(lever).to_have_class(re.compile(r"\bcp-changed\b"))
    expect(lever.locator(".cp-lever-value")).to_contain_text("300")


def test_ensemble_shows_a_probability_and_does_not_block_another_session(offline, app_url):
    page = offline().open(app_url)
    page.locator(".cp-tab-certainty").click()
    page.locator(".cp-runs").click()
    page.locator(".v-menu__content .v-list-item", has_text="50").first.click()
    page.locator(".cp-estimate").click()
    page.wait_for_selector(".cp-progress-text", timeout=WAIT_MS)
    other = offline().open(app_url)  # while the ensemble runs
    before = stat(other, 3)
    open_sector(other, "industry")
    move_lever(other, "coal_consumption_cap_mt", "Home")
    assert wait_changed(other, 3, before) != before, "the other session still gets live results"
    value = page.locator(".cp-p-peak .cp-stat-value")
    value.wait_for(timeout=120_000)
    for card in (".cp-p-peak", ".cp-p-plateau"):  # P(peaked by 2030), P(plateau or peaked)
        shown = page.locator(f"{card} .cp-stat-value").inner_text().strip()
        assert re.fullmatch(r"\d{1,3}%", shown), f"{card}: {shown}"
        expect(page.locator(f"{card} .cp-stat-note")).to_contain_text("95%")
    peaked = int(value.inner_text().strip()[:-1])
    either = int(page.locator(".cp-p-plateau .cp-stat-value").inner_text().strip()[:-1])
    assert either >= peaked, "a run that has peaked has also reached its plateau"
    page.locator(".cp-tab-results").click()  # tabs keep their state once opened
    page.locator(".cp-tab-certainty").click()
    expect(page.locator(".cp-p-peak .cp-stat-value")).to_have_text(f"{peaked}%")


def test_downloads_are_valid(offline, app_url, tmp_path):
    page = offline().open(app_url)
    open_sector(page, "transport")
    move_lever(page, "ev_purchase_subsidy_yuan", "End")
    page.wait_for_selector(".cp-lever-ev_purchase_subsidy_yuan.cp-changed", timeout=WAIT_MS)
    with page.expect_download() as png:
        page.locator(".cp-trajectory .cp-chart-png").click()
    assert png.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "the chart saves as PNG"
    page.locator(".cp-tab-share").click()
    with page.expect_download() as toml:
        page.locator(".cp-share .v-btn", has_text="情景文件（TOML）").click()
    scenario = tmp_path / "setting.toml"
    toml.value.save_as(scenario)
    values = load_scenario(scenario)
    assert values["ev_purchase_subsidy_yuan"][2026] == 60000, "the lever change is in the file"
    run = subprocess.run(
        [sys.executable, "-m", "carbonpeak", "run", "--scenario", str(scenario),
         "--scale", "0.005", "--end-year", "2022", "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, f"the CLI refused the downloaded scenario: {run.stderr}"
    with page.expect_download() as csv:
        page.locator(".cp-share .v-btn", has_text="结果表（CSV）").click()
    table = pd.read_csv(csv.value.path(), encoding="utf-8-sig")
    assert {"year", "co2_mt"} <= set(table.columns) and len(table) == 41


def test_bad_upload_shows_an_error_and_changes_nothing(offline, app_url, tmp_path):
    page = offline().open(app_url)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[parameters]\nev_purchase_subsidy_yuan = 999999\n')
    page.locator(".cp-tab-share").click()
    page.locator(".cp-upload input[type=file]").set_input_files(str(bad))
    error = page.locator(".cp-upload-error")
    error.wait_for(timeout=WAIT_MS)
    assert "ev_purchase_subsidy_yuan" in error.inner_text(), "the message names the parameter"
    assert "达峰方案情景" in page.locator(".cp-preset-select").inner_text(), "nothing changed"
    good = tmp_path / "good.toml"
    good.write_text('name = "mine"\nextends = "bau"\n[parameters]\ncarbon_price_yuan_per_t = 200\n')
    page.locator(".cp-upload input[type=file]").set_input_files(str(good))
    page.locator(".cp-upload-ok").wait_for(timeout=WAIT_MS)
    expect(page.locator(".cp-preset-select")).to_contain_text("mine")


def test_two_browser_contexts_are_isolated(offline, app_url):
    first = offline().open(app_url)
    second = offline().open(app_url)
    before = stat(second, 3)
    open_sector(first, "industry")
    move_lever(first, "coal_consumption_cap_mt", "Home")
    wait_changed(first, 3, before)
    first.wait_for_selector(".cp-lever-coal_consumption_cap_mt.cp-changed")
    open_sector(second, "industry")
    second.wait_for_timeout(1500)  # time for a leaked update to arrive
    assert second.locator(".cp-lever-coal_consumption_cap_mt.cp-changed").count() == 0
    assert stat(second, 3) == before, "the other session's result must not move"
    assert "未修改" in second.locator(".cp-changed-count").inner_text()


def test_mesa_view_steps_offline(offline, app_url):
    context = offline()
    page = context.context.new_page()
    page.goto(f"{app_url}/mesa")
    page.get_by_text("Time: 0.0").wait_for(timeout=60_000)
    page.get_by_role("button", name="Step").click()
    page.get_by_text("Time: 1.0").wait_for(timeout=WAIT_MS)
    expect(page.get_by_text("各县（市、区）技术采用率")).to_have_count(1, timeout=WAIT_MS)
