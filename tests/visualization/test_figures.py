"""Each figure draws exactly the numbers of the analysis table it is given, in both languages.

Artists are found by their gid (documented in each function's Returns section); values are
compared with the table, converted to the figure's unit (万吨 = 100 x Mt in Chinese).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PolyCollection, QuadMesh
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from parameters import REGISTRY
from simulation.kpis import TARGETS
from visualization import figures as vf
from visualization.figures.checks import FigureDataError
from visualization.figures.targets import margin

LANGS = ("zh", "en")
#: Mt -> the figure's unit.
MASS = {"zh": 100.0, "en": 1.0}
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]+")


def by_gid(fig, gid):
    found = [a for a in fig.findobj() if a.get_gid() == gid]
    assert found, f"no artist with gid {gid!r} in the figure"
    return found


def one(fig, gid):
    found = by_gid(fig, gid)
    assert len(found) == 1, f"{len(found)} artists with gid {gid!r}; expected one"
    return found[0]


def poly_ys(artist: PolyCollection) -> np.ndarray:
    return np.concatenate([p.vertices[:, 1] for p in artist.get_paths()])


def contains_all(values, expected, what):
    values = np.asarray(values, dtype=float)
    for x in np.asarray(expected, dtype=float):
        assert np.isclose(values, x, rtol=1e-9, atol=1e-9).any(), f"{what}: {x} not drawn"


def render(fig, lang):
    """Check the figure's language and draw it (missing glyphs are errors in this folder)."""
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    chinese = [t for t in texts if CJK.search(t.get_text())]
    if lang == "en":
        foreign = [t.get_text() for t in chinese]
        assert not foreign, f"English figure holds Chinese text: {foreign[0]!r}"
    else:
        assert chinese, "Chinese figure holds no Chinese text"
        assert all("Noto Sans CJK SC" in t.get_fontfamily() for t in chinese), "needs a CJK font"


META = {"scenario": ["bau", "plan"], "runs": {"bau": 6, "plan": 6}, "scale": 0.01,
        "convention": "consumption", "code_version": "abc1234"}  # fmt: skip


# ------------------------------------------------------------------------------------ peak


@pytest.mark.parametrize("lang", LANGS)
def test_peak_year_bars_are_the_distribution(experiments, lang):
    dist = experiments.table("peak_year_distribution.csv")
    prob = experiments.table("peak_probability.csv")
    states = experiments.table("peak_states.csv")
    fig = vf.peak_year_figure(dist, prob, states, lang=lang, meta=META)
    render(fig, lang)
    for scenario in ("bau", "plan"):
        mine = dist.loc[dist["scenario"] == scenario]
        peaked = mine.loc[mine["state"] == "peaked"]
        bars = by_gid(fig, f"peak_year:{scenario}") if len(peaked) else []
        drawn = sorted((b.get_x() + b.get_width() / 2, b.get_height()) for b in bars)
        expected = sorted(zip(peaked["label"].astype(float), 100 * peaked["share"], strict=True))
        np.testing.assert_allclose(drawn, expected, err_msg=f"{scenario} peak-year bars")
        for state in ("plateau", "not_peaked"):
            bar = one(fig, f"peak_state:{scenario}:{state}")
            share = float(mine.loc[mine["label"] == state, "share"].iloc[0])
            assert bar.get_height() == pytest.approx(100 * share), f"{scenario} {state} bar"
        row = prob.loc[(prob["scenario"] == scenario) & (prob["year"] == 2030)].iloc[0]
        label = one(fig, f"p_peaked_by:{scenario}").get_text()
        assert (
            f"{100 * row['p_peaked']:.0f}%" in label
            and f"{100 * row['p_peaked_high']:.0f}%" in label
        )


