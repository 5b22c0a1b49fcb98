"""Stochastic against parametric variance (law of total variance over parameter samples)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.analysis import variance_decomposition, write_analyses


def _runs(values_by_sample: list[list[float]], column: str = "y") -> pd.DataFrame:
    rows = [
        {"run_id": i, "point_id": 0, "sample_id": s, "replication": r, "status": "ok", column: v}
        for i, (s, r, v) in enumerate(
            (s, r, v) for s, vs in enumerate(values_by_sample) for r, v in enumerate(vs)
        )
    ]
    return pd.DataFrame(rows)


def test_a_hand_computed_example():
    # samples [1, 3] and [5, 7]: means 2 and 6 around 4; Var = 5 = 1 (within) + 4 (between)
    row = variance_decomposition(_runs([[1, 3], [5, 7]]), ["y"]).iloc[0]
    assert (row["n_runs"], row["n_samples"], row["replicates"]) == (4, 2, 2)
    assert row["mean"] == 4
    assert (row["total_var"], row["within_var"], row["between_var"]) == (5, 1, 4)
    assert row["stochastic_share"] == pytest.approx(0.2)
    # ANOVA: MS_within = 4 / 2 = 2, MS_between = 16, between = (16 - 2) / 2 = 7: 2 / 9
    assert row["stochastic_share_anova"] == pytest.approx(2 / 9)


def test_agrees_with_numpy_on_random_data():
    rng = np.random.default_rng(4)
    k, s = 5, 30
    means = rng.normal(10, 2, size=s)
    y = means[:, None] + rng.normal(0, 1, size=(s, k))
    runs = _runs(y.tolist())
    row = variance_decomposition(runs, ["y"]).iloc[0]
    assert row["total_var"] == pytest.approx(np.var(y))
    assert row["within_var"] == pytest.approx(np.mean(np.var(y, axis=1)))
    assert row["between_var"] == pytest.approx(np.var(y.mean(axis=1)))
    assert row["total_var"] == pytest.approx(row["within_var"] + row["between_var"])
    ms_within = np.mean(np.var(y, axis=1, ddof=1))
    between = (k * np.var(y.mean(axis=1), ddof=1) - ms_within) / k
    assert row["stochastic_share_anova"] == pytest.approx(ms_within / (ms_within + between))


def test_the_peaked_by_2030_indicator_and_failed_runs():
    runs = _runs([[2028, 2035], [2029, 2027]], column="peak_year")
    runs["peaked"] = pd.array([True, True, True, False], dtype="boolean")  # last: not peaked
    failed = {"run_id": 4, "point_id": 0, "sample_id": 1, "replication": 2, "status": "error",
              "peak_year": np.nan, "peaked": pd.NA}  # fmt: skip
    runs = pd.concat([runs, pd.DataFrame([failed]).astype({"peaked": "boolean"})])
    table = variance_decomposition(runs, ["peaked_by_2030", "peak_year"]).set_index("outcome")
    # indicator: sample 0 -> [1, 0], sample 1 -> [1, 0]: all of the variance is within samples
    assert table.loc["peaked_by_2030", "total_var"] == pytest.approx(0.25)
    assert table.loc["peaked_by_2030", "stochastic_share"] == pytest.approx(1.0)
    assert table.loc["peak_year", "n_runs"] == 3, "a run that has not peaked has no peak year"
    assert table.attrs["n_failed"] == 1


def test_written_by_write_analyses_only_with_replicates(tmp_path):
    rng = np.random.default_rng(0)
    for k, name in ((1, "single"), (3, "triple")):
        store = tmp_path / name
        store.mkdir()
        rows = []
        for s in range(10):
            for r in range(k):
                year = int(2026 + s % 6 + rng.integers(0, 3))
                rows.append({"run_id": len(rows), "point_id": 0, "sample_id": s,
                             "replication": r, "seed": len(rows), "status": "ok",
                             "peak_year": year, "peaked": True,
                             "emissions_2030_mt": 12 + s * 0.1 + rng.normal(0, 0.05)})  # fmt: skip
        pd.DataFrame(rows).to_parquet(store / "runs.parquet")
        write_analyses(store)
        path = store / "analysis" / "variance_decomposition.csv"
        assert path.exists() == (k > 1), f"written only with replicates (K = {k})"
    table = pd.read_csv(tmp_path / "triple" / "analysis" / "variance_decomposition.csv")
    assert table["outcome"].tolist() == ["peaked_by_2030", "peak_year", "emissions_2030_mt"]
    assert (table["replicates"] == 3).all() and (table["n_samples"] == 10).all()
