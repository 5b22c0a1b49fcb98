"""PRIM scenario discovery: the box of input space where misses (no peak by 2030) concentrate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class PrimResult:
    """Outcome of a PRIM peeling search.

    Attributes:
        box: The chosen box: restricted dimensions only, columns ``parameter, low, high``
            (closed bounds; an unrestricted side is -inf/inf).
        coverage: Share of all "miss" points that lie in the chosen box.
        density: Share of the points in the chosen box that are misses.
        n: Number of points in the chosen box.
        step: Index of the chosen box on the trajectory.
        threshold_met: False only when a threshold was given and no box reached it.
        trajectory: One row per box: ``step, n, support, coverage, density, parameter, side,
            bound`` (the last three describe the peel that produced the box).
        lows: Lower bounds of every box on the trajectory, shape (steps, dims).
        highs: Upper bounds likewise.
        parameters: Dimension names in column order.
    """

    box: pd.DataFrame
    coverage: float
    density: float
    n: int
    step: int
    threshold_met: bool
    trajectory: pd.DataFrame
    lows: np.ndarray
    highs: np.ndarray
    parameters: tuple[str, ...]

    def box_at(self, step: int) -> pd.DataFrame:
        """Restricted dimensions of the box at ``step`` of the trajectory."""
        return _box_table(self.parameters, self.lows[step], self.highs[step])


def _box_table(names: Sequence[str], low: np.ndarray, high: np.ndarray) -> pd.DataFrame:
    restricted = np.isfinite(low) | np.isfinite(high)
    return pd.DataFrame(
        {
            "parameter": [n for n, r in zip(names, restricted, strict=True) if r],
            "low": low[restricted],
            "high": high[restricted],
        }
    )


def _prim_matrix(x: pd.DataFrame) -> np.ndarray:
    bad = [
        c
        for c in x.columns
        if not pd.api.types.is_numeric_dtype(x[c]) or pd.api.types.is_complex_dtype(x[c])
    ]
    if bad:
        raise ValueError(f"prim_boxes takes numeric columns only; not numeric: {bad}.")
    matrix = x.to_numpy(dtype=float)
    if not np.isfinite(matrix).all():
        cols = list(x.columns[~np.isfinite(matrix).all(axis=0)])
        raise ValueError(f"prim_boxes needs finite inputs; columns with NaN/inf: {cols}.")
    return matrix


def prim_boxes(
    x: pd.DataFrame,
    miss: np.ndarray,
    peel_alpha: float = 0.05,
    min_support: float = 0.05,
    threshold: float | None = None,
) -> PrimResult:
    """PRIM box search for the region of input space where ``miss`` is concentrated.

    Peeling as in Friedman & Fisher (1999), "Bump hunting in high-dimensional data": from the
    box holding all points, each step considers, for every dimension, cutting off the points
    below its ``peel_alpha`` quantile or above its ``1 - peel_alpha`` quantile (within the
    current box), and makes the cut that yields the highest density of ``miss`` (ties: the one
    keeping more points). When ties make a quantile cut remove nothing, the whole tied extreme
    value is cut instead. Peeling stops when no cut keeps at least ``min_support`` of all points
    or when no cut raises the density. Each cut is placed halfway between the last removed and
    the first kept value, like a decision-tree split. There is no pasting step. All candidate
    cuts of a step are evaluated at once with array operations.

    The box returned is, by default, the one on the trajectory that maximises
    ``density * coverage``, which balances "the box explains most misses" (coverage) against
    "the box mostly contains misses" (density) without a tuning constant; ties go to the
    earlier, larger box. With ``threshold``, it is the first (largest) box whose density
    reaches the threshold. Density rises at every step, so "the last box whose density >=
    threshold" would always be the final, smallest box; the first such box is the one of
    greatest coverage that meets the target, which is what the threshold is for. If no box
    reaches it, the final (densest) box is returned with ``threshold_met=False``.

    Args:
        x: Inputs, one row per point (run), numeric columns only.
        miss: Boolean per row, e.g. "did not peak by 2030".
        peel_alpha: Share of the box's points peeled per step, in (0, 0.5).
        min_support: Smallest share of all points a box may hold, in (0, 1].
        threshold: Optional density target in [0, 1].

    Returns:
        A ``PrimResult``.
    """
    matrix = _prim_matrix(x)
    miss = np.asarray(miss, dtype=bool).ravel()
    n_total, n_dims = matrix.shape
    if miss.size != n_total:
        raise ValueError(f"miss has {miss.size} values; x has {n_total} rows.")
    if not 0.0 < peel_alpha < 0.5:
        raise ValueError(f"peel_alpha={peel_alpha!r} must lie in (0, 0.5).")
    if not 0.0 < min_support <= 1.0:
        raise ValueError(f"min_support={min_support!r} must lie in (0, 1].")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold={threshold!r} must lie in [0, 1].")
    if n_total == 0:
        raise ValueError("prim_boxes needs at least one point.")
    min_n = max(1, math.ceil(min_support * n_total))
    n_miss = int(miss.sum())
    names = tuple(str(c) for c in x.columns)

    low = np.full(n_dims, -np.inf)
    high = np.full(n_dims, np.inf)
    inside = np.arange(n_total)
    lows, highs, rows = [low.copy()], [high.copy()], []

    def record(idx: np.ndarray, parameter: str, side: str, bound: float) -> None:
        hits = int(miss[idx].sum())
        rows.append(
            {
                "step": len(rows),
                "n": idx.size,
                "support": idx.size / n_total,
                "coverage": hits / n_miss if n_miss else math.nan,
                "density": hits / idx.size,
                "parameter": parameter,
                "side": side,
                "bound": bound,
            }
        )

    record(inside, "", "", math.nan)
    while True:
        xb = matrix[inside]
        mb = miss[inside]
        nb = inside.size
        q_lo = np.quantile(xb, peel_alpha, axis=0)
        q_hi = np.quantile(xb, 1.0 - peel_alpha, axis=0)
        keep_lo = xb >= q_lo
        keep_hi = xb <= q_hi
        # A quantile sitting on a run of ties removes nothing: cut the whole tied extreme.
        stuck_lo = keep_lo.all(axis=0)
        stuck_hi = keep_hi.all(axis=0)
        keep_lo[:, stuck_lo] = xb[:, stuck_lo] > xb[:, stuck_lo].min(axis=0)
        keep_hi[:, stuck_hi] = xb[:, stuck_hi] < xb[:, stuck_hi].max(axis=0)
        keep = np.concatenate([keep_lo, keep_hi], axis=1)  # (nb, 2 * dims)
        counts = keep.sum(axis=0)
        hits = mb.astype(float) @ keep
        valid = (counts >= min_n) & (counts < nb)
        if not valid.any():
            break
        density = np.where(valid, hits / np.maximum(counts, 1), -np.inf)
        best = int(np.lexsort((-counts, -density))[0])
        if density[best] <= mb.mean():
            break
        dim, side = best % n_dims, ("low", "high")[best // n_dims]
        kept = keep[:, best]
        column = xb[:, dim]
        if side == "low":
            bound = 0.5 * (column[~kept].max() + column[kept].min())
            low[dim] = bound
        else:
            bound = 0.5 * (column[~kept].min() + column[kept].max())
            high[dim] = bound
        inside = inside[kept]
        lows.append(low.copy())
        highs.append(high.copy())
        record(inside, names[dim], side, float(bound))

    trajectory = pd.DataFrame(rows)
    threshold_met = True
    if threshold is None:
        score = (trajectory["density"] * trajectory["coverage"]).fillna(0.0).to_numpy()
        step = int(np.argmax(score))
    else:
        meets = np.flatnonzero(trajectory["density"].to_numpy() >= threshold)
        threshold_met = bool(meets.size)
        step = int(meets[0]) if meets.size else len(trajectory) - 1
    lows_arr, highs_arr = np.array(lows), np.array(highs)
    chosen = trajectory.iloc[step]
    return PrimResult(
        box=_box_table(names, lows_arr[step], highs_arr[step]),
        coverage=float(chosen["coverage"]),
        density=float(chosen["density"]),
        n=int(chosen["n"]),
        step=step,
        threshold_met=threshold_met,
        trajectory=trajectory,
        lows=lows_arr,
        highs=highs_arr,
        parameters=names,
    )
