"""Distributions (ppf) and unit-hypercube samplers of experiments.design."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from SALib.sample import morris as salib_morris
from SALib.sample import sobol as salib_sobol

from experiments.design import samplers
from experiments.design.distributions import (
    Choice,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    apply_distributions,
    distribution_from_dict,
    make_distribution,
)

U = np.linspace(0.0, 1.0, 101)


# ----------------------------------------------------------------------------- distributions
def test_uniform_maps_ends_and_middle():
    d = Uniform(2.0, 6.0)
    np.testing.assert_allclose(d.ppf(np.array([0.0, 0.25, 1.0])), [2.0, 3.0, 6.0])
    assert d.support == (2.0, 6.0)


@settings(max_examples=60, deadline=None)
@given(
    low=st.floats(-1e6, 1e6),
    width=st.floats(1e-3, 1e6),
    frac=st.floats(0.0, 1.0),
    u=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20),
)
def test_triangular_ppf_stays_in_low_high(low, width, frac, u):
    high = low + width
    mode = min(max(low + frac * width, low), high)
    values = Triangular(low, mode, high).ppf(np.array(u))
    assert np.all(values >= low) and np.all(values <= high), f"{values} left [{low}, {high}]"


def test_triangular_is_monotone_and_peaks_at_mode():
    d = Triangular(0.02, 0.045, 0.07)
    v = d.ppf(U)
    assert np.all(np.diff(v) >= 0), "ppf must be non-decreasing"
    assert v[0] == pytest.approx(0.02) and v[-1] == pytest.approx(0.07)
    # P(X <= mode) = (mode - low) / (high - low) = 0.5
    assert d.ppf(np.array([0.5]))[0] == pytest.approx(0.045)


@settings(max_examples=40, deadline=None)
@given(
    mean=st.floats(-100, 100),
    sd=st.floats(0.01, 50),
    lo_off=st.floats(0.01, 100),
    hi_off=st.floats(0.01, 100),
    u=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20),
)
def test_truncated_normal_stays_in_bounds(mean, sd, lo_off, hi_off, u):
    low, high = mean - lo_off, mean + hi_off
    v = Normal(mean, sd, low, high).ppf(np.array(u))
    assert np.all(v >= low) and np.all(v <= high)


def test_normal_untruncated_median_is_mean():
    assert Normal(3.0, 2.0).ppf(np.array([0.5]))[0] == pytest.approx(3.0)
    assert Normal(3.0, 2.0).support == (-np.inf, np.inf)


def test_lognormal_parameterised_by_median_and_sigma():
    d = LogNormal(900.0, 0.2)
    assert d.ppf(np.array([0.5]))[0] == pytest.approx(900.0)
    # 84.1% quantile = median * exp(sigma)
    assert d.ppf(np.array([0.8413447460685429]))[0] == pytest.approx(900 * np.exp(0.2))
    bounded = LogNormal(900.0, 0.5, 600.0, 1400.0).ppf(U)
    assert bounded.min() >= 600.0 and bounded.max() <= 1400.0
    assert bounded[0] == pytest.approx(600.0) and bounded[-1] == pytest.approx(1400.0)


def test_choice_bins_values_equally():
    d = Choice((10.0, 20.0, 30.0))
    np.testing.assert_array_equal(
        d.ppf(np.array([0.0, 0.33, 0.34, 0.99, 1.0])), [10, 10, 20, 30, 30]
    )
    # on a grid with len(values) levels every value appears exactly once
    np.testing.assert_array_equal(d.ppf(samplers.grid([3])[:, 0]), [10, 20, 30])


@pytest.mark.parametrize(
    ("name", "params", "fragment"),
    [
        ("triangular", {"low": 0, "mode": 5, "high": 1}, "mode = 5.0 is outside [low, high]"),
        ("uniform", {"low": 1, "high": 1}, "low = 1.0 must be smaller than high = 1.0"),
        ("normal", {"mean": 0, "sd": 0}, "sd = 0.0 must be > 0"),
        ("lognormal", {"median": -1, "sigma": 1}, "median = -1.0 must be > 0"),
        ("uniform", {"low": 0, "high": 1, "mode": 0.5}, "mode = 0.5 is not used"),
        ("triangular", {"low": 0, "high": 1}, "needs mode"),
        ("beta", {}, "distribution = 'beta' is unknown; allowed: uniform, triangular"),
    ],
)
def test_invalid_distributions_name_the_problem(name, params, fragment):
    with pytest.raises(ValueError, match=None) as e:
        make_distribution(name, **params)
    assert fragment in str(e.value), f"{fragment!r} not in {str(e.value)!r}"


def test_choice_rejects_repeats_and_empties():
    with pytest.raises(ValueError, match="must not repeat"):
        Choice((1, 1))
    with pytest.raises(ValueError, match="non-empty"):
        Choice(())


@pytest.mark.parametrize(
    "dist",
    [
        Uniform(0, 1),
        Triangular(0, 0.2, 1),
        Normal(0.5, 0.1, 0, 1),
        Normal(0.5, 0.1),
        LogNormal(2.0, 0.3, 1.0, 4.0),
        Choice((1.0, 2.0)),
    ],
)
def test_distribution_dict_round_trip(dist):
    assert distribution_from_dict(dist.to_dict()) == dist


def test_apply_distributions_rounds_integer_columns():
    unit = samplers.lhs(2, 50, 1)
    values = apply_distributions(unit, [Uniform(2020, 2060), Uniform(0, 1)], [True, False])
    ints = values[:, 0]
    assert np.all(ints == np.round(ints)), "integer column must hold whole numbers"
    assert ints.min() >= 2020 and ints.max() <= 2060
    assert not np.all(values[:, 1] == np.round(values[:, 1])), "float column must not be rounded"


def test_apply_distributions_checks_shape_and_unit_range():
    with pytest.raises(ValueError, match="does not match"):
        apply_distributions(np.zeros((3, 2)), [Uniform(0, 1)])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        apply_distributions(np.full((1, 1), 1.5), [Uniform(0, 1)])


# ----------------------------------------------------------------------------- samplers
def test_grid_is_cartesian_last_fastest():
    g = samplers.grid([2, 3])
    assert g.shape == (6, 2)
    np.testing.assert_allclose(g[:, 0], [0, 0, 0, 1, 1, 1])
    np.testing.assert_allclose(g[:, 1], [0, 0.5, 1, 0, 0.5, 1])
    np.testing.assert_allclose(samplers.grid([1]), [[0.5]])
    assert samplers.grid([]).shape == (1, 0)
    assert samplers.cartesian([[1, 2], ["a"]]) == [(1, "a"), (2, "a")]
    assert samplers.cartesian([]) == [()]


@settings(max_examples=30, deadline=None)
@given(d=st.integers(1, 6), n=st.integers(1, 60), seed=st.integers(0, 2**32 - 1))
def test_lhs_has_one_point_per_stratum_per_dimension(d, n, seed):
    x = samplers.lhs(d, n, seed)
    assert x.shape == (n, d)
    for j in range(d):
        strata = np.sort(np.floor(x[:, j] * n).astype(int))
        np.testing.assert_array_equal(strata, np.arange(n), err_msg=f"dimension {j}")


def test_lhs_is_deterministic_for_a_seed():
    np.testing.assert_array_equal(samplers.lhs(3, 10, 5), samplers.lhs(3, 10, 5))
    assert not np.array_equal(samplers.lhs(3, 10, 5), samplers.lhs(3, 10, 6))


@pytest.mark.parametrize(("d", "n", "second"), [(1, 4, False), (3, 8, False), (3, 8, True)])
def test_sobol_keeps_salib_order_and_size(d, n, second):
    x = samplers.sobol(d, n, 42, calc_second_order=second)
    rows = n * (2 * d + 2) if second else n * (d + 2)
    assert x.shape == (rows, d)
    expected = salib_sobol.sample(
        samplers.unit_problem(d), n, calc_second_order=second, seed=np.random.default_rng(42)
    )
    np.testing.assert_array_equal(x, expected)
    if not second:  # Saltelli blocks: A, AB_1..AB_d, B; AB_j = A with column j from B
        blocks = x.reshape(n, d + 2, d)
        a, b = blocks[:, 0], blocks[:, -1]
        for j in range(d):
            ab = blocks[:, 1 + j]
            np.testing.assert_array_equal(ab[:, j], b[:, j])
            np.testing.assert_array_equal(np.delete(ab, j, axis=1), np.delete(a, j, axis=1))


def test_sobol_rejects_non_power_of_two():
    with pytest.raises(ValueError, match="samples = 12 must be a power of two"):
        samplers.sobol(2, 12, 0)


@pytest.mark.parametrize(("d", "r", "levels"), [(1, 3, 4), (4, 5, 4), (3, 4, 6)])
def test_morris_keeps_salib_order_and_moves_one_factor_per_step(d, r, levels):
    x = samplers.morris(d, r, 9, num_levels=levels)
    assert x.shape == (r * (d + 1), d)
    expected = salib_morris.sample(
        samplers.unit_problem(d), r, num_levels=levels, seed=np.random.default_rng(9)
    )
    np.testing.assert_array_equal(x, expected)
    grid_points = np.linspace(0, 1, levels)
    assert np.all(np.isclose(x[..., None], grid_points).any(axis=-1)), "off the Morris grid"
    for t in x.reshape(r, d + 1, d):
        changed = (np.diff(t, axis=0) != 0).sum(axis=1)
        np.testing.assert_array_equal(changed, np.ones(d), err_msg="one factor per step")


def test_morris_rejects_odd_levels_and_single_trajectory():
    with pytest.raises(ValueError, match="num_levels = 3 must be even"):
        samplers.morris(2, 4, 0, num_levels=3)
    with pytest.raises(ValueError, match="samples = 1 must be an integer >= 2"):
        samplers.morris(2, 1, 0)


def test_power_of_two():
    assert [n for n in range(1, 20) if samplers.is_power_of_two(n)] == [1, 2, 4, 8, 16]
    assert not samplers.is_power_of_two(0)
