"""Vehicle fleets held by vintage and powertrain: the shared part of bus and taxi operators.

A fleet retires vehicles at the end of their life and procures the same number: each new
vehicle's powertrain is a logit draw on lifetime cost (price net of subsidy plus energy) with a
constant calibrated to the 2020 purchases, then the NEV procurement mandate is enforced by
converting conventional picks to the cheapest NEV. Each fleet draws from its own stream, one
uniform per vehicle bought, so its choices do not depend on the model's scale.
"""

from __future__ import annotations

import abc
import math
from typing import TYPE_CHECKING

import numpy as np

from agents.population import OrderedAgent

if TYPE_CHECKING:
    from simulation.model import CityModel


class Fleet(OrderedAgent, abc.ABC):
    """An operator holding vehicles by powertrain (rows) and age in years (columns).

    Subclasses define ``KIND`` (the key of its calibrated constants), ``POWERTRAINS``, ``NEV``
    (a mask), ``lifetime_param``, ``mandate_param``, ``lifetime_costs()`` and ``energy()``.
    """

    KIND = ""
    POWERTRAINS: tuple[str, ...] = ()
    NEV: np.ndarray = np.array([], dtype=bool)
    lifetime_param = ""
    mandate_param = ""

    def __init__(self, model: CityModel, stock: np.ndarray) -> None:
        """Create a fleet from a (powertrain x age) stock array of vehicle counts."""
        super().__init__(model)
        self.stock = stock.astype(np.int64)
        self.procured = np.zeros(len(self.POWERTRAINS), dtype=np.int64)
        self.stream = model.rng.spawn(1)[0]

    @property
    def size(self) -> int:
        """Vehicles in the fleet."""
        return int(self.stock.sum())

    @property
    def nev_vehicles(self) -> int:
        """New-energy vehicles in the fleet."""
        return int(self.stock[self.NEV].sum())

    @property
    def nev_share(self) -> float:
        """New-energy share of the fleet."""
        return self.nev_vehicles / max(self.size, 1)

    def allowed(self) -> np.ndarray:
        """Powertrains this operator may buy this year."""
        return np.ones(len(self.POWERTRAINS), dtype=bool)

    def decide(self) -> None:
        """Age the fleet, retire vehicles at end of life and procure replacements."""
        life = int(self.model.p(self.lifetime_param))
        self.stock[:, 1:] = self.stock[:, :-1].copy()
        self.stock[:, 0] = 0
        retiring = int(self.stock[:, life:].sum())
        self.stock[:, life:] = 0
        self.procured = self.procure(retiring, self.stream.random(retiring))
        self.stock[:, 0] = self.procured

    def cost_situation(self) -> tuple:
        """What, besides this year's prices, its lifetime costs depend on (nothing, here)."""
        return ()

    def choice_probabilities(self, asc: np.ndarray | None = None) -> np.ndarray:
        """Logit purchase shares of the powertrains this year, before the mandate.

        With the calibrated constants (``asc=None``) the shares are shared by every fleet of
        the kind in the same cost situation this year (``Market.fleet_choices``).
        """
        if asc is not None:
            return self._choice_probabilities(asc)
        key = (self.KIND, *self.cost_situation())
        cache = self.model.market.fleet_choices
        if key not in cache:
            cache[key] = self._choice_probabilities(self.model.asc[self.KIND])
        return cache[key]

    def _choice_probabilities(self, asc: np.ndarray) -> np.ndarray:
        p = self.model.p
        utility = asc - self.lifetime_costs() / p("fleet_yuan_per_utility")
        utility = np.where(self.allowed(), utility, -np.inf)
        prob = np.exp(utility - utility.max())
        return prob / prob.sum()

    def procure(self, n: int, u: np.ndarray) -> np.ndarray:
        """Choose powertrains for ``n`` new vehicles, then enforce the NEV mandate.

        Args:
            n: Vehicles to buy.
            u: One uniform draw per vehicle.

        Returns:
            Vehicles bought per powertrain.
        """
        counts = np.zeros(len(self.POWERTRAINS), dtype=np.int64)
        if n == 0:
            return counts
        cum = np.cumsum(self.choice_probabilities())
        picks = np.minimum(np.searchsorted(cum, u[:n], side="right"), len(cum) - 1)
        counts += np.bincount(picks, minlength=len(self.POWERTRAINS))
        required = math.ceil(self.model.p(self.mandate_param) * n - 1e-9)
        shortfall = required - counts[self.NEV].sum()
        if shortfall > 0:
            costs = self.lifetime_costs()
            nev_costs = np.where(self.NEV & self.allowed(), costs, np.inf)
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
