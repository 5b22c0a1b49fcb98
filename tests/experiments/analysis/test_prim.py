"""PRIM's pasting phase, and its boxes against EMA Workbench's PRIM on the same data."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from experiments.analysis import prim_boxes


def _planted(seed: int, n: int = 2000) -> tuple[pd.DataFrame, np.ndarray]:
    """Four uniform inputs; misses are likely inside a ∈ (0.2, 0.6), b ∈ (0.3, 0.8)."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(n, 4)), columns=["a", "b", "c", "d"])
    inside = ((x["a"] > 0.2) & (x["a"] < 0.6) & (x["b"] > 0.3) & (x["b"] < 0.8)).to_numpy()
    miss = np.where(inside, rng.uniform(size=n) < 0.9, rng.uniform(size=n) < 0.05)
    return x, miss


def _contains(outer: pd.DataFrame, inner: pd.DataFrame) -> bool:
    """Whether box `outer` holds box `inner` (a dimension `outer` leaves free is wider)."""
    outer, inner = outer.set_index("parameter"), inner.set_index("parameter")
    return all(
        name not in outer.index
        or (
            outer.loc[name, "low"] <= inner.loc[name, "low"]
            and inner.loc[name, "high"] <= outer.loc[name, "high"]
        )
        for name in inner.index
    ) and set(outer.index) <= set(inner.index)


def test_pasting_widens_the_chosen_box_while_density_rises():
    x, miss = _planted(seed=1)
    result = prim_boxes(x, miss, threshold=1.0)  # unreachable: the last, over-peeled box
    traj = result.trajectory
    pastes = traj[traj["phase"] == "paste"]
    assert len(pastes) > 0, "peeling to the end overshoots; pasting must take some back"
    densities = traj.loc[[result.chosen, *pastes.index], "density"].to_numpy()
    assert (np.diff(densities) > 0).all(), "every paste raises the density"
    assert (np.diff(traj.loc[[result.chosen, *pastes.index], "n"]) > 0).all()
    assert result.step == pastes.index[-1] and not result.threshold_met
    assert _contains(result.box, result.box_at(result.chosen)), "pasting only widens"
    assert not _contains(result.box_at(result.chosen), result.box), "and it did widen"


def test_no_paste_is_made_when_none_raises_the_density():
    x, miss = _planted(seed=3)
    result = prim_boxes(x, miss)
    assert (
        result.step == result.chosen
        or result.density > result.trajectory.loc[result.chosen, "density"]
    )


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_boxes_agree_with_ema_workbench(seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its import warns about optional dependencies
        from ema_workbench.analysis import prim as ema

    x, miss = _planted(seed)
    ours = prim_boxes(x, miss)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecations inside ema_workbench
        theirs = ema.Prim(x, miss.astype(int), obj_function=ema.PRIMObjectiveFunctions.LENIENT2,
                          peel_alpha=0.05, paste_alpha=0.05, mass_min=0.05).find_box()  # fmt: skip
    traj = theirs.peeling_trajectory
    # the same choice on both trajectories: the box of greatest density x coverage
    pick = int(np.argmax((traj["density"] * traj["coverage"]).to_numpy()))
    limits = theirs.box_lims[pick]
    box = ours.box.set_index("parameter")
    assert {"a", "b"} <= set(box.index), "both restrict the planted dimensions"
    for name in ("a", "b"):
        assert abs(box.loc[name, "low"] - limits.loc[0, name]) < 0.05, (name, box, limits)
        assert abs(box.loc[name, "high"] - limits.loc[1, name]) < 0.05, (name, box, limits)
    assert abs(ours.coverage - traj.loc[pick, "coverage"]) < 0.05
    assert abs(ours.density - traj.loc[pick, "density"]) < 0.05
    # peeling to the end, then pasting, as EMA Workbench does: the same final density
    final = prim_boxes(x, miss, threshold=1.0)
    assert abs(final.density - theirs.density) < 0.02, (final.density, theirs.density)
