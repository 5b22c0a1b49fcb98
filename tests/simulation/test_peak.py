"""Peak detection (DESIGN section 3) on constructed series."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulation.peak import DECLINE_SHARE, TOLERANCE, detect_peak

YEARS = np.arange(2020, 2061)


def series(f) -> np.ndarray:
    return np.array([f(y) for y in YEARS], dtype=float)


def test_rising_series_has_not_peaked():
    peak = detect_peak(YEARS, series(lambda y: 10 + 0.1 * (y - 2020)))
    assert peak.state == "not_peaked" and peak.peak_year is None
    assert peak.max_year == 2060


def test_peak_then_decline_is_peaked_in_its_first_year_within_tolerance():
    peak = detect_peak(YEARS, series(lambda y: 10 - 0.01 * (y - 2027) ** 2))
    assert peak.state == "peaked"
    # 2026 and 2028 are 0.1% below the top: the peak period is 2026-2028 (1% tolerance)
    assert (peak.plateau_start, peak.peak_year, peak.plateau_end) == (2024, 2024, 2030)
    assert peak.max_year == 2027 and peak.max_value == pytest.approx(10)
    assert peak.decline_year == 2037, "first year 10% below the peak level (0.01 d^2 >= 1)"
    assert peak.peaked_by(2030) and not peak.peaked_by(2023)


def test_falling_series_peaks_in_the_base_year():
    peak = detect_peak(YEARS, series(lambda y: 10 - 0.1 * (y - 2020)))
    assert peak.state == "peaked" and peak.peak_year == 2020


def test_noisy_flat_series_is_a_plateau_whatever_the_noise():
    rng = np.random.default_rng(7)
    for _ in range(50):
        values = 12 * (1 + 0.004 * rng.standard_normal(YEARS.size))
        peak = detect_peak(YEARS, values)
        assert peak.state in ("plateau", "not_peaked")
        assert peak.state == "plateau" or peak.plateau_start > 2055
        assert not peak.peaked, "noise on a flat path is not a peak"


def test_flat_series_is_a_plateau_from_its_first_year():
    peak = detect_peak(YEARS, np.full(YEARS.size, 12.0))
    assert peak.state == "plateau" and peak.peak_year == 2020
    assert peak.plateau_or_peaked_by(2030) and not peak.peaked_by(2030)


def test_plateau_then_rise_has_not_peaked():
    values = series(lambda y: 10.0 if y <= 2040 else 10 + 0.1 * (y - 2040))
    peak = detect_peak(YEARS, values)
    assert peak.state == "not_peaked" and peak.max_year == 2060


def test_plateau_without_a_decline_of_ten_percent_is_a_plateau():
    values = series(lambda y: min(10.0, 9 + 0.5 * (y - 2020)) - 0.02 * max(0, y - 2030))
    peak = detect_peak(YEARS, values)
    assert values[-1] > 10 * (1 - DECLINE_SHARE), "constructed to fall less than 10%"
    assert peak.state == "plateau" and peak.peak_year == 2022
    assert peak.decline_year is None


def test_late_maximum_is_not_peaked():
    peak = detect_peak(YEARS, series(lambda y: 10 - 0.05 * (y - 2057) ** 2))
    assert peak.state == "not_peaked"
    early = detect_peak(YEARS, series(lambda y: 10 - 0.2 * (y - 2050) ** 2))
    assert early.state == "peaked" and early.peak_year == 2050


def test_rebound_above_the_earlier_maximum_is_not_peaked():
    values = series(lambda y: 10 - 0.05 * abs(y - 2028) + (0.2 * (y - 2050) if y > 2050 else 0))
    assert detect_peak(YEARS, values).state == "not_peaked"


def test_rebound_that_stays_out_of_the_peak_period_keeps_the_peak():
    values = series(lambda y: 10 - 0.2 * abs(y - 2028) + (0.1 * (y - 2045) if y > 2045 else 0))
    peak = detect_peak(YEARS, values)
    assert values[-1] < 10 * (1 - TOLERANCE), "constructed to stay out of the peak period"
    assert peak.state == "peaked" and peak.peak_year == 2028


def test_negative_values_use_the_magnitude_of_the_maximum():
    values = series(lambda y: -1.0 - 0.1 * abs(y - 2030))
    peak = detect_peak(YEARS, values)
    assert peak.state == "peaked" and peak.peak_year == 2030
    assert peak.max_value == pytest.approx(-1.0)


def test_ties_within_float_noise_do_not_change_the_answer():
    base = series(lambda y: 10.0 if y in (2025, 2030) else 8.0)
    tied = base.copy()
    tied[YEARS == 2025] += 1e-12
    a, b = detect_peak(YEARS, base), detect_peak(YEARS, tied)
    fields = ("state", "peak_year", "max_year", "plateau_start", "plateau_end", "decline_year")
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    assert a.max_year == 2030 and a.peak_year == 2025


@pytest.mark.parametrize(
    ("years", "values", "message"),
    [
        ([2020, 2021], [1.0], "equal"),
        ([], [], "non-empty"),
        ([2021, 2020, 2022], [1.0, 2.0, 3.0], "strictly increasing"),
        ([2020, 2020], [1.0, 2.0], "strictly increasing"),
        ([2020, 2021], [1.0, np.nan], "NaN"),
        ([2020, 2021], [1.0, np.inf], "infinity"),
        ([2020.5, 2021.5], [1.0, 2.0], "whole numbers"),
    ],
)
def test_bad_input_is_rejected(years, values, message):
    with pytest.raises(ValueError, match=message):
        detect_peak(years, values)


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=6, max_size=60))
def test_peak_properties(values):
    years = np.arange(2020, 2020 + len(values))
    v = np.asarray(values)
    peak = detect_peak(years, v)
    top, magnitude = v.max(), max(abs(v.max()), np.finfo(float).tiny)
    assert peak.max_value == top
    assert peak.plateau_start <= peak.max_year <= peak.plateau_end
    in_period = v >= top - TOLERANCE * magnitude - 1e-9 * magnitude
    assert in_period[years == peak.plateau_start] and in_period[years == peak.plateau_end]
    assert not in_period[years > peak.plateau_end].any()
    assert (peak.peak_year is None) == (peak.state == "not_peaked")
    if peak.state == "peaked":
        after = v[years > peak.plateau_end]
        assert after.min() <= top - DECLINE_SHARE * magnitude + 1e-9 * magnitude
