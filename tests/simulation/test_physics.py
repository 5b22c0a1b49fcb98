"""Every conversion the registry implies respects its physical limit, over the whole range.

Each check derives an efficiency, heat rate or emission factor from registry entries and tests
it at the default and at the ends of the entries' ranges (the worst case), so a value entered
in the wrong unit (tce as raw coal, raw coal per GJ that implies a boiler above 100%) fails.
"""

import itertools

import pytest

from agents import heating as ht
from parameters import REGISTRY
from parameters.units import CO2_PER_C, GJ_PER_MWH, GJ_PER_TCE, KWH_PER_GJ


def values(name):
    p = REGISTRY[name]
    return (p.low, p.default, p.high)


def combos(*names):
    """Every combination of (low, default, high) of the named entries."""
    return [dict(zip(names, v, strict=True)) for v in itertools.product(*map(values, names))]


def check(name, implied, low, high, **given):
    assert low <= implied <= high, f"{name} = {implied:.4g} outside [{low}, {high}] at {given}"


@pytest.mark.parametrize("v", combos("chp_heat_coal_kgce_per_gj"))
def test_chp_heat_method_implies_a_boiler_below_100_percent(v):
    efficiency = 1 / (v["chp_heat_coal_kgce_per_gj"] / 1e3 * GJ_PER_TCE)
    check("CHP heat-method efficiency", efficiency, 0.75, 1.0, **v)


@pytest.mark.parametrize("v", combos("power_plant_coal_g_per_kwh"))
def test_coal_plant_heat_rate_is_that_of_a_real_plant(v):
    efficiency = GJ_PER_MWH / (v["power_plant_coal_g_per_kwh"] / 1e3 * GJ_PER_TCE)
    check("coal plant efficiency", efficiency, 0.3, 0.48, **v)


@pytest.mark.parametrize(
    "name",
    ["coal_stove_efficiency", "straw_stove_efficiency", "pellet_boiler_efficiency",
     "gas_boiler_efficiency", "electric_heater_efficiency", "heat_boiler_efficiency",
     "industrial_coal_boiler_efficiency", "industrial_gas_boiler_efficiency",
     "electrode_boiler_efficiency", "biomass_boiler_efficiency",
     "services_coal_boiler_efficiency"],
)  # fmt: skip
def test_combustion_and_resistive_efficiencies_are_below_one(name):
    for v in values(name):
        check(name, v, 0.15, 1.0)


@pytest.mark.parametrize(
    "name", ["heat_pump_cop", "district_heat_pump_cop", "services_heat_pump_cop"]
)
def test_heat_pumps_deliver_more_heat_than_power_but_not_carnot_miracles(name):
    for v in values(name):
        check(name, v, 1.0, 5.0)


@pytest.mark.parametrize(
    "v", combos("coal_stove_efficiency", "coal_stove_straw_share", "coal_heat_value_gj_per_t")
)
def test_the_models_coal_stove_fuel_use_implies_its_efficiency(v):
    """Coal per GJ of heat as ``agents.heating`` computes it gives back the stated efficiency."""
    lookup = {**{n: p.default for n, p in REGISTRY.items()}, **v}
    coal_t_per_gj = ht.fuel_per_gj_heat(lookup.__getitem__)["coal_t"][ht.COAL]
    implied = (1 - v["coal_stove_straw_share"]) / (coal_t_per_gj * v["coal_heat_value_gj_per_t"])
    check("coal stove efficiency implied by its coal", implied, 0.3, 0.7, **v)
    tce_per_household = coal_t_per_gj * REGISTRY["rural_heat_demand_gj"].high * v[
        "coal_heat_value_gj_per_t"] / GJ_PER_TCE  # fmt: skip
    check("coal per coal-stove farmhouse (tce)", tce_per_household, 0.2, 4.0, **v)


