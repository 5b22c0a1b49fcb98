"""The lever-response table: every lever moves its own indicator the right way, and none raises
CO2 unless the table says why."""

import pytest

from experiments import read_runs, run_experiment
from experiments.levers import (
    LEVER_EFFECTS,
    check_directions,
    co2_raising_levers,
    lever_design,
    lever_table,
)
from experiments.levers_report import render_markdown
from parameters import levers


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    design = lever_design("plan", seeds=2, scale=0.005, end_year=2040, seed=3)
    store = tmp_path_factory.mktemp("levers") / "store"
    result = run_experiment(design, store, workers=2, progress=False, analyses=False)
    assert result.n_failed == 0
    return lever_table(design, read_runs(store), store / "yearly")


def test_every_lever_has_an_expected_effect():
    assert set(LEVER_EFFECTS) == {p.name for p in levers()}


def test_the_design_pairs_every_point_with_the_same_seeds():
    design = lever_design("plan", seeds=3, scale=0.01, end_year=2030)
    seeds = {}
    for run in design.runs:
        seeds.setdefault(run.point_id, []).append(run.seed)
    assert len({tuple(s) for s in seeds.values()}) == 1, "common random numbers"
    assert len(seeds) == 1 + 2 * len(levers())
    for run in design.runs[3:]:
        (value,) = run.levers.values()
        if isinstance(value, dict):
            assert 2020 in value, "2020 stays as observed"


def test_every_lever_moves_its_indicator_the_way_economics_demands(table):
    levers_at_default = {"coal_stove_ban_year", "coal_consumption_cap_mt"}  # plan sits at an end
    problems = [p for p in check_directions(table) if p.split(":")[0] not in levers_at_default]
    assert not problems, problems
    for name in levers_at_default:
        ends = table[table.lever == name].set_index("end")["d_kpi"]
        moved = ends.abs().max()
        assert moved > 0, f"{name} moves nothing from either end"


def test_no_lever_raises_co2_without_a_documented_reason(table):
    undocumented = [n for n in co2_raising_levers(table) if not LEVER_EFFECTS[n].co2_note]
    assert not undocumented, f"ambition raises CO2 with no documented reason: {undocumented}"


def test_the_markdown_states_the_checks(table):
    text = render_markdown(table, {"scenario": "plan", "seeds": 2, "scale": 0.01,
                                   "end_year": 2040, "code_version": "test"})  # fmt: skip
    assert "| `ev_purchase_subsidy_yuan` | high |" in text
    assert "## Checks" in text
