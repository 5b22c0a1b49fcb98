"""Vehicle fleets held by vintage and powertrain: the shared part of bus and taxi operators.

A fleet retires vehicles at the end of their life and procures the same number: each new
vehicle's powertrain is a logit draw on lifetime cost (price net of subsidy plus energy), then the
NEV procurement mandate is enforced by converting conventional picks to the cheapest NEV.
"""

from __future__ import annotations

import abc
import math
from typing import TYPE_CHECKING

import mesa
import numpy as np

if TYPE_CHECKING:
    from simulation.model import CityModel

MAX_AGE = 30
YUAN_PER_UTILITY = 50000.0  # assumption: logit scale of lifetime-cost differences per vehicle


class Fleet(mesa.Agent, abc.ABC):
    """An operator holding vehicles by powertrain (rows) and age in years (columns).

    Subclasses define ``POWERTRAINS``, ``NEV`` (a mask), ``lifetime_param``, ``mandate_param``,
    ``lifetime_costs()`` and ``energy()``.
    """

    POWERTRAINS: tuple[str, ...] = ()
    NEV: np.ndarray = np.array([], dtype=bool)
    lifetime_param = ""
    mandate_param = ""

    def __init__(self, model: CityModel, stock: np.ndarray) -> None:
        """Create a fleet from a (powertrain x age) stock array of vehicle counts."""
        super().__init__(model)
        self.stock = stock.astype(np.int64)
        self.procured = np.zeros(len(self.POWERTRAINS), dtype=np.int64)

    @property
    def size(self) -> int:
        """Vehicles in the fleet."""
        return int(self.stock.sum())

    @property
    def nev_vehicles(self) -> int:
        """New-energy vehicles in the fleet."""
        return int(self.stock[self.NEV].sum())

    def allowed(self) -> np.ndarray:
        """Powertrains this operator may buy this year."""
        return np.ones(len(self.POWERTRAINS), dtype=bool)

    def step(self) -> None:
        """Age the fleet, retire vehicles at end of life and procure replacements."""
        model: CityModel = self.model
        life = int(model.p(self.lifetime_param))
        self.stock[:, 1:] = self.stock[:, :-1].copy()
        self.stock[:, 0] = 0
        retiring = self.stock[:, life:].sum(axis=1)
        self.stock[:, life:] = 0
        self.procured = self.procure(int(retiring.sum()), model.fleet_draws[self.unique_id])
        self.stock[:, 0] = self.procured

    def procure(self, n: int, u: np.ndarray) -> np.ndarray:
        """Choose powertrains for ``n`` new vehicles, then enforce the NEV mandate.

        Args:
            n: Vehicles to buy.
            u: Uniform draws (at least ``n``), fixed per fleet and year.

        Returns:
            Vehicles bought per powertrain.
        """
        counts = np.zeros(len(self.POWERTRAINS), dtype=np.int64)
        if n == 0:
            return counts
        allowed = self.allowed()
        costs = self.lifetime_costs()
        utility = np.where(allowed, -costs / YUAN_PER_UTILITY, -np.inf)
        prob = np.exp(utility - utility.max())
        cum = np.cumsum(prob / prob.sum())
        picks = np.minimum(np.searchsorted(cum, u[:n], side="right"), len(cum) - 1)
        counts += np.bincount(picks, minlength=len(self.POWERTRAINS))
        required = math.ceil(self.model.p(self.mandate_param) * n - 1e-9)
        shortfall = required - counts[self.NEV].sum()
        if shortfall > 0:
            nev_costs = np.where(self.NEV & allowed, costs, np.inf)
            best_nev = int(np.argmin(nev_costs))
            for k in np.argsort(-costs):  # drop dearest conventional first
                if self.NEV[k] or shortfall == 0:
                    continue
                moved = min(shortfall, counts[k])
                counts[k] -= moved
                counts[best_nev] += moved
                shortfall -= moved
        return counts

    @abc.abstractmethod
    def lifetime_costs(self) -> np.ndarray:
        """Lifetime cost per vehicle of each powertrain (yuan)."""

    @abc.abstractmethod
    def energy(self) -> dict[str, float]:
        """Yearly energy use of the fleet by fuel."""
