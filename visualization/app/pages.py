"""The Solara app: the policy simulator at ``/`` and the researchers' Mesa view at ``/mesa``.

Solara serves this module (``visualization.app.serve`` starts it). Each browser session gets
its own state (`visualization.app.state`) and its own model runs; the live run of a setting
starts in a worker thread a moment after the last change (rapid slider moves are debounced),
so the page stays responsive and only the last setting is computed.
"""

from __future__ import annotations

import time
from pathlib import Path

import reacton.ipyvuetify as rv
import solara
import solara.lab

from visualization.app import state
from visualization.app.certainty import Certainty
from visualization.app.compare import Compare
from visualization.app.compute import LiveResult, live_result
from visualization.app.controls import Controls
from visualization.app.ensemble import start_warm_up
from visualization.app.mesa_view import MesaPage
from visualization.app.results import Results, Status, about_states, scale_note
from visualization.app.settings import from_query
from visualization.app.share import Share
from visualization.app.strings import t
from visualization.i18n import Lang

#: Wait this long after a change before computing (a newer change cancels the wait).
DEBOUNCE_S = 0.06
#: Indices of the tabs built on first opening ("How sure?" also warms the ensemble's workers).
CERTAINTY_TAB, COMPARE_TAB, SHARE_TAB = 1, 2, 3
CSS = (Path(__file__).parent / "app.css").read_text(encoding="utf-8")


def read_link(search: str | None) -> None:
    """Apply the settings and language of the page's link, once per session."""
    if state.link_read.value:
        return
    state.link_read.value = True
    if not search:
        return
    settings, lang, problems = from_query(search)
    state.settings.value = settings
    if lang is not None:
        state.lang.value = lang
    state.link_problems.value = tuple(problems)


@solara.component
def TopBar(lang: Lang, page: str):
    """Title, page switch and language switch."""
    with solara.Div(classes=["cp-bar"]):
        with solara.Div(classes=["cp-bar-title"]):
            solara.Div(children=[t("app_title", lang)], classes=["cp-title"])
            solara.Div(children=[t("app_subtitle", lang)], classes=["cp-subtitle"])
        with solara.Div(classes=["cp-bar-actions"]):
            with solara.Link("/"):
                solara.Button(
                    t("nav_policy", lang),
                    text=True,
                    dark=True,
                    classes=["cp-nav", *(["cp-nav-on"] if page == "policy" else [])],
                )
            with solara.Link("/mesa"):
                solara.Button(
                    t("nav_mesa", lang),
                    text=True,
                    dark=True,
                    classes=["cp-nav", *(["cp-nav-on"] if page == "mesa" else [])],
                )
            LanguageButton(lang)


@solara.component
def PolicyPage():
    """Controls on the left, results in tabs on the right."""
    router = solara.use_router()
    read_link(router.search)
    lang = state.lang.value
    settings = state.settings.value

    def compute() -> LiveResult | None:
        time.sleep(DEBOUNCE_S)
        if not task.is_current():
            return None
        return live_result(settings)

    task = solara.lab.use_task(compute, dependencies=[settings.key()], raise_error=False)
    last = solara.use_ref(None)  # the last result stays on screen while the next computes
    if task.finished and task.value is not None:
        last.current = task.value
    shown = last.current
    error = str(task.exception) if task.error else ""

    # A tab's content is built when it is first opened and then kept (with its state, e.g. a
    # running estimate): every render reconciles every widget on the page, so tabs never
    # opened would slow each live update for nothing.
    opened, set_opened = solara.use_state(frozenset({0}))

    def on_tab(index: int) -> None:
        set_opened(opened | {index})
        if index == CERTAINTY_TAB:
            start_warm_up()

    solara.Title(t("app_title", lang))
    solara.Style(CSS)
    with solara.Div(classes=["cp-app", f"cp-lang-{lang}"]):
        TopBar(lang, "policy")
        if state.link_problems.value:
            solara.Warning(
                t("link_problems", lang, msg="; ".join(state.link_problems.value)),
                dense=True,
                classes=["cp-link-problems"],
            )
        with solara.Div(classes=["cp-main"]):
            with solara.Div(classes=["cp-side"]):
                Controls(lang)
            with solara.Div(classes=["cp-content"]):
                with (
                    solara.Div(classes=["cp-tabs"]),
                    solara.lab.Tabs(color="primary", on_value=on_tab),
                ):
                    with solara.lab.Tab(t("tab_results", lang), classes=["cp-tab-results"]):
                        with solara.Div(
                            classes=["cp-live", *(["cp-stale"] if task.pending else [])]
                        ):
                            Status(task.pending, error, lang)
                            Results(shown, lang)
                    with solara.lab.Tab(t("tab_certainty", lang), classes=["cp-tab-certainty"]):
                        if CERTAINTY_TAB in opened:
                            Certainty(lang)
                    with solara.lab.Tab(t("tab_compare", lang), classes=["cp-tab-compare"]):
                        if COMPARE_TAB in opened:
                            Compare(lang)
                    with solara.lab.Tab(t("tab_share", lang), classes=["cp-tab-share"]):
                        if SHARE_TAB in opened:
                            Share(shown, lang)
                    with (
                        solara.lab.Tab(t("tab_about", lang), classes=["cp-tab-about"]),
                        solara.Div(classes=["cp-card", "cp-about"]),
                    ):
                        solara.Div(children=[t("about_text", lang)])
                        solara.Div(children=[about_states(lang)], classes=["mt-2"])
                        solara.Div(children=[scale_note(lang)], classes=["cp-caption", "mt-2"])


@solara.component
def ResearchPage():
    """The Mesa view; its frame (bar and sidebar) is Solara's AppLayout, see `Layout`."""
    solara.Title(t("nav_mesa", state.lang.value))
    solara.Style(CSS)
    MesaPage()


@solara.component
def LanguageButton(lang: Lang):
    """Switches the session between Chinese and English (labelled with the other language)."""
    solara.Button(
        t("language", lang),
        icon_name="mdi-translate",
        outlined=True,
        dark=True,
        on_click=lambda: state.lang.set("en" if state.lang.value == "zh" else "zh"),
        classes=["cp-lang"],
    )


@solara.component
def MesaBar(lang: Lang):
    """Page switch and language switch in the Mesa view's app bar."""
    with solara.AppBar():
        with solara.Link("/"):
            solara.Button(t("nav_policy", lang), text=True, dark=True, classes=["cp-nav"])
        LanguageButton(lang)


@solara.component
def Layout(children=()):
    """The policy page draws its own bar; the Mesa view needs AppLayout for SolaraViz's sidebar."""
    route, _ = solara.use_route()
    if route is not None and route.path == "mesa":
        lang = state.lang.value
        with solara.AppLayout(title=t("app_title", lang), navigation=False, color="#1e4f7a"):
            MesaBar(lang)
            rv.Html(tag="div", children=list(children))
        return
    rv.Html(tag="div", children=list(children), class_="cp-root")


routes = [
    solara.Route(path="/", component=PolicyPage, label="policy", layout=Layout),
    solara.Route(path="mesa", component=ResearchPage, label="mesa"),
]
