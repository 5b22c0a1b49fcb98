"""The results tab: peak answer, trajectory by sector, scorecard, fiscal cost and cost per tonne."""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from simulation.kpis import NOT_MODELLED
from simulation.peak import DECLINE_SHARE, MIN_YEARS_BEFORE_END, TOLERANCE
from visualization.app import charts
from visualization.app.charts import DETAIL_VIEWS
from visualization.app.compute import DEFAULT_SEED, LIVE_SCALE, PEAK_BY, LiveResult
from visualization.app.strings import (
    format_cost_per_tonne,
    format_kpi,
    format_money,
    not_modelled,
    t,
)
from visualization.app.widgets import Chart, Stat, Table
from visualization.i18n import KPI_LABELS, STATE_LABELS, Lang, format_mt, pick

STATE_TONES = {"peaked": "good", "plateau": "warn", "not_peaked": "bad"}


def scale_note(lang: Lang, scale: float = LIVE_SCALE, seed: int = DEFAULT_SEED) -> str:
    """What a live run is: one seed, a sample of households and farms, the CO2 convention."""
    return t("scale_note", lang, seed=seed, pct=f"{scale:.0%}")


def about_states(lang: Lang) -> str:
    """How a run's peak state is decided, with the model's own thresholds."""
    return t(
        "about_states",
        lang,
        tol=f"{TOLERANCE:.0%}",
        decline=f"{DECLINE_SHARE:.0%}",
        years=MIN_YEARS_BEFORE_END,
    )


def timing(seconds: float, lang: Lang) -> str:
    """How long the result took, or that it was computed before (cached runs take ~0 s)."""
    return t("updated", lang, s=seconds) if seconds >= 0.05 else t("from_earlier", lang)


def scorecard_rows(result: LiveResult, lang: Lang) -> list[list]:
    """One row per plan target: indicator, year, target, model value, met."""
    rows = []
    for row in result.run.summary["scorecard"]:
        en, zh, unit_en, _ = KPI_LABELS.get(row["kpi"], (row["kpi"], row["kpi"], "", ""))
        sense = "≥" if row["sense"] == ">=" else "≤"
        met = row["met"]
        rows.append(
            [
                zh if lang == "zh" else en,
                row["year"],
                f"{sense} {format_kpi(row['kpi'], row['target'], unit_en, lang)}",
                format_kpi(row["kpi"], row["value"], unit_en, lang),
                ("–", "")
                if met is None
                else (
                    (f"✓ {t('met_yes', lang)}", "cp-met")
                    if met
                    else (f"✗ {t('met_no', lang)}", "cp-missed")
                ),
            ]
        )
    return rows


def state_note(summary: dict, lang: Lang) -> str:
    """What the run's peak state means for this run: since when it declines or plateaus."""
    state = summary["peak_state"]
    if state == "peaked":
        return t("note_peaked", lang, year=summary["decline_year"])
    if state == "plateau":
        return t("note_plateau", lang, year=summary["plateau_start"])
    return t("note_not_peaked", lang)


def by_year_answer(summary: dict, lang: Lang, year: int = PEAK_BY) -> tuple[str, str]:
    """(note, tone) of the plan's question for one run: peaked, or at least a plateau, by 2030?"""
    state, peak_year = summary["peak_state"], summary["peak_year"]
    reached = peak_year is not None and peak_year <= year
    if state == "peaked" and reached:
        return t("by_year_peaked", lang, year=year), "good"
    if state != "not_peaked" and reached:
        return t("by_year_plateau", lang, year=year), "warn"
    return t("by_year_no", lang, year=year), "bad"


def headline(result: LiveResult, lang: Lang) -> list[tuple[str, str, str, str]]:
    """(title, value, note, tone) of the headline cards."""
    s = result.run.summary
    state = s["peak_state"]
    peak_year = s["peak_year"]
    emissions_2030 = s.get("emissions_2030_mt")
    avoided = format_mt(result.avoided_mt, lang)
    by_note, by_tone = by_year_answer(s, lang)
    return [
        (
            t("peak_state", lang),
            pick(STATE_LABELS[state], lang),
            state_note(s, lang),
            STATE_TONES[state],
        ),
        (
            t("plateau_start" if state == "plateau" else "peak_year", lang),
            str(peak_year) if peak_year is not None else t("none_year", lang),
            by_note,
            by_tone,
        ),
        (t("peak_level", lang), format_mt(s["peak_emissions_mt"], lang), "", ""),
        (
            t("emissions_2030", lang),
            format_mt(emissions_2030, lang) if emissions_2030 else "–",
            "",
            "",
        ),
        (t("fiscal_total", lang), format_money(s["fiscal_cost_myuan"], lang), "", ""),
        (
            t("cost_per_tonne", lang),
            format_cost_per_tonne(result.cost_per_tonne, lang),
            t("co2_avoided", lang, value=avoided),
            "",
        ),
    ]


