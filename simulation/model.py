"""The Baicheng city model: set-up from parameters, the yearly order of events, and outputs.

One Mesa time unit is one year; ``model.time == 0`` is the base year 2020. Each step:
update the world (prices, chargers, wind and solar, village roll-out), demography, household
decisions (car, heating, PV), farm decisions (straw, tillage), firms, fleets, then the energy
system and the accounting of that year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import mesa
import numpy as np
import pandas as pd

from agents.bus_fleet import BusFleet
from agents.firm import Firm, HeatSupplier
from agents.household import PELLET_GJ_PER_T
from agents.population import uniforms
from agents.taxi_fleet import TaxiFleet
from parameters import REGISTRY, ParameterError, calibration, resolve, value_in_year
from parameters.units import energy_tce
from simulation import energy as es
from simulation.accounting import (
    SECTORS,
    Ledger,
    co2_by_convention,
    emission_factors,
    h2_energy_share,
    tidy_rows,
)
from simulation.calibrate import ev_constant, straw_constants
from simulation.kpis import KPI_NAMES, scorecard
from simulation.peak import detect_peak
from simulation.world import build_farms, build_firms, build_fleets, build_households

BASE_YEAR = 2020
STREAMS = (
    "setup", "demography", "car_buy", "car_ev", "heating", "programme", "pv", "straw",
    "tillage", "firms", "fleets", "villages",
)  # fmt: skip
#: Fiscal-cost keys: the lever whose spending they record.
FISCAL_LEVERS = (
    "ev_purchase_subsidy_yuan",
    "public_chargers_added_per_year",
    "heat_pump_subsidy_yuan",
    "clean_heating_villages_per_year",
    "rooftop_pv_subsidy_yuan_per_kw",
    "straw_return_subsidy_yuan_per_mu",
    "straw_offfield_subsidy_yuan_per_t",
    "conservation_tillage_subsidy_yuan_per_mu",
    "burning_enforcement",
    "industry_retrofit_subsidy_share",
)
Convention = Literal["consumption", "production"]


class CityModel(mesa.Model):
    """Agent-based model of Baicheng's low-carbon transition, 2020 to ``end_year``.

    Attributes:
        scenario_name: Name of the scenario (or ``custom`` for a mapping).
        params: Resolved parameter values (read-only): constants or ``{year: value}`` schedules.
        scale: Share of real households and farms simulated (1.0 = every one).
        year: Current calendar year.
        households: The household population (array-backed).
        farms: The farm population (array-backed).
    """

    def __init__(
        self,
        scenario: str | Path | Mapping[str, Any] = "plan",
        scale: float = 1.0,
        end_year: int = 2060,
        convention: Convention = "consumption",
        rng: int | np.random.Generator | None = None,
        overrides: Mapping[str, Any] | None = None,
        **parameters: Any,
    ) -> None:
        """Build the 2020 world.

        Args:
            scenario: Built-in scenario name, path to a scenario TOML, or a mapping of values.
            scale: Share of households and farms to simulate, in (0, 1].
            end_year: Last simulated year (2021-2100).
            convention: Electricity accounting for the headline CO2: ``consumption`` or
                ``production``.
            rng: Seed or numpy Generator (Mesa's ``rng``).
            overrides: Parameter values on top of the scenario.
            **parameters: More parameter values by name (as Mesa's ``batch_run`` passes them).

        Raises:
            ParameterError: On any bad argument or parameter value; nothing is built.
        """
        if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0 < scale <= 1:
            raise ParameterError(f"scale: {scale!r} is not allowed; expected a number in (0, 1]")
        if (
            isinstance(end_year, bool)
            or not isinstance(end_year, int)
            or not (2021 <= end_year <= 2100)
        ):
            raise ParameterError(
                f"end_year: {end_year!r} is not allowed; expected a year in 2021-2100"
            )
        if convention not in ("consumption", "production"):
            raise ParameterError(
                f"convention: {convention!r} is not allowed; expected consumption or production"
            )
        values = resolve(scenario, {**(overrides or {}), **parameters})
        super().__init__(rng=rng)
        self.scenario_name = "custom" if isinstance(scenario, Mapping) else str(scenario)
        self.params = MappingProxyType(values)
        self.scale = float(scale)
        self.end_year = end_year
        self.convention: Convention = convention
        self.year = BASE_YEAR
        self._now = self._values_in(BASE_YEAR)
        self.streams = dict(zip(STREAMS, self.rng.spawn(len(STREAMS)), strict=True))
        self.fiscal: defaultdict[str, float] = defaultdict(float)
        self.events: dict[str, float] = {}
        self.coal_pressure = 0.0
        self.public_chargers = float(calibration.PUBLIC_CHARGERS_2020.value)
        self.gdp = calibration.GDP_2020_BN_YUAN.value
        self.heating_lifetime = calibration.HEATING_LIFETIME.value
        self.coal_stove_banned = False
        ban_year = int(values["coal_stove_ban_year"])
        if ban_year <= BASE_YEAR:
            self.coal_stove_banned = True
        elif ban_year <= end_year:
            # in force before that year's decisions
            self.schedule_event(self._ban_coal_stoves, at=ban_year - BASE_YEAR - 0.5)
        self._update_prices()
        setup = self.streams["setup"]
        self.households = build_households(self, self.scale, setup)
        self.median_income = float(np.median(self.households.income))
        self.farms = build_farms(self, self.scale, setup)
        build_firms(self, setup)
        build_fleets(self, setup)
        self.village_order = self.streams["villages"].permutation(self.n_villages)
        self._villages_started = 0
        self.villages_joining = np.zeros(self.n_neighbourhoods, dtype=bool)
        self.coal_free = np.zeros(self.n_neighbourhoods, dtype=bool)
        self.aggregates = es.AggregateSectors()
        self.wind_solar_gw = self.p("wind_solar_capacity_2020_gw")
        with self._registry_defaults():
            self.asc = {"ev": ev_constant(self), "straw": straw_constants(self)}
        self.base_counts = self._real_counts()
        self._records: list[dict[str, float]] = []
        self._ledgers: list[tuple[int, Ledger, dict[str, float]]] = []
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "year": "year",
                "co2_mt": lambda m: m._records[-1]["co2_mt"],
                "ev_share_private_cars": lambda m: m._records[-1]["ev_share_private_cars"],
                "clean_heating_share": lambda m: m._records[-1]["clean_heating_share"],
            }
        )
        self._set_heat_demand()
        self.straw = self.farms.straw_tonnes()
        self._account()
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ parameters
    def _values_in(self, year: int) -> dict[str, float]:
        return {name: value_in_year(v, year) for name, v in self.params.items()}

    def p(self, name: str) -> float:
        """Value of parameter ``name`` in the current year."""
        return self._now[name]

    @contextmanager
    def _registry_defaults(self):
        """Temporarily read 2020 registry defaults (for calibration)."""
        saved = self._now
        self._now = {name: param.default for name, param in REGISTRY.items()}
        self._update_prices()
        try:
            yield
        finally:
            self._now = saved
            self._update_prices()

    def _ban_coal_stoves(self) -> None:
        self.coal_stove_banned = True

    # ------------------------------------------------------------------ yearly step
    def step(self) -> None:
        """Advance one year."""
        self.year = BASE_YEAR + round(self.time)
        self._now = self._values_in(self.year)
        self.fiscal = defaultdict(float)
        self.events = {}
        self._update_prices()
        self._update_world()
        self._demography()
        s, hh, farms = self.streams, self.households, self.farms
        self.fiscal["ev_purchase_subsidy_yuan"] += hh.decide_cars(
            self, uniforms(s["car_buy"], hh.n), uniforms(s["car_ev"], hh.n)
        )
        self.fiscal["heat_pump_subsidy_yuan"] += hh.decide_heating(
            self, uniforms(s["heating"], hh.n), uniforms(s["programme"], hh.n)
        )
        self.fiscal["rooftop_pv_subsidy_yuan_per_kw"] += hh.decide_pv(self, uniforms(s["pv"], hh.n))
        farms.decide_straw(self, uniforms(s["straw"], farms.n))
        self.straw = straw = farms.straw_tonnes()
        self.fiscal["straw_return_subsidy_yuan_per_mu"] += straw["return_mu"] * self.p(
            "straw_return_subsidy_yuan_per_mu"
        )
        self.fiscal["straw_offfield_subsidy_yuan_per_t"] += straw["off_field_t"] * self.p(
            "straw_offfield_subsidy_yuan_per_t"
        )
        self.fiscal["conservation_tillage_subsidy_yuan_per_mu"] += farms.decide_tillage(
            self, uniforms(s["tillage"], farms.n)
        )
        self.fiscal["burning_enforcement"] += (
            self.p("burning_enforcement") * self.p("enforcement_cost_myuan") * 1e6
        )
        self._set_heat_demand()
        firms = [*self.agents_by_type[Firm], *self.agents_by_type[HeatSupplier]]
        self.firm_draws = {f.unique_id: s["firms"].random(4) for f in firms}
        for firm in firms:
            firm.step()
        fleets = [*self.agents_by_type[BusFleet], *self.agents_by_type[TaxiFleet]]
        self.fleet_draws = {f.unique_id: s["fleets"].random(max(f.size, 1)) for f in fleets}
        for fleet in fleets:
            fleet.step()
        taxi_evs = sum(int(f.procured[1]) for f in self.agents_by_type[TaxiFleet])
        self.fiscal["ev_purchase_subsidy_yuan"] += taxi_evs * self.p("ev_purchase_subsidy_yuan")
        self._account()
        self.datacollector.collect(self)
        if self.year >= self.end_year:
            self.running = False

    def _update_prices(self) -> None:
        """Technology costs and fuel savings for the current year."""
        p, t = self.p, self.year - BASE_YEAR
        self.battery_cost_index = (1 - p("battery_cost_decline_rate")) ** t
        self.ev_premium = p("ev_premium_2020_yuan") * self.battery_cost_index
        self.heat_pump_capex = (
            p("heat_pump_capex_yuan") * (1 - p("heat_pump_cost_decline_rate")) ** t
        )
        self.pv_capex = p("pv_capex_yuan_per_kw") * (1 - p("pv_cost_decline_rate")) ** t
        self.ev_fuel_saving_per_year = (
            p("car_km_per_year")
            / 100
            * (
                p("ice_l_per_100km") * p("petrol_price_yuan_per_l")
                - p("ev_kwh_per_100km") * p("electricity_price_yuan_per_kwh")
            )
        )
        self.h2_energy_share = h2_energy_share(p("hydrogen_blend_share"))
        self.growth_rate = max(
            0.0, p("gdp_growth_rate") - p("gdp_growth_slowdown_per_year") * max(0, t - 10)
        )

    def _update_world(self) -> None:
        """Chargers, economy, wind and solar, and the villages joining the heating programme."""
        p = self.p
        added = p("public_chargers_added_per_year")
        self.public_chargers += added
        self.fiscal["public_chargers_added_per_year"] += added * p("public_charger_cost_yuan")
        self.gdp *= 1 + self.growth_rate
        self.aggregates.advance(p, self.growth_rate, self.coal_stove_banned)
        self.wind_solar_gw = es.wind_solar_gw(p, self.year)
        k = int(p("clean_heating_villages_per_year"))
        start = self._villages_started
        joining = self.village_order[start : start + k]
        self._villages_started = min(start + k, self.n_villages)
        self.villages_joining[:] = False
        self.villages_joining[joining] = True
        self.coal_free[joining] = True
        self.fiscal["clean_heating_villages_per_year"] += joining.size * p(
            "village_programme_cost_yuan"
        )

    def _demography(self) -> None:
        """Households leave (or arrive, cloned from existing ones) at the population growth rate."""
        rate = self.p("population_growth_rate")
        hh, stream = self.households, self.streams["demography"]
        u = uniforms(stream, hh.n)
        if rate < 0:
            hh.remove_rows(np.flatnonzero(u < -rate))
        elif rate > 0:
            k = int((u < rate).sum())
            hh.duplicate_rows(stream.integers(0, hh.n, size=k))

    def _set_heat_demand(self) -> None:
        """Record this year's household and aggregate energy; share district heat out."""
        self.household_energy = self.households.energy(self)
        self.aggregate_energy = self.aggregates.energy(self.p)
        demand = self.household_energy["district_heat_gj"]
        demand += self.aggregate_energy["district_heat_gj"]["services"]
        for supplier in self.agents_by_type[HeatSupplier]:
            supplier.heat_gj = demand * supplier.heat_share

    # ------------------------------------------------------------------ accounting
    def _real_counts(self) -> dict[str, int]:
        """Real units represented: households, farms, firms, buses, taxis."""
        return {
            "households": round(self.households.n * self.households.weight),
            "farms": round(self.farms.n * self.farms.weight),
            "firms": sum(f.active for f in self.agents_by_type[Firm]),
            "buses": sum(f.size for f in self.agents_by_type[BusFleet]),
            "taxis": sum(f.size for f in self.agents_by_type[TaxiFleet]),
        }

    def _ledger(self) -> tuple[Ledger, dict[str, float], dict[str, float]]:
        """Fuel use by sector this year, before and after the coal cap's power response."""
        p = self.p
        ledger = Ledger()
        hh = self.household_energy
        ledger.add(
            "households",
            {
                "coal_t": hh["coal_t"],
                "biomass_gj": hh["biomass_t"] * PELLET_GJ_PER_T,
                "gas_m3": hh["gas_m3"],
                "electricity_mwh": hh["electricity_mwh"],
            },
        )
        ledger.add("transport", {"petrol_t": hh["petrol_t"], "electricity_mwh": hh["ev_mwh"]})
        for fleet in [*self.agents_by_type[BusFleet], *self.agents_by_type[TaxiFleet]]:
            ledger.add("transport", fleet.energy())
        farm = {**self.farms.energy(self), **self.straw}
        ledger.add("agriculture", {"diesel_t": farm["diesel_t"]})
        for sector, fuels in self.aggregate_energy.items():
            if sector in SECTORS:
                ledger.add(sector, fuels)
        for firm in self.agents_by_type[Firm]:
            ledger.add("industry", {**firm.energy(), "process_co2_t": firm.process_co2()})
        for supplier in self.agents_by_type[HeatSupplier]:
            ledger.add("heat_supply", supplier.energy())
        cap_t = p("coal_consumption_cap_mt") * 1e6
        power = es.coal_power(p, self.wind_solar_gw)
        excess = ledger.total("coal_t") + power["coal_t"] - cap_t
        if excess > 0:
            power = es.coal_power(p, self.wind_solar_gw, coal_cap_excess_t=excess)
        ledger.add("power_generation", {"coal_t": power["coal_t"]})
        industry_coal = ledger.sector_total("industry", "coal_t")
        remaining = ledger.total("coal_t") - cap_t
        self.coal_pressure = min(1.0, max(0.0, remaining) / industry_coal) if industry_coal else 0.0
        return ledger, hh, farm

    def _account(self) -> None:
        """Account this year's energy, CO2, KPIs and costs; append the yearly records."""
        p = self.p
        ledger, hh, farm = self._ledger()
        nonfossil = es.grid_nonfossil_share(
            p, self.year, self.wind_solar_gw, extra_twh=hh["pv_export_mwh"] / 1e6
        )
        grid_factor = p("grid_factor_fossil_t_per_mwh") * (1 - nonfossil)
        factors = emission_factors(p, grid_factor, self.h2_energy_share)
        self._ledgers.append((self.year, ledger, factors))
        co2 = co2_by_convention(ledger, factors)
        co2_consumption = sum(co2["consumption"].values()) / 1e6
        co2_production = sum(co2["production"].values()) / 1e6
        by_sector = {s: v / 1e6 for s, v in co2["consumption"].items()}

        coal_equivalent = p("power_plant_coal_g_per_kwh") / 1e3  # tce per MWh of electricity
        electricity = ledger.total("electricity_mwh")
        fossil_tce = sum(
            energy_tce(f, ledger.total(f, exclude=("power_generation",)))
            for f in ("coal_t", "petrol_t", "diesel_t", "gas_m3")
        )
        gas_tce = energy_tce("gas_m3", ledger.total("gas_m3"))
        clean_tce = energy_tce("biomass_gj", ledger.total("biomass_gj")) + energy_tce(
            "h2_t", ledger.total("h2_t")
        )
        own_pv = hh["pv_mwh"] - hh["pv_export_mwh"]
        primary = fossil_tce + (electricity + own_pv) * coal_equivalent + clean_tce
        nonfossil_tce = (
            (electricity * nonfossil + own_pv) * coal_equivalent
            + clean_tce
            + gas_tce * self.h2_energy_share
        )
        industry_tce = sum(
            energy_tce(f, ledger.sector_total("industry", f))
            for f in ("coal_t", "petrol_t", "diesel_t", "gas_m3", "electricity_mwh", "biomass_gj")
        )
        firms = self.agents_by_type[Firm]
        industry_va = sum(f.value_added * f.output for f in firms if f.active)
        co2 = co2_consumption if self.convention == "consumption" else co2_production
        if not self._records:
            self._base = {"co2_per_gdp": co2 / self.gdp, "industry_intensity": industry_tce
                          / industry_va}  # fmt: skip
        cut_2005 = calibration.CO2_INTENSITY_CUT_2005_2020.value
        house = self.households
        buses = [*self.agents_by_type[BusFleet]]
        taxis = [*self.agents_by_type[TaxiFleet]]
        rooftop_gw = hh["rooftop_kw"] / 1e6
        capacity = self.wind_solar_gw + p("biomass_power_capacity_gw") + rooftop_gw
        kpis = {
            "non_fossil_energy_share": nonfossil_tce / primary,
            "non_fossil_capacity_share": capacity / (capacity + p("coal_power_capacity_gw")),
            "wind_solar_capacity_gw": self.wind_solar_gw,
            "coal_consumption_mt": ledger.total("coal_t") / 1e6,
            "co2_intensity_vs_2005": (1 - cut_2005) * (co2 / self.gdp) / self._base["co2_per_gdp"]
            - 1,
            "industry_energy_intensity_vs_2020": (industry_tce / industry_va)
            / self._base["industry_intensity"]
            - 1,
            "nev_bus_share": sum(b.nev_vehicles for b in buses)
            / max(1, sum(b.size for b in buses)),
            "nev_taxi_share": sum(t.nev_vehicles for t in taxis)
            / max(1, sum(t.size for t in taxis)),
            "ev_share_private_cars": float(hh["ev_share_of_cars"]),
            "clean_heating_share": float(hh["clean_heating_share"]),
            "straw_utilization_rate": 1 - farm["burned_t"] / farm["total_t"],
            "conservation_tillage_million_mu": farm["conservation_mu"] / 1e6,
        }
        straw_co2e = (
            farm["burned_t"]
            * p("straw_combustion_completeness")
            * (p("straw_burn_ch4_g_per_kg") * p("gwp_ch4") + p("straw_burn_n2o_g_per_kg")
               * p("gwp_n2o"))
            / 1e3
        )  # fmt: skip
        covered = ledger.total("coal_t", exclude=("households", "services")) * p("ef_coal_t_per_t")
        fiscal = {f"fiscal_{k}_myuan": self.fiscal.get(k, 0.0) / 1e6 for k in FISCAL_LEVERS}
        record = {
            "year": self.year,
            "co2_mt": co2,
            "co2_consumption_mt": co2_consumption,
            "co2_production_mt": co2_production,
            **{f"co2_{s}_mt": float(by_sector.get(s, 0.0)) for s in SECTORS},
            "straw_burning_co2e_mt": straw_co2e / 1e6,
            "sinks_mt": p("forest_grass_sink_mt") + farm["soil_sink_t"] / 1e6,
            "energy_consumption_mtce": primary / 1e6,
            "electricity_twh": electricity / 1e6,
            "grid_factor_t_per_mwh": grid_factor,
            "grid_nonfossil_share": nonfossil,
            "gdp_bn_yuan": self.gdp,
            "households": house.n * house.weight,
            "public_chargers": self.public_chargers,
            "coal_pressure": self.coal_pressure,
            **kpis,
            **fiscal,
            "fiscal_cost_myuan": sum(fiscal.values()),
            "carbon_revenue_myuan": p("carbon_price_yuan_per_t") * covered / 1e6,
        }
        self._records.append(record)

    # ------------------------------------------------------------------ outputs
    def run_model(self) -> None:
        """Run from the current year to ``end_year``."""
        self.run_until(self.end_year - BASE_YEAR)

    def yearly_table(self) -> pd.DataFrame:
        """One row per simulated year: emissions, KPIs, costs and system state."""
        return pd.DataFrame(self._records)

    def tidy_table(self) -> pd.DataFrame:
        """Long table: year x sector x fuel with quantity, energy and CO2 in both conventions."""
        return pd.DataFrame(
            [row for year, ledger, factors in self._ledgers
             for row in tidy_rows(year, ledger, factors)]
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        """Peak, emissions path, KPIs, scorecard, costs and agent counts of the run so far."""
        table = self.yearly_table().set_index("year")

        def at(year: int, column: str) -> float | None:
            return float(table.at[year, column]) if year in table.index else None

        return {
            "scenario": self.scenario_name,
            "seed": getattr(self, "_seed", None),
            "scale": self.scale,
            "end_year": int(table.index.max()),
            "accounting": f"{self.convention}-based gross CO2 (Mt)",
            **headline(table),
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
            "emissions_2030_mt": at(2030, "co2_mt"),
            "agents": self.base_counts,
        }


def headline(table: pd.DataFrame) -> dict[str, Any]:
    """Peak state, year and plateau, cumulative CO2 and total fiscal cost of a yearly table.

    Args:
        table: The model's yearly table indexed by year.
    """
    peak = detect_peak(table.index.to_numpy(), table["co2_mt"].to_numpy())
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
