"""The straw balance adds up, and biomass users draw on it, not on an unlimited supply."""

import pytest

from parameters import REGISTRY
from simulation.straw import StrawMarket, settle_straw

P = {n: p.default for n, p in REGISTRY.items()}.__getitem__
SUPPLY = {"produced_t": 6e6, "burn_t": 1.2e6, "return_t": 2.4e6, "off_field_t": 2.4e6}


def uses(b):
    return (b.household_fuel_t + b.returned_t + b.burned_t + b.feed_t + b.materials_t
            + b.power_t + b.pellets_t + b.other_t)  # fmt: skip


@pytest.mark.parametrize("pellets", [0.0, 0.2e6, 3e6])
def test_every_tonne_is_accounted_for(pellets):
    b = settle_straw(P, 120.0, SUPPLY, household_fuel_t=1.4e6, power_demand_t=0.3e6,
                     pellet_demand_t=pellets)  # fmt: skip
    assert uses(b) == pytest.approx(b.produced_t)
    assert b.off_field_t == pytest.approx(b.feed_t + b.materials_t + b.power_t + b.pellets_t
                                          + b.other_t)  # fmt: skip
    assert b.utilisation == pytest.approx(1 - b.burned_t / b.produced_t)


def test_biomass_users_get_no_more_than_the_bales_left():
    b = settle_straw(P, 120.0, SUPPLY, household_fuel_t=1.4e6, power_demand_t=0.3e6,
                     pellet_demand_t=3e6)  # fmt: skip
    assert b.energy_supply_ratio < 1 and b.other_t == pytest.approx(0, abs=1e-6)
    assert b.power_t + b.pellets_t < 3.3e6


def test_the_bale_price_follows_demand_over_supply():
    market = StrawMarket.start(P)
    base = market.buyer_price
    glut = settle_straw(
        P, 120.0, SUPPLY, household_fuel_t=1.4e6, power_demand_t=0, pellet_demand_t=0
    )
    market.adjust(P, glut)
    assert market.buyer_price < base
    short = settle_straw(P, 120.0, SUPPLY, household_fuel_t=1.4e6, power_demand_t=0.3e6,
                         pellet_demand_t=3e6)  # fmt: skip
    market.adjust(P, short)
    assert market.buyer_price > base and market.pellet_price > P("pellet_price_yuan_per_t")
