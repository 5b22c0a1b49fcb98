"""Every applicable analysis of a result store, written under ``analysis/``."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.dataset as pads
from SALib.util import extract_group_names

from experiments.analysis.bands import emission_bands_from_parquet, load_yearly
from experiments.analysis.common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_HORIZON_END,
    PLAN_PEAK_YEAR,
    SENSITIVITY_OUTCOMES,
    json_float,
    ok_runs,
    peak_years,
)
from experiments.analysis.policy_map import policy_map_long
from experiments.analysis.prim import prim_boxes
from experiments.analysis.probabilities import (
    peak_probability,
    peak_probability_by_year,
    peak_state_table,
    peak_year_distribution,
)
from experiments.analysis.report_tables import (
    BAND_INDICATORS,
    kpi_bands,
    reconciliation,
    representative_run,
    scorecard_table,
    sector_co2,
)
from experiments.analysis.sensitivity import (
    morris_indices,
    outcome_by_sample,
    salib_problem,
    sample_matrix,
    sobol_indices,
    sobol_layout_ok,
)
from experiments.analysis.variance import VARIANCE_OUTCOMES, variance_decomposition
from experiments.analysis.wedges import lever_wedges, wedges_by_year
from experiments.runner import HEADLINE_CONVENTION
from simulation.accounting import SECTORS

#: The analyses' directory in a store, and the prefix of its staging directory.
ANALYSIS_DIR = "analysis"
STAGING_PREFIX = ".analysis.partial-"


def _registry_kinds() -> dict[str, str]:
    """Parameter name -> kind from the registry, or {} if the registry is not importable."""
    try:
        from parameters.registry import REGISTRY
    except ImportError:
        return {}
    return {name: str(param.kind) for name, param in REGISTRY.items()}


def _varying(runs: pd.DataFrame, columns: Iterable[str]) -> list[str]:
    return [c for c in columns if c in runs.columns and runs[c].nunique(dropna=False) > 1]


def _yearly_source(store_dir: Path) -> Path | None:
    for candidate in (store_dir / "yearly", store_dir / "yearly.parquet"):
        if candidate.exists():
            return candidate
    return None


class _Output:
    """The analysis files being written, in a staging directory until they are complete."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.names: list[str] = []

    def csv(self, df: pd.DataFrame, name: str) -> None:
        df.to_csv(self.staging / name, index=False)
        self.names.append(name)

    def json(self, value: Any, name: str) -> None:
        text = json.dumps(value, indent=2, allow_nan=False) + "\n"
        (self.staging / name).write_text(text, encoding="utf-8")
        self.names.append(name)


def _check_sobol_layout(x: np.ndarray, n_groups: int, calc_second_order: bool | None) -> bool:
    """The Sobol sample's ``calc_second_order``: as given (checked), or told by its layout."""
    if calc_second_order is None:
        layouts = [so for so in (False, True) if sobol_layout_ok(x, n_groups, so)]
        if len(layouts) != 1:
            raise ValueError(
                "cannot tell whether the Sobol sample was drawn with calc_second_order; "
                f"{x.shape[0]} samples, D={n_groups}. Pass calc_second_order explicitly."
            )
        return layouts[0]
    if not sobol_layout_ok(x, n_groups, calc_second_order):
        raise ValueError(
            f"the {x.shape[0]} samples do not have the Saltelli layout for "
            f"calc_second_order={calc_second_order} with D={n_groups}; check the flag."
        )
    return calc_second_order


def _sensitivity(
    out: _Output,
    ok: pd.DataFrame,
    problem: Mapping[str, Any],
    method: str,
    horizon_end: int,
    calc_second_order: bool | None,
    num_levels: int,
) -> None:
    """Write sobol_<outcome>.csv or morris_<outcome>.csv for each sensitivity outcome."""
    prob = salib_problem(problem)
    names = list(prob["names"])
    sample_ids = np.sort(ok["sample_id"].unique())
    if not np.array_equal(sample_ids, np.arange(sample_ids.size)):
        warnings.warn(
            f"sensitivity skipped: successful runs cover {sample_ids.size} sample ids that are "
            "not 0..N-1 (some samples have no successful run); the SALib design is incomplete.",
            UserWarning,
            stacklevel=3,
        )
        return
    x = sample_matrix(ok, names)
    _, n_groups = extract_group_names(prob)
    if method == "sobol":
        calc_second_order = _check_sobol_layout(x, n_groups, calc_second_order)
    for outcome in SENSITIVITY_OUTCOMES:
        if outcome not in ok.columns:
            continue
        y = outcome_by_sample(ok, outcome, horizon_end).to_numpy()
        if method == "sobol":
            table = sobol_indices(prob, y, calc_second_order=bool(calc_second_order))
        else:
            table = morris_indices(prob, x, y, num_levels=num_levels)
        out.csv(table, f"{method}_{outcome}.csv")


@dataclass(frozen=True)
class _Inputs:
    """What the analyses read from a store, once."""

    runs: pd.DataFrame
    ok: pd.DataFrame
    yearly_source: Path | None
    bands: pd.DataFrame | None
    horizon_end: int
    lever_columns: list[str]
    uncertainty_columns: list[str]