def test_peak_state_whiskers_are_the_wilson_interval(experiments):
    dist = experiments.table("peak_year_distribution.csv")
    states = experiments.table("peak_states.csv")
    fig = vf.peak_year_figure(dist, experiments.table("peak_probability.csv"), states, lang="en")
    row = states.loc[(states["scenario"] == "plan") & (states["state"] == "not_peaked")].iloc[0]
    parts = by_gid(fig, "peak_state_ci:plan:not_peaked")
    (whisker,) = [p for p in parts if isinstance(p, LineCollection)]
    ys = np.concatenate([seg[:, 1] for seg in whisker.get_segments()])
    np.testing.assert_allclose(sorted(ys), [100 * row["ci_low"], 100 * row["ci_high"]])


@pytest.mark.parametrize("lang", LANGS)
def test_cumulative_curves_are_the_probabilities(experiments, lang):
    prob = experiments.table("peak_probability.csv")
    fig = vf.peak_probability_figure(prob, lang=lang, meta=META)
    render(fig, lang)
    for scenario in ("bau", "plan"):
        mine = prob.loc[prob["scenario"] == scenario].sort_values("year")
        for column in ("p_peaked", "p_plateau_or_peaked"):
            line = one(fig, f"{column}:{scenario}")
            np.testing.assert_allclose(line.get_xdata(), mine["year"])
            np.testing.assert_allclose(line.get_ydata(), 100 * mine[column])
            band = poly_ys(one(fig, f"{column}:{scenario}:band"))
            contains_all(band, 100 * mine[f"{column}_low"], f"{column} band low")
            contains_all(band, 100 * mine[f"{column}_high"], f"{column} band high")


# ------------------------------------------------------------------------------- emissions


