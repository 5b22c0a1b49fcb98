"""The Baicheng city model: set-up from parameters, the yearly order of events, and outputs.

One Mesa time unit is one year; ``model.time == 0`` is the base year 2020. Each step: the
year's parameters and prices, the world (chargers, economy, wind and solar, village roll-out),
then each agent type through Mesa's ``AgentSet`` in a fixed order (households, farms, firm
classes and heat companies, new industry, fleets), then the energy system settles and the
DataCollector records the year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from contextlib import contextmanager
from functools import partial
from numbers import Integral, Real
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario

from agents.bus_fleet import BusFleet
from agents.farm import Farms, straw_t_per_mu
from agents.firm import Firm
from agents.heat_supplier import HeatSupplier
from agents.household import Households
from agents.new_industry import GreenAmmoniaPlant, GreenPowerPark, HydrogenProducer
from agents.taxi_fleet import TaxiFleet
from parameters import REGISTRY, ParameterError, resolve, value_in_year
from simulation import calibrate
from simulation import power as pw
from simulation.accounting import tidy_rows
from simulation.economy import Economy
from simulation.energy import SettledYear, pellet_straw_t, settle
from simulation.fuels import fuel_table, h2_energy_share
from simulation.kpis import KPI_NAMES, PLAN_PEAK_YEAR, scorecard
from simulation.market import Market
from simulation.peak import detect_peak
from simulation.records import FISCAL_LEVERS, firm_records, yearly_record
from simulation.sectors import AggregateSectors
from simulation.straw import StrawMarket
from simulation.villages import Villages
from simulation.world import (
    build_farms,
    build_firms,
    build_fleets,
    build_households,
    build_new_industry,
)

BASE_YEAR = int(REGISTRY["base_year"].default)
DEFAULT_END_YEAR = int(REGISTRY["default_end_year"].default)
LATEST_END_YEAR = int(REGISTRY["default_end_year"].high)
SMALLEST_SCALE = float(REGISTRY["smallest_scale"].default)
#: Agent types stepped before the household energy is totted up, then after it, in order.
FIRST_STEPPED = (Households, Farms)
THEN_STEPPED = (
    Firm, HeatSupplier, HydrogenProducer, GreenAmmoniaPlant, GreenPowerPark, BusFleet, TaxiFleet,
)  # fmt: skip
Convention = Literal["consumption", "production"]


class CityScenario(Scenario):
    """Mesa's scenario of a run: its name and every resolved parameter value (read-only)."""

    name: str = "plan"
    parameters: Mapping[str, Any] = MappingProxyType({})


def recorded(key: str, model: CityModel) -> float:
    """A DataCollector model reporter (bound to a key with ``partial``): this year's value."""
    return model.record[key]


def _check_arguments(scale: Any, end_year: Any, convention: Any, rng: Any) -> tuple:
    """Validate the constructor's own arguments; accept numpy scalars."""
    if (
        isinstance(scale, bool)
        or not isinstance(scale, Real)
        or not (SMALLEST_SCALE <= float(scale) <= 1)
    ):
        raise ParameterError(
            f"scale: {scale!r} is not allowed; expected a number in [{SMALLEST_SCALE:g}, 1] "
            "(below that, county and village totals are no longer represented)"
        )
    if (
        isinstance(end_year, bool)
        or not isinstance(end_year, Integral)
        or not (BASE_YEAR < int(end_year) <= LATEST_END_YEAR)
    ):
        raise ParameterError(
            f"end_year: {end_year!r} is not allowed; expected a year in "
            f"{BASE_YEAR + 1}-{LATEST_END_YEAR}"
        )
    if convention not in ("consumption", "production"):
        raise ParameterError(
            f"convention: {convention!r} is not allowed; expected 'consumption' or 'production'"
        )
    seed_ok = (
        rng is None
        or isinstance(rng, np.random.Generator)
        or (isinstance(rng, Integral) and not isinstance(rng, bool) and int(rng) >= 0)
    )
    if not seed_ok:
        raise ParameterError(
            f"rng: {rng!r} is not allowed; expected a seed (an integer >= 0), a "
            "numpy.random.Generator or None"
        )
    rng = int(rng) if isinstance(rng, Integral) else rng
    return float(scale), int(end_year), convention, rng


