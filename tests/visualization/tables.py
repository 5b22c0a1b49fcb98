"""Analysis tables of FIGURE_CONTRACT.md built from a real experiment's runs and yearly data.

STAND-INS: the lead's producers of these tables have not landed yet. Each builder here computes
its table from the real engine's output as the contract describes it, so the figures are tested
on model numbers, but the producers' own code (and its exact choices, e.g. of the representative
run) will replace them. Two tables cannot be derived from an experiment and are marked as
fabricated where they are built: ``validation_table`` (the reference bands) and the
``note`` column of ``levers_table``.

Replace the call sites in ``conftest.py`` with the lead's producers once they exist; the tests
then keep asserting that each figure draws the numbers of its table.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from experiments.analysis import wilson_interval
from simulation.kpis import KPI_NAMES, TARGETS
from visualization.i18n import SECTOR_LABELS

#: The contract's tables built here (stand-ins until the lead's producers land).
STAND_INS = (
    "peak_states.csv",
    "peak_year_distribution.csv",
    "peak_probability.csv",
    "summary.json",
    "kpi_bands.csv",
    "scorecard.csv",
    "sector_co2.csv",
    "reconciliation.csv",
    "levers.csv",
    "validation.csv",
)
QUANTILES = {"q05": 0.05, "q25": 0.25, "q50": 0.5, "q75": 0.75, "q95": 0.95}
#: Design section 3: a run whose maximum lies in the horizon's last five years has not peaked.
LAST_YEARS = 5


def peak_state(runs: pd.DataFrame, end_year: int) -> pd.Series:
    """Each run's peak state: peaked, plateau (a peak period, no sustained decline) or not."""
    peaked = runs["peaked"].astype(bool)
    rising = runs["max_year"].astype(float) > end_year - LAST_YEARS
    return pd.Series(
        np.where(peaked, "peaked", np.where(rising, "not_peaked", "plateau")), index=runs.index
    )


def peak_states_table(runs: pd.DataFrame, scenario: str, end_year: int) -> pd.DataFrame:
    """``peak_states.csv``: ``scenario, state, n, share, ci_low, ci_high`` (Wilson 95%)."""
    state = peak_state(runs, end_year)
    total = len(runs)
    rows = []
    for name in ("peaked", "plateau", "not_peaked"):
        n = int((state == name).sum())
        low, high = wilson_interval(n, total)
        rows.append(
            {
                "scenario": scenario,
                "state": name,
                "n": n,
                "share": n / total,
                "ci_low": low,
                "ci_high": high,
            }
        )
    return pd.DataFrame(rows)


def peak_year_distribution_table(runs: pd.DataFrame, scenario: str, end_year: int) -> pd.DataFrame:
    """``peak_year_distribution.csv``: one row per peak year of peaked runs, plus the two states."""
    state = peak_state(runs, end_year)
    total = len(runs)
    years = runs.loc[state == "peaked", "peak_year"].astype(int).value_counts().sort_index()
    rows = [
        {"scenario": scenario, "label": str(y), "state": "peaked", "n": int(n), "share": n / total}
        for y, n in years.items()
    ]
    for name in ("plateau", "not_peaked"):
        n = int((state == name).sum())
        rows.append(
            {"scenario": scenario, "label": name, "state": name, "n": n, "share": n / total}
        )
    return pd.DataFrame(rows)


def peak_probability_table(runs: pd.DataFrame, scenario: str, end_year: int) -> pd.DataFrame:
    """``peak_probability.csv``: cumulative P(peaked by Y) and P(plateau or peaked by Y)."""
    state = peak_state(runs, end_year)
    peak_year = runs["peak_year"].astype(float)
    plateau_start = runs["plateau_start"].astype(float)
    total = len(runs)
    rows = []
    for year in range(2020, end_year + 1):
        k = int(((state == "peaked") & (peak_year <= year)).sum())
        k2 = k + int(((state == "plateau") & (plateau_start <= year)).sum())
        low, high = wilson_interval(k, total)
        low2, high2 = wilson_interval(k2, total)
        rows.append(
            {
                "scenario": scenario,
                "year": year,
                "n": total,
                "p_peaked": k / total,
                "p_peaked_low": low,
                "p_peaked_high": high,
                "p_plateau_or_peaked": k2 / total,
                "p_plateau_or_peaked_low": low2,
                "p_plateau_or_peaked_high": high2,
            }
        )
    return pd.DataFrame(rows)


