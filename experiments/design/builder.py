"""`build_design`: a parsed spec turned into its runs (lever points x samples x replications).

Runs: ``run_id`` counts from 0 with the lever point slowest and the replication fastest:
``run_id = (point_id * n_samples + sample_id) * replications + replication``. A run's seed is
child ``(sample_id, replication)`` of the runs' seed stream, so every lever point sees the same
uncertainty draws and the same model seeds (common random numbers).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from experiments.design import samplers
from experiments.design.distributions import apply_distributions
from experiments.design.factors import SCENARIO_VALUE
from experiments.design.limits import check_size
from experiments.design.matrix import factor_names, n_samples, run_seeds, unit_matrix
from experiments.design.spec import ParsedSpec, load_spec, parse_spec
from experiments.design.types import Design, RunSpec


def _python(value: float, is_int: bool) -> float | int:
    return int(value) if is_int else float(value)


def _samples(parsed: ParsedSpec) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(uncertainties, sampled levers) of every sample, in the sampler's row order."""
    names = factor_names(parsed.spec)
    n_unc = len(parsed.spec["uncertainties"])
    values = apply_distributions(unit_matrix(parsed.spec), parsed.distributions, parsed.integer)
    samples = []
    for row in values:
        cells = [_python(v, is_int) for v, is_int in zip(row, parsed.integer, strict=True)]
        samples.append(
            (dict(zip(names[:n_unc], cells[:n_unc], strict=True)),
             dict(zip(names[n_unc:], cells[n_unc:], strict=True)))
        )  # fmt: skip
    return samples


def _points(parsed: ParsedSpec) -> list[dict[str, Any]]:
    """Lever points (a single empty point when levers are sampled or none are listed)."""
    return [
        {n: v for n, v in zip(parsed.grid_names, combo, strict=True) if v != SCENARIO_VALUE}
        for combo in samplers.cartesian(parsed.grid_values)
    ]


def _warn_late_schedules(parsed: ParsedSpec) -> None:
    end_year = parsed.spec["end_year"]
    for name, values in zip(parsed.grid_names, parsed.grid_values, strict=True):
        late = sorted({y for v in values if isinstance(v, Mapping) for y in v if y > end_year})
        if late:
            warnings.warn(
                f"levers.{name}: schedule year(s) {', '.join(map(str, late))} lie after "
                f"end_year = {end_year} and have no effect",
                UserWarning,
                stacklevel=4,
            )


def _problem(parsed: ParsedSpec) -> dict[str, Any] | None:
    if parsed.spec["sampler"]["method"] not in ("sobol", "morris"):
        return None
    names = factor_names(parsed.spec)
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(lo), float(hi)] for lo, hi in (d.support for d in parsed.distributions)],
    }


def n_runs(parsed: ParsedSpec) -> int:
    """The number of runs the parsed spec gives, computed without building them."""
    n_points = math.prod(len(v) for v in parsed.grid_values)
    return n_points * n_samples(parsed.spec) * parsed.spec["replications"]


def build_design(
    spec: Mapping[str, Any],
    *,
    spec_dir: str | Path | None = None,
    default_name: str = "sweep",
    max_runs: int | None = None,
) -> Design:
    """Validate a parsed sweep spec and build its design.

    Args:
        spec: The spec as read from TOML (see `experiments.design`), or a design's ``spec``.
        spec_dir: Directory that a relative scenario path is relative to.
        default_name: Name used when the spec has none.
        max_runs: Most runs allowed; default the spec's ``max_runs``, else
            `experiments.design.limits.DEFAULT_MAX_RUNS`.

    Returns:
        The design.

    Raises:
        ParameterError: On the first problem, naming the spec key, the value and what is
            allowed; or the design would have more than ``max_runs`` runs (checked before
            anything is built).
    """
    parsed = parse_spec(spec, spec_dir=spec_dir, default_name=default_name)
    normalised = parsed.spec
    check_size(n_runs(parsed), normalised["scale"], max_runs or normalised.get("max_runs"))
    _warn_late_schedules(parsed)
    samples = _samples(parsed)
    replications = normalised["replications"]
    seeds = run_seeds(normalised["seed"], len(samples), replications)
    runs: list[RunSpec] = []
    for point_id, point in enumerate(_points(parsed)):
        for sample_id, (unc, lev) in enumerate(samples):
            for rep in range(replications):
                runs.append(
                    RunSpec(
                        run_id=len(runs),
                        point_id=point_id,
                        sample_id=sample_id,
                        replication=rep,
                        levers=point | lev,
                        uncertainties=dict(unc),
                        seed=seeds[sample_id][rep],
                    )
                )
    return Design(
        name=normalised["name"],
        base_scenario=normalised["scenario"],
        scale=normalised["scale"],
        end_year=normalised["end_year"],
        method=normalised["sampler"]["method"],
        runs=runs,
        problem=_problem(parsed),
        spec=normalised,
    )


def load_design(path: str | Path, *, max_runs: int | None = None) -> Design:
    """Read, validate and build the design of a sweep spec file (``carbonpeak sweep``).

    The name defaults to the file name without ``.toml``; a relative scenario path is relative
    to the spec file's directory.
    """
    path = Path(path)
    return build_design(
        load_spec(path), spec_dir=path.parent, default_name=path.stem, max_runs=max_runs
    )
