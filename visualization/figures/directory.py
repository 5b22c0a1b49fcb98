"""Draw every figure an experiment or report directory supports (``carbonpeak plot DIR``).

Two layouts are understood:

- an experiment directory: its tables under ``analysis/`` (or the analysis folder itself);
- a report directory: one experiment directory per scenario under ``scenarios/<name>/``, and
  optional ``levers/`` and ``validation/`` folders, or any other folder holding the tables of
  one experiment (a sweep, a sensitivity run), directly inside or under ``analysis/``.

Per-scenario tables (peak, bands, scorecard, ...) of all scenarios are concatenated with a
``scenario`` column; the other tables (policy map, sensitivity, levers, ...) are taken from
wherever they are found. Each figure whose tables are present is drawn and written as
``<figure>_<lang>.<format>``; each one that is not gets one line saying what is missing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from visualization.figures import style
from visualization.figures.checks import FigureDataError
from visualization.figures.emissions import (
    emissions_fan_figure,
    reconciliation_figure,
    sector_area_figure,
)
from visualization.figures.peak import peak_probability_figure, peak_year_figure
from visualization.figures.policy import policy_map_figure, prim_box_figure, wedge_figure
from visualization.figures.sensitivity import lever_tornado_figure, morris_figure, sobol_figure
from visualization.figures.targets import adoption_figure, scorecard_figure
from visualization.figures.validation import validation_figure
from visualization.i18n import Lang

FORMATS = ("png", "svg", "pdf")
#: Sensitivity methods, whose tables are ``<method>_<outcome>.csv``.
METHODS = ("sobol", "morris")
SENSITIVITY_OUTCOMES = ("peak_year", "peak_emissions_mt", "cumulative_co2_mt")

#: Tables with one part per scenario (concatenated, with a ``scenario`` column).
SCENARIO_TABLES = (
    "peak_states",
    "peak_year_distribution",
    "peak_probability",
    "emission_bands",
    "kpi_bands",
    "scorecard",
    "sector_co2",
    "reconciliation",
    "prim_box",
)
#: Tables of one experiment (the first found is used).
SINGLE_TABLES = (
    "policy_map",
    "wedges",
    "wedges_by_year",
    "levers",
    "validation",
    *(f"sobol_{o}" for o in SENSITIVITY_OUTCOMES),
    *(f"morris_{o}" for o in SENSITIVITY_OUTCOMES),
)
#: What writes each table (for the "missing" lines).
WRITTEN_BY = {
    "prim_box": "a Monte Carlo whose uncertainties vary, with runs that miss and meet 2030",
    "policy_map": "a sweep of exactly two levers",
    "wedges": "a sweep with a baseline point",
    "wedges_by_year": "a sweep with a baseline point",
    "levers": "carbonpeak levers",
    "validation": "carbonpeak validate",
    "sobol": "carbonpeak sensitivity --method sobol",
    "morris": "carbonpeak sensitivity --method morris",
}


class PlotError(ValueError):
    """``plot_directory`` was called with a path or option it cannot use."""


@dataclass(frozen=True)
class DrawnFigure:
    """A figure written: its name and files."""

    name: str
    paths: tuple[Path, ...]


@dataclass(frozen=True)
class SkippedFigure:
    """A figure not drawn, and why (one line naming the missing table or column)."""

    name: str
    reason: str

    def line(self) -> str:
        """``<figure>: <reason>``, for printing."""
        return f"{self.name}: {self.reason}"


@dataclass
class PlotReport:
    """What ``plot_directory`` drew and skipped.

    Attributes:
        source: The directory read.
        out: The directory written.
        lang: The language drawn in (English when Chinese was asked for but no CJK font
            exists; ``notes`` then says so).
        drawn: Figures written, in drawing order.
        skipped: Figures that could not be drawn.
        notes: Other remarks (font fallback, a table found in several places).
    """

    source: Path
    out: Path
    lang: Lang
    drawn: list[DrawnFigure] = field(default_factory=list)
    skipped: list[SkippedFigure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def nothing_drawn(self) -> bool:
        """True when no figure could be drawn (the CLI then exits 2)."""
        return not self.drawn

    @property
    def exit_code(self) -> int:
        """2 when nothing was drawn, else 0."""
        return 2 if self.nothing_drawn else 0

    def skipped_lines(self) -> list[str]:
        """One line per skipped figure."""
        return [s.line() for s in self.skipped]


# --------------------------------------------------------------------------------------------
# Finding the tables
# --------------------------------------------------------------------------------------------


@dataclass
class Tables:
    """The tables found under a directory, and the source-line metadata."""

    scenario: dict[str, pd.DataFrame] = field(default_factory=dict)
    single: dict[str, pd.DataFrame] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    single_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def get(self, name: str) -> pd.DataFrame | None:
        """A table by name (without ``.csv``), or None."""
        return self.scenario.get(name, self.single.get(name))

    def meta_for(self, name: str) -> dict[str, Any]:
        """Source-line metadata of a table: its own experiment's, else the directory's."""
        names = [f"{name}_{o}" for o in SENSITIVITY_OUTCOMES] if name in METHODS else [name]
        own = next((self.single_meta[n] for n in names if self.single_meta.get(n)), None)
        return own or self.meta


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _table_path(folder: Path, name: str) -> Path | None:
    for candidate in (folder / "analysis" / f"{name}.csv", folder / f"{name}.csv"):
        if candidate.is_file():
            return candidate
    return None


def _table_convention(folder: Path) -> str | None:
    """The convention a representative run's sectors were written in (``sector_co2.csv``)."""
    path = _table_path(folder, "sector_co2")
    if path is None:
        return None
    try:
        column = pd.read_csv(path, usecols=["convention"], nrows=1)["convention"]
    except (OSError, ValueError):
        return None
    return str(column.iloc[0]) if len(column) else None


