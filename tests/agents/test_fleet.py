"""Bus and taxi fleets: calibrated 2020 purchases, the mandate, and what follows battery costs."""

import numpy as np
import pytest

from agents.bus_fleet import BEV, BusFleet
from agents.taxi_fleet import TaxiFleet
from simulation import CityModel


@pytest.fixture(scope="module")
def model():
    return CityModel(scenario="bau", scale=0.01, rng=2)


@pytest.mark.parametrize(("kind", "target"), [(BusFleet, "bus"), (TaxiFleet, "taxi")])
def test_2020_purchases_match_the_calibration_target(model, kind, target):
    fleet = next(iter(model.agents_by_type[kind]))
    with model._registry_defaults():
        share = fleet.choice_probabilities()[fleet.NEV].sum()
    assert share == pytest.approx(model.p(f"{target}_nev_purchase_share_2020"), abs=1e-6)


def test_the_mandate_converts_the_dearest_conventional_picks(model):
    fleet = next(iter(model.agents_by_type[TaxiFleet]))
    counts = fleet.procure(10, np.zeros(10))  # u = 0 picks petrol; the mandate converts some
    assert counts[fleet.NEV].sum() == np.ceil(model.p("taxi_nev_procurement_share") * 10)
    assert counts.sum() == 10


def test_only_the_battery_of_a_battery_bus_follows_the_battery_cost_index(model):
    bus = next(iter(model.agents_by_type[BusFleet]))
    before = bus.lifetime_costs()[BEV]
    model.market.battery_cost_index = 0.0
    after = bus.lifetime_costs()[BEV]
    model.market.battery_cost_index = 1.0
    assert before - after == pytest.approx(model.p("bus_battery_cost_2020_yuan"))
    assert after > model.p("bus_price_diesel_yuan"), "the drivetrain premium remains"


def test_a_stronger_taxi_mandate_raises_the_nev_share():
    shares = []
    for mandate in (0.0, 1.0):
        m = CityModel(scenario="bau", scale=0.01, rng=3, end_year=2030,
                      taxi_nev_procurement_share={2020: 0.1, 2021: mandate})  # fmt: skip
        m.run_model()
        shares.append(m.record["nev_taxi_share"])
    assert shares[1] > shares[0] + 0.5, shares
