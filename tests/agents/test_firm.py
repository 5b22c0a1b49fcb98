"""Firm classes respond gradually; heat companies count CHP fuel once; new industry."""

import pytest

from agents.firm import Firm
from agents.heat_supplier import HeatSupplier, coal_gj_per_gj_heat
from agents.new_industry import GreenAmmoniaPlant, HydrogenProducer
from parameters.units import GJ_PER_TCE
from simulation import CityModel


def firm(model, sector="building_materials"):
    return next(f for f in model.agents_by_type[Firm] if f.sector == sector)


def test_coal_pressure_retires_two_high_capacity_gradually_and_costs_value_added():
    model = CityModel(scenario="bau", scale=0.01, rng=1, end_year=2030)
    cement = firm(model)
    va0 = cement.value_added
    model.coal_pressure = 1.0
    model.stepping = True
    cement.step()
    model.stepping = False
    assert 0 < cement.capacity < 1, "a class retires a share of its capacity, not all of it"
    assert cement.capacity == pytest.approx(1 - model.p("retire_max_rate"))
    assert cement.value_added < va0
    corn = firm(model, "corn_processing")
    assert not corn.two_high


def test_binding_coal_cap_costs_gdp():
    free = CityModel(scenario="bau", scale=0.01, rng=2, end_year=2030)
    capped = CityModel(scenario="bau", scale=0.01, rng=2, end_year=2030,
                       coal_consumption_cap_mt={2020: 20.0, 2022: 4.0})  # fmt: skip
    for m in (free, capped):
        m.run_model()
    a, b = free.yearly_table().set_index("year"), capped.yearly_table().set_index("year")
    assert b.at[2030, "coal_consumption_mt"] < a.at[2030, "coal_consumption_mt"]
    assert b.at[2030, "gdp_bn_yuan"] < a.at[2030, "gdp_bn_yuan"], "closing capacity costs GDP"
    assert b["coal_pressure"].max() > 0, "the cap bound and industry felt it"


def test_higher_retrofit_subsidy_saves_more_energy_every_year():
    runs = [CityModel(scenario="bau", scale=0.01, rng=3, end_year=2035,
                      industry_retrofit_subsidy_share=s) for s in (0.0, 0.5)]  # fmt: skip
    for m in runs:
        m.run_model()
    low, high = (m.firm_table().groupby("year")["efficiency"].mean() for m in runs)
    assert (high <= low + 1e-12).all() and high.iloc[-1] < low.iloc[-1]


def test_chp_heat_fuel_follows_the_heat_method():
    model = CityModel(scenario="bau", scale=0.01, rng=1)
    p = model.p
    supplier = next(iter(model.agents_by_type[HeatSupplier]))
    coal_gj = supplier.energy()["coal_t"] * model.fuels.heat_gj["coal_t"]
    heat_from_coal = supplier.heat_gj * (1 - supplier.switched.sum())
    chp = p("chp_heat_share_of_coal_heat")
    expected = heat_from_coal * (chp * p("chp_heat_coal_kgce_per_gj") / 1e3 * GJ_PER_TCE
                                 + (1 - chp) / p("heat_boiler_efficiency"))  # fmt: skip
    assert coal_gj == pytest.approx(expected)
    assert coal_gj_per_gj_heat(p) > 1, "more fuel goes in than heat comes out"


def test_new_industry_runs_from_its_levers_and_splits_its_power():
    model = CityModel(scenario="current", scale=0.01, rng=1, end_year=2030)
    model.run_model()
    ammonia = next(iter(model.agents_by_type[GreenAmmoniaPlant]))
    p = model.p
    assert ammonia.output_t == pytest.approx(180e3 * p("green_ammonia_utilisation"))
    assert ammonia.hydrogen_t == pytest.approx(ammonia.output_t * p("ammonia_h2_t_per_t"))
    e = ammonia.energy()
    assert e["green_mwh"] / ammonia.electricity_mwh >= p("green_ammonia_own_supply_share") - 1e-9
    h2 = next(iter(model.agents_by_type[HydrogenProducer]))
    assert h2.output_t == pytest.approx(
        445e3 * p("new_industry_realisation") * p("electrolyser_utilisation")
    )
    bau = CityModel(scenario="bau", scale=0.01, rng=1, end_year=2030)
    bau.run_model()
    assert bau.yearly_table()["new_industry_electricity_twh"].max() == 0


def test_grid_supplied_new_industry_raises_emissions_and_direct_supply_does_not():
    def co2_2030(share):
        m = CityModel(scenario="current", scale=0.01, rng=4, end_year=2030,
                      green_power_direct_supply_share=share)  # fmt: skip
        m.run_model()
        t = m.yearly_table().set_index("year")
        return t.at[2030, "co2_consumption_mt"], t.at[2030, "co2_new_industry_mt"]

    grid, grid_new = co2_2030(0.0)
    direct, direct_new = co2_2030(1.0)
    assert grid_new > 0.5 and direct_new < grid_new * 0.15
    assert grid - direct == pytest.approx(grid_new - direct_new, rel=1e-6)
