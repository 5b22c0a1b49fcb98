"""The seeded golden baseline: what the four built-in scenarios produce at a small scale.

``tests/test_golden.py`` compares a fresh run with the files in this folder; a change in
results fails until the baseline is regenerated, in the same commit, with::

    .venv/bin/python tests/golden/baseline.py      # or: make golden

and the commit message says what changed and why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the project root, when run as a script

from parameters import list_scenarios  # noqa: E402
from simulation import CityModel  # noqa: E402

SCALE = 0.05
SEED = 1
#: Relative tolerance of the comparison: tight enough to catch any real change, loose enough
#: for summation-order differences between NumPy builds.
RTOL = 1e-9


def run(scenario: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Yearly table and JSON-ready summary of ``scenario`` at the baseline's scale and seed."""
    model = CityModel(scenario=scenario, scale=SCALE, rng=SEED)
    model.run_model()
    summary = json.loads(json.dumps(model.summary(), default=_plain))
    return model.yearly_table(), summary


def _plain(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def yearly_path(scenario: str) -> Path:
    """CSV of the yearly table (every sector total, KPI and cost) of ``scenario``."""
    return HERE / f"{scenario}_yearly.csv"


def summary_path(scenario: str) -> Path:
    """JSON summary (peak, scorecard, costs, agents) of ``scenario``."""
    return HERE / f"{scenario}_summary.json"


def write_all() -> None:
    """Regenerate the baseline files of every built-in scenario."""
    for scenario in list_scenarios():
        yearly, summary = run(scenario)
        yearly.to_csv(yearly_path(scenario), index=False, float_format="%.17g")
        summary_path(scenario).write_text(
            json.dumps(summary, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {yearly_path(scenario).name}, {summary_path(scenario).name}")


if __name__ == "__main__":
    write_all()
