"""The experiment engine: failures recorded, identical results on any executor, bounded futures."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from experiments.engine import ExperimentError, run_experiment
from experiments.engine import loop as loop_mod
from experiments.engine.executors import MALLOC_TRIM_VAR, THREAD_ENV_VARS, make_executor
from experiments.store import StoreConflictError, read_runs, read_yearly
from tests.experiments import support as ce


def _run(design, out, **kwargs):
    kwargs.setdefault("progress", False)
    kwargs.setdefault("task", ce.fake_task)
    return run_experiment(design, out, **kwargs)


def _results(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return ce.comparable_runs(read_runs(path)), read_yearly(path)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The design all executors must reproduce, run on two threads in this process."""
    design = ce.make_design(n_samples=6, levers=(0.0, 1.0), replications=2)
    out = tmp_path_factory.mktemp("reference") / "exp"
    with ThreadPoolExecutor(2) as ex:
        result = _run(design, out, executor=ex, batch_size=3)
    assert result.n_ok == 24 and result.n_failed == 0
    return design, _results(out)


def test_the_runs_table_has_one_row_per_run_with_inputs_and_outputs(reference):
    design, (runs, yearly) = reference
    assert runs["run_id"].tolist() == list(range(24))
    for column in ("point_id", "sample_id", "replication", "seed", "lever", "x", "peak_year"):
        assert column in runs.columns, f"runs.parquet must have a {column!r} column"
    assert (runs["status"] == "ok").all() and runs["error"].isna().all()
    assert runs["seed"].tolist() == [r.seed for r in design.runs]
    assert runs["x"].tolist() == [r.uncertainties["x"] for r in design.runs]
    crn = runs.groupby(["sample_id", "replication"])["seed"].nunique()
    assert (crn == 1).all(), "lever points share seeds (common random numbers)"
    assert set(yearly.columns) == {"run_id", "year", "co2_mt", "sinks_mt", "kpi_ev_share"}
    assert len(yearly) == 24 * (design.end_year - 2020 + 1)


def test_one_and_two_worker_processes_give_identical_results(reference, tmp_path):
    design, (runs, yearly) = reference
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        result = _run(design, out, workers=workers, batch_size=2)
        assert (result.n_ok, result.n_failed) == (24, 0)
        got_runs, got_yearly = _results(out)
        memory = read_runs(out)["worker_peak_rss_mib"]
        assert (memory > 20).all() and (memory < 4096).all(), "each run records its worker's RSS"
        pd.testing.assert_frame_equal(got_runs, runs, obj=f"runs with {workers} workers")
        pd.testing.assert_frame_equal(got_yearly, yearly, obj=f"yearly with {workers} workers")


@pytest.fixture(scope="module")
def dask_executor():
    with make_executor(workers=2, local_dask=True) as ex:
        yield ex


def test_a_dask_local_cluster_gives_identical_results(reference, dask_executor, tmp_path):
    design, (runs, yearly) = reference
    result = _run(design, tmp_path / "dask", executor=dask_executor, batch_size=5)
    assert (result.n_ok, result.n_failed) == (24, 0)
    got_runs, got_yearly = _results(tmp_path / "dask")
    pd.testing.assert_frame_equal(got_runs, runs, obj="runs on Dask")
    pd.testing.assert_frame_equal(got_yearly, yearly, obj="yearly on Dask")


