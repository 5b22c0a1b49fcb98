"""The Mesa model: idioms, bounds, conservation, reproducibility and scale agreement."""

import gc
import weakref

import mesa
import numpy as np
import pandas as pd
import pytest

from agents.bus_fleet import BusFleet
from agents.farm import Farms
from agents.firm import Firm, HeatSupplier
from agents.household import COAL, Households
from agents.taxi_fleet import TaxiFleet
from parameters import ParameterError
from simulation import CityModel
from simulation.kpis import KPI_NAMES

SHARE_COLUMNS = [
    "non_fossil_energy_share", "non_fossil_capacity_share", "nev_bus_share", "nev_taxi_share",
    "ev_share_private_cars", "clean_heating_share", "straw_utilization_rate",
    "grid_nonfossil_share", "coal_pressure",
]  # fmt: skip


def test_every_constructor_argument_has_a_default():
    model = CityModel.__new__(CityModel)
    import inspect

    for name, param in inspect.signature(CityModel.__init__).parameters.items():
        if name in ("self", "parameters"):
            continue
        assert param.default is not inspect.Parameter.empty, f"{name} has no default"
    del model


def test_model_is_a_mesa_model_with_all_agent_types(plan_model):
    assert isinstance(plan_model, mesa.Model)
    types = set(plan_model.agent_types)
    assert {Households, Farms, Firm, HeatSupplier, BusFleet, TaxiFleet} <= types
    assert plan_model.time == 40 and plan_model.year == 2060
    assert not plan_model.running


def test_run_for_advances_one_year_per_time_unit():
    model = CityModel(scale=0.01, rng=3, end_year=2030)
    model.run_for(3)
    assert model.year == 2023
    assert list(model.yearly_table()["year"]) == [2020, 2021, 2022, 2023]


def test_outputs_are_bounded(plan_model):
    table = plan_model.yearly_table()
    for column in SHARE_COLUMNS:
        assert table[column].between(0, 1).all(), column
    for column in [c for c in table.columns if c.startswith("co2_") and c.endswith("_mt")]:
        assert (table[column] >= 0).all(), column
    tidy = plan_model.tidy_table()
    assert (
        (tidy[["quantity", "energy_tce", "co2_consumption_t", "co2_production_t"]] >= 0).all().all()
    )
    assert set(KPI_NAMES) <= set(table.columns)


def test_tidy_table_adds_up_to_the_yearly_totals(plan_model):
    tidy = plan_model.tidy_table().groupby("year")[["co2_consumption_t", "co2_production_t"]].sum()
    table = plan_model.yearly_table().set_index("year")
    np.testing.assert_allclose(tidy["co2_consumption_t"] / 1e6, table["co2_consumption_mt"])
    np.testing.assert_allclose(tidy["co2_production_t"] / 1e6, table["co2_production_mt"])


def test_agent_counts_are_conserved():
    model = CityModel(scale=0.01, rng=4, end_year=2035, population_growth_rate=0.0)
    n_households, n_farms = model.households.n, model.farms.n
    fleets = {f.unique_id: f.size for f in model.agents_by_type[BusFleet]}
    fleets |= {f.unique_id: f.size for f in model.agents_by_type[TaxiFleet]}
    model.run_model()
    assert model.households.n == n_households
    assert model.farms.n == n_farms
    for fleet in [*model.agents_by_type[BusFleet], *model.agents_by_type[TaxiFleet]]:
        assert fleet.size == fleets[fleet.unique_id], "fleets replace every retired vehicle"
    hh = model.households
    assert np.bincount(hh.heating, minlength=6).sum() == hh.n


def test_population_decline_removes_households_at_the_given_rate():
    model = CityModel(scale=0.02, rng=4, end_year=2030, population_growth_rate=-0.02)
    start = model.households.n
    model.run_model()
    expected = start * 0.98**10
    assert model.households.n == pytest.approx(expected, rel=0.03)


def test_same_seed_same_output_different_seed_differs():
    a = CityModel(scale=0.01, rng=11, end_year=2035)
    b = CityModel(scale=0.01, rng=11, end_year=2035)
    c = CityModel(scale=0.01, rng=12, end_year=2035)
    for m in (a, b, c):
        m.run_model()
    pd.testing.assert_frame_equal(a.yearly_table(), b.yearly_table())
    pd.testing.assert_frame_equal(a.tidy_table(), b.tidy_table())
    assert not a.yearly_table()["ev_share_private_cars"].equals(
        c.yearly_table()["ev_share_private_cars"]
    )


def test_coal_stove_ban_is_a_scheduled_event():
    model = CityModel(scenario="enhanced", scale=0.02, rng=5, end_year=2030)
    model.run_until(2026 - 2020)
    assert not model.coal_stove_banned
    model.step()
    assert model.year == 2027 and model.coal_stove_banned
    assert model.events["new_coal_stoves"] == 0


def test_bad_arguments_raise_parameter_error_before_building():
    for kwargs, fragment in [
        ({"scale": 0}, "scale"),
        ({"end_year": 2020}, "end_year"),
        ({"convention": "mixed"}, "convention"),
        ({"carbon_price": 5}, "unknown parameter 'carbon_price'"),
    ]:
        with pytest.raises(ParameterError, match=fragment):
            CityModel(**kwargs)


def test_production_convention_is_selectable():
    model = CityModel(scale=0.01, rng=2, end_year=2026, convention="production")
    model.run_model()
    table = model.yearly_table()
    assert (table["co2_mt"] == table["co2_production_mt"]).all()
    assert model.summary()["accounting"].startswith("production")


def test_runs_under_mesas_batch_run():
    results = mesa.batch_run(
        CityModel,
        parameters={"scale": 0.01, "end_year": 2025, "carbon_price_yuan_per_t": [0, 200]},
        rng=[1],
        max_steps=10,
        number_processes=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert set(frame["carbon_price_yuan_per_t"]) == {0, 200}
    assert frame["year"].max() == 2025
    assert (frame["co2_mt"] > 0).all()


def test_model_is_garbage_collected():
    model = CityModel(scale=0.01, rng=1, end_year=2022)
    model.run_model()
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None, "the model must not be kept alive by its agents or events"


def test_summary_has_the_documented_keys(plan_model):
    summary = plan_model.summary()
    for key in ("scenario", "seed", "scale", "peak_year", "peaked", "peak_emissions_mt",
                "emissions_mt", "kpis", "fiscal_cost_myuan", "agents", "scorecard"):  # fmt: skip
        assert key in summary, key
    assert set(summary["agents"]) == {"households", "farms", "firms", "buses", "taxis"}
    assert summary["fiscal_cost_myuan"] > 0


def test_households_are_individuals(plan_model):
    hh = plan_model.households
    first = hh[0]
    assert first.index == 0 and set(first.state) >= {"heating", "car", "income"}
    with pytest.raises(AttributeError, match="locked"):
        hh.heatng = 3  # a typo cannot create new state
    assert (hh.heating == COAL).sum() < hh.n
