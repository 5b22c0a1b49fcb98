"""Report figures in Chinese and English: each function takes analysis tables, returns a Figure.

The tables are those of ``FIGURE_CONTRACT.md`` (the CSV files under an experiment's
``analysis/`` folder, read with ``pandas.read_csv``). Every function takes ``lang`` ("zh", the
default, or "en") and ``meta`` (scenario, runs, scale, convention, code version for the source
line) and never runs a model or reads a file; ``plot_directory`` finds the tables of an
experiment or report directory and writes every figure they support.
"""

from visualization.figures.checks import FigureDataError
from visualization.figures.directory import (
    FIGURES,
    DrawnFigure,
    PlotError,
    PlotReport,
    SkippedFigure,
    plot_directory,
)
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

__all__ = [
    "FIGURES",
    "DrawnFigure",
    "FigureDataError",
    "PlotError",
    "PlotReport",
    "SkippedFigure",
    "adoption_figure",
    "emissions_fan_figure",
    "lever_tornado_figure",
    "morris_figure",
    "peak_probability_figure",
    "peak_year_figure",
    "plot_directory",
    "policy_map_figure",
    "prim_box_figure",
    "reconciliation_figure",
    "scorecard_figure",
    "sector_area_figure",
    "sobol_figure",
    "validation_figure",
    "wedge_figure",
]
