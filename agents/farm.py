"""Farms: every farm operation, with yearly straw-use and conservation-tillage decisions.

A farm's straw (its crop's grain yield x residue ratio x collectable share) first serves the
farm household's own stoves (``household_fuel_share`` of it, set each year by the households'
heating); the rest is burned in the open, returned to the field or sold off-field (baled for
biomass power, pellets, feed and materials). The choice is a multinomial logit on the net
benefit per mu (subsidies, the buyer price, machinery cost, the expected fine = detection
probability x fine), habit and the neighbours' choices. State lives in NumPy columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.population import (
    Population,
    State,
    category_shares,
    group_share,
    logistic,
    sample_logit,
    uniforms,
)
from parameters import calibration as cal
from parameters.units import KG_PER_T

if TYPE_CHECKING:
    from simulation.model import CityModel

BURN, RETURN, OFFFIELD = 0, 1, 2
STRAW_NAMES = ("burn", "field_return", "off_field")
CROPS = cal.CROPS
NON_GRAIN = CROPS.index("non_grain")


def straw_t_per_mu(model: CityModel) -> np.ndarray:
    """Collectable straw per mu sown of each crop (t): yield x residue ratio x collectable."""
    p = model.p
    ratio = np.array([p(f"residue_ratio_{c}") if c != "non_grain" else 0.0 for c in CROPS])
    return cal.crop_yield_t_per_mu() * ratio * p("straw_collectable_share")


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
    STREAMS = ("straw", "tillage")

    def decide(self) -> None:
        """One year: straw practice, then conservation tillage."""
        model = self.model
        self.decide_straw(model, uniforms(self.streams["straw"], self.n))
        model.fiscal["conservation_tillage_subsidy_yuan_per_mu"] += self.decide_tillage(
            model, uniforms(self.streams["tillage"], self.n)
        )

    def straw_values(self, model: CityModel, idx: np.ndarray) -> np.ndarray:
        """Net benefit (yuan/mu) of burning, returning and selling straw for farms ``idx``."""
        p = model.p
        area = self.area_mu[idx]
        straw_t = model.straw_t_per_mu[self.crop[idx]]
        burn = p("straw_burn_convenience_yuan_per_mu") - (
            p("burning_enforcement") * p("burning_fine_yuan") / area
        )
        ret = (
            p("straw_return_subsidy_yuan_per_mu")
            - p("straw_return_cost_yuan_per_mu")
            - np.where(self.machinery[idx], 0.0, p("no_machinery_extra_cost_yuan_per_mu"))
        )
        off = straw_t * (
            model.straw.buyer_price
            + p("straw_offfield_subsidy_yuan_per_t")
            - p("straw_offfield_cost_yuan_per_t")
        )
        return np.stack([burn, ret, off], axis=1)

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
        """Each grain farm chooses this year's practice for the straw its household leaves.

        Args:
            model: The city model.
            u: One uniform per farm.
        """
        idx = np.flatnonzero(self.crop != NON_GRAIN)
        utility = self.straw_utility(model, idx, model.asc["straw"])
        self.straw[idx] = sample_logit(utility, None, u[idx])

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
        ) / p("farm_yuan_per_utility")
        candidates = np.flatnonzero(~self.conservation)
        prob = p("conservation_tillage_max_rate") * logistic(
            margin + p("social_influence_strength") * share[candidates]
        )
        adopt = candidates[u[candidates] < prob]
        self.conservation[adopt] = True
        self.conservation_year[adopt] = model.year
        area = self.area_mu[self.conservation].sum() * self.weight
        return float(area * p("conservation_tillage_subsidy_yuan_per_mu"))

    def straw_supply(self, model: CityModel) -> dict[str, float]:
        """Straw produced and the farms' practices for what households leave (real tonnes).

        Returns:
            ``produced_t`` and, before household fuel is taken out, the tonnes under each
            practice: ``burn_t``, ``return_t``, ``off_field_t``; ``return_mu`` is the area of
            field return (for the per-mu subsidy).
        """
        grain = self.crop != NON_GRAIN
        straw_t = model.straw_t_per_mu[self.crop] * self.area_mu
        tonnes = np.bincount(self.straw[grain], weights=straw_t[grain], minlength=3) * self.weight
        area = np.bincount(self.straw[grain], weights=self.area_mu[grain], minlength=3)
        return {
            "produced_t": float(tonnes.sum()),
            "burn_t": float(tonnes[BURN]),
            "return_t": float(tonnes[RETURN]),
            "off_field_t": float(tonnes[OFFFIELD]),
            "return_mu": float(area[RETURN] * self.weight),
        }

    def energy(self, model: CityModel) -> dict[str, float]:
        """Diesel use, conservation-tillage area and soil sink of all farms (real totals)."""
        p = model.p
        saving = np.where(self.conservation, p("conservation_tillage_diesel_saving"), 0.0)
        diesel_kg = (self.area_mu * (1 - saving)).sum() * p("farm_diesel_kg_per_mu")
        ct_mu = self.area_mu[self.conservation].sum() * self.weight
        return {
            "diesel_t": diesel_kg / KG_PER_T * self.weight,
            "conservation_mu": ct_mu,
            "soil_sink_t": ct_mu * p("soil_sink_t_per_mu"),
        }
