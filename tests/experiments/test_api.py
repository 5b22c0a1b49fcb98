"""The public API of `experiments` that visualization and the command line code against."""

from __future__ import annotations

import inspect

import experiments
from experiments import analysis

PROMISED = [
    "simulate", "run_point", "RunOutput", "flat_summary", "build_design", "load_design",
    "load_spec", "montecarlo_design", "sensitivity_design", "Design", "RunSpec",
    "run_experiment", "ExperimentResult", "ExperimentError", "ExperimentStore", "read_runs",
    "read_yearly", "make_executor", "write_analyses", "variance_decomposition",
]  # fmt: skip


def test_every_promised_name_and_every_analysis_is_exported():
    missing = [n for n in [*PROMISED, *analysis.__all__] if not hasattr(experiments, n)]
    assert not missing, f"experiments does not export {missing}"
    assert set(PROMISED) | set(analysis.__all__) <= set(experiments.__all__)


def test_signatures_others_rely_on():
    params = inspect.signature(experiments.run_point).parameters
    assert list(params) == ["params", "seed", "scale", "end_year", "scenario"]
    run = inspect.signature(experiments.run_experiment).parameters
    for name in ("executor", "workers", "scheduler", "resume", "task", "on_progress", "cancel"):
        assert run[name].kind is inspect.Parameter.KEYWORD_ONLY, name
    mc = inspect.signature(experiments.montecarlo_design).parameters
    assert list(mc)[:6] == ["scenario", "runs", "seed", "scale", "end_year", "uncertainties"]
    assert mc["replicates"].default == 1
