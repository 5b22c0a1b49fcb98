"""Calibration of the choice models' constants to the observed 2020 choices.

Constants are fitted in the 2020 world at the registry defaults (2020 policies and prices),
never with a run's scenario or uncertainty values, so every scenario starts from the same
behaviour and lever effects are not absorbed into constants:

- EV: 2020 car purchases are ``ev_sales_share_2020`` electric;
- heating (towns and farmhouses apart): households replacing a system in 2020 choose the
  options in the shares of the 2020 stock, so nothing drifts without a cause;
- straw: the 2020 practices reproduce the 2020 straw balance (``straw_shares_2020``);
- buses and taxis: 2020 procurement is ``*_nev_purchase_share_2020`` new-energy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import brentq

from agents import heating as ht
from agents.bus_fleet import BusFleet
from agents.farm import NON_GRAIN, straw_t_per_mu
from agents.household import EV, NO_CAR, ev_utility
from agents.population import category_shares, group_share, logistic, logit_shares
from agents.taxi_fleet import TaxiFleet
from parameters import calibration as cal
from parameters.units import HA_PER_KHA, KG_PER_T, KW_PER_GW, MU_PER_HA, T_PER_MT

if TYPE_CHECKING:
    from simulation.model import CityModel

#: Individuals used to fit constants (fixed rows, no draws): the constants are city-wide
#: scalars; 5,000 evenly spread rows fit them to ~1e-3 in logit units.
MAX_CALIBRATION_SAMPLE = 5_000
ITERATIONS, TOLERANCE = 200, 1e-6
#: Bracket (logit units) within which a single calibrated constant is searched.
BRACKET = 60.0


class CalibrationError(RuntimeError):
    """The 2020 targets cannot be met with these parameters (the message says which)."""


def spread_sample(candidates: np.ndarray) -> np.ndarray:
    """Evenly spaced rows of ``candidates`` (rows are ordered by county and urban/rural cell)."""
    take = min(candidates.size, MAX_CALIBRATION_SAMPLE)
    return candidates[np.linspace(0, candidates.size - 1, take).astype(int)]


def _fit_shares(utility: np.ndarray, unavailable: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Constants that make the mean logit shares equal ``target`` (0 for the first option)."""
    asc = np.zeros(utility.shape[1])
    fitted = ~unavailable.all(axis=0) & (target > 0)
    asc[~fitted] = -np.inf
    for _ in range(ITERATIONS):
        prob = logit_shares(utility + asc, unavailable).mean(axis=0)
        step = np.zeros_like(asc)
        step[fitted] = np.log(target[fitted] / prob[fitted])
        asc[fitted] += step[fitted] - step[fitted][0]
        if np.abs(step[fitted]).max() < TOLERANCE:
            return asc
    raise CalibrationError(f"logit constants did not converge to shares {np.round(target, 4)}")


def ev_constant(model: CityModel) -> float:
    """Constant of the EV utility so that 2020 purchases are ``ev_sales_share_2020`` electric."""
    hh, p = model.households, model.p
    idx = spread_sample(np.arange(hh.n))
    has_car = hh.car != NO_CAR
    base = ev_utility(
        model,
        income_factor=(hh.income[idx] / model.median_income) ** -p("income_cost_elasticity"),
        access_term=hh.charging_access(model, idx),
        neighbour_ev_share=group_share(
            hh.neighbourhood, hh.car == EV, model.n_neighbourhoods, has_car
        )[idx],
        asc=0.0,
    )
    target = p("ev_sales_share_2020")
    return float(brentq(lambda a: logistic(base + a).mean() - target, -BRACKET, BRACKET))


