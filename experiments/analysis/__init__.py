"""Analyses of an ensemble of model runs: peak probabilities, bands, wedges, sensitivity, PRIM.

Every function is a pure function of the tidy tables the experiment engine writes (see
`experiments.analysis.common` for the tables and the conventions every analysis follows);
``write_analyses`` reads a result store and writes all applicable analyses as CSV/JSON files.

Modules: `common`, `probabilities`, `bands`, `wedges`, `sensitivity`, `prim`, `policy_map`,
`variance` (stochastic vs parametric variance), `writer`.
"""

from experiments.analysis.bands import emission_bands, emission_bands_from_parquet, load_yearly
from experiments.analysis.common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_HORIZON_END,
    SENSITIVITY_OUTCOMES,
    ok_runs,
)
from experiments.analysis.policy_map import policy_map, policy_map_long
from experiments.analysis.prim import PrimResult, prim_boxes
from experiments.analysis.probabilities import (
    median_peak_year,
    peak_probability,
    peak_probability_by_year,
    peak_state_table,
    peak_year_distribution,
    wilson_interval,
)
from experiments.analysis.sensitivity import (
    morris_indices,
    outcome_by_sample,
    peak_year_outcome,
    sample_matrix,
    sobol_indices,
)
from experiments.analysis.variance import VARIANCE_OUTCOMES, variance_decomposition
from experiments.analysis.wedges import lever_wedges, sector_wedges, wedges_by_year
from experiments.analysis.writer import write_analyses

__all__ = [
    "DEFAULT_BASE_YEAR",
    "DEFAULT_HORIZON_END",
    "SENSITIVITY_OUTCOMES",
    "VARIANCE_OUTCOMES",
    "PrimResult",
    "emission_bands",
    "emission_bands_from_parquet",
    "lever_wedges",
    "load_yearly",
    "median_peak_year",
    "morris_indices",
    "ok_runs",
    "outcome_by_sample",
    "peak_probability",
    "peak_probability_by_year",
    "peak_state_table",
    "peak_year_distribution",
    "peak_year_outcome",
    "policy_map",
    "policy_map_long",
    "prim_boxes",
    "sample_matrix",
    "sector_wedges",
    "sobol_indices",
    "variance_decomposition",
    "wedges_by_year",
    "wilson_interval",
    "write_analyses",
]
