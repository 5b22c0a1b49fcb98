"""Parameter registry, validation and scenarios: the model's only source of numbers."""

from parameters.registry import LEVER_SECTORS, REGISTRY, Parameter, levers, uncertainties
from parameters.scenarios import list_scenarios, load_scenario, read_scenario_file, resolve
from parameters.validation import (
    ParameterError,
    lookup,
    validate_overrides,
    validate_value,
    value_in_year,
)

__all__ = [
    "LEVER_SECTORS",
    "REGISTRY",
    "Parameter",
    "ParameterError",
    "levers",
    "list_scenarios",
    "load_scenario",
    "lookup",
    "read_scenario_file",
    "resolve",
    "uncertainties",
    "validate_overrides",
    "validate_value",
    "value_in_year",
]
