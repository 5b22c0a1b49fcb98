"""Executors for ensembles of model runs: local processes by default, Dask when asked.

`make_executor` is a context manager that yields a `concurrent.futures.Executor`:

- local worker processes (`ProcessPoolExecutor`) by default. They start from a fork server
  that has imported the model once ("forkserver", safe when the coordinating process has
  threads; "spawn" where there is no fork server, as on Windows), so a worker is ready in
  milliseconds instead of re-importing NumPy, pandas and Mesa, and later pools in the same
  process start at once;
- a running Dask cluster, `scheduler="tcp://HOST:8786"`, through `Client.get_executor()`;
- a throw-away Dask `LocalCluster` on this machine, `local_dask=True`.

Every worker process this module starts runs single-threaded BLAS: `OMP_NUM_THREADS`,
`OPENBLAS_NUM_THREADS`, `MKL_NUM_THREADS` and `NUMEXPR_NUM_THREADS` are "1" in its environment
before NumPy is imported, so N workers use N cores and not N x cores. Workers of a remote Dask
cluster get the variables set by `Client.run`, which is too late for a library already loaded
there; start remote workers with these variables in their environment (Dask's nanny sets the
first three by default).

Dask's nanny also sets glibc's `MALLOC_TRIM_THRESHOLD_`, which makes this model's runs 2.3
times as slow; the `LocalCluster` here starts its workers without it, and connecting to a
cluster whose workers have it set warns, naming the setting that removes it.

Dask is an optional extra (`pip install carbonpeak[dask]`); it is imported only when asked for.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from typing import Any

__all__ = [
    "PRELOAD_MODULES",
    "THREAD_ENV_VARS",
    "DaskMissingError",
    "SchedulerUnreachableError",
    "check_executor_args",
    "executor_capacity",
    "make_executor",
    "thread_env",
    "worker_context",
]

#: Modules the fork server imports once, so its workers start with the model loaded.
PRELOAD_MODULES: tuple[str, ...] = ("experiments.runner",)

#: glibc's trim threshold, which Dask's nanny sets to 65536 by default: with it set, glibc stops
#: raising its mmap threshold, so every NumPy array above 128 KiB is mapped and unmapped anew,
#: and a model run takes 2.3 times as long (measured at scale 0.1). Dask workers started here
#: go without it.
MALLOC_TRIM_VAR = "MALLOC_TRIM_THRESHOLD_"

#: Environment variables that cap the threads of BLAS/OpenMP/numexpr in a worker process.
THREAD_ENV_VARS: tuple[str, ...] = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


class DaskMissingError(ImportError):
    """Dask was asked for (`--scheduler` or `--local-dask`) but is not installed."""


class SchedulerUnreachableError(ConnectionError):
    """The Dask scheduler given with `--scheduler` did not answer."""


def _pin_threads() -> None:
    """Set every variable of `THREAD_ENV_VARS` to "1" in this process (a worker initializer)."""
    for name in THREAD_ENV_VARS:
        os.environ[name] = "1"


def _exit_with_parent() -> None:
    """Wait for the parent process to end, then end this worker (runs in a daemon thread)."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(1)


def _init_worker() -> None:
    """Initializer of local worker processes: single-threaded BLAS, exit with the parent.

    A `ProcessPoolExecutor` worker blocks on its task queue forever if the coordinating process
    is killed (`kill -9`); the watcher thread ends it instead. Ctrl-C is left to the
    coordinator, which stores what finished and shuts the workers down.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pin_threads()
    threading.Thread(target=_exit_with_parent, name="exit-with-parent", daemon=True).start()


def thread_env() -> dict[str, str]:
    """Return the `THREAD_ENV_VARS` of this process (used by tests to inspect a worker)."""
    return {name: os.environ.get(name, "") for name in THREAD_ENV_VARS}


@contextmanager
def _pinned_environment() -> Iterator[None]:
    """Set the thread variables to "1" here while workers are spawned, then restore them.

    `ProcessPoolExecutor` starts its workers lazily, at submit time, and a new child (or the
    fork server, on the first start) takes its environment from this process at that moment;
    BLAS reads the variables when NumPy is first imported there, before any initializer runs.
    So the variables are held for the executor's whole lifetime.
    """
    saved = {name: os.environ.get(name) for name in THREAD_ENV_VARS}
    _pin_threads()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _import_distributed() -> Any:
    """Import `distributed` or raise a one-line `DaskMissingError` saying how to install it."""
    try:
        import distributed
    except ImportError as e:
        raise DaskMissingError(
            "Dask is not installed, but --scheduler/--local-dask needs it; "
            "install it with: pip install carbonpeak[dask]"
        ) from e
    return distributed


def _check_workers(workers: int | None) -> int:
    """Return the number of local workers: `workers`, or the number of CPUs when None."""
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    return workers


def worker_context() -> multiprocessing.context.BaseContext:
    """Return the start method's context for local workers: "forkserver" where it exists.

    The fork server is started once per coordinating process, by the first pool, with
    `THREAD_ENV_VARS` pinned and `PRELOAD_MODULES` imported; every worker is forked from it.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD_MODULES))
    return context


@contextmanager
def _local_processes(workers: int) -> Iterator[Executor]:
    context = worker_context()
    with _pinned_environment():
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker
        )
        try:
            yield executor
        except BaseException:
            executor.shutdown(wait=True, cancel_futures=True)
            raise
        else:
            executor.shutdown(wait=True)


