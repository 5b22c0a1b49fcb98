"""Validation: the model's 2020 figures against bands derived from independent totals.

``reference_estimates`` derives Baicheng's 2020 territorial CO2, coal, energy and electricity
from provincial totals, the plan's own coal cap and published factors (``parameters.references``);
``validate`` runs the model (the ``current`` scenario at full scale, to 2024) and checks each
figure against its band; ``render_markdown`` writes ``docs/VALIDATION.md`` with the arithmetic.
A failed check fails ``carbonpeak validate`` (exit 1) and CI.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from parameters import REGISTRY
from parameters import references as ref
from parameters.units import CO2_PER_C, GJ_PER_TCE, KG_PER_T, T_PER_MT
from simulation import CityModel
from simulation.fuels import emission_factor

VALIDATION_SCENARIO, VALIDATION_SEED, VALIDATION_END = "current", 1, 2024


@dataclass(frozen=True, slots=True)
class Estimate:
    """A derived reference value with the arithmetic that gives it."""

    name: str
    value: float
    arithmetic: str


@dataclass(frozen=True, slots=True)
class Check:
    """One validation check: the model's value against a reference band."""

    check: str
    unit: str
    model: float
    low: float
    high: float
    best: float | None
    source: str

    @property
    def passed(self) -> bool:
        """Whether the model's value lies in the band."""
        return bool(self.low <= self.model <= self.high)


def _default(name: str) -> float:
    return float(REGISTRY[name].default)


