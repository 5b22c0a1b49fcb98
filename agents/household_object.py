"""Households as conventional Mesa agents: one `HouseholdAgent` object per household.

This is the reference implementation for the benchmark (`benchmarks.benchmark`) and for the
equivalence test (`tests/test_household_object.py`); the model does not use it. `CityModel`
holds its households in the array-backed `agents.household.Households`, whose vectorised
decisions this module restates one household at a time, the way a Mesa model is usually
written: each `HouseholdAgent` keeps its own scalar state (copied from one row of
`Households`) and its own `step` decides, in turn, on a car, on heating and on rooftop PV.

Equivalence, draw for draw:

* Each agent consumes the same uniform numbers as its row in the vectorised version; the model
  (or the benchmark) draws them once a year from the named streams (`DRAW_STREAMS`, in the
  order `CityModel.step` draws them) and `deal_draws` hands each agent its five numbers.
* Neighbour shares. The conventional way would be each agent scanning the households of its
  village or community. We do not: the vectorised decisions read the shares of the state at the
  start of the year, so agents updating one by one would see their neighbours' new cars and
  heating systems and the result would depend on the activation order; scanning is also
  O(households x neighbourhood size) per year. Instead `HouseholdYear.start` computes, once a
  year and from the agents' own states, one table per neighbourhood (EV share among car owners,
  share of each heating option among households with their own system, PV share) with the same
  `agents.population.category_shares` the vectorised code uses; each agent looks up its row.
  The result is therefore independent of the order agents are stepped in (`shuffle_do` is fine).
* Formulas are reused wherever the vectorised module exposes them: `ev_utility`, `logistic`,
  `category_shares`, `Households.heating_costs`, `Households.charging_access`, the heating
  logit sampler, `first_purchase_probability`, `heating_utility`, `pv_payback_years`,
  `pv_adoption_probability` and the constants. Only the control flow (the due tests, which
  options are available, the tallies) is written per agent here; the equivalence test fails as
  soon as the two drift apart.
* Powers go through NumPy's array kernel (`_power`), because NumPy's SIMD `power` on arrays can
  differ from the C library's scalar `pow` in the last bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

import mesa
import numpy as np

from agents import heating as ht
from agents.household import (
    EV,
    ICE,
    NO_CAR,
    Households,
    ev_utility,
    first_purchase_probability,
    pv_adoption_probability,
    pv_payback_years,
)
from agents.population import category_shares, logistic, sample_logit, uniforms

if TYPE_CHECKING:
    from simulation.model import CityModel

__all__ = [
    "DRAW_STREAMS",
    "STATE_NAMES",
    "HouseholdAgent",
    "HouseholdYear",
    "advance_to_decisions",
    "copy_population",
    "deal_draws",
    "run_year",
    "states",
]

#: Every per-household state, in the order of the `Households` schema.
STATE_NAMES: tuple[str, ...] = tuple(state.name for state in Households.schema)
#: The households' random streams that feed these decisions, in `Households.decide` order:
#: first purchase, EV choice, heating choice, village programme, PV.
DRAW_STREAMS: tuple[str, ...] = ("car_buy", "car_ev", "heating", "programme", "pv")


def _power(base: float, exponent: float) -> float:
    """Return ``base ** exponent`` computed by NumPy's array kernel (bit-identical to arrays)."""
    return float(np.power(np.array([base]), exponent)[0])


