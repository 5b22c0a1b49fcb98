"""Probability on demand: a Monte Carlo ensemble of one setting on the experiments' engine.

`estimate` writes the setting as a scenario file, builds the Monte Carlo design over the
registry's uncertainties, runs it with `experiments.run_experiment` on local worker processes
into a temporary result store, and reduces the store to what the page shows: P(peaked by 2030)
and P(plateau or peaked by 2030) with their Wilson intervals, the three peak states, the peak
years, both probabilities by year and the emission bands of the fan chart. It reports progress
and stops early when asked. Finished estimates are cached per (setting, runs, scale, seed).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from visualization.app.compute import PEAK_BY, BoundedCache
from visualization.app.settings import Settings, to_toml

#: Runs of an estimate unless the user picks another number.
DEFAULT_RUNS = 200
RUN_CHOICES = (50, 100, 200, 500)
#: Share of households and farms simulated in each ensemble run (the UI states it). A run's
#: time hardly depends on it below 2% (fixed costs dominate), see benchmarks/bench_app.py.
ENSEMBLE_SCALE = 0.005
#: Worker processes of one estimate (two cores are the reference machine).
WORKERS = max(1, min(4, os.cpu_count() or 1))
#: Quantiles of the fan chart.
BAND_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)  # equal only to itself (Solara compares props)
class Estimate:
    """A finished ensemble, reduced to what the page shows (treat the tables as read-only).

    Attributes:
        runs: Successful runs analysed.
        failed: Runs that failed (left out of every statistic).
        p_peak: P(peaked by 2030), None without a successful run.
        p_peak_ci: Its 95% Wilson interval.
        p_plateau: P(plateau or peaked by 2030).
        p_plateau_ci: Its 95% Wilson interval.
        median_peak_year: First year by which half the runs have peaked (None if half never do).
        states: ``state, n, share, ci_low, ci_high``, one row per peak state.
        peak_years: ``label, state, n, share``: peaked runs by peak year, then plateau and
            not peaked.
        by_year: ``year, p_peaked, p_peaked_low, p_peaked_high, p_plateau_or_peaked, ...``.
        bands: ``year, q05, q25, q50, q75, q95`` of total CO2 (Mt).
        scale: Scale of every run.
        seconds: Wall time.
    """

    runs: int
    failed: int
    p_peak: float | None
    p_peak_ci: tuple[float | None, float | None]
    p_plateau: float | None
    p_plateau_ci: tuple[float | None, float | None]
    median_peak_year: int | None
    states: pd.DataFrame
    peak_years: pd.DataFrame
    by_year: pd.DataFrame
    bands: pd.DataFrame
    scale: float
    seconds: float

    @property
    def state_shares(self) -> dict[str, float]:
        """Share of successful runs in each peak state."""
        return dict(zip(self.states["state"], self.states["share"].astype(float), strict=True))


_ESTIMATES = BoundedCache(maxsize=16)


def cached_estimate(settings: Settings, runs: int, scale: float, seed: int) -> Estimate | None:
    """An earlier estimate of the same setting, runs, scale and seed, if one is kept."""
    return _ESTIMATES.get((settings.key(), runs, scale, seed))


def warm_up() -> None:
    """Load the engine here and start its worker fork server, so the next estimate starts at once.

    The first pool of a process starts a fork server that imports the model (~2 s); later
    pools fork from it in milliseconds. The app calls this in a thread when the "How sure?" tab
    opens, while the user reads it; calling it again costs a few milliseconds.
    """
    from experiments import make_executor

    with make_executor(workers=1) as pool:
        pool.submit(int).result()


def start_warm_up() -> None:
    """`warm_up` in a background thread."""
    threading.Thread(target=warm_up, name="carbonpeak-warm-up", daemon=True).start()


def largest_cached(settings: Settings, scale: float, seed: int) -> Estimate | None:
    """The kept estimate of ``settings`` with the most runs (of `RUN_CHOICES`), if any."""
    for runs in sorted(RUN_CHOICES, reverse=True):
        kept = cached_estimate(settings, runs, scale, seed)
        if kept is not None:
            return kept
    return None


def estimate(
    settings: Settings,
    runs: int = DEFAULT_RUNS,
    *,
    scale: float,
    seed: int,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Estimate:
    """Run a Monte Carlo ensemble of ``settings`` and reduce it (cached).

    Args:
        settings: The setting; its lever values and assumptions are the centre of the design.
        runs: Number of runs (one per Latin-hypercube sample of the uncertainties).
        scale: Share of households and farms simulated in each run.
        seed: Root seed of the design.
        on_progress: Called with (runs done, total) from the thread running the ensemble.
        cancel: Set it to stop; the call then raises `experiments.ExperimentCancelled`.

    Raises:
        experiments.ExperimentCancelled: ``cancel`` was set before the ensemble finished.
    """
    from experiments import montecarlo_design, read_runs, read_yearly, run_experiment

    key = (settings.key(), runs, scale, seed)
    kept = _ESTIMATES.get(key)
    if kept is not None:
        return kept
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="carbonpeak-app-") as tmp:
        scenario = Path(tmp) / "setting.toml"
        scenario.write_text(to_toml(settings, "app-setting", "web app ensemble"), "utf-8")
        design = montecarlo_design(scenario=str(scenario), runs=runs, seed=seed, scale=scale)
        store = Path(tmp) / "store"
        run_experiment(
            design,
            store,
            workers=WORKERS,
            progress=False,
            analyses=False,
            on_progress=on_progress,
            cancel=cancel,
        )
        runs_table = read_runs(store)
        yearly = read_yearly(store, columns=["run_id", "year", "co2_mt"])
    result = reduce_runs(runs_table, yearly, scale, time.perf_counter() - start)
    _ESTIMATES.put(key, result)
    return result


def reduce_runs(runs: pd.DataFrame, yearly: pd.DataFrame, scale: float, seconds: float) -> Estimate:
    """What the page shows of an ensemble's runs table and yearly CO2."""
    from experiments import (
        emission_bands,
        ok_runs,
        peak_probability,
        peak_probability_by_year,
        peak_state_table,
        peak_year_distribution,
    )

    ok, _ = ok_runs(runs)
    headline = peak_probability(runs, by_year=PEAK_BY)
    peak = f"p_peak_by_{PEAK_BY}"
    either = f"p_plateau_or_peaked_by_{PEAK_BY}"
    return Estimate(
        runs=headline["runs"],
        failed=headline["n_failed"],
        p_peak=headline[peak],
        p_peak_ci=tuple(headline[f"{peak}_ci95"]),
        p_plateau=headline[either],
        p_plateau_ci=tuple(headline[f"{either}_ci95"]),
        median_peak_year=headline["median_peak_year"],
        states=peak_state_table(runs),
        peak_years=peak_year_distribution(runs),
        by_year=peak_probability_by_year(runs),
        bands=emission_bands(yearly, "co2_mt", BAND_QUANTILES, ok["run_id"]),
        scale=scale,
        seconds=seconds,
    )
