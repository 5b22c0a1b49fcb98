"""The researchers' page: Mesa's own SolaraViz of `CityModel`, one model per browser session.

Step, play and reset come from SolaraViz; the plots are the city's CO2 by year from the model's
DataCollector, and the adoption of electric cars and clean heating in each county, recorded
from the model's household columns as the model steps. Both are ECharts from the app's own
server (no Vega script), in the session's language.
"""

from __future__ import annotations

import numpy as np
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from agents.heating import CLEAN_HEATING
from agents.household import EV
from parameters import list_scenarios
from parameters.calibration import COUNTIES
from simulation import CityModel
from visualization.app import state
from visualization.app.charts import base_option, co2_unit, rounded, year_axis
from visualization.app.strings import pick, t
from visualization.app.widgets import Chart
from visualization.i18n import COUNTY_LABELS, Lang

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
    option = base_option(title, "%", lang)
    option["grid"] = {"left": 56, "right": 16, "top": 56, "bottom": 84}
    option["yAxis"]["max"] = 100
    option["xAxis"] = year_axis(years, lang)
    option["series"] = [
        {
            "name": pick(COUNTY_LABELS[county], lang),
            "type": "line",
            "symbol": "none",
            "data": [round(float(history[y][which][i]) * 100, 1) for y in years],
        }
        for i, county in enumerate(COUNTIES)
    ]
    return option


def emissions_option(model: CityModel, lang: Lang) -> dict:
    """The city's CO2 by year so far, from the model's DataCollector."""
    frame = model.datacollector.get_model_vars_dataframe()
    years = [int(y) for y in frame["year"]]
    factor, unit = co2_unit(lang)
    option = base_option(t("mesa_co2", lang), unit, lang)
    option["grid"] = {"left": 64, "right": 16, "top": 56, "bottom": 48}
    option.pop("legend")  # one line, named by the title
    option["xAxis"] = year_axis(years, lang)
    option["series"] = [
        {
            "name": t("mesa_co2", lang),
            "type": "line",
            "symbol": "circle",
            "data": rounded(frame["co2_mt"], factor),
        }
    ]
    return option


@solara.component
def CityEmissions(model: CityModel):
    """CO2 by year of this session's model (drawn again at every step)."""
    update_counter.get()
    lang = state.lang.value
    with solara.Div(classes=["cp-card"]):
        Chart(option=emissions_option(model, lang), height="300px")


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


def model_params(lang: Lang) -> dict:
    """SolaraViz's model parameters: scenario and seed; the scale stays small."""
    return {
        "scenario": {
            "type": "Select",
            "value": "plan",
            "values": list_scenarios(),
            "label": t("mesa_scenario", lang),
        },
        "rng": {
            "type": "SliderInt",
            "value": 1,
            "min": 0,
            "max": 99,
            "step": 1,
            "label": t("mesa_seed", lang),
        },
        "scale": MESA_SCALE,
    }


@solara.component
def MesaPage():
    """SolaraViz of a model that belongs to this session only."""
    lang = state.lang.value
    model = solara.use_memo(lambda: CityModel(scenario="plan", scale=MESA_SCALE, rng=1), [])
    solara.Div(children=[t("mesa_intro", lang)], classes=["cp-caption", "pa-2"])
    SolaraViz(
        model,
        components=[(CityEmissions, 0), (CountyAdoption, 0)],
        model_params=model_params(lang),
        name=t("mesa_title", lang),
        play_interval=150,
    )
