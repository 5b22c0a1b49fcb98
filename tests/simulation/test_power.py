"""The power system: the published grid factors, coal dispatch and the flows."""

import pytest

from parameters import REGISTRY
from simulation import power as pw

P = {n: p.default for n, p in REGISTRY.items()}


def lookup(**over):
    values = {**P, **over}
    return values.__getitem__


def test_the_published_northeast_factors_are_reproduced():
    p = lookup()
    assert pw.grid_factor(p, 2022) == pytest.approx(0.5564, abs=1e-12)
    assert pw.grid_factor(p, 2023) == pytest.approx(0.5122, abs=1e-12)


def test_the_grid_decarbonises_from_2023_at_its_rate_up_to_the_cap():
    p = lookup(grid_nonfossil_growth=0.02)
    s23 = pw.grid_nonfossil_share(p, 2023)
    assert pw.grid_nonfossil_share(p, 2030) == pytest.approx(s23 + 0.14)
    assert pw.grid_nonfossil_share(p, 2100) == P["grid_nonfossil_share_max"]
    assert pw.grid_nonfossil_share(p, 2020) == P["grid_nonfossil_share_2020"]


def test_the_city_build_out_does_not_change_the_regional_factor():
    low, high = lookup(wind_solar_capacity_2030_gw=10), lookup(wind_solar_capacity_2030_gw=60)
    assert pw.grid_factor(low, 2030) == pw.grid_factor(high, 2030)
    assert pw.wind_solar_gw(high, 2030) == 60 and pw.wind_solar_gw(high, 2025) < 60


def test_more_wind_runs_coal_plants_less_down_to_the_floor():
    p = lookup()
    assert pw.coal_power_hours(p, P["wind_solar_capacity_2020_gw"]) == P["coal_power_hours_2020"]
    assert pw.coal_power_hours(p, 20) < P["coal_power_hours_2020"]
    assert pw.coal_power_hours(p, 1e4) == P["coal_power_hours_min"]


def test_flows_balance_with_exports_and_imports():
    p = lookup()
    out = pw.power_year(p, 5.0, 3800, 300e3, 10e3, dedicated_mwh=1e6, grid_use_mwh=4e6)
    supply = out.coal_mwh + out.renewable_mwh + out.biomass_mwh + out.rooftop_export_mwh
    assert supply + out.import_mwh == pytest.approx(
        out.grid_use_mwh + out.dedicated_mwh + out.luogu_export_mwh + out.grid_export_mwh
    )
    short = pw.power_year(p, 0.1, 2500, 0, 0, dedicated_mwh=0, grid_use_mwh=50e6)
    assert short.import_mwh > 0 and short.grid_export_mwh == 0
    assert out.coal_t == pytest.approx(out.coal_mwh * pw.coal_t_per_mwh(p))
