"""The engine's loop: keep a bounded number of runs in flight, store finished runs in batches.

Runs are submitted to the executor at most `limit()` at a time; finished runs are collected,
sorted by run_id within a batch and written to the store as a part file every `batch_size`
runs or `flush_interval_s` seconds. When anything stops the loop (Ctrl-C, SIGTERM, a cancel
event, a lost worker) the runs not yet started are cancelled, what finished is written, and the
store's status says why it stopped: "interrupted" (the user stopped it) or "incomplete" (the
executor failed); either way `--resume` continues it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any

import pyarrow as pa

from experiments.engine import worker
from experiments.engine.executors import executor_capacity
from experiments.store import META_COLUMNS, STATUS_COLUMNS, ExperimentStore

#: Futures in flight per worker: enough to keep workers busy, few enough to bound memory.
INFLIGHT_PER_WORKER = 4
#: How often a cancel event is looked at while runs are in flight, in seconds.
CANCEL_POLL_S = 0.1


class ExperimentError(RuntimeError):
    """The experiment stopped before every run was done (its finished runs are stored)."""


class ExperimentCancelled(ExperimentError):
    """The `cancel` event of `run_experiment` was set; finished runs are stored, resumable."""


class InflightLimit:
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
        """The number of runs that may be in flight now."""
        if self._fixed is None and time.monotonic() - self._asked >= self.REFRESH_S:
            self._value = self._ask()
            self._asked = time.monotonic()
        return self._value


def run_row(run: Any, result: dict[str, Any], param_columns: list[str]) -> dict[str, Any]:
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


class Loop:
    """One session's runs: submit, collect, store in batches; see the module docstring."""

    def __init__(
        self,
        design: Any,
        store: ExperimentStore,
        executor: Executor,
        task: worker.Task,
        param_columns: list[str],
        *,
        limit: Callable[[], int],
        batch_size: int,
        flush_interval_s: float,
        on_progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.design, self.store, self.executor, self.task = design, store, executor, task
        self.param_columns = param_columns
        self.limit, self.batch_size, self.flush_interval_s = limit, batch_size, flush_interval_s
        self.on_progress, self.cancel = on_progress, cancel
        self.inflight: dict[Future, Any] = {}
        self.rows: list[dict[str, Any]] = []
        self.tables: list[pa.Table] = []
        self.last_flush = time.monotonic()
        self.n_failed = 0
        self.n_done = 0

    def run(self, todo: list[Any], n_done: int, progress: bool) -> None:
        """Run `todo` (the design's runs not yet stored; `n_done` are) to the end or a stop."""
        self.n_done = n_done
        pending = iter(todo)
        total = len(self.design.runs)
        bar = _progress_bar(total, n_done, progress)
        self._report(total)
        try:
            self._fill(pending)
            while self.inflight:
                self._check_cancel()
                self._collect(bar, total)
                if len(self.rows) >= self.batch_size or self._flush_due():
                    self._flush()
                self._fill(pending)
            self._check_cancel()
            self._flush()
        except BaseException as e:
            self._stop("interrupted" if isinstance(e, KeyboardInterrupt | ExperimentCancelled)
                       else "incomplete")  # fmt: skip
            raise
        finally:
            bar.close()

    def _report(self, total: int) -> None:
        if self.on_progress is not None:
            self.on_progress(self.n_done, total)

    def _flush_due(self) -> bool:
        return time.monotonic() - self.last_flush >= self.flush_interval_s

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ExperimentCancelled(
                f"cancelled; finished runs are stored in '{self.store.path}'; continue with "
                "--resume"
            )

    def _fill(self, pending: Any) -> None:
        most = max(1, self.limit())
        while len(self.inflight) < most:
            run = next(pending, None)
            if run is None:
                return
            try:
                future = self.executor.submit(
                    worker.execute_run,
                    self.task,
                    run.run_id,
                    run.params,
                    run.seed,
                    self.design.scale,
                    self.design.end_year,
                    str(self.design.base_scenario),
                )
            except Exception as e:  # a closed pool, a lost cluster
                raise ExperimentError(self._lost_message(run, e)) from e
            self.inflight[future] = run

    def _lost_message(self, run: Any, e: BaseException) -> str:
        detail = " ".join(str(e).split())
        reason = f"{type(e).__name__}: {detail}" if detail else type(e).__name__
        return (
            f"run {run.run_id} could not be executed ({reason}): the executor lost it (a worker "
            f"died or the Dask scheduler went away); finished runs are stored in "
            f"'{self.store.path}'; continue with --resume"
        )

    def _collect(self, bar: Any, total: int) -> None:
        timeout = self.flush_interval_s if self.cancel is None else CANCEL_POLL_S
        finished, _ = wait(list(self.inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        lost: tuple[Any, BaseException] | None = None
        for future in sorted(finished, key=lambda f: self.inflight[f].run_id):
            run = self.inflight.pop(future)
            try:
                result = future.result()
            except Exception as e:  # the executor lost the run: keep the others, stop
                lost = lost or (run, e)
                continue
            self._record(run, result, bar)
            self._report(total)
        if lost is not None:
            raise ExperimentError(self._lost_message(*lost)) from lost[1]

    def _record(self, run: Any, result: dict[str, Any], bar: Any) -> None:
        self.rows.append(run_row(run, result, self.param_columns))
        if result["yearly"] is not None and result["yearly"].num_rows:
            self.tables.append(result["yearly"])
        if result["status"] != "ok":
            self.n_failed += 1
            bar.set_postfix(failed=self.n_failed, refresh=False)
        self.n_done += 1
        bar.update(1)

    def _flush(self) -> None:
        if self.rows:
            self.rows.sort(key=lambda r: r["run_id"])
            self.tables.sort(key=lambda t: t.column("run_id")[0].as_py())
            self.store.write_part(self.rows, self.tables)
            self.rows, self.tables = [], []
        self.last_flush = time.monotonic()

    def _stop(self, status: str) -> None:
        """Cancel what has not started, keep what finished, record why the session stopped."""
        for future in self.inflight:
            future.cancel()
        try:
            self._flush()
        finally:
            self.store.set_status(status)
