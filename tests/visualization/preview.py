"""Render every figure from mid-size real experiments, to look at them (not a test).

Usage: ``.venv/bin/python tests/visualization/preview.py WORK_DIR OUT_DIR [--workers N]``.

Under WORK_DIR (reused when present): ``carbonpeak report`` at its default settings in
``report/``, and beside it a wind x carbon-price sweep on BAU and Sobol and Morris runs over
every uncertainty in ``extras/``. OUT_DIR then holds the report (REPORT.md, REPORT_zh.md and
its figures) and the three figures the report cannot draw (policy map, Sobol, Morris) in both
languages. About 700 model runs: some 5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from carbonpeak.cli import main as carbonpeak
from experiments.design import build_design, sensitivity_design
from experiments.engine import run_experiment
from visualization.figures import plot_directory

SCALE = 0.02
LEVERS = {"wind_solar_capacity_2030_gw": [5, 15, 40, 60], "carbon_price_yuan_per_t": [0, 150, 300]}
#: The figures taken from the extra experiments.
EXTRA_FIGURES = ("policy_map", "sobol", "morris")


def _run(design, path: Path, workers: int) -> None:
    run_experiment(design, path, workers=workers, resume=path.exists())


def build_extras(work: Path, workers: int) -> Path:
    """Run (or resume) the sweep and the sensitivity runs; return their common folder."""
    extras = work / "extras"
    spec = {"name": "sweep", "scenario": "bau", "scale": SCALE, "seed": 1, "replications": 3,
            "levers": {name: {"values": values} for name, values in LEVERS.items()}}  # fmt: skip
    _run(build_design(spec), extras / "sweep", workers)
    for method, samples in (("sobol", 8), ("morris", 4)):
        design = sensitivity_design("plan", method, samples=samples, seed=2, scale=SCALE)
        _run(design, extras / method, workers)
    return extras


def main() -> None:
    """Make the report and the extra experiments; copy every figure to OUT_DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    report = args.work / "report"
    code = carbonpeak(["report", "--out", str(report), "--workers", str(args.workers)])
    if code != 0:
        raise SystemExit(code)
    extras = build_extras(args.work, args.workers)
    shutil.copytree(report / "figures", args.out / "figures", dirs_exist_ok=True)
    for name in ("REPORT.md", "REPORT_zh.md"):
        shutil.copy2(report / name, args.out / name)
    (args.out / "levers").mkdir(exist_ok=True)
    shutil.copy2(report / "levers" / "LEVERS.md", args.out / "levers" / "LEVERS.md")
    for folder in (extras / "sweep", extras / "sobol", extras / "morris"):
        for lang in ("zh", "en"):
            drawn = plot_directory(folder, out=args.work / "drawn" / folder.name, lang=lang)
            for figure in drawn.drawn:
                if figure.name in EXTRA_FIGURES:
                    for path in figure.paths:
                        shutil.copy2(path, args.out / "figures" / path.name)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
