"""Array-backed agent populations: per-individual state held in NumPy columns.

Each large population (households, farms) declares its per-individual states once in a schema;
arrays are allocated from it and the attribute set is then locked, so a typo cannot create a new
state silently. Every individual has a stable ``uid`` (Starsim's habit), separate from its row:
individuals leave by swapping with the last row and arrive with new uids; arrays grow
geometrically. ``Individual`` is a read-write view of one individual by uid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np


class StepOrderError(RuntimeError):
    """An agent was stepped outside ``CityModel.step``, whose fixed order it relies on."""


class OrderedAgent(mesa.Agent):
    """A Mesa agent that may only be stepped by its model's own ``step``.

    The city model steps agent types in a fixed order (households, farms, firms, new industry,
    fleets) and settles the energy system after them: each type reads what earlier ones decided
    this year. ``model.agents.shuffle_do("step")`` would break that order, so it is refused.
    """

    def step(self) -> None:
        """Run this agent's yearly decisions (only inside ``model.step()``)."""
        if not getattr(self.model, "stepping", False):
            raise StepOrderError(
                f"{type(self).__name__} agents decide in a fixed order within a year (households, "
                "farms, firms, new industry, fleets, then the energy system settles), because each "
                "reads what the earlier ones chose; call model.step() instead of stepping agents "
                "directly (e.g. model.agents.shuffle_do('step'))"
            )
        self.decide()

    def decide(self) -> None:
        """The yearly decisions; subclasses override it."""


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


UID = State("uid", np.int64, -1, "stable identifier (never reused)")


class Population(OrderedAgent):
    """A population of individuals whose states live in NumPy arrays.

    The population is registered with the Mesa model as one agent (so ``model.agents`` holds
    it beside the firms and fleets); every row is an individual with its own state and its own
    stochastic decisions, written as vectorised array operations on the rows that decide. Each
    decision draws from the population's own named stream (``STREAMS``).

    Attributes:
        n: Number of individuals in the model.
        weight: Real units each simulated individual stands for (``1 / scale``).
        streams: The population's random streams by decision name.
    """

    schema: tuple[State, ...] = ()
    STREAMS: tuple[str, ...] = ()

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
        self.streams = dict(zip(self.STREAMS, model.rng.spawn(len(self.STREAMS)), strict=True))
        for state in (UID, *self.schema):
            self._arrays[state.name] = np.full(max(n, 1), state.default, dtype=state.dtype)
        self._arrays["uid"][:n] = np.arange(n)
        self._next_uid = n
        self.set_columns(columns)
        self._locked = True

    @classmethod
    def state_names(cls) -> tuple[str, ...]:
        """Names of every per-individual state, ``uid`` first."""
        return ("uid", *(s.name for s in cls.schema))

    def set_columns(self, columns: Mapping[str, np.ndarray]) -> None:
        """Overwrite whole columns for the current individuals."""
        for name, values in columns.items():
            if name not in self._arrays or name == "uid":
                raise KeyError(f"{type(self).__name__} has no writable state {name!r}")
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
        for state in (UID, *self.schema):
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
        self._arrays["uid"][idx] = np.arange(self._next_uid, self._next_uid + count)
        self._next_uid += count
        return idx

    def duplicate_rows(self, src: np.ndarray) -> np.ndarray:
        """Append copies of the individuals ``src`` (new uids), e.g. arrivals like residents.

        Returns:
            The indices of the new rows.
        """
        copied = {name: arr[src] for name, arr in self._arrays.items() if name != "uid"}
        return self.add_rows(src.size, **copied)

    def column(self, name: str) -> np.ndarray:
        """Return the live column ``name`` (a view over the current individuals)."""
        return self._arrays[name][: self.n]

    def row_of(self, uid: int) -> int:
        """Row of the individual with ``uid``.

        Raises:
            LookupError: If no current individual has that uid (it left, or never existed).
        """
        rows = np.flatnonzero(self.uid == uid)
        if rows.size == 0:
            raise LookupError(f"{type(self).__name__}: no individual with uid {uid} (it left?)")
        return int(rows[0])

    def get(self, uid: int) -> Individual:
        """A read-write view of the individual with ``uid``."""
        self.row_of(uid)
        return Individual(self, uid)

    def __getitem__(self, i: int) -> Individual:
        """A read-write view of the individual in row ``i``."""
        if not 0 <= i < self.n:
            raise IndexError(f"row {i} out of range 0..{self.n - 1}")
        return Individual(self, int(self.uid[i]))

    def individual(self, i: int) -> dict[str, Any]:
        """Return the full state of the individual in row ``i`` as a dict (for inspection)."""
        if not 0 <= i < self.n:
            raise IndexError(f"individual {i} out of range 0..{self.n - 1}")
        return {name: arr[i].item() for name, arr in self._arrays.items()}

    def __len__(self) -> int:
        return self.n


