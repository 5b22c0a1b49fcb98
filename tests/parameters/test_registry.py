import pytest

from parameters import (
    REGISTRY,
    ParameterError,
    list_scenarios,
    load_scenario,
    resolve,
    validate_value,
    value_in_year,
)

DESIGN_LEVERS = """ev_purchase_subsidy_yuan public_chargers_added_per_year bus_nev_procurement_share
taxi_nev_procurement_share heat_pump_subsidy_yuan clean_heating_villages_per_year
coal_stove_ban_year rooftop_pv_subsidy_yuan_per_kw straw_return_subsidy_yuan_per_mu
straw_offfield_subsidy_yuan_per_t burning_enforcement burning_fine_yuan carbon_price_yuan_per_t
industry_retrofit_subsidy_share wind_solar_capacity_2030_gw coal_consumption_cap_mt
hydrogen_blend_share""".split()
DESIGN_UNCERTAINTIES = """gdp_growth_rate population_growth_rate battery_cost_decline_rate
heat_pump_cost_decline_rate social_influence_strength heating_degree_days_factor
coal_price_yuan_per_t electricity_price_yuan_per_kwh""".split()


def test_registry_has_every_design_name_with_the_right_kind():
    for name in DESIGN_LEVERS:
        assert REGISTRY[name].kind == "lever", name
    for name in DESIGN_UNCERTAINTIES:
        assert REGISTRY[name].kind == "uncertainty", name


def test_every_parameter_is_documented_and_in_range():
    for p in REGISTRY.values():
        assert p.name.isidentifier()
        assert p.low <= p.default <= p.high, p.name
        assert p.unit and p.label and p.label_zh, p.name
        assert p.source.strip(), f"{p.name} has no source or assumption"
        if p.mode is not None:
            assert p.low <= p.mode <= p.high, p.name


def test_builtin_scenarios_load_and_differ():
    assert list_scenarios() == ["bau", "current", "plan", "enhanced"]
    assert set(load_scenario("bau")) == {"ev_purchase_subsidy_yuan"}, "bau only runs 2020 out"
    plan = resolve("plan")
    assert set(plan) == set(REGISTRY)
    assert value_in_year(plan["coal_consumption_cap_mt"], 2025) == pytest.approx(7.9056)
    assert value_in_year(plan["wind_solar_capacity_2030_gw"], 2030) == 40.0
    enhanced = resolve("enhanced")
    assert value_in_year(enhanced["coal_stove_ban_year"], 2020) == 2027


def test_schedules_step_through_years():
    schedule = validate_value("carbon_price_yuan_per_t", {"2021": 50, 2030: 150})
    assert schedule == {2021: 50.0, 2030: 150.0}
    assert [value_in_year(schedule, y) for y in (2020, 2021, 2029, 2030, 2060)] == [
        50.0, 50.0, 50.0, 150.0, 150.0,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("ev_subsidy", 1, "unknown parameter 'ev_subsidy'; did you mean"),
        ("carbon_price_yuan_per_t", 5000, "out of range; expected a number in [0, 1000]"),
        ("carbon_price_yuan_per_t", "high", "'high' is not allowed"),
        ("carbon_price_yuan_per_t", True, "True is not allowed"),
        ("coal_stove_ban_year", 2030.5, "expected an integer"),
        ("gdp_growth_rate", {2025: 0.03}, "schedule is not allowed for this uncertainty"),
        ("coal_stove_ban_year", {2025: 2030}, "schedule is not allowed for this lever"),
        ("carbon_price_yuan_per_t", {"soon": 10}, "is not a year"),
        ("carbon_price_yuan_per_t", {2030: 5000}, "carbon_price_yuan_per_t in 2030"),
    ],
)
def test_bad_values_name_parameter_value_and_allowed(name, value, fragment):
    with pytest.raises(ParameterError) as err:
        validate_value(name, value)
    message = str(err.value)
    assert fragment in message
    assert "\n" not in message


def test_user_scenario_overrides_a_subset_and_extends(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\nextends = "plan"\n[parameters]\ncarbon_price_yuan_per_t = 300\n',
        encoding="utf-8",
    )
    values = resolve(path)
    assert values["carbon_price_yuan_per_t"] == 300.0
    assert values["wind_solar_capacity_2030_gw"] == 40.0, "the rest comes from the plan"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[parameters\nx = 1", "not valid TOML"),
        ('color = "red"\n', "unknown key(s) ['color']"),
        ("[parameters]\nburning_enforcement = 2\n", "burning_enforcement: 2.0 is out of range"),
        ('extends = "mine.toml"\n', "extends itself"),
    ],
)
def test_bad_scenario_files_are_rejected(tmp_path, text, fragment):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        resolve(path)
    assert fragment in str(err.value)


def test_overrides_are_all_or_nothing():
    with pytest.raises(ParameterError):
        resolve("plan", {"carbon_price_yuan_per_t": 100, "nope": 1})


def test_every_scenario_starts_from_the_same_2020_world():
    """2020 is observed: every built-in scenario reports the same 2020 (policies start later)."""
    from simulation import CityModel

    records = {s: CityModel(scenario=s, scale=0.01, rng=3).record for s in list_scenarios()}
    for scenario, record in records.items():
        assert record == records["bau"], f"{scenario} differs from bau in 2020"


def test_bau_runs_out_the_nev_subsidy_as_legislated_in_2020():
    schedule = resolve("bau")["ev_purchase_subsidy_yuan"]
    by_year = [value_in_year(schedule, y) for y in (2020, 2021, 2022, 2023, 2040)]
    assert by_year == sorted(by_year, reverse=True) and by_year[-2:] == [0, 0]
    assert by_year[1] < by_year[0] and by_year[2] < by_year[1]


def test_every_lever_and_uncertainty_has_bilingual_help_and_a_sector():
    from parameters import LEVER_SECTORS

    for p in REGISTRY.values():
        if p.kind == "lever":
            assert p.group in LEVER_SECTORS, p.name
        if p.kind != "constant":
            assert p.help and p.help_zh, p.name


def test_english_labels_and_help_are_in_latin_script():
    import re

    chinese = re.compile(r"[\u4e00-\u9fff]")
    mixed = [p.name for p in REGISTRY.values() if chinese.search(p.label + p.help)]
    assert not mixed, f"Chinese characters in the English label or help of {mixed}"


def test_registry_files_refuse_a_name_declared_twice(tmp_path):
    from parameters.registry import load_registry

    entry = """[x]
kind = "constant"
group = "g"
unit = "u"
default = 1
range = [0, 2]
label = "x"
label_zh = "x"
source = "assumption"
"""
    (tmp_path / "levers.toml").write_text("", encoding="utf-8")
    (tmp_path / "fuels.toml").write_text(entry, encoding="utf-8")
    (tmp_path / "power.toml").write_text(entry, encoding="utf-8")
    with pytest.raises(RuntimeError, match="declared twice"):
        load_registry(tmp_path)
