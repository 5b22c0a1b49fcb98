"""The designs of ``carbonpeak montecarlo`` and ``carbonpeak sensitivity``: every uncertainty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from experiments.design.builder import build_design
from experiments.design.checks import integer
from experiments.design.spec import MORRIS_LEVELS
from experiments.design.types import Design
from parameters import REGISTRY, ParameterError


def _stem(scenario: str) -> str:
    return Path(scenario).stem if scenario.endswith(".toml") else scenario


def _registry_uncertainties() -> dict[str, dict]:
    return {name: {} for name, p in REGISTRY.items() if p.kind == "uncertainty"}


def montecarlo_design(
    scenario: str = "plan",
    runs: int = 100,
    seed: int = 0,
    scale: float = 1.0,
    end_year: int = 2060,
    uncertainties: str = "registry",
    *,
    replicates: int = 1,
    max_runs: int | None = None,
) -> Design:
    """Design for ``carbonpeak montecarlo``.

    Args:
        scenario: Built-in name or path.
        runs: Number of uncertainty samples (each is run ``replicates`` times).
        seed: Root seed.
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        uncertainties: ``"registry"``: a Latin hypercube of ``runs`` points over every
            registry parameter of kind ``uncertainty``, each with its registry range and
            distribution (centred on the scenario's value). ``"none"``: the scenario's values
            only, ``runs`` x ``replicates`` runs whose seeds differ.
        replicates: Model runs (seeds) per uncertainty sample, K; the design has ``runs x K``
            runs. With K > 1 the analyses split each outcome's variance into its stochastic
            (within-sample) and parametric (between-sample) parts. Seeds depend on (sample,
            replicate) only, as in every design (common random numbers).
        max_runs: Most runs allowed (see `experiments.design.limits`).

    Returns:
        The design (method ``lhs``).
    """
    if uncertainties not in ("registry", "none"):
        raise ParameterError(
            f"uncertainties = {uncertainties!r} is not allowed; expected 'registry' or 'none'"
        )
    runs = integer(runs, "runs", 1)
    replicates = integer(replicates, "replicates", 1)
    registry_mode = uncertainties == "registry"
    spec = {
        "name": f"montecarlo-{_stem(str(scenario))}",
        "scenario": scenario,
        "scale": scale,
        "end_year": end_year,
        "seed": seed,
        "replications": replicates if registry_mode else runs * replicates,
        "uncertainties": _registry_uncertainties() if registry_mode else {},
        "sampler": {"method": "lhs", "samples": runs if registry_mode else 1},
    }
    return build_design(spec, max_runs=max_runs)


def sensitivity_design(
    scenario: str = "plan",
    method: str = "sobol",
    samples: int = 64,
    seed: int = 0,
    scale: float = 1.0,
    end_year: int = 2060,
    *,
    calc_second_order: bool = False,
    num_levels: int = MORRIS_LEVELS,
    max_runs: int | None = None,
) -> Design:
    """Design for ``carbonpeak sensitivity`` over every registry uncertainty.

    Args:
        scenario: Built-in name or path.
        method: ``"sobol"`` (``samples`` = base N, a power of two) or ``"morris"``
            (``samples`` = trajectories).
        samples: See ``method``.
        seed: Root seed.
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        calc_second_order: Sobol only: sample for second-order indices too.
        num_levels: Morris only: grid levels (even).
        max_runs: Most runs allowed (see `experiments.design.limits`).

    Returns:
        The design, with ``problem`` set for SALib's analysis.
    """
    if method not in ("sobol", "morris"):
        raise ParameterError(f"method = {method!r} is not allowed; expected 'sobol' or 'morris'")
    sampler: dict[str, Any] = {"method": method, "samples": samples}
    if method == "sobol":
        sampler["calc_second_order"] = calc_second_order
    else:
        sampler["num_levels"] = num_levels
    spec = {
        "name": f"sensitivity-{method}-{_stem(str(scenario))}",
        "scenario": scenario,
        "scale": scale,
        "end_year": end_year,
        "seed": seed,
        "replications": 1,
        "uncertainties": _registry_uncertainties(),
        "sampler": sampler,
    }
    return build_design(spec, max_runs=max_runs)
