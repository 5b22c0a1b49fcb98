"""The experiment engine: run every `RunSpec` of a `Design` on an executor into a result store.

`run_experiment` submits runs with a bounded number of futures in flight, records each finished
run (an exception inside a run is caught in the worker and recorded with its traceback; the
other runs go on), writes finished batches durably to the store, skips runs already stored when
resuming, and consolidates the store when every run is done. The results do not depend on the
executor or the number of workers: the model is deterministic by seed and the store sorts rows
by run_id.

The run function ("task") is any picklable top-level function
``task(params, seed, scale, end_year, scenario) -> RunOutput`` (an object with a flat
``summary`` dict and a ``yearly`` DataFrame with a ``year`` column); the default is
`experiments.runner.run_point`.
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from experiments.executors import check_executor_args, executor_capacity, make_executor
from experiments.store import META_COLUMNS, STATUS_COLUMNS, ExperimentStore

__all__ = ["ExperimentError", "ExperimentResult", "execute_run", "peak_rss_mib", "run_experiment"]

#: Futures in flight per worker: enough to keep workers busy, few enough to bound memory.
INFLIGHT_PER_WORKER = 4
#: Default number of finished runs per part file.
DEFAULT_BATCH_SIZE = 64
#: A batch is also written once its oldest run has waited this many seconds.
DEFAULT_FLUSH_INTERVAL_S = 2.0

Task = Callable[[dict, int, float, int, str], Any]


class ExperimentError(RuntimeError):
    """The experiment stopped before every run was done (its finished runs are stored)."""


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


# ---------------------------------------------------------------------------------------------
# Worker side
# ---------------------------------------------------------------------------------------------


def peak_rss_mib() -> float | None:
    """Return this process's peak resident set size in MiB (None where it cannot be read)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, else KiB


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def execute_run(
    task: Task,
    run_id: int,
    params: dict[str, Any],
    seed: int,
    scale: float,
    end_year: int,
    scenario: str,
) -> dict[str, Any]:
    """Run one model run in a worker and package its result; never raises for a model error.

    Returns:
        A dict with ``run_id``, ``status`` ("ok" or "error"), ``error`` (the traceback text or
        None), ``runtime_s``, ``worker_peak_rss_mib`` (the worker's peak memory so far),
        ``summary`` (flat dict) and ``yearly`` (a `pyarrow.Table` with
        ``run_id`` and ``year`` first, or None).
    """
    start = time.perf_counter()
    try:
        output = task(params, seed, scale, end_year, scenario)
        summary = {str(k): _scalar(v) for k, v in dict(output.summary).items()}
        yearly = _yearly_table(run_id, output.yearly)
    except Exception:  # a failing run is a result: record it, let the others go on
        return {
            "run_id": run_id,
            "status": "error",
            "error": traceback.format_exc(),
            "runtime_s": time.perf_counter() - start,
            "worker_peak_rss_mib": peak_rss_mib(),
            "summary": {},
            "yearly": None,
        }
    return {
        "run_id": run_id,
        "status": "ok",
        "error": None,
        "runtime_s": time.perf_counter() - start,
        "worker_peak_rss_mib": peak_rss_mib(),
        "summary": summary,
        "yearly": yearly,
    }


def _yearly_table(run_id: int, yearly: Any) -> pa.Table:
    frame = yearly if isinstance(yearly, pd.DataFrame) else pd.DataFrame(yearly)
    if "year" not in frame.columns:
        raise ValueError(
            f"the run's yearly table has no 'year' column (columns: {list(frame.columns)})"
        )
    frame = frame.reset_index(drop=True)
    frame = frame.drop(columns=[c for c in ("run_id",) if c in frame.columns])
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    year = table.column("year").cast(pa.int64())
    table = table.set_column(table.schema.get_field_index("year"), "year", year)
    table = table.select(["year", *[c for c in table.column_names if c != "year"]])
    return table.add_column(0, "run_id", pa.array(np.full(table.num_rows, run_id, np.int64)))


# ---------------------------------------------------------------------------------------------
# Coordinator side
# ---------------------------------------------------------------------------------------------


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


