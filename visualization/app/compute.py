"""Live results of one setting: a model run, its peak, scorecard and cost against BAU.

Runs are deterministic in (setting, scale, seed), so finished results are kept in small bounded
caches shared by all sessions: they hold only results of pure computations keyed by every
input, never a session's state, and a session's view of them is read-only.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from simulation import CityModel
from visualization.app.settings import Settings

#: Share of households and farms simulated in a live run (the UI states it). At 2% a run
#: takes ~0.3 s on one core (benchmarks/bench_app.py).
LIVE_SCALE = 0.02
#: Seed of the live run and its references (common random numbers against BAU and plan).
DEFAULT_SEED = 1
#: The plan's question: peak by this year.
PEAK_BY = 2030


class BoundedCache:
    """A thread-safe least-recently-used map of finished, immutable results."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The value under ``key`` (and mark it recently used), or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value``, dropping the least recently used entry beyond ``maxsize``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._maxsize:
                self._items.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value, or ``compute()`` stored under ``key``."""
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
        return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


@dataclass(frozen=True, eq=False)  # equal only to itself: tables are not compared
class RunResult:
    """One finished run: its yearly table and summary (treat both as read-only)."""

    yearly: pd.DataFrame
    summary: dict[str, Any]


@dataclass(frozen=True, eq=False)  # equal only to itself (Solara compares props)
class LiveResult:
    """What the results page shows for one setting.

    Attributes:
        run: The setting's run.
        bau: Business as usual with the same scale and seed.
        plan: The carbon-peak plan with the same scale and seed.
        extra_cost_myuan: Fiscal cost over BAU, 2020 to the horizon (million yuan).
        avoided_mt: CO2 avoided against BAU over the same years (Mt).
        seconds: Wall time of the computation (cached parts count as zero).
    """

    run: RunResult
    bau: RunResult
    plan: RunResult
    extra_cost_myuan: float
    avoided_mt: float
    seconds: float

    @property
    def cost_per_tonne(self) -> float | None:
        """Yuan per tonne of CO2 avoided against BAU; None if nothing is avoided."""
        if self.avoided_mt <= 1e-9:
            return None
        return self.extra_cost_myuan / self.avoided_mt  # 1e6 yuan / 1e6 t


_RUNS = BoundedCache(maxsize=64)


def run_values(values: Mapping[str, Any], scale: float, seed: int) -> RunResult:
    """Run the model on ``values`` (on top of the registry defaults), cached.

    Raises:
        parameters.ParameterError: On a value the registry refuses.
    """
    key = (repr(sorted((k, repr(v)) for k, v in values.items())), scale, seed)

    def compute() -> RunResult:
        model = CityModel(scenario=dict(values), scale=scale, rng=seed)
        model.run_model()
        return RunResult(yearly=model.yearly_table(), summary=model.summary())

    return _RUNS.get_or_compute(key, compute)


def reference(name: str, scale: float, seed: int) -> RunResult:
    """A built-in scenario's run (BAU, plan, ...), cached."""
    return run_values(Settings(base=name).overrides(), scale, seed)


def live_result(
    settings: Settings, scale: float = LIVE_SCALE, seed: int = DEFAULT_SEED
) -> LiveResult:
    """Run ``settings`` and compare it with BAU and the plan at the same scale and seed."""
    start = time.perf_counter()
    bau = reference("bau", scale, seed)
    plan = reference("plan", scale, seed)
    run = run_values(settings.overrides(), scale, seed)
    return LiveResult(
        run=run,
        bau=bau,
        plan=plan,
        extra_cost_myuan=run.summary["fiscal_cost_myuan"] - bau.summary["fiscal_cost_myuan"],
        avoided_mt=bau.summary["cumulative_co2_mt"] - run.summary["cumulative_co2_mt"],
        seconds=time.perf_counter() - start,
    )


def results_csv(result: LiveResult) -> bytes:
    """The setting's yearly table as CSV (UTF-8 with BOM, so spreadsheet programs read it)."""
    return result.run.yearly.to_csv(index=False).encode("utf-8-sig")