def summary_document(runs: pd.DataFrame, manifest: dict, end_year: int) -> dict:
    """``summary.json`` in its new form."""
    scenario = manifest["base_scenario"]
    probability = peak_probability_table(runs, scenario, end_year).set_index("year")
    state = peak_state(runs, end_year)
    peak_years = runs.loc[state == "peaked", "peak_year"].astype(float)
    ordered = np.sort(np.where(state == "peaked", runs["peak_year"].astype(float), np.inf))
    median = ordered[(len(ordered) - 1) // 2] if len(ordered) else np.inf
    return {
        "scenario": scenario,
        "runs": len(runs),
        "scale": manifest["scale"],
        "convention": "consumption",
        "code_version": manifest["code_version"]["git"]["describe"],
        "p_peaked_by_2030": float(probability.at[2030, "p_peaked"]),
        "p_peaked_by_2030_ci95": [
            float(probability.at[2030, "p_peaked_low"]),
            float(probability.at[2030, "p_peaked_high"]),
        ],
        "p_plateau_or_peaked_by_2030": float(probability.at[2030, "p_plateau_or_peaked"]),
        "p_plateau_or_peaked_by_2030_ci95": [
            float(probability.at[2030, "p_plateau_or_peaked_low"]),
            float(probability.at[2030, "p_plateau_or_peaked_high"]),
        ],
        "state_counts": {s: int((state == s).sum()) for s in ("peaked", "plateau", "not_peaked")},
        "median_peak_year": int(median) if np.isfinite(median) and len(peak_years) else None,
        "stochastic_share": None,
    }


def _bands(values: pd.DataFrame, column: str) -> pd.DataFrame:
    grouped = values.groupby("year")[column]
    out = pd.DataFrame({name: grouped.quantile(q) for name, q in QUANTILES.items()})
    out["n"] = grouped.count()
    return out.reset_index()


def kpi_bands_table(yearly: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """``kpi_bands.csv`` for the KPIs the yearly data holds (PV and hydrogen are not recorded)."""
    parts = [
        _bands(yearly, kpi).assign(scenario=scenario, kpi=kpi)
        for kpi in KPI_NAMES
        if kpi in yearly.columns
    ]
    columns = ["scenario", "kpi", "year", *QUANTILES, "n"]
    return pd.concat(parts, ignore_index=True)[columns]


def scorecard_table(yearly: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """``scorecard.csv``: every plan target against the runs' values in the target year."""
    rows = []
    for target in TARGETS:
        values = yearly.loc[yearly["year"] == target.year, target.kpi].astype(float)
        met = values >= target.value if target.sense == ">=" else values <= target.value
        low, high = wilson_interval(int(met.sum()), len(values))
        rows.append(
            {
                "scenario": scenario,
                "kpi": target.kpi,
                "year": target.year,
                "target": target.value,
                "sense": target.sense,
                "target_text": target.text,
                "q05": values.quantile(0.05),
                "q50": values.quantile(0.5),
                "q95": values.quantile(0.95),
                "p_met": float(met.mean()),
                "p_met_low": low,
                "p_met_high": high,
                "n": len(values),
            }
        )
    return pd.DataFrame(rows)


def representative_run(runs: pd.DataFrame) -> int:
    """The run with the median cumulative CO2 (the lower middle one for an even count)."""
    ordered = runs.sort_values(["cumulative_co2_mt", "run_id"])
    return int(ordered["run_id"].iloc[(len(ordered) - 1) // 2])


def sector_co2_table(yearly: pd.DataFrame, runs: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """``sector_co2.csv`` of the representative run (the model's consumption-based sectors)."""
    run_id = representative_run(runs)
    mine = yearly.loc[yearly["run_id"] == run_id]
    parts = [
        pd.DataFrame(
            {
                "scenario": scenario,
                "run_id": run_id,
                "convention": "consumption",
                "year": mine["year"].to_numpy(),
                "sector": sector,
                "co2_mt": mine[f"co2_{sector}_mt"].to_numpy(),
            }
        )
        for sector in SECTOR_LABELS
        if f"co2_{sector}_mt" in mine.columns
    ]
    return pd.concat(parts, ignore_index=True)


def reconciliation_table(yearly: pd.DataFrame, runs: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """``reconciliation.csv`` of the representative run."""
    run_id = representative_run(runs)
    mine = yearly.loc[yearly["run_id"] == run_id]
    consumption = mine["co2_consumption_mt"].to_numpy()
    production = mine["co2_production_mt"].to_numpy()
    return pd.DataFrame(
        {
            "scenario": scenario,
            "run_id": run_id,
            "year": mine["year"].to_numpy(),
            "consumption_mt": consumption,
            "embodied_net_exports_mt": production - consumption,
            "production_mt": production,
        }
    )


def _paired(diff: np.ndarray) -> tuple[float, float, float]:
    """Mean and Student-t 95% interval of paired differences."""
    mean = float(np.mean(diff))
    if len(diff) < 2 or np.std(diff, ddof=1) == 0:
        return mean, mean, mean
    half = stats.t.ppf(0.975, len(diff) - 1) * np.std(diff, ddof=1) / np.sqrt(len(diff))
    return mean, mean - half, mean + half


def levers_table(runs: pd.DataFrame, baseline: dict, ends: dict, kpis: dict) -> pd.DataFrame:
    """``levers.csv`` from a lever grid that holds the baseline point and each end alone.

    Args:
        runs: The grid's runs table (CRN: the same sample and replication share a seed).
        baseline: Lever -> its value at the baseline point.
        ends: Lever -> {"low": value, "high": value}; each end is the point that moves only
            this lever away from the baseline.
        kpis: Lever -> the KPI reported for it (its 2030 value, ``kpi_<name>_2030``).
    """
    keys = ["sample_id", "replication"]

    def point(values: dict) -> pd.DataFrame:
        mask = np.ones(len(runs), dtype=bool)
        for lever, value in values.items():
            mask &= runs[lever].astype(float).to_numpy() == float(value)
        return runs.loc[mask].set_index(keys).sort_index()

    base = point(baseline)
    rows = []
    for lever, lever_ends in ends.items():
        for end, value in lever_ends.items():
            moved = point({**baseline, lever: value})
            row = {"lever": lever, "end": end, "value": value, "kpi": kpis[lever]}
            for out, column in (
                ("d_cum_co2", "cumulative_co2_mt"),
                ("d_co2_2030", "emissions_2030_mt"),
                ("d_kpi", f"kpi_{kpis[lever]}_2030"),
                ("d_fiscal", "fiscal_cost_myuan"),
            ):
                mean, low, high = _paired((moved[column] - base[column]).to_numpy(dtype=float))
                suffix = "_mt" if out in ("d_cum_co2", "d_co2_2030") else ""
                suffix = "_myuan" if out == "d_fiscal" else suffix
                row |= {f"{out}{suffix}": mean, f"{out}_low": low, f"{out}_high": high}
            row["note"] = ""  # fabricated: the producer's notes are free text
            rows.append(row)
    return pd.DataFrame(rows)


def validation_table(yearly: pd.DataFrame) -> pd.DataFrame:
    """``validation.csv``: the model's 2020 medians against reference bands.

    The model values are real; the bands are FABRICATED around them (no validation producer
    exists yet), one deliberately missed so a failing check is drawn.
    """
    y2020 = yearly.loc[yearly["year"] == 2020]
    checks = [
        ("co2_total_2020", "Mt", "co2_mt", 0.9, 1.12, 1.02),
        ("energy_2020", "Mtce", "energy_consumption_mtce", 0.92, 1.1, None),
        ("electricity_2020", "TWh", "electricity_twh", 0.85, 1.05, 0.97),
        ("grid_factor_2020", "tCO2/MWh", "grid_factor_t_per_mwh", 1.05, 1.25, 1.15),
    ]
    rows = []
    for check, unit, column, low, high, best in checks:
        model = float(y2020[column].median())
        rows.append(
            {
                "check": check,
                "unit": unit,
                "model": model,
                "low": low * model,
                "high": high * model,
                "best": best * model if best else np.nan,
                "source": "stand-in band",
                "passed": low <= 1.0 <= high,
            }
        )
    return pd.DataFrame(rows)


def write_new_tables(store: Path, end_year: int) -> None:
    """Write the stand-in tables of one Monte Carlo store into its ``analysis/`` folder."""
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    scenario = manifest["base_scenario"]
    runs = pd.read_parquet(store / "runs.parquet")
    yearly = pd.read_parquet(store / "yearly")
    out = store / "analysis"
    tables = {
        "peak_states.csv": peak_states_table(runs, scenario, end_year),
        "peak_year_distribution.csv": peak_year_distribution_table(runs, scenario, end_year),
        "peak_probability.csv": peak_probability_table(runs, scenario, end_year),
        "kpi_bands.csv": kpi_bands_table(yearly, scenario),
        "scorecard.csv": scorecard_table(yearly, scenario),
        "sector_co2.csv": sector_co2_table(yearly, runs, scenario),
        "reconciliation.csv": reconciliation_table(yearly, runs, scenario),
    }
    for name, table in tables.items():
        table.to_csv(out / name, index=False)
    summary = summary_document(runs, manifest, end_year)
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
