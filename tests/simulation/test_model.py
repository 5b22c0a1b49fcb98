"""The Mesa model: idioms, bounds, conservation, reproducibility and bad arguments."""

import gc
import inspect
import weakref

import mesa
import numpy as np
import pandas as pd
import pytest

from agents import heating as ht
from agents.bus_fleet import BusFleet
from agents.farm import Farms
from agents.firm import Firm
from agents.heat_supplier import HeatSupplier
from agents.household import Households
from agents.new_industry import GreenAmmoniaPlant, GreenPowerPark, HydrogenProducer
from agents.population import StepOrderError
from agents.taxi_fleet import TaxiFleet
from parameters import ParameterError
from simulation import CityModel
from simulation.kpis import KPI_NAMES
from simulation.model import FIRST_STEPPED, THEN_STEPPED

SHARE_COLUMNS = [
    "non_fossil_energy_share", "non_fossil_capacity_share", "nev_bus_share", "nev_taxi_share",
    "ev_share_private_cars", "clean_heating_share", "straw_utilization_rate",
    "grid_nonfossil_share", "coal_pressure", "straw_household_fuel_share",
]  # fmt: skip


def test_every_constructor_argument_has_a_default():
    for name, param in inspect.signature(CityModel.__init__).parameters.items():
        if name not in ("self", "parameters"):
            assert param.default is not inspect.Parameter.empty, f"{name} has no default"


def test_model_is_a_mesa_model_with_every_agent_type(plan_model):
    assert isinstance(plan_model, mesa.Model)
    types = set(plan_model.agent_types)
    assert set(FIRST_STEPPED) | set(THEN_STEPPED) <= types
    assert {Households, Farms, Firm, HeatSupplier, BusFleet, TaxiFleet, HydrogenProducer,
            GreenAmmoniaPlant, GreenPowerPark} <= types  # fmt: skip
    assert plan_model.time == 40 and plan_model.year == 2060 and not plan_model.running


def test_scenario_keeps_meshas_meaning():
    from mesa.experimental.scenarios import Scenario

    model = CityModel(scenario="plan", scale=0.01, rng=1, end_year=2022)
    assert isinstance(model.scenario, Scenario)
    assert model.scenario.name == "plan" and model.scenario.parameters is model.params
    with pytest.raises(ValueError, match="during model run"):
        model.scenario.name = "other"  # frozen while the model runs


def test_shuffle_do_is_refused_with_a_reason():
    model = CityModel(scale=0.01, rng=3, end_year=2025)
    with pytest.raises(StepOrderError, match="fixed order"):
        model.agents.shuffle_do("step")
    model.step()  # the model's own step still works
    assert model.year == 2021


def test_run_for_and_run_until_never_pass_the_end_year():
    model = CityModel(scale=0.01, rng=3, end_year=2025)
    model.run_for(100)
    assert model.year == 2025 and model.time == 5
    assert list(model.yearly_table()["year"]) == list(range(2020, 2026))
    model.run_until(50)
    assert model.year == 2025


def test_run_for_advances_one_year_per_time_unit():
    model = CityModel(scale=0.01, rng=3, end_year=2030)
    model.run_for(3)
    assert model.year == 2023
    assert list(model.yearly_table()["year"]) == [2020, 2021, 2022, 2023]


def test_the_datacollector_is_the_yearly_table(plan_model):
    table = plan_model.yearly_table()
    collected = plan_model.datacollector.get_model_vars_dataframe()
    assert list(table.columns) == list(collected.columns) == list(plan_model.record)
    assert len(table) == 41 and set(KPI_NAMES) <= set(table.columns)
    firms = plan_model.firm_table()
    assert set(firms["sector"]) == {f.sector for f in plan_model.agents_by_type[Firm]}
    assert {"output", "capacity", "value_added"} <= set(firms.columns)
    assert firms["year"].min() == 2020 and firms["year"].max() == 2060


def test_outputs_are_bounded(plan_model):
    table = plan_model.yearly_table()
    for column in SHARE_COLUMNS:
        assert table[column].between(0, 1).all(), column
    emissions = [c for c in table.columns if c.startswith("co2_") and c.endswith("_mt")]
    for column in [c for c in emissions if "mix_difference" not in c]:
        assert (table[column] >= -1e-9).all(), column
    tidy = plan_model.tidy_table()
    assert (tidy[["quantity", "energy_tce", "co2_production_t"]] >= 0).all().all()


def test_tidy_table_adds_up_to_the_yearly_totals(plan_model):
    tidy = plan_model.tidy_table().groupby("year")[["co2_consumption_t", "co2_production_t"]].sum()
    table = plan_model.yearly_table().set_index("year")
    np.testing.assert_allclose(tidy["co2_consumption_t"] / 1e6, table["co2_consumption_mt"])
    np.testing.assert_allclose(tidy["co2_production_t"] / 1e6, table["co2_production_mt"])


def test_production_is_consumption_plus_net_exports_plus_mix(plan_model):
    t = plan_model.yearly_table()
    rebuilt = (
        t["co2_consumption_mt"] + t["co2_embodied_net_exports_mt"] + t["co2_mix_difference_mt"]
    )
    np.testing.assert_allclose(rebuilt, t["co2_production_mt"], rtol=1e-9)


