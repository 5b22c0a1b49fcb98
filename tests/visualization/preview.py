"""Render every figure from mid-size real experiments, to look at them (not a test).

Usage: ``.venv/bin/python tests/visualization/preview.py WORK_DIR OUT_DIR [--workers N]``.

Builds under WORK_DIR (reused when present): a report directory with a Monte Carlo of the four
built-in scenarios at 2% scale, a wind x carbon-price sweep on BAU, Sobol and Morris runs over
every uncertainty, and the contract's new tables from ``tables.py`` (stand-ins until the lead's
producers land; the validation bands are fabricated). Then writes every figure in Chinese and
English to OUT_DIR. About 400 model runs: some 5 minutes on one core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tables

from experiments.design import build_design, montecarlo_design, sensitivity_design
from experiments.engine import run_experiment
from visualization.figures import plot_directory

SCALE = 0.02
RUNS = 40
LEVERS = {"wind_solar_capacity_2030_gw": [4, 15, 40, 60], "carbon_price_yuan_per_t": [0, 150, 300]}
BASELINE = {"wind_solar_capacity_2030_gw": 15, "carbon_price_yuan_per_t": 0}
ENDS = {
    "wind_solar_capacity_2030_gw": {"low": 4, "high": 60},
    "carbon_price_yuan_per_t": {"low": 0, "high": 300},
}
KPIS = {
    "wind_solar_capacity_2030_gw": "wind_solar_capacity_gw",
    "carbon_price_yuan_per_t": "coal_consumption_mt",
}


def _run(design, path: Path, workers: int) -> None:
    if (path / "manifest.json").exists():
        run_experiment(design, path, workers=workers, resume=True)
    else:
        run_experiment(design, path, workers=workers)


def build(work: Path, workers: int) -> Path:
    """Run (or resume) the preview experiments; return the report directory."""
    report = work / "report"
    for scenario in ("bau", "current", "plan", "enhanced"):
        store = report / "scenarios" / scenario
        _run(montecarlo_design(scenario, runs=RUNS, seed=7, scale=SCALE), store, workers)
        tables.write_new_tables(store, 2060)
    spec = {"name": "sweep", "scenario": "bau", "scale": SCALE, "seed": 1, "replications": 3,
            "levers": {name: {"values": values} for name, values in LEVERS.items()}}  # fmt: skip
    _run(build_design(spec), report / "sweep", workers)
    runs = pd.read_parquet(report / "sweep" / "runs.parquet")
    (report / "levers").mkdir(exist_ok=True)
    levers = tables.levers_table(runs, BASELINE, ENDS, KPIS)
    levers.to_csv(report / "levers" / "levers.csv", index=False)
    (report / "validation").mkdir(exist_ok=True)
    yearly = pd.read_parquet(report / "scenarios" / "plan" / "yearly")
    validation = tables.validation_table(yearly)
    validation.to_csv(report / "validation" / "validation.csv", index=False)
    for method, samples in (("sobol", 8), ("morris", 4)):
        design = sensitivity_design("plan", method, samples=samples, seed=2, scale=SCALE)
        _run(design, report / method, workers)
    return report


def main() -> None:
    """Build the experiments and render every figure in both languages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    report = build(args.work, args.workers)
    for lang in ("zh", "en"):
        result = plot_directory(report, out=args.out, lang=lang)
        print(lang, "drew", ", ".join(d.name for d in result.drawn))
        for line in result.skipped_lines():
            print("  skipped", line)


if __name__ == "__main__":
    main()
