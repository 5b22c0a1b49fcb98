"""PRIM scenario discovery: the box of input space where misses (no peak by 2030) concentrate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class PrimResult:
    """Outcome of a PRIM search (peeling, then pasting).

    Attributes:
        box: The chosen box: restricted dimensions only, columns ``parameter, low, high``
            (closed bounds; an unrestricted side is -inf/inf).
        coverage: Share of all "miss" points that lie in the chosen box.
        density: Share of the points in the chosen box that are misses.
        n: Number of points in the chosen box.
        step: Index of the returned box on the trajectory (the chosen box after its pastes).
        threshold_met: False only when a threshold was given and no box reached it.
        trajectory: One row per box: ``step, n, support, coverage, density, phase, parameter,
            side, bound``; ``phase`` is "peel" for the peeling trajectory (from the box of all
            points) and "paste" for the boxes pasted onto the chosen one, appended after it;
            the last three describe the cut or paste that produced the box.
        lows: Lower bounds of every box on the trajectory, shape (steps, dims).
        highs: Upper bounds likewise.
        parameters: Dimension names in column order.
        chosen: Index of the box chosen from the peeling trajectory, before pasting.
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
    chosen: int

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


@dataclass
class _Search:
    """The data a PRIM search works on, and its trajectory so far."""

    matrix: np.ndarray
    miss: np.ndarray
    names: tuple[str, ...]
    min_n: int
    rows: list[dict] = field(default_factory=list)
    lows: list[np.ndarray] = field(default_factory=list)
    highs: list[np.ndarray] = field(default_factory=list)

    def record(self, low: np.ndarray, high: np.ndarray, inside: np.ndarray, phase: str,
               parameter: str = "", side: str = "", bound: float = math.nan) -> None:  # fmt: skip
        n_total, n_miss = self.miss.size, int(self.miss.sum())
        hits = int(self.miss[inside].sum())
        self.rows.append(
            {
                "step": len(self.rows),
                "n": int(inside.sum()),
                "support": inside.sum() / n_total,
                "coverage": hits / n_miss if n_miss else math.nan,
                "density": hits / inside.sum(),
                "phase": phase,
                "parameter": parameter,
                "side": side,
                "bound": bound,
            }
        )
        self.lows.append(low.copy())
        self.highs.append(high.copy())


def _peel_candidates(xb: np.ndarray, peel_alpha: float) -> np.ndarray:
    """For each dimension and side, which points of the box a peel keeps, (nb, 2 * dims)."""
    q_lo = np.quantile(xb, peel_alpha, axis=0)
    q_hi = np.quantile(xb, 1.0 - peel_alpha, axis=0)
    keep_lo = xb >= q_lo
    keep_hi = xb <= q_hi
    # A quantile sitting on a run of ties removes nothing: cut the whole tied extreme.
    stuck_lo = keep_lo.all(axis=0)
    stuck_hi = keep_hi.all(axis=0)
    keep_lo[:, stuck_lo] = xb[:, stuck_lo] > xb[:, stuck_lo].min(axis=0)
    keep_hi[:, stuck_hi] = xb[:, stuck_hi] < xb[:, stuck_hi].max(axis=0)
    return np.concatenate([keep_lo, keep_hi], axis=1)


