"""World set-up: the 2020 synthetic population of households, farms, firms and fleets.

Counts come from ``parameters.calibration``: household and farm totals are reproduced exactly
(each simulated individual stands for ``1/scale`` real ones); county, urban/rural and crop cells
are allocated by largest remainder so the census and agricultural totals hold at any scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.bus_fleet import BusFleet
from agents.farm import CROPS, Farms
from agents.firm import Firm, HeatSupplier
from agents.fleet import MAX_AGE
from agents.household import EV, ICE, NO_CAR, Households
from agents.taxi_fleet import TaxiFleet
from parameters import calibration as cal

if TYPE_CHECKING:
    from simulation.model import CityModel


def allocate(total: int, shares: np.ndarray) -> np.ndarray:
    """Split ``total`` into integer counts proportional to ``shares`` (largest remainder)."""
    exact = total * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(exact).astype(int)
    remainder = total - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return counts


def county_urban_shares() -> tuple[np.ndarray, np.ndarray]:
    """Population share of each county and its urban share (reproducing the city's 54.44%)."""
    pop = np.array([cal.COUNTY_POPULATION[c].value for c in cal.COUNTIES], dtype=float)
    taobei = cal.URBAN_SHARE_TAOBEI.value
    rest = (cal.URBAN_POPULATION_2020.value - taobei * pop[0]) / (pop[1:].sum())
    urban = np.array([taobei, *([rest] * (len(pop) - 1))])
    return pop / pop.sum(), urban


def build_households(model: CityModel, scale: float, rng: np.random.Generator) -> Households:
    """Create the household population for ``scale`` (1.0 = every household)."""
    n_real = int(cal.HOUSEHOLDS_2020.value)
    n = max(1, round(n_real * scale))
    share, urban_share = county_urban_shares()
    cells = np.column_stack([share * urban_share, share * (1 - urban_share)]).ravel()
    counts = allocate(n, cells)
    cell = np.repeat(np.arange(cells.size), counts)
    county = (cell // 2).astype(np.int8)
    urban = cell % 2 == 0
    # neighbourhoods: villages for rural households, communities for urban, per county
    rural_by_county = cells[1::2] / cells[1::2].sum()
    urban_by_county = cells[0::2] / cells[0::2].sum()
    villages = np.maximum(1, allocate(int(cal.VILLAGES.value), rural_by_county))
    communities = np.maximum(1, allocate(int(cal.COMMUNITIES.value), urban_by_county))
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

    median = np.where(urban, cal.URBAN_INCOME_MEDIAN.value, cal.RURAL_INCOME_MEDIAN.value)
    income = median * np.exp(cal.INCOME_SIGMA.value * rng.standard_normal(n))
    detached = ~urban | (rng.random(n) < cal.URBAN_DETACHED_SHARE.value)
    heating = np.empty(n, dtype=np.int8)
    for flag, key in ((True, "urban"), (False, "rural")):
        idx = np.flatnonzero(urban == flag)
        heating[idx] = rng.choice(6, size=idx.size, p=cal.HEATING_SHARES[key])
    life = cal.HEATING_LIFETIME.value
    heating_year = model.year - np.floor(rng.random(n) * life)
    ownership = np.where(urban, cal.CAR_OWNERSHIP_2020["urban"], cal.CAR_OWNERSHIP_2020["rural"])
    has_car = rng.random(n) < ownership
    ev = rng.random(n) < cal.EV_SHARE_CARS_2020.value
    car = np.where(has_car, np.where(ev, EV, ICE), NO_CAR).astype(np.int8)
    car_life = model.p("car_lifetime_years")
    car_year = np.where(has_car, model.year - np.floor(rng.random(n) * car_life), np.nan)
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


def build_farms(model: CityModel, scale: float, rng: np.random.Generator) -> Farms:
    """Create the farm population; areas are rescaled so each crop's sown area is exact."""
    n_real = int(cal.FARMS.value)
    n = max(len(CROPS), round(n_real * scale))
    weight = n_real / n
    share, urban_share = county_urban_shares()
    rural = share * (1 - urban_share)
    county = np.repeat(np.arange(len(share)), allocate(n, rural)).astype(np.int8)
    villages_per_county = np.bincount(model.village_county, minlength=len(share))
    v_start = np.concatenate([[0], np.cumsum(villages_per_county)[:-1]])
    village = v_start[county] + (rng.random(n) * villages_per_county[county]).astype(int)
    crop_share = np.array([cal.CROP_AREA_SHARE[c] for c in CROPS])
    crop = rng.permutation(np.repeat(np.arange(len(CROPS)), allocate(n, crop_share)))
    area = np.exp(cal.FARM_AREA_SIGMA.value * rng.standard_normal(n))
    total_mu = cal.SOWN_AREA_KHA.value * 1e3 * cal.MU_PER_HA
    for k in range(len(CROPS)):
        mask = crop == k
        area[mask] *= crop_share[k] * total_mu / (area[mask].sum() * weight)
    straw = rng.choice(3, size=n, p=cal.STRAW_SHARES).astype(np.int8)
    conservation = rng.random(n) < cal.CONSERVATION_TILLAGE_SHARE_2020.value
    return Farms(
        model,
        n,
        weight=weight,
        county=county,
        neighbourhood=village.astype(np.int32),
        area_mu=area,
        crop=crop.astype(np.int8),
        machinery=rng.random(n) < cal.MACHINERY_ACCESS.value,
        straw=straw,
        conservation=conservation,
        conservation_year=np.where(conservation, model.year, np.nan),
    )


def build_firms(model: CityModel, rng: np.random.Generator) -> None:
    """Create industrial firms (sizes lognormal within each class) and heat suppliers."""
    gdp = cal.GDP_2020_BN_YUAN.value * 1e9
    industry_va = gdp * cal.INDUSTRY_VA_SHARE.value
    for sector, c in cal.FIRM_CLASSES.items():
        size = np.exp(0.8 * rng.standard_normal(c.firms))  # assumption: size spread
        size /= size.sum()
        for s in size:
            Firm(
                model,
                sector=sector,
                two_high=c.two_high,
                value_added=industry_va * c.value_added_share * s,
                base={
                    "coal_t": c.coal_t * s,
                    "electricity_mwh": c.electricity_mwh * s,
                    "gas_m3": c.gas_m3 * s,
                },
                clinker_t=c.clinker_t * s,
                output_elasticity=c.output_elasticity,
            )
    for share in cal.HEAT_SUPPLIERS:
        HeatSupplier(model, heat_share=share, biomass_share=cal.HEAT_BIOMASS_SHARE_2020.value)


def _vintage_stock(counts: np.ndarray, life: int, rng: np.random.Generator) -> np.ndarray:
    """Spread vehicle counts per powertrain evenly (with random remainders) over ages."""
    stock = np.zeros((counts.size, MAX_AGE), dtype=np.int64)
    for k, c in enumerate(counts):
        ages = rng.integers(0, life, size=int(c))
        stock[k] = np.bincount(ages, minlength=MAX_AGE)[:MAX_AGE]
    return stock


def build_fleets(model: CityModel, rng: np.random.Generator) -> None:
    """Create bus operators (one per county) and taxi fleets."""
    share, urban_share = county_urban_shares()
    bus_life = int(model.p("bus_lifetime_years"))
    mix = np.array([cal.BUS_MIX_2020[k] for k in BusFleet.POWERTRAINS])
    depot = allocate(int(cal.DEPOT_CHARGERS_2020.value), share * urban_share)
    for i, n_buses in enumerate(allocate(int(cal.BUSES_2020.value), share * urban_share)):
        stock = _vintage_stock(allocate(int(n_buses), mix), bus_life, rng)
        BusFleet(model, stock, depot_chargers=int(depot[i]))
    taxi_life = int(model.p("taxi_lifetime_years"))
    ev = cal.TAXI_EV_SHARE_2020.value
    for n_taxis in allocate(int(cal.TAXIS_2020.value), np.ones(int(cal.TAXI_FLEETS.value))):
        stock = _vintage_stock(allocate(int(n_taxis), np.array([1 - ev, ev])), taxi_life, rng)
        TaxiFleet(model, stock)
