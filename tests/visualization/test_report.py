"""``carbonpeak report`` and ``carbonpeak plot`` end to end, on the session's small real report.

The report was made by the command line itself (``conftest.run_report_command``); these tests
read what it wrote and compare it with the tables it was made from.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import END_YEAR, REPORT_ARGS, run_report_command

from carbonpeak.cli import main
from experiments.report import SCENARIOS, ReportSettings
from tests.cli_support import refused
from visualization.figures import FIGURES, style
from visualization.figures.labels import scenario_label, sector_label
from visualization.report.markdown import REPORT_FILES
from visualization.report.words import word

ALL = [spec.name for spec in FIGURES]
#: What the report's own experiments cannot give (sensitivity runs, a two-lever sweep).
NOT_IN_REPORT = {"sobol", "morris", "policy_map"}
REPORT_FIGURES = [n for n in ALL if n not in NOT_IN_REPORT]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.fixture
def quick(monkeypatch):
    """Figures written at 40 dpi: these tests check which files appear, not how they look."""
    monkeypatch.setattr(style, "DPI", 40)


def summary(experiments, name: str) -> dict:
    return json.loads((experiments.scenario(name) / "analysis" / "summary.json").read_text())


def section(text: str, heading: str) -> str:
    """The text under ``## heading`` up to the next heading of the same level."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def table_rows(text: str) -> dict[str, list[str]]:
    """Markdown table rows by their first cell (header and rule left out)."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows.setdefault(cells[0], cells)
    return rows


def numbers(cell: str) -> list[float]:
    return [float(x) for x in NUMBER.findall(cell.replace(",", ""))]


def test_the_report_draws_every_figure_it_can_in_both_languages(experiments):
    figures = experiments.report / "figures"
    index = json.loads((figures / "index.json").read_text(encoding="utf-8"))
    for lang in ("zh", "en"):
        for name in REPORT_FIGURES:
            path = figures / f"{name}_{lang}.png"
            assert path.stat().st_size > 10_000, f"{path.name} drawn at print resolution"
        entry = index["plots"][lang]
        assert entry["lang"] == lang and sorted(entry["drawn"]) == sorted(REPORT_FIGURES)
        assert {name for name, _ in entry["skipped"]} == NOT_IN_REPORT


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_headline_table_holds_each_scenarios_summary(experiments, lang):
    text = (experiments.report / REPORT_FILES[lang]).read_text(encoding="utf-8")
    rows = table_rows(section(text, word("headline", lang)))
    assert len(rows) == 1 + len(SCENARIOS), "a header and one row per scenario"
    for name in SCENARIOS:
        s = summary(experiments, name)
        cells = rows[scenario_label(name, lang)]
        for cell, key in ((cells[1], "p_peak_by_2030"), (cells[2], "p_plateau_or_peaked_by_2030")):
            expected = [s[key], *s[f"{key}_ci95"]]
            np.testing.assert_allclose(numbers(cell), 100 * np.array(expected), atol=0.051)
        shares = [s["state_counts"][k] / s["runs"] for k in ("peaked", "plateau", "not_peaked")]
        np.testing.assert_allclose(numbers(cells[3]), 100 * np.array(shares), atol=0.51)
        median = s["median_peak_year"]
        assert cells[4] == (str(median) if median else word("no_median", lang, end=END_YEAR))
        noise = (s["stochastic_share"] or {}).get("peaked_by_2030")
        if noise is None:  # no variance at all: every run has the same outcome
            assert cells[5] == word("no_variance", lang)
        else:
            assert numbers(cells[5]) == pytest.approx([100 * noise], abs=0.051), "noise share"


def test_each_scenarios_scorecard_and_cost_are_in_the_report(experiments):
    text = (experiments.report / "REPORT.md").read_text(encoding="utf-8")
    costs = pd.read_csv(experiments.report / "scenario_costs.csv").set_index("scenario")
    for name in SCENARIOS:
        part = text.split(f"### {scenario_label(name, 'en')}\n", 1)[1]
        part = re.split(r"\n##+ ", part, maxsplit=1)[0]
        scorecard = pd.read_csv(experiments.scenario(name) / "analysis" / "scorecard.csv")
        rows = [r for r in part.splitlines() if r.startswith("| ") and "%" in r.split("|")[-2]]
        assert len(rows) == len(scorecard), f"{name}: one row per plan target"
        for line, target in zip(rows, scorecard.itertuples(), strict=True):
            p_met = numbers(line.split("|")[-2])
            expected = 100 * np.array([target.p_met, target.p_met_low, target.p_met_high])
            np.testing.assert_allclose(p_met, expected, atol=0.051, err_msg=line)
        fiscal = costs.at[name, "fiscal_cost_myuan"] / 1000
        assert f"Fiscal cost 2020–{END_YEAR}: {fiscal:,.1f} billion yuan" in part
        if name != "bau":
            assert f"CO₂ avoided {costs.at[name, 'avoided_mt']:,.1f} Mt" in part


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sector_table_adds_up_to_the_co2_avoided(experiments, lang):
    by_sector = pd.read_csv(experiments.report / "sector_wedges.csv")
    costs = pd.read_csv(experiments.report / "scenario_costs.csv").set_index("scenario")
    totals = by_sector.groupby("scenario")["avoided_mt_mean"].sum()
    for name in SCENARIOS[1:]:
        assert totals[name] == pytest.approx(costs.at[name, "avoided_mt"], abs=1e-9)
    text = (experiments.report / REPORT_FILES[lang]).read_text(encoding="utf-8")
    part = text.split(f"### {word('sectors_title', lang)}\n", 1)[1].split("\n#", 1)[0]
    rows = table_rows(part)
    industry = sector_label("industry", lang)
    shown = [numbers(c)[0] for c in rows[industry][1:]]
    expected = by_sector[by_sector["sector"] == "industry"]["avoided_mt_mean"].to_numpy()
    factor = 100 if lang == "zh" else 1  # 万吨 in Chinese
    np.testing.assert_allclose(shown, factor * expected, atol=0.51 if lang == "zh" else 0.051)


def test_the_report_embeds_only_figures_that_exist(experiments):
    for lang, file in REPORT_FILES.items():
        text = (experiments.report / file).read_text(encoding="utf-8")
        links = re.findall(r"!\[[^]]*\]\(([^)]+)\)", text)
        assert sorted(links) == sorted(f"figures/{n}_{lang}.png" for n in REPORT_FIGURES)
        assert all((experiments.report / link).is_file() for link in links)


def test_scenarios_are_paired_and_the_costs_are_paired_differences(experiments):
    runs = {n: pd.read_parquet(experiments.scenario(n) / "runs.parquet") for n in SCENARIOS}
    keys = ["sample_id", "replication"]
    manifest = json.loads((experiments.scenario("bau") / "manifest.json").read_text())
    uncertainties = manifest["columns"]["params"]
    assert "gdp_growth_rate" in uncertainties
    base = runs["bau"].set_index(keys).sort_index()
    costs = pd.read_csv(experiments.report / "scenario_costs.csv").set_index("scenario")
    for name in SCENARIOS[1:]:
        mine = runs[name].set_index(keys).sort_index()
        assert (mine["seed"] == base["seed"]).all(), f"{name}: the same seeds as BAU"
        pd.testing.assert_frame_equal(mine[uncertainties], base[uncertainties])
        avoided = (base["cumulative_co2_mt"] - mine["cumulative_co2_mt"]).mean()
        extra = (mine["fiscal_cost_myuan"] - base["fiscal_cost_myuan"]).mean()
        assert costs.at[name, "avoided_mt"] == pytest.approx(avoided)
        assert costs.at[name, "extra_cost_myuan"] == pytest.approx(extra)
        if avoided > 0:
            assert costs.at[name, "cost_per_t_yuan"] == pytest.approx(extra / avoided)


def test_the_headline_convention_is_the_one_the_runs_stored(experiments):
    record = json.loads((experiments.report / "report.json").read_text(encoding="utf-8"))
    yearly = pd.read_parquet(experiments.scenario("plan") / "yearly")
    column = f"co2_{record['convention']}_mt"
    np.testing.assert_allclose(yearly["co2_mt"], yearly[column], err_msg=f"co2_mt is {column}")
    assert not np.allclose(yearly["co2_mt"], yearly["co2_production_mt"])


def test_a_second_report_reuses_every_run_and_figure(experiments, capsys, tmp_path):
    report = tmp_path / "report"
    shutil.copytree(experiments.report, report)  # the shared report is only read
    figures = sorted((report / "figures").glob("*.png"))
    before = {p: p.stat().st_mtime_ns for p in figures}
    stores = sorted(report.glob("**/runs.parquet"))
    counts = {p: len(pd.read_parquet(p)) for p in stores}
    capsys.readouterr()
    assert run_report_command(report) == 0
    out = capsys.readouterr().out
    total = sum(counts.values())
    assert f"{total} runs (0 made now, {total} reused from earlier)" in out
    assert {p: p.stat().st_mtime_ns for p in figures} == before, "figures are not redrawn"
    assert {p: len(pd.read_parquet(p)) for p in stores} == counts, "no run is added"
    assert "REPORT.md" in out and "Markdown viewer" in out, "says where the report is"


def test_other_settings_in_a_report_directory_are_refused(experiments, capsys):
    record = experiments.report / "report.json"
    before = record.stat().st_mtime_ns
    line = refused(capsys, ["report", "--out", str(experiments.report), *REPORT_ARGS,
                            "--runs", "4"])  # fmt: skip
    assert "holds a report made with other settings (runs 3 -> 4)" in line
    assert record.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "0"], "expected a number in (0, 1]"),
        (["--scale", "1.5"], "expected a number in (0, 1]"),
        (["--runs", "0"], "expected a positive integer"),
        (["--lang", "fr"], "language fr is not supported; use zh, en or zh,en"),
        (["--end-year", "2030"], "give 2031 or later"),
    ],
)
def test_bad_report_input_exits_2_in_one_line_and_writes_nothing(capsys, tmp_path, args, message):
    out = tmp_path / "report"
    line = refused(capsys, ["report", "--out", str(out), *args, "--no-progress"])
    assert message in line
    assert not out.exists(), "nothing is written on bad input"


def test_a_directory_that_holds_something_else_is_refused(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    line = refused(capsys, ["report", "--out", str(tmp_path), *REPORT_ARGS])
    assert "is not empty and holds no report" in line
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_help_states_the_library_defaults():
    from carbonpeak.commands.report import DEFAULTS

    defaults = {f.name: f.default for f in fields(ReportSettings)}
    assert {k: defaults[k] for k in DEFAULTS} == DEFAULTS


# ------------------------------------------------------------------------------- plot


def test_plot_on_a_directory_that_is_no_experiment_names_every_figure(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("not an experiment", encoding="utf-8")
    assert main(["plot", str(tmp_path), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == ALL, "one line per figure, in order"
    assert all(line.startswith("carbonpeak plot: ") for line in lines)
    assert "Traceback" not in captured.err and not (tmp_path / "figures").exists()


def test_plot_on_a_partial_report_draws_what_it_can(experiments, capsys, tmp_path, quick):
    source = tmp_path / "partial"
    kept = ("summary.json", "emission_bands.csv", "validation.csv", "manifest.json")

    def left_out(folder: str, names: list[str]) -> list[str]:
        files = [n for n in names if (Path(folder) / n).is_file() and n not in kept]
        return [*files, *(n for n in names if n in ("figures", "levers"))]

    shutil.copytree(experiments.report, source, ignore=left_out)
    assert main(["plot", str(source), "--out", str(tmp_path / "out"), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    skipped = [line.split(": ")[1] for line in captured.err.strip().splitlines()]
    assert skipped == [n for n in ALL if n not in ("emissions_fan", "validation")]
    assert "no levers.csv under" in captured.err and "carbonpeak levers" in captured.err
    drawn = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert drawn == ["emissions_fan_en.png", "validation_en.png"]
    assert "drew 2 figures" in captured.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "does not exist; give an experiment or report directory"),
        (["HERE", "--format", "jpg"], "format jpg is not supported; use png, svg, pdf"),
        (["HERE", "--lang", "fr"], "invalid choice: 'fr'"),
    ],
)
def test_bad_plot_arguments_exit_2_in_one_line(capsys, tmp_path, args, message):
    (tmp_path / "HERE").mkdir()
    argv = ["plot", *[str(tmp_path / a) if a in ("nowhere", "HERE") else a for a in args]]
    assert message in refused(capsys, argv)
