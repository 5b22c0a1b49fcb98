"""One model run as a picklable function: the unit every experiment, the CLI and the UI use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from simulation import CityModel
from simulation.kpis import KPI_NAMES
from simulation.model import headline, peak_thresholds

SUMMARY_YEARS = (2025, 2030)
#: The electricity convention of the headline CO2 of every experiment run (``run_point``).
HEADLINE_CONVENTION = "consumption"


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


def flat_summary(
    yearly: pd.DataFrame, thresholds: dict[str, float] | None = None
) -> dict[str, float | int | bool | None]:
    """Scalar summary of a run's yearly table (the experiment store's columns).

    Args:
        yearly: The run's yearly table.
        thresholds: The run's peak thresholds (``simulation.model.peak_thresholds``).
    """
    table = yearly.set_index("year")

    def at(year: int, column: str) -> float | None:
        return float(table.at[year, column]) if year in table.index else None

    flat: dict[str, float | int | bool | None] = headline(table, thresholds)
    for year in (2020, *SUMMARY_YEARS):
        flat[f"emissions_{year}_mt"] = at(year, "co2_mt")
    for name in KPI_NAMES:
        for year in SUMMARY_YEARS:
            flat[f"kpi_{name}_{year}"] = at(year, name)
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
    model = simulate(scenario, seed, scale, end_year, overrides=params,
                     convention=HEADLINE_CONVENTION)  # fmt: skip
    yearly = model.yearly_table()
    return RunOutput(summary=flat_summary(yearly, peak_thresholds(model.p)), yearly=yearly)