@pytest.mark.parametrize(
    ("fuel", "low", "high"),
    [("coal", 85, 115), ("petrol", 67.5, 73.0), ("diesel", 72.6, 74.8), ("gas", 54.3, 58.3)],
)
def test_emission_factors_per_tj_lie_in_the_ipcc_ranges(fuel, low, high):
    """kg CO2 per GJ = carbon content x oxidation x 44/12 (IPCC 2006 Vol. 2 Table 2.2 ranges)."""
    for v in combos(f"{fuel}_carbon_tc_per_tj", f"{fuel}_oxidation"):
        per_gj = v[f"{fuel}_carbon_tc_per_tj"] * v[f"{fuel}_oxidation"] * CO2_PER_C
        check(f"{fuel} kgCO2/GJ", per_gj, low, high, **v)


def test_coal_per_tonne_stays_within_the_jilin_inventory_bound_at_the_default():
    d = {n: REGISTRY[n].default for n in ("coal_heat_value_gj_per_t", "coal_carbon_tc_per_tj",
                                          "coal_oxidation")}  # fmt: skip
    per_t = d["coal_heat_value_gj_per_t"] * d["coal_carbon_tc_per_tj"] / 1e3 * d["coal_oxidation"]
    per_t *= CO2_PER_C
    assert per_t <= 203.66 / 137.52, "more CO2 per tonne than Jilin's inventory allows (FACTS)"


@pytest.mark.parametrize("v", combos("biomass_power_straw_kg_per_kwh", "straw_heat_value_gj_per_t"))
def test_straw_power_plants_have_a_plausible_efficiency(v):
    efficiency = GJ_PER_MWH / 1e3 / (v["biomass_power_straw_kg_per_kwh"] / 1e3
                                     * v["straw_heat_value_gj_per_t"])  # fmt: skip
    check("straw power efficiency", efficiency, 0.15, 0.38, **v)


@pytest.mark.parametrize("v", combos("electrolysis_kwh_per_kg", "h2_heat_value_gj_per_t"))
def test_electrolysis_uses_more_energy_than_the_hydrogen_holds(v):
    efficiency = v["h2_heat_value_gj_per_t"] * KWH_PER_GJ / 1e3 / v["electrolysis_kwh_per_kg"]
    check("electrolysis efficiency (LHV)", efficiency, 0.45, 0.75, **v)


@pytest.mark.parametrize(
    "v", combos("straw_per_pellet_t", "pellet_heat_value_gj_per_t", "straw_heat_value_gj_per_t")
)
def test_pellets_cannot_hold_more_energy_than_their_straw(v):
    if v["straw_per_pellet_t"] < 1:
        pytest.fail("pellets cannot weigh more than the straw they are made of")
    ratio = v["pellet_heat_value_gj_per_t"] / (v["straw_per_pellet_t"] * v[
        "straw_heat_value_gj_per_t"])  # fmt: skip
    if ratio > 1.35:  # pellets are drier than bales; beyond that energy would be created
        pytest.fail(f"pellets hold {ratio:.2f}x the energy of their straw at {v}")


def test_ammonia_needs_its_stoichiometric_hydrogen():
    assert REGISTRY["ammonia_h2_t_per_t"].default == pytest.approx(3 * 2.016 / (2 * 17.031), 1e-3)


def test_fuel_densities_and_heat_values_are_physical():
    for name, low, high in [("petrol_kg_per_l", 0.70, 0.78), ("diesel_kg_per_l", 0.80, 0.88),
                            ("petrol_heat_value_gj_per_t", 42, 46),
                            ("diesel_heat_value_gj_per_t", 41, 45),
                            ("gas_heat_value_gj_per_m3", 0.033, 0.04),
                            ("h2_heat_value_gj_per_t", 119, 121),
                            ("coal_heat_value_gj_per_t", 10, 30)]:  # fmt: skip
        for v in values(name):
            check(name, v, low, high)


def test_every_share_lies_between_zero_and_one():
    for p in REGISTRY.values():
        if p.unit.startswith("share") or p.unit == "probability":
            assert 0 <= p.low and p.high <= 1, f"{p.name}: range [{p.low}, {p.high}] {p.unit}"