def _experiment_meta(folder: Path) -> dict[str, Any]:
    """Scenario, runs, scale, convention and code version of one experiment directory.

    The convention is the summary's, else that of the experiment's ``sector_co2.csv``.
    """
    manifest = _read_json(folder / "manifest.json")
    summary = _read_json(folder / "analysis" / "summary.json") or _read_json(
        folder / "summary.json"
    )
    git = (manifest.get("code_version") or {}).get("git") or {}
    meta = {
        "scenario": summary.get("scenario") or manifest.get("base_scenario"),
        "runs": summary.get("runs", (manifest.get("counts") or {}).get("ok")),
        "scale": summary.get("scale", manifest.get("scale")),
        "convention": summary.get("convention") or _table_convention(folder),
        "code_version": summary.get("code_version")
        or git.get("describe")
        or (manifest.get("code_version") or {}).get("package"),
        "end_year": manifest.get("end_year"),
    }
    return {k: v for k, v in meta.items() if v is not None}


def _layout(path: Path) -> tuple[dict[str, Path], list[Path]]:
    """Scenario name -> experiment directory, and the other directories to search."""
    scenarios_dir = path / "scenarios"
    if scenarios_dir.is_dir():
        scenarios = {d.name: d for d in sorted(scenarios_dir.iterdir()) if d.is_dir()}
        others = [path] + [
            d
            for d in sorted(path.iterdir())
            if d.is_dir() and d.name not in ("scenarios", "figures") and not d.name.startswith(".")
        ]
        return scenarios, others
    meta = _experiment_meta(path)
    name = str(meta.get("scenario") or (path.parent.name if path.name == "analysis" else path.name))
    return {name: path}, []


def _read_csv(path: Path, tables: Tables, name: str) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as e:
        tables.unreadable[name] = f"{path} cannot be read ({' '.join(str(e).split())})"
        return None