def _read(
    store_dir: Path,
    problem: Mapping[str, Any] | None,
    lever_columns: Sequence[str] | None,
    uncertainty_columns: Sequence[str] | None,
) -> _Inputs:
    runs_path = store_dir / "runs.parquet"
    if not runs_path.exists():
        raise FileNotFoundError(f"no runs table at {runs_path}; is {store_dir} a result store?")
    runs = pd.read_parquet(runs_path)
    ok, _ = ok_runs(runs)
    kinds = _registry_kinds()
    if lever_columns is None:
        lever_columns = [c for c in runs.columns if kinds.get(c) == "lever"]
    if uncertainty_columns is None:
        uncertainty_columns = [c for c in runs.columns if kinds.get(c) == "uncertainty"]
        if not uncertainty_columns and problem is not None:
            uncertainty_columns = [c for c in problem["names"] if c in runs.columns]
    yearly_source = _yearly_source(store_dir)
    bands = None
    horizon_end = DEFAULT_HORIZON_END
    if yearly_source is not None:
        bands = emission_bands_from_parquet(yearly_source, run_ids=ok["run_id"].tolist())
        if not bands.empty:
            horizon_end = int(bands["year"].max())
    return _Inputs(runs, ok, yearly_source, bands, horizon_end, list(lever_columns),
                   list(uncertainty_columns))  # fmt: skip


def _probabilities(
    out: _Output, inputs: _Inputs, by_year: int, stochastic: dict[str, float] | None
) -> None:
    years = np.arange(DEFAULT_BASE_YEAR, inputs.horizon_end + 1)
    out.csv(peak_probability_by_year(inputs.runs, years), "peak_probability.csv")
    out.csv(peak_state_table(inputs.runs), "peak_states.csv")
    out.csv(peak_year_distribution(inputs.runs), "peak_year_distribution.csv")
    summary = peak_probability(inputs.runs, by_year)
    summary["stochastic_share"] = stochastic
    summary["convention"] = HEADLINE_CONVENTION
    out.json(summary, "summary.json")
    if inputs.bands is not None:
        out.csv(inputs.bands, "emission_bands.csv")


def _variance(out: _Output, inputs: _Inputs) -> dict[str, float] | None:
    """Write the variance decomposition when samples have replicates; return the shares."""
    ok = inputs.ok
    if not ("replication" in ok.columns and "sample_id" in ok.columns):
        return None
    if ok.empty or not ok["replication"].max() > 0:
        return None
    outcomes = [o for o in VARIANCE_OUTCOMES if o == "peaked_by_2030" or o in ok.columns]
    table = variance_decomposition(ok, outcomes)
    out.csv(table, "variance_decomposition.csv")
    return {str(row.outcome): json_float(row.stochastic_share_anova) for row in table.itertuples()}


def _report_tables(out: _Output, inputs: _Inputs) -> None:
    """KPI bands, the scorecard and a representative run's sectors and reconciliation."""
    scorecard = scorecard_table(inputs.runs)
    if not scorecard.empty:
        out.csv(scorecard, "scorecard.csv")
    if inputs.yearly_source is None or inputs.ok.empty:
        return
    available = set(pads.dataset(inputs.yearly_source).schema.names)
    wanted = [*BAND_INDICATORS, *(f"co2_{s}_mt" for s in SECTORS), "co2_consumption_mt",
              "co2_embodied_net_exports_mt", "co2_mix_difference_mt",
              "co2_production_mt"]  # fmt: skip
    columns = ["run_id", "year", *(c for c in wanted if c in available)]
    yearly = load_yearly(inputs.yearly_source, columns, inputs.ok["run_id"].tolist())
    out.csv(kpi_bands(yearly), "kpi_bands.csv")
    sectors = {f"co2_{s}_mt" for s in SECTORS}
    if "cumulative_co2_mt" not in inputs.ok.columns or not sectors <= set(columns):
        return
    run_id = representative_run(inputs.ok)
    out.csv(sector_co2(yearly, run_id), "sector_co2.csv")
    if "co2_mix_difference_mt" in columns:
        out.csv(reconciliation(yearly, run_id), "reconciliation.csv")


def _varying_levers(inputs: _Inputs) -> list[str]:
    return _varying(inputs.runs, inputs.lever_columns)


def _prim(out: _Output, inputs: _Inputs, by_year: int) -> None:
    ok = inputs.ok
    numeric = [c for c in ok.columns if pd.api.types.is_numeric_dtype(ok[c])]
    varying_unc = [c for c in _varying(ok, inputs.uncertainty_columns) if c in numeric]
    miss = ~(peak_years(ok) <= by_year)
    if not varying_unc or not miss.any() or miss.all():
        return
    dims = varying_unc
    if "point_id" in ok.columns and ok["point_id"].nunique() > 1:
        dims = varying_unc + [c for c in _varying_levers(inputs) if c in numeric]
    result = prim_boxes(ok[dims].reset_index(drop=True), miss)
    box = result.box.assign(coverage=result.coverage, density=result.density, n=result.n)
    out.csv(box, "prim_box.csv")
    out.csv(result.trajectory, "prim_trajectory.csv")


