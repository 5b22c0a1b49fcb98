"""REPORT.md from a report directory's tables: the answer, per scenario, and how it was made.

``render_report`` reads only files (``experiments.report`` wrote them) and returns Markdown
that embeds the figures ``plot_directory`` drew; it never runs a model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.report import (
    BOOTSTRAP_RESAMPLES,
    COSTS_FILE,
    LEVERS_DIR,
    SCENARIOS_DIR,
    SECTOR_WEDGES_FILE,
    VALIDATION_DIR,
    read_settings,
)
from visualization.figures import FIGURES, SkippedFigure
from visualization.figures.directory import WRITTEN_BY
from visualization.figures.labels import (
    check_label,
    check_value,
    convention_label,
    convention_short,
    kpi_display,
    param_label,
    param_value,
    scenario_label,
    sector_label,
    state_label,
)
from visualization.i18n import Lang
from visualization.report.words import (
    MADE_BY_ZH,
    cell,
    finite,
    interval,
    kpi_value,
    mass,
    money,
    pct,
    per_tonne,
    span,
    with_interval,
    word,
)

#: Levers listed in the report's table (the rest are in LEVERS.md).
TOP_LEVERS = 8
#: Sectors whose CO2 differs from business as usual by less than this in every scenario (Mt,
#: cumulative) are left out of the sector table (power generation is zero by convention).
SECTOR_TABLE_MIN_MT = 0.05
#: The report's file per language.
REPORT_FILES: dict[str, str] = {"en": "REPORT.md", "zh": "REPORT_zh.md"}


class ReportDataError(ValueError):
    """A report directory lacks a table REPORT.md needs (run ``carbonpeak report`` first)."""


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ReportDataError(f"{path} cannot be read ({' '.join(str(e).split())})") from e
    return data if isinstance(data, dict) else {}


def _csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as e:
        raise ReportDataError(f"{path} cannot be read ({' '.join(str(e).split())})") from e


@dataclass
class ReportData:
    """What REPORT.md shows, read from a report directory."""

    root: Path
    settings: dict[str, Any]
    record: dict[str, Any]
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    scorecards: dict[str, pd.DataFrame] = field(default_factory=dict)
    costs: pd.DataFrame | None = None
    sector_wedges: pd.DataFrame | None = None
    levers: pd.DataFrame | None = None
    validation: pd.DataFrame | None = None
    validation_about: dict[str, Any] = field(default_factory=dict)
    code_versions: list[str] = field(default_factory=list)

    @property
    def end(self) -> int:
        """The horizon's last year."""
        return int(self.settings["end_year"])


def read_report(root: str | Path) -> ReportData:
    """Read the tables of a report directory.

    Raises:
        ReportDataError: If ``report.json`` or a scenario's summary is missing or unreadable.
    """
    root = Path(root)
    record = read_settings(root)
    if "settings" not in record:
        raise ReportDataError(f"{root} holds no report.json; run carbonpeak report first")
    data = ReportData(root=root, settings=record["settings"], record=record)
    versions = []
    for name in record["scenarios"]:
        folder = root / SCENARIOS_DIR / name
        data.summaries[name] = _json(folder / "analysis" / "summary.json")
        if (folder / "analysis" / "scorecard.csv").is_file():
            data.scorecards[name] = _csv(folder / "analysis" / "scorecard.csv")
        git = (_json(folder / "manifest.json").get("code_version") or {}).get("git") or {}
        versions.append(str(git.get("describe") or record.get("code_version")))
    data.code_versions = list(dict.fromkeys(versions))
    if (root / COSTS_FILE).is_file():
        data.costs = _csv(root / COSTS_FILE)
    if (root / SECTOR_WEDGES_FILE).is_file():
        data.sector_wedges = _csv(root / SECTOR_WEDGES_FILE)
    if (root / LEVERS_DIR / "levers.csv").is_file():
        data.levers = _csv(root / LEVERS_DIR / "levers.csv")
    if (root / VALIDATION_DIR / "validation.csv").is_file():
        data.validation = _csv(root / VALIDATION_DIR / "validation.csv")
        data.validation_about = _json(root / VALIDATION_DIR / "summary.json")
    return data