def _row(run: Any, result: Mapping[str, Any], param_columns: list[str]) -> dict[str, Any]:
    """One `runs.parquet` row: meta, parameters, outputs, status (name clashes get `_out`)."""
    row: dict[str, Any] = {
        "run_id": run.run_id,
        "point_id": run.point_id,
        "sample_id": run.sample_id,
        "replication": run.replication,
        "seed": run.seed,
    }
    params = run.params
    for name in param_columns:
        row[name] = params.get(name)
    reserved = {*META_COLUMNS, *STATUS_COLUMNS, *param_columns}
    for key, value in result["summary"].items():
        row[f"{key}_out" if key in reserved else key] = value
    row["status"] = result["status"]
    row["error"] = result["error"]
    row["runtime_s"] = float(result["runtime_s"])
    row["worker_peak_rss_mib"] = result.get("worker_peak_rss_mib")
    return row


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


def _write_analyses(store: ExperimentStore, design: Any) -> str | None:
    """Call `experiments.analysis.write_analyses` when that module exists (optional seam).

    The analyses run after the store is complete, so a failure there loses no run: it is
    recorded in the manifest (`analysis_error`), warned about and returned, not raised.

    Returns:
        None, or the failure as one line.
    """
    try:
        analysis = importlib.import_module("experiments.analysis")
    except ModuleNotFoundError as e:
        if e.name != "experiments.analysis":  # the module exists but a dependency is missing
            raise
        return None
    method = design.method if design.method in ("sobol", "morris") else None
    extra = {}
    sampler = (getattr(design, "spec", None) or {}).get("sampler") or {}
    if method == "sobol" and "calc_second_order" in sampler:
        extra["calc_second_order"] = bool(sampler["calc_second_order"])
    try:
        analysis.write_analyses(
            store.path,
            problem=getattr(design, "problem", None) if method else None,
            method=method,
            baseline_point_id=_baseline_point_id(design),
            **extra,
        )
    except Exception as e:  # results are safe on disk; report, do not lose the experiment
        message = f"analyses of '{store.path}' failed ({type(e).__name__}: {e})"
        store.record_analysis_error(traceback.format_exc())
        warnings.warn(message, RuntimeWarning, stacklevel=3)
        return " ".join(message.split())
    store.record_analysis_error(None)
    return None