def find_tables(path: Path) -> Tables:
    """Read every analysis table of an experiment or report directory."""
    scenarios, others = _layout(path)
    tables = Tables()
    metas = {name: _experiment_meta(folder) for name, folder in scenarios.items()}
    for name in SCENARIO_TABLES:
        parts = []
        for scenario, folder in scenarios.items():
            found = _table_path(folder, name)
            if found is None:
                continue
            part = _read_csv(found, tables, name)
            if part is not None:
                parts.append(part if "scenario" in part.columns else part.assign(scenario=scenario))
        if parts:
            tables.scenario[name] = pd.concat(parts, ignore_index=True)
    for name in SINGLE_TABLES:
        found = [p for folder in [*others, *scenarios.values()] if (p := _table_path(folder, name))]
        if found:
            table = _read_csv(found[0], tables, name)
            if table is not None:
                tables.single[name] = table
                folder = found[0].parent
                folder = folder.parent if folder.name == "analysis" else folder
                tables.single_meta[name] = _experiment_meta(folder)
            if len(found) > 1:
                tables.notes.append(f"{name}.csv found in {len(found)} places; drew {found[0]}")
    present = {k: v for k, v in metas.items() if v}
    if present:
        first = next(iter(present.values()))
        tables.meta = {
            "scenario": list(present) if len(present) > 1 else first.get("scenario"),
            "runs": {s: m["runs"] for s, m in present.items() if "runs" in m} or None,
        }
        for key in ("scale", "convention", "code_version", "end_year"):
            values = {m[key] for m in present.values() if key in m}
            if len(values) == 1:
                tables.meta[key] = values.pop()
        tables.meta = {k: v for k, v in tables.meta.items() if v is not None}
    return tables


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the directory: the tables it needs and how to draw it."""

    name: str
    needs: tuple[str, ...]
    draw: Callable[[Tables, Lang, dict[str, Any]], Figure]


def _sensitivity(tables: Tables, method: str) -> dict[str, pd.DataFrame]:
    return {o: t for o in SENSITIVITY_OUTCOMES if (t := tables.get(f"{method}_{o}")) is not None}


def _peak_year(t: Tables, lang: Lang, meta: dict[str, Any]) -> Figure:
    return peak_year_figure(
        t.get("peak_year_distribution"),
        t.get("peak_probability"),
        t.get("peak_states"),
        lang=lang,
        meta=meta,
    )


def _one(function: Callable[..., Figure], table: str) -> Callable[[Tables, Lang, dict], Figure]:
    """A draw function for a figure of one table."""

    def draw(t: Tables, lang: Lang, meta: dict[str, Any]) -> Figure:
        return function(t.get(table), lang=lang, meta=meta)

    return draw


def _tornado(t: Tables, lang: Lang, meta: dict[str, Any]) -> Figure:
    horizon = int(meta.get("end_year", 2060))
    return lever_tornado_figure(t.get("levers"), horizon_end=horizon, lang=lang, meta=meta)


def _sobol(t: Tables, lang: Lang, meta: dict[str, Any]) -> Figure:
    return sobol_figure(_sensitivity(t, "sobol"), lang=lang, meta=meta)


def _morris(t: Tables, lang: Lang, meta: dict[str, Any]) -> Figure:
    return morris_figure(_sensitivity(t, "morris"), lang=lang, meta=meta)


def _wedges(t: Tables, lang: Lang, meta: dict[str, Any]) -> Figure:
    return wedge_figure(t.get("wedges_by_year"), t.get("wedges"), lang=lang, meta=meta)


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("peak_year", ("peak_year_distribution", "peak_probability"), _peak_year),
    FigureSpec(
        "peak_probability",
        ("peak_probability",),
        _one(peak_probability_figure, "peak_probability"),
    ),
    FigureSpec("emissions_fan", ("emission_bands",), _one(emissions_fan_figure, "emission_bands")),
    FigureSpec("sector_co2", ("sector_co2",), _one(sector_area_figure, "sector_co2")),
    FigureSpec(
        "reconciliation", ("reconciliation",), _one(reconciliation_figure, "reconciliation")
    ),
    FigureSpec("adoption", ("kpi_bands",), _one(adoption_figure, "kpi_bands")),
    FigureSpec("scorecard", ("scorecard",), _one(scorecard_figure, "scorecard")),
    FigureSpec("lever_tornado", ("levers",), _tornado),
    FigureSpec("sobol", ("sobol",), _sobol),
    FigureSpec("morris", ("morris",), _morris),
    FigureSpec("policy_map", ("policy_map",), _one(policy_map_figure, "policy_map")),
    FigureSpec("wedges", ("wedges_by_year", "wedges"), _wedges),
    FigureSpec("prim_box", ("prim_box",), _one(prim_box_figure, "prim_box")),
    FigureSpec("validation", ("validation",), _one(validation_figure, "validation")),
)
"""Every figure ``plot_directory`` draws, in order; the name is the file name's stem."""


