"""Unit definitions are the definitions."""

import pytest

from parameters import units


def test_unit_definitions():
    assert units.GJ_PER_TCE == pytest.approx(7000 * 4.1868 / 1000)
    assert units.KWH_PER_GJ * units.GJ_PER_MWH == pytest.approx(1000)
    assert units.TCE_PER_MWH_CALORIFIC == pytest.approx(0.1229, abs=1e-4)
    assert units.CO2_PER_C == pytest.approx(3.6667, abs=1e-4)
    assert units.MU_PER_HA == 15
