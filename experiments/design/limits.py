"""The size of a design, estimated before it is built, and the bound that refuses a huge one.

A design holds one `RunSpec` per run (about `BYTES_PER_RUN` bytes, plus the sampler's matrix)
and its runs take about `seconds_per_run(scale)` CPU seconds each; `check_size` refuses a
design of more than `max_runs` runs (default `DEFAULT_MAX_RUNS`) with both estimates and the
way to allow more, before any memory is spent on it (a 1000^6 grid would otherwise grow past
6 GB with no output).
"""

from __future__ import annotations

from parameters import ParameterError

#: Runs a design may have unless told otherwise (`--max-runs N` or a spec's ``max_runs``).
DEFAULT_MAX_RUNS = 100_000
#: Memory of one run in a built design: a `RunSpec` with its two dicts, its seed and its
#: share of the sample matrix (measured with tracemalloc on a montecarlo design of 10,000 runs
#: over the registry's 14 uncertainties: 1.1 kB retained, 1.8 kB at the peak of building).
BYTES_PER_RUN = 2_000
#: CPU seconds of one model run at full scale, 2020-2060: 10 x the 0.28 s measured at scale
#: 0.1 (`make bench`); the model's cost is nearly proportional to the scale.
SECONDS_PER_RUN_FULL_SCALE = 2.8
#: CPU seconds of one run that do not shrink with the scale (set-up, summary, storing).
SECONDS_PER_RUN_FIXED = 0.05


def seconds_per_run(scale: float) -> float:
    """Estimated CPU seconds of one run at `scale`."""
    return SECONDS_PER_RUN_FIXED + SECONDS_PER_RUN_FULL_SCALE * scale


def _duration(seconds: float) -> str:
    hours = seconds / 3600
    if hours < 1:
        return f"{seconds / 60:.0f} CPU-minutes"
    if hours < 48:
        return f"{hours:.0f} CPU-hours"
    return f"{hours / 24:.3g} CPU-days"


def _size(n_bytes: float) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6)):
        if n_bytes >= factor:
            return f"{n_bytes / factor:.3g} {unit}"
    return f"{n_bytes / 1e3:.3g} kB"


def check_size(n_runs: int, scale: float, max_runs: int | None) -> None:
    """Refuse a design of more than `max_runs` runs (None: `DEFAULT_MAX_RUNS`).

    Raises:
        ParameterError: One line with the number of runs, the memory and CPU-time estimates,
            the limit and how to raise it.
    """
    limit = DEFAULT_MAX_RUNS if max_runs is None else max_runs
    if n_runs <= limit:
        return
    raise ParameterError(
        f"the design has {n_runs:,} runs, more than the limit of {limit:,}: building it would "
        f"take about {_size(n_runs * BYTES_PER_RUN)} of memory and running it about "
        f"{_duration(n_runs * seconds_per_run(scale))} at scale {scale:g}; make it smaller, or "
        "allow it with --max-runs N (a spec's max_runs = N)"
    )