@pytest.mark.parametrize("lang", LANGS)
def test_fan_chart_is_the_bands(experiments, lang):
    bands = experiments.table("emission_bands.csv")
    fig = vf.emissions_fan_figure(bands, lang=lang, meta=META)
    render(fig, lang)
    k = MASS[lang]
    plan = bands.loc[bands["scenario"] == "plan"].sort_values("year")
    bau = bands.loc[bands["scenario"] == "bau"].sort_values("year")
    np.testing.assert_allclose(one(fig, "median:plan").get_ydata(), k * plan["q50"])
    np.testing.assert_allclose(one(fig, "bau:plan").get_ydata(), k * bau["q50"])
    for gid, low, high in (("band90", "q05", "q95"), ("band50", "q25", "q75")):
        ys = poly_ys(one(fig, f"{gid}:plan"))
        contains_all(ys, k * plan[low], gid)
        contains_all(ys, k * plan[high], gid)
    level = one(fig, "level2020:plan").get_ydata()
    np.testing.assert_allclose(level, k * plan.loc[plan["year"] == 2020, "q50"].iloc[0])
    assert not [a for a in fig.findobj() if a.get_gid() == "median:bau"], (
        "BAU is the reference line in the policy panels, not a panel of its own"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_sector_stack_tops_are_cumulative_sums(experiments, lang):
    table = experiments.table("sector_co2.csv")
    fig = vf.sector_area_figure(table, lang=lang, meta=META)
    render(fig, lang)
    plan = table.loc[table["scenario"] == "plan"]
    wide = plan.pivot_table(index="year", columns="sector", values="co2_mt")
    drawn = [s for s in wide.columns if (wide[s].abs() > 1e-12).any()]
    stacked = np.zeros(len(wide))
    order = [s for s in vf.emissions._SECTOR_ORDER if s in drawn]
    for sector in order:
        stacked = stacked + wide[sector].to_numpy()
        ys = poly_ys(one(fig, f"sector:plan:consumption:{sector}"))
        contains_all(ys, MASS[lang] * stacked, f"top of {sector}")
    zero = [s for s in wide.columns if s not in drawn]
    assert all(not [a for a in fig.findobj() if a.get_gid() == f"sector:plan:consumption:{s}"]
               for s in zero), "an all-zero sector must not be stacked"  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_reconciliation_lines_and_gap(experiments, lang):
    table = experiments.table("reconciliation.csv")
    fig = vf.reconciliation_figure(table, lang=lang, meta=META)
    render(fig, lang)
    k = MASS[lang]
    bau = table.loc[table["scenario"] == "bau"].sort_values("year")
    np.testing.assert_allclose(one(fig, "consumption:bau").get_ydata(), k * bau["consumption_mt"])
    np.testing.assert_allclose(one(fig, "production:bau").get_ydata(), k * bau["production_mt"])
    contains_all(poly_ys(one(fig, "embodied:bau")), k * bau["embodied_net_exports_mt"], "exports")
    contains_all(poly_ys(one(fig, "mix:bau")), k * bau["mix_difference_mt"], "mix term")
    difference = one(fig, "difference:bau").get_ydata()
    np.testing.assert_allclose(difference, k * (bau["production_mt"] - bau["consumption_mt"]))
    terms = bau["embodied_net_exports_mt"] + bau["mix_difference_mt"]
    np.testing.assert_allclose(difference, k * terms, err_msg="the two terms add up to the gap")


# --------------------------------------------------------------------------------- targets


@pytest.mark.parametrize("lang", LANGS)
def test_adoption_curves_and_targets(experiments, lang):
    table = experiments.table("kpi_bands.csv")
    fig = vf.adoption_figure(table, lang=lang, meta=META)
    render(fig, lang)
    for kpi in ("ev_share_private_cars", "nev_bus_share", "straw_utilization_rate"):
        mine = table.loc[(table["kpi"] == kpi) & (table["scenario"] == "plan")].sort_values("year")
        np.testing.assert_allclose(one(fig, f"adoption:{kpi}:plan").get_ydata(), 100 * mine["q50"])
        band = poly_ys(one(fig, f"adoption:{kpi}:plan:band"))
        contains_all(band, 100 * mine["q95"], f"{kpi} q95")
    bus = next(t for t in TARGETS if t.kpi == "nev_bus_share")
    marker = one(fig, f"target:nev_bus_share:{bus.year}")
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == pytest.approx(
        (bus.year, 100 * bus.value)
    )
    for kpi, factor in (("rooftop_pv_gw", 1.0), ("hydrogen_output_kt", {"zh": 0.1, "en": 1.0})):
        mine = table.loc[(table["kpi"] == kpi) & (table["scenario"] == "plan")].sort_values("year")
        k = factor[lang] if isinstance(factor, dict) else factor
        line = one(fig, f"adoption:{kpi}:plan").get_ydata()
        np.testing.assert_allclose(line, k * mine["q50"], err_msg=f"{kpi} (kt = 0.1 万吨)")


def test_adoption_refuses_a_table_without_its_indicators(experiments):
    table = experiments.table("kpi_bands.csv")
    other = table.loc[table["kpi"] == "coal_consumption_mt"]
    with pytest.raises(FigureDataError, match="none of the indicators"):
        vf.adoption_figure(other, lang="en")


@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_margins_and_p_met(experiments, lang):
    table = experiments.table("scorecard.csv")
    fig = vf.scorecard_figure(table, lang=lang, meta=META)
    render(fig, lang)
    for row in table.itertuples():
        key = f"{row.scenario}:{row.kpi}:{row.year}"
        bar = one(fig, f"p_met:{key}")
        assert isinstance(bar, Rectangle)
        assert bar.get_width() == pytest.approx(100 * row.p_met), f"P(met) bar of {key}"
        dot = one(fig, f"margin:{key}")
        expected = float(margin(row.q50, row.target, row.sense))
        limit = vf.targets.MARGIN_LIMIT
        assert dot.get_xdata()[0] == pytest.approx(np.clip(expected, -limit, limit)), key
        beyond = {True: ">" if expected > 0 else "<", False: "o"}[abs(expected) > limit]
        assert dot.get_marker() == beyond, f"a margin beyond ±{limit}% is an arrowhead ({key})"


def test_a_margin_beyond_the_axis_is_an_arrowhead_at_its_edge(experiments):
    table = experiments.table("scorecard.csv")
    table.loc[0, ["q05", "q50", "q95"]] = 10 * abs(table.loc[0, "target"]) + table.loc[0, "target"]
    row = table.iloc[0]
    expected = float(margin(row["q50"], row["target"], row["sense"]))
    fig = vf.scorecard_figure(table, lang="en")
    dot = one(fig, f"margin:{row['scenario']}:{row['kpi']}:{row['year']}")
    edge = vf.targets.MARGIN_LIMIT * np.sign(expected)
    assert (dot.get_xdata()[0], dot.get_marker()) == (edge, ">" if expected > 0 else "<")


def test_margin_is_positive_exactly_when_the_target_is_met():
    assert margin(0.8, 0.72, ">=") > 0 > margin(0.6, 0.72, ">=")
    assert margin(7.0, 7.9056, "<=") > 0 > margin(8.5, 7.9056, "<=")
    assert margin(-0.70, -0.65, "<=") > 0 > margin(-0.60, -0.65, "<=")


# ----------------------------------------------------------------------------- sensitivity


@pytest.mark.parametrize("lang", LANGS)
def test_tornado_bars_are_the_lever_effects(experiments, lang):
    levers = pd.read_csv(experiments.report / "levers" / "levers.csv")
    fig = vf.lever_tornado_figure(levers, top=None, lang=lang, meta=META)
    render(fig, lang)
    for row in levers.itertuples():
        for outcome, value in (("d_co2_2030", row.d_co2_2030_mt), ("d_cum_co2", row.d_cum_co2_mt)):
            bar = one(fig, f"tornado:{outcome}:{row.lever}:{row.end}")
            assert bar.get_width() == pytest.approx(MASS[lang] * value), (row.lever, row.end)
    # Levers run from the largest effect down (top row has the smallest y after inversion).
    size = levers.groupby("lever")["d_co2_2030_mt"].agg(lambda s: s.abs().max())
    ys = {lev: one(fig, f"tornado:d_co2_2030:{lev}:high").get_y() for lev in size.index}
    assert sorted(ys, key=ys.get) == list(size.sort_values(ascending=False).index)


def test_tornado_fiscal_panel_uses_yi_yuan_in_chinese(experiments):
    levers = pd.read_csv(experiments.report / "levers" / "levers.csv")
    fig = vf.lever_tornado_figure(levers, outcomes=("d_fiscal",), top=None, lang="zh")
    for row in levers.itertuples():
        bar = one(fig, f"tornado:d_fiscal:{row.lever}:{row.end}")
        assert bar.get_width() == pytest.approx(row.d_fiscal_myuan / 100), "1 亿元 = 100 million"
    assert "亿元" in fig.axes[0].get_xlabel()


def test_tornado_lever_ranges_read_in_the_shown_units(experiments):
    levers = pd.read_csv(experiments.report / "levers" / "levers.csv")
    fig = vf.lever_tornado_figure(levers, top=None, lang="zh")
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    cap = next(n for n in names if n.startswith(REGISTRY["coal_consumption_cap_mt"].label_zh))
    low, high = levers.loc[levers["lever"] == "coal_consumption_cap_mt", "value"].sort_values()
    assert f"{100 * low:,.0f}–{100 * high:,.0f} 万吨/年" in cap, "Mt/yr read as 万吨/年"
    ban = next(n for n in names if n.startswith(REGISTRY["coal_stove_ban_year"].label_zh))
    ends = levers.loc[levers["lever"] == "coal_stove_ban_year", "value"].sort_values()
    assert ban.endswith(f"({ends.iloc[0]:.0f}–{ends.iloc[1]:.0f})"), "years are written bare"
    share = next(n for n in names if n.startswith(REGISTRY["bus_nev_procurement_share"].label_zh))
    assert "0–100%" in share, "shares in percent"


def _sensitivity(folder, method):
    outcomes = ("peak_year", "peak_emissions_mt", "cumulative_co2_mt")
    return {o: pd.read_csv(folder / "analysis" / f"{method}_{o}.csv") for o in outcomes}


@pytest.mark.parametrize("lang", LANGS)
def test_sobol_bars_are_the_indices(experiments, lang):
    indices = _sensitivity(experiments.sobol, "sobol")
    fig = vf.sobol_figure(indices, lang=lang, meta=META)
    render(fig, lang)
    low, high = vf.sensitivity.SOBOL_LIMITS
    drawn = 0
    for outcome, table in indices.items():
        for row in table.itertuples():
            for index in ("S1", "ST"):
                value = getattr(row, index)
                gid = f"sobol:{outcome}:{row.parameter}:{index}"
                if not np.isfinite(value):  # a constant outcome has no indices: no bar
                    assert not [a for a in fig.findobj() if a.get_gid() == gid], gid
                    continue
                assert one(fig, gid).get_width() == pytest.approx(min(max(value, low), high))
                drawn += 1
    assert drawn, "the fixture's Sobol run has indices to draw"


@pytest.mark.parametrize("lang", LANGS)
def test_morris_points_are_mu_star_and_sigma(experiments, lang):
    indices = _sensitivity(experiments.morris, "morris")
    fig = vf.morris_figure(indices, lang=lang, meta=META)
    render(fig, lang)
    for outcome, table in indices.items():
        k = 1.0 if outcome == "peak_year" else MASS[lang]
        for row in table.itertuples():
            point = one(fig, f"morris:{outcome}:{row.parameter}")
            drawn = (point.get_xdata()[0], point.get_ydata()[0])
            assert drawn == pytest.approx((k * row.mu_star, k * row.sigma))


# ---------------------------------------------------------------------------------- policy


@pytest.mark.parametrize("lang", LANGS)
def test_policy_map_cells_are_the_probabilities(experiments, lang):
    table = experiments.analysis(experiments.sweep, "policy_map.csv")
    fig = vf.policy_map_figure(table, lang=lang, meta=META)
    render(fig, lang)
    mesh = one(fig, "policy_map")
    assert isinstance(mesh, QuadMesh)
    grid = table.pivot(index="carbon_price_yuan_per_t", columns="wind_solar_capacity_2030_gw",
                       values="p").sort_index(ascending=False).sort_index(axis=1)  # fmt: skip
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(grid.shape), 100 * grid)