@dataclass(slots=True)
class HouseholdYear:
    """What every household sees this year (fixed at the start of the year), and the tallies.

    Attributes:
        year: Calendar year of the decisions.
        weight: Real households each simulated household stands for.
        car_ownership: Share of all households owning a car.
        ev_share: EV share among car owners, per neighbourhood.
        heating_shares: Share of each heating option among households with their own system,
            per neighbourhood (rows) and option (columns).
        pv_share: Share of households with rooftop PV, per neighbourhood.
        heating_cost: Lifecycle cost (yuan) of each heating option for a town flat (row 0) and a
            farmhouse (row 1) (`Households.heating_costs`).
        charging_access: Charging-access utility for an apartment (0) and a detached house (1).
        pv_payback: Simple payback (years) of a rooftop PV system after the subsidy.
        cars_bought: Cars bought this year (simulated households).
        evs_bought: Of which electric.
        heat_pump_installs: Switches to a heat pump (the only subsidised option).
        new_coal_stoves: Coal stoves chosen.
        pv_adopters: Households installing rooftop PV.
    """

    year: int
    weight: float
    car_ownership: float
    ev_share: np.ndarray
    heating_shares: np.ndarray
    pv_share: np.ndarray
    heating_cost: np.ndarray
    charging_access: np.ndarray
    pv_payback: float
    cars_bought: int = 0
    evs_bought: int = 0
    heat_pump_installs: int = 0
    new_coal_stoves: int = 0
    pv_adopters: int = 0

    @classmethod
    def start(cls, model: CityModel, agents: Sequence[HouseholdAgent]) -> HouseholdYear:
        """Compute this year's conditions from the model and the agents' current states.

        Args:
            model: The city model, already advanced to this year's prices and levers.
            agents: Every household agent.
        """
        p, n_groups = model.p, model.n_neighbourhoods
        n = len(agents)
        group = np.fromiter((a.neighbourhood for a in agents), dtype=np.int64, count=n)
        car = np.fromiter((a.car for a in agents), dtype=np.int8, count=n)
        heating = np.fromiter((a.heating for a in agents), dtype=np.int8, count=n)
        has_pv = np.fromiter((a.pv_kw > 0 for a in agents), dtype=np.int8, count=n)
        has_car = car != NO_CAR
        # the same counts as agents.household's group_share / category_shares, one row per group
        ev_share = category_shares(group, car, n_groups, 3, among=has_car)[:, EV]
        heating_shares = category_shares(
            group, heating, n_groups, ht.N_HEATING, among=heating != ht.DISTRICT
        )
        pv_share = category_shares(group, has_pv, n_groups, 2)[:, 1]
        # Households.charging_access reads only `detached`: ask it for both kinds of dwelling
        access = Households.charging_access(
            SimpleNamespace(detached=np.array([False, True])),  # type: ignore[arg-type]
            model,
            np.array([0, 1]),
        )
        return cls(
            year=model.year,
            weight=model.households.weight,
            car_ownership=float(has_car.mean()),
            ev_share=ev_share,
            heating_shares=heating_shares,
            pv_share=pv_share,
            heating_cost=model.households.heating_costs(model),
            charging_access=access,
            pv_payback=pv_payback_years(p, model.market.pv_capex),
        )

    def fiscal(self, model: CityModel) -> dict[str, float]:
        """Return this year's fiscal cost (yuan) per lever, as the vectorised decisions do."""
        p, w = model.p, self.weight
        added_kw = self.pv_adopters * p("pv_system_kw") * w
        return {
            "ev_purchase_subsidy_yuan": float(self.evs_bought * w * p("ev_purchase_subsidy_yuan")),
            "heat_pump_subsidy_yuan": float(
                self.heat_pump_installs * w * p("heat_pump_subsidy_yuan")
            ),
            "rooftop_pv_subsidy_yuan_per_kw": float(added_kw * p("rooftop_pv_subsidy_yuan_per_kw")),
        }

    def events(self, model: CityModel) -> dict[str, float]:
        """Return this year's household events (real units), keyed as in `model.events`."""
        w = self.weight
        return {
            "evs_bought": self.evs_bought * w,
            "cars_bought": self.cars_bought * w,
            "heat_pump_installs": self.heat_pump_installs * w,
            "new_coal_stoves": self.new_coal_stoves * w,
            "pv_kw_added": self.pv_adopters * model.p("pv_system_kw") * w,
        }