def _missing(spec: FigureSpec, tables: Tables, path: Path) -> str | None:
    """Why a figure cannot be drawn from the tables found, or None."""
    for need in spec.needs:
        if need in METHODS:
            names = [f"{need}_{o}" for o in SENSITIVITY_OUTCOMES]
            if not any(tables.get(n) is not None for n in names):
                unreadable = [tables.unreadable[n] for n in names if n in tables.unreadable]
                return (
                    unreadable[0]
                    if unreadable
                    else (f"no {need}_<outcome>.csv under {path} (written by {WRITTEN_BY[need]})")
                )
        elif tables.get(need) is None:
            if need in tables.unreadable:
                return tables.unreadable[need]
            by = WRITTEN_BY.get(need, "a Monte Carlo experiment's analyses")
            return f"no {need}.csv under {path} (written by {by})"
    return None


def save_figure(
    fig: Figure, out: Path, stem: str, lang: Lang, formats: Sequence[str]
) -> tuple[Path, ...]:
    """Write ``fig`` as ``<out>/<stem>.<format>`` for each format (atomically: temp + rename)."""
    paths = []
    with style.theme(lang):
        for fmt in formats:
            target = out / f"{stem}.{fmt}"
            tmp = target.with_name(f".{target.name}.tmp")
            try:
                fig.savefig(tmp, format=fmt, dpi=style.DPI)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            paths.append(target)
    return tuple(paths)


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f for f in formats.split(",") if f]
    chosen = tuple(dict.fromkeys(str(f).strip().lower() for f in formats))
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise PlotError(
            f"format {', '.join(bad) or '(none)'} is not supported; use {', '.join(FORMATS)}"
        )
    return chosen


def plot_directory(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    lang: str = "zh",
    formats: Sequence[str] = ("png",),
) -> PlotReport:
    """Draw every figure that the tables under ``path`` support.

    Args:
        path: An experiment directory, its ``analysis/`` folder, or a report directory (see
            the module docstring).
        out: Where to write; default ``<path>/figures``.
        lang: "zh" or "en". Without a CJK font, Chinese falls back to English (one warning;
            the report's ``lang`` and the file names say "en").
        formats: Any of "png", "svg", "pdf" (a comma-separated string works too).

    Returns:
        The report: figures drawn (with their files) and one line per figure skipped.

    Raises:
        PlotError: If ``path`` is not a directory, or ``lang`` or a format is not supported.
    """
    source = Path(path)
    if not source.is_dir():
        what = "does not exist" if not source.exists() else "is not a directory"
        raise PlotError(f"{source} {what}; give an experiment or report directory")
    formats = _check_formats(formats)
    try:
        drawn_lang = style.resolve_lang(lang)
    except ValueError as e:
        raise PlotError(str(e)) from e
    target = Path(out) if out is not None else source / "figures"
    report = PlotReport(source=source, out=target, lang=drawn_lang)
    if drawn_lang != lang:
        report.notes.append("no CJK font found: figures drawn in English")
    tables = find_tables(source)
    report.notes.extend(tables.notes)
    for spec in FIGURES:
        reason = _missing(spec, tables, source)
        if reason is None:
            try:
                fig = spec.draw(tables, drawn_lang, tables.meta_for(spec.needs[0]))
            except FigureDataError as e:
                reason = str(e)
        if reason is not None:
            report.skipped.append(SkippedFigure(spec.name, reason))
            continue
        target.mkdir(parents=True, exist_ok=True)
        paths = save_figure(fig, target, f"{spec.name}_{drawn_lang}", drawn_lang, formats)
        report.drawn.append(DrawnFigure(spec.name, paths))
    return report
