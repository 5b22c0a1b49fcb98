"""`run_experiment`: every run of a design, on an executor, into a result store, then analysed.

Runs already stored are skipped when resuming; an exception inside a run is recorded with its
traceback and the other runs go on; when every run is done the store is consolidated, the
analyses are written, and only then does the manifest say "complete". The results do not
depend on the executor or the number of workers: the model is deterministic by seed and the
store sorts rows by run_id.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments.engine.executors import check_executor_args, make_executor
from experiments.engine.loop import InflightLimit, Loop
from experiments.engine.worker import Task
from experiments.store import ExperimentStore

#: Default number of finished runs per part file.
DEFAULT_BATCH_SIZE = 64
#: A batch is also written once its oldest run has waited this many seconds.
DEFAULT_FLUSH_INTERVAL_S = 2.0


@dataclass(frozen=True)
class ExperimentResult:
    """What `run_experiment` did.

    Attributes:
        store: The experiment's directory.
        n_ok: Runs that finished (whole experiment, including earlier sessions).
        n_failed: Runs that raised (recorded with status "error" and their traceback).
        n_total: Runs in the design.
        n_resumed: Runs already stored before this call (skipped).
        wall_time_s: Seconds this call took.
        analysis_error: Why `experiments.analysis.write_analyses` failed, if it did (the runs
            are stored all the same; resuming the complete store retries the analyses).
    """

    store: Path
    n_ok: int
    n_failed: int
    n_total: int
    n_resumed: int = 0
    wall_time_s: float = 0.0
    analysis_error: str | None = None

    @property
    def all_ok(self) -> bool:
        """True when every run of the design finished without error."""
        return self.n_failed == 0 and self.n_ok == self.n_total


def _default_task() -> Task:
    from experiments.runner import run_point

    return run_point


def _task_name(task: Any) -> str:
    return f"{getattr(task, '__module__', '?')}.{getattr(task, '__qualname__', repr(task))}"


def _param_columns(design: Any) -> list[str]:
    names: dict[str, None] = {}
    for run in design.runs:
        names.update(dict.fromkeys(run.levers))
        names.update(dict.fromkeys(run.uncertainties))
    return list(names)


def _check_design(design: Any) -> None:
    ids = [run.run_id for run in design.runs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"design '{design.name}' has duplicate run ids; each run needs its own")


def _check_picklable(task: Any) -> None:
    try:
        pickle.dumps(task)
    except (pickle.PicklingError, AttributeError, TypeError) as e:
        raise TypeError(
            f"task {_task_name(task)} cannot be sent to worker processes ({e}); "
            "use a function defined at the top level of an importable module"
        ) from e


def _baseline_point_id(design: Any) -> Any:
    """The lever point the wedges are measured against, or None.

    A design's own `baseline_point_id` if it has one; else, when several lever points exist,
    the point without lever overrides, or the point whose levers equal the base scenario's.
    """
    declared = getattr(design, "baseline_point_id", None)
    if declared is not None:
        return declared
    points: dict[int, dict] = {}
    for run in design.runs:
        points.setdefault(run.point_id, dict(run.levers))
    if len(points) < 2:
        return None
    for point_id, levers in sorted(points.items()):
        if not levers:
            return point_id
    from parameters import ParameterError, resolve

    try:
        scenario = resolve(scenario=design.base_scenario)
    except ParameterError:
        return None
    for point_id, levers in sorted(points.items()):
        if all(scenario.get(name) == value for name, value in levers.items()):
            return point_id
    return None


def _analysis_options(design: Any) -> dict[str, Any]:
    """The arguments of `write_analyses` that the design decides."""
    method = design.method if design.method in ("sobol", "morris") else None
    options: dict[str, Any] = {
        "problem": getattr(design, "problem", None) if method else None,
        "method": method,
        "baseline_point_id": _baseline_point_id(design),
    }
    sampler = (getattr(design, "spec", None) or {}).get("sampler") or {}
    if method == "sobol" and "calc_second_order" in sampler:
        options["calc_second_order"] = bool(sampler["calc_second_order"])
    if method == "morris" and "num_levels" in sampler:
        options["num_levels"] = int(sampler["num_levels"])
    return options


def _write_analyses(store: ExperimentStore, design: Any) -> str | None:
    """Write `experiments.analysis.write_analyses` results; return a failure as one line.

    The analyses run after consolidation, so a failure there loses no run: it is recorded in
    the manifest (`analysis_error`) and warned about, not raised. A full disk is raised.
    """
    from experiments.analysis import write_analyses

    try:
        write_analyses(store.path, **_analysis_options(design))
    except OSError:
        raise
    except Exception as e:  # results are safe on disk; report, do not lose the experiment
        message = f"analyses of '{store.path}' failed ({type(e).__name__}: {e})"
        store.record_analysis_error(traceback.format_exc())
        warnings.warn(message, RuntimeWarning, stacklevel=3)
        return " ".join(message.split())
    store.record_analysis_error(None)
    return None


def _finish(store: ExperimentStore, design: Any, analyses: bool) -> str | None:
    """Write the analyses, then mark the store complete; return the analyses' failure."""
    try:
        analysis_error = _write_analyses(store, design) if analyses else None
        if store.status != "complete":
            store.mark_complete()
    except BaseException:
        if store.status != "complete":
            with contextlib.suppress(OSError):  # the disk may be full
                store.set_status("incomplete")
        raise
    return analysis_error


