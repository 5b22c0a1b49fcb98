"""The control column: preset, reset, every lever by sector, and the assumptions panel.

Every control is built from the registry (label, unit, range, default, help, whether it takes
a schedule), so a lever added there appears here without a change. A change that the registry
refuses is shown beside the control and changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import reacton.ipyvuetify as rv
import solara

from parameters import LEVER_SECTORS, REGISTRY, Parameter, ParameterError, list_scenarios
from parameters import value_in_year as in_year
from visualization.app import state
from visualization.app.settings import (
    DEFAULT_RAMP_END_YEAR,
    DEFAULT_START_YEAR,
    LAST_YEAR,
    LeverSetting,
    Settings,
)
from visualization.app.strings import (
    ASSUMPTION_GROUPS,
    format_param,
    format_schedule,
    help_text,
    label,
    pick,
    t,
)
from visualization.i18n import SCENARIO_LABELS, Lang

START_YEARS = list(range(2021, 2041))


def slider_step(p: Parameter) -> float:
    """A round step giving about 100-200 positions over the parameter's range."""
    span = p.high - p.low
    if span <= 0:
        return 1
    raw = span / 150
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return max(1, round(step)) if p.dtype == "int" else step


def is_slider_noise(p: Parameter, new: float, shown: float) -> bool:
    """Whether a slider's value differs from the one shown only by its step rounding.

    A Vuetify slider rounds a value off its step grid (e.g. the plan's 7.9056 Mt coal cap) as
    it appears and reports the rounded value; that is not the user's change.
    """
    return abs(new - shown) <= slider_step(p) / 2 + 1e-9


def _snap(p: Parameter, value: float) -> float | int:
    value = min(max(value, p.low), p.high)
    return round(value) if p.dtype == "int" else float(value)


def scenario_name(settings: Settings, lang: Lang) -> str:
    """The base scenario's display name."""
    if settings.base == "uploaded":
        return t("uploaded_base", lang, name=settings.uploaded_name)
    return pick(SCENARIO_LABELS.get(settings.base, (settings.base, settings.base)), lang)


@solara.component
def PresetBar(lang: Lang):
    """Scenario choice, reset, and how many settings differ from the scenario."""
    settings = state.settings.value
    names = list_scenarios()
    items = [{"text": pick(SCENARIO_LABELS.get(n, (n, n)), lang), "value": n} for n in names]
    if settings.base == "uploaded":
        items.append({"text": scenario_name(settings, lang), "value": "uploaded"})

    def choose(name: str) -> None:
        if name in names:
            state.settings.value = state.settings.value.with_base(name)

    n_changed = len(settings.levers) + len(settings.assumptions)
    with solara.Div(classes=["cp-preset"]):
        rv.Select(
            label=t("preset", lang),
            items=items,
            v_model=settings.base,
            on_v_model=choose,
            hint=t("preset_help", lang),
            persistent_hint=True,
            outlined=True,
            dense=True,
            class_="cp-preset-select",
        )
        with solara.Row(classes=["cp-preset-row"], style={"align-items": "center"}):
            solara.Text(
                t("changed_count", lang, n=n_changed) if n_changed else t("no_changes", lang),
                classes=["cp-changed-count"],
            )
            solara.Button(
                t("reset", lang),
                icon_name="mdi-restore",
                on_click=lambda: state.settings.set(state.settings.value.reset()),
                disabled=n_changed == 0,
                outlined=True,
                small=True,
                color="primary",
                classes=["cp-reset"],
            )


def _lever_value(p: Parameter, setting: LeverSetting | None, base, start: int) -> float:
    if setting is not None and setting.mode in ("step", "ramp"):
        return setting.value
    shown = setting.raw if setting is not None else base
    if isinstance(shown, tuple):
        shown = dict(shown)
    return in_year(shown, start) if p.schedulable else shown


def _head(p: Parameter, value, changed: bool, on_reset, lang: Lang) -> None:
    """Label and shown value of a control; a reset button once it differs from the scenario."""
    with solara.Div(classes=["cp-lever-head"]):
        solara.Div(children=[label(p, lang)], classes=["cp-lever-label"])
        solara.Div(children=[format_param(p, value, lang)], classes=["cp-lever-value"])
        if changed:
            rv.Btn(
                icon=True,
                small=True,
                children=[rv.Icon(small=True, children=["mdi-restore"])],
                on_click=on_reset,
                class_="cp-lever-reset",
                attributes={"title": t("reset_lever", lang), "aria-label": t("reset_lever", lang)},
            )