def test_policy_map_needs_two_lever_columns(experiments):
    table = experiments.analysis(experiments.sweep, "policy_map.csv")
    with pytest.raises(FigureDataError, match="exactly two lever columns"):
        vf.policy_map_figure(table.drop(columns="carbon_price_yuan_per_t"), lang="en")


@pytest.mark.parametrize("lang", LANGS)
def test_scenario_wedges_are_named_by_scenario(experiments, lang):
    by_year = pd.read_csv(experiments.report / "wedges_by_year.csv")
    totals = pd.read_csv(experiments.report / "wedges.csv")
    fig = vf.wedge_figure(by_year, totals, lang=lang, meta=META)
    render(fig, lang)
    for row in totals.itertuples():
        mine = by_year.loc[by_year["point_id"] == row.point_id].sort_values("year")
        line = one(fig, f"wedge:{row.point_id}")
        np.testing.assert_allclose(line.get_ydata(), MASS[lang] * mine["avoided_mt"])
        assert line.get_color() == vf.style.SCENARIO_COLOURS[row.scenario]
    ticks = {t.get_text() for t in fig.axes[1].get_yticklabels()}
    names = {vf.labels.scenario_label(s, lang) for s in totals["scenario"]}
    assert {t.replace("\n", "") for t in ticks} == names, "bars are named by their scenario"


