"""The lever-response table: each lever at the low and high ends of its range, one at a time.

From a scenario, every lever is set to its registry low and high (from 2021, so 2020 stays as
observed) while everything else keeps the scenario's values, with the same seeds at every point
(common random numbers). The effect of an end is its paired difference from the scenario, over
the seeds, with a 95% t-interval: on cumulative CO2 (2020 to the horizon), on 2030 CO2, on the
lever's own indicator (its mean over 2021 to the horizon) and on fiscal cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.analysis.bands import load_yearly
from experiments.analysis.common import mean_ci, ok_runs
from experiments.design.types import Design, RunSpec
from parameters import REGISTRY, levers, resolve

START_YEAR = 2021


@dataclass(frozen=True, slots=True)
class LeverEffect:
    """What a lever should move.

    Attributes:
        kpi: The yearly indicator the lever acts on.
        direction: +1 if raising the lever should raise the indicator, -1 if lower it.
        co2_note: Why its more ambitious end may raise CO2 (None: it must not).
        ambitious: +1 if the plan's direction is up (more subsidy, a higher price), -1 if down
            (an earlier ban, a tighter cap, an earlier start).
    """

    kpi: str
    direction: int
    co2_note: str | None = None
    ambitious: int = 1


STRAW_NOTE = (
    "acts on straw burning (CH4 and N2O, reported apart); its CO2 effect, through the straw left "
    "for biomass fuel, is a few tenths of a per cent of cumulative CO2"
)
LEVER_EFFECTS: dict[str, LeverEffect] = {
    "ev_purchase_subsidy_yuan": LeverEffect("ev_share_private_cars", 1),
    "public_chargers_added_per_year": LeverEffect("ev_share_private_cars", 1),
    "bus_nev_procurement_share": LeverEffect("nev_bus_share", 1),
    "taxi_nev_procurement_share": LeverEffect("nev_taxi_share", 1),
    "heat_pump_subsidy_yuan": LeverEffect("clean_heating_share", 1),
    "clean_heating_villages_per_year": LeverEffect("clean_heating_share", 1),
    "coal_stove_ban_year": LeverEffect("clean_heating_share", -1, ambitious=-1),
    "rooftop_pv_subsidy_yuan_per_kw": LeverEffect("rooftop_pv_gw", 1),
    "straw_return_subsidy_yuan_per_mu": LeverEffect(
        "straw_utilization_rate", 1, "returning straw to the field takes it from pellet makers and "
        "biomass plants, whose heat and power then come from coal; it also cuts burning's CH4 "
        "and N2O (reported apart)"
    ),
    "straw_offfield_subsidy_yuan_per_t": LeverEffect("straw_utilization_rate", 1, STRAW_NOTE),
    "conservation_tillage_subsidy_yuan_per_mu": LeverEffect(
        "conservation_tillage_million_mu", 1, "acts on soil carbon (a sink, reported apart)"
    ),
    "burning_enforcement": LeverEffect("straw_utilization_rate", 1, STRAW_NOTE),
    "burning_fine_yuan": LeverEffect("straw_utilization_rate", 1, STRAW_NOTE),
    "carbon_price_yuan_per_t": LeverEffect("coal_consumption_mt", -1),
    "industry_retrofit_subsidy_share": LeverEffect("industry_energy_intensity_vs_2020", -1),
    "coal_consumption_cap_mt": LeverEffect("coal_consumption_mt", 1, ambitious=-1),
    "wind_solar_capacity_2030_gw": LeverEffect(
        "wind_solar_capacity_gw", 1, "consumption-based CO2 does not credit exported wind and "
        "solar (DESIGN section 3); production-based CO2 falls as local coal plants run less"
    ),
    "hydrogen_blend_share": LeverEffect("non_fossil_energy_share", 1),
    "hydrogen_capacity_goal_kt": LeverEffect(
        "hydrogen_output_kt", 1, "electrolysers draw grid power for the share not supplied directly"
    ),
    "green_ammonia_start_year": LeverEffect(
        "ammonia_output_kt", -1, "an earlier start runs the plant longer, and its grid share adds "
        "CO2", ambitious=-1
    ),
    "green_park_load_twh": LeverEffect(
        "new_industry_electricity_twh", 1, "new parks draw grid power for the share not supplied "
        "directly"
    ),
    "green_power_direct_supply_share": LeverEffect("green_direct_supply_twh", 1),
}  # fmt: skip


def end_value(name: str, value: float) -> float | dict[int, float]:
    """The override that sets ``name`` to ``value`` from 2021 (2020 stays as observed)."""
    p = REGISTRY[name]
    return {2020: p.default, START_YEAR: value} if p.schedulable else value


def lever_design(
    scenario: str = "plan", seeds: int = 5, scale: float = 0.05, end_year: int = 2060, seed: int = 0
) -> Design:
    """One-at-a-time design: the scenario, then each lever at its low and at its high end.

    Args:
        scenario: Built-in name or scenario path.
        seeds: Seeds per point (the same at every point: common random numbers).
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        seed: Root seed.
    """
    resolve(scenario)  # validates the scenario before anything is built
    run_seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(seeds)]
    points: list[dict] = [{}]
    for p in levers():
        points += [{p.name: end_value(p.name, p.low)}, {p.name: end_value(p.name, p.high)}]
    runs = [
        RunSpec(run_id=i * seeds + k, point_id=i, sample_id=0, replication=k, levers=point,
                uncertainties={}, seed=run_seeds[k])
        for i, point in enumerate(points)
        for k in range(seeds)
    ]  # fmt: skip
    spec = {"name": f"levers-{Path(str(scenario)).stem}", "method": "levers",
            "scenario": str(scenario), "scale": scale, "end_year": end_year, "seed": seed,
            "replications": seeds, "start_year": START_YEAR}  # fmt: skip
    return Design(name=spec["name"], base_scenario=str(scenario), scale=scale, end_year=end_year,
                  method="levers", runs=runs, problem=None, spec=spec)  # fmt: skip


def _point_levers(design: Design) -> dict[int, tuple[str, str, float]]:
    """Point id -> (lever, end, value) for every lever point."""
    out = {}
    for run in design.runs:
        if run.point_id == 0 or run.point_id in out:
            continue
        (name, value), = run.levers.items()  # fmt: skip
        v = value[START_YEAR] if isinstance(value, dict) else value
        out[run.point_id] = (name, "low" if v == REGISTRY[name].low else "high", float(v))
    return out


#: The effects reported: (column prefix, mean column, runs column; None = the lever's KPI).
OUTCOMES: tuple[tuple[str, str, str | None], ...] = (
    ("d_cum_co2", "d_cum_co2_mt", "cumulative_co2_mt"),
    ("d_cum_prod", "d_cum_co2_production_mt", "cumulative_co2_production_mt"),
    ("d_co2_2030", "d_co2_2030_mt", "emissions_2030_mt"),
    ("d_kpi", "d_kpi", None),
    ("d_fiscal", "d_fiscal_myuan", "fiscal_cost_myuan"),
)
COLUMNS = [
    "lever",
    "end",
    "value",
    "kpi",
    "n",
    "note",
    *(c for prefix, mean, _ in OUTCOMES for c in (mean, f"{prefix}_low", f"{prefix}_high")),
]


def _paired(diff: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% t-interval of paired differences (NaN interval for fewer than two)."""
    if diff.size == 0:
        return np.nan, np.nan, np.nan
    std = diff.std(ddof=1) if diff.size > 1 else np.nan
    low, high = mean_ci(np.array([diff.mean()]), np.array([std]), np.array([diff.size]), 0.95)
    return float(diff.mean()), float(low[0]), float(high[0])


