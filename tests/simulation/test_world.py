"""The 2020 synthetic world against the census, agricultural facts and its own calibration."""

import numpy as np
import pytest

from agents import heating as ht
from agents.farm import NON_GRAIN
from agents.firm import Firm
from parameters import REGISTRY
from parameters import calibration as cal
from parameters.units import HA_PER_KHA, MU_PER_HA
from simulation import CityModel
from simulation.calibrate import CalibrationError, straw_shares_2020

REL = 0.01


def d(name):
    return REGISTRY[name].default


def test_household_total_matches_census(base_model):
    hh = base_model.households
    assert hh.n * hh.weight == pytest.approx(d("households_2020"), rel=1e-9)
    assert base_model.summary()["agents"]["households"] == 635_434


def test_county_shares_match_census_populations(base_model):
    counts = np.bincount(base_model.households.county, minlength=5)
    pop = np.array([cal.COUNTY_POPULATION[c].value for c in cal.COUNTIES])
    persons = counts / counts.sum() * d("population_2020")
    np.testing.assert_allclose(persons, pop, rtol=REL, err_msg="county populations off by >1%")
    assert pop.sum() == d("population_2020")


def test_urban_share_matches_census(base_model):
    census = d("urban_population_2020") / d("population_2020")
    assert base_model.households.urban.mean() == pytest.approx(census, rel=REL)


def test_farm_area_matches_agricultural_facts(base_model):
    farms = base_model.farms
    area_kha = farms.area_mu.sum() * farms.weight / MU_PER_HA / HA_PER_KHA
    assert area_kha == pytest.approx(cal.SOWN_AREA_KHA.value, rel=1e-9)
    assert farms.n * farms.weight == pytest.approx(d("farms_2020"), rel=1e-9)


def test_heating_mix_reproduces_the_registry_shares(base_model):
    counts = base_model.households.heating_counts()
    urban = counts[ht.URBAN] / counts[ht.URBAN].sum()
    rural = counts[ht.RURAL] / counts[ht.RURAL].sum()
    np.testing.assert_allclose(urban, cal.urban_heating_shares(base_model.p), atol=0.005)
    np.testing.assert_allclose(rural, cal.rural_heating_shares(base_model.p), atol=0.005)
    assert rural[ht.CLEAN_HEATING].sum() == pytest.approx(d("rural_clean_heating_share_2020"),
                                                          abs=0.005)  # fmt: skip


def test_2020_straw_balance_meets_its_targets(base_model):
    record = base_model.record
    assert record["straw_utilization_rate"] == pytest.approx(d("straw_utilisation_2020"), abs=0.005)
    assert 0.21 <= record["straw_household_fuel_share"] <= 0.25
    assert record["straw_other_mt"] == pytest.approx(0, abs=0.02 * record["straw_produced_mt"]), (
        "2020 off-field bales should just meet 2020 demand"
    )


def test_straw_calibration_refuses_impossible_targets():
    model = CityModel(scenario="bau", scale=0.01, rng=1)
    with pytest.raises(CalibrationError, match="does not add up"):
        straw_shares_2020(model, household_straw_t=1e9, pellets_t=0.0)


def test_fleets_follow_the_registry(base_model):
    counts = base_model.summary()["agents"]
    assert counts["buses"] == d("buses_2020") and counts["taxis"] == d("taxis_2020")
    assert counts["firms"] == len(cal.FIRM_CLASSES)
    nev_bus = d("bus_share_2020_bev") * (d("buses_2020") - d("fcev_buses_2020")) + d(
        "fcev_buses_2020"
    )
    assert base_model.record["nev_bus_share"] == pytest.approx(nev_bus / d("buses_2020"), abs=0.01)
    assert base_model.record["nev_taxi_share"] == pytest.approx(d("taxi_ev_share_2020"), abs=0.01)


def test_industry_is_wired_to_the_registry(base_model):
    firms = {f.sector: f for f in base_model.agents_by_type[Firm]}
    shares = [d(f"firm_{c}_va_share") for c in cal.FIRM_CLASSES]
    assert sum(shares) == pytest.approx(1.0), "firm classes share out all industrial value added"
    va = sum(f.value_added for f in firms.values()) / 1e9
    assert va == pytest.approx(d("gdp_2020_bn_yuan") * d("secondary_share_2020"))
    coal = firms["corn_processing"].energy()["coal_t"]
    expected = d("firm_corn_processing_coal_tce_2020") * 29.3076 / d("coal_heat_value_gj_per_t")
    assert coal == pytest.approx(expected)


def test_2020_totals_hold_at_the_smallest_scale(base_model):
    """At the smallest allowed scale the 2020 totals stay within 1% of full scale."""
    small = CityModel(scenario="bau", scale=d("smallest_scale"), rng=2).record
    full = base_model.record
    for key in ("co2_production_mt", "co2_consumption_mt", "coal_consumption_mt",
                "electricity_twh", "straw_produced_mt"):  # fmt: skip
        assert small[key] == pytest.approx(full[key], rel=REL), key


def test_grain_farms_make_straw(base_model):
    farms = base_model.farms
    assert (base_model.straw_t_per_mu[NON_GRAIN]) == 0
    assert (base_model.straw_t_per_mu[:NON_GRAIN] > 0).all()
    assert farms.straw_supply(base_model)["produced_t"] == pytest.approx(
        base_model.record["straw_produced_mt"] * 1e6
    )