def _slider(p: Parameter, value, on_value, lang: Lang) -> None:
    """A slider over the parameter's range, in round steps."""
    rv.Slider(
        v_model=value,
        on_v_model=on_value,
        min=p.low,
        max=p.high,
        step=slider_step(p),
        hide_details=True,
        dense=True,
        class_="cp-slider",
        attributes={"aria-label": label(p, lang)},
    )


def _range_note(p: Parameter, lang: Lang) -> None:
    """The range and the model default, under a slider."""
    low, high = format_param(p, p.low, lang), format_param(p, p.high, lang)
    range_text = t("range", lang, low=low, high=high)
    default_text = t("default", lang, value=format_param(p, p.default, lang))
    solara.Div(children=[f"{range_text} · {default_text}"], classes=["cp-caption"])


@solara.component
def LeverControl(p: Parameter, setting: LeverSetting | None, base, lang: Lang):
    """One lever: value slider, "from year X" or ramp, scenario value, range, help.

    Only its own props are read while rendering (not the session's whole setting), so a
    change of another lever does not render this one again.
    """
    local_mode, set_local_mode = solara.use_state("step")
    local_start, set_local_start = solara.use_state(DEFAULT_START_YEAR)
    local_end, set_local_end = solara.use_state(DEFAULT_RAMP_END_YEAR)
    error, set_error = solara.use_state("")
    timed = setting is not None and setting.mode in ("step", "ramp")
    mode = setting.mode if timed else local_mode
    start = setting.start if timed else local_start
    end = setting.end if timed else local_end
    value = _lever_value(p, setting, base, start)

    def apply(new: LeverSetting | None) -> None:
        try:
            state.settings.value = state.settings.value.with_lever(p.name, new)
            set_error("")
        except ParameterError as e:
            set_error(t("invalid", lang, msg=str(e)))

    def on_value(v: float) -> None:
        if is_slider_noise(p, v, value):
            return
        apply(LeverSetting(mode, float(_snap(p, v)), start, max(end, start + 1)))

    def on_mode(m: str | None) -> None:
        if m is None:
            return
        set_local_mode(m)
        if timed:
            apply(LeverSetting(m, setting.value, start, max(end, start + 1)))

    def on_start(y: int) -> None:
        set_local_start(y)
        if y >= end:
            set_local_end(min(LAST_YEAR, y + 4))
        if timed:
            apply(LeverSetting(mode, setting.value, y, max(end, y + 1)))

    def on_end(y: int) -> None:
        set_local_end(y)
        if timed:
            apply(LeverSetting(mode, setting.value, start, y))

    changed = setting is not None
    with solara.Div(
        classes=["cp-lever", f"cp-lever-{p.name}", *(["cp-changed"] if changed else [])]
    ):
        _head(p, value, changed, lambda *_: apply(None), lang)
        _slider(p, value, on_value, lang)
        _range_note(p, lang)
        if setting is not None and setting.mode == "schedule":
            shown = dict(setting.raw) if isinstance(setting.raw, tuple) else setting.raw
            note = f"{t('setting_schedule', lang)}: {format_schedule(p, shown, lang)}"
        else:
            note = t("scenario_value", lang, value=format_schedule(p, base, lang))
        solara.Div(children=[note], classes=["cp-caption", "cp-scenario-value"])
        if p.schedulable:
            with solara.Div(classes=["cp-timing"]):
                rv.BtnToggle(
                    v_model=mode,
                    on_v_model=on_mode,
                    mandatory=True,
                    dense=True,
                    color="primary",
                    children=[
                        rv.Btn(
                            small=True,
                            value="step",
                            children=[t("mode_step", lang)],
                            class_="cp-mode-step",
                        ),
                        rv.Btn(
                            small=True,
                            value="ramp",
                            children=[t("mode_ramp", lang)],
                            class_="cp-mode-ramp",
                        ),
                    ],
                )
                rv.Select(
                    label=t("from_year", lang),
                    items=START_YEARS,
                    v_model=start,
                    on_v_model=on_start,
                    dense=True,
                    hide_details=True,
                    class_="cp-year cp-start-year",
                )
                if mode == "ramp":
                    rv.Select(
                        label=t("to_year", lang),
                        items=list(range(start + 1, LAST_YEAR + 1)),
                        v_model=max(end, start + 1),
                        on_v_model=on_end,
                        dense=True,
                        hide_details=True,
                        class_="cp-year cp-end-year",
                    )
        solara.Div(children=[help_text(p, lang)], classes=["cp-help"])
        if error:
            solara.Div(children=[error], classes=["cp-error"])