class Individual:
    """A read-write view of one individual of a population, by its stable uid.

    Reading ``view.heating`` returns the individual's current value; assigning
    ``view.heating = 2`` writes through to the population's column. The view follows the
    individual when rows move (others leaving) and raises ``LookupError`` once it has left.
    """

    __slots__ = ("_population", "uid")

    def __init__(self, population: Population, uid: int) -> None:
        """View the individual ``uid`` of ``population``."""
        object.__setattr__(self, "_population", population)
        object.__setattr__(self, "uid", uid)

    @property
    def row(self) -> int:
        """The individual's current row."""
        return self._population.row_of(self.uid)

    def __getattr__(self, name: str) -> Any:
        population = object.__getattribute__(self, "_population")
        if name in population.state_names():
            return population.column(name)[population.row_of(self.uid)].item()
        raise AttributeError(f"{type(population).__name__} individuals have no state {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        population = self._population
        if name == "uid" or name not in population.state_names():
            raise AttributeError(f"{name!r} is not a writable state of this individual")
        population.column(name)[population.row_of(self.uid)] = value

    def state(self) -> dict[str, Any]:
        """Every state of this individual as a dict."""
        return self._population.individual(self.row)

    def __repr__(self) -> str:
        return f"<{type(self._population).__name__[:-1]} uid={self.uid}>"


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


def sample_logit(utility: np.ndarray, unavailable: np.ndarray | None, u: np.ndarray) -> np.ndarray:
    """Draw one option per row from a multinomial logit with one uniform per row.

    Option k is chosen when the row's uniform falls in the k-th slice of the cumulative
    probabilities. Work runs option by option on contiguous per-option rows, never along a short
    inner axis, which NumPy reduces slowly (measured 2.3x faster than ``cumsum(axis=1)`` for
    22,000 x 3; the additions happen in the same order, so the choices are identical).

    Args:
        utility: Rows of option utilities.
        unavailable: True where an option cannot be chosen (None: all available).
        u: One uniform in [0, 1) per row.
    """
    v = utility if unavailable is None else np.where(unavailable, -np.inf, utility)
    n_options = v.shape[1]
    top = v[:, 0].copy()
    for k in range(1, n_options):
        np.maximum(top, v[:, k], out=top)
    cum = np.exp(v - top[:, None]).T.copy()  # options x rows
    for k in range(1, n_options):
        cum[k] += cum[k - 1]
    threshold = u * cum[-1]
    choice = np.zeros(len(u), dtype=np.int8)
    for k in range(n_options - 1):
        choice += cum[k] <= threshold
    return choice


def logit_shares(utility: np.ndarray, unavailable: np.ndarray | None = None) -> np.ndarray:
    """Choice probabilities of a multinomial logit (rows of option utilities)."""
    v = utility if unavailable is None else np.where(unavailable, -np.inf, utility)
    e = np.exp(v - v.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
