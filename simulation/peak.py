"""Peak detection on a yearly emissions series, exactly as DESIGN section 3 defines it.

The peak year is the year of maximum annual gross CO2 over the horizon. A run has *peaked*
only if every later year stays below that maximum and the maximum lies at least
``min_years_before_end`` years before the horizon's last year; otherwise it has *not peaked*
(and counts as such in every probability). The plateau variant reports the first and last
years within ``plateau_tolerance`` (1%) of the maximum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Peak:
    """Result of peak detection.

    Attributes:
        peaked: Whether the series has peaked by the definition above.
        peak_year: The peak year if peaked, else ``None``.
        max_year: Year of the (last) maximum, peaked or not.
        max_value: The maximum value.
        plateau_start: First year within the tolerance of the maximum.
        plateau_end: Last year within the tolerance of the maximum.
    """

    peaked: bool
    peak_year: int | None
    max_year: int
    max_value: float
    plateau_start: int
    plateau_end: int


def detect_peak(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    min_years_before_end: int = 5,
    plateau_tolerance: float = 0.01,
) -> Peak:
    """Find the peak of a yearly series.

    Ties for the maximum resolve to the last such year, since only then do all later years
    stay below it.

    Args:
        years: Consecutive calendar years.
        values: Emissions in each year.
        min_years_before_end: How many years before the last year the maximum must lie.
        plateau_tolerance: Relative distance from the maximum that counts as plateau.

    Raises:
        ValueError: If the series are empty, of unequal length or contain NaN.
    """
    y = np.asarray(years, dtype=int)
    v = np.asarray(values, dtype=float)
    if y.size == 0 or y.size != v.size:
        raise ValueError(f"need equal, non-empty years and values (got {y.size} and {v.size})")
    if np.isnan(v).any():
        raise ValueError("emissions series contains NaN")
    max_value = float(v.max())
    last_max = int(np.flatnonzero(v == max_value)[-1])
    max_year = int(y[last_max])
    peaked = max_year <= int(y[-1]) - min_years_before_end
    near = np.flatnonzero(v >= max_value * (1 - plateau_tolerance))
    return Peak(
        peaked=peaked,
        peak_year=max_year if peaked else None,
        max_year=max_year,
        max_value=max_value,
        plateau_start=int(y[near[0]]),
        plateau_end=int(y[near[-1]]),
    )