@solara.component
def AssumptionControl(p: Parameter, given: float | None, base, lang: Lang):
    """One uncertainty: value slider, range, model default, help (renders from its props)."""
    value = given if given is not None else base
    error, set_error = solara.use_state("")

    def apply(v: float | None) -> None:
        try:
            state.settings.value = state.settings.value.with_assumption(
                p.name, None if v is None else _snap(p, v)
            )
            set_error("")
        except ParameterError as e:
            set_error(t("invalid", lang, msg=str(e)))

    with solara.Div(
        classes=[
            "cp-lever",
            f"cp-assumption-{p.name}",
            *(["cp-changed"] if given is not None else []),
        ]
    ):
        _head(p, value, given is not None, lambda *_: apply(None), lang)
        _slider(p, value, lambda v: None if is_slider_noise(p, v, value) else apply(v), lang)
        _range_note(p, lang)
        solara.Div(children=[help_text(p, lang)], classes=["cp-help"])
        if error:
            solara.Div(children=[error], classes=["cp-error"])


def _panel(title: str, n_changed: int, lang: Lang, children: list, classes: str):
    header = [title]
    if n_changed:
        header.append(
            rv.Chip(
                x_small=True,
                color="primary",
                class_="ml-2",
                children=[f"{n_changed} {t('changed', lang)}"],
            )
        )
    return rv.ExpansionPanel(
        class_=classes,
        children=[
            rv.ExpansionPanelHeader(children=header, class_="cp-panel-title"),
            rv.ExpansionPanelContent(children=children),
        ],
    )


@solara.component
def SectorControls(members: list[Parameter], changed: dict, base: dict, lang: Lang):
    """The levers of one sector (rendered only while its panel is open)."""
    for p in members:
        LeverControl(p, changed.get(p.name), base.get(p.name, p.default), lang).key(p.name)


@solara.component
def AssumptionControls(given: dict, base: dict, lang: Lang):
    """Every uncertainty by group (rendered only while the panel is open)."""
    groups: dict[str, list[Parameter]] = {}
    for p in REGISTRY.values():
        if p.kind == "uncertainty":
            groups.setdefault(p.group, []).append(p)
    solara.Div(children=[t("assumptions_help", lang)], classes=["cp-caption", "mb-2"])
    for group, members in groups.items():
        title = pick(ASSUMPTION_GROUPS.get(group, (group, group)), lang)
        solara.Div(children=[title], classes=["cp-group-title"])
        for p in members:
            AssumptionControl(p, given.get(p.name), base.get(p.name, p.default), lang).key(p.name)


@solara.component
def Controls(lang: Lang):
    """The whole control column; a closed panel's controls are not rendered (fast updates)."""
    settings = state.settings.value
    base: Mapping = solara.use_memo(settings.base_values, [settings.base, settings.uploaded])
    open_sectors, set_open_sectors = solara.use_state([])
    assumptions_open, set_assumptions_open = solara.use_state(None)
    levers = [p for p in REGISTRY.values() if p.kind == "lever"]
    changed = dict(settings.levers)
    given = dict(settings.assumptions)
    sectors = [
        (sector, names, [p for p in levers if p.group == sector])
        for sector, names in LEVER_SECTORS.items()
    ]
    sectors = [entry for entry in sectors if entry[2]]
    panels = [
        _panel(
            pick(names, lang),
            sum(p.name in changed for p in members),
            lang,
            [SectorControls(members, changed, dict(base), lang)] if i in open_sectors else [],
            f"cp-sector cp-sector-{sector}",
        )
        for i, (sector, names, members) in enumerate(sectors)
    ]
    with solara.Div(classes=["cp-controls"]):
        PresetBar(lang)
        solara.Div(children=[t("levers", lang)], classes=["cp-section-title"])
        rv.ExpansionPanels(
            v_model=open_sectors,
            on_v_model=lambda v: set_open_sectors(list(v or [])),
            multiple=True,
            accordion=True,
            flat=True,
            children=panels,
            class_="cp-sectors",
        )
        rv.ExpansionPanels(
            v_model=assumptions_open,
            on_v_model=set_assumptions_open,
            accordion=True,
            flat=True,
            class_="cp-assumptions mt-4",
            children=[
                _panel(
                    t("assumptions", lang),
                    len(settings.assumptions),
                    lang,
                    [AssumptionControls(given, dict(base), lang)] if assumptions_open == 0 else [],
                    "cp-assumptions-panel",
                )
            ],
        )
