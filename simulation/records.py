"""The yearly record: every series the model reports for a year, from that year's balances.

``yearly_record`` turns the settled year (``simulation.energy.SettledYear``) into one flat dict;
the model's DataCollector has one model reporter per key (``YEARLY_COLUMNS``), so the collector
is the single source of the yearly table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.bus_fleet import BusFleet
from agents.firm import Firm
from agents.new_industry import GreenAmmoniaPlant, HydrogenProducer, NewIndustry
from agents.taxi_fleet import TaxiFleet
from parameters.units import (
    KG_PER_T,
    KW_PER_GW,
    T_PER_MT,
    TCE_PER_MWH_CALORIFIC,
    YUAN_PER_BN,
    YUAN_PER_MYUAN,
)
from simulation.accounting import SECTORS, co2_by_sector, reconcile
from simulation.power import twh

if TYPE_CHECKING:
    from simulation.energy import SettledYear
    from simulation.model import CityModel

#: Levers whose spending the model records, one ``fiscal_<lever>_myuan`` column each.
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
FOSSIL_FUELS = ("coal_t", "petrol_t", "diesel_t", "gas_m3")


def _energy_tce(model: CityModel, year: SettledYear, own_pv_mwh: float) -> tuple[float, float]:
    """Commercial energy consumption and its non-fossil part (tce), electricity at coal equivalent.

    Fuels for local power generation are left out (their power is counted as electricity);
    hydrogen made in the city from its electricity is not counted twice; straw burned in
    household stoves is not commercial energy.
    """
    p, ledger, fuels = model.p, year.ledger, model.fuels
    coal_equivalent = p("power_plant_coal_g_per_kwh") / KG_PER_T  # tce per MWh
    fossil = sum(fuels.tce(f, ledger.total(f, exclude=("power_generation",))) for f in FOSSIL_FUELS)
    grid = ledger.total("electricity_mwh")
    green = ledger.total("green_mwh")
    biomass = fuels.tce("biomass_gj", ledger.total("biomass_gj"))
    total = fossil + (grid + green + own_pv_mwh) * coal_equivalent + biomass
    non_fossil = (grid * year.grid_nonfossil + green + own_pv_mwh) * coal_equivalent + biomass
    non_fossil += fuels.tce("gas_m3", ledger.total("gas_m3")) * model.h2_share_of_gas
    return total, non_fossil


def _industry_tce(model: CityModel, year: SettledYear) -> float:
    """Energy of industry and new industry (tce), grid electricity at calorific value.

    Renewable power supplied directly is left out, as Chinese statistics leave new renewable
    consumption out of the energy-intensity check.
    """
    ledger, fuels = year.ledger, model.fuels
    total = 0.0
    for sector in ("industry", "new_industry"):
        total += sum(fuels.tce(f, ledger.sector_total(sector, f)) for f in FOSSIL_FUELS)
        total += fuels.tce("biomass_gj", ledger.sector_total(sector, "biomass_gj"))
        total += fuels.tce("h2_t", ledger.sector_total(sector, "h2_t"))
        total += ledger.sector_total(sector, "electricity_mwh") * TCE_PER_MWH_CALORIFIC
    return total


def yearly_record(model: CityModel, year: SettledYear) -> dict[str, float]:
    """Every reported series of the settled ``year``."""
    p, ledger, fuels, hh = model.p, year.ledger, model.fuels, year.households
    co2 = co2_by_sector(ledger, fuels, year.grid_factor)
    consumption = sum(co2["consumption"].values())
    production = sum(co2["production"].values())
    headline = co2[model.convention]
    power = year.power
    rec = reconcile(
        consumption,
        co2["production"]["power_generation"],
        power.generation_mwh - power.dedicated_mwh,
        power.net_export_mwh,
        power.grid_use_mwh,
        year.grid_factor,
    )
    own_pv = hh["pv_mwh"] - hh["pv_export_mwh"]
    energy, non_fossil = _energy_tce(model, year, own_pv)
    economy = model.economy
    industry_tce = _industry_tce(model, year)
    industry_va = economy.industry + economy.new_industry
    co2_headline = sum(headline.values())
    if model.base_year_ratios is None:
        model.base_year_ratios = {
            "co2_per_gdp": co2_headline / economy.gdp,
            "industry_tce_per_va": industry_tce / industry_va,
        }
    base = model.base_year_ratios
    buses = list(model.agents_by_type[BusFleet])
    taxis = list(model.agents_by_type[TaxiFleet])
    straw = year.straw
    rooftop_gw = hh["rooftop_kw"] / KW_PER_GW
    capacity = model.wind_solar_gw + p("biomass_power_capacity_gw") + rooftop_gw
    hydrogen_t = sum(a.output_t for a in model.agents_by_type[HydrogenProducer]) + sum(
        a.hydrogen_t for a in model.agents_by_type[GreenAmmoniaPlant]
    )
    new_industry_mwh = sum(a.electricity_mwh for a in model.agents if isinstance(a, NewIndustry))
    burned_co2e_t = (
        straw.burned_t
        * p("straw_combustion_completeness")
        * (
            p("straw_burn_ch4_g_per_kg") * p("gwp_ch4")
            + p("straw_burn_n2o_g_per_kg") * p("gwp_n2o")
        )
        / KG_PER_T
    )
    covered_t = ledger.total("coal_t", exclude=("households", "services")) * fuels.co2_t["coal_t"]
    fiscal = {f"fiscal_{k}_myuan": model.fiscal.get(k, 0.0) / YUAN_PER_MYUAN for k in FISCAL_LEVERS}
    return {
        "year": model.year,
        "co2_mt": co2_headline / T_PER_MT,
        "co2_consumption_mt": consumption / T_PER_MT,
        "co2_production_mt": production / T_PER_MT,
        **{f"co2_{s}_mt": headline[s] / T_PER_MT for s in SECTORS},
        "co2_embodied_net_exports_mt": rec.embodied_net_exports_t / T_PER_MT,
        "co2_mix_difference_mt": rec.mix_difference_t / T_PER_MT,
        "straw_burning_co2e_mt": burned_co2e_t / T_PER_MT,
        "sinks_mt": p("forest_grass_sink_mt") + year.farms["soil_sink_t"] / T_PER_MT,
        "energy_consumption_mtce": energy / T_PER_MT,
        "electricity_twh": twh(power.grid_use_mwh),
        "generation_coal_twh": twh(power.coal_mwh),
        "generation_wind_solar_twh": twh(power.renewable_mwh),
        "generation_biomass_twh": twh(power.biomass_mwh),
        "generation_rooftop_twh": twh(hh["pv_mwh"]),
        "rooftop_export_twh": twh(power.rooftop_export_mwh),
        "green_direct_supply_twh": twh(power.dedicated_mwh),
        "exports_luogu_twh": twh(power.luogu_export_mwh),
        "exports_grid_twh": twh(power.grid_export_mwh),
        "imports_twh": twh(power.import_mwh),
        "new_industry_electricity_twh": twh(new_industry_mwh),
        "coal_power_hours": power.coal_hours,
        "grid_factor_t_per_mwh": year.grid_factor,
        "grid_nonfossil_share": year.grid_nonfossil,
        "gdp_bn_yuan": economy.gdp / YUAN_PER_BN,
        "industry_va_bn_yuan": economy.industry / YUAN_PER_BN,
        "new_industry_va_bn_yuan": economy.new_industry / YUAN_PER_BN,
        "households": model.households.n * model.households.weight,
        "public_chargers": model.market.public_chargers,
        "coal_pressure": model.coal_pressure,
        "straw_produced_mt": straw.produced_t / T_PER_MT,
        "straw_household_fuel_mt": straw.household_fuel_t / T_PER_MT,
        "straw_returned_mt": straw.returned_t / T_PER_MT,
        "straw_feed_mt": straw.feed_t / T_PER_MT,
        "straw_materials_mt": straw.materials_t / T_PER_MT,
        "straw_power_mt": straw.power_t / T_PER_MT,
        "straw_pellets_mt": straw.pellets_t / T_PER_MT,
        "straw_other_mt": straw.other_t / T_PER_MT,
        "straw_burned_mt": straw.burned_t / T_PER_MT,
        "straw_price_yuan_per_t": straw.buyer_price,
        "non_fossil_energy_share": non_fossil / energy,
        "non_fossil_capacity_share": capacity / (capacity + p("coal_power_capacity_gw")),
        "wind_solar_capacity_gw": model.wind_solar_gw,
        "coal_consumption_mt": ledger.total("coal_t") / T_PER_MT,
        "co2_intensity_vs_2005": (1 - p("co2_intensity_cut_2005_2020"))
        * (co2_headline / economy.gdp)
        / base["co2_per_gdp"]
        - 1,
        "industry_energy_intensity_vs_2020": (industry_tce / industry_va)
        / base["industry_tce_per_va"]
        - 1,
        "nev_bus_share": sum(b.nev_vehicles for b in buses) / max(1, sum(b.size for b in buses)),
        "nev_taxi_share": sum(t.nev_vehicles for t in taxis) / max(1, sum(t.size for t in taxis)),
        "ev_share_private_cars": float(hh["ev_share_of_cars"]),
        "clean_heating_share": float(hh["clean_heating_share"]),
        "rural_clean_heating_share": float(hh["rural_clean_heating_share"]),
        "rural_coal_tce_per_household": float(hh["rural_coal_tce_per_household"]),
        "straw_utilization_rate": straw.utilisation,
        "conservation_tillage_million_mu": year.farms["conservation_mu"] / T_PER_MT,
        "rooftop_pv_gw": rooftop_gw,
        "hydrogen_output_kt": hydrogen_t / KG_PER_T,
        "ammonia_output_kt": sum(a.output_t for a in model.agents_by_type[GreenAmmoniaPlant])
        / KG_PER_T,
        "straw_household_fuel_share": straw.household_fuel_share,
        **fiscal,
        "fiscal_cost_myuan": sum(fiscal.values()),
        "carbon_revenue_myuan": p("carbon_price_yuan_per_t") * covered_t / YUAN_PER_MYUAN,
    }


def firm_records() -> dict[type, dict[str, str]]:
    """Agent-type reporters: what the DataCollector records of each firm class every year."""
    return {
        Firm: {
            "sector": "sector",
            "output": "output",
            "capacity": "capacity",
            "efficiency": "efficiency",
            "value_added": "value_added",
        },
        BusFleet: {"vehicles": "size", "nev_share": "nev_share"},
        TaxiFleet: {"vehicles": "size", "nev_share": "nev_share"},
    }
