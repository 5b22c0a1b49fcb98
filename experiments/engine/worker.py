"""The worker side of the engine: one run executed and packaged; a model error is a result.

The run function ("task") is any picklable top-level function
``task(params, seed, scale, end_year, scenario) -> RunOutput`` (an object with a flat
``summary`` dict and a ``yearly`` DataFrame with a ``year`` column); the default is
`experiments.runner.run_point`.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

Task = Callable[[dict, int, float, int, str], Any]


def peak_rss_mib() -> float | None:
    """Return this process's peak resident set size in MiB (None where it cannot be read)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, else KiB


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def execute_run(
    task: Task,
    run_id: int,
    params: dict[str, Any],
    seed: int,
    scale: float,
    end_year: int,
    scenario: str,
) -> dict[str, Any]:
    """Run one model run in a worker and package its result; never raises for a model error.

    Returns:
        A dict with ``run_id``, ``status`` ("ok" or "error"), ``error`` (the traceback text or
        None), ``runtime_s``, ``worker_peak_rss_mib`` (the worker's peak memory so far),
        ``summary`` (flat dict) and ``yearly`` (a `pyarrow.Table` with
        ``run_id`` and ``year`` first, or None).
    """
    start = time.perf_counter()
    try:
        output = task(params, seed, scale, end_year, scenario)
        summary = {str(k): _scalar(v) for k, v in dict(output.summary).items()}
        yearly = _yearly_table(run_id, output.yearly)
    except Exception:  # a failing run is a result: record it, let the others go on
        return {
            "run_id": run_id,
            "status": "error",
            "error": traceback.format_exc(),
            "runtime_s": time.perf_counter() - start,
            "worker_peak_rss_mib": peak_rss_mib(),
            "summary": {},
            "yearly": None,
        }
    return {
        "run_id": run_id,
        "status": "ok",
        "error": None,
        "runtime_s": time.perf_counter() - start,
        "worker_peak_rss_mib": peak_rss_mib(),
        "summary": summary,
        "yearly": yearly,
    }


def _yearly_table(run_id: int, yearly: Any) -> pa.Table:
    frame = yearly if isinstance(yearly, pd.DataFrame) else pd.DataFrame(yearly)
    if "year" not in frame.columns:
        raise ValueError(
            f"the run's yearly table has no 'year' column (columns: {list(frame.columns)})"
        )
    frame = frame.reset_index(drop=True)
    frame = frame.drop(columns=[c for c in ("run_id",) if c in frame.columns])
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    year = table.column("year").cast(pa.int64())
    table = table.set_column(table.schema.get_field_index("year"), "year", year)
    table = table.select(["year", *[c for c in table.column_names if c != "year"]])
    return table.add_column(0, "run_id", pa.array(np.full(table.num_rows, run_id, np.int64)))