def test_electricity_flows_balance(plan_model):
    t = plan_model.yearly_table()
    supply = (t.generation_coal_twh + t.generation_wind_solar_twh + t.generation_biomass_twh
              + t.rooftop_export_twh + t.imports_twh)  # fmt: skip
    use = t.electricity_twh + t.green_direct_supply_twh + t.exports_luogu_twh + t.exports_grid_twh
    np.testing.assert_allclose(supply, use, rtol=1e-9)
    assert (t.exports_luogu_twh <= t.generation_wind_solar_twh + 1e-12).all()
    assert (t.green_direct_supply_twh <= t.generation_wind_solar_twh + 1e-12).all()
    assert t.green_direct_supply_twh.max() > 0, "the plan's new industry takes direct green power"


def test_agent_counts_are_conserved():
    model = CityModel(scale=0.01, rng=4, end_year=2035, population_growth_rate=0.0)
    n_households, n_farms = model.households.n, model.farms.n
    fleets = {f.unique_id: f.size for f in model.agents_by_type[BusFleet]}
    fleets |= {f.unique_id: f.size for f in model.agents_by_type[TaxiFleet]}
    model.run_model()
    assert model.households.n == n_households and model.farms.n == n_farms
    for fleet in [*model.agents_by_type[BusFleet], *model.agents_by_type[TaxiFleet]]:
        assert fleet.size == fleets[fleet.unique_id], "fleets replace every retired vehicle"
    assert np.bincount(model.households.heating, minlength=ht.N_HEATING).sum() == n_households


def test_population_decline_removes_households_at_the_given_rate():
    model = CityModel(scale=0.02, rng=4, end_year=2030, population_growth_rate=-0.02)
    start = model.households.n
    model.run_model()
    assert model.households.n == pytest.approx(start * 0.98**10, rel=0.03)


def test_same_seed_same_output_different_seed_differs():
    a, b, c = (CityModel(scale=0.01, rng=s, end_year=2035) for s in (11, 11, 12))
    for m in (a, b, c):
        m.run_model()
    pd.testing.assert_frame_equal(a.yearly_table(), b.yearly_table())
    pd.testing.assert_frame_equal(a.tidy_table(), b.tidy_table())
    assert not a.yearly_table()["ev_share_private_cars"].equals(
        c.yearly_table()["ev_share_private_cars"]
    )


def test_firm_and_fleet_decisions_do_not_depend_on_scale():
    small, large = (CityModel(scenario="plan", scale=s, rng=5, end_year=2035) for s in (0.01, 0.05))
    for m in (small, large):
        m.run_model()
    for kind in (BusFleet, TaxiFleet):
        for a, b in zip(small.agents_by_type[kind], large.agents_by_type[kind], strict=True):
            np.testing.assert_array_equal(a.stock, b.stock)


def test_coal_stove_ban_is_a_scheduled_event():
    model = CityModel(scenario="enhanced", scale=0.02, rng=5, end_year=2030)
    model.run_until(2026 - 2020)
    assert not model.villages.coal_stoves_banned
    model.step()
    assert model.year == 2027 and model.villages.coal_stoves_banned
    assert model.events["new_coal_stoves"] == 0


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"scale": 0}, "scale"),
        ({"scale": 1e-6}, "scale: 1e-06 is not allowed"),
        ({"scale": True}, "scale"),
        ({"end_year": 2020}, "end_year"),
        ({"end_year": 2040.5}, "end_year"),
        ({"convention": "mixed"}, "convention"),
        ({"rng": -1}, "rng: -1"),
        ({"rng": "seed"}, "rng"),
        ({"scenario": 5}, "scenario: 5"),
        ({"overrides": [1, 2]}, "overrides"),
        ({"carbon_price": 5}, "unknown parameter 'carbon_price'"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, fragment):
    with pytest.raises(ParameterError, match=fragment):
        CityModel(**kwargs)


def test_numpy_scalars_are_accepted():
    model = CityModel(scale=np.float64(0.01), end_year=np.int64(2022), rng=np.int64(4))
    model.run_model()
    assert model.year == 2022 and model.summary()["seed"] == 4


def test_production_convention_is_selectable():
    model = CityModel(scale=0.01, rng=2, end_year=2026, convention="production")
    model.run_model()
    table = model.yearly_table()
    assert (table["co2_mt"] == table["co2_production_mt"]).all()
    assert model.summary()["accounting"].startswith("production")


def test_mesas_batch_run_returns_every_yearly_column():
    results = mesa.batch_run(
        CityModel,
        parameters={"scale": 0.01, "end_year": 2023, "carbon_price_yuan_per_t": [0, 200]},
        rng=[1],
        max_steps=10,
        number_processes=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    model = CityModel(scale=0.01, rng=1, end_year=2021)
    assert set(model.record) <= set(frame.columns)
    assert set(frame["carbon_price_yuan_per_t"]) == {0, 200}
    assert frame["year"].max() == 2023 and (frame["co2_mt"] > 0).all()


def test_model_is_garbage_collected():
    model = CityModel(scale=0.01, rng=1, end_year=2022)
    model.run_model()
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None, "the model must not be kept alive by its agents or events"


def test_summary_has_the_documented_keys(plan_model):
    summary = plan_model.summary()
    for key in ("scenario", "seed", "scale", "peak_state", "peak_year", "peaked",
                "peak_emissions_mt", "emissions_mt", "kpis", "fiscal_cost_myuan", "agents",
                "scorecard"):  # fmt: skip
        assert key in summary, key
    assert set(summary["agents"]) == {"households", "farms", "firms", "buses", "taxis"}
    assert summary["fiscal_cost_myuan"] > 0