def _wedges(out: _Output, inputs: _Inputs, baseline_point_id: Any) -> None:
    runs, ok = inputs.runs, inputs.ok
    out.csv(lever_wedges(runs, None, baseline_point_id, _varying_levers(inputs)), "wedges.csv")
    if inputs.yearly_source is not None:
        yearly = load_yearly(
            inputs.yearly_source, ["run_id", "year", "co2_mt"], ok["run_id"].tolist()
        )
        out.csv(wedges_by_year(yearly, runs, baseline_point_id), "wedges_by_year.csv")


def _publish(staging: Path, target: Path) -> None:
    """Put the complete staging directory in place of `target` (the analyses of before)."""
    old = None
    if target.exists():
        old = target.with_name(f"{staging.name}.old")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_analyses(
    store_dir: Path,
    problem: Mapping[str, Any] | None = None,
    method: str | None = None,
    baseline_point_id: Any = None,
    *,
    by_year: int = PLAN_PEAK_YEAR,
    lever_columns: Sequence[str] | None = None,
    uncertainty_columns: Sequence[str] | None = None,
    calc_second_order: bool | None = None,
    num_levels: int = 4,
) -> list[Path]:
    """Compute every applicable analysis of a result store and write it under ``analysis/``.

    Reads ``runs.parquet`` and the yearly Parquet data (``yearly/`` directory or
    ``yearly.parquet``) and writes:

    - always: ``peak_probability.csv``, ``peak_states.csv``, ``peak_year_distribution.csv``,
      ``summary.json`` (the dict of ``peak_probability`` with ``stochastic_share``: the ANOVA
      share of variance that is stochastic per outcome, or None without replicates) and, with
      yearly data, ``emission_bands.csv``;
    - with ``problem`` and ``method`` ("sobol" or "morris"): ``<method>_<outcome>.csv`` for
      peak_year (not peaked -> horizon + 1), peak_emissions_mt and cumulative_co2_mt; the
      outcomes are averaged over replications per sample_id; for Morris the sample matrix is
      taken from the runs table's columns ``problem["names"]``. Skipped with a warning when some
      sample has no successful run (an incomplete design cannot be analysed);
    - ``scorecard.csv`` (P(each plan target met)) and, with yearly data, ``kpi_bands.csv``,
      ``sector_co2.csv`` and ``reconciliation.csv`` of the representative run (median
      cumulative CO2);
    - ``variance_decomposition.csv`` (``variance_decomposition`` of ``VARIANCE_OUTCOMES``)
      when there is more than one replicate per sample;
    - ``prim_box.csv`` and ``prim_trajectory.csv`` (miss = not peaked by ``by_year``) when
      uncertainty columns vary and both missing and meeting runs exist; when several lever
      points exist, the varying levers are searched over too;
    - ``wedges.csv`` and, with yearly data, ``wedges_by_year.csv`` when ``baseline_point_id``
      is given;
    - ``policy_map.csv`` (tidy, from ``policy_map_long``) when exactly two levers vary.

    The files are written into a staging directory that replaces ``analysis/`` only once all
    are written, so a failure (a bug, a full disk) leaves the analyses of before, or none, and
    no partial files.

    Args:
        store_dir: The experiment's result directory.
        problem: SALib problem of a sensitivity experiment.
        method: "sobol" or "morris" (needs ``problem``), or None.
        baseline_point_id: Reference point for the CRN wedges.
        by_year: The peak-by year of the headline probability, the PRIM miss and the map.
        lever_columns: Lever columns of the runs table; default: the registry's levers
            present in the table.
        uncertainty_columns: Uncertainty columns; default: the registry's uncertainties,
            else ``problem["names"]``.
        calc_second_order: For Sobol; None detects it from the sample layout.
        num_levels: For Morris: the sampler's grid levels (the spec's ``num_levels``).

    Returns:
        The paths written.
    """
    store_dir = Path(store_dir)
    if method not in (None, "sobol", "morris"):
        raise ValueError(f"method={method!r}; use 'sobol', 'morris' or None.")
    if method is not None and problem is None:
        raise ValueError(f"method={method!r} needs the SALib problem (problem=None given).")
    inputs = _read(store_dir, problem, lever_columns, uncertainty_columns)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=store_dir))
    out = _Output(staging)
    try:
        stochastic = _variance(out, inputs)
        _probabilities(out, inputs, by_year, stochastic)
        _report_tables(out, inputs)
        if method is not None and problem is not None:
            _sensitivity(out, inputs.ok, problem, method, inputs.horizon_end,
                         calc_second_order, num_levels)  # fmt: skip
        _prim(out, inputs, by_year)
        if baseline_point_id is not None:
            _wedges(out, inputs, baseline_point_id)
        varying_levers = _varying_levers(inputs)
        if len(varying_levers) == 2 and method not in ("sobol", "morris"):
            out.csv(policy_map_long(inputs.runs, *varying_levers, by_year), "policy_map.csv")
        _publish(staging, store_dir / ANALYSIS_DIR)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [store_dir / ANALYSIS_DIR / name for name in out.names]