def heating_constants(model: CityModel) -> np.ndarray:
    """Option constants for town flats (row 0) and farmhouses (row 1).

    Households with their own system choose, in 2020 conditions, the options available to them
    in the shares of the 2020 stock among such households.
    """
    hh, p = model.households, model.p
    own = hh.heating != ht.DISTRICT
    costs = hh.heating_costs(model)
    shares_by_group = category_shares(
        hh.neighbourhood, hh.heating, model.n_neighbourhoods, ht.N_HEATING, among=own
    )
    out = np.zeros((2, ht.N_HEATING))
    for kind, urban in ((ht.URBAN, True), (ht.RURAL, False)):
        rows = np.flatnonzero(own & (hh.urban == urban))
        idx = spread_sample(rows)
        income_factor = (hh.income[idx] / model.median_income) ** -p("income_cost_elasticity")
        utility = ht.heating_utility(
            p, income_factor, costs[kind], shares_by_group[hh.neighbourhood[idx]], 0.0
        )
        unavailable = ht.unavailable_options(hh.urban[idx], False, np.zeros(idx.size, bool))
        target = np.bincount(hh.heating[rows], minlength=ht.N_HEATING).astype(float)
        target[unavailable.all(axis=0)] = 0.0
        out[kind] = _fit_shares(utility, unavailable, target / target.sum())
    return out


def straw_shares_2020(model: CityModel, household_straw_t: float, pellets_t: float) -> np.ndarray:
    """Farms' 2020 shares of burning, field return and off-field use of the straw left to them.

    From the 2020 balance: open burning is ``1 - straw_utilisation_2020`` of the straw; off-field
    bales meet the 2020 demand (feed, materials, biomass power at full output, pellets);
    returning takes the rest.

    Args:
        model: The model (households built).
        household_straw_t: Straw burned by households' stoves in 2020.
        pellets_t: Straw pressed into the 2020 pellet demand.

    Raises:
        CalibrationError: If the parameters leave no straw for field return.
    """
    p = model.p
    mu = cal.SOWN_AREA_KHA.value * HA_PER_KHA * MU_PER_HA * cal.crop_area_shares()
    produced = float(mu @ straw_t_per_mu(model))
    power = (
        p("biomass_power_capacity_gw") * KW_PER_GW * p("biomass_power_hours")
        * p("biomass_power_straw_kg_per_kwh") / KG_PER_T
    )  # fmt: skip
    off_field = (p("straw_feed_share") + p("straw_materials_share")) * produced + power + pellets_t
    burn = (1 - p("straw_utilisation_2020")) * produced
    left = produced - household_straw_t
    returned = left - burn - off_field
    if returned < 0 or left <= 0:
        raise CalibrationError(
            f"2020 straw does not add up: {produced / T_PER_MT:.2f} Mt produced, households "
            f"burn {household_straw_t / T_PER_MT:.2f} Mt, open burning {burn / T_PER_MT:.2f} Mt "
            f"and off-field demand {off_field / T_PER_MT:.2f} Mt leave "
            f"{returned / T_PER_MT:.2f} Mt for field return"
        )
    return np.array([burn, returned, off_field]) / left


def straw_constants(model: CityModel, target: np.ndarray) -> np.ndarray:
    """Constants of (burn, return, off-field) reproducing the 2020 straw shares ``target``."""
    farms = model.farms
    idx = spread_sample(np.flatnonzero(farms.crop != NON_GRAIN))
    utility = farms.straw_utility(model, idx, np.zeros(3))
    return _fit_shares(utility, np.zeros(utility.shape, dtype=bool), target)


def fleet_constants(model: CityModel) -> dict[str, np.ndarray]:
    """Constants of the NEV powertrains so 2020 procurement meets the 2020 NEV share."""
    out = {}
    for fleet_type, target_param in ((BusFleet, "bus"), (TaxiFleet, "taxi")):
        fleet = model.agents_by_type[fleet_type][0]
        target = model.p(f"{target_param}_nev_purchase_share_2020")

        def nev_share(a: float, fleet=fleet) -> float:
            asc = np.where(fleet.NEV, a, 0.0)
            return float(fleet.choice_probabilities(asc)[fleet.NEV].sum())

        a = brentq(lambda x, f=nev_share, t=target: f(x) - t, -BRACKET, BRACKET)
        out[fleet_type.KIND] = np.where(fleet.NEV, a, 0.0)
    return out