def _malloc_trim_threshold() -> str | None:
    """Return this process's `MALLOC_TRIM_THRESHOLD_` (asked of Dask workers)."""
    return os.environ.get(MALLOC_TRIM_VAR)


def _warn_about_malloc_trim(client: Any) -> None:
    """Warn when Dask workers run with glibc's trim threshold set (the nanny's default)."""
    settings = client.run(_malloc_trim_threshold)
    slowed = sorted(worker for worker, value in settings.items() if value is not None)
    if slowed:
        warnings.warn(
            f"{len(slowed)} of {len(settings)} Dask workers run with {MALLOC_TRIM_VAR} set, "
            "which makes every model run about twice as slow (NumPy arrays are then mapped "
            "and unmapped on each allocation); start them with a Dask config setting "
            f"distributed.nanny.pre-spawn-environ.{MALLOC_TRIM_VAR} to null, as in "
            "docs/RESEARCHERS.md section 5",
            RuntimeWarning,
            stacklevel=4,
        )


@contextmanager
def _dask_client(address: Any) -> Iterator[Executor]:
    distributed = _import_distributed()
    try:
        client = distributed.Client(address)
    except (OSError, TimeoutError) as e:
        raise SchedulerUnreachableError(
            f"cannot reach the Dask scheduler at {address!r} ({type(e).__name__}: {e}); "
            "check --scheduler and that the scheduler is running"
        ) from e
    try:
        client.run(_pin_threads)
        _warn_about_malloc_trim(client)
        executor = client.get_executor(pure=False)
        try:
            yield executor
        finally:
            executor.shutdown(wait=False)
    finally:
        _close(client)


@contextmanager
def _silenced(logger_name: str) -> Iterator[None]:
    """Drop every log record of `logger_name` (and its children) inside the block."""
    names = [logger_name, *(n for n in logging.Logger.manager.loggerDict
                            if n.startswith(f"{logger_name}."))]  # fmt: skip
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, disabled in zip(loggers, before, strict=True):
            logger.disabled = disabled


def _close(client: Any) -> None:
    """Close a Dask client; one that lost its scheduler is closed quietly and at once.

    A client whose scheduler went away keeps trying to reconnect for the connect timeout (30 s)
    and logs a traceback when it is closed meanwhile; the engine has already reported the lost
    runs on one line, so that noise is dropped.
    """
    if client.status == "running":
        client.close()
        return
    with _silenced("distributed"):
        client.close(timeout=5)


@contextmanager
def _restored_environ() -> Iterator[None]:
    """Undo changes to `os.environ` (a `LocalCluster`'s nannies write theirs into it)."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _local_dask(workers: int) -> Iterator[Executor]:
    distributed = _import_distributed()
    import dask

    env = dict.fromkeys(THREAD_ENV_VARS, "1")
    no_trim = {f"distributed.nanny.pre-spawn-environ.{MALLOC_TRIM_VAR}": None}
    with _restored_environ(), _pinned_environment(), dask.config.set(no_trim):
        with distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # no dashboard; its health-check HTTP server on a free port, not 8787
            scheduler_kwargs={"dashboard_address": ":0"},
            env=env,
        ) as cluster:
            with _dask_client(cluster) as executor:
                yield executor


def check_executor_args(workers: int | None, scheduler: str | None, local_dask: bool) -> None:
    """Raise `ValueError` for arguments `make_executor` would refuse (before anything starts)."""
    if scheduler is not None and local_dask:
        raise ValueError("give either scheduler=ADDRESS or local_dask=True, not both")
    if scheduler is None:
        _check_workers(workers)


def make_executor(
    workers: int | None = None,
    scheduler: str | None = None,
    local_dask: bool = False,
) -> AbstractContextManager[Executor]:
    """Return a context manager yielding an executor for model runs.

    Args:
        workers: Number of local worker processes (local processes or `LocalCluster`);
            defaults to `os.cpu_count()`. Ignored with `scheduler`, whose cluster has its own.
        scheduler: Address of a running Dask scheduler, e.g. "tcp://10.0.0.5:8786".
        local_dask: Start a Dask `LocalCluster` of `workers` single-threaded processes.

    Returns:
        A context manager; leaving it shuts the executor (and any cluster it started) down.

    Raises:
        ValueError: `workers` is not a positive integer, or both `scheduler` and `local_dask`
            were given.
        DaskMissingError: Dask was asked for but is not installed.
    """
    check_executor_args(workers, scheduler, local_dask)
    if scheduler is not None:
        return _dask_client(scheduler)
    n = _check_workers(workers)
    if local_dask:
        return _local_dask(n)
    return _local_processes(n)


def executor_capacity(executor: Executor) -> int:
    """Return how many runs `executor` works on at once (used to bound in-flight futures).

    Knows `ProcessPoolExecutor`/`ThreadPoolExecutor` and Dask's `ClientExecutor`; any other
    executor counts as `os.cpu_count()`.
    """
    max_workers = getattr(executor, "_max_workers", None)
    if isinstance(max_workers, int) and max_workers > 0:
        return max_workers
    client = getattr(executor, "_client", None)
    if client is not None and hasattr(client, "nthreads"):
        total = sum(client.nthreads().values())
        if total > 0:
            return total
    return os.cpu_count() or 1
