"""Farms: every farm operation, with yearly straw-use and conservation-tillage decisions.

Straw is burned in the open, returned to the field or sold off-field (baling for biomass power,
feed, fuel, materials); the choice is a multinomial logit on the net benefit per mu (subsidies,
buyer price, machinery cost, expected fine = detection probability x fine), habit and the
neighbours' choices. State lives in NumPy columns, one row per farm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.household import _sample_logit
from agents.population import Population, State, category_shares, group_share, logistic
from parameters import calibration as cal

if TYPE_CHECKING:
    from simulation.model import CityModel

BURN, RETURN, OFFFIELD = 0, 1, 2
STRAW_NAMES = ("burn", "field_return", "off_field")
CROPS = ("maize", "rice", "pulses", "other_grain", "non_grain")
NON_GRAIN = CROPS.index("non_grain")


class Farms(Population):
    """The farm population (one row per farm operation)."""

    schema = (
        State("county", np.int8, 0, "county-level unit index"),
        State("neighbourhood", np.int32, 0, "village id"),
        State("area_mu", np.float64, 0.0, "sown area, mu"),
        State("crop", np.int8, 0, "main crop (CROPS)"),
        State("machinery", np.bool_, False, "owns straw-handling machinery"),
        State("straw", np.int8, OFFFIELD, "straw practice (STRAW_NAMES)"),
        State("conservation", np.bool_, False, "practises conservation tillage"),
        State("conservation_year", np.float64, np.nan, "year conservation tillage began"),
    )

    def straw_values(self, model: CityModel, idx: np.ndarray) -> np.ndarray:
        """Net benefit (yuan/mu) of burning, returning and selling straw for farms ``idx``."""
        p = model.p
        area = self.area_mu[idx]
        straw_t = p("straw_t_per_mu")
        burn = p("straw_burn_convenience_yuan_per_mu") - (
            p("burning_enforcement") * p("burning_fine_yuan") / area
        )
        ret = (
            p("straw_return_subsidy_yuan_per_mu")
            - p("straw_return_cost_yuan_per_mu")
            - np.where(self.machinery[idx], 0.0, p("no_machinery_extra_cost_yuan_per_mu"))
        )
        off = straw_t * (
            p("biomass_buyer_price_yuan_per_t")
            + p("straw_offfield_subsidy_yuan_per_t")
            - p("straw_offfield_cost_yuan_per_t")
        )
        return np.stack([burn, ret, np.full(idx.size, off)], axis=1)

    def straw_utility(self, model: CityModel, idx: np.ndarray, asc: np.ndarray) -> np.ndarray:
        """Logit utilities of the three straw practices for farms ``idx``."""
        p = model.p
        shares = category_shares(self.neighbourhood, self.straw, model.n_neighbourhoods, 3)
        utility = shares[self.neighbourhood[idx]]
        utility *= p("social_influence_strength")
        utility += self.straw_values(model, idx) / p("farm_yuan_per_utility")
        utility += asc
        utility[np.arange(idx.size), self.straw[idx]] += p("straw_habit_utility")
        return utility

    def decide_straw(self, model: CityModel, u: np.ndarray) -> None:
        """Each grain farm chooses this year's straw practice.

        Args:
            model: The city model.
            u: One uniform per farm.
        """
        idx = np.flatnonzero(self.crop != NON_GRAIN)
        utility = self.straw_utility(model, idx, model.asc["straw"])
        self.straw[idx] = _sample_logit(utility, None, u[idx])

    def decide_tillage(self, model: CityModel, u: np.ndarray) -> float:
        """Conservation-tillage adoption (kept once adopted).

        Returns:
            Fiscal cost of the conservation-tillage subsidy this year (yuan).
        """
        p = model.p
        share = group_share(self.neighbourhood, self.conservation, model.n_neighbourhoods)
        margin = (
            p("conservation_tillage_subsidy_yuan_per_mu")
            - p("conservation_tillage_cost_yuan_per_mu")
        ) / 10.0
        candidates = np.flatnonzero(~self.conservation)
        prob = p("conservation_tillage_max_rate") * logistic(
            margin + p("social_influence_strength") * share[candidates]
        )
        adopt = candidates[u[candidates] < prob]
        self.conservation[adopt] = True
        self.conservation_year[adopt] = model.year
        area = self.area_mu[self.conservation].sum() * self.weight
        return float(area * p("conservation_tillage_subsidy_yuan_per_mu"))

    def straw_tonnes(self) -> dict[str, float]:
        """Straw produced and its fate this year (real totals; ``return_mu`` is area)."""
        grain = self.crop != NON_GRAIN
        area = np.bincount(self.straw[grain], weights=self.area_mu[grain], minlength=3)
        area *= self.weight
        straw_t = self.model.p("straw_t_per_mu")
        return {
            "total_t": area.sum() * straw_t,
            "burned_t": area[BURN] * straw_t,
            "returned_t": area[RETURN] * straw_t,
            "off_field_t": area[OFFFIELD] * straw_t,
            "return_mu": area[RETURN],
        }

    def grain_output_t(self) -> dict[str, float]:
        """Output of each crop (real totals, t) at the calibrated yields per mu."""
        area = np.bincount(self.crop, weights=self.area_mu, minlength=len(CROPS)) * self.weight
        return {c: area[k] * cal.CROP_YIELD_T_PER_MU[c].value for k, c in enumerate(CROPS)}

    def energy(self, model: CityModel) -> dict[str, float]:
        """Diesel use, conservation-tillage area and soil sink of all farms (real totals)."""
        p = model.p
        saving = np.where(self.conservation, p("conservation_tillage_diesel_saving"), 0.0)
        diesel_t = (self.area_mu * (1 - saving)).sum() * p("farm_diesel_kg_per_mu") / 1e3
        ct_mu = self.area_mu[self.conservation].sum() * self.weight
        return {
            "diesel_t": diesel_t * self.weight,
            "conservation_mu": ct_mu,
            "soil_sink_t": ct_mu * p("soil_sink_t_per_mu"),
        }
