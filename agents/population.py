"""Array-backed agent populations: per-individual state held in NumPy columns.

Each large population (households, farms) declares its per-individual states once in a schema;
arrays are allocated from it and the attribute set is then locked, so a typo cannot create a new
state silently. Writes go through index arrays. Individuals leave by swapping with the last row;
arrays grow geometrically when individuals arrive (the Covasim/Starsim pattern).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np


@dataclass(frozen=True, slots=True)
class State:
    """One per-individual state variable.

    Attributes:
        name: Attribute name on the population.
        dtype: NumPy dtype of the column.
        default: Value for new individuals (NaN means "has not happened").
        label: What the state means, with its unit.
    """

    name: str
    dtype: type | str
    default: Any
    label: str


class Population(mesa.Agent):
    """A population of individuals whose states live in NumPy arrays.

    The population is registered with the Mesa model as one agent (so ``model.agents`` holds
    it beside the firms and fleets); every row is an individual with its own state and its own
    stochastic decisions, written as vectorised array operations.

    Attributes:
        n: Number of individuals in the model.
        weight: Real units each simulated individual stands for (``1 / scale``).
    """

    schema: tuple[State, ...] = ()

    def __init__(self, model: mesa.Model, n: int, weight: float, **columns: np.ndarray) -> None:
        """Allocate the columns for ``n`` individuals.

        Args:
            model: The Mesa model.
            n: Number of individuals.
            weight: Real units per simulated individual.
            **columns: Initial values for some states (arrays of length ``n``).
        """
        super().__init__(model)
        self._arrays: dict[str, np.ndarray] = {}
        self.n = n
        self.weight = weight
        for state in self.schema:
            arr = np.full(max(n, 1), state.default, dtype=state.dtype)
            self._arrays[state.name] = arr
        self.set_columns(columns)
        self._locked = True

    def set_columns(self, columns: Mapping[str, np.ndarray]) -> None:
        """Overwrite whole columns for the current individuals."""
        for name, values in columns.items():
            if name not in self._arrays:
                raise KeyError(f"{type(self).__name__} has no state {name!r}")
            self._arrays[name][: self.n] = values

    def __getattr__(self, name: str) -> np.ndarray:
        arrays = self.__dict__.get("_arrays")
        if arrays is not None and name in arrays:
            return arrays[name][: self.__dict__["n"]]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_locked") and name not in self.__dict__:
            if name in self._arrays:
                raise AttributeError(f"write state {name!r} through indices: pop.{name}[idx] = v")
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r} (locked)")
        super().__setattr__(name, value)

    def remove_rows(self, idx: np.ndarray) -> None:
        """Remove individuals by swapping them with the last rows.

        Args:
            idx: Indices of the individuals who leave.
        """
        idx = np.unique(idx)
        keep_n = self.n - idx.size
        # rows beyond keep_n that stay fill the holes below keep_n
        holes = idx[idx < keep_n]
        tail = np.setdiff1d(np.arange(keep_n, self.n), idx, assume_unique=True)
        for arr in self._arrays.values():
            arr[holes] = arr[tail]
        self.n = keep_n

    def add_rows(self, count: int, **values: np.ndarray) -> np.ndarray:
        """Add ``count`` individuals with defaults, then given values; return their indices."""
        new_n = self.n + count
        for state in self.schema:
            arr = self._arrays[state.name]
            if new_n > arr.size:
                grown = np.full(max(new_n, 2 * arr.size), state.default, dtype=state.dtype)
                grown[: self.n] = arr[: self.n]
                self._arrays[state.name] = grown
            self._arrays[state.name][self.n : new_n] = state.default
        idx = np.arange(self.n, new_n)
        self.n = new_n
        for name, v in values.items():
            self._arrays[name][idx] = v
        return idx

    def duplicate_rows(self, src: np.ndarray) -> np.ndarray:
        """Append copies of the individuals ``src`` (e.g. arrivals like existing households).

        Returns:
            The indices of the new rows.
        """
        return self.add_rows(src.size, **{name: arr[src] for name, arr in self._arrays.items()})

    def column(self, name: str) -> np.ndarray:
        """Return the live column ``name`` (a view over the current individuals)."""
        return self._arrays[name][: self.n]

    def individual(self, i: int) -> dict[str, Any]:
        """Return the full state of individual ``i`` as a dict (for inspection)."""
        if not 0 <= i < self.n:
            raise IndexError(f"individual {i} out of range 0..{self.n - 1}")
        return {name: arr[i].item() for name, arr in self._arrays.items()}

    def __len__(self) -> int:
        return self.n


def uniforms(rng: np.random.Generator, n: int) -> np.ndarray:
    """One uniform number in [0, 1) per individual, as float32.

    Every decision draws one number per individual per year, deciding or not, so streams stay
    aligned across scenarios (common random numbers). float32 halves the cost of these draws,
    which are a fifth of a run's time; 2^-24 resolution is ample for yearly probabilities.
    """
    return rng.random(n, dtype=np.float32)


def group_share(
    groups: np.ndarray, flag: np.ndarray, n_groups: int, among: np.ndarray | None = None
) -> np.ndarray:
    """Return, for each individual, the share of its group with ``flag`` set.

    Args:
        groups: Group id of each individual (0..n_groups-1).
        flag: Boolean array.
        n_groups: Number of groups.
        among: Optional boolean mask: the share is taken among these individuals only.
    """
    if among is None:
        total = np.bincount(groups, minlength=n_groups)
        hits = np.bincount(groups, weights=flag.astype(np.float64), minlength=n_groups)
    else:
        total = np.bincount(groups, weights=among.astype(np.float64), minlength=n_groups)
        hits = np.bincount(groups, weights=(flag & among).astype(np.float64), minlength=n_groups)
    share = np.divide(hits, total, out=np.zeros(n_groups), where=total > 0)
    return share[groups]


def category_shares(
    groups: np.ndarray,
    categories: np.ndarray,
    n_groups: int,
    n_categories: int,
    among: np.ndarray | None = None,
) -> np.ndarray:
    """Return a (n_groups, n_categories) table: each group's share in each category.

    One bincount over the combined (group, category) key replaces one pass per category.

    Args:
        groups: Group id of each individual.
        categories: Category (0..n_categories-1) of each individual.
        n_groups: Number of groups.
        n_categories: Number of categories.
        among: Optional boolean mask: shares are taken among these individuals only.
    """
    key = groups.astype(np.int64) * n_categories + categories
    weights = None if among is None else among.astype(np.float64)
    counts = np.bincount(key, weights=weights, minlength=n_groups * n_categories)
    counts = counts.reshape(n_groups, n_categories)
    total = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, total, out=np.zeros_like(counts, dtype=float), where=total > 0)


def logistic(x: np.ndarray | float) -> np.ndarray | float:
    """Return the logistic function 1 / (1 + exp(-x)), overflow-safe."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x)))