def lever_table(design: Design, runs: pd.DataFrame, yearly_source: Path) -> pd.DataFrame:
    """The lever-response table from a finished lever experiment.

    Returns:
        One row per lever and end: ``lever, end, value, kpi, n, note`` and, for each of
        cumulative CO2, 2030 CO2, the lever's KPI and fiscal cost, the mean paired difference
        from the scenario and its 95% interval (``d_cum_co2_mt, d_cum_co2_low, ...``).
    """
    ok, _ = ok_runs(runs)
    kpis = sorted({e.kpi for e in LEVER_EFFECTS.values()})
    columns = ["run_id", "year", "co2_production_mt", *kpis]
    yearly = load_yearly(yearly_source, columns, ok["run_id"].tolist())
    kpi_means = yearly[yearly["year"] >= START_YEAR].groupby("run_id")[kpis].mean()
    production = yearly.groupby("run_id")["co2_production_mt"].sum()
    ok = ok.set_index("run_id").join(kpi_means)
    ok["cumulative_co2_production_mt"] = production
    base = ok[ok["point_id"] == 0].set_index("replication")
    rows = []
    for point, (name, end, value) in _point_levers(design).items():
        effect = LEVER_EFFECTS[name]
        paired = (
            ok[ok["point_id"] == point]
            .set_index("replication")
            .join(base.add_suffix("_base"), how="inner")
        )
        row = {"lever": name, "end": end, "value": value, "kpi": effect.kpi, "n": len(paired),
               "note": effect.co2_note or ""}  # fmt: skip
        for prefix, mean, column in OUTCOMES:
            column = column or effect.kpi
            diff = (paired[column] - paired[f"{column}_base"]).to_numpy(dtype=float)
            row[mean], row[f"{prefix}_low"], row[f"{prefix}_high"] = _paired(diff)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def co2_raising_levers(table: pd.DataFrame) -> list[str]:
    """Levers whose more ambitious end raises cumulative CO2 beyond its interval.

    That is: the ambitious end's effect is above zero, or the other end's below zero, with its
    whole 95% interval.
    """
    found = []
    for name, group in table.groupby("lever", sort=False):
        ends = group.set_index("end")
        ambitious, other = ("high", "low") if LEVER_EFFECTS[name].ambitious > 0 else ("low", "high")
        raises = ambitious in ends.index and ends.at[ambitious, "d_cum_co2_low"] > 0
        lowers = other in ends.index and ends.at[other, "d_cum_co2_high"] < 0
        if raises or lowers:
            found.append(name)
    return found


def check_directions(table: pd.DataFrame, material: float = 0.0) -> list[str]:
    """Levers that move their indicator the wrong way (high end minus low end), or not at all.

    Args:
        table: ``lever_table`` output.
        material: Smallest |high - low| indicator change, relative to the larger |end effect|
            scale of that indicator across levers, that counts as moving it.
    """
    problems = []
    for name, group in table.groupby("lever", sort=False):
        ends = group.set_index("end")
        if not {"low", "high"} <= set(ends.index):
            continue
        swing = ends.at["high", "d_kpi"] - ends.at["low", "d_kpi"]
        direction = LEVER_EFFECTS[name].direction
        if not swing * direction > material:
            problems.append(f"{name}: {ends.at['high', 'kpi']} moves {swing:+.4g} from low to "
                            f"high (expected sign {direction:+d})")  # fmt: skip
    return problems
