"""Peak detection on a yearly emissions series, as DESIGN section 3 defines 碳达峰.

The official notion: annual CO2 reaches its maximum, passes a plateau, then declines for good.

- The *peak level* is the maximum; the *peak period* is the years within ``tolerance`` of it
  (1%, the literature's practice); the *peak year* is the first year of the peak period (no
  later year exceeds it by more than the tolerance).
- ``peaked``: a sustained decline follows before the horizon: after the peak period's last year
  emissions fall at least ``decline_share`` below the peak level and never return into it.
- ``plateau``: a peak period, but no such decline by the horizon.
- ``not_peaked``: still rising: the peak period begins only in the last ``min_years_before_end``
  years of the horizon (the maximum is late, or later years climb to it).

The thresholds are registry constants (``peak_tolerance_share``, ``peak_decline_share``,
``peak_min_years_before_end``) with their sources; the defaults below are read from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from parameters import REGISTRY

PeakState = Literal["peaked", "plateau", "not_peaked"]
PEAK_STATES: tuple[PeakState, ...] = ("peaked", "plateau", "not_peaked")
TOLERANCE = float(REGISTRY["peak_tolerance_share"].default)
DECLINE_SHARE = float(REGISTRY["peak_decline_share"].default)
MIN_YEARS_BEFORE_END = int(REGISTRY["peak_min_years_before_end"].default)
#: Relative differences below this are float noise (ties), not emissions.
FLOAT_NOISE = 1e-9


@dataclass(frozen=True, slots=True)
class Peak:
    """Result of peak detection.

    Attributes:
        state: ``peaked``, ``plateau`` or ``not_peaked``.
        peak_year: First year of the peak period (None when ``not_peaked``).
        max_year: Last year within float noise of the maximum.
        max_value: The peak level (the maximum).
        plateau_start: First year of the peak period.
        plateau_end: Last year of the peak period.
        decline_year: First year at least ``decline_share`` below the peak level after the
            peak period (None unless ``peaked``).
    """

    state: PeakState
    peak_year: int | None
    max_year: int
    max_value: float
    plateau_start: int
    plateau_end: int
    decline_year: int | None

    @property
    def peaked(self) -> bool:
        """Whether the series has peaked (a peak, then sustained decline)."""
        return self.state == "peaked"

    def peaked_by(self, year: int) -> bool:
        """Whether the series has peaked with a peak year no later than ``year``."""
        return self.state == "peaked" and self.peak_year is not None and self.peak_year <= year

    def plateau_or_peaked_by(self, year: int) -> bool:
        """Whether the series has peaked or entered its plateau no later than ``year``."""
        return self.state != "not_peaked" and self.peak_year is not None and self.peak_year <= year


def _checked(years: Sequence[int] | np.ndarray, values: Sequence[float] | np.ndarray):
    y = np.asarray(years)
    v = np.asarray(values, dtype=float)
    if y.ndim != 1 or y.size == 0 or y.size != v.size:
        raise ValueError(f"need equal, non-empty years and values (got {y.size} and {v.size})")
    if not np.issubdtype(y.dtype, np.integer):
        if not np.all(np.isfinite(y.astype(float))) or np.any(y != np.round(y)):
            raise ValueError("years must be whole numbers")
        y = y.astype(int)
    if np.any(np.diff(y) <= 0):
        raise ValueError("years must be strictly increasing (sort the series first)")
    if not np.all(np.isfinite(v)):
        raise ValueError("emissions series contains NaN or infinity")
    return y, v


def detect_peak(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    tolerance: float = TOLERANCE,
    decline_share: float = DECLINE_SHARE,
    min_years_before_end: int = MIN_YEARS_BEFORE_END,
) -> Peak:
    """Classify a yearly emissions series and find its peak.

    Args:
        years: Strictly increasing calendar years.
        values: Emissions in each year (any sign; the tolerance is relative to ``|maximum|``).
        tolerance: Share of the peak level within which years form the peak period.
        decline_share: Fall below the peak level that makes the decline sustained.
        min_years_before_end: A peak period beginning this close to the last year means the
            series is still rising.

    Raises:
        ValueError: If the series are empty or of unequal length, the years are not strictly
            increasing whole numbers, or a value is NaN or infinite.
    """
    y, v = _checked(years, values)
    peak_level = float(v.max())
    magnitude = max(abs(peak_level), np.finfo(float).tiny)
    noise = FLOAT_NOISE * magnitude
    in_period = np.flatnonzero(v >= peak_level - tolerance * magnitude - noise)
    first, last = int(in_period[0]), int(in_period[-1])
    max_year = int(y[np.flatnonzero(v >= peak_level - noise)[-1]])
    state: PeakState
    decline_year = None
    if y[first] > y[-1] - min_years_before_end:
        state = "not_peaked"
    else:
        below = np.flatnonzero(v[last + 1 :] <= peak_level - decline_share * magnitude + noise)
        state = "peaked" if below.size else "plateau"
        if below.size:
            decline_year = int(y[last + 1 + below[0]])
    return Peak(
        state=state,
        peak_year=None if state == "not_peaked" else int(y[first]),
        max_year=max_year,
        max_value=peak_level,
        plateau_start=int(y[first]),
        plateau_end=int(y[last]),
        decline_year=decline_year,
    )
