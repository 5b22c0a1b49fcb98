"""Checks of the tables a figure is given, with one-line messages naming what is missing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd


class FigureDataError(ValueError):
    """A table cannot be drawn: a column is missing, or it holds no usable row."""


def require(table: Any, columns: Iterable[str], name: str) -> pd.DataFrame:
    """Return ``table`` as a DataFrame after checking that it has ``columns`` and rows.

    Args:
        table: The table given to a figure function.
        columns: The columns the figure reads.
        name: The table's name in messages (its file name, e.g. ``emission_bands.csv``).

    Raises:
        FigureDataError: If it is not a DataFrame, lacks a column or has no row.
    """
    if not isinstance(table, pd.DataFrame):
        raise FigureDataError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        has = ", ".join(map(str, table.columns))
        raise FigureDataError(f"{name} lacks column(s) {', '.join(missing)} (it has {has})")
    if table.empty:
        raise FigureDataError(f"{name} has no rows")
    return table


def with_scenario(table: pd.DataFrame, meta: Mapping[str, Any] | None) -> pd.DataFrame:
    """The table with a ``scenario`` column (a one-scenario table gets the name from ``meta``)."""
    if "scenario" in table.columns:
        return table.assign(scenario=table["scenario"].astype(str))
    name = (meta or {}).get("scenario")
    return table.assign(scenario=name if isinstance(name, str) else "")


def numeric(table: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy with ``columns`` converted to floats (unparseable values become NaN)."""
    out = table.copy()
    for column in columns:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    return out
