import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.peak import detect_peak

YEARS = np.arange(2020, 2061)


def series(values_by_year: dict[int, float]) -> np.ndarray:
    return np.array([values_by_year(y) for y in YEARS], dtype=float)


def test_rising_series_has_not_peaked():
    peak = detect_peak(YEARS, series(lambda y: 10 + 0.1 * (y - 2020)))
    assert not peak.peaked and peak.peak_year is None
    assert peak.max_year == 2060


def test_falling_series_peaks_in_base_year():
    peak = detect_peak(YEARS, series(lambda y: 10 - 0.1 * (y - 2020)))
    assert peak.peaked and peak.peak_year == 2020


def test_hump_peaks_at_its_top():
    peak = detect_peak(YEARS, series(lambda y: 10 - 0.01 * (y - 2027) ** 2))
    assert peak.peak_year == 2027
    assert peak.max_value == pytest.approx(10)


def test_late_maximum_within_five_years_of_horizon_is_not_peaked():
    peak = detect_peak(YEARS, series(lambda y: 10 - 0.01 * (y - 2056) ** 2))
    assert peak.max_year == 2056
    assert not peak.peaked, "a maximum 4 years before the horizon must not count as a peak"
    assert detect_peak(YEARS, series(lambda y: 10 - 0.01 * (y - 2055) ** 2)).peak_year == 2055


def test_rebound_above_earlier_maximum_is_not_peaked():
    values = series(lambda y: 10 - 0.05 * abs(y - 2028) + (0.2 * (y - 2050) if y > 2050 else 0))
    peak = detect_peak(YEARS, values)
    assert peak.max_year == 2060 and not peak.peaked


def test_rebound_below_earlier_maximum_keeps_the_peak():
    values = series(lambda y: 10 - 0.1 * abs(y - 2028) + (0.05 * (y - 2045) if y > 2045 else 0))
    assert detect_peak(YEARS, values).peak_year == 2028


def test_plateau_reports_years_within_one_percent():
    values = series(lambda y: 10.0 if 2026 <= y <= 2032 else 9.0)
    values[YEARS == 2029] = 10.05
    peak = detect_peak(YEARS, values)
    assert peak.peak_year == 2029
    assert (peak.plateau_start, peak.plateau_end) == (2026, 2032)


def test_ties_resolve_to_the_last_maximum():
    values = series(lambda y: 10.0 if y in (2025, 2030) else 8.0)
    assert detect_peak(YEARS, values).peak_year == 2030


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="equal"):
        detect_peak([2020, 2021], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        detect_peak([2020, 2021], [1.0, np.nan])


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=6, max_size=60))
def test_peak_properties(values):
    years = np.arange(2020, 2020 + len(values))
    peak = detect_peak(years, values)
    later = np.asarray(values)[years > peak.max_year]
    assert (later < peak.max_value).all(), "every later year must stay below the maximum"
    assert peak.peaked == (peak.max_year <= years[-1] - 5)
    assert peak.plateau_start <= peak.max_year <= peak.plateau_end
