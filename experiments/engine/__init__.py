"""The experiment engine: run every `RunSpec` of a `Design` on an executor into a result store.

Modules: `executors` (local processes, Dask), `worker` (one run in a worker), `loop` (bounded
futures in flight, batches to the store, stopping cleanly), `run` (`run_experiment`).
"""

from experiments.engine.executors import (
    DaskMissingError,
    SchedulerUnreachableError,
    make_executor,
)
from experiments.engine.loop import ExperimentCancelled, ExperimentError
from experiments.engine.run import ExperimentResult, run_experiment
from experiments.engine.worker import execute_run, peak_rss_mib

__all__ = [
    "DaskMissingError",
    "ExperimentCancelled",
    "ExperimentError",
    "ExperimentResult",
    "SchedulerUnreachableError",
    "execute_run",
    "make_executor",
    "peak_rss_mib",
    "run_experiment",
]