@solara.component
def Status(pending: bool, error: str, lang: Lang):
    """Progress bar while the next result computes, or the run's error."""
    with solara.Div(classes=["cp-status-line", *(["cp-pending"] if pending else [])]):
        solara.ProgressLinear(pending, color="primary")
        if error:
            solara.Error(t("error_run", lang, msg=error), classes=["cp-run-error"])


@solara.component
def Results(result: LiveResult | None, lang: Lang):
    """The live results of the current setting (rendered again only for a new result)."""
    with solara.Div(classes=["cp-results"]):
        if result is None:
            solara.Text(t("computing", lang))
            return
        with solara.Div(classes=["cp-stats"]):
            for title, value, note, tone in headline(result, lang):
                Stat(title, value, note, tone, classes=[f"cp-stat-{len(title)}"])
        solara.Div(
            children=[f"{scale_note(lang)} {timing(result.seconds, lang)}"],
            classes=["cp-caption", "cp-scale-note"],
        )
        with solara.Div(classes=["cp-card", "cp-trajectory"]):
            Chart(
                option=charts.trajectory(result, lang),
                filename="carbonpeak-emissions.png",
                download_label=t("download_png_trajectory", lang),
                height="400px",
            )
        with solara.Div(classes=["cp-two"]):
            with solara.Div(classes=["cp-card", "cp-scorecard"]):
                rows = scorecard_rows(result, lang)
                n_met = sum(1 for row in result.run.summary["scorecard"] if row["met"])
                solara.Div(children=[t("scorecard", lang)], classes=["cp-card-title"])
                solara.Div(
                    children=[t("met_summary", lang, met=n_met, n=len(rows))],
                    classes=["cp-caption", "cp-met-summary"],
                )
                Table(
                    [
                        t("indicator", lang),
                        t("target_year", lang),
                        t("target", lang),
                        t("model_value", lang),
                        t("met", lang),
                    ],
                    rows,
                )
                colon = "：" if lang == "zh" else ": "
                solara.Div(
                    children=[
                        f"{t('not_modelled', lang)}{colon}{not_modelled(NOT_MODELLED, lang)}"
                    ],
                    classes=["cp-caption", "mt-2"],
                )
            with solara.Div(classes=["cp-card", "cp-costs"]):
                option = charts.costs(result, lang)
                if option is None:
                    solara.Text(t("no_cost", lang))
                else:
                    height = f"{max(220, 52 * len(option['yAxis']['data']) + 80)}px"
                    Chart(
                        option=option,
                        filename="carbonpeak-costs.png",
                        download_label=t("download_png_cost", lang),
                        height=height,
                    )
                solara.Div(children=[t("cost_per_tonne_help", lang)], classes=["cp-caption"])
        Detail(result, lang)


@solara.component
def Detail(result: LiveResult, lang: Lang):
    """Electricity, straw or new industry of the setting's run, one view at a time."""
    view, set_view = solara.use_state(DETAIL_VIEWS[0])
    with solara.Div(classes=["cp-card", "cp-detail"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Div(children=[t("detail", lang)], classes=["cp-card-title"])
            rv.BtnToggle(
                v_model=view,
                on_v_model=lambda v: set_view(v) if v else None,
                mandatory=True,
                dense=True,
                color="primary",
                class_="cp-detail-views ml-3",
                children=[
                    rv.Btn(
                        small=True, value=v, children=[t(f"view_{v}", lang)], class_=f"cp-view-{v}"
                    )
                    for v in DETAIL_VIEWS
                ],
            )
        Chart(
            option=charts.detail(result, view, lang),
            filename=f"carbonpeak-{view}.png",
            download_label=t("download_png_detail", lang),
            height="380px",
        )
        solara.Div(children=[t("detail_help", lang)], classes=["cp-caption"])
