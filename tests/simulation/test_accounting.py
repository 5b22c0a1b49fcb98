"""Ledger, the two conventions and the reconciliation identity."""

import pytest

from parameters import REGISTRY
from simulation.accounting import Ledger, co2_by_sector, reconcile, row_co2
from simulation.fuels import emission_factor, fuel_table, h2_energy_share

P = {n: p.default for n, p in REGISTRY.items()}.__getitem__


def test_emission_factors_follow_the_ndrc_method():
    fuels = fuel_table(P)
    assert fuels.co2_t["petrol_t"] == pytest.approx(3.04, abs=0.01)
    assert fuels.co2_t["diesel_t"] == pytest.approx(3.15, abs=0.01)
    assert fuels.co2_t["gas_m3"] == pytest.approx(0.00214, abs=1e-5)
    assert emission_factor(19.214, 27.28, 0.923) == pytest.approx(1.77, abs=0.01)
    for biogenic in ("biomass_gj", "straw_gj", "h2_t", "green_mwh", "electricity_mwh"):
        assert fuels.co2_t[biogenic] == 0


def test_hydrogen_blending_cuts_gas_co2_by_its_energy_share():
    share = h2_energy_share(P, 0.2)
    assert 0 < share < 0.2, "hydrogen carries less energy per m3 than methane"
    assert fuel_table(P, share).co2_t["gas_m3"] == pytest.approx(
        fuel_table(P).co2_t["gas_m3"] * (1 - share)
    )


def test_conventions_treat_power_and_electricity_oppositely():
    fuels = fuel_table(P)
    assert row_co2("power_generation", "coal_t", 1.0, fuels, 0.5) == (0.0, fuels.co2_t["coal_t"])
    assert row_co2("industry", "electricity_mwh", 2.0, fuels, 0.5) == (1.0, 0.0)
    assert row_co2("new_industry", "green_mwh", 2.0, fuels, 0.5) == (0.0, 0.0)
    ledger = Ledger()
    ledger.add("industry", {"coal_t": 10, "electricity_mwh": 4, "not_a_fuel": 99})
    ledger.add("power_generation", {"coal_t": 5})
    co2 = co2_by_sector(ledger, fuels, 0.5)
    assert co2["consumption"]["industry"] == pytest.approx(10 * fuels.co2_t["coal_t"] + 2)
    assert co2["production"]["power_generation"] == pytest.approx(5 * fuels.co2_t["coal_t"])
    with pytest.raises(KeyError, match="unknown sector"):
        ledger.add("mining", {"coal_t": 1})


def test_reconciliation_is_an_identity():
    r = reconcile(consumption_t=8e6, power_co2_t=5e6, grid_fed_generation_mwh=18e6,
                  net_export_mwh=13e6, grid_use_mwh=5e6, grid_factor=0.58)  # fmt: skip
    assert r.production_t == pytest.approx(8e6 + 5e6 - 5e6 * 0.58)
    assert r.embodied_net_exports_t == pytest.approx(13e6 * 5e6 / 18e6)
