"""The compare tab: pin up to three named settings and see them side by side."""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara
import solara.lab

from visualization.app import charts, state
from visualization.app.compute import DEFAULT_SEED, LiveResult, live_result
from visualization.app.ensemble import ENSEMBLE_SCALE, Estimate, largest_cached
from visualization.app.results import by_year_answer, scorecard_rows
from visualization.app.settings import Settings
from visualization.app.strings import format_cost_per_tonne, format_money, format_share, t
from visualization.app.widgets import Chart, Table
from visualization.i18n import STATE_LABELS, Lang, format_mt, pick


def pin(name: str, settings: Settings) -> bool:
    """Pin ``settings`` under ``name`` (replacing a pin of that name); False when full."""
    pins = [(n, s) for n, s in state.pins.value if n != name]
    if len(pins) >= state.MAX_PINS:
        return False
    state.pins.value = (*pins, (name, settings))
    return True


def probability_cell(estimate: Estimate | None, which: str, lang: Lang) -> str:
    """A pinned setting's probability by 2030 with its interval, if it was estimated."""
    if estimate is None:
        return t("not_estimated", lang)
    p, (low, high) = (
        (estimate.p_peak, estimate.p_peak_ci)
        if which == "peak"
        else (estimate.p_plateau, estimate.p_plateau_ci)
    )
    return f"{format_share(p)} ({format_share(low)}–{format_share(high)})"


def comparison_rows(
    named: list[tuple[str, LiveResult]], estimates: list[Estimate | None], lang: Lang
) -> list[list]:
    """Rows of the side-by-side table: one measure per row, one setting per column."""

    def row(key: str, cell) -> list:
        return [t(key, lang), *(cell(r) for _, r in named)]

    def met(r: LiveResult) -> str:
        card = r.run.summary["scorecard"]
        return f"{sum(1 for c in card if c['met'])} / {len(card)}"

    return [
        row("peak_state", lambda r: pick(STATE_LABELS[r.run.summary["peak_state"]], lang)),
        row("peak_year", lambda r: r.run.summary["peak_year"] or t("none_year", lang)),
        row("by_year_row", lambda r: by_year_answer(r.run.summary, lang)[0]),
        [t("p_peak", lang), *(probability_cell(e, "peak", lang) for e in estimates)],
        [t("p_plateau", lang), *(probability_cell(e, "plateau", lang) for e in estimates)],
        row("peak_level", lambda r: format_mt(r.run.summary["peak_emissions_mt"], lang)),
        row("emissions_2030", lambda r: format_mt(r.run.summary["emissions_2030_mt"], lang)),
        row("fiscal_total", lambda r: format_money(r.run.summary["fiscal_cost_myuan"], lang)),
        row("cost_per_tonne", lambda r: format_cost_per_tonne(r.cost_per_tonne, lang)),
        row("targets_met", met),
    ]


@solara.component
def Compare(lang: Lang):
    """Pin form, pinned list, comparison table, trajectories and scorecards."""
    pins = state.pins.value
    name, set_name = solara.use_state("")
    message, set_message = solara.use_state("")

    def add() -> None:
        label = name.strip()[:40] or t("pin_default_name", lang, n=len(state.pins.value) + 1)
        if pin(label, state.settings.value):
            set_name("")
            set_message("")
        else:
            set_message(t("pin_full", lang))

    def compute() -> list[tuple[str, Settings, LiveResult]]:
        return [(n, s, live_result(s)) for n, s in pins]

    results = solara.lab.use_task(compute, dependencies=[pins])

    with solara.Div(classes=["cp-compare"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            rv.TextField(
                label=t("pin_name", lang),
                v_model=name,
                on_v_model=set_name,
                dense=True,
                outlined=True,
                hide_details=True,
                counter=40,
                style_="max-width: 260px",
                class_="cp-pin-name",
            )
            solara.Button(
                t("pin", lang),
                icon_name="mdi-pin",
                color="primary",
                on_click=add,
                disabled=len(pins) >= state.MAX_PINS,
                classes=["cp-pin"],
            )
        if message:
            solara.Warning(message, dense=True)
        solara.Div(
            children=[t("pinned", lang, n=state.MAX_PINS)], classes=["cp-card-title", "mt-3"]
        )
        if not pins:
            solara.Div(children=[t("pin_none", lang)], classes=["cp-caption"])
            return
        with solara.Row(style={"flex-wrap": "wrap"}):
            for n, s in pins:
                with solara.Div(classes=["cp-pin-chip"]):
                    solara.Text(n)
                    solara.Button(
                        t("load", lang),
                        text=True,
                        small=True,
                        on_click=lambda s=s: state.settings.set(s),
                    )
                    solara.Button(
                        t("remove", lang),
                        text=True,
                        small=True,
                        color="error",
                        on_click=lambda n=n: state.pins.set(
                            tuple(p for p in state.pins.value if p[0] != n)
                        ),
                    )
        if not results.finished or results.value is None:
            solara.ProgressLinear(True)
            return
        named = [(n, r) for n, _, r in results.value]
        state.estimates_done.value  # noqa: B018 (read: a finished estimate renders this again)
        estimates = [largest_cached(s, ENSEMBLE_SCALE, DEFAULT_SEED) for _, s, _ in results.value]
        with solara.Div(classes=["cp-card"]):
            Table(
                [t("measure", lang), *(n for n, _ in named)],
                comparison_rows(named, estimates, lang),
                "cp-compare-table",
            )
        with solara.Div(classes=["cp-card"]):
            Chart(
                option=charts.compare(named, lang),
                filename="carbonpeak-compare.png",
                download_label=t("downloads", lang) + " PNG",
                height="340px",
            )
        with solara.Div(classes=["cp-card"]):
            cards = [scorecard_rows(r, lang) for _, r in named]
            rows = [
                [*cards[0][i][:3], *(card[i][4] for card in cards)] for i in range(len(cards[0]))
            ]
            solara.Div(children=[t("scorecard", lang)], classes=["cp-card-title"])
            Table(
                [
                    t("indicator", lang),
                    t("target_year", lang),
                    t("target", lang),
                    *(n for n, _ in named),
                ],
                rows,
            )
