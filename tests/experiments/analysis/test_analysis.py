"""Tests for experiments.analysis on constructed ensembles with known answers."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

from experiments import analysis as an

Z95 = 1.959963984540054  # standard normal 97.5% quantile


def make_runs(peak_years, status=None, states=None, **columns) -> pd.DataFrame:
    """Runs table with the given peak years (None = not peaked) and optional statuses.

    ``states`` gives each run's peak state; by default a year means peaked, None not peaked.
    """
    n = len(peak_years)
    years = [math.nan if y is None else float(y) for y in peak_years]
    if states is None:
        states = ["peaked" if y is not None else "not_peaked" for y in peak_years]
    data = {
        "run_id": np.arange(n),
        "status": status if status is not None else ["ok"] * n,
        "point_id": np.zeros(n, dtype=int),
        "sample_id": np.arange(n),
        "replication": np.zeros(n, dtype=int),
        "seed": np.arange(n) + 100,
        "peak_year": years,
        "peak_state": states,
        "peaked": [s == "peaked" for s in states],
        "peak_emissions_mt": np.full(n, 10.0),
        "cumulative_co2_mt": np.full(n, 300.0),
        "emissions_2030_mt": np.full(n, 9.0),
        "fiscal_cost_myuan": np.zeros(n),
    }
    data.update(columns)
    return pd.DataFrame(data)


# ------------------------------------------------------------------------------------ Wilson


def test_wilson_matches_hand_computation():
    n = 10
    # k = 0: [0, z^2 / (n + z^2)]; k = n: [n / (n + z^2), 1]; k = n/2: 1/2 +- z / (2 sqrt(n + z^2))
    assert an.wilson_interval(0, n) == pytest.approx((0.0, Z95**2 / (n + Z95**2)), abs=1e-12)
    assert an.wilson_interval(n, n) == pytest.approx((n / (n + Z95**2), 1.0), abs=1e-12)
    half = Z95 / (2 * math.sqrt(n + Z95**2))
    assert an.wilson_interval(5, n) == pytest.approx((0.5 - half, 0.5 + half), abs=1e-12)
    # Published values for 5/10 at 95%: (0.2366, 0.7634)
    low, high = an.wilson_interval(5, 10)
    assert round(low, 4) == 0.2366 and round(high, 4) == 0.7634


def test_wilson_edge_cases():
    low, high = an.wilson_interval(0, 0)
    assert math.isnan(low) and math.isnan(high), "n == 0 must give (nan, nan)"
    with pytest.raises(ValueError, match="successes"):
        an.wilson_interval(11, 10)
    with pytest.raises(ValueError, match="confidence"):
        an.wilson_interval(1, 10, confidence=1.0)
    wide, narrow = an.wilson_interval(3, 10, 0.99), an.wilson_interval(3, 10, 0.80)
    assert wide[0] < narrow[0] and wide[1] > narrow[1], "higher confidence must widen"


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    ),
    st.floats(min_value=0.5, max_value=0.999),
)
def test_wilson_bounds_property(kn, confidence):
    k, n = kn
    low, high = an.wilson_interval(k, n, confidence)
    assert 0.0 <= low <= k / n <= high <= 1.0, f"{k}/{n}: ({low}, {high}) must bracket p in [0,1]"


# ------------------------------------------------------------------------ peak probabilities


def test_not_peaked_runs_count_as_misses_and_failed_runs_are_reported():
    runs = make_runs(
        [2025, 2027, 2029, None, None, 2026],
        status=["ok", "ok", "ok", "ok", "ok", "error"],
    )
    summary = an.peak_probability(runs, by_year=2030)
    assert summary["runs"] == 5 and summary["n_failed"] == 1
    assert summary["p_peak_by_2030"] == pytest.approx(3 / 5), "not-peaked runs must stay in n"
    assert summary["p_peak_by_2030_ci95"] == pytest.approx(list(an.wilson_interval(3, 5)))
    expected = {"2025": 1, "2027": 1, "2029": 1, "plateau": 0, "none": 2}
    assert summary["peak_year_counts"] == expected
    assert list(summary["peak_year_counts"]) == list(expected)
    assert summary["state_counts"] == {"peaked": 3, "plateau": 0, "not_peaked": 2}
    assert summary["median_peak_year"] == 2029  # the 3rd of 5: 2025, 2027, 2029, -, -
    assert isinstance(summary["median_peak_year"], int), "a year, not 2028.5"
    json.dumps(summary, allow_nan=False)  # must be strict JSON

    assert an.peak_probability(runs, by_year=2026)["p_peak_by_2026"] == pytest.approx(1 / 5)


def test_median_is_none_when_most_runs_have_not_peaked():
    runs = make_runs([2025, None, None])
    assert an.peak_probability(runs)["median_peak_year"] is None


def test_plateau_runs_count_beside_peaked_runs_but_not_as_peaked():
    runs = make_runs([2025, 2026, 2024, None], states=["peaked", "plateau", "plateau",
                                                     "not_peaked"])  # fmt: skip
    summary = an.peak_probability(runs)
    assert summary["p_peak_by_2030"] == pytest.approx(1 / 4)
    assert summary["p_plateau_or_peaked_by_2030"] == pytest.approx(3 / 4)
    table = an.peak_probability_by_year(runs).set_index("year")
    assert table.at[2025, "p_peaked"] == 0.25 and table.at[2025, "p_plateau_or_peaked"] == 0.5
    states = an.peak_state_table(runs).set_index("state")
    assert states["n"].to_dict() == {"peaked": 1, "plateau": 2, "not_peaked": 1}


def test_legacy_runs_without_states_are_read_conservatively():
    runs = make_runs([2025, 2026]).drop(columns=["peak_state"])
    runs.loc[0, "peaked"] = False  # a year without the flag does not count as a peak
    runs.loc[1, "peak_year"] = math.nan  # the flag without a year does not count either
    assert an.peak_probability(runs)["p_peak_by_2030"] == 0.0


def test_peak_probability_by_year_values_and_default_range():
    runs = make_runs([2025, 2027, None, 2063], status=["ok", "ok", "ok", "ok"])
    table = an.peak_probability_by_year(runs)
    assert table["year"].iloc[0] == 2020 and table["year"].iloc[-1] == 2063
    assert list(table.columns) == [
        "year", "n", "p_peaked", "p_peaked_low", "p_peaked_high", "p_plateau_or_peaked",
        "p_plateau_or_peaked_low", "p_plateau_or_peaked_high", "n_failed",
    ]  # fmt: skip
    p = table.set_index("year")["p_peaked"]
    assert p[2024] == 0.0 and p[2025] == 0.25 and p[2027] == 0.5 and p[2063] == 0.75
    assert (table["n"] == 4).all()
    assert (table["p_peaked_low"] <= table["p_peaked"]).all() and (
        table["p_peaked"] <= table["p_peaked_high"]
    ).all()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(2015, 2065)), min_size=1, max_size=40),
    st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_peak_probability_by_year_is_monotone(peak_years, failed):
    status = ["error" if f else "ok" for f in failed[: len(peak_years)]]
    table = an.peak_probability_by_year(make_runs(peak_years, status=status))
    assert (np.diff(table["year"]) == 1).all(), "every year of the horizon is listed"
    p = table["p_peaked"].dropna().to_numpy()
    assert (np.diff(p) >= 0).all(), "P(peaked by year) must be non-decreasing"
    assert (table["n_failed"] == status.count("error")).all()


def test_peak_year_distribution():
    dist = an.peak_year_distribution(make_runs([2028, None, 2028, 2026]))
    assert dist["label"].tolist() == ["2026", "2028", "plateau", "not_peaked"]
    assert dist["state"].tolist() == ["peaked", "peaked", "plateau", "not_peaked"]
    assert dist["n"].tolist() == [1, 2, 0, 1]
    assert dist["share"].sum() == pytest.approx(1.0)
    assert dist.attrs["n"] == 4 and dist.attrs["n_failed"] == 0


# ---------------------------------------------------------------------------- emission bands


def make_yearly(n_runs: int, years=range(2020, 2031)) -> pd.DataFrame:
    rows = [
        {"run_id": r, "year": y, "co2_mt": float(r) + 0.1 * (y - 2020), "other": "x" * 20}
        for r in range(n_runs)
        for y in years
    ]
    return pd.DataFrame(rows)


def test_emission_bands_ordered_and_exact():
    yearly = make_yearly(101)
    bands = an.emission_bands(yearly)
    assert list(bands.columns) == ["year", "q05", "q25", "q50", "q75", "q95", "mean", "n"]
    qs = bands[["q05", "q25", "q50", "q75", "q95"]].to_numpy()
    assert (np.diff(qs, axis=1) >= 0).all(), "quantile bands must be ordered"
    row = bands.set_index("year").loc[2020]
    assert (row["q05"], row["q50"], row["q95"], row["mean"]) == pytest.approx((5, 50, 95, 50))
    filtered = an.emission_bands(yearly, run_ids=[0, 1, 2])
    assert filtered.set_index("year").loc[2020, "q50"] == pytest.approx(1.0)
    assert (filtered["n"] == 3).all()
    assert "q2_5" in an.emission_bands(yearly, quantiles=(0.025, 0.975)).columns


def test_emission_bands_from_parquet_matches_memory(tmp_path):
    yearly = make_yearly(30)
    folder = tmp_path / "yearly"
    folder.mkdir()
    pq.write_table(pa.Table.from_pandas(yearly.iloc[:150]), folder / "part-0.parquet")
    pq.write_table(pa.Table.from_pandas(yearly.iloc[150:]), folder / "part-1.parquet")
    ids = list(range(0, 30, 2))
    from_disk = an.emission_bands_from_parquet(folder, run_ids=ids)
    in_memory = an.emission_bands(yearly, run_ids=ids)
    pd.testing.assert_frame_equal(from_disk, in_memory, check_dtype=False)
    loaded = an.load_yearly(folder, ["year", "co2_mt"])
    assert list(loaded.columns) == ["year", "co2_mt"], "only the requested columns are read"


# ---------------------------------------------------------------------------- CRN wedges


def make_crn_runs(seed: int = 0) -> pd.DataFrame:
    """Points 0 (baseline), 1 (saves exactly 1 Mt per pair at 50 million yuan), 2 (saves 0)."""
    rng = np.random.default_rng(seed)
    rows = []
    run_id = 0
    base_cum = {
        (s, r): float(rng.integers(200, 400)) for s in range(5) for r in range(3)
    }  # integer-valued so differences are exact
    for point, (saving, cost, shift) in {0: (0, 0, 0), 1: (1, 50, -2), 2: (0, 10, 0)}.items():
        for (s, r), cum in base_cum.items():
            peaked = s != 4  # sample 4 never peaks
            rows.append(
                {
                    "run_id": run_id,
                    "status": "ok",
                    "point_id": point,
                    "sample_id": s,
                    "replication": r,
                    "seed": 1000 + 10 * s + r,
                    "ev_purchase_subsidy_yuan": 5000.0 * point,
                    "peak_year": 2030.0 + s + shift if peaked else math.nan,
                    "peaked": peaked,
                    "peak_emissions_mt": 10.0,
                    "cumulative_co2_mt": cum - saving,
                    "emissions_2030_mt": 9.0,
                    "fiscal_cost_myuan": 100.0 + cost,
                }
            )
            run_id += 1
    runs = pd.DataFrame(rows)
    # The baseline run of (sample 0, replication 0) fails; its partners become unpaired.
    runs.loc[(runs.point_id == 0) & (runs.sample_id == 0) & (runs.replication == 0), "status"] = (
        "error"
    )
    return runs.sample(frac=1.0, random_state=seed).reset_index(drop=True)  # order must not matter


def test_lever_wedges_pairs_by_sample_and_replication():
    runs = make_crn_runs()
    wedges = an.lever_wedges(runs, None, 0, ["ev_purchase_subsidy_yuan"]).set_index("point_id")
    assert list(wedges.index) == [1, 2], "one row per non-baseline point"
    one = wedges.loc[1]
    assert one["n_runs"] == 15 and one["n_pairs"] == 14 and one["n_unpaired"] == 1
    assert one["avoided_mt_mean"] == 1.0, "each CRN pair saves exactly 1 Mt"
    assert one["avoided_mt_ci_low"] == pytest.approx(1.0)
    assert one["avoided_mt_ci_high"] == pytest.approx(1.0)
    assert one["extra_cost_myuan_mean"] == 50.0
    assert one["cost_per_t_yuan"] == pytest.approx(50.0), "50 million yuan / 1 Mt = 50 yuan/t"
    assert one["peak_shift_years_mean"] == -2.0
    assert one["n_both_peaked"] == 11, "sample 4 never peaks; (0, 0) has no baseline"
    assert one["ev_purchase_subsidy_yuan"] == 5000.0
    assert math.isnan(wedges.loc[2, "cost_per_t_yuan"]), "nothing avoided -> no cost per tonne"


def test_lever_wedges_rejects_bad_baselines():
    runs = make_crn_runs()
    with pytest.raises(ValueError, match="baseline_point_id=7"):
        an.lever_wedges(runs, None, 7)
    doubled = pd.concat([runs, runs[(runs.point_id == 0) & (runs.status == "ok")].head(1)])
    with pytest.raises(ValueError, match="duplicated"):
        an.lever_wedges(doubled, None, 0)


def test_wedges_by_year():
    runs = make_crn_runs()
    rows = []
    for rec in runs.itertuples():
        for year in (2020, 2021):
            saving = 0.5 if rec.point_id == 1 else 0.0
            rows.append(
                {"run_id": rec.run_id, "year": year, "co2_mt": 10.0 + rec.sample_id - saving}
            )
    out = an.wedges_by_year(pd.DataFrame(rows), runs, 0)
    assert list(out.columns) == ["year", "point_id", "avoided_mt", "n_pairs"]
    got = out.set_index(["year", "point_id"])["avoided_mt"]
    assert got[(2020, 1)] == 0.5 and got[(2021, 2)] == 0.0
    assert (out["n_pairs"] == 14).all()


def test_sector_wedges_split_the_avoided_total_by_sector():
    runs = make_crn_runs()
    rows = []
    for rec in runs.itertuples():
        for year in (2020, 2021):
            # point 1 saves 0.75 Mt a year in industry and emits 0.25 Mt more in transport
            industry = 5.0 + rec.sample_id - (0.75 if rec.point_id == 1 else 0.0)
            transport = 2.0 + (0.25 if rec.point_id == 1 else 0.0)
            rows.append({"run_id": rec.run_id, "year": year, "co2_industry_mt": industry,
                         "co2_transport_mt": transport})  # fmt: skip
    out = an.sector_wedges(pd.DataFrame(rows), runs, 0, ["industry", "transport"])
    got = out.set_index(["point_id", "sector"])
    assert got.at[(1, "industry"), "avoided_mt_mean"] == pytest.approx(1.5)
    assert got.at[(1, "transport"), "avoided_mt_mean"] == pytest.approx(-0.5)
    assert got.at[(2, "industry"), "avoided_mt_mean"] == pytest.approx(0.0)
    assert (out["n_pairs"] == 14).all()
    with pytest.raises(ValueError, match="co2_heat_supply_mt"):
        an.sector_wedges(pd.DataFrame(rows), runs, 0, ["heat_supply"])


# ---------------------------------------------------------------------------- sensitivity

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}


def test_sobol_on_ishigami():
    x = sobol_sample.sample(ISHIGAMI, 1024, calc_second_order=False, seed=1)
    y = Ishigami.evaluate(x)
    table = an.sobol_indices(ISHIGAMI, y).set_index("parameter")
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    assert table.loc["x3", "ST"] > 0.2, "x3 acts only through its interaction with x1"
    assert abs(table.loc["x3", "S1"]) <= table.loc["x3", "S1_conf"], "S1 of x3 is 0 in theory"
    assert table.loc["x2", "S1"] > 0.3
    again = an.sobol_indices(ISHIGAMI, y).set_index("parameter")
    pd.testing.assert_frame_equal(table, again)  # seed=0 must be reproducible


def test_sobol_input_checks():
    x = sobol_sample.sample(ISHIGAMI, 8, calc_second_order=False, seed=1)
    with pytest.raises(ValueError, match="not finite"):
        an.sobol_indices(ISHIGAMI, np.full(len(x), np.nan))
    with pytest.raises(ValueError, match="multiple"):
        an.sobol_indices(ISHIGAMI, np.ones(len(x) + 1))
    flat = an.sobol_indices(ISHIGAMI, np.ones(len(x)))
    assert flat[["S1", "ST"]].isna().all().all(), "constant outcome: indices undefined"


def test_morris_ranks_dominant_input_first():
    problem = {"num_vars": 4, "names": ["a", "b", "c", "d"], "bounds": [[0, 1]] * 4}
    x = morris_sample.sample(problem, 20, seed=3)
    y = 10 * x[:, 2] + x[:, 0] + 0.1 * x[:, 1]
    table = an.morris_indices(problem, x, y)
    assert list(table.columns) == ["parameter", "mu", "mu_star", "sigma", "mu_star_conf"]
    ranked = table.sort_values("mu_star", ascending=False)["parameter"].tolist()
    assert ranked == ["c", "a", "b", "d"]
    assert table.set_index("parameter").loc["c", "mu_star"] == pytest.approx(10.0)


def test_peak_year_outcome_substitutes_horizon_and_averages():
    runs = make_runs([2030, None, 2040, 2026], sample_id=[1, 1, 0, 0], replication=[0, 1, 0, 1])
    runs = runs.iloc[::-1]
    out = an.peak_year_outcome(runs, horizon_end=2060)
    assert out.tolist() == [2033.0, (2030 + 2061) / 2], "sorted by sample_id, mean over reps"
    mixed = runs.assign(point_id=[0, 1, 0, 1])
    with pytest.raises(ValueError, match="lever points"):
        an.peak_year_outcome(mixed)


# ---------------------------------------------------------------------------- PRIM


def test_prim_recovers_planted_box():
    rng = np.random.default_rng(42)
    x = pd.DataFrame(rng.uniform(size=(2000, 4)), columns=["a", "b", "c", "d"])
    miss = ((x["a"] > 0.7) & (x["b"] < 0.3)).to_numpy()
    result = an.prim_boxes(x, miss)
    box = result.box.set_index("parameter")
    assert abs(box.loc["a", "low"] - 0.7) < 0.1 and box.loc["a", "high"] >= 0.9
    assert abs(box.loc["b", "high"] - 0.3) < 0.1 and box.loc["b", "low"] <= 0.1
    assert result.density > 0.8 and result.coverage > 0.8
    traj = result.trajectory
    peels = traj[traj["phase"] == "peel"]
    assert (np.diff(peels["density"]) > 0).all(), "every peel must raise density"
    assert (traj["support"] >= 0.05).all(), "no box below min_support"
    assert result.n == traj.loc[result.step, "n"]
    in_box = np.ones(len(x), dtype=bool)
    for name, row in box.iterrows():
        in_box &= (x[name] >= row["low"]).to_numpy() & (x[name] <= row["high"]).to_numpy()
    assert in_box.sum() == result.n, "box bounds must select exactly the box's points"


def test_prim_threshold_picks_largest_box_meeting_it():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.uniform(size=(1000, 2)), columns=["a", "b"])
    miss = (x["a"] > 0.5).to_numpy()
    result = an.prim_boxes(x, miss, threshold=0.7)
    traj = result.trajectory
    assert result.density >= 0.7 and result.threshold_met
    assert traj.loc[result.chosen, "density"] >= 0.7 and traj.loc[result.chosen, "phase"] == "peel"
    assert (traj.loc[: result.chosen - 1, "density"] < 0.7).all(), "first box to reach it"
    assert result.density >= traj.loc[result.chosen, "density"], "pasting never lowers density"
    unreachable = an.prim_boxes(x, miss, min_support=0.9, threshold=0.99)
    assert not unreachable.threshold_met
    with pytest.raises(ValueError, match="numeric"):
        an.prim_boxes(x.assign(label="z"), miss)


# ---------------------------------------------------------------------------- policy map


def make_grid_runs() -> pd.DataFrame:
    """3 x 2 lever grid, 4 runs per cell; cell (i, j) has i + j runs peaking by 2030."""
    rows = []
    for i, lx in enumerate([0.0, 1000.0, 2000.0]):
        for j, ly in enumerate([0.1, 0.5]):
            for r in range(4):
                peaked_by_2030 = r < i + j
                rows.append((lx, ly, 2028.0 if peaked_by_2030 else math.nan, i * 2 + j, r))
    lx, ly, years, points, samples = zip(*rows, strict=True)
    n = len(rows)
    return make_runs(
        [None if math.isnan(y) else y for y in years],
        ev_purchase_subsidy_yuan=list(lx),
        burning_enforcement=list(ly),
        point_id=list(points),
        sample_id=list(samples),
        run_id=np.arange(n),
    )


def test_policy_map_shape_and_values():
    runs = make_grid_runs()
    grid = an.policy_map(runs, "ev_purchase_subsidy_yuan", "burning_enforcement")
    assert grid.shape == (2, 3)
    assert grid.index.tolist() == [0.1, 0.5]
    assert grid.columns.tolist() == [0.0, 1000.0, 2000.0]
    expected = np.array([[0, 1, 2], [1, 2, 3]]) / 4
    np.testing.assert_allclose(grid.to_numpy(), expected)
    runs.loc[0, "status"] = "error"  # a failed run in cell (0, 0.1)
    long = an.policy_map_long(runs, "ev_purchase_subsidy_yuan", "burning_enforcement")
    assert list(long.columns) == [
        "ev_purchase_subsidy_yuan",
        "burning_enforcement",
        "p",
        "ci_low",
        "ci_high",
        "n",
        "n_failed",
    ]
    first = long.iloc[0]
    assert first["n"] == 3 and first["n_failed"] == 1 and first["p"] == 0.0
    assert (long["ci_low"] <= long["p"]).all() and (long["p"] <= long["ci_high"]).all()


# ---------------------------------------------------------------------------- write_analyses


def write_store(tmp_path, runs: pd.DataFrame, yearly: pd.DataFrame):
    store = tmp_path / "store"
    (store / "yearly").mkdir(parents=True)
    runs.to_parquet(store / "runs.parquet")
    pq.write_table(pa.Table.from_pandas(yearly), store / "yearly" / "part-0.parquet")
    return store


def test_write_analyses_round_trip(tmp_path):
    runs = make_grid_runs()
    rng = np.random.default_rng(0)
    runs["gdp_growth_rate"] = rng.uniform(0.02, 0.06, len(runs))
    runs["coal_price_yuan_per_t"] = rng.uniform(600, 1200, len(runs))
    runs.loc[3, "status"] = "error"
    yearly = pd.DataFrame(
        [
            {"run_id": rid, "year": year, "co2_mt": 20.0 - 0.1 * (year - 2020) + rid}
            for rid in runs["run_id"]
            for year in range(2020, 2061)
        ]
    )
    store = write_store(tmp_path, runs, yearly)
    written = an.write_analyses(
        store,
        baseline_point_id=0,
        lever_columns=["ev_purchase_subsidy_yuan", "burning_enforcement"],
        uncertainty_columns=["gdp_growth_rate", "coal_price_yuan_per_t"],
    )
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "peak_probability.csv",
            "peak_states.csv",
            "kpi_bands.csv",
            "peak_year_distribution.csv",
            "summary.json",
            "emission_bands.csv",
            "prim_box.csv",
            "prim_trajectory.csv",
            "wedges.csv",
            "wedges_by_year.csv",
            "policy_map.csv",
        ]
    )
    assert all(p.exists() and p.parent == store / "analysis" for p in written)
    summary = json.loads((store / "analysis" / "summary.json").read_text())
    assert summary == {**an.peak_probability(runs), "stochastic_share": None,
                       "convention": "consumption"}  # fmt: skip
    assert summary["n_failed"] == 1 and summary["runs"] == len(runs) - 1
    bands = pd.read_csv(store / "analysis" / "emission_bands.csv")
    assert bands["year"].tolist() == list(range(2020, 2061))
    assert (bands["n"] == len(runs) - 1).all(), "failed runs are left out of the bands"
    pmap = pd.read_csv(store / "analysis" / "policy_map.csv")
    assert len(pmap) == 6
    wedges = pd.read_csv(store / "analysis" / "wedges.csv")
    assert sorted(wedges["point_id"]) == [1, 2, 3, 4, 5]
    box = pd.read_csv(store / "analysis" / "prim_box.csv")
    assert {"parameter", "low", "high", "coverage", "density", "n"} <= set(box.columns)


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_write_analyses_sensitivity(tmp_path, method):
    problem = {
        "num_vars": 2,
        "names": ["gdp_growth_rate", "coal_price_yuan_per_t"],
        "bounds": [[0.02, 0.06], [600.0, 1200.0]],
    }
    if method == "sobol":
        x = sobol_sample.sample(problem, 16, calc_second_order=False, seed=5)
    else:
        x = morris_sample.sample(problem, 10, seed=5)
    n = len(x)
    # Fast growth delays the peak; above 0.05 the run never peaks.
    growth = x[:, 0]
    years = [None if g > 0.05 else float(2022 + round(200 * g)) for g in growth]
    runs = make_runs(years, gdp_growth_rate=growth, coal_price_yuan_per_t=x[:, 1])
    runs["peak_emissions_mt"] = 10 + 100 * growth
    runs["cumulative_co2_mt"] = 300 + 2000 * growth - 0.01 * x[:, 1]
    runs = runs.iloc[::-1]  # the store's row order is not the sample order
    yearly = pd.DataFrame(
        [{"run_id": r, "year": y, "co2_mt": 1.0} for r in range(n) for y in (2020, 2060)]
    )
    store = write_store(tmp_path, runs, yearly)
    written = an.write_analyses(store, problem=problem, method=method)
    names = {p.name for p in written}
    for outcome in ("peak_year", "peak_emissions_mt", "cumulative_co2_mt"):
        assert f"{method}_{outcome}.csv" in names
    table = pd.read_csv(store / "analysis" / f"{method}_peak_year.csv").set_index("parameter")
    key = "ST" if method == "sobol" else "mu_star"
    assert table[key].idxmax() == "gdp_growth_rate", "peak year is driven by growth"


def test_write_analyses_when_every_run_failed(tmp_path):
    runs = make_runs([2025, None], status=["error", "error"])
    yearly = pd.DataFrame({"run_id": [0, 1], "year": [2020, 2020], "co2_mt": [1.0, 2.0]})
    written = an.write_analyses(write_store(tmp_path, runs, yearly))
    assert {p.name for p in written} == {
        "peak_probability.csv",
        "peak_states.csv",
        "peak_year_distribution.csv",
        "summary.json",
        "emission_bands.csv",
    }
    summary = json.loads((tmp_path / "store" / "analysis" / "summary.json").read_text())
    assert summary["runs"] == 0 and summary["n_failed"] == 2
    assert summary["p_peak_by_2030"] is None
