"""``plot_directory``: every figure the data supports, one line per figure it cannot draw."""

from __future__ import annotations

import shutil
import warnings

import pytest

from visualization.figures import FIGURES, PlotError, plot_directory, style

ALL = [spec.name for spec in FIGURES]


#: The figures of one Monte Carlo experiment's tables.
MONTE_CARLO = ["peak_year", "peak_probability", "emissions_fan", "sector_co2", "reconciliation",
               "adoption", "scorecard", "prim_box"]  # fmt: skip


@pytest.fixture
def quick(monkeypatch):
    """Figures written at 40 dpi: these tests check which files appear, not how they look."""
    monkeypatch.setattr(style, "DPI", 40)


def _only(experiments, target, keep=("emission_bands.csv",)):
    """A copy of one Monte Carlo store whose analyses hold only ``keep`` (figures are slow)."""
    shutil.copytree(experiments.plain, target)
    for path in (target / "analysis").iterdir():
        if path.name not in (*keep, "summary.json"):
            path.unlink()
    return target


def _full(experiments, target):
    """The report with the sweep and sensitivity runs copied in: every figure's tables."""
    shutil.copytree(experiments.report, target, ignore=shutil.ignore_patterns("figures"))
    for folder in (experiments.sweep, experiments.sobol, experiments.morris):
        shutil.copytree(folder, target / folder.name)
    return target


def test_a_directory_with_every_experiment_draws_every_figure(experiments, tmp_path, quick):
    source = _full(experiments, tmp_path / "full")
    report = plot_directory(source, out=tmp_path / "out", lang="zh")
    assert [d.name for d in report.drawn] == ALL, report.skipped_lines()
    assert report.skipped == [] and report.exit_code == 0 and report.lang == "zh"
    for drawn in report.drawn:
        (path,) = drawn.paths
        assert path == tmp_path / "out" / f"{drawn.name}_zh.png" and path.stat().st_size > 1000
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{n}_zh.png" for n in ALL
    ), "only the figures are written (no temporary files left)"
    assert report.notes == ["wedges.csv found in 2 places; drew " + str(source / "wedges.csv"),
                            "wedges_by_year.csv found in 2 places; drew "
                            + str(source / "wedges_by_year.csv")]  # fmt: skip


def test_one_monte_carlo_draws_its_figures_and_names_what_it_lacks(experiments, tmp_path, quick):
    report = plot_directory(experiments.plain, out=tmp_path, lang="en")
    assert [d.name for d in report.drawn] == MONTE_CARLO
    assert {p.name for d in report.drawn for p in d.paths} == {f"{n}_en.png" for n in MONTE_CARLO}
    lines = dict(line.split(": ", 1) for line in report.skipped_lines())
    assert set(lines) == set(ALL) - set(MONTE_CARLO)
    assert all("\n" not in line for line in report.skipped_lines())
    assert lines["policy_map"].startswith("no policy_map.csv under")
    assert "carbonpeak levers" in lines["lever_tornado"]
    assert "carbonpeak validate" in lines["validation"]
    assert "carbonpeak sensitivity --method sobol" in lines["sobol"]
    assert report.exit_code == 0


def test_each_format_asked_for_is_written(experiments, tmp_path, quick):
    store = _only(experiments, tmp_path / "plan")
    report = plot_directory(store, out=tmp_path / "out", lang="en", formats="png,svg,pdf")
    (drawn,) = report.drawn
    assert [p.name for p in drawn.paths] == [f"emissions_fan_en.{f}" for f in ("png", "svg", "pdf")]
    assert drawn.paths[2].read_bytes().startswith(b"%PDF")
    assert b"<svg" in drawn.paths[1].read_bytes()[:500]


def test_a_directory_that_is_no_experiment_draws_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("not an experiment", encoding="utf-8")
    report = plot_directory(tmp_path, lang="en")
    assert report.nothing_drawn and report.exit_code == 2
    assert [s.name for s in report.skipped] == ALL, "one line per figure"
    assert not (tmp_path / "figures").exists(), "nothing written when nothing is drawn"


def test_an_unreadable_table_is_named_and_the_rest_is_drawn(experiments, tmp_path, quick):
    store = _only(experiments, tmp_path / "plan", keep=("emission_bands.csv", "scorecard.csv"))
    (store / "analysis" / "scorecard.csv").write_bytes(b'\x00\xff\x00 not a csv "')
    report = plot_directory(store, out=tmp_path / "out", lang="en")
    assert [d.name for d in report.drawn] == ["emissions_fan"]
    (line,) = [s.reason for s in report.skipped if s.name == "scorecard"]
    assert "scorecard.csv cannot be read" in line


def test_the_default_output_is_the_figures_folder(experiments, tmp_path, quick):
    store = _only(experiments, tmp_path / "plan")
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
    experiments, tmp_path, no_cjk_font, quick
):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = plot_directory(_only(experiments, tmp_path / "plan"), out=tmp_path / "out",
                                lang="zh")  # fmt: skip
    font_warnings = [w for w in caught if "no Chinese (CJK) font found" in str(w.message)]
    assert len(font_warnings) == 1, "one clear warning, not one per figure"
    assert report.lang == "en" and "figures drawn in English" in report.notes[0]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["emissions_fan_en.png"]
    assert style.font_families("zh") == [style.LATIN_FAMILY]