def _check_picklable(task: Any) -> None:
    try:
        pickle.dumps(task)
    except (pickle.PicklingError, AttributeError, TypeError) as e:
        raise TypeError(
            f"task {_task_name(task)} cannot be sent to worker processes ({e}); "
            "use a function defined at the top level of an importable module"
        ) from e


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

    Returns:
        The store path and the numbers of successful and failed runs.

    Raises:
        experiments.store.StoreConflictError: `out_dir` must not be used (not empty and not
            this experiment's store, or a different design); nothing was run.
        ExperimentError: Runs could not be executed (a worker died, the cluster went away);
            what finished is stored, and `resume=True` continues.
    """
    start = time.perf_counter()
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    _check_design(design)
    task = _default_task() if task is None else task
    if executor is None:
        check_executor_args(workers, scheduler, local_dask)
    local = executor is None and scheduler is None and not local_dask
    if local or isinstance(executor, ProcessPoolExecutor):
        _check_picklable(task)
    param_columns = _param_columns(design)
    session = {
        "executor": type(executor).__name__
        if executor is not None
        else ("dask" if scheduler or local_dask else "processes"),
        "workers": workers,
        "scheduler": scheduler,
        "argv": list(sys.argv),
    }
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
                session=session,
            )
        )
        if store.status == "complete":
            counts = store.manifest.get("counts", {})
            return ExperimentResult(
                store=store.path,
                n_ok=int(counts.get("ok", 0)),
                n_failed=int(counts.get("failed", 0)),
                n_total=len(design.runs),
                n_resumed=len(design.runs),
                wall_time_s=time.perf_counter() - start,
                analysis_error=_write_analyses(store, design) if analyses else None,
            )
        done = store.done_run_ids()
        todo = [run for run in design.runs if run.run_id not in done]
        if todo:
            limit = _InflightLimit(executor, max_inflight)
            _drive(
                design,
                todo,
                store,
                executor,
                task,
                param_columns,
                limit=limit,
                n_done=len(done),
                progress=progress,
                batch_size=batch_size,
                flush_interval_s=flush_interval_s,
            )
        counts = store.finish([run.run_id for run in design.runs], param_columns)
        analysis_error = _write_analyses(store, design) if analyses else None
    return ExperimentResult(
        store=store.path,
        n_ok=counts["ok"],
        n_failed=counts["failed"],
        n_total=len(design.runs),
        n_resumed=len(done),
        wall_time_s=time.perf_counter() - start,
        analysis_error=analysis_error,
    )


class _InflightLimit:
    """How many runs may be in flight, asked again every `REFRESH_S` seconds.

    `fixed` if given, else `INFLIGHT_PER_WORKER` times the executor's capacity. A Dask
    cluster can grow while the experiment runs (adaptive scaling, batch jobs that start late),
    so its number of workers is not fixed at the start.
    """

    REFRESH_S = 5.0

    def __init__(self, executor: Executor, fixed: int | None = None) -> None:
        self._executor = executor
        self._fixed = fixed
        self._asked = time.monotonic()
        self._value = fixed or self._ask()

    def _ask(self) -> int:
        return INFLIGHT_PER_WORKER * executor_capacity(self._executor)

    def __call__(self) -> int:
        if self._fixed is None and time.monotonic() - self._asked >= self.REFRESH_S:
            self._value = self._ask()
            self._asked = time.monotonic()
        return self._value


def _progress_bar(total: int, initial: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        initial=initial,
        unit="run",
        desc="runs",
        disable=None if enabled else True,  # None: only on a terminal
        dynamic_ncols=True,
        smoothing=0.1,
    )


def _drive(
    design: Any,
    todo: list[Any],
    store: ExperimentStore,
    executor: Executor,
    task: Task,
    param_columns: list[str],
    *,
    limit: Callable[[], int],
    n_done: int,
    progress: bool,
    batch_size: int,
    flush_interval_s: float,
) -> None:
    """Keep at most `limit()` runs in flight; store finished runs in batches as they come."""
    pending = iter(todo)
    inflight: dict[Future, Any] = {}
    rows: list[dict[str, Any]] = []
    tables: list[pa.Table] = []
    last_flush = time.monotonic()
    n_failed = 0
    bar = _progress_bar(len(design.runs), n_done, progress)

    def flush() -> None:
        nonlocal last_flush, rows, tables
        if rows:
            rows.sort(key=lambda r: r["run_id"])
            tables.sort(key=lambda t: t.column("run_id")[0].as_py())
            store.write_part(rows, tables)
            rows, tables = [], []
        last_flush = time.monotonic()

    def fill() -> None:
        most = max(1, limit())
        while len(inflight) < most:
            run = next(pending, None)
            if run is None:
                return
            future = executor.submit(
                execute_run,
                task,
                run.run_id,
                run.params,
                run.seed,
                design.scale,
                design.end_year,
                str(design.base_scenario),
            )
            inflight[future] = run

    try:
        fill()
        while inflight:
            finished, _ = wait(
                list(inflight), timeout=flush_interval_s, return_when=FIRST_COMPLETED
            )
            lost: tuple[Any, BaseException] | None = None
            for future in sorted(finished, key=lambda f: inflight[f].run_id):
                run = inflight.pop(future)
                try:
                    result = future.result()
                except Exception as e:  # the executor lost the run: keep the others, stop
                    lost = lost or (run, e)
                    continue
                rows.append(_row(run, result, param_columns))
                if result["yearly"] is not None and result["yearly"].num_rows:
                    tables.append(result["yearly"])
                if result["status"] != "ok":
                    n_failed += 1
                    bar.set_postfix(failed=n_failed, refresh=False)
                bar.update(1)
            if lost is not None:
                run, e = lost
                raise ExperimentError(
                    f"run {run.run_id} could not be executed ({type(e).__name__}: {e}); "
                    f"finished runs are stored in '{store.path}'; continue with --resume"
                ) from e
            if len(rows) >= batch_size or time.monotonic() - last_flush >= flush_interval_s:
                flush()
            fill()
        flush()
    except BaseException:
        for future in inflight:
            future.cancel()
        try:
            flush()  # what finished is kept
        finally:
            store.set_status("incomplete")
            bar.close()
        raise
    bar.close()
