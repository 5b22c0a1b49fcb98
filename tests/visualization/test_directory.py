"""``plot_directory``: every figure the data supports, one line per figure it cannot draw."""

from __future__ import annotations

import shutil
import warnings

import pytest

from visualization.figures import FIGURES, PlotError, plot_directory, style

ALL = [spec.name for spec in FIGURES]


def test_a_report_directory_draws_every_figure_in_chinese(experiments, tmp_path):
    report = plot_directory(experiments.report, out=tmp_path, lang="zh")
    assert [d.name for d in report.drawn] == ALL, report.skipped_lines()
    assert report.skipped == [] and report.exit_code == 0 and report.lang == "zh"
    for drawn in report.drawn:
        (path,) = drawn.paths
        assert path == tmp_path / f"{drawn.name}_zh.png" and path.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}_zh.png" for n in ALL), (
        "only the figures are written (no temporary files left)"
    )


def test_todays_experiment_draws_what_it_has_and_names_what_it_lacks(experiments, tmp_path):
    report = plot_directory(experiments.plain, out=tmp_path, lang="en", formats="png,svg")
    assert [d.name for d in report.drawn] == ["emissions_fan", "prim_box"]
    assert {p.name for d in report.drawn for p in d.paths} == {
        "emissions_fan_en.png", "emissions_fan_en.svg", "prim_box_en.png", "prim_box_en.svg"
    }  # fmt: skip
    lines = dict(line.split(": ", 1) for line in report.skipped_lines())
    assert set(lines) == set(ALL) - {"emissions_fan", "prim_box"}
    assert all("\n" not in line for line in report.skipped_lines())
    assert lines["peak_year"].startswith("peak_year_distribution lacks column(s) label, state, n")
    assert lines["policy_map"].startswith("no policy_map.csv under")
    assert "carbonpeak sensitivity --method sobol" in lines["sobol"]
    assert report.exit_code == 0


def test_a_sweep_draws_its_policy_map_and_wedges(experiments, tmp_path):
    report = plot_directory(experiments.sweep, out=tmp_path, lang="en", formats=("pdf",))
    drawn = {d.name for d in report.drawn}
    assert {"policy_map", "wedges"} <= drawn
    assert (tmp_path / "policy_map_en.pdf").read_bytes().startswith(b"%PDF")


def test_a_directory_that_is_no_experiment_draws_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("not an experiment", encoding="utf-8")
    report = plot_directory(tmp_path, lang="en")
    assert report.nothing_drawn and report.exit_code == 2
    assert [s.name for s in report.skipped] == ALL, "one line per figure"
    assert not (tmp_path / "figures").exists(), "nothing written when nothing is drawn"


def test_an_unreadable_table_is_named_and_the_rest_is_drawn(experiments, tmp_path):
    store = tmp_path / "plan"
    shutil.copytree(experiments.plain, store)
    (store / "analysis" / "prim_box.csv").write_bytes(b'\x00\xff\x00 not a csv "')
    report = plot_directory(store, out=tmp_path / "out", lang="en")
    assert [d.name for d in report.drawn] == ["emissions_fan"]
    (line,) = [s.reason for s in report.skipped if s.name == "prim_box"]
    assert "prim_box.csv cannot be read" in line


def test_the_default_output_is_the_figures_folder(experiments, tmp_path):
    store = tmp_path / "plan"
    shutil.copytree(experiments.plain, store)
    report = plot_directory(store / "analysis", lang="en")
    assert report.out == store / "analysis" / "figures"
    assert (report.out / "emissions_fan_en.png").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, "lang='fr' is not supported"),
        ({"formats": ("png", "jpg")}, "format jpg is not supported; use png, svg, pdf"),
        ({"formats": ""}, "format (none) is not supported"),
    ],
)
def test_bad_options_are_refused_in_one_line(experiments, kwargs, message):
    with pytest.raises(PlotError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plot_directory(experiments.plain, **kwargs)


def test_a_missing_directory_is_refused(tmp_path):
    with pytest.raises(PlotError, match="does not exist"):
        plot_directory(tmp_path / "nowhere")
    (tmp_path / "file.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(PlotError, match="is not a directory"):
        plot_directory(tmp_path / "file.csv")


@pytest.fixture
def no_cjk_font(monkeypatch):
    """Pretend no CJK font is installed (the caches are reset before and after)."""
    monkeypatch.setattr(style, "CJK_FAMILIES", ("No Such CJK Font",))
    monkeypatch.setattr(style, "_CJK_FILE_HINTS", ())
    style.cjk_family.cache_clear()
    style._warn_no_cjk.cache_clear()
    yield
    style.cjk_family.cache_clear()
    style._warn_no_cjk.cache_clear()


def test_without_a_cjk_font_chinese_falls_back_to_english_with_one_warning(
    experiments, tmp_path, no_cjk_font
):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = plot_directory(experiments.plain, out=tmp_path, lang="zh")
    font_warnings = [w for w in caught if "no Chinese (CJK) font found" in str(w.message)]
    assert len(font_warnings) == 1, "one clear warning, not one per figure"
    assert report.lang == "en" and "figures drawn in English" in report.notes[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emissions_fan_en.png", "prim_box_en.png"]
    assert style.font_families("zh") == [style.LATIN_FAMILY]