def test_dask_workers_run_single_threaded_blas(dask_executor, tmp_path):
    design = ce.make_design(n_samples=4)
    _run(design, tmp_path / "env", executor=dask_executor, task=ce.env_task, analyses=False)
    runs = read_runs(tmp_path / "env")
    for name in THREAD_ENV_VARS:
        assert runs[name].tolist() == ["1"] * 4, f"{name} in Dask workers: {runs[name].tolist()}"
    trim = runs[MALLOC_TRIM_VAR].tolist()
    assert trim == [""] * 4, f"Dask's malloc trim threshold halves the model's speed: {trim}"


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path):
    design = ce.make_design(xs=[0.1, 0.5, 0.9, 0.5, 0.3])
    result = _run(design, tmp_path / "exp", workers=2, task=ce.failing_task)
    assert (result.n_ok, result.n_failed, result.n_total) == (3, 2, 5)
    assert not result.all_ok
    runs = read_runs(tmp_path / "exp")
    failed = runs[runs["status"] == "error"]
    assert failed["run_id"].tolist() == [1, 3]
    for text in failed["error"]:
        assert "Traceback" in text and "ValueError: fake model failure for x=0.5" in text
        assert "failing_task" in text, "the worker's traceback is kept"
    assert failed["peak_year"].isna().all()
    ok = runs[runs["status"] == "ok"]
    assert ok["error"].isna().all() and ok["peaked"].notna().all()
    assert sorted(read_yearly(tmp_path / "exp")["run_id"].unique()) == [0, 2, 4]
    manifest = json.loads((tmp_path / "exp" / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert manifest["counts"] == {"total": 5, "done": 5, "ok": 3, "failed": 2}


class _CountingExecutor(ThreadPoolExecutor):
    """Records the largest number of submitted, unfinished futures."""

    def __init__(self, workers: int):
        super().__init__(workers)
        self.pending = 0
        self.peak = 0
        self.submitted = 0
        self._count_lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        with self._count_lock:
            self.pending += 1
            self.submitted += 1
            self.peak = max(self.peak, self.pending)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future):
        with self._count_lock:
            self.pending -= 1


def test_futures_in_flight_are_bounded(tmp_path):
    design = ce.make_design(n_samples=40)
    with _CountingExecutor(2) as ex:
        result = _run(design, tmp_path / "exp", executor=ex, analyses=False)
    assert result.n_ok == 40 and ex.submitted == 40
    assert ex.peak <= 8, f"at most 4 x 2 workers in flight, saw {ex.peak}"
    with _CountingExecutor(2) as ex:
        _run(design, tmp_path / "exp3", executor=ex, max_inflight=3, analyses=False)
    assert ex.peak <= 3, f"max_inflight=3 must hold, saw {ex.peak}"


def _slow_task(*args):
    time.sleep(0.02)
    return ce.fake_task(*args)


class _GrowingExecutor(_CountingExecutor):
    """A pool that gains workers after its tenth run, as an adaptive cluster would."""

    def submit(self, fn, /, *args, **kwargs):
        if self.submitted == 10:
            self._max_workers = 4
        return super().submit(fn, *args, **kwargs)


def test_in_flight_runs_follow_a_growing_cluster(tmp_path, monkeypatch):
    monkeypatch.setattr(loop_mod.InflightLimit, "REFRESH_S", 0.0)
    with _GrowingExecutor(1) as ex:
        result = _run(ce.make_design(n_samples=60), tmp_path / "exp", executor=ex, task=_slow_task)
    assert result.n_ok == 60
    assert 4 < ex.peak <= 16, f"4 runs per worker once it has 4 workers; saw {ex.peak}"


def test_analyses_are_written_after_consolidation(reference, tmp_path):
    design, _ = reference
    with ThreadPoolExecutor(2) as ex:
        _run(design, tmp_path / "exp", executor=ex)
    summary = json.loads((tmp_path / "exp" / "analysis" / "summary.json").read_text())
    assert summary["runs"] == 24 and "p_peak_by_2030" in summary


def test_resuming_a_complete_experiment_runs_nothing(tmp_path):
    design = ce.make_design(n_samples=3)
    with ThreadPoolExecutor(1) as ex:
        _run(design, tmp_path / "exp", executor=ex)
    before = (tmp_path / "exp" / "runs.parquet").read_bytes()
    with _CountingExecutor(1) as ex:
        result = _run(design, tmp_path / "exp", executor=ex, resume=True)
    assert ex.submitted == 0 and result.n_resumed == 3 and result.n_ok == 3
    assert (tmp_path / "exp" / "runs.parquet").read_bytes() == before


def test_a_non_empty_foreign_directory_is_refused_before_any_run(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "a.txt").write_text("keep")
    with _CountingExecutor(1) as ex:
        with pytest.raises(StoreConflictError):
            _run(ce.make_design(n_samples=2), out, executor=ex)
    assert ex.submitted == 0
    assert [p.name for p in out.iterdir()] == ["a.txt"]


def test_an_unpicklable_task_or_bad_workers_are_refused_before_anything(tmp_path):
    with pytest.raises(TypeError, match="top level"):
        _run(ce.make_design(n_samples=2), tmp_path / "exp", workers=1, task=lambda *a: None)
    with pytest.raises(ValueError, match="positive integer"):
        _run(ce.make_design(n_samples=2), tmp_path / "exp", workers=0)
    assert not (tmp_path / "exp").exists(), "no store is created for refused arguments"


def _explode(*args):
    raise RuntimeError("worker lost")


class _BrokenExecutor(ThreadPoolExecutor):
    """Fails the third submitted run the way a lost worker does (the future raises)."""

    def __init__(self):
        super().__init__(1)
        self.n = 0

    def submit(self, fn, /, *args, **kwargs):
        self.n += 1
        if self.n == 3:
            return super().submit(_explode)
        return super().submit(fn, *args, **kwargs)


def test_an_executor_failure_stops_the_experiment_resumably(tmp_path):
    design = ce.make_design(n_samples=6)
    with _BrokenExecutor() as ex:
        with pytest.raises(ExperimentError, match="--resume"):
            _run(design, tmp_path / "exp", executor=ex, batch_size=1)
    manifest = json.loads((tmp_path / "exp" / "manifest.json").read_text())
    assert manifest["status"] == "incomplete"
    with ThreadPoolExecutor(2) as ex:
        result = _run(design, tmp_path / "exp", executor=ex, resume=True)
    assert result.n_ok == 6 and result.n_resumed >= 2
    with ThreadPoolExecutor(2) as ex:
        _run(design, tmp_path / "fresh", executor=ex)
    pd.testing.assert_frame_equal(
        ce.comparable_runs(read_runs(tmp_path / "exp")),
        ce.comparable_runs(read_runs(tmp_path / "fresh")),
    )


def test_ctrl_c_keeps_finished_runs_and_resume_completes(tmp_path):
    design = ce.make_design(xs=[0.1, 0.2, 0.5, 0.7])
    with ThreadPoolExecutor(1) as ex:
        with pytest.raises(KeyboardInterrupt):
            _run(design, tmp_path / "exp", executor=ex, task=ce.interrupting_task, max_inflight=1)
    manifest = json.loads((tmp_path / "exp" / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert read_runs(tmp_path / "exp")["run_id"].tolist() == [0, 1], "finished runs are kept"


def test_a_failing_analysis_loses_no_run(tmp_path, monkeypatch):
    import experiments.analysis

    def broken(*args, **kwargs):
        raise ZeroDivisionError("analysis bug")

    monkeypatch.setattr(experiments.analysis, "write_analyses", broken)
    design = ce.make_design(n_samples=3)
    with ThreadPoolExecutor(1) as ex:
        with pytest.warns(RuntimeWarning, match="analysis bug"):
            result = _run(design, tmp_path / "exp", executor=ex)
    assert result.n_ok == 3 and "ZeroDivisionError: analysis bug" in result.analysis_error
    manifest = json.loads((tmp_path / "exp" / "manifest.json").read_text())
    assert manifest["status"] == "complete" and "analysis bug" in manifest["analysis_error"]
    monkeypatch.undo()
    with ThreadPoolExecutor(1) as ex:
        again = _run(design, tmp_path / "exp", executor=ex, resume=True)
    assert again.analysis_error is None, "resuming a complete store retries the analyses"
    manifest = json.loads((tmp_path / "exp" / "manifest.json").read_text())
    assert manifest["analysis_error"] is None


def test_unreachable_scheduler_leaves_no_store_behind(tmp_path):
    import dask
    import distributed  # noqa: F401  (loads its config before `config.set` snapshots it)

    from experiments.engine.executors import SchedulerUnreachableError

    out = tmp_path / "store"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(SchedulerUnreachableError):
            run_experiment(
                ce.make_design(n_samples=2), out, scheduler="tcp://127.0.0.1:9",
                task=ce.fake_task, progress=False,
            )  # fmt: skip
    assert not out.exists(), "a retry must not find a stub store in the way"