@pytest.mark.parametrize("lang", LANGS)
def test_wedges_are_the_avoided_emissions(experiments, lang):
    by_year = experiments.analysis(experiments.sweep, "wedges_by_year.csv")
    totals = experiments.analysis(experiments.sweep, "wedges.csv")
    fig = vf.wedge_figure(by_year, totals, lang=lang, meta=META)
    render(fig, lang)
    k = MASS[lang]
    for point in totals["point_id"]:
        mine = by_year.loc[by_year["point_id"] == point].sort_values("year")
        np.testing.assert_allclose(one(fig, f"wedge:{point}").get_ydata(), k * mine["avoided_mt"])
        mean = totals.loc[totals["point_id"] == point, "avoided_mt_mean"].iloc[0]
        assert one(fig, f"wedge_total:{point}").get_width() == pytest.approx(k * mean)


def _prim_boxes(experiments) -> pd.DataFrame:
    names = [n for n in ("bau", "current", "plan", "enhanced")
             if (experiments.scenario(n) / "analysis" / "prim_box.csv").is_file()]  # fmt: skip
    assert names, "the fixture's scenarios have runs that miss and meet 2030: a PRIM box"
    return experiments.table("prim_box.csv", tuple(names))


@pytest.mark.parametrize("lang", LANGS)
def test_prim_box_segments_are_the_box_in_the_registry_range(experiments, lang):
    table = _prim_boxes(experiments)
    fig = vf.prim_box_figure(table, lang=lang, meta=META)
    render(fig, lang)
    for row in table.itertuples():
        param = REGISTRY[row.parameter]
        lo = row.low if np.isfinite(row.low) else param.low
        hi = row.high if np.isfinite(row.high) else param.high
        span = param.high - param.low
        segment = one(fig, f"prim:{row.scenario}:{row.parameter}")
        assert segment.get_x() == pytest.approx((lo - param.low) / span)
        assert segment.get_width() == pytest.approx((hi - lo) / span)


