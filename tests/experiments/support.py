"""Test support for the experiment engine: cheap deterministic fake run functions and designs.

Everything here is importable by worker processes (top-level functions of
``tests.experiments.support``), so the engine can be tested on real process pools and Dask
clusters without the model.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.design import Design, RunSpec
from experiments.runner import RunOutput
from experiments.store import MEASURED_COLUMNS

REPO_DIR = Path(__file__).resolve().parents[2]

#: A run whose uncertainty `x` equals this value raises in `failing_task`.
FAIL_X = 0.5
#: Seconds `fake_task` sleeps per run when set in the environment (used by the kill test).
SLEEP_ENV = "CARBONPEAK_FAKE_TASK_SLEEP_S"


def fake_task(params: dict, seed: int, scale: float, end_year: int, scenario: str) -> RunOutput:
    """An emissions path from a seeded generator: rises, then falls with `lever`, plus noise."""
    delay = float(os.environ.get(SLEEP_ENV, "0") or 0)
    if delay:
        time.sleep(delay)
    rng = np.random.default_rng(seed)
    years = np.arange(2020, end_year + 1)
    t = years - 2020
    x = float(params.get("x", 0.3))
    lever = float(params.get("lever", 0.0))
    turn = 5 + 30 * x - 10 * lever + rng.normal(0, 1)
    co2 = scale * (20 + 0.8 * np.minimum(t, turn) - 0.5 * np.maximum(t - turn, 0))
    co2 = co2 + rng.normal(0, 0.05, size=t.size)
    peak_idx = int(np.argmax(co2))
    peaked = peak_idx <= t.size - 6
    yearly = pd.DataFrame(
        {
            "year": years,
            "co2_mt": co2,
            "sinks_mt": np.full(t.size, 0.1 * scale),
            "kpi_ev_share": np.linspace(0, 0.5 + 0.3 * lever, t.size),
        }
    )
    summary = {
        "peak_year": int(years[peak_idx]) if peaked else None,
        "peaked": bool(peaked),
        "peak_emissions_mt": float(co2[peak_idx]),
        "emissions_2030_mt": float(co2[min(10, t.size - 1)]),
        "cumulative_co2_mt": float(co2.sum()),
        "fiscal_cost_myuan": float(100 * lever),
        "scenario_name": str(scenario),
    }
    return RunOutput(summary=summary, yearly=yearly)


def failing_task(params: dict, seed: int, scale: float, end_year: int, scenario: str) -> RunOutput:
    """Like `fake_task`, but raises `ValueError` when `x == FAIL_X`."""
    if params.get("x") == FAIL_X:
        raise ValueError(f"fake model failure for x={params['x']}")
    return fake_task(params, seed, scale, end_year, scenario)


def interrupting_task(
    params: dict, seed: int, scale: float, end_year: int, scenario: str
) -> RunOutput:
    """Like `fake_task`, but raises `KeyboardInterrupt` (Ctrl-C) when `x == FAIL_X`."""
    if params.get("x") == FAIL_X:
        raise KeyboardInterrupt
    return fake_task(params, seed, scale, end_year, scenario)


def seed_failing_task(
    params: dict, seed: int, scale: float, end_year: int, scenario: str
) -> RunOutput:
    """Like `fake_task`, but raises `ValueError` when the seed is divisible by 3."""
    if seed % 3 == 0:
        raise ValueError(f"fake model failure for seed={seed}")
    return fake_task(params, seed, scale, end_year, scenario)


def env_task(params: dict, seed: int, scale: float, end_year: int, scenario: str) -> RunOutput:
    """Reports the worker's BLAS thread variables and glibc trim threshold in its summary."""
    from experiments.engine.executors import MALLOC_TRIM_VAR, THREAD_ENV_VARS

    summary = {name: os.environ.get(name, "") for name in (*THREAD_ENV_VARS, MALLOC_TRIM_VAR)}
    return RunOutput(summary=summary, yearly=pd.DataFrame({"year": [2020], "co2_mt": [1.0]}))


# ---------------------------------------------------------------------------------------------
# Designs built by hand from experiments.design types (a fake task needs its own uncertainty "x")
# ---------------------------------------------------------------------------------------------


def make_design(
    n_samples: int = 6,
    levers: tuple[float, ...] = (0.0,),
    replications: int = 1,
    root_seed: int = 7,
    xs: list[float] | None = None,
    end_year: int = 2045,
    name: str = "fake",
) -> Design:
    """A design: lever points x samples x replications; seeds depend on (sample, replication)."""
    if xs is None:
        xs = [round(float(v), 6) for v in np.linspace(0.05, 0.95, n_samples)]
    children = np.random.SeedSequence(root_seed).spawn(len(xs) * replications)
    seeds = [int(c.generate_state(1)[0]) for c in children]
    runs = []
    for point_id, lever in enumerate(levers):
        for sample_id, x in enumerate(xs):
            for rep in range(replications):
                runs.append(
                    RunSpec(
                        run_id=len(runs),
                        point_id=point_id,
                        sample_id=sample_id,
                        replication=rep,
                        levers={"lever": lever} if len(levers) > 1 else {},
                        uncertainties={"x": x},
                        seed=seeds[sample_id * replications + rep],
                    )
                )
    spec = {"kind": "fake", "n_samples": len(xs), "levers": list(levers), "seed": root_seed}
    return Design(
        name=name,
        base_scenario="plan",
        scale=0.1,
        end_year=end_year,
        method="montecarlo",
        runs=runs,
        problem=None,
        spec=spec,
    )


def comparable_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """The runs table without the columns that legitimately vary between executions."""
    return runs.drop(columns=list(MEASURED_COLUMNS)).reset_index(drop=True)


def run_in_subprocess(out_dir: str, n_samples: int, workers: int, resume: bool = False) -> None:
    """Entry point of the kill -9 test's child process."""
    from experiments import run_experiment

    run_experiment(
        make_design(n_samples=n_samples),
        out_dir,
        workers=workers,
        resume=resume,
        task=fake_task,
        progress=False,
        batch_size=2,
        flush_interval_s=0.2,
        analyses=False,
    )


#: Coefficients of `linear_task`: its output moves by exactly this much over each range.
LINEAR_COEFFICIENTS = {"coal_price_yuan_per_t": 3.0, "petrol_price_yuan_per_l": -2.0,
                       "grid_nonfossil_growth": 0.5}  # fmt: skip


def linear_task(params: dict, seed: int, scale: float, end_year: int, scenario: str) -> RunOutput:
    """Outcomes linear in each factor's position in its registry range (known Morris effects)."""
    from parameters import REGISTRY

    value = 0.0
    for name, coefficient in LINEAR_COEFFICIENTS.items():
        p = REGISTRY[name]
        value += coefficient * (params[name] - p.low) / (p.high - p.low)
    summary = {"peak_year": 2030, "peaked": True, "peak_emissions_mt": value,
               "cumulative_co2_mt": value}  # fmt: skip
    return RunOutput(summary=summary, yearly=pd.DataFrame({"year": [2020], "co2_mt": [value]}))
