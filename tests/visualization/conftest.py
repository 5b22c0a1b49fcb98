"""Small real experiments for the figure and report tests, built once per session.

Every table comes from the real producers (the engine's analyses, ``carbonpeak levers``'
``lever_table``, the validation); nothing is made up. Under the session's temporary directory
(about 100 short model runs at 1% scale, some 20 s with the figures; with pytest-xdist the
first worker builds them for all, the others wait):

- ``report/``: ``carbonpeak report`` itself, run through the command line with tiny settings
  (``REPORT_ARGS``): the four scenarios, the plan's levers, the validation, every figure it
  can draw in both languages, REPORT.md and REPORT_zh.md;
- ``plain/``: a copy of one scenario's Monte Carlo store (one experiment directory), the first
  with runs that miss and runs that meet the 2030 peak (so it has a PRIM box);
- ``extras/sweep/``: a wind x carbon-price lever grid on BAU (policy map, lever wedges);
- ``extras/sobol/``, ``extras/morris/``: sensitivity runs over two uncertainties.

Every test in this folder, and the report run, turn matplotlib's missing-glyph warning and its
warning that a layout could not be made into errors.
"""

from __future__ import annotations

import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from filelock import FileLock

from carbonpeak.cli import main
from experiments.design import build_design
from experiments.engine import run_experiment

matplotlib.use("Agg")

SCALE = 0.01
#: Short horizons (2036 still tells a 2030 peak: five years follow it).
END_YEAR = 2036
REPORT_ARGS = ["--runs", "3", "--replicates", "2", "--scale", str(SCALE), "--lever-seeds", "1",
               "--end-year", str(END_YEAR), "--workers", "1", "--no-progress"]  # fmt: skip
#: The sweep's levers on BAU: its baseline values first, then the ends moved alone.
SWEEP_LEVERS = {"wind_solar_capacity_2030_gw": [5, 15, 60], "carbon_price_yuan_per_t": [0, 300]}
SENSITIVITY_FACTORS = {"gdp_growth_rate": {}, "grid_nonfossil_growth": {}}
#: Warnings that are errors in these tests.
ERRORS = ("Glyph .* missing from font", "constrained_layout not applied")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            for message in ERRORS:
                item.add_marker(pytest.mark.filterwarnings(f"error:{message}"))


@dataclass(frozen=True)
class Experiments:
    """Paths of the session's experiments."""

    root: Path
    report: Path
    plain: Path
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
        parts = [
            pd.read_csv(self.scenario(s) / "analysis" / name).assign(scenario=s) for s in scenarios
        ]
        return pd.concat(parts, ignore_index=True)


def run_report_command(out: Path, *extra: str) -> int:
    """``carbonpeak report --out OUT`` with the tests' settings; missing glyphs are errors."""
    with warnings.catch_warnings():
        for message in ERRORS:
            warnings.filterwarnings("error", message)
        return main(["report", "--out", str(out), *REPORT_ARGS, *extra])


def _run(design, path: Path) -> None:
    with ThreadPoolExecutor(1) as executor:
        result = run_experiment(design, path, executor=executor, progress=False)
    assert result.all_ok and result.analysis_error is None, f"fixture experiment failed: {result}"


def build(root: Path) -> Experiments:
    """Make the experiments under ``root``."""
    ex = build_paths(root)
    assert run_report_command(ex.report, "--workers", "2") == 0, "the report command must work"
    mixed = [n for n in ("plan", "enhanced", "current", "bau")
             if (ex.scenario(n) / "analysis" / "prim_box.csv").is_file()]  # fmt: skip
    assert mixed, "a scenario of the fixture report must have runs that miss and meet 2030"
    shutil.copytree(ex.scenario(mixed[0]), ex.plain)
    levers = {name: {"values": values} for name, values in SWEEP_LEVERS.items()}
    sweep = {"name": "sweep", "scenario": "bau", "scale": SCALE, "seed": 1, "replications": 2,
             "end_year": END_YEAR, "levers": levers}  # fmt: skip
    _run(build_design(sweep), ex.sweep)
    for method, path in (("sobol", ex.sobol), ("morris", ex.morris)):
        spec = {"name": method, "scenario": "plan", "scale": SCALE, "end_year": END_YEAR,
                "uncertainties": SENSITIVITY_FACTORS,
                "sampler": {"method": method, "samples": 2}}  # fmt: skip
        _run(build_design(spec), path)
    return ex


@pytest.fixture(scope="session")
def experiments(tmp_path_factory, worker_id) -> Experiments:
    """The experiments, built once for all test workers (pytest-xdist's recipe).

    Tests must not write into them: copy what a test changes.
    """
    if worker_id == "master":
        return build(tmp_path_factory.mktemp("figures"))
    root = tmp_path_factory.getbasetemp().parent / "figures"
    with FileLock(f"{root}.lock"):
        done = root / "done"
        if not done.exists():
            if root.exists():  # a worker that failed half-way
                shutil.rmtree(root)
            build(root)
            done.touch()
    return build_paths(root)


def build_paths(root: Path) -> Experiments:
    """The paths of experiments built under ``root``."""
    extras = root / "extras"
    return Experiments(root, root / "report", root / "plain", extras / "sweep",
                       extras / "sobol", extras / "morris")  # fmt: skip
