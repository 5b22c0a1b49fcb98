"""Households: every household of Baicheng, with yearly car, heating and rooftop-PV decisions.

State lives in NumPy columns (one row per household); the decision rules below are vectorised
over the households that decide this year. Each decision draws one uniform number per household
per year from its own random stream, so the same household faces the same draw whatever the
levers are (common random numbers across scenarios).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from agents.population import Population, State, category_shares, group_share, logistic
from parameters.units import GAS_GJ_PER_M3, KWH_PER_GJ

if TYPE_CHECKING:
    from simulation.model import CityModel

NO_CAR, ICE, EV = 0, 1, 2
COAL, DISTRICT, HEAT_PUMP, ELECTRIC, BIOMASS, GAS = range(6)
#: "coal_stove" includes mixed coal/straw stoves and kangs; "biomass" is pellet/briquette boilers.
HEATING_NAMES = ("coal_stove", "district_heat", "heat_pump", "electric", "biomass", "gas")
CLEAN_HEATING = np.array([False, True, True, True, True, True])
PELLET_GJ_PER_T = 16.0  # assumption: pellet/briquette heating value
PELLET_EFFICIENCY = 0.75  # assumption: biomass boiler efficiency
GAS_BOILER_EFFICIENCY = 0.9  # assumption
ELECTRIC_EFFICIENCY = 0.98  # assumption: direct electric heaters
#: Installed cost (yuan) of each heating option except the heat pump (from the registry).
HEATING_CAPEX = np.array([2000.0, 8000.0, np.nan, 8000.0, 5000.0, 6000.0])  # assumption
#: Comfort and convenience utility of each option relative to a coal stove.
HEATING_COMFORT = np.array([0.0, 1.0, 0.8, 0.6, -0.5, 0.8])  # assumption; pellets: supply hassle
PETROL_KG_PER_L = 0.74  # assumption: petrol density


@dataclass(frozen=True, slots=True)
class Household:
    """A read-only view of one household (for inspection, tests and the UI).

    Attributes:
        index: Row in the household population.
        state: Every state variable of this household.
    """

    index: int
    state: dict[str, object]


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
        model.ev_premium
        - p("ev_purchase_subsidy_yuan")
        - p("ev_savings_horizon_years") * model.ev_fuel_saving_per_year
    )
    return (
        asc
        - p("cost_sensitivity_per_10k_yuan") * net_cost / 1e4 * income_factor
        + access_term
        + p("social_influence_strength") * neighbour_ev_share
    )


def first_purchase_probability(
    p: Callable[[str], float], income_rel: np.ndarray | float, ownership: float
) -> np.ndarray | float:
    """Yearly probability that a car-less household buys its first car.

    Args:
        p: Parameter lookup for the current year.
        income_rel: Household income relative to the median.
        ownership: Current share of households owning a car.
    """
    headroom = max(0.0, 1.0 - ownership / p("car_ownership_saturation"))
    return p("first_car_purchase_rate") * np.sqrt(income_rel) * headroom


def heating_utility(
    p: Callable[[str], float],
    income_factor: np.ndarray | float,
    lifecycle_cost: np.ndarray,
    neighbour_shares: np.ndarray,
) -> np.ndarray:
    """Utilities of the heating options (last axis) for one or many households.

    Args:
        p: Parameter lookup for the current year.
        income_factor: (median income / income) ** elasticity, per household.
        lifecycle_cost: Lifecycle cost of each option (yuan).
        neighbour_shares: Share of each option among the neighbours with their own system.
    """
    income_factor = np.asarray(income_factor)[..., None]
    return (
        HEATING_COMFORT
        - p("cost_sensitivity_per_10k_yuan") * income_factor * lifecycle_cost / 1e4
        + p("social_influence_strength") * neighbour_shares * CLEAN_HEATING
    )


def pv_payback_years(p: Callable[[str], float], pv_capex: float) -> float:
    """Simple payback of rooftop PV: capex net of subsidy over the value of its output."""
    net_capex = max(pv_capex - p("rooftop_pv_subsidy_yuan_per_kw"), 0.0)
    own = p("pv_self_consumption_share")
    value_per_kwh = own * p("electricity_price_yuan_per_kwh") + (1 - own) * p(
        "pv_feed_in_price_yuan_per_kwh"
    )
    return net_capex / (p("pv_yield_kwh_per_kw") * value_per_kwh)


def pv_adoption_probability(
    p: Callable[[str], float], payback: float, neighbour_pv_share: np.ndarray | float
) -> np.ndarray | float:
    """Yearly probability that a detached household without PV installs it."""
    attractiveness = (
        -(payback - p("pv_payback_midpoint_years")) / 1.5
        + p("social_influence_strength") * neighbour_pv_share
    )
    return p("pv_max_adoption_rate") * logistic(attractiveness)


class Households(Population):
    """The household population (one row per household)."""

    schema = (
        State("county", np.int8, 0, "county-level unit index"),
        State("urban", np.bool_, False, "urban household"),
        State("neighbourhood", np.int32, 0, "village (rural) or community (urban) id"),
        State("income", np.float64, 0.0, "household income, yuan/yr"),
        State("detached", np.bool_, False, "lives in a detached house (roof, home charging)"),
        State("heating", np.int8, COAL, "heating technology (HEATING_NAMES)"),
        State("heating_year", np.float64, np.nan, "year the heating system was installed"),
        State("car", np.int8, NO_CAR, "car powertrain: 0 none, 1 petrol, 2 electric"),
        State("car_year", np.float64, np.nan, "year the car was bought"),
        State("pv_kw", np.float64, 0.0, "rooftop PV capacity, kW"),
        State("pv_year", np.float64, np.nan, "year rooftop PV was installed"),
    )

    def __getitem__(self, i: int) -> Household:
        """Return a view of household ``i``."""
        return Household(i, self.individual(i))

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
        public = model.public_chargers / (model.public_chargers + p("charger_half_saturation"))
        apartment = p("charging_access_weight") * (public - 0.5)
        return np.where(self.detached[idx], p("home_charging_bonus"), apartment)

    # ------------------------------------------------------------------ heating
    def heating_costs(self, model: CityModel) -> np.ndarray:
        """Lifecycle cost (yuan) of each heating option for a typical household this year."""
        p = model.p
        demand = p("household_heat_demand_gj") * p("heating_degree_days_factor")
        years = p("heating_lifecycle_years")
        elec = p("electricity_price_yuan_per_kwh")
        subsidy = p("heat_pump_subsidy_yuan")
        capex = HEATING_CAPEX.copy()
        capex[HEAT_PUMP] = model.heat_pump_capex
        capex[[HEAT_PUMP, ELECTRIC]] = np.maximum(capex[[HEAT_PUMP, ELECTRIC]] - subsidy, 0.0)
        running = np.array(
            [
                p("coal_stove_coal_t") * p("heating_degree_days_factor")
                * p("coal_price_yuan_per_t"),
                p("district_heat_fee_yuan"),
                demand * KWH_PER_GJ / p("heat_pump_cop") * elec,
                demand * KWH_PER_GJ / ELECTRIC_EFFICIENCY * elec,
                demand / PELLET_EFFICIENCY / PELLET_GJ_PER_T * p("pellet_price_yuan_per_t"),
                demand / GAS_BOILER_EFFICIENCY / GAS_GJ_PER_M3 * p("gas_price_yuan_per_m3"),
            ]
        )  # fmt: skip
        return capex + years * running

    def decide_heating(
        self, model: CityModel, u_choice: np.ndarray, u_programme: np.ndarray
    ) -> float:
        """Heating replacement: multinomial logit when a system is due or a village converts.

        Households on district heat stay on it (the network is a collective choice). Coal is
        not offered once new coal stoves are banned, nor in villages the programme has
        converted (they stay coal-free); district heat and gas are offered in towns only.

        Args:
            model: The city model.
            u_choice: One uniform per household for the technology choice.
            u_programme: One uniform per household for taking part in the village programme.

        Returns:
            Fiscal cost of heating subsidies this year (yuan).
        """
        year, p = model.year, model.p
        own_system = self.heating != DISTRICT
        due = own_system & (year - self.heating_year >= model.heating_lifetime)
        joining = model.villages_joining[self.neighbourhood] & (self.heating == COAL)
        converts = joining & (u_programme < p("clean_heating_programme_uptake"))
        deciders = np.flatnonzero(due | converts)
        if deciders.size == 0:
            return 0.0
        income_factor = (self.income[deciders] / model.median_income) ** -p(
            "income_cost_elasticity"
        )
        cost = self.heating_costs(model)
        shares = category_shares(
            self.neighbourhood, self.heating, model.n_neighbourhoods, 6, among=own_system
        )[self.neighbourhood[deciders]]
        utility = heating_utility(p, income_factor, cost, shares)
        urban = self.urban[deciders]
        unavailable = np.zeros_like(utility, dtype=bool)
        unavailable[:, [DISTRICT, GAS]] = ~urban[:, None]
        unavailable[:, COAL] = (
            model.coal_stove_banned | model.coal_free[self.neighbourhood[deciders]]
        )
        choice = _sample_logit(utility, unavailable, u_choice[deciders])
        switched_to_subsidised = ((choice == HEAT_PUMP) | (choice == ELECTRIC)) & (
            self.heating[deciders] != choice
        )
        self.heating[deciders] = choice
        self.heating_year[deciders] = year
        installs = switched_to_subsidised.sum() * self.weight
        model.events["clean_heating_installs"] = installs
        model.events["new_coal_stoves"] = (choice == COAL).sum() * self.weight
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
            p, pv_payback_years(p, model.pv_capex), neighbours[candidates]
        )
        adopt = u_pv[candidates] < prob
        idx = candidates[adopt]
        self.pv_kw[idx] = kw
        self.pv_year[idx] = model.year
        added_kw = idx.size * kw * self.weight
        model.events["pv_kw_added"] = added_kw
        return float(added_kw * p("rooftop_pv_subsidy_yuan_per_kw"))

    # ------------------------------------------------------------------ energy
    def energy(self, model: CityModel) -> dict[str, float]:
        """Yearly energy use of all households (real totals, weighted).

        Returns:
            ``coal_t``, ``biomass_t``, ``gas_m3``, ``electricity_mwh`` (grid purchase, net of
            self-consumed PV), ``pv_mwh`` (all rooftop output), ``pv_export_mwh``,
            ``district_heat_gj``, ``petrol_t``, ``ev_mwh``, and the shares the KPIs need:
            ``ev_share_of_cars``, ``clean_heating_share`` and ``rooftop_kw``.
        """
        p, w = model.p, self.weight
        hdd = p("heating_degree_days_factor")
        demand = p("household_heat_demand_gj") * hdd
        counts = np.bincount(self.heating, minlength=6) * w
        car_counts = np.bincount(self.car, minlength=3) * w
        km = p("car_km_per_year")
        heating_mwh = (
            counts[HEAT_PUMP] * demand * KWH_PER_GJ / p("heat_pump_cop")
            + counts[ELECTRIC] * demand * KWH_PER_GJ / ELECTRIC_EFFICIENCY
        ) / 1e3
        ev_mwh = car_counts[EV] * km / 100 * p("ev_kwh_per_100km") / 1e3
        demand_mwh = self.n * w * p("household_electricity_kwh") / 1e3 + heating_mwh
        pv_mwh = self.pv_kw.sum() * w * p("pv_yield_kwh_per_kw") / 1e3
        own_use = min(pv_mwh * p("pv_self_consumption_share"), demand_mwh)
        return {
            "coal_t": counts[COAL] * p("coal_stove_coal_t") * hdd,
            "biomass_t": counts[BIOMASS] * demand / PELLET_EFFICIENCY / PELLET_GJ_PER_T,
            "gas_m3": counts[GAS] * demand / GAS_BOILER_EFFICIENCY / GAS_GJ_PER_M3
            + self.urban.sum() * w * p("household_gas_m3_2020"),
            "electricity_mwh": demand_mwh - own_use,
            "pv_mwh": pv_mwh,
            "pv_export_mwh": pv_mwh - own_use,
            "district_heat_gj": counts[DISTRICT] * demand,
            "petrol_t": car_counts[ICE] * km / 100 * p("ice_l_per_100km") * PETROL_KG_PER_L / 1e3,
            "ev_mwh": ev_mwh,
            "ev_share_of_cars": car_counts[EV] / max(car_counts[ICE] + car_counts[EV], 1e-9),
            "clean_heating_share": counts[CLEAN_HEATING].sum() / counts.sum(),
            "rooftop_kw": pv_mwh * 1e3 / p("pv_yield_kwh_per_kw"),
        }


def _sample_logit(utility: np.ndarray, unavailable: np.ndarray | None, u: np.ndarray) -> np.ndarray:
    """Draw one option per row from a multinomial logit with one uniform per row.

    Option k is chosen when the row's uniform falls in the k-th slice of the cumulative
    probabilities. Work runs option by option on contiguous per-option rows, never along a short
    inner axis, which NumPy reduces slowly (measured 2.3x faster than ``cumsum(axis=1)`` for
    22,000 x 3; the additions happen in the same order, so the choices are identical).

    Args:
        utility: Rows of option utilities.
        unavailable: True where an option cannot be chosen (None: all available).
        u: One uniform in [0, 1) per row.
    """
    v = utility if unavailable is None else np.where(unavailable, -np.inf, utility)
    n_options = v.shape[1]
    top = v[:, 0].copy()
    for k in range(1, n_options):
        np.maximum(top, v[:, k], out=top)
    cum = np.exp(v - top[:, None]).T.copy()  # options x rows
    for k in range(1, n_options):
        cum[k] += cum[k - 1]
    threshold = u * cum[-1]
    choice = np.zeros(len(u), dtype=np.int8)
    for k in range(n_options - 1):
        choice += cum[k] <= threshold
    return choice