class CityModel(mesa.Model):
    """Agent-based model of Baicheng's low-carbon transition, 2020 to ``end_year``.

    Attributes:
        scenario: Mesa's scenario: ``scenario.name`` and ``scenario.parameters``.
        params: Resolved parameter values (read-only): constants or ``{year: value}`` schedules.
        scale: Share of real households and farms simulated (1.0 = every one).
        year: Current calendar year.
        households: The household population (array-backed).
        farms: The farm population (array-backed).
        record: This year's record (every yearly column).
    """

    def __init__(
        self,
        scenario: str | Path | Mapping[str, Any] = "plan",
        scale: float = 1.0,
        end_year: int = DEFAULT_END_YEAR,
        convention: Convention = "consumption",
        rng: int | np.random.Generator | None = None,
        overrides: Mapping[str, Any] | None = None,
        **parameters: Any,
    ) -> None:
        """Build the 2020 world.

        Args:
            scenario: Built-in scenario name, path to a scenario TOML, or a mapping of values.
            scale: Share of households and farms to simulate, in [``SMALLEST_SCALE``, 1].
            end_year: Last simulated year.
            convention: Electricity accounting for the headline CO2: ``consumption`` or
                ``production``.
            rng: Seed or numpy Generator (Mesa's ``rng``).
            overrides: Parameter values on top of the scenario.
            **parameters: More parameter values by name (as Mesa's ``batch_run`` passes them).

        Raises:
            ParameterError: On any bad argument or parameter value; nothing is built.
        """
        scale, end_year, convention, rng = _check_arguments(scale, end_year, convention, rng)
        if not isinstance(scenario, str | Path | Mapping):
            raise ParameterError(
                f"scenario: {scenario!r} is not allowed; expected a built-in name, a path to a "
                "scenario TOML or a mapping of parameter values"
            )
        if overrides is not None and not isinstance(overrides, Mapping):
            raise ParameterError(
                f"overrides: {overrides!r} is not allowed; expected a mapping of parameter values"
            )
        values = resolve(scenario, {**(overrides or {}), **parameters})
        name = "custom" if isinstance(scenario, Mapping) else str(scenario)
        super().__init__(
            scenario=CityScenario(rng=rng, name=name, parameters=MappingProxyType(values))
        )
        self.params = self.scenario.parameters
        self.scale = scale
        self.end_year = end_year
        self.convention: Convention = convention
        self.year = BASE_YEAR
        self.stepping = False
        self._now = self._values_in(BASE_YEAR)
        self.fiscal: defaultdict[str, float] = defaultdict(float)
        self.events: dict[str, float] = {}
        self.coal_pressure = 0.0
        self.base_year_ratios: dict[str, float] | None = None
        self.record: dict[str, float] = {}
        self._settled: list[tuple[int, SettledYear, Any]] = []
        setup, villages_rng, fleet_setup = self.rng.spawn(3)
        self.market = Market.start(self.p)
        self.straw = StrawMarket.start(self.p)
        self.economy = Economy(self.p)
        self.wind_solar_gw = self.p("wind_solar_capacity_2020_gw")
        self._update_prices()
        self.households = build_households(self, self.scale, setup)
        self.median_income = float(np.median(self.households.income))
        self.villages = Villages(self.n_villages, self.n_neighbourhoods, villages_rng)
        self._schedule_coal_stove_ban()
        self.straw_t_per_mu = straw_t_per_mu(self)
        self.aggregates = AggregateSectors()
        build_firms(self)
        build_new_industry(self)
        self._household_energy()
        straw_target = calibrate.straw_shares_2020(
            self,
            household_straw_t=self.household_energy["straw_gj"]
            / self.p("straw_heat_value_gj_per_t"),
            pellets_t=pellet_straw_t(self, self._pellet_gj()),
        )
        self.farms = build_farms(self, self.scale, setup, straw_target)
        build_fleets(self, fleet_setup)
        with self._registry_defaults():
            self.asc = {
                "ev": calibrate.ev_constant(self),
                "heating": calibrate.heating_constants(self),
                "straw": calibrate.straw_constants(self, straw_target),
                **calibrate.fleet_constants(self),
            }
        self.base_counts = self._real_counts()
        self._account()
        self.datacollector = mesa.DataCollector(
            model_reporters={key: partial(recorded, key) for key in self.record},
            agenttype_reporters=firm_records(),
        )
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ parameters
    def _values_in(self, year: int) -> dict[str, float]:
        return {name: value_in_year(v, year) for name, v in self.params.items()}

    def p(self, name: str) -> float:
        """Value of parameter ``name`` in the current year."""
        return self._now[name]

    def milestone(self, name: str) -> float:
        """Value of ``name`` read as milestones: linear between the years of its schedule.

        For build-out goals (capacities, loads): a schedule ``{2025: 120, 2035: 770}`` means 120
        by 2025 and 770 by 2035, built evenly in between (0 before the first milestone year
        when the schedule starts there); a constant is the same every year.
        """
        value = self.params[name]
        if not isinstance(value, Mapping):
            return float(value)
        years, values = zip(*sorted(value.items()), strict=True)
        return float(np.interp(self.year, years, values))

    @contextmanager
    def _registry_defaults(self):
        """Temporarily read the 2020 registry defaults (for calibration)."""
        saved = self._now
        self._now = {name: param.default for name, param in REGISTRY.items()}
        self._update_prices()
        try:
            yield
        finally:
            self._now = saved
            self._update_prices()

    def _schedule_coal_stove_ban(self) -> None:
        ban_year = int(value_in_year(self.params["coal_stove_ban_year"], BASE_YEAR))
        if ban_year <= BASE_YEAR:
            self.villages.ban_coal_stoves()
        elif ban_year <= self.end_year:
            # in force before that year's decisions
            self.schedule_event(self.villages.ban_coal_stoves, at=ban_year - BASE_YEAR - 0.5)

    # ------------------------------------------------------------------ running
    def run_for(self, duration: float) -> None:
        """Run ``duration`` years, but never past ``end_year``."""
        self.run_until(self.time + duration)

    def run_until(self, end_time: float) -> None:
        """Run until model time ``end_time``, but never past ``end_year``."""
        end_time = min(end_time, self.end_year - BASE_YEAR)
        if end_time > self.time:
            super().run_until(end_time)

    def run_model(self) -> None:
        """Run from the current year to ``end_year``."""
        self.run_until(self.end_year - BASE_YEAR)

    # ------------------------------------------------------------------ yearly step
    def step(self) -> None:
        """Advance one year."""
        self.year = BASE_YEAR + round(self.time)
        self._now = self._values_in(self.year)
        self.fiscal = defaultdict(float)
        self.events = {}
        self._update_prices()
        self._advance_world()
        self.stepping = True
        try:
            for agent_type in FIRST_STEPPED:
                self.agents_by_type[agent_type].do("step")
            self._household_energy()
            for agent_type in THEN_STEPPED:
                self.agents_by_type[agent_type].do("step")
        finally:
            self.stepping = False
        self.economy.industry = sum(f.value_added for f in self.agents_by_type[Firm])
        self.economy.new_industry = sum(
            a.value_added for t in (HydrogenProducer, GreenAmmoniaPlant, GreenPowerPark)
            for a in self.agents_by_type[t]
        )  # fmt: skip
        self._account()
        self.datacollector.collect(self)
        if self.year >= self.end_year:
            self.running = False

    def _update_prices(self) -> None:
        """This year's fuel table, hydrogen blend and technology prices."""
        self.h2_share_of_gas = h2_energy_share(self.p, self.p("hydrogen_blend_share"))
        self.fuels = fuel_table(self.p, self.h2_share_of_gas)
        self.market.update_prices(self.p, self.year - BASE_YEAR)

    def _advance_world(self) -> None:
        """Chargers, economy, wind and solar, and the villages joining the heating programme."""
        p = self.p
        self.fiscal["public_chargers_added_per_year"] += self.market.add_chargers(p)
        self.economy.advance(p, self.year)
        self.aggregates.advance(p, self.economy.growth_rate, self.villages.coal_stoves_banned)
        self.wind_solar_gw = pw.wind_solar_gw(p, self.year)
        self.fiscal["clean_heating_villages_per_year"] += self.villages.advance(p)

    def _household_energy(self) -> None:
        """Tot up household and service energy; share district heat out to the companies."""
        self.household_energy = self.households.energy(self)
        self.aggregate_energy = self.aggregates.energy(self.p, self.fuels.heat_gj["coal_t"])
        demand = self.household_energy["district_heat_gj"]
        demand += self.aggregate_energy["district_heat_gj"]["services"]
        for supplier in self.agents_by_type[HeatSupplier]:
            supplier.heat_gj = demand * supplier.heat_share

    def _pellet_gj(self) -> float:
        """Pellet fuel burned this year by households and heat companies (GJ)."""
        return self.household_energy["biomass_gj"] + sum(
            s.energy()["biomass_gj"] for s in self.agents_by_type[HeatSupplier]
        )

    def _account(self) -> None:
        """Settle the year's energy system and compute its record."""
        settled = settle(self)
        self._settled.append((self.year, settled, self.fuels))
        self.record = yearly_record(self, settled)

    def _real_counts(self) -> dict[str, int]:
        """Real units represented: households, farms, firm classes, buses, taxis."""
        return {
            "households": round(self.households.n * self.households.weight),
            "farms": round(self.farms.n * self.farms.weight),
            "firms": len(self.agents_by_type[Firm]),
            "buses": sum(f.size for f in self.agents_by_type[BusFleet]),
            "taxis": sum(f.size for f in self.agents_by_type[TaxiFleet]),
        }

    # ------------------------------------------------------------------ outputs
    def yearly_table(self) -> pd.DataFrame:
        """One row per simulated year: the DataCollector's model variables."""
        table = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        return table.astype({"year": int})

    def firm_table(self) -> pd.DataFrame:
        """One row per firm class and year: output, capacity, efficiency, value added."""
        table = self.datacollector.get_agenttype_vars_dataframe(Firm).reset_index()
        years = BASE_YEAR + table["Step"]
        return table.assign(year=years).drop(columns=["Step"])

    def tidy_table(self) -> pd.DataFrame:
        """Long table: year x sector x fuel with quantity, energy and CO2 in both conventions."""
        return pd.DataFrame(
            [row for year, settled, fuels in self._settled
             for row in tidy_rows(year, settled.ledger, fuels, settled.grid_factor)]
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        """Peak, emissions path, KPIs, scorecard, costs and agent counts of the run so far."""
        table = self.yearly_table().set_index("year")

        def at(year: int, column: str) -> float | None:
            return float(table.at[year, column]) if year in table.index else None

        return {
            "scenario": self.scenario.name,
            "seed": self.scenario.rng if isinstance(self.scenario.rng, int) else None,
            "scale": self.scale,
            "end_year": int(table.index.max()),
            "accounting": f"{self.convention}-based gross CO2 (Mt)",
            **headline(table, peak_thresholds(self.p)),
            "emissions_mt": {int(y): float(v) for y, v in table["co2_mt"].items()},
            "straw_burning_co2e_mt": {
                int(y): float(v) for y, v in table["straw_burning_co2e_mt"].items()
            },
            "sinks_mt": {int(y): float(v) for y, v in table["sinks_mt"].items()},
            "kpis": {k: {int(y): float(v) for y, v in table[k].items()} for k in KPI_NAMES},
            "scorecard": scorecard(table),
            "fiscal_cost_by_lever_myuan": {
                k: float(table[f"fiscal_{k}_myuan"].sum()) for k in FISCAL_LEVERS
            },
            "emissions_2030_mt": at(PLAN_PEAK_YEAR, "co2_mt"),
            "agents": self.base_counts,
        }


def peak_thresholds(p: Any) -> dict[str, float]:
    """The peak definition's thresholds from a parameter lookup (the run's own values)."""
    return {
        "tolerance": p("peak_tolerance_share"),
        "decline_share": p("peak_decline_share"),
        "min_years_before_end": int(p("peak_min_years_before_end")),
    }


def headline(table: pd.DataFrame, thresholds: dict[str, float] | None = None) -> dict[str, Any]:
    """Peak state, year and plateau, cumulative CO2 and total fiscal cost of a yearly table.

    Args:
        table: The model's yearly table indexed by year.
        thresholds: ``peak_thresholds`` of the run (default: the registry's).
    """
    peak = detect_peak(table.index.to_numpy(), table["co2_mt"].to_numpy(), **(thresholds or {}))
    return {
        "peak_state": peak.state,
        "peak_year": peak.peak_year,
        "peaked": peak.peaked,
        "max_year": peak.max_year,
        "plateau_start": peak.plateau_start,
        "plateau_end": peak.plateau_end,
        "decline_year": peak.decline_year,
        "peak_emissions_mt": peak.max_value,
        "cumulative_co2_mt": float(table["co2_mt"].sum()),
        "fiscal_cost_myuan": float(table["fiscal_cost_myuan"].sum()),
    }
