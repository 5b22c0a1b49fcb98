"""Stopping cleanly: progress reports, a cancel event, a full disk; what finished is kept."""

from __future__ import annotations

import errno
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from experiments import ExperimentCancelled, read_runs, run_experiment
from tests.experiments import support as ce


def _status(path: Path) -> str:
    return json.loads((path / "manifest.json").read_text())["status"]


def _leftovers(path: Path) -> list[str]:
    """Temporary or partial files anywhere in a store."""
    return sorted(
        str(p.relative_to(path))
        for p in path.rglob("*")
        if p.name.endswith((".tmp", ".partial")) or ".partial-" in p.name
    )


def test_progress_is_reported_from_the_stored_count_to_the_total(tmp_path):
    design = ce.make_design(n_samples=7)
    calls: list[tuple[int, int]] = []
    with ThreadPoolExecutor(2) as ex:
        run_experiment(design, tmp_path / "exp", executor=ex, task=ce.fake_task, progress=False,
                       on_progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    assert calls[0] == (0, 7) and calls[-1] == (7, 7)
    assert [done for done, _ in calls] == list(range(8)), "once at the start, once per run"


def test_cancel_stops_promptly_keeps_finished_runs_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setenv(ce.SLEEP_ENV, "0.05")
    design = ce.make_design(n_samples=40)
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def on_progress(done: int, total: int) -> None:
        if done == 5 and not cancel.is_set():
            cancelled_at.append(time.monotonic())
            threading.Timer(0.0, cancel.set).start()  # from another thread, as a web app would

    out = tmp_path / "exp"
    with ThreadPoolExecutor(2) as ex:
        with pytest.raises(ExperimentCancelled, match="--resume"):
            run_experiment(design, out, executor=ex, task=ce.fake_task, progress=False,
                           on_progress=on_progress, cancel=cancel, batch_size=1000)  # fmt: skip
        stopped = time.monotonic()
    assert stopped - cancelled_at[0] < 1.0, "the call returns within a second of the cancel"
    assert _status(out) == "interrupted"
    stored = read_runs(out)
    assert 5 <= len(stored) < 40, f"finished runs are stored, the rest are not: {len(stored)}"
    monkeypatch.delenv(ce.SLEEP_ENV)
    with ThreadPoolExecutor(2) as ex:
        result = run_experiment(design, out, executor=ex, task=ce.fake_task, resume=True,
                                progress=False)  # fmt: skip
    assert result.n_resumed == len(stored) and result.n_ok == 40
    with ThreadPoolExecutor(2) as ex:
        run_experiment(design, tmp_path / "fresh", executor=ex, task=ce.fake_task, progress=False)
    pd.testing.assert_frame_equal(
        ce.comparable_runs(read_runs(out)), ce.comparable_runs(read_runs(tmp_path / "fresh"))
    )


def _disk_full_after(monkeypatch, n_ok: int) -> None:
    """`pyarrow.parquet.write_table` writes half a file, then fails as a full disk does."""
    real = pq.write_table
    calls = {"n": 0}

    def write_table(table, where, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= n_ok:
            return real(table, where, *args, **kwargs)
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError(errno.ENOSPC, "No space left on device", str(where))

    monkeypatch.setattr(pq, "write_table", write_table)


def test_a_full_disk_while_storing_runs_leaves_no_temporary_files(tmp_path, monkeypatch):
    out = tmp_path / "exp"
    _disk_full_after(monkeypatch, n_ok=2)  # the first part (yearly, runs) fits, the next does not
    with ThreadPoolExecutor(1) as ex:
        with pytest.raises(OSError) as info:
            run_experiment(ce.make_design(n_samples=6), out, executor=ex, task=ce.fake_task,
                           progress=False, batch_size=2, max_inflight=1)  # fmt: skip
    assert info.value.errno == errno.ENOSPC
    assert _leftovers(out) == [], "no temporary file is left behind"
    assert _status(out) == "incomplete"
    assert read_runs(out)["run_id"].tolist() == [0, 1], "the batch written before is kept"


def test_a_full_disk_while_writing_analyses_leaves_the_store_incomplete(tmp_path, monkeypatch):
    import experiments.analysis.writer as writer

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    out = tmp_path / "exp"
    monkeypatch.setattr(writer.pd.DataFrame, "to_csv", full)
    with ThreadPoolExecutor(1) as ex:
        with pytest.raises(OSError):
            run_experiment(ce.make_design(n_samples=3), out, executor=ex, task=ce.fake_task,
                           progress=False)  # fmt: skip
    assert _leftovers(out) == [] and not (out / "analysis").exists()
    assert _status(out) == "incomplete", "complete only once the analyses are written"
    monkeypatch.undo()
    with ThreadPoolExecutor(1) as ex:
        result = run_experiment(ce.make_design(n_samples=3), out, executor=ex, resume=True,
                                task=ce.fake_task, progress=False)  # fmt: skip
    assert result.n_ok == 3 and _status(out) == "complete"
    assert (out / "analysis" / "summary.json").exists()


def test_the_manifest_says_complete_only_after_the_analyses(tmp_path, monkeypatch):
    import experiments.analysis

    seen: list[str] = []
    real = experiments.analysis.write_analyses

    def spy(store_dir, **kwargs):
        seen.append(_status(Path(store_dir)))
        return real(store_dir, **kwargs)

    monkeypatch.setattr(experiments.analysis, "write_analyses", spy)
    with ThreadPoolExecutor(1) as ex:
        run_experiment(ce.make_design(n_samples=3), tmp_path / "exp", executor=ex,
                       task=ce.fake_task, progress=False)  # fmt: skip
    assert seen == ["running"], "the analyses see a store not yet complete"
    assert _status(tmp_path / "exp") == "complete"
