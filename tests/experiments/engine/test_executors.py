"""Executors: local processes pin BLAS threads, Dask is optional and fails with one clear line."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from experiments.engine import executors
from experiments.engine.executors import (
    THREAD_ENV_VARS,
    DaskMissingError,
    executor_capacity,
    make_executor,
    thread_env,
)


def test_local_workers_run_single_threaded_blas(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "8")
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    with make_executor(workers=2) as ex:
        reports = [f.result() for f in [ex.submit(thread_env) for _ in range(4)]]
        assert executor_capacity(ex) == 2
    for report in reports:
        assert report == dict.fromkeys(THREAD_ENV_VARS, "1"), f"worker reported {report}"
    assert os.environ["OMP_NUM_THREADS"] == "8", "the coordinator's own setting is restored"
    assert "MKL_NUM_THREADS" not in os.environ, "an unset variable is unset again afterwards"


def _model_already_loaded() -> bool:
    return "experiments.runner" in sys.modules


@pytest.mark.skipif(sys.platform == "win32", reason="no fork server on Windows: workers spawn")
def test_local_workers_start_with_the_model_loaded():
    assert executors.worker_context().get_start_method() == "forkserver"
    with make_executor(workers=1) as ex:
        assert ex.submit(_model_already_loaded).result(), "the fork server preloads the model"


def test_missing_dask_is_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    for kwargs in ({"local_dask": True}, {"scheduler": "tcp://127.0.0.1:1"}):
        with pytest.raises(DaskMissingError) as info:
            with make_executor(workers=1, **kwargs):
                pass
        message = str(info.value)
        assert "pip install carbonpeak[dask]" in message and "\n" not in message


def test_unreachable_scheduler_is_reported():
    import dask
    import distributed  # noqa: F401  (loads its config before `config.set` below snapshots it)

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(executors.SchedulerUnreachableError, match="cannot reach"):
            with make_executor(scheduler="tcp://127.0.0.1:9"):
                pass


def test_a_cluster_whose_workers_trim_malloc_is_warned_about():
    import distributed

    with executors._restored_environ():  # the nannies write their settings into os.environ
        with distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, dashboard_address=None, processes=True
        ) as cluster:
            with pytest.warns(
                RuntimeWarning, match="pre-spawn-environ.MALLOC_TRIM_THRESHOLD_ to null"
            ):
                with make_executor(scheduler=cluster.scheduler_address):
                    pass
    assert executors.MALLOC_TRIM_VAR not in os.environ


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_bad_worker_counts_are_refused(workers):
    with pytest.raises(ValueError, match="workers must be a positive integer"):
        make_executor(workers=workers)


def test_scheduler_and_local_dask_exclude_each_other():
    with pytest.raises(ValueError, match="not both"):
        make_executor(scheduler="tcp://127.0.0.1:8786", local_dask=True)


def test_capacity_of_a_user_executor():
    with ThreadPoolExecutor(max_workers=3) as ex:
        assert executor_capacity(ex) == 3
