"""The montecarlo, sweep and sensitivity commands: output and exit codes (0, 1, 2)."""

from __future__ import annotations

import json
import sys

import pytest

from carbonpeak.cli import main
from experiments import montecarlo_design, read_runs
from tests.experiments import support as ce

FAST = ["--scale", "0.1", "--end-year", "2045", "--workers", "1", "--no-progress"]


def _main(argv: list[str]) -> int:
    return main(argv)


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    """The commands run `experiments.runner.run_point`; here a cheap stand-in (pickled by name)."""
    monkeypatch.setattr("experiments.runner.run_point", ce.fake_task)


@pytest.fixture
def no_runs(monkeypatch):
    """Fails the test if any run is started."""

    def refuse(*args, **kwargs):
        raise AssertionError("no run may start on bad input")

    monkeypatch.setattr("experiments.engine.worker.execute_run", refuse)


def _one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == "", "nothing on stdout when the input is bad"
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, f"exactly one line on stderr, got {lines}"
    assert "Traceback" not in captured.err
    return lines[0]


def test_montecarlo_json(tmp_path, capsys):
    out = tmp_path / "mc"
    code = _main(["montecarlo", "--runs", "6", "--out", str(out), "--json", *FAST])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("runs", "p_peak_by_2030", "p_peak_by_2030_ci95", "peak_year_counts"):
        assert key in result, f"montecarlo --json must print {key!r}"
    assert "median_peak_year" in result
    assert result["runs"] == 6 and result["store"] == str(out)
    low, high = result["p_peak_by_2030_ci95"]
    assert 0 <= low <= result["p_peak_by_2030"] <= high <= 1
    assert sum(result["peak_year_counts"].values()) == 6
    assert len(read_runs(out)) == 6


def test_montecarlo_without_out_uses_a_temporary_store(capsys):
    code = _main(["montecarlo", "--runs", "3", "--json", *FAST])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["runs"] == 3 and result["store"] is None


def test_montecarlo_readable_output(tmp_path, capsys):
    assert _main(["montecarlo", "--runs", "3", "--out", str(tmp_path / "mc"), *FAST]) == 0
    out = capsys.readouterr().out
    assert "P(peaked by 2030)" in out and str(tmp_path / "mc") in out


def test_failed_runs_give_exit_code_1_with_a_count(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("experiments.runner.run_point", ce.seed_failing_task)
    design = montecarlo_design(runs=6, scale=0.1, end_year=2045)
    n_bad = sum(run.seed % 3 == 0 for run in design.runs)
    assert 0 < n_bad < 6, "the fixed seeds make some runs fail and some succeed"
    code = _main(["montecarlo", "--runs", "6", "--out", str(tmp_path / "mc"), "--json", *FAST])
    assert code == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["n_failed"] == n_bad, "results are still printed"
    assert f"{n_bad} of 6 runs failed" in captured.err
    assert "fake model failure" in captured.err


def test_unknown_scenario_is_exit_2_before_any_run(no_runs, capsys):
    code = _main(["montecarlo", "--scenario", "no-such-scenario", "--runs", "3", *FAST])
    assert code == 2
    assert "no-such-scenario" in _one_line_error(capsys)


def test_a_foreign_out_dir_is_exit_2_and_untouched(tmp_path, no_runs, capsys):
    out = tmp_path / "data"
    out.mkdir()
    (out / "field.csv").write_text("1,2\n")
    code = _main(["montecarlo", "--runs", "3", "--out", str(out), *FAST])
    assert code == 2
    assert "refusing to overwrite" in _one_line_error(capsys)
    assert [p.name for p in out.iterdir()] == ["field.csv"]


def test_an_existing_experiment_needs_resume(tmp_path, capsys):
    out = str(tmp_path / "mc")
    assert _main(["montecarlo", "--runs", "3", "--out", out, *FAST]) == 0
    capsys.readouterr()
    assert _main(["montecarlo", "--runs", "3", "--out", out, *FAST]) == 2
    assert "--resume" in _one_line_error(capsys)
    assert _main(["montecarlo", "--runs", "4", "--out", out, "--resume", *FAST]) == 2
    assert "different experiment" in _one_line_error(capsys)
    assert _main(["montecarlo", "--runs", "3", "--out", out, "--resume", *FAST]) == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--resume"], "--resume needs --out"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--workers does not apply"),
    ],
)
def test_inconsistent_flags_are_exit_2(extra, message, no_runs, capsys):
    assert _main(["montecarlo", "--runs", "3", *FAST, *extra]) == 2
    assert message in _one_line_error(capsys)


def test_dask_missing_is_exit_2(tmp_path, no_runs, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    argv = ["montecarlo", "--runs", "3", "--local-dask", "--out", str(tmp_path / "mc"), *FAST]
    assert _main(argv) == 2
    assert "pip install carbonpeak[dask]" in _one_line_error(capsys)


@pytest.mark.parametrize("bad", [["--runs", "0"], ["--workers", "0"], ["--seed", "-1"]])
def test_bad_numbers_are_rejected_by_the_parser(bad, capsys):
    argv = ["montecarlo", "--runs", "3", *FAST, *bad]
    with pytest.raises(SystemExit) as info:
        _main(argv)
    assert info.value.code == 2


SPEC = """
name = "tiny"
scenario = "plan"
scale = 0.1
end_year = 2045
seed = 3
replications = 2

[levers.ev_purchase_subsidy_yuan]
values = [0, 20000]
"""


def test_sweep_runs_a_spec(tmp_path, capsys):
    spec = tmp_path / "tiny.toml"
    spec.write_text(SPEC)
    out = tmp_path / "sweep"
    code = _main(
        ["sweep", str(spec), "--out", str(out), "--json", "--workers", "1", "--no-progress"]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["runs_total"] == 4 and summary["runs_ok"] == 4
    runs = read_runs(out)
    assert runs["ev_purchase_subsidy_yuan"].tolist() == [0, 0, 20000, 20000]


def test_sweep_with_a_bad_spec_is_exit_2(tmp_path, no_runs, capsys):
    spec = tmp_path / "bad.toml"
    spec.write_text(SPEC.replace("values = [0, 20000]", "values = [-5]"))
    code = _main(["sweep", str(spec), "--out", str(tmp_path / "o"), "--no-progress"])
    assert code == 2
    assert "ev_purchase_subsidy_yuan" in _one_line_error(capsys)
    assert not (tmp_path / "o").exists()


def test_sensitivity_morris_writes_indices(tmp_path, capsys):
    out = tmp_path / "sa"
    argv = ["sensitivity", "--method", "morris", "--samples", "2", "--out", str(out), "--json"]
    assert _main([*argv, *FAST]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["method"] == "morris"
    assert any(p.endswith("morris_peak_emissions_mt.csv") for p in summary["indices"])
