"""The carbonpeak CLI: run/params/scenarios output, files, and bad input (exit 2, one line)."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from carbonpeak.cli import main

RUN = ["run", "--scale", "0.01", "--end-year", "2035", "--seed", "3"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "carbonpeak", *args], capture_output=True, text=True
    )


def test_run_json_has_the_documented_keys(capsys):
    assert main([*RUN, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("scenario", "seed", "scale", "peak_year", "peaked", "peak_emissions_mt",
                "emissions_mt", "kpis", "fiscal_cost_myuan", "agents", "accounting"):  # fmt: skip
        assert key in out, key
    assert out["seed"] == 3 and out["scale"] == 0.01 and out["scenario"] == "plan"
    assert set(out["emissions_mt"]) == {str(y) for y in range(2020, 2036)}
    assert out["agents"]["households"] == 635_434
    assert "non_fossil_energy_share" in out["kpis"]


def test_run_out_writes_tables_and_summary(tmp_path, capsys):
    out = tmp_path / "result"
    assert main([*RUN, "--out", str(out), "--set", "carbon_price_yuan_per_t=100"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["summary.json", "tidy.csv", "tidy.parquet", "yearly.csv", "yearly.parquet"]
    yearly = pd.read_parquet(out / "yearly.parquet")
    assert yearly["year"].tolist() == list(range(2020, 2036))
    tidy = pd.read_csv(out / "tidy.csv")
    assert {"year", "sector", "fuel", "energy_tce", "co2_consumption_t"} <= set(tidy.columns)
    assert json.loads((out / "summary.json").read_text())["scale"] == 0.01
    assert "one run is one draw" in capsys.readouterr().out


def test_set_accepts_schedules(capsys):
    assert main([*RUN, "--json", "--set", "carbon_price_yuan_per_t={2020 = 0, 2030 = 200}"]) == 0
    assert json.loads(capsys.readouterr().out)["peak_emissions_mt"] > 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "--scenario", "nope"], "unknown scenario 'nope'"),
        (["run", "--set", "ev_subsidy=1"], "unknown parameter 'ev_subsidy'"),
        (["run", "--set", "carbon_price_yuan_per_t=abc"], "carbon_price_yuan_per_t"),
        (["run", "--set", "burning_enforcement=1.5"], "[0, 1]"),
        (["run", "--set", "noequals"], "expected NAME=VALUE"),
        (["run", "--seed", "x"], "expected an integer >= 0, got 'x'"),
        (["run", "--scale", "0"], "scale"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, fragment):
    result = cli(*args)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1, f"expected one line, got: {result.stderr!r}"
    assert "Traceback" not in result.stderr


def test_malformed_scenario_file_exits_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[parameters\n", encoding="utf-8")
    result = cli("run", "--scenario", str(bad))
    assert result.returncode == 2 and "not valid TOML" in result.stderr


def test_existing_out_dir_is_not_overwritten_and_nothing_partial_is_left(tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = cli(*RUN, "--out", str(out))
    assert result.returncode == 2 and "not empty" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"], "no staging dir left behind"


def test_params_and_scenarios_list_the_registry(capsys):
    assert main(["params", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {r["name"] for r in rows}
    assert {"ev_purchase_subsidy_yuan", "gdp_growth_rate", "coal_heat_value_gj_per_t"} <= names
    assert all(r["source"] for r in rows)
    assert main(["scenarios"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == ["bau", "current", "plan", "enhanced"]


def test_warnings_are_printed_as_one_line_naming_the_command(monkeypatch, capsys):
    import warnings

    from carbonpeak.commands import scenarios

    def warn_and_succeed(args):
        warnings.warn("resuming 'x' with different code", RuntimeWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(scenarios, "handle", warn_and_succeed)
    assert main(["scenarios"]) == 0
    err = capsys.readouterr().err
    assert err == "carbonpeak scenarios: warning: resuming 'x' with different code\n"
