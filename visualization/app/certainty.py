"""The "How sure?" tab: an ensemble in the background, with progress, cancel and a cache."""

from __future__ import annotations

import threading

import reacton.ipyvuetify as rv
import solara
import solara.lab

from visualization.app import ensemble_charts, state
from visualization.app.compute import DEFAULT_SEED, LIVE_SCALE
from visualization.app.ensemble import (
    DEFAULT_RUNS,
    ENSEMBLE_SCALE,
    RUN_CHOICES,
    Estimate,
    cached_estimate,
    estimate,
)
from visualization.app.settings import Settings
from visualization.app.strings import format_share, t
from visualization.app.widgets import Chart, Stat
from visualization.i18n import Lang


def tone(p: float | None) -> str:
    """Colour of a probability card: good from 80%, warning from 50%."""
    return "good" if (p or 0) >= 0.8 else ("warn" if (p or 0) >= 0.5 else "bad")


def probability_cards(result: Estimate, lang: Lang) -> list[tuple[str, str, str, str, str]]:
    """(title, value, note, tone, css class) of the estimate's headline cards."""
    cards = []
    for key, p, (low, high), css in (
        ("p_peak", result.p_peak, result.p_peak_ci, "cp-p-peak"),
        ("p_plateau", result.p_plateau, result.p_plateau_ci, "cp-p-plateau"),
    ):
        note = t("p_interval", lang, low=format_share(low), high=format_share(high))
        cards.append((t(key, lang), format_share(p), note, tone(p), css))
    median = result.median_peak_year
    cards.append(
        (
            t("median_peak_year", lang),
            str(median) if median is not None else t("median_peak_none", lang),
            t("median_peak_note", lang),
            "",
            "cp-median-peak",
        )
    )
    return cards


@solara.component
def EstimateView(result: Estimate, lang: Lang, stale: bool):
    """Both probabilities by 2030 with intervals, the peak states and years, the fan chart."""
    if stale:
        solara.Warning(t("ens_stale", lang), dense=True, classes=["cp-ens-stale"])
    if result.failed:
        solara.Warning(t("ens_failed", lang, n=result.failed), dense=True)
    if result.runs == 0:
        solara.Error(t("ens_none_ok", lang))
        return
    with solara.Div(classes=["cp-stats"]):
        for title, value, note, colour, css in probability_cards(result, lang):
            Stat(title, value, note, tone=colour, classes=[css])
    solara.Div(
        children=[
            t("p_note", lang, n=result.runs, pct=f"{result.scale:.1%}", seconds=result.seconds)
        ],
        classes=["cp-caption", "cp-ens-note"],
    )
    with solara.Div(classes=["cp-two"]):
        with solara.Div(classes=["cp-card", "cp-ens-states"]):
            Chart(option=ensemble_charts.states(result.states, lang), height="300px")
        with solara.Div(classes=["cp-card", "cp-ens-years"]):
            Chart(option=ensemble_charts.peak_years(result.peak_years, lang), height="300px")
        with solara.Div(classes=["cp-card", "cp-ens-by-year"]):
            Chart(
                option=ensemble_charts.probability_by_year(result.by_year, lang),
                filename="carbonpeak-probability-by-year.png",
                download_label=t("download_png_by_year", lang),
                height="320px",
            )
        with solara.Div(classes=["cp-card", "cp-ens-fan"]):
            Chart(
                option=ensemble_charts.fan(result.bands, lang),
                filename="carbonpeak-probability.png",
                download_label=t("download_png_fan", lang),
                height="320px",
            )


@solara.component
def Certainty(lang: Lang):
    """Estimate button, run count, progress and cancel; the estimate once there."""
    settings = state.settings.value
    runs, set_runs = solara.use_state(DEFAULT_RUNS)
    progress, set_progress = solara.use_state((0, 0))
    shown, set_shown = solara.use_state(None)  # (Settings, Estimate) last shown
    message, set_message = solara.use_state("")
    cancel = solara.use_memo(threading.Event, [])
    solara.use_effect(lambda: cancel.set, [])  # a closed session stops its ensemble

    def run(target: Settings, n: int) -> tuple[Settings, Estimate] | None:
        cancel.clear()
        set_message("")
        set_progress((0, n))
        done = threading.Event()
        box: dict[str, object] = {}

        def work() -> None:
            from experiments import ExperimentCancelled  # the engine loads on first use

            try:
                box["result"] = estimate(
                    target,
                    n,
                    scale=ENSEMBLE_SCALE,
                    seed=DEFAULT_SEED,
                    on_progress=lambda d, total: box.__setitem__("progress", (d, total)),
                    cancel=cancel,
                )
            except ExperimentCancelled:
                box["cancelled"] = True
            except Exception as e:  # shown to the user in one line; the page goes on
                box["error"] = f"{type(e).__name__}: {e}"
            finally:
                done.set()

        worker = threading.Thread(target=work, name="carbonpeak-ensemble", daemon=True)
        worker.start()
        while not done.wait(0.25):
            if "progress" in box:
                set_progress(box["progress"])
        if "cancelled" in box:
            set_message(t("cancelled", lang))
            return None
        if "error" in box:
            set_message(t("ens_error", lang, msg=box["error"]))
            return None
        pair = (target, box["result"])
        set_shown(pair)
        state.estimates_done.value += 1
        return pair

    task = solara.lab.use_task(run, dependencies=None)
    cached = cached_estimate(settings, runs, ENSEMBLE_SCALE, DEFAULT_SEED)
    current = (settings, cached) if cached is not None else shown

    with solara.Div(classes=["cp-certainty"]):
        solara.Div(
            children=[
                t(
                    "estimate_help",
                    lang,
                    runs=runs,
                    pct=f"{ENSEMBLE_SCALE:.1%}",
                    live=f"{LIVE_SCALE:.0%}",
                )
            ],
            classes=["cp-caption", "mb-2"],
        )
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            rv.Select(
                label=t("runs", lang),
                items=list(RUN_CHOICES),
                v_model=runs,
                on_v_model=set_runs,
                dense=True,
                outlined=True,
                hide_details=True,
                disabled=task.pending,
                style_="max-width: 140px",
                class_="cp-runs",
            )
            solara.Button(
                t("estimate", lang),
                icon_name="mdi-chart-bell-curve",
                color="primary",
                on_click=lambda: task(settings, runs),
                disabled=task.pending,
                classes=["cp-estimate"],
            )
            if task.pending:
                solara.Button(
                    t("cancel", lang), on_click=cancel.set, outlined=True, classes=["cp-cancel"]
                )
        if task.pending:
            done, total = progress
            solara.ProgressLinear(100 * done / total if total else True, color="primary")
            solara.Text(t("progress", lang, done=done, total=total), classes=["cp-progress-text"])
        if message:
            solara.Info(message, dense=True, classes=["cp-ens-message"])
        if current is not None and not task.pending:
            target, result = current
            if cached is not None and shown is None:
                solara.Div(children=[t("from_cache", lang)], classes=["cp-caption"])
            EstimateView(result, lang, stale=target.key() != settings.key())
