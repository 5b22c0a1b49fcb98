"""The design's data types: `RunSpec` (one run) and `Design` (every run, in run_id order)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from experiments.design.matrix import factor_names, unit_matrix
from parameters import ParameterError

FORMAT_VERSION = 1
"""Version of the normalised spec and of ``Design.to_json``."""


@dataclass(frozen=True)
class RunSpec:
    """One model run of a design.

    Attributes:
        run_id: Position in the design, 0..n-1.
        point_id: Index of the lever point (grid cell).
        sample_id: Index of the uncertainty sample (row of the sampler's matrix).
        replication: Index of the replication within (point, sample).
        levers: Lever overrides of this point (constants or ``{year: value}`` schedules).
        uncertainties: Uncertainty overrides of this sample.
        seed: Model seed; depends on (sample_id, replication) only.
    """

    run_id: int
    point_id: int
    sample_id: int
    replication: int
    levers: dict
    uncertainties: dict
    seed: int

    @property
    def params(self) -> dict:
        """All overrides for ``run_point``: levers | uncertainties."""
        return self.levers | self.uncertainties

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (schedule years become strings)."""
        return {
            "run_id": self.run_id,
            "point_id": self.point_id,
            "sample_id": self.sample_id,
            "replication": self.replication,
            "levers": {k: schedule_to_json(v) for k, v in self.levers.items()},
            "uncertainties": dict(self.uncertainties),
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSpec:
        """Inverse of :meth:`to_dict`."""
        return cls(
            run_id=int(data["run_id"]),
            point_id=int(data["point_id"]),
            sample_id=int(data["sample_id"]),
            replication=int(data["replication"]),
            levers={k: schedule_from_json(v) for k, v in data["levers"].items()},
            uncertainties=dict(data["uncertainties"]),
            seed=int(data["seed"]),
        )


@dataclass(frozen=True)
class Design:
    """A validated experiment: every run to make, in ``run_id`` order.

    Attributes:
        name: Experiment name.
        base_scenario: Scenario the overrides apply to (built-in name or absolute path).
        scale: Fraction of real agents simulated.
        end_year: Last simulated year.
        method: Sampler of the uncertainties: grid, lhs, sobol or morris.
        runs: The runs, ``runs[i].run_id == i``.
        problem: SALib problem for sobol/morris, else None.
        spec: The normalised spec (every default filled in, JSON-able); building a design from
            it gives this design again.
    """

    name: str
    base_scenario: str
    scale: float
    end_year: int
    method: str
    runs: list[RunSpec]
    problem: dict | None
    spec: dict = field(repr=False)

    @property
    def n_points(self) -> int:
        """Number of lever points."""
        return 1 + max((r.point_id for r in self.runs), default=-1)

    @property
    def n_samples(self) -> int:
        """Number of uncertainty samples."""
        return 1 + max((r.sample_id for r in self.runs), default=-1)

    @property
    def replications(self) -> int:
        """Runs per (lever point, sample)."""
        return int(self.spec["replications"])

    @property
    def factor_names(self) -> list[str]:
        """Sampled factors in column order: uncertainties, then levers if included."""
        return factor_names(self.spec)

    def sample_matrix(self, *, unit: bool = False) -> np.ndarray:
        """The sampler's matrix, one row per ``sample_id``, columns :attr:`factor_names`.

        Args:
            unit: Return the unit-hypercube points instead of the values. Morris analysis
                should use these (rounding of integer factors can hide a step's direction).

        Returns:
            ``(n_samples, n_factors)`` float array in SALib's row order.
        """
        if unit:
            return unit_matrix(self.spec)
        names = self.factor_names
        rows = sorted(
            (r for r in self.runs if r.point_id == 0 and r.replication == 0),
            key=lambda r: r.sample_id,
        )
        return np.array([[float(r.params[n]) for n in names] for r in rows], dtype=float).reshape(
            len(rows), len(names)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict of the whole design."""
        return {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "base_scenario": self.base_scenario,
            "scale": self.scale,
            "end_year": self.end_year,
            "method": self.method,
            "problem": self.problem,
            "spec": self.spec,
            "runs": [r.to_dict() for r in self.runs],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Design:
        """Inverse of :meth:`to_dict`."""
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ParameterError(
                f"design format_version = {version!r} is not supported; expected {FORMAT_VERSION}"
            )
        return cls(
            name=data["name"],
            base_scenario=data["base_scenario"],
            scale=float(data["scale"]),
            end_year=int(data["end_year"]),
            method=data["method"],
            runs=[RunSpec.from_dict(r) for r in data["runs"]],
            problem=data["problem"],
            spec=data["spec"],
        )

    def to_json(self, indent: int | None = None) -> str:
        """Serialise to JSON (for the result store's manifest)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Design:
        """Rebuild a design from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))


def schedule_to_json(value: Any) -> Any:
    """A lever value for JSON: a schedule's years become strings."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return value


def schedule_from_json(value: Any) -> Any:
    """Inverse of `schedule_to_json`: a schedule's years back to integers."""
    if isinstance(value, Mapping):
        return {int(k): v for k, v in value.items()}
    return value