@pytest.mark.parametrize("lang", LANGS)
def test_validation_places_the_model_in_its_band(experiments, lang):
    table = pd.read_csv(experiments.report / "validation" / "validation.csv")
    fig = vf.validation_figure(table, lang=lang, meta=META)
    render(fig, lang)
    for row in table.itertuples():
        marker = one(fig, f"validation:{row.check}")
        assert isinstance(marker, Line2D)
        position = (row.model - row.low) / (row.high - row.low)
        assert marker.get_xdata()[0] == pytest.approx(position)
        assert marker.get_marker() == ("o" if row.passed else "X"), f"{row.check} pass/fail mark"


def test_a_failed_check_is_marked_outside_its_band(experiments):
    table = pd.read_csv(experiments.report / "validation" / "validation.csv")
    table.loc[0, ["model", "passed"]] = [table.loc[0, "high"] * 1.5, False]
    fig = vf.validation_figure(table, lang="en")
    marker = one(fig, f"validation:{table.loc[0, 'check']}")
    assert marker.get_marker() == "X" and marker.get_xdata()[0] > 1


def test_validation_rows_are_readable_in_chinese(experiments):
    table = pd.read_csv(experiments.report / "validation" / "validation.csv")
    fig = vf.validation_figure(table, lang="zh")
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(n.startswith("煤炭消费量") for n in names), names
    rows = [t.get_text() for t in fig.axes[1].texts]
    grid = table.loc[table["check"].str.startswith("Northeast grid factor")].iloc[0]
    text = next(r for r in rows if f"{grid.model:.4g}" in r)
    assert f"{grid.low:.4g}" in text and f"{grid.high:.4g}" in text, "a narrow band's ends differ"


# ------------------------------------------------------------------------------ bad tables


def test_a_missing_column_is_named(experiments):
    bands = experiments.table("emission_bands.csv").drop(columns="q25")
    with pytest.raises(FigureDataError, match=r"emission_bands lacks column\(s\) q25"):
        vf.emissions_fan_figure(bands, lang="en")


def test_an_empty_table_is_refused(experiments):
    bands = experiments.table("emission_bands.csv").iloc[0:0]
    with pytest.raises(FigureDataError, match="emission_bands has no rows"):
        vf.emissions_fan_figure(bands, lang="en")


def test_negative_sector_co2_cannot_be_stacked(experiments):
    table = experiments.table("sector_co2.csv")
    table.loc[0, "co2_mt"] = -1.0
    with pytest.raises(FigureDataError, match="negative CO2"):
        vf.sector_area_figure(table, lang="en")


def test_an_unknown_language_is_refused(experiments):
    with pytest.raises(ValueError, match="lang='fr' is not supported"):
        vf.emissions_fan_figure(experiments.table("emission_bands.csv"), lang="fr")
