"""Bad input: exit 2, one line naming what was wrong and what is allowed, nothing left behind."""

from __future__ import annotations

import os
import pathlib
import warnings
from pathlib import Path

import pytest

from carbonpeak.cli import main
from experiments import build_design
from tests.cli_support import refused

FAST = ["--scale", "0.01", "--end-year", "2022", "--no-progress"]


@pytest.fixture(autouse=True)
def no_runs(monkeypatch):
    """Fails the test if any model run starts: bad input is refused before."""

    def refuse(*args, **kwargs):
        raise AssertionError("no run may start on bad input")

    monkeypatch.setattr("experiments.engine.worker.execute_run", refuse)
    monkeypatch.setattr("experiments.runner.simulate", refuse)


def test_a_design_too_large_is_refused_before_it_is_built(capsys, tmp_path):
    line = refused(capsys, ["montecarlo", "--runs", "10000000", *FAST])
    assert "10,000,000 runs" in line and "limit of 100,000" in line and "--max-runs N" in line
    assert "GB of memory" in line and "CPU-" in line
    spec = tmp_path / "huge.toml"
    names = [
        "gdp_growth_rate",
        "coal_price_yuan_per_t",
        "battery_cost_decline_rate",
        "heat_pump_cost_decline_rate",
        "social_influence_strength",
        "petrol_price_yuan_per_l",
    ]
    unc = "\n".join(f"[uncertainties.{n}]" for n in names)  # 1000 levels each: 1000^6 runs
    spec.write_text(f'[sampler]\nmethod = "grid"\nlevels = 1000\n{unc}\n', encoding="utf-8")
    line = refused(capsys, ["sweep", str(spec), "--out", str(tmp_path / "o"), "--no-progress"])
    assert "1,000,000,000,000,000,000 runs" in line, line
    assert not (tmp_path / "o").exists()


def test_the_run_limit_can_be_moved_both_ways(capsys, tmp_path):
    line = refused(capsys, ["montecarlo", "--runs", "5", "--replicates", "2", "--max-runs", "9",
                            *FAST])  # fmt: skip
    assert "10 runs, more than the limit of 9" in line
    spec = {"max_runs": 3, "replications": 4}
    with pytest.raises(Exception, match="4 runs, more than the limit of 3"):
        build_design(spec)
    assert len(build_design(spec, max_runs=4).runs) == 4, "the argument overrides the spec"


def _files(tmp_path: Path) -> dict[str, Path]:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "café"\n'.encode("latin-1"))
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing here\n", encoding="utf-8")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    return {"latin1": latin1, "empty": empty, "folder": folder, "devnull": Path(os.devnull)}


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("latin1", "is not UTF-8 text (byte 0xe9 at position 11); save it as UTF-8"),
        ("empty", "is empty (no keys)"),
        ("folder", "is a directory; expected a TOML file"),
        ("devnull", "is not a regular file; expected a TOML file"),
    ],
)
def test_bad_scenario_and_spec_files(capsys, tmp_path, kind, fragment):
    path = str(_files(tmp_path)[kind])
    line = refused(capsys, ["run", "--scenario", path, *FAST[:4]])
    assert f"scenario file {path!r} {fragment}" in line, line
    line = refused(capsys, ["montecarlo", "--scenario", path, "--runs", "2", *FAST])
    assert fragment in line, line
    out = tmp_path / "o"
    line = refused(capsys, ["sweep", path, "--out", str(out), "--no-progress"])
    assert f"sweep spec {path!r} {fragment}" in line, line
    assert not out.exists()


def test_an_unreadable_file_names_its_permissions(capsys, tmp_path, monkeypatch):
    locked = tmp_path / "locked.toml"
    locked.write_text('name = "x"\n', encoding="utf-8")
    locked.chmod(0)
    real = pathlib.Path.read_bytes

    def read_bytes(self):  # root reads any file whatever its mode: refuse as the kernel would
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    line = refused(capsys, ["run", "--scenario", str(locked)])
    assert "cannot be read (permission denied); check its permissions" in line


@pytest.mark.parametrize("value", ["5", '["plan"]', '""', "{ a = 1 }"])
def test_extends_must_be_a_scenario_name_or_path(capsys, tmp_path, value):
    scenario = tmp_path / "mine.toml"
    scenario.write_text(f"extends = {value}\n[parameters]\n", encoding="utf-8")
    line = refused(capsys, ["run", "--scenario", str(scenario)])
    assert "extends =" in line and "expected a non-empty string (a scenario name or path)" in line


@pytest.mark.parametrize("command", [["run"], ["montecarlo", "--runs", "2"],
                                     ["sweep", "SPEC", "--out", "OUT"]])  # fmt: skip
def test_bad_out_directories(capsys, tmp_path, command):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    spec = tmp_path / "s.toml"
    spec.write_text("replications = 1\n", encoding="utf-8")
    argv = [str(spec) if a == "SPEC" else a for a in command if a != "OUT" and a != "--out"]
    cases = {
        str(a_file / "out"): f"{str(a_file)!r} is a file, not a directory",
        "/proc/carbonpeak-out": "cannot create files in '/proc'",
        str(tmp_path / "caf\udce9"): "is not valid UTF-8; use a UTF-8 name",
        "": "the output directory name is empty",
    }
    before = sorted(p.name for p in tmp_path.iterdir())
    for out, fragment in cases.items():
        line = refused(capsys, [*argv, "--out", out, *FAST[:4]])
        assert "argument --out" in line and fragment in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing is left behind"


@pytest.mark.parametrize("command", [["run"], ["montecarlo", "--runs", "2"],
                                     ["sensitivity", "--method", "morris", "--samples", "2",
                                      "--out", "X"]])  # fmt: skip
def test_a_negative_seed_is_refused_by_every_command(capsys, command):
    line = refused(capsys, [*command, "--seed", "-1"])
    assert "a seed must be an integer >= 0, got '-1'" in line


@pytest.mark.parametrize("address", ["localhost", "tcp://host", "http://host:8786",
                                     "tcp://host:99999", "host:port"])  # fmt: skip
def test_a_scheduler_that_is_not_an_address(capsys, address):
    line = refused(capsys, ["montecarlo", "--runs", "2", "--scheduler", address])
    assert f"{address!r} is not a scheduler address" in line
    assert "tcp://HOST:PORT, tls://HOST:PORT or HOST:PORT" in line


def test_the_same_set_twice_names_both_values(capsys):
    line = refused(capsys, ["run", "--set", "carbon_price_yuan_per_t=100",
                            "--set", "carbon_price_yuan_per_t=200"])  # fmt: skip
    assert "--set carbon_price_yuan_per_t is given twice (100 and 200)" in line


def test_a_schedule_year_after_the_horizon_warns(capsys, monkeypatch):
    class Model:
        def summary(self):
            return {"peak_year": None}

    monkeypatch.setattr("experiments.runner.simulate", lambda *a, **k: Model())
    monkeypatch.setattr("experiments.simulate", lambda *a, **k: Model())
    schedule = "carbon_price_yuan_per_t={2025 = 50, 2040 = 100, 2050 = 150}"
    code = main(["run", "--end-year", "2030", "--json", "--set", schedule])
    assert code == 0
    err = capsys.readouterr().err
    assert "warning: --set carbon_price_yuan_per_t: schedule year(s) 2040, 2050 lie after" in err
    spec = {"end_year": 2030, "levers": {"carbon_price_yuan_per_t": {"values": [{2045: 10}]}}}
    with pytest.warns(UserWarning, match="2045 lie after end_year = 2030"):
        build_design(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build_design({"end_year": 2050, "levers": spec["levers"]})
