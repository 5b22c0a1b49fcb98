"""SIGTERM stops an experiment the way Ctrl-C does: stored runs kept, status interrupted, 143."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from carbonpeak.cli import main
from experiments import read_runs
from tests.experiments import support as ce

ARGS = ["montecarlo", "--runs", "30", "--scale", "0.01", "--end-year", "2040", "--workers", "2",
        "--no-progress"]  # fmt: skip
#: The command line with the model replaced by the cheap fake run (pickled by name).
CHILD = (
    "import sys, experiments.runner as r; from tests.experiments import support as ce; "
    "r.run_point = ce.fake_task; from carbonpeak.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_sigterm_keeps_finished_runs_and_exits_143(tmp_path, monkeypatch):
    out = tmp_path / "mc"
    env = os.environ | {ce.SLEEP_ENV: "0.1", "PYTHONPATH": str(ce.REPO_DIR)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, *ARGS, "--out", str(out)], env=env,
                            cwd=ce.REPO_DIR, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob("parts/*.runs.parquet")):
            assert proc.poll() is None and time.monotonic() < deadline, "no batch was stored"
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, err
    lines = err.strip().splitlines()
    assert lines == [
        f"carbonpeak montecarlo: terminated (SIGTERM); finished runs are stored in '{out}'; "
        "continue with --resume"
    ], err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    stored = len(read_runs(out))
    assert 0 < stored < 30
    monkeypatch.setattr("experiments.runner.run_point", ce.fake_task)
    assert main([*ARGS, "--out", str(out), "--resume"]) == 0
    assert read_runs(out)["run_id"].tolist() == list(range(30))