def command(data: ReportData) -> str:
    """The command that makes this report again."""
    s = data.settings
    return (
        f"carbonpeak report --out {data.root} --runs {s['runs']} --replicates "
        f"{s['replicates']} --scale {s['scale']:g} --lever-seeds {s['lever_seeds']} --seed "
        f"{s['seed']} --end-year {s['end_year']}"
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _figure(figures: Mapping[str, str], name: str, caption: str) -> list[str]:
    return [f"![{caption}]({figures[name]})", ""] if name in figures else []


def _states(summary: Mapping[str, Any]) -> str:
    counts = summary.get("state_counts") or {}
    runs = summary.get("runs") or 0
    parts = [
        f"{pct(counts.get(s, 0) / runs, 0) if runs else '–'}"
        for s in ("peaked", "plateau", "not_peaked")
    ]
    return " / ".join(parts)


def _median(summary: Mapping[str, Any], lang: Lang, end: int) -> str:
    year = summary.get("median_peak_year")
    return str(int(year)) if year is not None else word("no_median", lang, end=end)


def _noise(summary: Mapping[str, Any], lang: Lang, outcome: str = "peaked_by_2030") -> str:
    """The stochastic share of an outcome's variance, or why there is none."""
    shares = summary.get("stochastic_share")
    if not shares:
        return word("not_measured", lang)
    share = shares.get(outcome)
    return pct(share) if finite(share) else word("no_variance", lang)


def _probability(summary: Mapping[str, Any], key: str) -> str:
    low, high = (summary.get(f"{key}_ci95") or [None, None])[:2]
    return f"{pct(summary.get(key))} {interval(low, high)}".strip()


def _headline(data: ReportData, lang: Lang, figures: Mapping[str, str]) -> list[str]:
    convention = convention_label(data.record.get("convention", "consumption"), lang)
    lines = [
        f"## {word('headline', lang)}",
        "",
        word("headline_text", lang, end=data.end, convention=convention),
        "",
    ]
    header = [
        word(k, lang, end=data.end)
        for k in ("scenario", "p_peaked", "p_plateau", "states", "median_year", "noise")
    ]
    rows = [
        [
            scenario_label(name, lang),
            _probability(s, "p_peak_by_2030"),
            _probability(s, "p_plateau_or_peaked_by_2030"),
            _states(s),
            _median(s, lang, data.end),
            _noise(s, lang),
        ]
        for name, s in data.summaries.items()
    ]
    lines += _table(header, rows)
    lines += [f"## {word('figures_peak', lang)}", ""]
    lines += _figure(figures, "peak_year", word("fig_peak_year", lang))
    lines += _figure(figures, "peak_probability", word("fig_peak_probability", lang))
    return lines


def _cost_lines(data: ReportData, name: str, lang: Lang) -> list[str]:
    if data.costs is None or name not in set(data.costs["scenario"]):
        return []
    row = data.costs.set_index("scenario").loc[name]
    low, high = money(row["fiscal_low"], lang), money(row["fiscal_high"], lang)
    cost = money(row["fiscal_cost_myuan"], lang)
    lines = [word("fiscal_line", lang, end=data.end, cost=cost, range=span(low, high))]
    if name == data.record.get("baseline"):
        return [*lines, word("baseline_line", lang)]
    price = per_tonne(row["cost_per_t_yuan"], lang)
    if not finite(row["cost_per_t_yuan"]):
        price = word("no_price", lang)
    elif bool(row["significant"]):
        low, high = per_tonne(row["cost_per_t_low"], lang), per_tonne(row["cost_per_t_high"], lang)
        price = word("price", lang, v=price, range=span(low, high))
    else:
        price = word("price_unclear", lang, v=price)
    avoided = span(mass(row["avoided_low"], lang), mass(row["avoided_high"], lang))
    extra, mean = money(row["extra_cost_myuan"], lang), mass(row["avoided_mt"], lang)
    lines.append(word("versus_line", lang, extra=extra, avoided=mean, range=avoided, price=price))
    return lines + _largest_increase(data, name, lang)


def _largest_increase(data: ReportData, name: str, lang: Lang) -> list[str]:
    """Where a scenario emits most above business as usual, when some sector does."""
    if data.sector_wedges is None:
        return []
    rows = data.sector_wedges[data.sector_wedges["scenario"] == name]
    if rows.empty or rows["avoided_mt_ci_high"].min() >= 0:
        return []
    worst = rows.loc[rows["avoided_mt_mean"].idxmin()]
    more = mass(-worst["avoided_mt_mean"], lang)
    sector = sector_label(worst["sector"], lang)
    sector = sector if lang == "zh" else sector.lower()
    return [word("increase_line", lang, sector=sector, more=more, end=data.end)]


def _scorecard(table: pd.DataFrame, lang: Lang) -> list[str]:
    header = [word(k, lang) for k in ("indicator", "year", "target", "modelled", "p_met")]
    rows = []
    for r in table.itertuples():
        label, _, _ = kpi_display(r.kpi, lang)
        symbol = "≥" if r.sense == ">=" else "≤"
        spread = f"{kpi_value(r.kpi, r.q05, lang)} – {kpi_value(r.kpi, r.q95, lang)}"
        rows.append(
            [
                label,
                r.year,
                f"{symbol} {kpi_value(r.kpi, r.target, lang)}",
                f"{kpi_value(r.kpi, r.q50, lang)}"
                + (f"（{spread}）" if lang == "zh" else f" ({spread})"),
                f"{pct(r.p_met)} {interval(r.p_met_low, r.p_met_high)}",
            ]
        )
    return _table(header, rows)


def _scenarios(data: ReportData, lang: Lang) -> list[str]:
    lines = [f"## {word('by_scenario', lang)}", ""]
    k = int(data.settings["replicates"])
    for name, s in data.summaries.items():
        lines += [f"### {scenario_label(name, lang)}", ""]
        counts = s.get("state_counts") or {}
        colon, sep, comma = ("：", "；", "、") if lang == "zh" else (": ", "; ", ", ")
        states = sep.join(
            f"{state_label(st, lang)} {counts.get(st, 0)}"
            for st in ("peaked", "plateau", "not_peaked")
        )
        bullets = [
            word("runs_line", lang, n=s.get("runs"), failed=s.get("n_failed", 0)) + f" — {states}",
            f"{word('p_peaked', lang)}{colon}{_probability(s, 'p_peak_by_2030')}",
            f"{word('p_plateau', lang)}{colon}{_probability(s, 'p_plateau_or_peaked_by_2030')}",
            f"{word('median_year', lang)}{colon}{_median(s, lang, data.end)}",
        ]
        shares = s.get("stochastic_share")
        if shares:
            text = comma.join(f"{word(f'outcome_{o}', lang)} {_noise(s, lang, o)}" for o in shares)
            bullets.append(word("noise_line", lang, k=k, shares=text))
        else:
            bullets.append(word("noise_none", lang))
        bullets += _cost_lines(data, name, lang)
        lines += [f"- {b}" for b in bullets] + [""]
        if name in data.scorecards and not data.scorecards[name].empty:
            lines += [f"**{word('scorecard', lang)}**", ""]
            lines += _scorecard(data.scorecards[name], lang)
    return lines


def _costs(data: ReportData, lang: Lang, figures: Mapping[str, str]) -> list[str]:
    if data.costs is None:
        return []
    lines = [f"## {word('costs', lang)}", "", word("costs_text", lang, end=data.end), ""]
    keys = ("scenario", "fiscal", "extra", "avoided", "per_tonne")
    header = [word(k, lang, end=data.end) for k in keys]
    rows = []
    for r in data.costs.itertuples():
        price = with_interval(
            r.cost_per_t_yuan, r.cost_per_t_low, r.cost_per_t_high, lambda v: per_tonne(v, lang)
        )
        if finite(r.cost_per_t_yuan) and not r.significant:
            price += " (?)"
        avoided = with_interval(
            r.avoided_mt, r.avoided_low, r.avoided_high, lambda v: mass(v, lang)
        )
        rows.append(
            [
                scenario_label(r.scenario, lang),
                money(r.fiscal_cost_myuan, lang),
                money(r.extra_cost_myuan, lang),
                avoided,
                price,
            ]
        )
    lines += _table(header, rows)
    unclear = data.costs["cost_per_t_yuan"].notna() & ~data.costs["significant"].astype(bool)
    if unclear.any():
        lines += [word("unclear_note", lang), ""]
    return lines + _sectors(data, lang) + _figure(figures, "wedges", word("fig_wedges", lang))


def _sectors(data: ReportData, lang: Lang) -> list[str]:
    """Sector by sector, where each scenario's CO2 difference from business as usual lies."""
    table = data.sector_wedges
    if table is None or table.empty:
        return []
    names = list(dict.fromkeys(table["scenario"]))
    moved = table.groupby("sector")["avoided_mt_mean"].apply(lambda v: v.abs().max())
    sectors = [s for s in dict.fromkeys(table["sector"]) if moved[s] >= SECTOR_TABLE_MIN_MT]
    cells = table.set_index(["sector", "scenario"])
    rows = []
    for sector in sectors:
        row = [sector_label(sector, lang)]
        for name in names:
            r = cells.loc[(sector, name)]
            row.append(with_interval(r.avoided_mt_mean, r.avoided_mt_ci_low,
                                     r.avoided_mt_ci_high, lambda v: mass(v, lang)))  # fmt: skip
        rows.append(row)
    header = [word("sector", lang), *(scenario_label(n, lang) for n in names)]
    convention = convention_short(data.record.get("convention", "consumption"), lang)
    convention = convention if lang == "zh" else convention[:1].lower() + convention[1:]
    text = word("sectors_text", lang, end=data.end, convention=convention)
    return [f"### {word('sectors_title', lang)}", "", text, "", *_table(header, rows)]


def _effect(mean: float, low: float, high: float, fmt: Any) -> str:
    return with_interval(mean, low, high, fmt)


def _levers(data: ReportData, lang: Lang, figures: Mapping[str, str]) -> list[str]:
    if data.levers is None or data.levers.empty:
        return []
    scenario = scenario_label(str(data.record.get("lever_scenario", "plan")), lang)
    lines = [
        f"## {word('levers', lang)}",
        "",
        word(
            "levers_text", lang, scenario=scenario, seeds=data.settings["lever_seeds"], end=data.end
        ),
        "",
    ]
    table = data.levers.assign(size=data.levers["d_cum_co2_mt"].abs())
    table = table.sort_values("size", ascending=False).head(TOP_LEVERS)
    header = [
        word("lever", lang),
        word("end", lang),
        word("d_cum", lang, end=data.end),
        word("d_2030", lang),
        word("d_fiscal", lang),
    ]
    rows = [
        [
            param_label(r.lever, lang),
            f"{word(r.end, lang)} ({param_value(r.lever, r.value, lang)})",
            _effect(r.d_cum_co2_mt, r.d_cum_co2_low, r.d_cum_co2_high, lambda v: mass(v, lang)),
            _effect(r.d_co2_2030_mt, r.d_co2_2030_low, r.d_co2_2030_high, lambda v: mass(v, lang)),
            _effect(r.d_fiscal_myuan, r.d_fiscal_low, r.d_fiscal_high, lambda v: money(v, lang)),
        ]
        for r in table.itertuples()
    ]
    return (
        lines + _table(header, rows) + _figure(figures, "lever_tornado", word("fig_tornado", lang))
    )


def _validation(data: ReportData, lang: Lang, figures: Mapping[str, str]) -> list[str]:
    if data.validation is None:
        return []
    table, about = data.validation, data.validation_about
    passed = table["passed"].astype(str).str.lower().isin(["true", "1"])
    lines = [
        f"## {word('validation', lang)}",
        "",
        word(
            "validation_text",
            lang,
            passed=int(passed.sum()),
            total=len(table),
            scenario=scenario_label(str(about.get("scenario", "current")), lang),
            seed=about.get("seed", "–"),
            scale=float(about.get("scale", math.nan)),
            end=about.get("end_year", "–"),
        ),
        "",
    ]
    header = [word(k, lang) for k in ("check", "model", "band", "pass", "source")]
    rows = [
        [
            check_label(r.check, lang),
            check_value(r.model, r.unit, lang),
            span(check_value(r.low, r.unit, lang), check_value(r.high, r.unit, lang)),
            word("yes" if ok else "no", lang),
            r.source,
        ]
        for r, ok in zip(table.itertuples(), passed, strict=True)
    ]
    return (
        lines + _table(header, rows) + _figure(figures, "validation", word("fig_validation", lang))
    )


def _method(data: ReportData, lang: Lang) -> list[str]:
    s = data.settings
    names = ("、" if lang == "zh" else ", ").join(scenario_label(n, lang) for n in data.summaries)
    convention = convention_label(data.record.get("convention", "consumption"), lang)
    scale = float(s["scale"])
    bullets = [
        word(
            "method_runs",
            lang,
            scenarios=names,
            runs=s["runs"],
            k=s["replicates"],
            total=s["runs"] * s["replicates"],
            seed=s["seed"],
        ),
        word(
            "method_scale",
            lang,
            scale=scale,
            pct=f"{100 * scale:g}%",
            inv=f"{1 / scale:g}",
            end=data.end,
        ),
        word("method_convention", lang, convention=convention),
        word("method_peak", lang, end=data.end),
        word("method_noise", lang, k=s["replicates"]),
        word("method_intervals", lang, resamples=BOOTSTRAP_RESAMPLES),
        word("method_code", lang, code=", ".join(data.code_versions), command=command(data)),
    ]
    return [
        f"## {word('method', lang)}",
        "",
        *(f"- {b}" for b in bullets),
        "",
        f"**{word('files', lang)}**{'：' if lang == 'zh' else ': '}{word('files_text', lang)}",
        "",
    ]


def _made_by(figure: str, lang: Lang) -> str:
    """What writes the tables a figure needs (``carbonpeak sensitivity --method sobol``)."""
    spec = next(f for f in FIGURES if f.name == figure)
    makers = [WRITTEN_BY.get(n, n) for n in spec.needs]
    if lang == "zh":
        makers = [MADE_BY_ZH.get(m, m) for m in makers]
    return ("；" if lang == "zh" else "; ").join(dict.fromkeys(makers))


def render_report(
    root: str | Path,
    lang: Lang,
    figures: Mapping[str, str],
    skipped: Sequence[SkippedFigure] = (),
    other_lang: bool = False,
) -> str:
    """REPORT.md (English) or REPORT_zh.md (Chinese) of a report directory.

    Args:
        root: The report directory (``experiments.report.run_report``'s output).
        lang: The language.
        figures: Figure name -> its file, relative to ``root`` (embedded where they belong).
        skipped: Figures that could not be drawn (listed with the reason).
        other_lang: Link to the other language's report.

    Raises:
        ReportDataError: If the directory lacks ``report.json`` or a scenario's summary.
    """
    data = read_report(root)
    runs = int(data.record.get("runs_total", 0))
    lines = [
        f"# {word('title', lang)}",
        "",
        word("intro", lang, command=command(data), runs=runs, code=", ".join(data.code_versions)),
        "",
    ]
    if other_lang:
        lines += [word("other_lang", lang), ""]
    lines += _headline(data, lang, figures)
    lines += _scenarios(data, lang)
    lines += [f"## {word('emissions', lang)}", ""]
    lines += _figure(figures, "emissions_fan", word("fig_fan", lang))
    lines += _figure(figures, "sector_co2", word("fig_sectors", lang))
    lines += _figure(figures, "reconciliation", word("fig_reconciliation", lang))
    lines += [f"## {word('targets_section', lang)}", ""]
    lines += _figure(figures, "adoption", word("fig_adoption", lang))
    lines += _figure(figures, "scorecard", word("fig_scorecard", lang))
    lines += _costs(data, lang, figures)
    lines += _levers(data, lang, figures)
    if "prim_box" in figures:
        lines += [f"## {word('prim', lang)}", "", word("prim_text", lang), ""]
        lines += _figure(figures, "prim_box", word("fig_prim", lang))
    lines += _validation(data, lang, figures)
    lines += _method(data, lang)
    if skipped:
        lines += [f"## {word('missing_figures', lang)}", "", word("missing_text", lang), ""]
        colon = "：" if lang == "zh" else ": "
        lines += [f"- `{s.name}`{colon}{_made_by(s.name, lang)}" for s in skipped] + [""]
    return "\n".join(lines)
