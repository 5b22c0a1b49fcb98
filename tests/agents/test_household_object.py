"""The object-per-household reference (`agents.household_object`) decides exactly as `Households`.

Same model, same uniforms: every household must end the year with the same car, heating and PV
state in both implementations, and the fiscal costs must be equal to the last bit.
"""

from __future__ import annotations

import copy

import mesa
import numpy as np
import pytest

from agents.heating import DISTRICT, N_HEATING
from agents.household import EV, NO_CAR, Households
from agents.household_object import (
    DRAW_STREAMS,
    STATE_NAMES,
    HouseholdAgent,
    advance_to_decisions,
    copy_population,
    run_year,
    states,
)
from agents.population import Population, State, category_shares, group_share, uniforms
from simulation import CityModel

SCALE, SEED = 0.01, 7
FISCAL_KEYS = (
    "ev_purchase_subsidy_yuan",
    "heat_pump_subsidy_yuan",
    "rooftop_pv_subsidy_yuan_per_kw",
)


def _vectorised(model: CityModel, hh: Households, draws: dict) -> dict[str, float]:
    return dict(
        zip(
            FISCAL_KEYS,
            (
                hh.decide_cars(model, draws["car_buy"], draws["car_ev"]),
                hh.decide_heating(model, draws["heating"], draws["programme"]),
                hh.decide_pv(model, draws["pv"]),
            ),
            strict=True,
        )
    )


def _assert_same_states(agents: list[HouseholdAgent], hh: Households) -> None:
    got = states(agents)
    assert len(agents) == hh.n
    for name in STATE_NAMES:
        np.testing.assert_array_equal(got[name], hh.column(name), err_msg=name)


@pytest.fixture(scope="module")
def one_year():
    """2021 decided both ways on the same draws, from the same model."""
    model = CityModel(scenario="plan", scale=SCALE, rng=SEED)
    draws = advance_to_decisions(model)
    before = {name: model.households.column(name).copy() for name in STATE_NAMES}
    agents = HouseholdAgent.from_population(model, model.households)
    vectorised = copy_population(model.households)
    fiscal = _vectorised(model, vectorised, draws)
    events = dict(model.events)
    year = run_year(model, agents, draws)
    return {
        "model": model,
        "draws": draws,
        "before": before,
        "agents": agents,
        "vectorised": vectorised,
        "fiscal": fiscal,
        "events": events,
        "year": year,
    }


def test_agents_are_registered_mesa_agents_copied_from_rows(one_year):
    model, agents = one_year["model"], one_year["agents"]
    assert all(isinstance(a, mesa.Agent) for a in agents[:10])
    assert len(model.agents_by_type[HouseholdAgent]) == model.households.n == len(agents)
    # the model's own population was not touched by either implementation
    for name in STATE_NAMES:
        np.testing.assert_array_equal(model.households.column(name), one_year["before"][name])


def test_one_year_same_outcome_for_every_household(one_year):
    _assert_same_states(one_year["agents"], one_year["vectorised"])
    before, hh = one_year["before"], one_year["vectorised"]
    # the year did something in each decision
    assert (hh.car_year == 2021).sum() == one_year["year"].cars_bought > 0
    assert (hh.heating_year == 2021).sum() > 0
    assert (hh.pv_kw > before["pv_kw"]).sum() == one_year["year"].pv_adopters > 0


def test_one_year_same_fiscal_cost_and_events(one_year):
    model, year = one_year["model"], one_year["year"]
    assert year.fiscal(model) == one_year["fiscal"]
    assert one_year["fiscal"]["ev_purchase_subsidy_yuan"] > 0
    events = year.events(model)
    for key, value in one_year["events"].items():
        assert events[key] == value, key


def test_advance_to_decisions_matches_a_real_step(one_year):
    """The helper reproduces the start of `CityModel.step`, draws included."""
    twin = CityModel(scenario="plan", scale=SCALE, rng=SEED)
    twin.step()
    assert twin.year == one_year["model"].year == 2021
    for name in STATE_NAMES:
        np.testing.assert_array_equal(
            twin.households.column(name), one_year["vectorised"].column(name), err_msg=name
        )
    for key in ("heat_pump_subsidy_yuan", "rooftop_pv_subsidy_yuan_per_kw"):
        assert twin.fiscal[key] == one_year["fiscal"][key]