def reference_estimates() -> dict[str, Estimate]:
    """Baicheng's 2020 figures derived from independent totals (no model output used)."""
    jilin_co2 = ref.JILIN_CO2_2019_MT.value * (1 + ref.JILIN_ENERGY_GROWTH_2020.value)
    pop = _default("population_2020") / ref.JILIN_POPULATION_2020.value
    gdp = _default("gdp_2020_bn_yuan") / ref.JILIN_GDP_2020_BN.value
    industry = gdp * _default("secondary_share_2020") / ref.JILIN_SECONDARY_SHARE.value
    cap = ref.COAL_CAP_2025_MT.value
    coal_low, coal_high = cap / (1 + ref.COAL_CAP_GROWTH[1]), cap / (1 + ref.COAL_CAP_GROWTH[0])
    carbon, oxidation = _default("coal_carbon_tc_per_tj"), _default("coal_oxidation")
    ef_low = emission_factor(ref.LIGNITE_HEAT_VALUE_GJ.value, carbon, oxidation)
    ef_high = jilin_bound = ref.JILIN_CO2_2019_MT.value / ref.JILIN_RAW_COAL_2019_MT.value
    ncv_high = jilin_bound / (carbon / KG_PER_T * oxidation * CO2_PER_C)
    nc_low, nc_high = ref.NON_COAL_CO2_MT
    ne_low, ne_high = ref.NON_COAL_ENERGY_MTCE
    g_low, g_high = ref.JILIN_ELECTRICITY_GROWTH_2008_2020
    el = ref.JILIN_ELECTRICITY_2008_TWH.value
    el_low, el_high = el * (1 + g_low) ** 12, el * (1 + g_high) ** 12
    tce = GJ_PER_TCE
    return {
        e.name: e
        for e in (
            Estimate("jilin_co2_2020", jilin_co2, "203.66 Mt (2019) x 1.008 = "
                     f"{jilin_co2:.2f} Mt"),
            Estimate("population_share", pop, f"1,551,378 / 24,073,453 = {pop:.4f}"),
            Estimate("gdp_share", gdp, f"{_default('gdp_2020_bn_yuan'):.1f} / 1,231.1 bn = "
                     f"{gdp:.4f}"),
            Estimate("industry_share", industry, f"{gdp:.4f} x 0.21 / 0.352 = {industry:.4f}"),
            Estimate("co2_by_population", jilin_co2 * pop, f"{jilin_co2:.2f} x {pop:.4f} = "
                     f"{jilin_co2 * pop:.2f} Mt"),
            Estimate("co2_by_gdp", jilin_co2 * gdp, f"{jilin_co2:.2f} x {gdp:.4f} = "
                     f"{jilin_co2 * gdp:.2f} Mt"),
            Estimate("co2_by_industry", jilin_co2 * industry, f"{jilin_co2:.2f} x {industry:.4f} "
                     f"= {jilin_co2 * industry:.2f} Mt"),
            Estimate("coal_low", coal_low, f"7.9056 / 1.20 = {coal_low:.2f} Mt"),
            Estimate("coal_high", coal_high, "7.9056 / 1.00 = 7.91 Mt"),
            Estimate("coal_ef_low", ef_low, f"13.0 GJ/t x {carbon} tC/TJ x {oxidation} x 44/12 = "
                     f"{ef_low:.3f} tCO2/t"),
            Estimate("coal_ef_high", ef_high, f"203.66 / 137.52 = {ef_high:.3f} tCO2/t"),
            Estimate("coal_ncv_high", ncv_high, f"{ef_high:.3f} / ({carbon}e-3 x {oxidation} x "
                     f"44/12) = {ncv_high:.2f} GJ/t"),
            Estimate("co2_by_coal_low", coal_low * ef_low + nc_low,
                     f"{coal_low:.2f} x {ef_low:.3f} + {nc_low} = "
                     f"{coal_low * ef_low + nc_low:.2f} Mt"),
            Estimate("co2_by_coal_high", coal_high * ef_high + nc_high,
                     f"{coal_high:.2f} x {ef_high:.3f} + {nc_high} = "
                     f"{coal_high * ef_high + nc_high:.2f} Mt"),
            Estimate("energy_low", coal_low * ref.LIGNITE_HEAT_VALUE_GJ.value / tce + ne_low,
                     f"{coal_low:.2f} Mt x 13.0 GJ/t / 29.3076 + {ne_low} = "
                     f"{coal_low * ref.LIGNITE_HEAT_VALUE_GJ.value / tce + ne_low:.2f} Mtce"),
            Estimate("energy_high", coal_high * ncv_high / tce + ne_high,
                     f"{coal_high:.2f} Mt x {ncv_high:.2f} GJ/t / 29.3076 + {ne_high} = "
                     f"{coal_high * ncv_high / tce + ne_high:.2f} Mtce"),
            Estimate("jilin_electricity_low", el_low, f"49.65 TWh (2008) x 1.025^12 = "
                     f"{el_low:.1f}"),
            Estimate("jilin_electricity_high", el_high, f"49.65 x 1.045^12 = {el_high:.1f} TWh"),
            Estimate("electricity_low", el_low * gdp, f"{el_low:.1f} x {gdp:.4f} = "
                     f"{el_low * gdp:.2f} TWh"),
            Estimate("electricity_high", el_high * pop, f"{el_high:.1f} x {pop:.4f} = "
                     f"{el_high * pop:.2f} TWh"),
        )
    }  # fmt: skip


def run_validation_model(scale: float = 1.0) -> CityModel:
    """The model the checks read: ``current`` at full scale, seed 1, run to 2024."""
    model = CityModel(
        scenario=VALIDATION_SCENARIO, scale=scale, rng=VALIDATION_SEED, end_year=VALIDATION_END
    )
    model.run_model()
    return model


