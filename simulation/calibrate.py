"""Calibration of alternative-specific constants to the 2020 shares.

Constants are fitted with the registry defaults (policies and world as in 2020), never with a
run's scenario or uncertainty values, so that every scenario starts from the same behaviour and
lever effects are not absorbed into constants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import brentq

from agents.farm import NON_GRAIN
from agents.household import EV, NO_CAR, ev_utility
from agents.population import group_share, logistic
from parameters import calibration as cal

if TYPE_CHECKING:
    from simulation.model import CityModel

#: Individuals used to fit constants (fixed rows, no draws): the constants are city-wide
#: scalars; 5,000 evenly spread rows fit them to ~1e-3 in logit units.
MAX_CALIBRATION_SAMPLE = 5_000


def spread_sample(candidates: np.ndarray) -> np.ndarray:
    """Evenly spaced rows of ``candidates`` (rows are ordered by county and urban/rural cell)."""
    take = min(candidates.size, MAX_CALIBRATION_SAMPLE)
    return candidates[np.linspace(0, candidates.size - 1, take).astype(int)]


def ev_constant(model: CityModel) -> float:
    """Constant of the EV utility so that 2020 purchases are ``EV_SALES_SHARE_2020`` electric."""
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
    target = cal.EV_SALES_SHARE_2020.value
    return float(brentq(lambda a: logistic(base + a).mean() - target, -30.0, 30.0))


def straw_constants(model: CityModel, iterations: int = 100, tolerance: float = 1e-6) -> np.ndarray:
    """Constants of (burn, return, off-field) reproducing the 2020 straw shares."""
    farms = model.farms
    idx = spread_sample(np.flatnonzero(farms.crop != NON_GRAIN))
    target = np.asarray(cal.STRAW_SHARES)
    asc = np.zeros(3)
    base = farms.straw_utility(model, idx, asc)
    for _ in range(iterations):
        v = base + asc
        prob = np.exp(v - v.max(axis=1, keepdims=True))
        prob /= prob.sum(axis=1, keepdims=True)
        step = np.log(target / prob.mean(axis=0))
        asc += step - step[0]
        if np.abs(step).max() < tolerance:
            break
    return asc
