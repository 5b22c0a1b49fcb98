"""The report's experiments: a Monte Carlo per built-in scenario, the levers, the validation.

``run_report`` fills a report directory with everything ``carbonpeak report`` draws and writes::

    DIR/report.json              settings, code version, timing (written last)
    DIR/scenarios/<name>/        one Monte Carlo store per scenario, with its analysis/
    DIR/wedges.csv, wedges_by_year.csv   CO2 each scenario avoids against BAU (CRN pairs)
    DIR/sector_wedges.csv        the same, sector by sector
    DIR/scenario_costs.csv       fiscal cost and cost per tonne avoided against BAU
    DIR/levers/                  the lever-response store, levers.csv and LEVERS.md
    DIR/validation/validation.csv

Every scenario's design has the same root seed, so sample ``i`` draws the same uncertainties
and replicate ``k`` the same seed in every scenario: scenario differences are paired (common
random numbers). The stores resume: a second call with the same settings reruns nothing.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from experiments.analysis.bands import load_yearly
from experiments.analysis.common import mean_ci, ok_runs
from experiments.analysis.wedges import lever_wedges, sector_wedges, wedges_by_year
from experiments.design import Design, montecarlo_design
from experiments.design.checks import integer
from experiments.engine import ExperimentResult, make_executor, run_experiment
from experiments.levers import lever_design, lever_table
from experiments.levers_report import render_markdown
from experiments.store import StoreConflictError, read_runs
from experiments.store.manifest import code_version, version_label
from experiments.validation import (
    VALIDATION_END,
    VALIDATION_SCENARIO,
    VALIDATION_SEED,
    checks_table,
    run_validation_model,
    validate,
)
from parameters import ParameterError
from simulation.accounting import SECTORS

#: The built-in scenarios, in report order; the first (business as usual) is the baseline.
SCENARIOS = ("bau", "current", "plan", "enhanced")
#: The scenario whose levers are moved one at a time.
LEVER_SCENARIO = "plan"
#: Where each part goes inside the report directory.
SCENARIOS_DIR, LEVERS_DIR, VALIDATION_DIR = "scenarios", "levers", "validation"
COSTS_FILE, SETTINGS_FILE = "scenario_costs.csv", "report.json"
SECTOR_WEDGES_FILE = "sector_wedges.csv"
#: The accounting of the headline CO2 of every run (``experiments.runner.simulate``'s default).
CONVENTION = "consumption"
#: Cumulative CO2 and fiscal cost are summed from 2020 (the base year) to the horizon.
FIRST_YEAR = 2020
#: Run ids of scenario k are offset by k times this in the combined table (stores hold fewer).
RUN_ID_OFFSET = 10**9
#: The columns of ``scenario_costs`` that compare a scenario with the baseline.
COMPARISON_COLUMNS = ("extra_cost_myuan", "extra_cost_low", "extra_cost_high", "avoided_mt",
                      "avoided_low", "avoided_high", "cost_per_t_yuan", "cost_per_t_low",
                      "cost_per_t_high")  # fmt: skip
#: Bootstrap resamples of the cost-per-tonne interval (fixed seed: same data, same interval).
BOOTSTRAP_RESAMPLES = 2000

# Defaults of ``carbonpeak report``: 4 scenarios x 50 samples x 2 replicates = 400 runs and
# 45 lever points x 3 seeds = 135 runs at 2% of the real agents (the noise share is ~0 at this
# scale, so samples buy more precision than agents). Measured on 2 idle cores: README.
DEFAULT_RUNS = 50
DEFAULT_REPLICATES = 2
DEFAULT_SCALE = 0.02
DEFAULT_LEVER_SEEDS = 3


@dataclass(frozen=True)
class ReportSettings:
    """How the report's experiments are made.

    Attributes:
        runs: Uncertainty samples per scenario (Latin hypercube).
        replicates: Model runs (seeds) per sample; with 2 or more, the noise share is known.
        scale: Fraction of real households and farms simulated, in (0, 1].
        lever_seeds: Seeds per lever setting of the lever-response run.
        seed: Root seed of every design.
        end_year: Last simulated year (cumulative CO2 and cost run from 2020 to it).
    """

    runs: int = DEFAULT_RUNS
    replicates: int = DEFAULT_REPLICATES
    scale: float = DEFAULT_SCALE
    lever_seeds: int = DEFAULT_LEVER_SEEDS
    seed: int = 0
    end_year: int = 2060

    def __post_init__(self) -> None:
        """Refuse settings no experiment can run, naming the setting and what is allowed."""
        integer(self.runs, "runs", 1)
        integer(self.replicates, "replicates", 1)
        integer(self.lever_seeds, "lever_seeds", 1)
        integer(self.seed, "seed", 0)
        integer(self.end_year, "end_year", 2031)
        if isinstance(self.scale, bool) or not isinstance(self.scale, int | float):
            raise ParameterError(f"scale = {self.scale!r} is not allowed; expected a number")
        if not 0 < self.scale <= 1:
            raise ParameterError(f"scale = {self.scale!r} is not allowed; expected 0 < scale <= 1")

    @property
    def total_runs(self) -> int:
        """Model runs of the whole report (scenarios and levers)."""
        lever_runs = len(lever_design(LEVER_SCENARIO, self.lever_seeds, self.scale).runs)
        return len(SCENARIOS) * self.runs * self.replicates + lever_runs


@dataclass
class ReportRun:
    """What ``run_report`` did.

    Attributes:
        out: The report directory.
        settings: The settings used.
        scenarios: Scenario -> its experiment's result.
        levers: The lever-response experiment's result.
        validation_passed: Validation checks within their band.
        validation_total: Validation checks made.
        wall_time_s: Seconds this call took.
    """

    out: Path
    settings: ReportSettings
    scenarios: dict[str, ExperimentResult] = field(default_factory=dict)
    levers: ExperimentResult | None = None
    validation_passed: int = 0
    validation_total: int = 0
    wall_time_s: float = 0.0

    @property
    def results(self) -> list[ExperimentResult]:
        """Every experiment's result, the scenarios first."""
        return [*self.scenarios.values(), *([self.levers] if self.levers else [])]

    @property
    def n_new(self) -> int:
        """Runs made by this call (not found in the stores)."""
        return sum(r.n_total - r.n_resumed for r in self.results)

    @property
    def n_failed(self) -> int:
        """Runs that failed, in every experiment."""
        return sum(r.n_failed for r in self.results)

    @property
    def analysis_errors(self) -> list[str]:
        """Analyses that could not be written (the runs are stored all the same)."""
        return [f"{r.store}: {r.analysis_error}" for r in self.results if r.analysis_error]


