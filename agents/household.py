"""Households: every household of Baicheng, with yearly car, heating and rooftop-PV decisions.

State lives in NumPy columns (one row per household); the decision rules are vectorised over
the households that decide this year. Each decision draws one uniform number per household per
year from the population's own stream, so the same household faces the same draw whatever the
levers are (common random numbers across scenarios).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from agents import heating as ht
from agents.population import (
    Population,
    State,
    category_shares,
    group_share,
    logistic,
    sample_logit,
    uniforms,
)
from parameters.units import GJ_PER_TCE, KG_PER_T, YUAN_PER_10K

if TYPE_CHECKING:
    from simulation.model import CityModel

NO_CAR, ICE, EV = 0, 1, 2
Lookup = Callable[[str], float]


def ev_utility(
    model: CityModel,
    income_factor: np.ndarray | float,
    access_term: np.ndarray | float,
    neighbour_ev_share: np.ndarray | float,
    asc: float,
) -> np.ndarray | float:
    """Utility of an EV over a petrol car for buyers (works on scalars and arrays).

    The year's conditions come from the model: EV price premium, purchase incentive, fuel
    savings over the years a buyer counts, cost sensitivity and social-influence weight.

    Args:
        model: The city model (this year's prices and parameters).
        income_factor: (median income / income) ** elasticity.
        access_term: Charging access utility.
        neighbour_ev_share: EV share among cars in the buyer's village or community.
        asc: Calibrated constant (absorbs range anxiety in the cold and other unobservables).
    """
    p = model.p
    net_cost = (
        model.market.ev_premium
        - p("ev_purchase_subsidy_yuan")
        - p("ev_savings_horizon_years") * model.market.ev_fuel_saving_per_year
    )
    return (
        asc
        - p("cost_sensitivity_per_10k_yuan") * net_cost / YUAN_PER_10K * income_factor
        + access_term
        + p("social_influence_strength") * neighbour_ev_share
    )


def first_purchase_probability(
    p: Lookup, income_rel: np.ndarray | float, ownership: float
) -> np.ndarray | float:
    """Yearly probability that a car-less household buys its first car.

    Args:
        p: Parameter lookup for the current year.
        income_rel: Household income relative to the median.
        ownership: Current share of households owning a car.
    """
    headroom = max(0.0, 1.0 - ownership / p("car_ownership_saturation"))
    return p("first_car_purchase_rate") * np.sqrt(income_rel) * headroom


def pv_payback_years(p: Lookup, pv_capex: float) -> float:
    """Simple payback of rooftop PV: capex net of subsidy over the value of its output."""
    net_capex = max(pv_capex - p("rooftop_pv_subsidy_yuan_per_kw"), 0.0)
    own = p("pv_self_consumption_share")
    value_per_kwh = own * p("electricity_price_yuan_per_kwh") + (1 - own) * p(
        "pv_feed_in_price_yuan_per_kwh"
    )
    return net_capex / (p("pv_yield_kwh_per_kw") * value_per_kwh)


def pv_adoption_probability(
    p: Lookup, payback: float, neighbour_pv_share: np.ndarray | float
) -> np.ndarray | float:
    """Yearly probability that a detached household without PV installs it."""
    attractiveness = (
        -(payback - p("pv_payback_midpoint_years")) / p("pv_payback_spread_years")
        + p("social_influence_strength") * neighbour_pv_share
    )
    return p("pv_max_adoption_rate") * logistic(attractiveness)


def rural_coal_tce(p: Lookup, counts: np.ndarray) -> float:
    """Coal (tce) burned by farmhouses' coal stoves, from real household counts."""
    coal_t = counts[ht.RURAL, ht.COAL] * ht.heat_demand_gj(p)[ht.RURAL]
    coal_t *= ht.fuel_per_gj_heat(p)["coal_t"][ht.COAL]
    return coal_t * p("coal_heat_value_gj_per_t") / GJ_PER_TCE


class Households(Population):
    """The household population (one row per household)."""

    schema = (
        State("county", np.int8, 0, "county-level unit index"),
        State("urban", np.bool_, False, "urban household"),
        State("neighbourhood", np.int32, 0, "village (rural) or community (urban) id"),
        State("income", np.float64, 0.0, "household income, yuan/yr"),
        State("detached", np.bool_, False, "lives in a detached house (roof, home charging)"),
        State("heating", np.int8, ht.COAL, "heating technology (agents.heating.HEATING_NAMES)"),
        State("heating_year", np.float64, np.nan, "year the heating system was installed"),
        State("car", np.int8, NO_CAR, "car powertrain: 0 none, 1 petrol, 2 electric"),
        State("car_year", np.float64, np.nan, "year the car was bought"),
        State("pv_kw", np.float64, 0.0, "rooftop PV capacity, kW"),
        State("pv_year", np.float64, np.nan, "year rooftop PV was installed"),
    )
    #: The decisions' random streams, in the order they are drawn each year.
    STREAMS = ("demography", "car_buy", "car_ev", "heating", "programme", "pv")

    def decide(self) -> None:
        """One year: arrivals and departures, then car, heating and rooftop-PV decisions."""
        model, s = self.model, self.streams
        self.demography(model)
        model.fiscal["ev_purchase_subsidy_yuan"] += self.decide_cars(
            model, uniforms(s["car_buy"], self.n), uniforms(s["car_ev"], self.n)
        )
        model.fiscal["heat_pump_subsidy_yuan"] += self.decide_heating(
            model, uniforms(s["heating"], self.n), uniforms(s["programme"], self.n)
        )
        model.fiscal["rooftop_pv_subsidy_yuan_per_kw"] += self.decide_pv(
            model, uniforms(s["pv"], self.n)
        )

    def demography(self, model: CityModel) -> None:
        """Households leave (or arrive, like existing ones) at the population growth rate."""
        rate = model.p("population_growth_rate")
        stream = self.streams["demography"]
        u = uniforms(stream, self.n)
        if rate < 0:
            self.remove_rows(np.flatnonzero(u < -rate))
        elif rate > 0:
            k = int((u < rate).sum())
            self.duplicate_rows(stream.integers(0, self.n, size=k))

    # ------------------------------------------------------------------ car
    def decide_cars(self, model: CityModel, u_buy: np.ndarray, u_ev: np.ndarray) -> float:
        """Car replacement and first purchase; EV or petrol by a logit on net cost.

        Args:
            model: The city model (prices, levers, charging stock).
            u_buy: One uniform draw per household for the first-purchase decision.
            u_ev: One uniform draw per household for the EV choice.

        Returns:
            Fiscal cost of EV purchase incentives this year (yuan).
        """
        year, p = model.year, model.p
        has_car = self.car != NO_CAR
        due = has_car & (year - self.car_year >= p("car_lifetime_years"))
        ownership = has_car.mean()
        income_rel = self.income / model.median_income
        first = ~has_car & (u_buy < first_purchase_probability(p, income_rel, ownership))
        buyers = np.flatnonzero(due | first)
        if buyers.size == 0:
            return 0.0
        utility = ev_utility(
            model,
            income_factor=income_rel[buyers] ** -p("income_cost_elasticity"),
            access_term=self.charging_access(model, buyers),
            neighbour_ev_share=group_share(
                self.neighbourhood, self.car == EV, model.n_neighbourhoods, has_car
            )[buyers],
            asc=model.asc["ev"],
        )
        chooses_ev = u_ev[buyers] < logistic(utility)
        self.car[buyers] = np.where(chooses_ev, EV, ICE)
        self.car_year[buyers] = year
        model.events["evs_bought"] = chooses_ev.sum() * self.weight
        model.events["cars_bought"] = buyers.size * self.weight
        return float(chooses_ev.sum() * self.weight * p("ev_purchase_subsidy_yuan"))

    def charging_access(self, model: CityModel, idx: np.ndarray) -> np.ndarray:
        """Utility of charging access: home charging if detached, else public chargers."""
        p = model.p
        chargers = model.market.public_chargers
        public = chargers / (chargers + p("charger_half_saturation"))
        apartment = p("charging_access_weight") * (public - 0.5)
        return np.where(self.detached[idx], p("home_charging_bonus"), apartment)

    # ------------------------------------------------------------------ heating
    def heating_costs(self, model: CityModel) -> np.ndarray:
        """Lifecycle cost (yuan) of each option: a town flat (row 0) and a farmhouse (row 1)."""
        return ht.lifecycle_costs(model.p, model.market.heat_pump_capex, model.straw.pellet_price)

    def decide_heating(
        self, model: CityModel, u_choice: np.ndarray, u_programme: np.ndarray
    ) -> float:
        """Heating replacement: multinomial logit when a system is due or a village converts.

        Households on district heat stay on it (the network is a collective choice). Which
        options a household may choose is ``agents.heating.unavailable_options``.

        Args:
            model: The city model.
            u_choice: One uniform per household for the technology choice.
            u_programme: One uniform per household for taking part in the village programme.

        Returns:
            Fiscal cost of the heat-pump subsidy this year (yuan): heat pumps only.
        """
        year, p = model.year, model.p
        own_system = self.heating != ht.DISTRICT
        due = own_system & (year - self.heating_year >= p("heating_lifetime_years"))
        traditional = (self.heating == ht.COAL) | (self.heating == ht.STRAW)
        joining = model.villages.joining[self.neighbourhood] & traditional
        converts = joining & (u_programme < p("clean_heating_programme_uptake"))
        deciders = np.flatnonzero(due | converts)
        if deciders.size == 0:
            return 0.0
        income_factor = (self.income[deciders] / model.median_income) ** -p(
            "income_cost_elasticity"
        )
        urban = self.urban[deciders]
        kind = np.where(urban, ht.URBAN, ht.RURAL)
        shares = category_shares(
            self.neighbourhood, self.heating, model.n_neighbourhoods, ht.N_HEATING, among=own_system
        )[self.neighbourhood[deciders]]
        utility = ht.heating_utility(
            p, income_factor, self.heating_costs(model)[kind], shares, model.asc["heating"][kind]
        )
        unavailable = ht.unavailable_options(
            urban,
            model.villages.coal_stoves_banned,
            model.villages.coal_free[self.neighbourhood[deciders]],
        )
        choice = sample_logit(utility, unavailable, u_choice[deciders])
        new_heat_pumps = (choice == ht.HEAT_PUMP) & (self.heating[deciders] != ht.HEAT_PUMP)
        self.heating[deciders] = choice
        self.heating_year[deciders] = year
        installs = new_heat_pumps.sum() * self.weight
        model.events["heat_pump_installs"] = installs
        model.events["new_coal_stoves"] = (choice == ht.COAL).sum() * self.weight
        return float(installs * p("heat_pump_subsidy_yuan"))

    # ------------------------------------------------------------------ rooftop PV
    def decide_pv(self, model: CityModel, u_pv: np.ndarray) -> float:
        """Rooftop PV adoption by detached households, driven by payback and neighbours.

        Returns:
            Fiscal cost of the PV subsidy this year (yuan).
        """
        p = model.p
        candidates = np.flatnonzero(self.detached & (self.pv_kw == 0))
        if candidates.size == 0:
            return 0.0
        kw = p("pv_system_kw")
        neighbours = group_share(self.neighbourhood, self.pv_kw > 0, model.n_neighbourhoods)
        prob = pv_adoption_probability(
            p, pv_payback_years(p, model.market.pv_capex), neighbours[candidates]
        )
        adopt = u_pv[candidates] < prob
        idx = candidates[adopt]
        self.pv_kw[idx] = kw
        self.pv_year[idx] = model.year
        added_kw = idx.size * kw * self.weight
        model.events["pv_kw_added"] = added_kw
        return float(added_kw * p("rooftop_pv_subsidy_yuan_per_kw"))

    # ------------------------------------------------------------------ energy
    def heating_counts(self) -> np.ndarray:
        """Real households by (town flat, farmhouse) x heating option."""
        key = (~self.urban).astype(np.int64) * ht.N_HEATING + self.heating
        counts = np.bincount(key, minlength=2 * ht.N_HEATING) * self.weight
        return counts.reshape(2, ht.N_HEATING)

    def energy(self, model: CityModel) -> dict[str, float]:
        """Yearly energy use of all households (real totals, weighted).

        Returns:
            ``coal_t``, ``straw_gj`` (household stoves), ``biomass_gj`` (pellets), ``gas_m3``,
            ``electricity_mwh`` (grid purchase, net of self-consumed PV), ``pv_mwh`` (all
            rooftop output), ``pv_export_mwh``, ``district_heat_gj``, ``petrol_t``, ``ev_mwh``,
            and the shares the KPIs need: ``ev_share_of_cars``, ``clean_heating_share``,
            ``rooftop_kw``.
        """
        p, w = model.p, self.weight
        counts = self.heating_counts()
        heat_gj = (counts * ht.heat_demand_gj(p)[:, None]).sum(axis=0)  # useful heat by option
        use = {fuel: float(heat_gj @ per_gj) for fuel, per_gj in ht.fuel_per_gj_heat(p).items()}
        car_counts = np.bincount(self.car, minlength=3) * w
        km = p("car_km_per_year")
        ev_mwh = car_counts[EV] * km / 100 * p("ev_kwh_per_100km") / KG_PER_T
        demand_mwh = self.n * w * p("household_electricity_kwh") / KG_PER_T + use["electricity_mwh"]
        pv_mwh = self.pv_kw.sum() * w * p("pv_yield_kwh_per_kw") / KG_PER_T
        own_use = min(pv_mwh * p("pv_self_consumption_share"), demand_mwh)
        petrol_kg = car_counts[ICE] * km / 100 * p("ice_l_per_100km") * p("petrol_kg_per_l")
        return {
            "coal_t": use["coal_t"],
            "straw_gj": use["straw_gj"],
            "biomass_gj": use["biomass_gj"],
            "gas_m3": use["gas_m3"] + self.urban.sum() * w * p("household_gas_m3_2020"),
            "electricity_mwh": demand_mwh - own_use,
            "pv_mwh": pv_mwh,
            "pv_export_mwh": pv_mwh - own_use,
            "district_heat_gj": use["district_gj"],
            "petrol_t": petrol_kg / KG_PER_T,
            "ev_mwh": ev_mwh,
            "ev_share_of_cars": car_counts[EV] / max(car_counts[ICE] + car_counts[EV], 1e-9),
            "clean_heating_share": counts.sum(axis=0)[ht.CLEAN_HEATING].sum() / counts.sum(),
            "rooftop_kw": self.pv_kw.sum() * w,
            "rural_clean_heating_share": counts[ht.RURAL, ht.CLEAN_HEATING].sum()
            / counts[ht.RURAL].sum(),
            "rural_coal_tce_per_household": rural_coal_tce(p, counts) / counts[ht.RURAL].sum(),
        }
