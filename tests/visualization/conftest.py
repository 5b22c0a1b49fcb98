"""Small real experiments for the figure tests, built once per session with the real engine.

Layout under the session's temporary directory (about 40 model runs at 1% scale, ~12 s):

- ``plain/``: a Monte Carlo of the plan scenario exactly as the engine writes it today;
- ``report/scenarios/{bau,plan}/``: Monte Carlo stores with the contract's new tables added by
  ``tables.write_new_tables`` (stand-ins), ``report/levers/levers.csv`` and
  ``report/validation/validation.csv`` (stand-ins);
- ``report/sweep/``: a wind x carbon-price lever grid on BAU (policy map, wedges, and the lever
  ends that ``levers.csv`` is built from);
- ``report/sobol/``, ``report/morris/``: sensitivity runs over two uncertainties.

Every test in this folder turns matplotlib's missing-glyph warning, and its warning that a
layout could not be made, into errors.
"""

from __future__ import annotations

import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from experiments.design import build_design, montecarlo_design
from experiments.engine import run_experiment

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tables

SCALE = 0.01
END_YEAR = 2060
MC_RUNS = 6
#: Sweeps and sensitivity runs stop early (2040 still shows a 2030 peak: 5+ years follow it).
SHORT_END_YEAR = 2040
#: The sweep's levers on BAU: its baseline values first, then the ends moved alone.
SWEEP_LEVERS = {"wind_solar_capacity_2030_gw": [4, 15, 60], "carbon_price_yuan_per_t": [0, 300]}
SWEEP_BASELINE = {"wind_solar_capacity_2030_gw": 15, "carbon_price_yuan_per_t": 0}
SWEEP_ENDS = {
    "wind_solar_capacity_2030_gw": {"low": 4, "high": 60},
    "carbon_price_yuan_per_t": {"low": 0, "high": 300},
}
SWEEP_KPIS = {
    "wind_solar_capacity_2030_gw": "wind_solar_capacity_gw",
    "carbon_price_yuan_per_t": "coal_consumption_mt",
}
SENSITIVITY_FACTORS = {"gdp_growth_rate": {}, "grid_nonfossil_growth": {}}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.filterwarnings("error:Glyph .* missing from font"))
            item.add_marker(pytest.mark.filterwarnings("error:constrained_layout not applied"))


@dataclass(frozen=True)
class Experiments:
    """Paths of the session's experiments."""

    root: Path
    plain: Path
    report: Path
    sweep: Path
    sobol: Path
    morris: Path

    def scenario(self, name: str) -> Path:
        """A scenario's experiment directory in the report."""
        return self.report / "scenarios" / name

    @staticmethod
    def analysis(folder: Path, name: str) -> pd.DataFrame:
        """One experiment's analysis table."""
        return pd.read_csv(folder / "analysis" / name)

    def table(self, name: str, scenarios: tuple[str, ...] = ("bau", "plan")) -> pd.DataFrame:
        """A per-scenario analysis table of the report, concatenated (with ``scenario``)."""
        parts = []
        for scenario in scenarios:
            part = pd.read_csv(self.scenario(scenario) / "analysis" / name)
            parts.append(part if "scenario" in part.columns else part.assign(scenario=scenario))
        return pd.concat(parts, ignore_index=True)


def _run(design, path: Path) -> None:
    with ThreadPoolExecutor(1) as executor:
        result = run_experiment(design, path, executor=executor, progress=False)
    assert result.all_ok and result.analysis_error is None, f"fixture experiment failed: {result}"


@pytest.fixture(scope="session")
def experiments(tmp_path_factory) -> Experiments:
    root = tmp_path_factory.mktemp("figures")
    report = root / "report"
    ex = Experiments(
        root, root / "plain", report, report / "sweep", report / "sobol", report / "morris"
    )
    for scenario in ("bau", "plan"):
        design = montecarlo_design(scenario, runs=MC_RUNS, seed=3, scale=SCALE, end_year=END_YEAR)
        _run(design, ex.scenario(scenario))
    shutil.copytree(ex.scenario("plan"), ex.plain)
    for scenario in ("bau", "plan"):
        tables.write_new_tables(ex.scenario(scenario), END_YEAR)

    levers = {name: {"values": values} for name, values in SWEEP_LEVERS.items()}
    sweep = {
        "name": "sweep",
        "scenario": "bau",
        "scale": SCALE,
        "seed": 1,
        "replications": 2,
        "end_year": SHORT_END_YEAR,
        "levers": levers,
    }
    _run(build_design(sweep), ex.sweep)
    (ex.report / "levers").mkdir()
    runs = pd.read_parquet(ex.sweep / "runs.parquet")
    table = tables.levers_table(runs, SWEEP_BASELINE, SWEEP_ENDS, SWEEP_KPIS)
    table.to_csv(ex.report / "levers" / "levers.csv", index=False)
    (ex.report / "validation").mkdir()
    yearly = pd.read_parquet(ex.scenario("plan") / "yearly")
    tables.validation_table(yearly).to_csv(ex.report / "validation" / "validation.csv", index=False)

    for method, path in (("sobol", ex.sobol), ("morris", ex.morris)):
        spec = {
            "name": method,
            "scenario": "plan",
            "scale": SCALE,
            "end_year": SHORT_END_YEAR,
            "uncertainties": SENSITIVITY_FACTORS,
            "sampler": {"method": method, "samples": 2},
        }
        _run(build_design(spec), path)
    return ex
