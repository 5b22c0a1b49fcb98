"""The yearly settlement of the energy system, once every agent has decided.

In order: the straw balance (household fuel first, then the farms' practices, feed and
materials, then biomass power and pellets, which get no more than the bales left), the ledger
of fuel use by sector (biomass a plant could not get is made up with coal), the coal cap's
response (coal plants run fewer hours, down to the heat-led floor), the power flows, and the
coal-control pressure that industry feels next year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.bus_fleet import BusFleet
from agents.firm import Firm
from agents.heat_supplier import HeatSupplier
from agents.new_industry import NewIndustry
from agents.taxi_fleet import TaxiFleet
from parameters.units import KG_PER_T, KW_PER_GW, T_PER_MT, YUAN_PER_MYUAN
from simulation import power as pw
from simulation.accounting import SECTORS, Ledger
from simulation.straw import StrawBalance, settle_straw

if TYPE_CHECKING:
    from simulation.model import CityModel


@dataclass(frozen=True, slots=True)
class SettledYear:
    """One settled year: the ledger and the balances behind it.

    Attributes:
        ledger: Fuel use by sector and fuel.
        power: Generation and flows.
        straw: The straw balance.
        households: ``Households.energy`` of the year.
        farms: ``Farms.energy`` of the year.
        grid_factor: Northeast grid CO2 per MWh.
        grid_nonfossil: Non-fossil share of the Northeast grid.
    """

    ledger: Ledger
    power: pw.PowerYear
    straw: StrawBalance
    households: dict[str, float]
    farms: dict[str, float]
    grid_factor: float
    grid_nonfossil: float


def pellet_straw_t(model: CityModel, biomass_gj: float) -> float:
    """Straw (t) pressed into pellets for ``biomass_gj`` of pellet fuel."""
    p = model.p
    return biomass_gj / p("pellet_heat_value_gj_per_t") * p("straw_per_pellet_t")


def biomass_power_straw_t(model: CityModel) -> float:
    """Straw (t) biomass power plants burn at full output."""
    p = model.p
    kwh = p("biomass_power_capacity_gw") * KW_PER_GW * p("biomass_power_hours")
    return kwh * p("biomass_power_straw_kg_per_kwh") / KG_PER_T


def _with_coal_for_missing_biomass(model: CityModel, use: dict, ratio: float) -> dict:
    """Scale biomass by the supply ratio; the missing heat comes from coal boilers."""
    p = model.p
    missing_gj = use.get("biomass_gj", 0.0) * (1 - ratio)
    if missing_gj <= 0:
        return use
    out = dict(use)
    out["biomass_gj"] = use["biomass_gj"] * ratio
    coal_gj = missing_gj * p("biomass_boiler_efficiency") / p("heat_boiler_efficiency")
    out["coal_t"] = use.get("coal_t", 0.0) + coal_gj / model.fuels.heat_gj["coal_t"]
    return out


def settle(model: CityModel) -> SettledYear:
    """Settle this year's energy system (after every agent has decided)."""
    p, year = model.p, model.year
    hh = model.household_energy
    farm = model.farms.energy(model)
    supply = model.farms.straw_supply(model)
    firms = list(model.agents_by_type[Firm])
    suppliers = list(model.agents_by_type[HeatSupplier])
    firm_use = [f.energy() for f in firms]
    heat_use = [s.energy() for s in suppliers]
    pellets_gj = hh["biomass_gj"] + sum(u["biomass_gj"] for u in firm_use + heat_use)
    straw = settle_straw(
        p,
        model.straw.buyer_price,
        supply,
        household_fuel_t=hh["straw_gj"] / p("straw_heat_value_gj_per_t"),
        power_demand_t=biomass_power_straw_t(model),
        pellet_demand_t=pellet_straw_t(model, pellets_gj),
    )
    model.fiscal["straw_return_subsidy_yuan_per_mu"] += supply["return_mu"] * p(
        "straw_return_subsidy_yuan_per_mu"
    )
    model.fiscal["straw_offfield_subsidy_yuan_per_t"] += straw.off_field_t * p(
        "straw_offfield_subsidy_yuan_per_t"
    )
    model.fiscal["burning_enforcement"] += (
        p("burning_enforcement") * p("enforcement_cost_myuan") * YUAN_PER_MYUAN
    )
    model.straw.adjust(p, straw)
    ratio = straw.energy_supply_ratio

    ledger = Ledger()
    ledger.add("households", _with_coal_for_missing_biomass(model, {
        k: hh[k] for k in ("coal_t", "straw_gj", "biomass_gj", "gas_m3", "electricity_mwh")
    }, ratio))  # fmt: skip
    ledger.add("transport", {"petrol_t": hh["petrol_t"], "electricity_mwh": hh["ev_mwh"]})
    for fleet in [*model.agents_by_type[BusFleet], *model.agents_by_type[TaxiFleet]]:
        ledger.add("transport", fleet.energy())
    ledger.add("agriculture", {"diesel_t": farm["diesel_t"]})
    for sector, fuels in model.aggregate_energy.items():
        if sector in SECTORS:
            ledger.add(sector, fuels)
    for firm, use in zip(firms, firm_use, strict=True):
        ledger.add("industry", _with_coal_for_missing_biomass(model, use, ratio))
        ledger.add("industry", {"process_co2_t": firm.process_co2()})
    for use in heat_use:
        ledger.add("heat_supply", _with_coal_for_missing_biomass(model, use, ratio))
    gw = model.wind_solar_gw
    new_industry = [a.energy() for a in model.agents if isinstance(a, NewIndustry)]
    wanted = sum(e["green_mwh"] for e in new_industry)
    direct = min(1.0, pw.direct_supply_room_mwh(p, gw) / wanted) if wanted > 0 else 1.0
    for use in new_industry:  # direct supply beyond the city's wind and solar comes off the grid
        ledger.add("new_industry", {
            "green_mwh": use["green_mwh"] * direct,
            "electricity_mwh": use["electricity_mwh"] + use["green_mwh"] * (1 - direct),
        })  # fmt: skip

    hours = pw.coal_power_hours(p, gw)
    cap_t = p("coal_consumption_cap_mt") * T_PER_MT
    coal_per_mwh = pw.coal_t_per_mwh(p)
    capacity_mw = p("coal_power_capacity_gw") * KW_PER_GW / KG_PER_T
    excess = ledger.total("coal_t") + capacity_mw * hours * coal_per_mwh - cap_t
    if excess > 0:
        hours = max(p("coal_power_hours_min"), hours - excess / (capacity_mw * coal_per_mwh))
    biomass_mwh = (
        p("biomass_power_capacity_gw") * KW_PER_GW / KG_PER_T * p("biomass_power_hours") * ratio
    )
    power = pw.power_year(
        p,
        gw,
        hours,
        biomass_mwh=biomass_mwh,
        rooftop_export_mwh=hh["pv_export_mwh"],
        dedicated_mwh=ledger.total("green_mwh"),
        grid_use_mwh=ledger.total("electricity_mwh"),
    )
    ledger.add("power_generation", {"coal_t": power.coal_t})
    industry_coal = ledger.sector_total("industry", "coal_t")
    remaining = ledger.total("coal_t") - cap_t
    model.coal_pressure = (
        min(1.0, max(0.0, remaining) / industry_coal) if industry_coal > 0 else 0.0
    )
    return SettledYear(
        ledger=ledger,
        power=power,
        straw=straw,
        households=hh,
        farms=farm,
        grid_factor=pw.grid_factor(p, year),
        grid_nonfossil=pw.grid_nonfossil_share(p, year),
    )
