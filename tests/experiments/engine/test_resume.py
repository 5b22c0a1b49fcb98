"""Resume after a real `kill -9`: nothing lost that was stored, nothing duplicated, same results."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from experiments.engine import run_experiment
from experiments.store import read_runs, read_yearly
from tests.experiments import support as ce

N_RUNS = 40


def _stored_runs(out: Path) -> int:
    parts = out / "parts"
    if not parts.is_dir():
        return 0
    return sum(1 for p in parts.iterdir() if p.name.endswith(".runs.parquet"))


def _start(out: Path, resume: bool) -> subprocess.Popen:
    env = os.environ | {
        ce.SLEEP_ENV: "0.1",
        "PYTHONPATH": str(ce.REPO_DIR),
    }
    code = (
        "from tests.experiments import support as ce; "
        f"ce.run_in_subprocess({str(out)!r}, {N_RUNS}, workers=2, resume={resume})"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        cwd=ce.REPO_DIR,
        start_new_session=True,  # its own process group, so its workers can be found
        stderr=subprocess.PIPE,
    )


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _kill_after_parts(proc: subprocess.Popen, out: Path, min_new_parts: int) -> None:
    """SIGKILL the coordinator once `min_new_parts` more batches are on disk."""
    start_parts = _stored_runs(out)
    deadline = time.monotonic() + 60
    try:
        while _stored_runs(out) < start_parts + min_new_parts:
            if proc.poll() is not None:
                raise AssertionError(
                    f"the experiment ended (code {proc.returncode}) before it could be killed: "
                    + proc.stderr.read().decode()
                )
            assert time.monotonic() < deadline, "no batch was stored within 60 s"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        # its worker processes notice their parent is gone and end by themselves
        deadline = time.monotonic() + 15
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(proc.pid), "worker processes outlived the killed coordinator"
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close()


def test_resume_after_kill_9_completes_without_loss_or_duplicates(tmp_path):
    out = tmp_path / "killed"
    proc = _start(out, resume=False)
    _kill_after_parts(proc, out, min_new_parts=3)
    assert proc.returncode == -signal.SIGKILL
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "running", "a killed run cannot have marked itself finished"
    first_stored = len(read_runs(out))
    assert 0 < first_stored < N_RUNS, f"kill must land mid-experiment, {first_stored} stored"

    # second session, killed as well
    proc = _start(out, resume=True)
    _kill_after_parts(proc, out, min_new_parts=2)
    second_stored = len(read_runs(out))
    assert first_stored < second_stored < N_RUNS

    design = ce.make_design(n_samples=N_RUNS)
    with ThreadPoolExecutor(2) as ex:
        result = run_experiment(
            design, out, executor=ex, resume=True, task=ce.fake_task, progress=False
        )
    assert result.n_resumed == second_stored, "stored runs are not redone"
    assert (result.n_ok, result.n_failed) == (N_RUNS, 0)
    runs = read_runs(out)
    assert runs["run_id"].tolist() == list(range(N_RUNS)), "every run exactly once, in order"
    assert not (out / "parts").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 3

    fresh = tmp_path / "fresh"
    with ThreadPoolExecutor(2) as ex:
        run_experiment(design, fresh, executor=ex, task=ce.fake_task, progress=False)
    pd.testing.assert_frame_equal(ce.comparable_runs(runs), ce.comparable_runs(read_runs(fresh)))
    pd.testing.assert_frame_equal(read_yearly(out), read_yearly(fresh))
