"""Settings of the web app: schedules, links, scenario files, uploads (no browser)."""

from __future__ import annotations

import pytest

from parameters import REGISTRY, ParameterError, load_scenario
from visualization.app.settings import (
    MAX_UPLOAD_BYTES,
    LeverSetting,
    Settings,
    from_query,
    parse_upload,
    to_query,
    to_toml,
)


def test_step_keeps_the_scenario_before_its_year():
    s = Settings(base="plan").with_lever(
        "ev_purchase_subsidy_yuan", LeverSetting("step", 30000, 2027)
    )
    plan = load_scenario("plan")["ev_purchase_subsidy_yuan"]
    value = s.overrides()["ev_purchase_subsidy_yuan"]
    assert value == {**{y: v for y, v in plan.items() if y < 2027}, 2027: 30000.0}


def test_ramp_runs_linearly_from_the_scenario_value_to_the_target():
    s = Settings(base="bau").with_lever(
        "carbon_price_yuan_per_t", LeverSetting("ramp", 400, 2026, 2030)
    )
    value = s.overrides()["carbon_price_yuan_per_t"]
    assert [value[y] for y in range(2026, 2031)] == [0, 100, 200, 300, 400]


def test_int_lever_ramp_stays_integer_and_one_value_levers_refuse_schedules():
    s = Settings(base="bau").with_lever(
        "clean_heating_villages_per_year", LeverSetting("ramp", 7, 2025, 2028)
    )
    assert all(
        isinstance(v, int) for v in s.overrides()["clean_heating_villages_per_year"].values()
    )
    ban = Settings().with_lever("coal_stove_ban_year", LeverSetting("step", 2028, 2026))
    assert ban.overrides()["coal_stove_ban_year"] == 2028, "no schedule for a ban year"


def test_bad_changes_are_refused_and_change_nothing():
    s = Settings(base="plan")
    with pytest.raises(ParameterError, match="ev_purchase_subsidy_yuan"):
        s.with_lever("ev_purchase_subsidy_yuan", LeverSetting("step", 10**9, 2026))
    with pytest.raises(ParameterError, match="ramp"):
        s.with_lever("ev_purchase_subsidy_yuan", LeverSetting("ramp", 1000, 2030, 2030))
    assert s.levers == ()


def test_link_round_trip_restores_the_same_model_inputs():
    s = (
        Settings(base="enhanced")
        .with_lever("ev_purchase_subsidy_yuan", LeverSetting("step", 25000, 2026))
        .with_lever("heat_pump_subsidy_yuan", LeverSetting("ramp", 20000, 2025, 2031))
        .with_assumption("gdp_growth_rate", 0.04)
    )
    back, lang, problems = from_query(to_query(s, "en"))
    assert (lang, problems) == ("en", [])
    assert back.key() == s.key()


def test_link_with_bad_parts_applies_the_rest_and_names_each_problem():
    settings, _, problems = from_query(
        "preset=plan&ev_subsidy=1&carbon_price_yuan_per_t=abc&burning_fine_yuan=-5@2026"
        "&heat_pump_subsidy_yuan=9000@2026&preset=nosuch"
    )
    assert settings.lever("heat_pump_subsidy_yuan") is not None
    assert len(problems) == 4, problems
    assert any("ev_subsidy" in p for p in problems) and any("nosuch" in p for p in problems)


def test_uploaded_base_survives_a_link():
    s = Settings().with_uploaded("mine", {"carbon_price_yuan_per_t": {2020: 0.0, 2025: 120.0}})
    back, _, problems = from_query(to_query(s, "zh"))

    def model_input(settings: Settings) -> dict:
        return {k: v for k, v in settings.overrides().items() if v != REGISTRY[k].default}

    assert problems == [] and model_input(back) == model_input(s), "BAU's own values undone"


def test_exported_toml_loads_as_the_same_values(tmp_path):
    s = (
        Settings(base="plan")
        .with_lever("bus_nev_procurement_share", LeverSetting("step", 1.0, 2024))
        .with_assumption("coal_price_yuan_per_t", REGISTRY["coal_price_yuan_per_t"].high)
    )
    path = tmp_path / "s.toml"
    path.write_text(to_toml(s, '名字 "quoted"', "desc\nline"), encoding="utf-8")
    assert load_scenario(path) == s.overrides()


def test_upload_checks_size_encoding_toml_and_registry():
    with pytest.raises(ParameterError, match="bytes"):
        parse_upload(b"#" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(ParameterError, match="UTF-8"):
        parse_upload(b"\xff\xfe\x00name")
    with pytest.raises(ParameterError, match="not valid TOML"):
        parse_upload(b"name = ")
    with pytest.raises(ParameterError, match="burning_enforcement"):
        parse_upload(b"[parameters]\nburning_enforcement = 3\n")
    with pytest.raises(ParameterError, match="unknown key"):
        parse_upload(b'__import__ = "os"\n')
    name, values = parse_upload(
        'name = "我的"\nextends = "bau"\n[parameters]\nburning_fine_yuan = 900\n'.encode()
    )
    assert name == "我的" and values == {**load_scenario("bau"), "burning_fine_yuan": 900.0}


def test_every_lever_can_be_set_from_its_low_to_its_high():
    for p in REGISTRY.values():
        if p.kind != "lever":
            continue
        for v in (p.low, p.high):
            Settings(base="plan").with_lever(p.name, LeverSetting("step", v, 2026)).overrides()
