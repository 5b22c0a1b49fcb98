"""One model run as a picklable function: the unit every experiment, the CLI and the UI use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from simulation import CityModel
from simulation.kpis import KPI_NAMES

SUMMARY_YEARS = (2025, 2030)


@dataclass(frozen=True, slots=True)
class RunOutput:
    """The result of one run.

    Attributes:
        summary: Flat scalars (peak, milestones, cumulative CO2, cost, KPIs at 2025/2030).
        yearly: One row per year with every series the model records.
    """

    summary: dict[str, float | int | bool | None]
    yearly: pd.DataFrame


def simulate(
    scenario: str | Path | Mapping[str, Any] = "plan",
    seed: int = 0,
    scale: float = 1.0,
    end_year: int = 2060,
    overrides: Mapping[str, Any] | None = None,
    convention: str = "consumption",
) -> CityModel:
    """Build and run a model to ``end_year``; return the finished model."""
    model = CityModel(scenario=scenario, scale=scale, end_year=end_year, rng=seed,
                      overrides=overrides, convention=convention)  # fmt: skip
    model.run_model()
    return model


def flat_summary(model: CityModel) -> dict[str, float | int | bool | None]:
    """Scalar summary of a finished model (the experiment store's columns)."""
    s = model.summary()
    table = model.yearly_table().set_index("year")
    emissions = s["emissions_mt"]
    flat: dict[str, float | int | bool | None] = {
        "peak_year": s["peak_year"],
        "peaked": s["peaked"],
        "max_year": s["max_year"],
        "plateau_start": s["plateau_start"],
        "plateau_end": s["plateau_end"],
        "peak_emissions_mt": s["peak_emissions_mt"],
        "emissions_2020_mt": emissions.get(2020),
        "emissions_2025_mt": emissions.get(2025),
        "emissions_2030_mt": emissions.get(2030),
        "cumulative_co2_mt": s["cumulative_co2_mt"],
        "fiscal_cost_myuan": s["fiscal_cost_myuan"],
    }
    for name in KPI_NAMES:
        for year in SUMMARY_YEARS:
            flat[f"kpi_{name}_{year}"] = (
                float(table.at[year, name]) if year in table.index else None
            )
    return flat


def run_point(
    params: Mapping[str, Any],
    seed: int,
    scale: float = 1.0,
    end_year: int = 2060,
    scenario: str = "plan",
) -> RunOutput:
    """Run the model once with ``params`` on top of ``scenario`` (the experiments' task).

    Args:
        params: Parameter overrides (levers and uncertainties).
        seed: The run's seed.
        scale: Share of households and farms simulated.
        end_year: Last year.
        scenario: Base scenario name or path.

    Raises:
        parameters.ParameterError: On bad input.
    """
    model = simulate(scenario, seed, scale, end_year, overrides=params)
    return RunOutput(summary=flat_summary(model), yearly=model.yearly_table())
