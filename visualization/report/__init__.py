"""``carbonpeak report``: run the report's experiments, draw its figures, write REPORT.md.

``build_report`` is the whole job for notebooks and the command line alike: the experiments
(``experiments.report.run_report``: four scenarios, the levers, the validation; stores that
resume), every figure in each language (``visualization.figures.plot_directory``) and
``REPORT.md`` (English) and ``REPORT_zh.md`` (Chinese). One file per language, not one
bilingual file: each embeds its own language's figures, and a reader reads one language.

Figures are redrawn only when their inputs changed: ``figures/index.json`` holds a hash of
every table of the directory, the languages and the code version, and what was drawn from
them; a second report with the same settings (whose analyses are the same bytes) reuses them.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from experiments.engine import make_executor
from experiments.report import SETTINGS_FILE, ReportRun, ReportSettings, run_report
from experiments.store.manifest import code_version, version_label
from visualization.figures import DrawnFigure, PlotReport, SkippedFigure, plot_directory
from visualization.i18n import LANGS, Lang
from visualization.report.markdown import REPORT_FILES, ReportDataError, render_report

__all__ = ["FIGURES_DIR", "BuiltReport", "ReportDataError", "build_report", "write_reports"]

#: The figures' folder inside the report directory, and its index of what was drawn.
FIGURES_DIR = "figures"
INDEX_FILE = "index.json"


@dataclass
class BuiltReport:
    """What ``build_report`` made.

    Attributes:
        run: The experiments' result.
        plots: Language -> what ``plot_directory`` drew (and skipped).
        files: Language -> the report file written.
    """

    run: ReportRun
    plots: dict[str, PlotReport] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)


def check_langs(langs: Sequence[str]) -> tuple[Lang, ...]:
    """The languages asked for, each once; refuses one that is not ``zh`` or ``en``."""
    chosen = tuple(dict.fromkeys(str(lang).strip() for lang in langs if str(lang).strip()))
    bad = [lang for lang in chosen if lang not in LANGS]
    if bad or not chosen:
        raise ValueError(
            f"language {', '.join(bad) or '(none)'} is not supported; use zh, en or zh,en"
        )
    return chosen  # type: ignore[return-value]


def write_reports(root: Path, plots: dict[str, PlotReport]) -> dict[str, Path]:
    """Write the report file of each language drawn (figures as ``plot_directory`` left them).

    Chinese asked for but drawn in English (no CJK font) still gets ``REPORT_zh.md``, with the
    English figures.
    """
    files = {}
    for asked, plot in plots.items():
        figures = {d.name: os.path.relpath(d.paths[0], root) for d in plot.drawn}
        text = render_report(root, asked, figures, plot.skipped, other_lang=len(plots) > 1)
        path = root / REPORT_FILES[asked]
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        files[asked] = path
    return files


def inputs_key(root: Path, langs: Sequence[str]) -> str:
    """A hash of every table under ``root`` (not the figures), the languages and the code."""
    digest = hashlib.sha256(f"{list(langs)}|{version_label(code_version())}".encode())
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == FIGURES_DIR or path.name == SETTINGS_FILE:
            continue
        if path.is_file() and path.suffix in (".csv", ".json"):
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _index_entry(plot: PlotReport) -> dict:
    return {"lang": plot.lang, "drawn": {d.name: [str(p) for p in d.paths] for d in plot.drawn},
            "skipped": [[s.name, s.reason] for s in plot.skipped], "notes": plot.notes}  # fmt: skip


def _from_index(root: Path, key: str) -> dict[str, PlotReport] | None:
    """The plots recorded for ``key``, if every file they name still exists."""
    try:
        index = json.loads((root / FIGURES_DIR / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("key") != key:
        return None
    plots = {}
    for asked, entry in index.get("plots", {}).items():
        drawn = [DrawnFigure(n, tuple(Path(p) for p in ps)) for n, ps in entry["drawn"].items()]
        if not all(p.is_file() for d in drawn for p in d.paths):
            return None
        plots[asked] = PlotReport(
            source=root, out=root / FIGURES_DIR, lang=entry["lang"], drawn=drawn,
            skipped=[SkippedFigure(n, r) for n, r in entry["skipped"]], notes=entry["notes"],
        )  # fmt: skip
    return plots


def _draw(root: Path, lang: Lang) -> tuple[PlotReport, list[tuple[type[Warning], str]]]:
    """``plot_directory`` in one language, with the warnings it raised (for another process)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot = plot_directory(root, out=root / FIGURES_DIR, lang=lang)
    return plot, [(w.category, str(w.message)) for w in caught]


def draw_figures(
    root: Path,
    langs: Sequence[Lang],
    on_step: Callable[[str], None] | None = None,
    executor: Executor | None = None,
) -> dict[str, PlotReport]:
    """Every figure of the report in each language, or the earlier ones if nothing changed.

    With ``executor``, the languages are drawn side by side in its workers; their warnings
    (a missing glyph, no CJK font) are raised again here.
    """
    key = inputs_key(root, langs)
    cached = _from_index(root, key)
    if cached is not None and list(cached) == list(langs):
        return cached
    if on_step:
        on_step(f"figures ({', '.join(langs)})")
    if executor is None or len(langs) < 2:
        drawn = [_draw(root, lang) for lang in langs]
    else:
        drawn = [f.result() for f in [executor.submit(_draw, root, lang) for lang in langs]]
    plots = {}
    for lang, (plot, caught) in zip(langs, drawn, strict=True):
        for category, message in caught:
            warnings.warn(message, category, stacklevel=2)
        plots[lang] = plot
    index = {"key": key, "plots": {lang: _index_entry(p) for lang, p in plots.items()}}
    (root / FIGURES_DIR).mkdir(parents=True, exist_ok=True)
    (root / FIGURES_DIR / INDEX_FILE).write_text(json.dumps(index, indent=2), encoding="utf-8")
    return plots


def build_report(
    out: str | os.PathLike[str],
    settings: ReportSettings | None = None,
    *,
    langs: Sequence[str] = LANGS,
    workers: int | None = None,
    progress: bool = True,
    on_step: Callable[[str], None] | None = None,
) -> BuiltReport:
    """Run (or resume) the report's experiments, draw every figure, write the report files.

    Args:
        out: The report directory.
        settings: Runs, replicates, scale, lever seeds, seed and horizon; default
            ``ReportSettings()``.
        langs: Languages, "zh" and/or "en".
        workers: Local worker processes (default: all CPUs); they run the model and then
            draw the languages side by side.
        progress: Show the engine's progress bars (on a terminal).
        on_step: Called with a short text before each step.

    Returns:
        The experiments' result, the figures drawn per language and the report files.

    Raises:
        ValueError: If a language is not supported (before anything runs).
    """
    chosen = check_langs(langs)
    root = Path(out)
    with make_executor(workers=workers) as executor:
        run = run_report(root, settings, executor=executor, progress=progress, on_step=on_step)
        built = BuiltReport(run=run, plots=draw_figures(root, chosen, on_step, executor))
    built.files = write_reports(root, built.plots)
    return built