def _session(executor: Executor | None, workers: int | None, scheduler: str | None,
             local_dask: bool) -> dict[str, Any]:  # fmt: skip
    if executor is not None:
        kind = type(executor).__name__
    else:
        kind = "dask" if scheduler or local_dask else "processes"
    return {"executor": kind, "workers": workers, "scheduler": scheduler, "argv": list(sys.argv)}


def run_experiment(
    design: Any,
    out_dir: str | os.PathLike[str],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    local_dask: bool = False,
    resume: bool = False,
    task: Task | None = None,
    progress: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
    flush_interval_s: float = DEFAULT_FLUSH_INTERVAL_S,
    max_inflight: int | None = None,
    analyses: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ExperimentResult:
    """Run every run of `design` and store the results in `out_dir`.

    Args:
        design: An `experiments.design.Design`.
        out_dir: The experiment's directory (absent or empty, or this experiment's to resume).
        executor: Any `concurrent.futures.Executor` to use as is (not shut down here). Without
            it one is made with `make_executor(workers, scheduler, local_dask)`.
        workers: Local worker processes (default: all CPUs).
        scheduler: Address of a Dask scheduler, "tcp://HOST:PORT".
        local_dask: Use a Dask `LocalCluster` of `workers` processes.
        resume: Continue the experiment in `out_dir`, skipping runs already stored.
        task: The run function; default `experiments.runner.run_point`.
        progress: Show a progress bar (only on a terminal).
        batch_size: Finished runs per part file.
        flush_interval_s: Write a batch at least this often while runs are finishing.
        max_inflight: Futures in flight at most; default 4 per worker.
        analyses: Write `experiments.analysis.write_analyses` results after consolidation.
        on_progress: Called as ``on_progress(done, total)`` once when the runs start and after
            every finished run; ``done`` counts the design's runs stored so far, including
            those of earlier sessions. It runs in the calling thread: keep it quick.
        cancel: When this event is set (from another thread), no new run is submitted, runs
            not yet started are cancelled, finished runs are stored, the store's status
            becomes "interrupted" and `ExperimentCancelled` is raised within about 0.1 s (plus
            the time to write the last batch).

    Returns:
        The store path and the numbers of successful and failed runs.

    Raises:
        experiments.store.StoreConflictError: `out_dir` must not be used (not empty and not
            this experiment's store, or a different design); nothing was run.
        ExperimentCancelled: `cancel` was set; `resume=True` continues.
        ExperimentError: Runs could not be executed (a worker died, the cluster went away);
            what finished is stored, and `resume=True` continues.
        KeyboardInterrupt: Ctrl-C (or SIGTERM, which the command line turns into one); the
            store's status is "interrupted" and `resume=True` continues.
    """
    start = time.perf_counter()
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    _check_design(design)
    task = _default_task() if task is None else task
    if executor is None:
        check_executor_args(workers, scheduler, local_dask)
    if (executor is None and scheduler is None and not local_dask) or isinstance(
        executor, ProcessPoolExecutor
    ):
        _check_picklable(task)
    param_columns = _param_columns(design)
    with ExitStack() as stack:
        # Connect first: an unreachable scheduler must not leave a stub store behind that a
        # plain retry would then refuse. (A process pool starts its workers lazily.)
        if executor is None:
            executor = stack.enter_context(
                make_executor(workers=workers, scheduler=scheduler, local_dask=local_dask)
            )
        store = stack.enter_context(
            ExperimentStore.open_for_writing(
                out_dir,
                design,
                resume=resume,
                task=task,
                param_columns=param_columns,
                session=_session(executor, workers, scheduler, local_dask),
            )
        )
        done = store.done_run_ids()
        if store.status != "complete":
            todo = [run for run in design.runs if run.run_id not in done]
            if todo:
                loop = Loop(
                    design,
                    store,
                    executor,
                    task,
                    param_columns,
                    limit=InflightLimit(executor, max_inflight),
                    batch_size=batch_size,
                    flush_interval_s=flush_interval_s,
                    on_progress=on_progress,
                    cancel=cancel,
                )
                loop.run(todo, n_done=len(done), progress=progress)
            store.finish([run.run_id for run in design.runs], param_columns)
        analysis_error = _finish(store, design, analyses)
        counts = store.manifest.get("counts", {})
    return ExperimentResult(
        store=store.path,
        n_ok=int(counts.get("ok", 0)),
        n_failed=int(counts.get("failed", 0)),
        n_total=len(design.runs),
        n_resumed=len(done),
        wall_time_s=time.perf_counter() - start,
        analysis_error=analysis_error,
    )