def _peel(search: _Search, peel_alpha: float) -> None:
    """Peel from the box of all points while a cut raises the density (the trajectory)."""
    n_dims = search.matrix.shape[1]
    low, high = np.full(n_dims, -np.inf), np.full(n_dims, np.inf)
    inside = np.arange(search.miss.size)
    search.record(low, high, np.ones(search.miss.size, dtype=bool), "peel")
    while True:
        xb, mb = search.matrix[inside], search.miss[inside]
        keep = _peel_candidates(xb, peel_alpha)
        counts = keep.sum(axis=0)
        valid = (counts >= search.min_n) & (counts < inside.size)
        if not valid.any():
            return
        density = np.where(valid, (mb.astype(float) @ keep) / np.maximum(counts, 1), -np.inf)
        best = int(np.lexsort((-counts, -density))[0])
        if density[best] <= mb.mean():
            return
        dim, side = best % n_dims, ("low", "high")[best // n_dims]
        kept, column = keep[:, best], xb[:, best % n_dims]
        if side == "low":
            low[dim] = bound = 0.5 * (column[~kept].max() + column[kept].min())
        else:
            high[dim] = bound = 0.5 * (column[~kept].min() + column[kept].max())
        inside = inside[kept]
        mask = np.zeros(search.miss.size, dtype=bool)
        mask[inside] = True
        search.record(low, high, mask, "peel", search.names[dim], side, float(bound))


def _in_box(matrix: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return ((matrix >= low) & (matrix <= high)).all(axis=1)


def _paste_candidate(
    search: _Search, low: np.ndarray, high: np.ndarray, dim: int, side: str, alpha: float
) -> tuple[float, np.ndarray] | None:
    """The bound that pastes the nearest ``alpha`` share of the slab beside the box, or None.

    The slab holds the points outside the box along `dim` on `side` and inside it along every
    other dimension; at least one point is pasted.
    """
    others = np.ones(low.size, dtype=bool)
    others[dim] = False
    column = search.matrix[:, dim]
    beside = _in_box(search.matrix[:, others], low[others], high[others])
    outside = column < low[dim] if side == "low" else column > high[dim]
    slab = np.sort(column[beside & outside])
    if slab.size == 0:
        return None
    if side == "low":
        slab = slab[::-1]  # nearest the box first
    k = max(1, math.ceil(alpha * slab.size))
    if k >= slab.size:
        bound = -np.inf if side == "low" else np.inf
    else:
        bound = float(0.5 * (slab[k - 1] + slab[k]))
    new_low, new_high = low.copy(), high.copy()
    (new_low if side == "low" else new_high)[dim] = bound
    return bound, _in_box(search.matrix, new_low, new_high)


def _paste(search: _Search, step: int, paste_alpha: float) -> int:
    """Paste onto the box at `step` while a paste raises its density; return the final step.

    Friedman and Fisher's second phase: peeling, greedy by construction, may have cut more
    than it needed; for each restricted dimension and side, a candidate widens the box by the
    ``paste_alpha`` share of the points lying just outside it there. The candidate of highest
    density is taken if it raises the density; repeat until none does.
    """
    low, high = search.lows[step].copy(), search.highs[step].copy()
    inside = _in_box(search.matrix, low, high)
    current = step
    while True:
        density = search.miss[inside].mean()
        best: tuple[float, int, int, str, float, np.ndarray] | None = None
        for dim in np.flatnonzero(np.isfinite(low) | np.isfinite(high)):
            for side, edge in (("low", low[dim]), ("high", high[dim])):
                found = np.isfinite(edge) and _paste_candidate(
                    search, low, high, int(dim), side, paste_alpha
                )
                if not found:
                    continue
                bound, mask = found
                candidate = (search.miss[mask].mean(), int(mask.sum()), int(dim), side, bound, mask)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        if best is None or best[0] <= density:
            return current
        _, _, dim, side, bound, inside = best
        (low if side == "low" else high)[dim] = bound
        search.record(low, high, inside, "paste", search.names[dim], side, bound)
        current = len(search.rows) - 1


def _choose(trajectory: pd.DataFrame, threshold: float | None) -> tuple[int, bool]:
    """The chosen step of the peeling trajectory and whether the threshold was met."""
    if threshold is None:
        score = (trajectory["density"] * trajectory["coverage"]).fillna(0.0).to_numpy()
        return int(np.argmax(score)), True
    meets = np.flatnonzero(trajectory["density"].to_numpy() >= threshold)
    return (int(meets[0]), True) if meets.size else (len(trajectory) - 1, False)


def _check_arguments(
    n_points: int, miss: np.ndarray, peel_alpha: float, paste_alpha: float,
    min_support: float, threshold: float | None,
) -> None:  # fmt: skip
    if miss.size != n_points:
        raise ValueError(f"miss has {miss.size} values; x has {n_points} rows.")
    for name, alpha in (("peel_alpha", peel_alpha), ("paste_alpha", paste_alpha)):
        if not 0.0 < alpha < 0.5:
            raise ValueError(f"{name}={alpha!r} must lie in (0, 0.5).")
    if not 0.0 < min_support <= 1.0:
        raise ValueError(f"min_support={min_support!r} must lie in (0, 1].")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold={threshold!r} must lie in [0, 1].")
    if n_points == 0:
        raise ValueError("prim_boxes needs at least one point.")


def prim_boxes(
    x: pd.DataFrame,
    miss: np.ndarray,
    peel_alpha: float = 0.05,
    min_support: float = 0.05,
    threshold: float | None = None,
    paste_alpha: float = 0.05,
) -> PrimResult:
    """PRIM box search for the region of input space where ``miss`` is concentrated.

    Friedman & Fisher (1999), "Bump hunting in high-dimensional data", in two phases.

    *Peeling*: from the box holding all points, each step considers, for every dimension,
    cutting off the points below its ``peel_alpha`` quantile or above its ``1 - peel_alpha``
    quantile (within the current box), and makes the cut that yields the highest density of
    ``miss`` (ties: the one keeping more points). When ties make a quantile cut remove nothing,
    the whole tied extreme value is cut instead. Peeling stops when no cut keeps at least
    ``min_support`` of all points or when no cut raises the density. Each cut is placed halfway
    between the last removed and the first kept value, like a decision-tree split. All
    candidate cuts of a step are evaluated at once with array operations.

    *Choosing*: by default the box on the peeling trajectory that maximises ``density *
    coverage``, which balances "the box explains most misses" (coverage) against "the box
    mostly contains misses" (density) without a tuning constant; ties go to the earlier, larger
    box. With ``threshold``, the first (largest) box whose density reaches it (density rises at
    every peel, so the first such box is the one of greatest coverage that meets the target);
    if none does, the final (densest) box, with ``threshold_met=False``.

    *Pasting*: the chosen box is then widened, one restricted side at a time, by the
    ``paste_alpha`` share of the points just outside it, as long as that raises its density
    (as EMA Workbench does after peeling). The pasted boxes are appended to the trajectory.

    Args:
        x: Inputs, one row per point (run), numeric columns only.
        miss: Boolean per row, e.g. "did not peak by 2030".
        peel_alpha: Share of the box's points peeled per step, in (0, 0.5).
        min_support: Smallest share of all points a box may hold, in (0, 1].
        threshold: Optional density target in [0, 1].
        paste_alpha: Share of the points beside a side pasted per step, in (0, 0.5).

    Returns:
        A ``PrimResult``.
    """
    matrix = _prim_matrix(x)
    miss = np.asarray(miss, dtype=bool).ravel()
    _check_arguments(matrix.shape[0], miss, peel_alpha, paste_alpha, min_support, threshold)
    names = tuple(str(c) for c in x.columns)
    search = _Search(matrix, miss, names, max(1, math.ceil(min_support * miss.size)))
    _peel(search, peel_alpha)
    chosen, threshold_met = _choose(pd.DataFrame(search.rows), threshold)
    step = _paste(search, chosen, paste_alpha)
    trajectory = pd.DataFrame(search.rows)
    lows, highs = np.array(search.lows), np.array(search.highs)
    final = trajectory.iloc[step]
    return PrimResult(
        box=_box_table(names, lows[step], highs[step]),
        coverage=float(final["coverage"]),
        density=float(final["density"]),
        n=int(final["n"]),
        step=step,
        threshold_met=threshold_met,
        trajectory=trajectory,
        lows=lows,
        highs=highs,
        parameters=names,
        chosen=chosen,
    )