class HouseholdAgent(mesa.Agent):
    """One household with its own state and its own yearly car, heating and PV decisions.

    Attributes:
        county: County-level unit index.
        urban: Urban household.
        neighbourhood: Village (rural) or community (urban) id.
        income: Household income, yuan/yr.
        detached: Lives in a detached house (roof, home charging).
        heating: Heating technology (`agents.household.HEATING_NAMES`).
        heating_year: Year the heating system was installed.
        car: Car powertrain: 0 none, 1 petrol, 2 electric.
        car_year: Year the car was bought (NaN without a car).
        pv_kw: Rooftop PV capacity, kW.
        pv_year: Year rooftop PV was installed (NaN without PV).
        draws: This year's uniforms, one per stream of `DRAW_STREAMS`.
    """

    def __init__(
        self,
        model: CityModel,
        county: int,
        urban: bool,
        neighbourhood: int,
        income: float,
        detached: bool,
        heating: int,
        heating_year: float,
        car: int,
        car_year: float,
        pv_kw: float,
        pv_year: float,
    ) -> None:
        """Create a household with the given state (see the class attributes)."""
        super().__init__(model)
        self.county = int(county)
        self.urban = bool(urban)
        self.neighbourhood = int(neighbourhood)
        self.income = float(income)
        self.detached = bool(detached)
        self.heating = int(heating)
        self.heating_year = float(heating_year)
        self.car = int(car)
        self.car_year = float(car_year)
        self.pv_kw = float(pv_kw)
        self.pv_year = float(pv_year)
        self.draws: tuple[float, ...] = ()

    @classmethod
    def from_population(cls, model: CityModel, households: Households) -> list[HouseholdAgent]:
        """Create one agent per row of ``households`` (Mesa's `create_agents`), in row order."""
        columns = {name: households.column(name).tolist() for name in STATE_NAMES}
        return list(cls.create_agents(model, households.n, **columns))

    # ------------------------------------------------------------------ yearly step
    def step(self, year: HouseholdYear) -> None:
        """Decide on a car, on heating and on rooftop PV, consuming this year's `draws`.

        Args:
            year: This year's conditions (shared by all households); tallies are added to it.
        """
        u_buy, u_ev, u_heating, u_programme, u_pv = self.draws
        self.decide_car(year, u_buy, u_ev)
        self.decide_heating(year, u_heating, u_programme)
        self.decide_pv(year, u_pv)

    def decide_car(self, year: HouseholdYear, u_buy: float, u_ev: float) -> None:
        """Replace a car that is due, or buy a first one; EV or petrol by a logit on net cost."""
        model, p = self.model, self.model.p
        has_car = self.car != NO_CAR
        due = has_car and year.year - self.car_year >= p("car_lifetime_years")
        income_rel = self.income / model.median_income
        first = False
        if not has_car:
            first = u_buy < first_purchase_probability(p, income_rel, year.car_ownership)
        if not (due or first):
            return
        utility = ev_utility(
            model,
            income_factor=_power(income_rel, -p("income_cost_elasticity")),
            access_term=float(year.charging_access[int(self.detached)]),
            neighbour_ev_share=float(year.ev_share[self.neighbourhood]),
            asc=model.asc["ev"],
        )
        chooses_ev = bool(u_ev < logistic(utility))
        self.car = EV if chooses_ev else ICE
        self.car_year = float(year.year)
        year.cars_bought += 1
        year.evs_bought += chooses_ev

    def decide_heating(self, year: HouseholdYear, u_choice: float, u_programme: float) -> None:
        """Choose a heating system when the current one is due or the village converts.

        Households on district heat stay on it; which options a household may choose is
        `agents.heating.unavailable_options`.
        """
        model, p = self.model, self.model.p
        own_system = self.heating != ht.DISTRICT
        due = own_system and year.year - self.heating_year >= p("heating_lifetime_years")
        converts = (
            bool(model.villages.joining[self.neighbourhood])
            and self.heating in (ht.COAL, ht.STRAW)
            and u_programme < p("clean_heating_programme_uptake")
        )
        if not (due or converts):
            return
        kind = ht.URBAN if self.urban else ht.RURAL
        income_factor = _power(self.income / model.median_income, -p("income_cost_elasticity"))
        utility = ht.heating_utility(
            p,
            income_factor,
            year.heating_cost[kind],
            year.heating_shares[self.neighbourhood],
            model.asc["heating"][kind],
        )
        unavailable = ht.unavailable_options(
            np.array([self.urban]),
            model.villages.coal_stoves_banned,
            np.array([bool(model.villages.coal_free[self.neighbourhood])]),
        )
        choice = int(sample_logit(utility[None, :], unavailable, np.array([u_choice]))[0])
        if choice == ht.HEAT_PUMP and self.heating != ht.HEAT_PUMP:
            year.heat_pump_installs += 1
        if choice == ht.COAL:
            year.new_coal_stoves += 1
        self.heating = choice
        self.heating_year = float(year.year)

    def decide_pv(self, year: HouseholdYear, u_pv: float) -> None:
        """Install rooftop PV (detached houses only), driven by payback and neighbours."""
        p = self.model.p
        if not self.detached or self.pv_kw != 0:
            return
        prob = pv_adoption_probability(p, year.pv_payback, float(year.pv_share[self.neighbourhood]))
        if u_pv < prob:
            self.pv_kw = p("pv_system_kw")
            self.pv_year = float(year.year)
            year.pv_adopters += 1


