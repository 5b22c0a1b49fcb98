"""Array-backed populations: locked schema, stable uids, read-write views, swap-remove."""

import mesa
import numpy as np
import pytest

from agents.population import Population, State, category_shares, group_share, sample_logit


class People(Population):
    schema = (State("age", np.float64, np.nan, "age"), State("group", np.int32, 0, "group"))
    STREAMS = ("one",)


@pytest.fixture
def people():
    return People(mesa.Model(rng=1), 5, 2.0, age=np.arange(5.0), group=np.array([0, 0, 1, 1, 1]))


def test_uids_are_stable_and_never_reused(people):
    assert list(people.uid) == [0, 1, 2, 3, 4]
    view = people.get(4)
    people.remove_rows(np.array([1]))
    assert people.n == 4 and 1 not in people.uid
    assert view.age == 4.0, "the view follows its individual when rows move"
    new = people.duplicate_rows(np.array([0]))
    assert people.uid[new[0]] == 5, "arrivals get fresh uids"
    with pytest.raises(LookupError, match="uid 1"):
        people.get(1)


def test_views_read_and_write_through(people):
    view = people[2]
    view.age = 40.0
    assert people.age[2] == 40.0
    assert view.state()["age"] == 40.0 and view.uid == 2
    with pytest.raises(AttributeError, match="uid"):
        view.uid = 9
    with pytest.raises(AttributeError, match="no state"):
        _ = view.height


def test_schema_is_locked(people):
    with pytest.raises(AttributeError, match="locked"):
        people.agee = np.zeros(5)
    with pytest.raises(AttributeError, match="through indices"):
        people.age = np.zeros(5)


def test_each_population_owns_its_named_streams(people):
    assert set(people.streams) == {"one"}
    assert isinstance(people.streams["one"], np.random.Generator)


def test_growing_keeps_existing_rows(people):
    idx = people.add_rows(20, age=np.full(20, 7.0))
    assert people.n == 25 and (people.age[idx] == 7.0).all()
    assert list(people.age[:5]) == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_group_shares():
    groups = np.array([0, 0, 1, 1])
    np.testing.assert_allclose(group_share(groups, np.array([1, 0, 1, 1], bool), 2),
                               [0.5, 0.5, 1, 1])  # fmt: skip
    table = category_shares(groups, np.array([0, 1, 1, 1]), 2, 2)
    np.testing.assert_allclose(table, [[0.5, 0.5], [0, 1]])


def test_logit_sampler_follows_the_probabilities():
    rng = np.random.default_rng(0)
    u = rng.random(200_000)
    utility = np.tile(np.log([0.2, 0.3, 0.5]), (u.size, 1))
    counts = np.bincount(sample_logit(utility, None, u), minlength=3) / u.size
    np.testing.assert_allclose(counts, [0.2, 0.3, 0.5], atol=0.005)
    blocked = np.zeros_like(utility, dtype=bool)
    blocked[:, 2] = True
    assert (sample_logit(utility, blocked, u) != 2).all()
