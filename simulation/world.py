"""World set-up: the 2020 synthetic population of households, farms, firms and fleets.

Household and farm totals are reproduced exactly (each simulated individual stands for
``1/scale`` real ones); county, urban/rural and crop cells are allocated by largest remainder so
the census and agricultural totals hold at any allowed scale. Every number comes from the
registry (through ``model.p``) or from the tables of ``parameters.calibration``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.bus_fleet import BusFleet
from agents.farm import CROPS, Farms
from agents.firm import Firm
from agents.heat_supplier import HeatSupplier
from agents.household import EV, ICE, NO_CAR, Households
from agents.new_industry import GreenAmmoniaPlant, GreenPowerPark, HydrogenProducer
from agents.taxi_fleet import TaxiFleet
from parameters import calibration as cal
from parameters.units import HA_PER_KHA, MU_PER_HA
from simulation.economy import Economy

if TYPE_CHECKING:
    from simulation.model import CityModel


def allocate(total: int, shares: np.ndarray) -> np.ndarray:
    """Split ``total`` into integer counts proportional to ``shares`` (largest remainder)."""
    exact = total * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(exact).astype(int)
    remainder = total - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return counts


def county_urban_shares(model: CityModel) -> tuple[np.ndarray, np.ndarray]:
    """Population share of each county and its urban share (reproducing the city's)."""
    p = model.p
    pop = np.array([cal.COUNTY_POPULATION[c].value for c in cal.COUNTIES], dtype=float)
    taobei = p("urban_share_taobei")
    rest = (p("urban_population_2020") - taobei * pop[0]) / pop[1:].sum()
    urban = np.array([taobei, *([rest] * (len(pop) - 1))])
    return pop / pop.sum(), urban


def build_households(model: CityModel, scale: float, rng: np.random.Generator) -> Households:
    """Create the household population for ``scale`` (1.0 = every household)."""
    p = model.p
    n_real = int(p("households_2020"))
    n = round(n_real * scale)
    share, urban_share = county_urban_shares(model)
    cells = np.column_stack([share * urban_share, share * (1 - urban_share)]).ravel()
    counts = allocate(n, cells)
    cell = np.repeat(np.arange(cells.size), counts)
    county = (cell // 2).astype(np.int8)
    urban = cell % 2 == 0
    # neighbourhoods: villages for rural households, communities for urban, per county
    villages = np.maximum(1, allocate(int(p("villages")), cells[1::2]))
    communities = np.maximum(1, allocate(int(p("communities")), cells[0::2]))
    v_start = np.concatenate([[0], np.cumsum(villages)[:-1]])
    c_start = villages.sum() + np.concatenate([[0], np.cumsum(communities)[:-1]])
    u = rng.random(n)
    neighbourhood = np.where(
        urban,
        c_start[county] + (u * communities[county]).astype(int),
        v_start[county] + (u * villages[county]).astype(int),
    ).astype(np.int32)
    model.n_villages = int(villages.sum())
    model.n_neighbourhoods = int(villages.sum() + communities.sum())
    model.village_county = np.repeat(np.arange(len(villages)), villages)

    median = np.where(urban, p("urban_income_median_yuan"), p("rural_income_median_yuan"))
    income = median * np.exp(p("income_log_sd") * rng.standard_normal(n))
    detached = ~urban | (rng.random(n) < p("urban_detached_share"))
    heating = np.empty(n, dtype=np.int8)
    for flag, shares in ((True, cal.urban_heating_shares(p)), (False, cal.rural_heating_shares(p))):
        idx = np.flatnonzero(urban == flag)
        heating[idx] = rng.choice(len(shares), size=idx.size, p=shares)
    life = p("heating_lifetime_years")
    heating_year = model.year - np.floor(rng.random(n) * life)
    ownership = np.where(urban, p("car_ownership_2020_urban"), p("car_ownership_2020_rural"))
    has_car = rng.random(n) < ownership
    ev = rng.random(n) < p("ev_share_cars_2020")
    car = np.where(has_car, np.where(ev, EV, ICE), NO_CAR).astype(np.int8)
    age = np.floor(rng.random(n) * p("car_lifetime_years"))
    car_year = np.where(has_car, model.year - age, np.nan)
    return Households(
        model,
        n,
        weight=n_real / n,
        county=county,
        urban=urban,
        neighbourhood=neighbourhood,
        income=income,
        detached=detached,
        heating=heating,
        heating_year=heating_year,
        car=car,
        car_year=car_year,
    )


def build_farms(
    model: CityModel, scale: float, rng: np.random.Generator, straw_shares: np.ndarray
) -> Farms:
    """Create the farm population; areas are rescaled so each crop's sown area is exact.

    Args:
        model: The model.
        scale: Share of farms simulated.
        rng: The set-up stream.
        straw_shares: 2020 shares of burning, field return and off-field use (of the straw
            households leave), from ``simulation.calibrate.straw_shares_2020``.
    """
    p = model.p
    n_real = int(p("farms_2020"))
    n = max(len(CROPS), round(n_real * scale))
    weight = n_real / n
    share, urban_share = county_urban_shares(model)
    county = np.repeat(np.arange(len(share)), allocate(n, share * (1 - urban_share)))
    villages_per_county = np.bincount(model.village_county, minlength=len(share))
    v_start = np.concatenate([[0], np.cumsum(villages_per_county)[:-1]])
    village = v_start[county] + (rng.random(n) * villages_per_county[county]).astype(int)
    crop_share = cal.crop_area_shares()
    crop = rng.permutation(np.repeat(np.arange(len(CROPS)), allocate(n, crop_share)))
    area = np.exp(p("farm_area_log_sd") * rng.standard_normal(n))
    total_mu = cal.SOWN_AREA_KHA.value * HA_PER_KHA * MU_PER_HA
    for k in range(len(CROPS)):
        mask = crop == k
        area[mask] *= crop_share[k] * total_mu / (area[mask].sum() * weight)
    straw = rng.choice(3, size=n, p=straw_shares).astype(np.int8)
    conservation = rng.random(n) < p("conservation_tillage_share_2020")
    return Farms(
        model,
        n,
        weight=weight,
        county=county.astype(np.int8),
        neighbourhood=village.astype(np.int32),
        area_mu=area,
        crop=crop.astype(np.int8),
        machinery=rng.random(n) < p("straw_machinery_access_share"),
        straw=straw,
        conservation=conservation,
        conservation_year=np.where(conservation, model.year, np.nan),
    )


def build_firms(model: CityModel) -> None:
    """Create one agent per industrial class, and the district-heat companies."""
    p = model.p
    industry_va = Economy.industry_value_added_2020(p)
    for sector, two_high in cal.FIRM_CLASSES.items():
        Firm(
            model,
            sector=sector,
            two_high=two_high,
            value_added_2020=industry_va * p(f"firm_{sector}_va_share"),
            base={
                "coal_tce": p(f"firm_{sector}_coal_tce_2020"),
                "electricity_mwh": p(f"firm_{sector}_electricity_mwh_2020"),
                "gas_m3": p(f"firm_{sector}_gas_m3_2020"),
            },
            clinker_t=p(f"firm_{sector}_clinker_t_2020"),
            output_elasticity=p(f"firm_{sector}_output_elasticity"),
        )
    for share in cal.HEAT_SUPPLIER_SHARES:
        HeatSupplier(model, heat_share=share, biomass_share=p("heat_biomass_share_2020"))


def build_new_industry(model: CityModel) -> None:
    """Create the plan's new-industry agents (idle until their levers start them)."""
    HydrogenProducer(model)
    GreenAmmoniaPlant(model)
    GreenPowerPark(model)


def _vintage_stock(counts: np.ndarray, life: int, max_age: int, rng: np.random.Generator):
    """Spread vehicle counts per powertrain evenly (with random remainders) over ages."""
    stock = np.zeros((counts.size, max_age), dtype=np.int64)
    for k, c in enumerate(counts):
        ages = rng.integers(0, life, size=int(c))
        stock[k] = np.bincount(ages, minlength=max_age)[:max_age]
    return stock


def build_fleets(model: CityModel, rng: np.random.Generator) -> None:
    """Create the bus operators (one per county-level unit) and the taxi fleets.

    The fuel-cell buses (route 102) run in the city proper (洮北区, the first unit).
    """
    p = model.p
    share, urban_share = county_urban_shares(model)
    bus_life = int(p("bus_lifetime_years"))
    bus_max_age = cal.max_vehicle_age("bus_lifetime_years")
    fcev = int(p("fcev_buses_2020"))
    mix = np.array([p("bus_share_2020_diesel"), p("bus_share_2020_cng"), p("bus_share_2020_bev")])
    buses = allocate(int(p("buses_2020")), share * urban_share)
    buses[0] -= fcev
    depot = allocate(int(p("depot_chargers_2020")), share * urban_share)
    for i, n_buses in enumerate(buses):
        counts = np.append(allocate(int(n_buses), mix), fcev if i == 0 else 0)
        BusFleet(model, _vintage_stock(counts, bus_life, bus_max_age, rng), int(depot[i]))
    taxi_life = int(p("taxi_lifetime_years"))
    taxi_max_age = cal.max_vehicle_age("taxi_lifetime_years")
    ev = p("taxi_ev_share_2020")
    for n_taxis in allocate(int(p("taxis_2020")), np.ones(int(p("taxi_fleets")))):
        counts = allocate(int(n_taxis), np.array([1 - ev, ev]))
        TaxiFleet(model, _vintage_stock(counts, taxi_life, taxi_max_age, rng))