def scenario_design(scenario: str, settings: ReportSettings) -> Design:
    """The Monte Carlo design of one scenario (the same root seed for every scenario)."""
    return montecarlo_design(
        scenario=scenario,
        runs=settings.runs,
        replicates=settings.replicates,
        seed=settings.seed,
        scale=settings.scale,
        end_year=settings.end_year,
    )


def report_levers_design(settings: ReportSettings) -> Design:
    """The lever-response design of the plan."""
    return lever_design(
        LEVER_SCENARIO, settings.lever_seeds, settings.scale, settings.end_year, settings.seed
    )


def combined_runs(runs: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The scenarios' runs as the points of one experiment, ready for the CRN wedges.

    ``point_id`` is the scenario's position (the first, 0, is the baseline), ``scenario`` its
    name, and run ids are made unique (``run_id + position * RUN_ID_OFFSET``).

    Raises:
        ValueError: If a sample and replicate has another seed in one scenario than in the
            first (the designs do not share their root seed, so runs cannot be paired).
    """
    parts = []
    for position, (name, table) in enumerate(runs.items()):
        part = table.assign(point_id=position, scenario=name)
        part["run_id"] = part["run_id"] + position * RUN_ID_OFFSET
        parts.append(part)
    combined = pd.concat(parts, ignore_index=True)
    seeds = combined.groupby(["sample_id", "replication"])["seed"].nunique()
    if (seeds > 1).any():
        sample, replicate = seeds[seeds > 1].index[0]
        raise ValueError(
            f"sample {sample}, replicate {replicate} has different seeds in different scenarios; "
            "the designs must share their root seed to be compared"
        )
    return combined


def scenario_wedges(
    combined: pd.DataFrame, yearly: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What each scenario avoids against the baseline: totals and by year (CRN pairs).

    Args:
        combined: ``combined_runs`` of the scenarios.
        yearly: Their yearly ``run_id, year, co2_mt`` with the combined run ids.

    Returns:
        ``wedges`` (``experiments.analysis.lever_wedges`` with ``scenario``) and
        ``wedges_by_year`` (``wedges_by_year`` with ``scenario``).
    """
    names = combined.groupby("point_id")["scenario"].first()
    wedges = lever_wedges(combined, None, 0)
    wedges.insert(1, "scenario", wedges["point_id"].map(names))
    by_year = wedges_by_year(yearly, combined, 0)
    by_year.insert(2, "scenario", by_year["point_id"].map(names))
    return wedges, by_year


def _mean_interval(values: np.ndarray) -> tuple[float, float, float]:
    if values.size == 0:
        return np.nan, np.nan, np.nan
    std = values.std(ddof=1) if values.size > 1 else np.nan
    low, high = mean_ci(np.array([values.mean()]), np.array([std]), np.array([values.size]), 0.95)
    return float(values.mean()), float(low[0]), float(high[0])


def _ratio_interval(cost: np.ndarray, avoided: np.ndarray, seed: int) -> tuple[float, float]:
    """Percentile-bootstrap 95% interval of mean(cost) / mean(avoided), pairs resampled."""
    if cost.size < 3 or not avoided.any():
        return np.nan, np.nan
    result = stats.bootstrap(
        (cost, avoided),
        lambda c, a, axis: c.mean(axis=axis) / a.mean(axis=axis),
        paired=True,
        vectorized=True,
        n_resamples=BOOTSTRAP_RESAMPLES,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def scenario_costs(combined: pd.DataFrame, wedges: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Fiscal cost of each scenario and its cost per tonne of CO2 avoided against the baseline.

    Cumulative CO2 and fiscal cost are each run's sums from 2020 to the horizon
    (undiscounted). The CO2 avoided, the extra cost and the cost per tonne (mean extra cost
    over mean CO2 avoided, million yuan per Mt = yuan per tonne) are the CRN wedges'; the cost
    per tonne gets a percentile-bootstrap 95% interval over the pairs when ``significant``:
    when the CO2 avoided is positive with 95% confidence (else the cost per tonne is not a
    meaningful price, and its interval would run through infinity).

    Args:
        combined: ``combined_runs`` of the scenarios (point 0 the baseline).
        wedges: ``scenario_wedges``'s first table.
        seed: Seed of the bootstrap.

    Returns:
        One row per scenario: ``scenario, n, fiscal_cost_myuan`` (mean) ``, fiscal_low,
        fiscal_high, n_pairs, extra_cost_myuan, extra_cost_low, extra_cost_high, avoided_mt,
        avoided_low, avoided_high, cost_per_t_yuan, cost_per_t_low, cost_per_t_high,
        significant``; the baseline's comparison columns are empty.
    """
    ok, _ = ok_runs(combined)
    keys = ["sample_id", "replication"]
    base = ok.loc[ok["point_id"] == 0, [*keys, "fiscal_cost_myuan", "cumulative_co2_mt"]]
    by_point = wedges.set_index("point_id")
    rows = []
    for point, mine in ok.groupby("point_id", sort=True):
        row: dict[str, Any] = {"scenario": mine["scenario"].iloc[0], "n": len(mine)}
        fiscal = mine["fiscal_cost_myuan"].to_numpy(dtype=float)
        row["fiscal_cost_myuan"], row["fiscal_low"], row["fiscal_high"] = _mean_interval(fiscal)
        row |= dict.fromkeys(COMPARISON_COLUMNS, np.nan)
        row["n_pairs"], row["significant"] = 0, False
        if point != 0:
            pairs = mine.merge(base, on=keys, how="inner", suffixes=("", "_base"))
            cost = (pairs["fiscal_cost_myuan"] - pairs["fiscal_cost_myuan_base"]).to_numpy(float)
            avoided = (pairs["cumulative_co2_mt_base"] - pairs["cumulative_co2_mt"]).to_numpy(float)
            wedge = by_point.loc[point]
            row["n_pairs"] = int(wedge["n_pairs"])
            row["extra_cost_myuan"], row["extra_cost_low"], row["extra_cost_high"] = _mean_interval(
                cost
            )
            row["avoided_mt"] = float(wedge["avoided_mt_mean"])
            row["avoided_low"] = float(wedge["avoided_mt_ci_low"])
            row["avoided_high"] = float(wedge["avoided_mt_ci_high"])
            row["cost_per_t_yuan"] = float(wedge["cost_per_t_yuan"])
            row["significant"] = bool(row["avoided_low"] > 0)
            if row["significant"]:  # else the ratio's interval runs through infinity
                low, high = _ratio_interval(cost, avoided, seed)
                row["cost_per_t_low"], row["cost_per_t_high"] = low, high
        rows.append(row)
    return pd.DataFrame(rows)


def write_validation(folder: Path, settings: ReportSettings) -> pd.DataFrame:
    """Run the validation model at the report's scale; write ``validation.csv`` into ``folder``.

    Beside it, ``summary.json`` says how the checks were made (scenario, seed, scale, years).
    """
    table = checks_table(validate(run_validation_model(settings.scale)))
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(folder / "validation.csv", table.to_csv(index=False))
    about = {"scenario": VALIDATION_SCENARIO, "runs": 1, "seed": VALIDATION_SEED,
             "scale": settings.scale, "end_year": VALIDATION_END,
             "code_version": version_label(code_version())}  # fmt: skip
    _write_atomic(folder / "summary.json", json.dumps(about, indent=2) + "\n")
    return table


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _run(design: Design, path: Path, executor: Executor, progress: bool, **kwargs: Any) -> Any:
    return run_experiment(design, path, executor=executor, resume=path.exists(),
                          progress=progress, **kwargs)  # fmt: skip


def _levers(
    design: Design, folder: Path, result: ExperimentResult, settings: ReportSettings
) -> None:
    table = lever_table(design, read_runs(result.store), folder / "yearly")
    _write_atomic(folder / "levers.csv", table.to_csv(index=False))
    meta = {"scenario": LEVER_SCENARIO, "seeds": settings.lever_seeds, "scale": settings.scale,
            "end_year": settings.end_year,
            "code_version": version_label(code_version())}  # fmt: skip
    _write_atomic(folder / "LEVERS.md", render_markdown(table, meta))


def check_report_dir(root: Path, settings: ReportSettings) -> None:
    """Refuse a directory that holds something else, or a report of other settings.

    Raises:
        experiments.store.StoreConflictError: With one line naming the directory and why.
    """
    if root.exists() and not root.is_dir():
        raise StoreConflictError(f"'{root}' is a file; give a directory for the report")
    if not root.is_dir() or not any(root.iterdir()):
        return
    earlier = read_settings(root).get("settings")
    if earlier is None and not (root / SCENARIOS_DIR).is_dir():
        raise StoreConflictError(
            f"'{root}' is not empty and holds no report; refusing to write into it (choose "
            "another --out)"
        )
    if earlier is not None:
        now = _settings_dict(settings)
        changed = [
            f"{k} {earlier.get(k)!r} -> {v!r}" for k, v in now.items() if earlier.get(k) != v
        ]
        if changed:
            raise StoreConflictError(
                f"'{root}' holds a report made with other settings ({'; '.join(changed)}); "
                "give the same settings to reuse its runs, or choose another --out"
            )


def run_report(
    out: str | os.PathLike[str],
    settings: ReportSettings | None = None,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> ReportRun:
    """Run (or resume) every experiment of the report into ``out``.

    Args:
        out: The report directory (created; an earlier report's stores are resumed, and a
            store of other settings is refused before anything runs).
        settings: The settings; default ``ReportSettings()``.
        workers: Local worker processes (default: all CPUs); ignored with ``executor``.
        executor: Any executor to run on (not shut down here).
        progress: Show the engine's progress bar (on a terminal).
        on_step: Called with a short text before each step (e.g. to print it).

    Returns:
        What was run, resumed and validated.

    Raises:
        experiments.store.StoreConflictError: A store under ``out`` holds another design.
        parameters.ParameterError: A scenario or setting is not allowed.
    """
    start = time.perf_counter()
    settings = settings or ReportSettings()
    root = Path(out)
    check_report_dir(root, settings)
    designs = {name: scenario_design(name, settings) for name in SCENARIOS}
    levers = report_levers_design(settings)
    report = ReportRun(out=root, settings=settings)
    step = on_step or (lambda _: None)
    with ExitStack() as stack:
        if executor is None:
            executor = stack.enter_context(make_executor(workers=workers))
        for name, design in designs.items():
            step(f"scenario {name}: {len(design.runs)} runs")
            path = root / SCENARIOS_DIR / name
            report.scenarios[name] = _run(design, path, executor, progress)
        step(f"levers of {LEVER_SCENARIO}: {len(levers.runs)} runs")
        path = root / LEVERS_DIR
        report.levers = _run(levers, path, executor, progress, analyses=False)
    _levers(levers, path, report.levers, settings)
    step("validation")
    checks = write_validation(root / VALIDATION_DIR, settings)
    report.validation_passed, report.validation_total = int(checks["passed"].sum()), len(checks)
    _write_comparison(root, report, settings.seed)
    report.wall_time_s = time.perf_counter() - start
    _write_atomic(root / SETTINGS_FILE, json.dumps(_settings_record(report), indent=2) + "\n")
    return report


def _write_comparison(root: Path, report: ReportRun, seed: int) -> None:
    """``wedges.csv``, ``wedges_by_year.csv``, ``sector_wedges.csv`` and ``scenario_costs.csv``."""
    combined = combined_runs({n: read_runs(r.store) for n, r in report.scenarios.items()})
    sectors = [f"co2_{s}_mt" for s in SECTORS]
    yearly = []
    for position, result in enumerate(report.scenarios.values()):
        part = load_yearly(Path(result.store) / "yearly", ["run_id", "year", "co2_mt", *sectors])
        yearly.append(part.assign(run_id=part["run_id"] + position * RUN_ID_OFFSET))
    yearly_all = pd.concat(yearly, ignore_index=True)
    wedges, by_year = scenario_wedges(combined, yearly_all)
    _write_atomic(root / "wedges.csv", wedges.to_csv(index=False))
    _write_atomic(root / "wedges_by_year.csv", by_year.to_csv(index=False))
    by_sector = sector_wedges(yearly_all, combined, 0, SECTORS)
    names = combined.groupby("point_id")["scenario"].first()
    by_sector.insert(1, "scenario", by_sector["point_id"].map(names))
    _write_atomic(root / SECTOR_WEDGES_FILE, by_sector.to_csv(index=False))
    costs = scenario_costs(combined, wedges, seed)
    _write_atomic(root / COSTS_FILE, costs.to_csv(index=False))


def _settings_dict(settings: ReportSettings) -> dict[str, Any]:
    """The settings as JSON values."""
    return asdict(settings)


def _settings_record(report: ReportRun) -> dict[str, Any]:
    return {
        "settings": _settings_dict(report.settings),
        "scenarios": list(SCENARIOS),
        "baseline": SCENARIOS[0],
        "lever_scenario": LEVER_SCENARIO,
        "first_year": FIRST_YEAR,
        "convention": CONVENTION,
        "code_version": version_label(code_version()),
        "runs_total": sum(r.n_total for r in report.results),
        "runs_failed": report.n_failed,
        "runs_made": report.n_new,
        "wall_time_s": round(report.wall_time_s, 1),
        "validation": {"passed": report.validation_passed, "total": report.validation_total},
    }


def read_settings(out: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``report.json`` of a report directory ({} when absent or unreadable)."""
    try:
        data = json.loads((Path(out) / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