def validate(model: CityModel) -> list[Check]:
    """Check the model's figures (``run_validation_model``) against the reference bands."""
    e = {k: v.value for k, v in reference_estimates().items()}
    table = model.yearly_table().set_index("year")
    y2020 = table.loc[2020]
    tidy = model.tidy_table()
    t2020 = tidy[tidy.year == 2020]
    fossil_tce = t2020[t2020.fuel.isin(["coal", "petrol", "diesel", "gas"])]["energy_tce"].sum()
    low_co2 = max(e["co2_by_coal_low"], e["co2_by_industry"])
    high_co2 = min(e["co2_by_coal_high"], e["co2_by_population"])
    coal_ef = model._settled[0][2].co2_t["coal_t"]
    deflated = ref.GDP_2024_BN.value
    return [
        Check("territorial (production-based) CO2, 2020", "Mt", y2020["co2_production_mt"],
              low_co2, high_co2, (e["co2_by_coal_low"] + e["co2_by_coal_high"]) / 2,
              "coal-cap estimate within the industry-share and population-share estimates "
              "(section 2)"),
        Check("coal consumption, 2020", "Mt", y2020["coal_consumption_mt"], e["coal_low"],
              e["coal_high"], None,
              ref.COAL_CAP_2025_MT.source + "; " + ref.COAL_CAP_GROWTH_SOURCE),
        Check("CO2 per tonne of coal burned", "tCO2/t", coal_ef, e["coal_ef_low"],
              e["coal_ef_high"], None, "Huolinhe-type lignite to the Jilin CEADs bound "
              "(section 3)"),
        Check("territorial fossil energy, 2020", "Mtce", fossil_tce / T_PER_MT, e["energy_low"],
              e["energy_high"], None, "the coal-cap band at 13.0-15.6 GJ/t plus oil and gas "
              "(section 2)"),
        Check("electricity drawn from the grid, 2020", "TWh", y2020["electricity_twh"],
              e["electricity_low"], e["electricity_high"], None,
              "Jilin's electricity (2008, official, grown 2.5-4.5%/yr) x GDP share .. "
              "population share"),
        Check("rural household coal, 2020", "tce/household", y2020["rural_coal_tce_per_household"],
              ref.RURAL_COAL_TCE_PER_HOUSEHOLD_2014.value, 1.5, None,
              ref.RURAL_COAL_TCE_PER_HOUSEHOLD_2014.source + "; upper: assumption (3 t lignite)"),
        Check("straw utilisation rate, 2020", "share", y2020["straw_utilization_rate"],
              *ref.STRAW_UTILISATION_2020, 0.815, ref.STRAW_UTILISATION_SOURCE),
        Check("straw burned as household fuel, 2020", "share of straw",
              y2020["straw_household_fuel_share"], *ref.STRAW_FUEL_SHARE, 0.23,
              ref.STRAW_FUEL_SOURCE),
        Check("rural clean heating, 2020", "share of rural households",
              y2020["rural_clean_heating_share"], 0.0, ref.RURAL_CLEAN_HEATING_MAX.value, None,
              ref.RURAL_CLEAN_HEATING_MAX.source),
        Check("clean heating, 2020", "share of households", y2020["clean_heating_share"], 0.40,
              0.70, ref.NORTH_CLEAN_HEATING_2019.value,
              ref.NORTH_CLEAN_HEATING_2019.source
              + "; towns mostly on district heat, villages lag"),
        *[
            Check(f"Northeast grid factor, {year}", "tCO2/MWh",
                  table.at[year, "grid_factor_t_per_mwh"], value - 5e-4, value + 5e-4, value,
                  ref.NE_GRID_SOURCE)
            for year, value in ref.NE_GRID_FACTORS.items()
        ],
        Check("GDP, 2024 (2020 prices)", "bn yuan", table.at[2024, "gdp_bn_yuan"],
              deflated / 1.02**4, deflated, None,
              ref.GDP_2024_BN.source + ", deflated by 0-2% a year"),
        Check("wind + solar installed, 2023", "GW", table.at[2023, "wind_solar_capacity_gw"],
              *ref.NEW_ENERGY_2023_GW, None, ref.NEW_ENERGY_2023_SOURCE),
        Check("non-fossil share of energy use, 2020", "share", y2020["non_fossil_energy_share"],
              ref.NATIONAL_NON_FOSSIL_2020.value / 2, ref.PLAN_NON_FOSSIL_2025.value, None,
              "below the plan's 2025 target (17.7%) and above half the national 15.9% [FACTS]"),
    ]  # fmt: skip


def checks_table(checks: list[Check]) -> pd.DataFrame:
    """The checks as a table: check, unit, model, low, high, best, source, passed."""
    return pd.DataFrame(
        [
            {"check": c.check, "unit": c.unit, "model": c.model, "low": c.low, "high": c.high,
             "best": c.best, "source": c.source, "passed": c.passed}
            for c in checks
        ]
    )  # fmt: skip


__all__ = [
    "Check",
    "Estimate",
    "checks_table",
    "reference_estimates",
    "run_validation_model",
    "validate",
]
