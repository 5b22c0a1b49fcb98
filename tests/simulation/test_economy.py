"""GDP is the sum of its sectors; services and agriculture grow exogenously."""

import pytest

from parameters import REGISTRY
from simulation.economy import Economy

P = {n: p.default for n, p in REGISTRY.items()}


def test_gdp_is_the_sum_of_sectors_and_starts_at_the_2020_value():
    economy = Economy(P.__getitem__)
    assert economy.gdp == pytest.approx(P["gdp_2020_bn_yuan"] * 1e9)
    economy.industry *= 0.5
    assert economy.gdp < P["gdp_2020_bn_yuan"] * 1e9


def test_growth_slows_after_2030():
    economy = Economy(P.__getitem__)
    economy.advance(P.__getitem__, 2025)
    early = economy.growth_rate
    economy.advance(P.__getitem__, 2045)
    assert early == P["gdp_growth_rate"] and economy.growth_rate < early
