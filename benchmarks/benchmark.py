"""Benchmark of the city model: wall time, peak memory, throughput; vectorised vs object agents.

Measures:

(1) The ``plan`` scenario run 2020-2060 at full scale (every household and farm, scale 1.0)
    and at scale 0.1, each measurement in a freshly spawned Python process pinned to one CPU
    with BLAS/OpenMP threads set to 1: import, build and run wall time, peak memory, and
    agent-years per second (simulated households + farms + firms + fleets at 2020, times the
    simulated years, over the run time). Targets: full scale <= 10 s (build + run) on one core
    and <= 2 GB peak RSS; scale 0.1 <= 1 s (build + run). Time targets are judged on the median
    of the repeats.
(2) In this process, side by side, one yearly household decision (car, heating, rooftop PV)
    over all households at full scale: the array-backed `Households.decide_cars`,
    `decide_heating` and `decide_pv` against one `agents.household_object.HouseholdAgent`
    (a conventional `mesa.Agent`) per household on the same draws; object creation is timed
    separately from the step, and the outcomes are checked to be identical.
(3) With ``--ensemble``, `benchmarks.ensemble.main` (the experiment engine's benchmark).

Peak memory is `resource.getrusage(RUSAGE_SELF).ru_maxrss` read in the measured process. On
Linux a spawned child starts from its parent's high-water mark (the kernel carries
``ru_maxrss`` over ``fork``/``exec``), so the runs are measured first, while this process is
small, and the child's own high-water mark (``VmHWM`` of ``/proc/self/status``) and the
inherited floor are reported beside it; (3) is run before (2) for the same reason.

Usage::

    python -m benchmarks.benchmark              # full benchmark (about a minute)
    python -m benchmarks.benchmark --quick      # one repeat; side by side at scale 0.1
    python -m benchmarks.benchmark --json       # one JSON object with every number
    python -m benchmarks.benchmark --ensemble   # also the ensemble benchmark
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

__all__ = ["main"]

BASE_YEAR = 2020
#: Environment variables capping BLAS/OpenMP/numexpr threads (set before NumPy is imported).
THREAD_ENV = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "BLIS_NUM_THREADS",
    )
}
#: (label, scale, time target in s for build + run, memory target in MiB or None)
RUNS = (("full", 1.0, 10.0, 2048.0), ("scale_0.1", 0.1, 1.0, None))
GIB = 1024.0


# ---------------------------------------------------------------------- process-level helpers
def _rss_mib(kind: str) -> float:
    """Return ``VmHWM`` (own peak) or ``VmRSS`` (current) of this process in MiB (NaN if n/a)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(kind + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _maxrss_mib() -> float:
    """Return `ru_maxrss` of this process in MiB (KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _pin(cpu: int | None) -> None:
    """Cap BLAS threads (for anything imported later) and pin this process to one CPU."""
    os.environ.update(THREAD_ENV)
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def _one_cpu() -> int | None:
    """Return one CPU this process may run on (None where affinity is not supported)."""
    if hasattr(os, "sched_getaffinity"):
        return min(os.sched_getaffinity(0))
    return None


# ---------------------------------------------------------------------- (1) one run, in a child
def _measure_run(scenario: str, scale: float, end_year: int, seed: int, cpu: int | None) -> dict:
    """Build and run one model in this (fresh) process; return timings, memory and counts."""
    floor = _maxrss_mib()
    _pin(cpu)
    t0 = time.perf_counter()
    from agents.bus_fleet import BusFleet
    from agents.firm import Firm
    from agents.heat_supplier import HeatSupplier
    from agents.new_industry import NewIndustry
    from agents.taxi_fleet import TaxiFleet
    from simulation.model import CityModel

    t1 = time.perf_counter()
    model = CityModel(scenario=scenario, scale=scale, end_year=end_year, rng=seed)
    t2 = time.perf_counter()
    n_households = int(model.households.n)
    model.run_model()
    t3 = time.perf_counter()
    # households alive in each simulated year (demography changes their number)
    table = model.yearly_table()
    alive = (table["households"][table["year"] > BASE_YEAR] / model.households.weight).round()
    by_type = model.agents_by_type
    agents = {
        "households": n_households,
        "farms": int(model.farms.n),
        "firms": len(by_type[Firm])
        + len(by_type[HeatSupplier])
        + sum(isinstance(a, NewIndustry) for a in model.agents),
        "fleets": len(by_type[BusFleet]) + len(by_type[TaxiFleet]),
    }
    years = model.year - BASE_YEAR
    others = agents["farms"] + agents["firms"] + agents["fleets"]
    return {
        "import_s": t1 - t0,
        "build_s": t2 - t1,
        "run_s": t3 - t2,
        "total_s": t3 - t1,
        "maxrss_mib": _maxrss_mib(),
        "own_peak_mib": _rss_mib("VmHWM"),
        "inherited_floor_mib": floor,
        "agents": agents,
        "simulated_years": years,
        "agent_years": int(alive.sum()) + others * years,
        "real_units": {k: int(v) for k, v in model.base_counts.items()},
        "cpu_affinity": sorted(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else None,
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }


def _measure_runs(
    scenario: str, scale: float, end_year: int, seed: int, repeats: int, cpu: int | None
) -> dict[str, Any]:
    """Repeat `_measure_run`, each time in a new spawned process; summarise."""
    samples = []
    for _ in range(repeats):
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            samples.append(pool.submit(_measure_run, scenario, scale, end_year, seed, cpu).result())
    first = samples[0]
    summary: dict[str, Any] = {"scale": scale, "repeats": repeats}
    for key in ("import_s", "build_s", "run_s", "total_s"):
        values = [s[key] for s in samples]
        summary[key] = statistics.median(values)
        summary[f"{key}_min"] = min(values)
        summary[f"{key}_max"] = max(values)
    for key in ("maxrss_mib", "own_peak_mib", "inherited_floor_mib"):
        summary[key] = max(s[key] for s in samples)
    for key in ("agents", "simulated_years", "agent_years", "real_units", "cpu_affinity"):
        summary[key] = first[key]
    summary["blas_threads"] = first["blas_threads"]
    summary["agent_years_per_s"] = first["agent_years"] / summary["run_s"]
    return summary


# ---------------------------------------------------------------------- (2) side by side
def _decision_side_by_side(scenario: str, scale: float, seed: int, repeats: int) -> dict:
    """Time one yearly household decision: vectorised `Households` vs `HouseholdAgent` objects."""
    import numpy as np

    from agents.household_object import (
        STATE_NAMES,
        HouseholdAgent,
        advance_to_decisions,
        copy_population,
        run_year,
        states,
    )
    from simulation.model import CityModel

    model = CityModel(scenario=scenario, scale=scale, rng=seed)
    draws = advance_to_decisions(model)
    hh = model.households
    timings: dict[str, list[float]] = {"cars": [], "heating": [], "pv": [], "total": []}
    vectorised = hh
    for _ in range(repeats):
        vectorised = copy_population(hh)
        t0 = time.perf_counter()
        fiscal_cars = vectorised.decide_cars(model, draws["car_buy"], draws["car_ev"])
        t1 = time.perf_counter()
        fiscal_heat = vectorised.decide_heating(model, draws["heating"], draws["programme"])
        t2 = time.perf_counter()
        fiscal_pv = vectorised.decide_pv(model, draws["pv"])
        t3 = time.perf_counter()
        for key, value in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            timings[key].append(value)
    best = {key: min(values) for key, values in timings.items()}

    rss_before = _rss_mib("VmRSS")
    t0 = time.perf_counter()
    agents = HouseholdAgent.from_population(model, hh)
    create_s = time.perf_counter() - t0
    rss_agents = _rss_mib("VmRSS") - rss_before
    t0 = time.perf_counter()
    year = run_year(model, agents, draws)
    step_s = time.perf_counter() - t0

    objects = states(agents)
    same_states = all(
        np.array_equal(objects[name], vectorised.column(name), equal_nan=True)
        for name in STATE_NAMES
    )
    same_fiscal = list(year.fiscal(model).values()) == [fiscal_cars, fiscal_heat, fiscal_pv]
    return {
        "scale": scale,
        "year": model.year,
        "households": int(hh.n),
        "vectorised_repeats": repeats,
        "vectorised_cars_s": best["cars"],
        "vectorised_heating_s": best["heating"],
        "vectorised_pv_s": best["pv"],
        "vectorised_s": best["total"],
        "objects_create_s": create_s,
        "objects_step_s": step_s,
        "objects_memory_mib": rss_agents,
        "step_ratio": step_s / best["total"],
        "create_and_step_ratio": (create_s + step_s) / best["total"],
        "cars_bought": year.cars_bought,
        "same_states": bool(same_states),
        "same_fiscal": bool(same_fiscal),
        "identical": bool(same_states and same_fiscal),
    }


# ---------------------------------------------------------------------- (3) ensemble
def _ensemble(quick: bool, as_json: bool) -> dict[str, Any]:
    """Run `benchmarks.ensemble.main`; return what happened."""
    from benchmarks import ensemble as bench_ensemble

    argv = [*(["--quick"] if quick else []), *(["--json"] if as_json else [])]
    # with --json its report goes to stderr (our stdout is one JSON object) and a copy is kept
    # to take its JSON line into our results; otherwise its table is printed as it comes
    tee = _Tee(sys.stderr if as_json else sys.stdout)
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(tee):
        code = bench_ensemble.main(argv)
    out: dict[str, Any] = {
        "ran": True,
        "argv": argv,
        "exit_code": code,
        "wall_s": time.perf_counter() - t0,
    }
    for line in reversed(tee.text.getvalue().splitlines()):
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                out["results"] = json.loads(line)
            break
    return out


class _Tee:
    """A text stream writing to ``target`` and keeping a copy in ``text``."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.text = io.StringIO()

    def write(self, data: str) -> int:
        """Write to both."""
        self.text.write(data)
        return self.target.write(data)

    def flush(self) -> None:
        """Flush the target."""
        self.target.flush()


# ---------------------------------------------------------------------- report
def _targets(runs: dict[str, dict]) -> list[dict[str, Any]]:
    """Evaluate every target: name, measured value, limit, pass."""
    out = []
    for label, _, time_limit, mem_limit in RUNS:
        run = runs[label]
        out.append(
            {
                "target": f"{label}: build + run <= {time_limit:g} s (one core)",
                "value": run["total_s"],
                "limit": time_limit,
                "pass": run["total_s"] <= time_limit,
            }
        )
        if mem_limit is not None:
            out.append(
                {
                    "target": f"{label}: peak memory <= {mem_limit / GIB:g} GB (ru_maxrss)",
                    "value": run["maxrss_mib"],
                    "limit": mem_limit,
                    "pass": run["maxrss_mib"] <= mem_limit,
                }
            )
    return out


def _print_report(doc: dict[str, Any]) -> None:
    settings = doc["settings"]
    print(
        f"carbonpeak benchmark: {settings['scenario']} {BASE_YEAR}-{settings['end_year']}, "
        f"seed {settings['seed']}, one CPU, BLAS threads 1, {settings['python']} on "
        f"{settings['machine']} ({settings['cpus']} CPUs)"
    )
    print()
    header = (
        f"{'run':<10} {'import s':>9} {'build s':>8} {'run s':>7} {'total s':>8} "
        f"{'maxrss MiB':>11} {'own peak':>9} {'agents':>8} {'agent-yr/s':>11}"
    )
    print(header)
    print("-" * len(header))
    for label, run in doc["runs"].items():
        print(
            f"{label:<10} {run['import_s']:>9.2f} {run['build_s']:>8.2f} {run['run_s']:>7.2f} "
            f"{run['total_s']:>8.2f} {run['maxrss_mib']:>11.0f} {run['own_peak_mib']:>9.0f} "
            f"{sum(run['agents'].values()):>8,} {run['agent_years_per_s']:>11,.0f}"
        )
    print()
    for label, run in doc["runs"].items():
        agents = ", ".join(f"{v:,} {k}" for k, v in run["agents"].items())
        real = ", ".join(f"{v:,} {k}" for k, v in run["real_units"].items())
        print(f"{label}: simulated {agents} x {run['simulated_years']} years")
        print(f"{' ' * len(label)}  standing for {real}")
        print(
            f"{' ' * len(label)}  median of {run['repeats']} (total min {run['total_s_min']:.2f} "
            f"max {run['total_s_max']:.2f} s); inherited ru_maxrss floor "
            f"{run['inherited_floor_mib']:.0f} MiB"
        )
    print()
    for t in doc["targets"]:
        unit = "MiB" if "memory" in t["target"] else "s"
        verdict = "PASS" if t["pass"] else "FAIL"
        print(f"{verdict}  {t['target']}: {t['value']:.2f} {unit}")
    d = doc["decision"]
    print()
    print(
        f"one yearly household decision ({d['year']}), {d['households']:,} households "
        f"(scale {d['scale']:g}), same draws:"
    )
    print(
        f"  vectorised Households  {d['vectorised_s']:8.3f} s  (cars {d['vectorised_cars_s']:.3f}, "
        f"heating {d['vectorised_heating_s']:.3f}, pv {d['vectorised_pv_s']:.3f}; "
        f"best of {d['vectorised_repeats']})"
    )
    print(
        f"  HouseholdAgent objects {d['objects_step_s']:8.3f} s step, "
        f"{d['objects_create_s']:.3f} s to create ({d['objects_memory_mib']:.0f} MiB)"
    )
    print(
        f"  objects / vectorised: {d['step_ratio']:.0f}x (step), "
        f"{d['create_and_step_ratio']:.0f}x (create + step); "
        f"identical outcomes: {'yes' if d['identical'] else 'NO'}"
    )
    if "ensemble" in doc:
        e = doc["ensemble"]
        status = f"exit code {e['exit_code']}" if e["ran"] else e["note"]
        print(f"\nensemble benchmark: {status}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.benchmark",
        description="Benchmark model runs (time, memory, throughput) and object vs array agents.",
    )
    parser.add_argument("--quick", action="store_true", help="one repeat; side by side at 0.1")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--ensemble", action="store_true", help="also run benchmarks.ensemble")
    parser.add_argument("--scenario", default="plan")
    parser.add_argument("--end-year", type=int, default=2060)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, help="runs per measurement (default 3; quick 1)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; return 0 if every target passes."""
    args = _parser().parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 3)
    os.environ.update(THREAD_ENV)  # inherited by the measured processes
    cpu = _one_cpu()
    log = (lambda *_: None) if args.json else (lambda m: print(m, file=sys.stderr, flush=True))
    doc: dict[str, Any] = {
        "settings": {
            "scenario": args.scenario,
            "end_year": args.end_year,
            "seed": args.seed,
            "repeats": repeats,
            "quick": args.quick,
            "cpu": cpu,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        },
        "runs": {},
    }
    # (1) first, while this process is small (its RSS high-water mark leaks into children)
    for label, scale, _, _ in RUNS:
        log(f"(1) {args.scenario} at scale {scale:g}, {repeats} fresh process(es) ...")
        doc["runs"][label] = _measure_runs(
            args.scenario, scale, args.end_year, args.seed, repeats, cpu
        )
    doc["targets"] = _targets(doc["runs"])
    # (3) before (2), for the same reason
    if args.ensemble:
        log("(3) ensemble benchmark ...")
        doc["ensemble"] = _ensemble(args.quick, args.json)
    side_scale = 0.1 if args.quick else 1.0
    log(f"(2) one household decision at scale {side_scale:g}: vectorised vs objects ...")
    _pin(cpu)
    doc["decision"] = _decision_side_by_side(
        args.scenario, side_scale, args.seed, repeats=3 if args.quick else 5
    )
    if args.json:
        print(json.dumps(doc, indent=None))
    else:
        _print_report(doc)
    ok = all(t["pass"] for t in doc["targets"]) and doc["decision"]["identical"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