# ---------------------------------------------------------------------- driving one year
def deal_draws(agents: Sequence[HouseholdAgent], draws: Mapping[str, np.ndarray]) -> None:
    """Give each agent its uniforms for this year.

    Args:
        agents: The agents in row order (agent ``i`` gets element ``i`` of every array).
        draws: One array per stream of `DRAW_STREAMS`, one uniform per household.
    """
    columns = [draws[name].tolist() for name in DRAW_STREAMS]
    if any(len(c) != len(agents) for c in columns):
        raise ValueError(f"{len(agents)} agents but draws of lengths {[len(c) for c in columns]}")
    for agent, u in zip(agents, zip(*columns, strict=True), strict=True):
        agent.draws = u


def run_year(
    model: CityModel,
    agents: Sequence[HouseholdAgent],
    draws: Mapping[str, np.ndarray],
    shuffle: bool = False,
) -> HouseholdYear:
    """Run one year of household decisions with the object agents.

    Args:
        model: The city model, advanced to this year's conditions (see `advance_to_decisions`).
        agents: Every household agent of the model, in row order (for the draws).
        draws: This year's uniforms (see `deal_draws`).
        shuffle: Step the agents in random order (`AgentSet.shuffle_do`; the result is the same).

    Returns:
        The year's conditions and tallies (`HouseholdYear.fiscal` gives the costs).
    """
    registered = model.agents_by_type[HouseholdAgent]
    if len(registered) != len(agents):
        raise ValueError(f"{len(agents)} agents given but {len(registered)} registered")
    year = HouseholdYear.start(model, agents)
    deal_draws(agents, draws)
    if shuffle:
        registered.shuffle_do("step", year)
    else:
        registered.do("step", year)
    return year


def states(agents: Sequence[HouseholdAgent]) -> dict[str, np.ndarray]:
    """Return the agents' states as columns (same names and dtypes as `Households`)."""
    dtypes = {state.name: state.dtype for state in Households.schema}
    return {
        name: np.array([getattr(a, name) for a in agents], dtype=dtypes[name])
        for name in STATE_NAMES
    }


def copy_population(households: Households) -> Households:
    """Return an independent copy of ``households`` (own arrays, on a throwaway Mesa model).

    The vectorised decisions can then run on the copy while the model's population, and the
    agents copied from it, keep the state at the start of the year.
    """
    columns = {name: households.column(name) for name in STATE_NAMES}
    return Households(mesa.Model(rng=0), households.n, households.weight, **columns)


def advance_to_decisions(model: CityModel) -> dict[str, np.ndarray]:
    """Bring a model to next year's conditions, just before the household decisions.

    Runs the start of `CityModel.step` (year, parameters, prices, world) and the households'
    demography with the same methods in the same order, and draws this year's household
    uniforms from the households' streams as `Households.decide` does. The coal-stove ban,
    which the model schedules as a Mesa event, is applied here by its year. Model time is not
    advanced, so the model should not be stepped afterwards; the equivalence test checks this
    against a real `step`.

    Args:
        model: A city model (for example freshly built).

    Returns:
        One array of uniforms per stream of `DRAW_STREAMS`.
    """
    from parameters import value_in_year
    from simulation.model import BASE_YEAR

    model.year = BASE_YEAR + round(model.time) + 1
    model._now = model._values_in(model.year)
    if int(value_in_year(model.params["coal_stove_ban_year"], BASE_YEAR)) <= model.year:
        model.villages.ban_coal_stoves()
    model.fiscal.clear()
    model.events = {}
    model._update_prices()
    model._advance_world()
    households = model.households
    households.demography(model)
    return {name: uniforms(households.streams[name], households.n) for name in DRAW_STREAMS}
