"""A normalised spec's sample: its factors, unit-hypercube matrix, size and seed streams.

Randomness: ``SeedSequence(seed).spawn(2)`` gives one stream for the sampler and one for the
runs; the run stream spawns one child per sample and that child one per replication, so a run's
seed (a 63-bit integer) is a function of ``(seed, sample_id, replication)`` only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from experiments.design import samplers


def factor_names(spec: Mapping[str, Any]) -> list[str]:
    """Sampled factors in column order: uncertainties, then levers if included."""
    names = list(spec["uncertainties"])
    if spec["sampler"].get("include_levers"):
        names += list(spec["levers"])
    return names


def _factor_entries(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    entries = list(spec["uncertainties"].values())
    if spec["sampler"].get("include_levers"):
        entries += list(spec["levers"].values())
    return entries


def _grid_levels(spec: Mapping[str, Any]) -> list[int]:
    levels = spec["sampler"]["levels"]
    return [len(e["values"]) if "values" in e else levels for e in _factor_entries(spec)]


def n_samples(spec: Mapping[str, Any]) -> int:
    """Rows of the spec's sample matrix, computed without building it."""
    d = len(factor_names(spec))
    sampler = spec["sampler"]
    method = sampler["method"]
    if d == 0:
        return 1
    if method == "grid":
        return math.prod(_grid_levels(spec))
    if method == "lhs":
        return sampler["samples"]
    if method == "sobol":
        return sampler["samples"] * ((2 * d + 2) if sampler["calc_second_order"] else (d + 2))
    return sampler["samples"] * (d + 1)


def streams(seed: int) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """The sampler's and the runs' seed sequences of a root seed."""
    sampler_ss, runs_ss = np.random.SeedSequence(seed).spawn(2)
    return sampler_ss, runs_ss


def unit_matrix(spec: Mapping[str, Any]) -> np.ndarray:
    """The sampler's unit-hypercube matrix for a normalised spec (deterministic)."""
    names = factor_names(spec)
    d = len(names)
    sampler = spec["sampler"]
    method = sampler["method"]
    if d == 0:
        return np.empty((1, 0))
    rng = np.random.default_rng(streams(spec["seed"])[0])
    if method == "grid":
        return samplers.grid(_grid_levels(spec))
    if method == "lhs":
        return samplers.lhs(d, sampler["samples"], rng)
    if method == "sobol":
        return samplers.sobol(
            d, sampler["samples"], rng, calc_second_order=sampler["calc_second_order"], names=names
        )
    return samplers.morris(
        d, sampler["samples"], rng, num_levels=sampler["num_levels"], names=names
    )


def run_seeds(seed: int, n_samples: int, replications: int) -> list[list[int]]:
    """Seeds of every (sample_id, replication): 63-bit integers that fit int64 columns."""
    runs_ss = streams(seed)[1]
    return [
        [
            int(r.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
            for r in s.spawn(replications)
        ]
        for s in runs_ss.spawn(n_samples)
    ]