def _vectorised_shares(model: CityModel, hh: Households) -> tuple[np.ndarray, ...]:
    """Each household's neighbour shares, computed as the vectorised decisions compute them."""
    group, n = hh.neighbourhood, model.n_neighbourhoods
    has_car = hh.car != NO_CAR
    return (
        group_share(group, hh.car == EV, n, has_car),
        category_shares(group, hh.heating, n, N_HEATING, among=hh.heating != DISTRICT)[group],
        group_share(group, hh.pv_kw > 0, n),
    )


class _Rows(Population):
    """Which agent sits in each household row (moved by the model's own row bookkeeping)."""

    schema = (State("agent", np.int64, -1, "index into the list of every agent created"),)


@pytest.mark.parametrize("scenario", ["plan", "enhanced"])
def test_several_years_same_outcomes(monkeypatch, scenario):
    """2021-2030 through `CityModel.step`: objects persist, leave and arrive with the rows."""
    model = CityModel(scenario=scenario, scale=SCALE, rng=SEED, end_year=2030)
    pool = HouseholdAgent.from_population(model, model.households)
    rows = _Rows(mesa.Model(rng=0), len(pool), 1.0, agent=np.arange(len(pool)))

    def agents() -> list[HouseholdAgent]:
        return [pool[i] for i in rows.agent]

    real_demography = Households.demography

    def demography(self, m) -> None:
        """Run the households' demography and replay its draws on the agents."""
        replay = np.random.Generator(copy.deepcopy(self.streams["demography"].bit_generator))
        n = self.n
        real_demography(self, m)
        u, rate = uniforms(replay, n), model.p("population_growth_rate")
        if rate < 0:
            leaving = np.flatnonzero(u < -rate)
            for i in rows.agent[leaving]:
                pool[i].remove()
            rows.remove_rows(leaving)
        elif rate > 0:
            src = replay.integers(0, n, size=int((u < rate).sum()))
            for i in rows.agent[src]:
                pool.append(HouseholdAgent(model, **{k: getattr(pool[i], k) for k in STATE_NAMES}))
            rows.add_rows(src.size, agent=np.arange(len(pool) - src.size, len(pool)))
        assert rows.n == model.households.n

    monkeypatch.setattr(Households, "demography", demography)
    seen: dict[str, object] = {}
    originals = {
        "decide_cars": Households.decide_cars,
        "decide_heating": Households.decide_heating,
        "decide_pv": Households.decide_pv,
    }

    def recorder(name: str, streams: tuple[str, ...]):
        def decide(self, m, *u):
            if name == "decide_cars":  # start of the year: the neighbour shares as vectorised
                seen["shares"] = _vectorised_shares(m, self)
            seen.update(zip(streams, u, strict=True))
            seen[name] = originals[name](self, m, *u)
            if name == "decide_pv":  # all draws known: now the objects decide, in random order
                seen["year"] = run_year(m, agents(), {s: seen[s] for s in DRAW_STREAMS}, True)
            return seen[name]

        return decide

    monkeypatch.setattr(Households, "decide_cars", recorder("decide_cars", DRAW_STREAMS[:2]))
    monkeypatch.setattr(Households, "decide_heating", recorder("decide_heating", DRAW_STREAMS[2:4]))
    monkeypatch.setattr(Households, "decide_pv", recorder("decide_pv", DRAW_STREAMS[4:]))

    totals = dict.fromkeys(FISCAL_KEYS, 0.0)
    while model.running:
        model.step()
        _assert_same_states(agents(), model.households)
        vectorised = [seen["decide_cars"], seen["decide_heating"], seen["decide_pv"]]
        assert list(seen["year"].fiscal(model).values()) == vectorised, model.year
        group = model.households.neighbourhood  # demography ran before the shares were taken
        year = seen["year"]
        ev, heating, pv = seen["shares"]
        np.testing.assert_array_equal(year.ev_share[group], ev)
        np.testing.assert_array_equal(year.heating_shares[group], heating)
        np.testing.assert_array_equal(year.pv_share[group], pv)
        for key, value in zip(FISCAL_KEYS, vectorised, strict=True):
            totals[key] += value
    assert model.year == 2030
    assert len(model.agents_by_type[HouseholdAgent]) == model.households.n
    # the decade exercised every subsidy and the village programme
    assert all(v > 0 for v in totals.values()), totals
    assert model.villages.started > 0
    if scenario == "enhanced":
        assert model.villages.coal_stoves_banned
