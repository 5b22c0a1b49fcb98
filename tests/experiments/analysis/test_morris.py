"""Morris indices honour the design's num_levels (elementary effects of a linear function)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from experiments import build_design, run_experiment
from tests.experiments import support as ce


@pytest.mark.parametrize("num_levels", [4, 6, 8])
def test_mu_star_of_a_linear_function_is_its_coefficient(tmp_path, num_levels):
    spec = {
        "name": "linear",
        "scenario": "plan",
        "uncertainties": {name: {"distribution": "uniform"} for name in ce.LINEAR_COEFFICIENTS},
        "sampler": {"method": "morris", "samples": 6, "num_levels": num_levels},
    }
    design = build_design(spec)
    with ThreadPoolExecutor(2) as ex:
        run_experiment(design, tmp_path / "m", executor=ex, task=ce.linear_task, progress=False)
    table = pd.read_csv(tmp_path / "m" / "analysis" / "morris_cumulative_co2_mt.csv")
    got = table.set_index("parameter")
    for name, coefficient in ce.LINEAR_COEFFICIENTS.items():
        # a step of Morris' delta (in units of the range) changes y by coefficient * delta, and
        # SALib divides by delta: every elementary effect is the coefficient itself
        assert got.loc[name, "mu_star"] == pytest.approx(abs(coefficient), rel=1e-9), (
            f"mu* of {name} at {num_levels} levels"
        )
        assert got.loc[name, "mu"] == pytest.approx(coefficient, rel=1e-9)
        assert got.loc[name, "sigma"] == pytest.approx(0.0, abs=1e-9)
