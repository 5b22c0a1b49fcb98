"""Shared fixtures: small finished models reused across tests (built once per session)."""

from __future__ import annotations

import pytest

from simulation import CityModel

SMALL = 0.02


@pytest.fixture(scope="session")
def plan_model() -> CityModel:
    """The plan scenario at 2% scale, run to 2060 with seed 1."""
    model = CityModel(scenario="plan", scale=SMALL, rng=1)
    model.run_model()
    return model


@pytest.fixture(scope="session")
def base_model() -> CityModel:
    """A full-scale 2020 world (not stepped) for calibration checks."""
    return CityModel(scenario="bau", scale=1.0, rng=2)
