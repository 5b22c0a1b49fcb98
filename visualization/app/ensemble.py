"""Probability on demand: a Monte Carlo ensemble of one setting on the experiments' engine.

`estimate` writes the setting as a scenario file, builds the Monte Carlo design over the
registry's uncertainties, runs it on local worker processes into a temporary result store,
and reduces the store to what the page shows: P(peaked by 2030) with its Wilson interval, the
share of runs in each peak state and the emission bands of the fan chart. It reports progress
and stops early when asked. Finished estimates are cached per (setting, runs, scale, seed).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from visualization.app.compute import PEAK_BY, BoundedCache, peak_state
from visualization.app.settings import Settings, to_toml

#: Runs of an estimate unless the user picks another number.
DEFAULT_RUNS = 200
RUN_CHOICES = (50, 100, 200, 500)
#: Worker processes of one estimate (two cores are the reference machine).
WORKERS = max(1, min(4, os.cpu_count() or 1))

ProgressCallback = Callable[[int, int], None]


class EnsembleCancelled(Exception):
    """The user cancelled the estimate; nothing of it is kept."""


@dataclass(frozen=True)
class Estimate:
    """A finished ensemble, reduced to what the page shows.

    Attributes:
        runs: Successful runs analysed.
        failed: Runs that failed (left out of every statistic).
        p_peak: P(peaked by 2030).
        ci: Its 95% Wilson interval.
        state_shares: Share of successful runs in each peak state.
        bands: Year, q05, q25, q50, q75, q95 of total CO2 (Mt).
        scale: Scale of every run.
        seconds: Wall time.
    """

    runs: int
    failed: int
    p_peak: float | None
    ci: tuple[float | None, float | None]
    state_shares: dict[str, float]
    bands: pd.DataFrame
    scale: float
    seconds: float


_ESTIMATES = BoundedCache(maxsize=16)


def cached_estimate(settings: Settings, runs: int, scale: float, seed: int) -> Estimate | None:
    """An earlier estimate of the same setting, runs, scale and seed, if one is kept."""
    return _ESTIMATES.get((settings.key(), runs, scale, seed))


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
        on_progress: Called with (runs done, total) from a worker thread.
        cancel: Set it to stop; the call then raises `EnsembleCancelled`.

    Raises:
        EnsembleCancelled: ``cancel`` was set before the ensemble finished.
    """
    key = (settings.key(), runs, scale, seed)
    kept = _ESTIMATES.get(key)
    if kept is not None:
        return kept
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="carbonpeak-app-") as tmp:
        scenario = Path(tmp) / "setting.toml"
        scenario.write_text(to_toml(settings, "app-setting", "web app ensemble"), "utf-8")
        runs_table, yearly = _run_ensemble(
            scenario, runs, scale, seed, Path(tmp) / "store", on_progress, cancel
        )
    result = _reduce(runs_table, yearly, scale, time.perf_counter() - start)
    _ESTIMATES.put(key, result)
    return result


def _reduce(runs: pd.DataFrame, yearly: pd.DataFrame, scale: float, seconds: float) -> Estimate:
    from experiments.analysis import emission_bands, ok_runs, peak_probability

    ok, failed = ok_runs(runs)
    headline = peak_probability(runs, by_year=PEAK_BY)
    states = pd.Series([peak_state(row) for row in ok.to_dict("records")], dtype=object)
    shares = {s: float((states == s).mean()) for s in ("peaked", "plateau", "not_peaked")}
    shares = {s: v for s, v in shares.items() if v > 0 or s != "plateau"}
    bands = emission_bands(yearly, "co2_mt", (0.05, 0.25, 0.5, 0.75, 0.95), ok["run_id"])
    low, high = headline[f"p_peak_by_{PEAK_BY}_ci95"]
    return Estimate(
        runs=len(ok),
        failed=failed,
        p_peak=headline[f"p_peak_by_{PEAK_BY}"],
        ci=(low, high),
        state_shares=shares,
        bands=bands,
        scale=scale,
        seconds=seconds,
    )


# ---------------------------------------------------------------------------------------------
# ADAPTER to the experiments engine, for the lead to simplify once the `house` branch lands:
# the top-level `experiments` package is to export montecarlo_design, run_experiment,
# read_runs (and read_yearly), and run_experiment to take on_progress(done, total) and
# cancel: threading.Event. Until then this function imports the submodules and gets progress
# and cancel by wrapping the executor. Replace its body with one run_experiment call then.
# ---------------------------------------------------------------------------------------------
class _WatchedExecutor(Executor):
    """Delegates to a pool; counts finished runs and refuses new ones once cancelled."""

    def __init__(self, inner: Executor, workers: int, total: int, on_progress, cancel) -> None:
        self._inner = inner
        self._max_workers = workers  # read by the engine to bound runs in flight
        self._total = total
        self._done = 0
        self._lock = threading.Lock()
        self._on_progress = on_progress
        self._cancel = cancel

    def _finished(self, _: Future) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        if self._on_progress is not None:
            self._on_progress(done, self._total)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        if self._cancel is not None and self._cancel.is_set():
            raise EnsembleCancelled("estimate cancelled")
        future = self._inner.submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def _run_ensemble(
    scenario: Path,
    runs: int,
    scale: float,
    seed: int,
    store: Path,
    on_progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the Monte Carlo design of ``scenario``; return the runs and yearly CO2 tables."""
    from experiments.executors import make_executor

    from experiments.design import montecarlo_design
    from experiments.engine import run_experiment
    from experiments.store import read_runs, read_yearly

    design = montecarlo_design(scenario=str(scenario), runs=runs, seed=seed, scale=scale)
    with make_executor(workers=WORKERS) as pool:
        watched = _WatchedExecutor(pool, WORKERS, len(design.runs), on_progress, cancel)
        try:
            run_experiment(design, store, executor=watched, progress=False, analyses=False)
        except EnsembleCancelled:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return read_runs(store), read_yearly(store, columns=["run_id", "year", "co2_mt"])
