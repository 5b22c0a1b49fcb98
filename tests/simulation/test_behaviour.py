"""Behavioural responses the economics demands, checked seed by seed (common random numbers)."""

import math

import numpy as np
import pytest

from agents.bus_fleet import BusFleet
from agents.taxi_fleet import TaxiFleet
from simulation import CityModel

SEEDS = (1, 2, 3)
SCALE = 0.02
END = 2035


def run(scenario="plan", seed=1, scale=SCALE, end_year=END, **overrides) -> CityModel:
    model = CityModel(scenario=scenario, scale=scale, rng=seed, end_year=end_year,
                      overrides=overrides)  # fmt: skip
    model.run_model()
    return model


def industry_coal(model: CityModel) -> np.ndarray:
    tidy = model.tidy_table()
    rows = tidy[(tidy.sector == "industry") & (tidy.fuel == "coal")]
    return rows.groupby("year")["quantity"].sum().to_numpy()


@pytest.mark.parametrize("seed", SEEDS)
def test_higher_ev_subsidy_never_lowers_ev_adoption(seed):
    low = run(seed=seed, ev_purchase_subsidy_yuan=0).yearly_table()["ev_share_private_cars"]
    high = run(seed=seed, ev_purchase_subsidy_yuan=30000).yearly_table()["ev_share_private_cars"]
    assert (high.to_numpy() >= low.to_numpy()).all(), "a bigger subsidy lowered EV adoption"
    assert high.iloc[-1] > low.iloc[-1], "the subsidy should matter at all"


@pytest.mark.parametrize("seed", SEEDS)
def test_stronger_enforcement_never_raises_burning(seed):
    weak = run(seed=seed, burning_enforcement=0.1).yearly_table()["straw_burning_co2e_mt"]
    strong = run(seed=seed, burning_enforcement=0.9).yearly_table()["straw_burning_co2e_mt"]
    assert (strong.to_numpy() <= weak.to_numpy() + 1e-12).all(), "enforcement raised burning"
    assert strong.iloc[-1] < weak.iloc[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_higher_carbon_price_never_raises_industrial_coal(seed):
    cheap = industry_coal(run("bau", seed=seed, carbon_price_yuan_per_t=0))
    dear = industry_coal(run("bau", seed=seed, carbon_price_yuan_per_t=300))
    assert (dear <= cheap * (1 + 1e-12)).all(), "a higher carbon price raised industrial coal"
    assert dear[-1] < cheap[-1]


def test_nev_procurement_mandate_is_met_by_every_fleet():
    model = CityModel(scenario="bau", scale=SCALE, rng=4, end_year=2030,
                      bus_nev_procurement_share=0.8, taxi_nev_procurement_share=0.6)  # fmt: skip
    procured = 0
    while model.running:
        model.step()
        for fleet, share in [(f, 0.8) for f in model.agents_by_type[BusFleet]] + [
            (f, 0.6) for f in model.agents_by_type[TaxiFleet]
        ]:
            bought = fleet.procured.sum()
            procured += bought
            nev = fleet.procured[fleet.NEV].sum()
            assert nev >= math.ceil(share * bought - 1e-9), (
                f"{type(fleet).__name__} {fleet.unique_id} bought {nev}/{bought} NEVs in "
                f"{model.year}, mandate {share}"
            )
    assert procured > 0


def test_heat_pump_subsidy_pays_for_heat_pumps_only_and_never_raises_co2():
    low = run(seed=2, heat_pump_subsidy_yuan=0)
    high = run(seed=2, heat_pump_subsidy_yuan=20000)
    t_low, t_high = low.yearly_table(), high.yearly_table()
    assert t_high["co2_households_mt"].sum() <= t_low["co2_households_mt"].sum()
    assert t_high["fiscal_heat_pump_subsidy_yuan_myuan"].sum() > 0
    assert t_low["fiscal_heat_pump_subsidy_yuan_myuan"].sum() == 0


def test_coal_stove_ban_stops_new_coal_stoves():
    model = CityModel(scenario="plan", scale=0.05, rng=6, end_year=2032, coal_stove_ban_year=2026)
    new_stoves = {}
    while model.running:
        model.step()
        new_stoves[model.year] = model.events.get("new_coal_stoves", 0)
    assert sum(v for y, v in new_stoves.items() if y < 2026) > 0, "before the ban stoves are sold"
    assert all(v == 0 for y, v in new_stoves.items() if y >= 2026), new_stoves


def test_scale_agrees_with_full_scale_within_monte_carlo_noise():
    small = [run(seed=s, scale=0.1, end_year=2060) for s in range(10, 16)]
    full = [run(seed=s, scale=1.0, end_year=2060) for s in range(10, 12)]

    def emissions_2030(models):
        return np.array([m.summary()["emissions_2030_mt"] for m in models])

    e_small, e_full = emissions_2030(small), emissions_2030(full)
    noise = 4 * np.sqrt(e_small.var(ddof=1) / e_small.size + e_full.var(ddof=1) / e_full.size)
    assert abs(e_small.mean() - e_full.mean()) <= noise + 0.01 * e_full.mean()
    states_small = {m.summary()["peak_state"] for m in small}
    states_full = {m.summary()["peak_state"] for m in full}
    assert states_full <= states_small, "full scale shows a peak state scale 0.1 never does"
