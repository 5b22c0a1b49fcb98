"""Tests for experiments.design: sweep specs -> validated, reproducible Designs of RunSpecs."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from experiments.design import (
    Design,
    RunSpec,
    build_design,
    distributions,
    load_design,
    load_spec,
    montecarlo_design,
    samplers,
    sensitivity_design,
)
from parameters import REGISTRY, ParameterError, load_scenario

ROOT = Path(__file__).resolve().parents[3]


#: Real registry names standing for each role in these tests.
SUBSIDY = "ev_purchase_subsidy_yuan"  # lever, [0, 60000] yuan/vehicle
ENFORCEMENT = "burning_enforcement"  # lever, [0, 1]
BAN_YEAR = "coal_stove_ban_year"  # integer lever, [2020, 2100], no schedules
GROWTH = "gdp_growth_rate"  # triangular uncertainty, [0.025, 0.07]
PRICE = "coal_price_yuan_per_t"  # uniform uncertainty, [350, 750]
LIFETIME = "bus_lifetime_years"  # integer constant, [6, 12], may be varied
COP = "heat_pump_cop"  # constant


def spec(**overrides):
    base = {
        "name": "t",
        "scenario": "bau",
        "scale": 0.1,
        "end_year": 2040,
        "seed": 123,
        "replications": 3,
        "levers": {
            SUBSIDY: {"values": [0, 10000, 20000]},
            ENFORCEMENT: {"low": 0.1, "high": 0.9, "levels": 2},
        },
        "uncertainties": {
            GROWTH: {"distribution": "triangular", "low": 0.03, "mode": 0.045, "high": 0.07},
            PRICE: {},
            LIFETIME: {},
        },
        "sampler": {"method": "lhs", "samples": 5},
    }
    base.update(overrides)
    return base


def fake(s):
    return build_design(s)


# ----------------------------------------------------------------------------- structure
def test_counts_and_run_order():
    d = fake(spec())
    assert (d.n_points, d.n_samples, d.replications) == (6, 5, 3)
    assert len(d.runs) == 6 * 5 * 3
    for i, r in enumerate(d.runs):
        assert r.run_id == i
        assert r.run_id == (r.point_id * 5 + r.sample_id) * 3 + r.replication
    # levers: cartesian product, last lever fastest
    points = [d.runs[p * 15].levers for p in range(6)]
    assert points[:3] == [
        {SUBSIDY: 0.0, ENFORCEMENT: 0.1},
        {SUBSIDY: 0.0, ENFORCEMENT: 0.9},
        {SUBSIDY: 10000.0, ENFORCEMENT: 0.1},
    ]
    assert d.runs[0].params == d.runs[0].levers | d.runs[0].uncertainties
    assert (d.name, d.base_scenario, d.scale, d.end_year, d.method, d.problem) == (
        "t",
        "bau",
        0.1,
        2040,
        "lhs",
        None,
    )


def check_crn(d: Design):
    by_key = defaultdict(list)
    for r in d.runs:
        by_key[(r.sample_id, r.replication)].append(r)
    for key, runs in by_key.items():
        assert len(runs) == d.n_points
        assert len({r.seed for r in runs}) == 1, f"seed differs across lever points at {key}"
        assert all(r.uncertainties == runs[0].uncertainties for r in runs), f"draws differ {key}"
    seeds = {runs[0].seed for runs in by_key.values()}
    assert len(seeds) == len(by_key), "every (sample, replication) needs its own seed"


def test_common_random_numbers_across_lever_points():
    check_crn(fake(spec()))


def test_seed_depends_only_on_sample_and_replication():
    small = fake(spec(replications=2, sampler={"method": "lhs", "samples": 2}))
    big = fake(spec(replications=4, sampler={"method": "lhs", "samples": 9}, levers={}))
    seeds_big = {(r.sample_id, r.replication): r.seed for r in big.runs}
    for r in small.runs:
        assert r.seed == seeds_big[(r.sample_id, r.replication)]
    assert all(0 <= r.seed < 2**63 for r in big.runs)


@settings(max_examples=25, deadline=None)
@given(
    n_values=st.lists(st.integers(1, 3), min_size=0, max_size=3),
    samples=st.integers(1, 6),
    reps=st.integers(1, 3),
    method=st.sampled_from(["lhs", "grid"]),
)
def test_counts_and_crn_hold_for_any_grid(n_values, samples, reps, method):
    names = [SUBSIDY, ENFORCEMENT, BAN_YEAR]
    levers = {}
    for name, k in zip(names, n_values, strict=False):
        p = REGISTRY[name]
        levers[name] = {"values": [p.low + (j + 1) * (p.high - p.low) / 4 for j in range(k)]}
    sampler = {"method": "lhs", "samples": samples} if method == "lhs" else {"method": "grid"}
    d = fake(spec(levers=levers, replications=reps, sampler=sampler))
    n_samples = samples if method == "lhs" else 3 * 3 * 3
    assert len(d.runs) == int(np.prod(n_values)) * n_samples * reps
    check_crn(d)


def test_same_spec_gives_identical_design_and_seed_changes_it():
    assert fake(spec()) == fake(spec())
    other = fake(spec(seed=124))
    assert [r.seed for r in other.runs] != [r.seed for r in fake(spec()).runs]
    assert other.runs[0].uncertainties != fake(spec()).runs[0].uncertainties


def test_json_round_trip_and_normalised_spec_rebuilds():
    s = spec(levers={SUBSIDY: {"values": [0, {"2025": 5000, 2030: 0}]}})
    d = fake(s)
    text = d.to_json()
    json.loads(text)  # plain JSON
    back = Design.from_json(text)
    assert back == d
    assert back.runs[-1].levers[SUBSIDY] == {2025: 5000.0, 2030: 0.0}, "years back to int"
    assert fake(d.spec) == d, "the normalised spec must rebuild the same design"
    assert RunSpec.from_dict(d.runs[3].to_dict()) == d.runs[3]


def test_no_uncertainties_gives_one_sample_of_scenario_values():
    d = fake(spec(uncertainties={}))
    assert d.n_samples == 1 and len(d.runs) == 6 * 3
    assert all(r.uncertainties == {} for r in d.runs)
    d = fake({"replications": 4})
    assert len(d.runs) == 4 and d.runs[0].params == {} and d.method == "grid"


def test_lever_without_values_keeps_scenario_value():
    d = fake(spec(levers={SUBSIDY: {}, ENFORCEMENT: {"values": [0.5]}}))
    assert d.n_points == 1 and d.runs[0].levers == {ENFORCEMENT: 0.5}


def test_integer_uncertainties_are_rounded_and_in_range():
    d = fake(spec(sampler={"method": "lhs", "samples": 40}, levers={}))
    lifetimes = [r.uncertainties[LIFETIME] for r in d.runs]
    assert all(isinstance(v, int) and 6 <= v <= 12 for v in lifetimes)
    growth = [r.uncertainties[GROWTH] for r in d.runs]
    assert all(0.02 <= g <= 0.07 for g in growth)


def test_lhs_marginals_one_point_per_stratum():
    d = fake(spec(levers={}, replications=1, sampler={"method": "lhs", "samples": 16}))
    unit = d.sample_matrix(unit=True)
    for j in range(unit.shape[1]):
        np.testing.assert_array_equal(np.sort(np.floor(unit[:, j] * 16)), np.arange(16))
    values = d.sample_matrix()
    assert values.shape == (16, 3) and d.factor_names == [GROWTH, PRICE, LIFETIME]
    price = np.sort(values[:, 1])
    np.testing.assert_array_equal(np.floor((price - 350) / 400 * 16), np.arange(16))


def test_grid_sampler_uses_quantiles_and_values():
    d = fake(
        spec(
            levers={},
            replications=1,
            uncertainties={PRICE: {}, LIFETIME: {"values": [6, 9]}},
            sampler={"method": "grid", "levels": 3},
        )
    )
    rows = [tuple(r.uncertainties.values()) for r in d.runs]
    assert rows == [(p, lt) for p in (350.0, 550.0, 750.0) for lt in (6, 9)]


def test_sobol_design_keeps_salib_order():
    d = fake(spec(replications=1, levers={}, sampler={"method": "sobol", "samples": 8}))
    assert len(d.runs) == 8 * (3 + 2)
    assert d.problem == {
        "num_vars": 3,
        "names": [GROWTH, PRICE, LIFETIME],
        "bounds": [[0.03, 0.07], [350.0, 750.0], [6.0, 12.0]],
    }
    unit = d.sample_matrix(unit=True)
    ss = np.random.SeedSequence(123).spawn(2)[0]
    np.testing.assert_array_equal(unit, samplers.sobol(3, 8, np.random.default_rng(ss)))
    dists = [
        distributions.Triangular(0.03, 0.045, 0.07),
        distributions.Uniform(350, 750),
        distributions.Uniform(6, 12),
    ]
    expected = distributions.apply_distributions(unit, dists, [False, False, True])
    np.testing.assert_allclose(d.sample_matrix(), expected)
    second = fake(
        spec(
            replications=1,
            levers={},
            sampler={"method": "sobol", "samples": 8, "calc_second_order": True},
        )
    )
    assert len(second.runs) == 8 * (2 * 3 + 2)


def test_morris_design_and_include_levers():
    d = fake(
        spec(
            replications=2,
            levers={SUBSIDY: {"low": 0, "high": 30000}, BAN_YEAR: {}},
            sampler={"method": "morris", "samples": 4, "num_levels": 4, "include_levers": True},
        )
    )
    factors = [GROWTH, PRICE, LIFETIME, SUBSIDY, BAN_YEAR]
    assert d.problem["names"] == factors and d.problem["num_vars"] == 5
    assert d.problem["bounds"][3:] == [[0.0, 30000.0], [2020.0, 2100.0]]
    assert d.n_points == 1 and len(d.runs) == 4 * (5 + 1) * 2
    unit = d.sample_matrix(unit=True)
    for t in unit.reshape(4, 6, 5):  # SALib's trajectory order: one factor moves per step
        assert np.all((np.diff(t, axis=0) != 0).sum(axis=1) == 1)
    for r in d.runs:
        assert 0 <= r.levers[SUBSIDY] <= 30000
        assert isinstance(r.levers[BAN_YEAR], int) and 2020 <= r.levers[BAN_YEAR] <= 2100
    check_crn(d)


UNCERTAINTIES = [name for name, p in REGISTRY.items() if p.kind == "uncertainty"]


def test_montecarlo_and_sensitivity_designs_use_all_registry_uncertainties():
    m = montecarlo_design("bau", runs=20, seed=1, scale=0.1, end_year=2050)
    assert len(m.runs) == 20 and m.n_samples == 20 and m.method == "lhs"
    assert list(m.runs[0].uncertainties) == UNCERTAINTIES
    growth = REGISTRY[GROWTH]
    assert "gdp_growth_rate" not in load_scenario("bau"), "bau leaves the centre to the registry"
    assert m.spec["uncertainties"][GROWTH] == {
        "distribution": growth.distribution,
        "low": growth.low,
        "mode": growth.mode,
        "high": growth.high,
    }
    none = montecarlo_design("plan", runs=7, seed=1, uncertainties="none")
    assert len(none.runs) == 7 and all(r.params == {} for r in none.runs)
    assert len({r.seed for r in none.runs}) == 7
    with pytest.raises(ParameterError, match="'registry' or 'none'"):
        montecarlo_design("plan", 5, uncertainties="all")
    s = sensitivity_design("plan", "sobol", 16, seed=2)
    assert len(s.runs) == 16 * (len(UNCERTAINTIES) + 2) and s.problem["names"] == UNCERTAINTIES
    mo = sensitivity_design("plan", "morris", 6, seed=2)
    assert len(mo.runs) == 6 * (len(UNCERTAINTIES) + 1)
    with pytest.raises(ParameterError, match="samples = 10 is not allowed for sobol"):
        sensitivity_design("plan", "sobol", 10)


def test_montecarlo_replicates_run_k_seeds_per_sample_with_common_random_numbers():
    single = montecarlo_design("plan", runs=4, seed=9, scale=0.1)
    triple = montecarlo_design("plan", runs=4, seed=9, scale=0.1, replicates=3)
    assert len(triple.runs) == 12 and triple.n_samples == 4 and triple.replications == 3
    for run in triple.runs:
        assert run.run_id == run.sample_id * 3 + run.replication
    by_sample = {r.sample_id: r for r in single.runs}
    for run in triple.runs:
        assert run.uncertainties == by_sample[run.sample_id].uncertainties, "same draws per sample"
    seeds = {(r.sample_id, r.replication): r.seed for r in triple.runs}
    assert len(set(seeds.values())) == 12, "every replicate has its own seed"
    for sample_id, run in by_sample.items():
        assert seeds[(sample_id, 0)] == run.seed, "replicate 0 keeps the single-run seed"
    none = montecarlo_design("plan", runs=2, seed=9, uncertainties="none", replicates=3)
    assert len(none.runs) == 6 and len({r.seed for r in none.runs}) == 6
    with pytest.raises(ParameterError, match="replicates = 0"):
        montecarlo_design("plan", runs=2, replicates=0)


# ----------------------------------------------------------------------------- validation
def lev(name, entry):
    return {"levers": {name: entry}}


def unc(name, entry):
    return {"uncertainties": {name: entry}}


BAD = [
    (
        lev("ev_purchase_subsidi_yuan", {"values": [1]}),
        [
            "levers.ev_purchase_subsidi_yuan",
            "unknown lever",
            "did you mean 'ev_purchase_subsidy_yuan'",
        ],
    ),
    (lev(GROWTH, {"values": [0.03]}), ["levers.gdp_growth_rate", "is an uncertainty, not a lever"]),
    (lev(COP, {"values": [2.0]}), ["levers.heat_pump_cop", "is a constant, not a lever"]),
    (
        lev(SUBSIDY, {"values": [70000]}),
        ["levers.ev_purchase_subsidy_yuan.values[0]: 70000.0 is out of range", "[0, 60000] yuan"],
    ),
    (
        lev(SUBSIDY, {"values": []}),
        ["levers.ev_purchase_subsidy_yuan.values = []", "non-empty list"],
    ),
    (
        lev(SUBSIDY, {"values": [1, 1]}),
        ["levers.ev_purchase_subsidy_yuan.values[1] = 1", "repeats"],
    ),
    (
        lev(SUBSIDY, {"values": ["x"]}),
        ["levers.ev_purchase_subsidy_yuan.values[0]: 'x' is not allowed", "[0, 60000]"],
    ),
    (
        lev(BAN_YEAR, {"values": [2030.5]}),
        ["coal_stove_ban_year.values[0]: 2030.5 is not allowed", "an integer in [2020"],
    ),
    (
        lev(SUBSIDY, {"low": 5, "high": 5, "levels": 2}),
        ["levers.ev_purchase_subsidy_yuan.low = 5", "smaller"],
    ),
    (lev(SUBSIDY, {"low": 0, "high": 5}), ["levers.ev_purchase_subsidy_yuan", "levels is missing"]),
    (
        lev(SUBSIDY, {"low": 0, "high": 90000, "levels": 2}),
        ["ev_purchase_subsidy_yuan.high: 90000.0 is out of range", "60000"],
    ),
    (lev(BAN_YEAR, {"low": 2030, "high": 2032, "levels": 5}), ["levels = 5", "at most 3"]),
    (
        lev(SUBSIDY, {"values": [1], "low": 0}),
        ["levers.ev_purchase_subsidy_yuan", "either values or low"],
    ),
    (
        lev(SUBSIDY, {"value": [1]}),
        ["levers.ev_purchase_subsidy_yuan.value", "did you mean 'values'"],
    ),
    (lev(SUBSIDY, [1, 2]), ["levers.ev_purchase_subsidy_yuan = [1, 2]", "must be a table"]),
    (lev(SUBSIDY, {"values": [{"soon": 1}]}), ["schedule year 'soon'", "not a year"]),
    (
        unc("gdp_growth_rat", {}),
        ["uncertainties.gdp_growth_rat: unknown uncertainty", "did you mean 'gdp_growth_rate'"],
    ),
    (unc(SUBSIDY, {}), ["uncertainties.ev_purchase_subsidy_yuan", "is a lever", "include_levers"]),
    (
        unc(GROWTH, {"low": 0.01}),
        ["uncertainties.gdp_growth_rate.low: 0.01 is out of range", "[0.025, 0.07] 1/yr"],
    ),
    (
        unc(GROWTH, {"high": 0.5}),
        ["uncertainties.gdp_growth_rate.high: 0.5 is out of range", "[0.025, 0.07]"],
    ),
    (
        unc(GROWTH, {"low": 0.05, "high": 0.03}),
        ["gdp_growth_rate: low = 0.05", "smaller than high"],
    ),
    (
        unc(GROWTH, {"mode": 0.06, "high": 0.05}),
        ["gdp_growth_rate.mode = 0.06", "outside [low, high]"],
    ),
    (
        unc(GROWTH, {"distribution": "beta"}),
        ["gdp_growth_rate.distribution = 'beta'", "triangular"],
    ),
    (unc(GROWTH, {"distribution": "normal", "mode": 0.03}), ["gdp_growth_rate.mode", "not used"]),
    (unc(GROWTH, {"distribution": "normal", "sd": 0}), ["gdp_growth_rate.sd = 0", "> 0"]),
    (
        unc(GROWTH, {"distribution": "lognormal", "sigma": -1}),
        ["gdp_growth_rate.sigma = -1", "> 0"],
    ),
    (
        unc(PRICE, {"values": [300, 700]}),
        ["coal_price_yuan_per_t.values[0]: 300.0 is out of range", "[350, 750] yuan/t"],
    ),
    (
        unc(PRICE, {"values": [700], "low": 650}),
        ["coal_price_yuan_per_t.low = 650", "cannot be combined"],
    ),
    (unc(PRICE, {"spread": 1}), ["uncertainties.coal_price_yuan_per_t.spread", "unknown key"]),
    ({"sampler": {"method": "latin"}}, ["sampler.method = 'latin'", "lhs, sobol, morris"]),
    ({"sampler": {"method": "lhs", "samples": 0}}, ["sampler.samples = 0", ">= 1"]),
    ({"sampler": {"method": "lhs"}}, ["sampler.samples is missing"]),
    ({"sampler": {"method": "sobol", "samples": 100}}, ["samples = 100", "power of two"]),
    ({"sampler": {"method": "morris", "samples": 1}}, ["samples = 1", ">= 2"]),
    ({"sampler": {"method": "morris", "samples": 4, "num_levels": 3}}, ["num_levels = 3"]),
    ({"sampler": {"method": "lhs", "samples": 4, "levels": 3}}, ["sampler.levels", "grid"]),
    ({"sampler": {"method": "grid", "include_levers": True}}, ["include_levers", "lhs"]),
    ({"sampler": {"method": "lhs", "samples": 2.5}}, ["sampler.samples = 2.5", "integer"]),
    ({"replications": 0}, ["replications = 0", ">= 1"]),
    ({"replications": True}, ["replications = True", "integer"]),
    ({"seed": -1}, ["seed = -1", ">= 0"]),
    ({"scale": 0}, ["scale = 0", "(0, 1]"]),
    ({"scale": 2.0}, ["scale = 2.0", "(0, 1]"]),
    ({"end_year": 2020}, ["end_year = 2020", "[2021, 2100]"]),
    ({"end_year": 2200}, ["end_year = 2200", "[2021, 2100]"]),
    ({"name": ""}, ["name = ''", "non-empty"]),
    ({"replication": 2}, ["replication: unknown key", "did you mean 'replications'"]),
    ({"levers": [1]}, ["levers = [1]", "must be a table"]),
    ({"version": 9}, ["version = 9"]),
]


@pytest.mark.parametrize(("update", "fragments"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_every_validation_error_is_one_line_naming_key_value_and_allowed(update, fragments):
    s = spec()
    if "levers" in update and isinstance(update["levers"], dict):
        s["levers"] = update.pop("levers") | {}
        update = dict(update)
    if "uncertainties" in update:
        s["uncertainties"] = update.pop("uncertainties")
    s.update(update)
    with pytest.raises(ParameterError) as e:
        fake(s)
    message = str(e.value)
    assert "\n" not in message, f"message must be one line: {message!r}"
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from {message!r}"


def test_sobol_and_morris_need_a_factor():
    with pytest.raises(ParameterError, match="needs at least one factor"):
        fake(spec(levers={}, uncertainties={}, sampler={"method": "sobol", "samples": 8}))


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_sobol_and_morris_refuse_a_lever_grid(method):
    with pytest.raises(ParameterError, match="grid of 6 points; drop the lever values"):
        fake(spec(sampler={"method": method, "samples": 8}))


def test_scenario_value_leaves_a_lever_at_the_base_scenario():
    design = build_design(
        {
            "scenario": "plan",
            "scale": 0.1,
            "levers": {
                "ev_purchase_subsidy_yuan": {"values": ["scenario", 0]},
                "carbon_price_yuan_per_t": {"values": ["scenario", 100]},
            },
        }
    )
    levers = [run.levers for run in design.runs]
    assert levers == [
        {},
        {"carbon_price_yuan_per_t": 100.0},
        {"ev_purchase_subsidy_yuan": 0.0},
        {"ev_purchase_subsidy_yuan": 0.0, "carbon_price_yuan_per_t": 100.0},
    ], "the all-scenario point carries no overrides (the wedge baseline)"
    assert Design.from_json(design.to_json()) == design


def test_malformed_toml_reports_file_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nseed = = 3\n', encoding="utf-8")
    with pytest.raises(ParameterError) as e:
        load_spec(bad)
    assert "bad.toml" in str(e.value) and "line 2" in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(ParameterError, match="does not exist"):
        load_spec(tmp_path / "missing.toml")


def test_load_design_defaults_name_to_file_stem(tmp_path):
    f = tmp_path / "my_sweep.toml"
    f.write_text(f"[levers.{SUBSIDY}]\nvalues = [0, 1000]\n", encoding="utf-8")
    d = load_design(f)
    assert d.name == "my_sweep" and len(d.runs) == 2 and d.base_scenario == "plan"


# ----------------------------------------------------------------------------- real registry
REAL_SPECS = [
    ROOT / "docs" / "sweep_spec_example.toml",
    *sorted((ROOT / "experiments" / "specs").glob("*.toml")),
]


@pytest.mark.parametrize("path", REAL_SPECS, ids=lambda p: p.name)
def test_example_specs_build_against_the_real_registry(path):
    d = load_design(path)
    assert d.runs and d.runs[-1].run_id == len(d.runs) - 1
    assert Design.from_json(d.to_json()) == d
    check_crn(d)


def test_real_registry_levers_and_uncertainties():
    d = build_design(
        {
            "scenario": "plan",
            "replications": 2,
            "levers": {
                "ev_purchase_subsidy_yuan": {"values": [0, {"2025": 10000, "2030": 0}]},
                "coal_stove_ban_year": {"low": 2025, "high": 2035, "levels": 3},
            },
            "uncertainties": {"gdp_growth_rate": {}, "heat_pump_cop": {}},
            "sampler": {"method": "lhs", "samples": 3},
        }
    )
    assert len(d.runs) == 2 * 3 * 3 * 2
    assert d.runs[-1].levers == {
        "ev_purchase_subsidy_yuan": {2025: 10000.0, 2030: 0.0},
        "coal_stove_ban_year": 2035,
    }
    assert d.spec["uncertainties"]["gdp_growth_rate"]["distribution"] == "triangular"


@pytest.mark.parametrize(
    ("update", "fragments"),
    [
        (
            {"levers": {"burning_enforcement": {"values": [1.5]}}},
            ["levers.burning_enforcement.values[0]: 1.5 is out of range", "[0, 1]"],
        ),
        (
            {"levers": {"carbon_price_yuan_per_t": {"values": [{"2025": 99999}]}}},
            ["levers.carbon_price_yuan_per_t.values[0] in 2025: 99999", "in [0, "],
        ),
        (
            {"levers": {"ev_subsidy": {"values": [1]}}},
            ["levers.ev_subsidy", "did you mean 'ev_purchase_subsidy_yuan'"],
        ),
        (
            {"levers": {"gdp_growth_rate": {"values": [0.03]}}},
            ["levers.gdp_growth_rate", "not a lever"],
        ),
        ({"scenario": "nowhere"}, ["scenario = 'nowhere'", "bau, current, plan, enhanced"]),
    ],
)
def test_real_registry_errors(update, fragments):
    with pytest.raises(ParameterError) as e:
        build_design(update)
    for fragment in fragments:
        assert fragment in str(e.value), f"{fragment!r} missing from {str(e.value)!r}"


def test_relative_scenario_path_is_resolved_against_the_spec(tmp_path):
    (tmp_path / "mine.toml").write_text(
        'name = "mine"\nextends = "plan"\n[parameters]\ngdp_growth_rate = 0.03\n',
        encoding="utf-8",
    )
    f = tmp_path / "sweep.toml"
    f.write_text('scenario = "mine.toml"\n[uncertainties.gdp_growth_rate]\n', encoding="utf-8")
    d = load_design(f)
    assert d.base_scenario == str((tmp_path / "mine.toml").resolve())
    # the scenario's value becomes the triangular mode
    assert d.spec["uncertainties"]["gdp_growth_rate"]["mode"] == 0.03
