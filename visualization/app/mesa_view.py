"""The researchers' page: Mesa's own SolaraViz of `CityModel`, one model per browser session.

Step, play and reset come from SolaraViz; the plots are Mesa's CO2 plot (matplotlib backend,
drawn on the server, so no Vega script is needed) and the adoption of electric cars and clean
heating in each county, recorded from the model's household columns as the model steps.
"""

from __future__ import annotations

import numpy as np
import solara
from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.utils import update_counter

from agents.heating import CLEAN_HEATING
from agents.household import EV
from parameters import list_scenarios
from parameters.calibration import COUNTIES
from simulation import CityModel
from visualization.app import state
from visualization.app.strings import t
from visualization.app.widgets import Chart
from visualization.i18n import Lang

#: Scale of the researchers' model: small, so that play is fluid.
MESA_SCALE = 0.01


def county_adoption(model: CityModel) -> tuple[np.ndarray, np.ndarray]:
    """Electric share of cars and clean-heating share of households, per county, now."""
    h = model.households
    n = len(COUNTIES)
    county = h.county
    cars = np.bincount(county, weights=h.car > 0, minlength=n)
    electric = np.bincount(county, weights=h.car == EV, minlength=n)
    clean = np.bincount(county, weights=CLEAN_HEATING[h.heating], minlength=n)
    households = np.bincount(county, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return electric / np.maximum(cars, 1), clean / np.maximum(households, 1)


def adoption_option(history: dict[int, tuple], title: str, which: int, lang: Lang) -> dict:
    """Line chart of one adoption share by county over the years seen so far."""
    years = sorted(history)
    return {
        "animation": False,
        "title": {"text": title, "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 56},
        "xAxis": {"type": "category", "data": [str(y) for y in years], "boundaryGap": False},
        "yAxis": {"type": "value", "min": 0, "max": 100, "name": "%"},
        "series": [
            {
                "name": county,
                "type": "line",
                "symbol": "none",
                "data": [round(float(history[y][which][i]) * 100, 1) for y in years],
            }
            for i, county in enumerate(COUNTIES)
        ],
    }


@solara.component
def CountyAdoption(model: CityModel):
    """Adoption by county over time; history kept per model (a reset starts a new one)."""
    update_counter.get()
    lang = state.lang.value
    history = solara.use_memo(dict, [id(model)])
    history[model.year] = county_adoption(model)
    with solara.Div(classes=["cp-card"]):
        solara.Div(children=[t("adoption_by_county", lang)], classes=["cp-card-title"])
        Chart(option=adoption_option(history, t("ev_share", lang), 0, lang), height="260px")
        Chart(option=adoption_option(history, t("clean_heat_share", lang), 1, lang), height="260px")


def model_params() -> dict:
    """SolaraViz's model parameters: scenario and seed; the scale stays small."""
    return {
        "scenario": {
            "type": "Select",
            "value": "plan",
            "values": list_scenarios(),
            "label": "Scenario",
        },
        "rng": {"type": "SliderInt", "value": 1, "min": 0, "max": 99, "step": 1, "label": "Seed"},
        "scale": MESA_SCALE,
    }


@solara.component
def MesaPage():
    """SolaraViz of a model that belongs to this session only."""
    model = solara.use_memo(lambda: CityModel(scenario="plan", scale=MESA_SCALE, rng=1), [])
    solara.Div(children=[t("mesa_intro", state.lang.value)], classes=["cp-caption", "pa-2"])
    SolaraViz(
        model,
        components=[make_plot_component("co2_mt", backend="matplotlib"), (CountyAdoption, 0)],
        model_params=model_params(),
        name="CityModel",
        play_interval=150,
    )
