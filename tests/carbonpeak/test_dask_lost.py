"""A Dask scheduler lost mid-run: one line on stderr, exit 1, finished runs stored, resumable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

from carbonpeak.cli import main
from experiments import read_runs
from tests.experiments import support as ce

#: A cluster in its own process group, so that killing the group takes the scheduler and its
#: workers down at once, as when the scheduler's machine goes away.
CLUSTER = (
    "import time, distributed\n"
    "cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1,\n"
    "    dashboard_address=None, scheduler_kwargs={'dashboard_address': ':0'})\n"
    "print(cluster.scheduler_address, flush=True)\n"
    "time.sleep(300)\n"
)


def test_a_lost_scheduler_is_one_line_and_the_runs_so_far_are_kept(tmp_path, monkeypatch, capsys):
    env = os.environ | {ce.SLEEP_ENV: "0.2", "PYTHONPATH": str(ce.REPO_DIR)}
    cluster = subprocess.Popen(
        [sys.executable, "-c", CLUSTER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    out = tmp_path / "mc"

    def kill_after_a_batch() -> None:
        deadline = time.monotonic() + 60
        while not list(out.glob("parts/*.runs.parquet")) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(cluster.pid, signal.SIGKILL)

    try:
        address = cluster.stdout.readline().strip()
        monkeypatch.setattr("experiments.runner.run_point", ce.fake_task)
        killer = threading.Thread(target=kill_after_a_batch)
        killer.start()
        argv = ["montecarlo", "--runs", "60", "--scale", "0.1", "--end-year", "2030",
                "--scheduler", address, "--no-progress", "--out", str(out)]  # fmt: skip
        code = main(argv)
        killer.join()
    finally:
        if cluster.poll() is None:
            os.killpg(cluster.pid, signal.SIGKILL)
        cluster.wait()
    assert code == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "MALLOC" not in line]
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    assert "the executor lost it" in lines[0] and "continue with --resume" in lines[0]
    assert json.loads((out / "manifest.json").read_text())["status"] == "incomplete"
    assert 0 < len(read_runs(out)) < 60
