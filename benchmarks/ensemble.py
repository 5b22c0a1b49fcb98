"""Benchmark of the experiment engine: ensemble wall time, scaling, Dask overhead, memory.

Measures, on the real model (`experiments.runner.run_point`):

(a) a Monte Carlo ensemble (default 1,000 runs of `plan` at scale 0.1) on 2 worker processes;
(b) the speed-up from 1 to 2 worker processes on a smaller ensemble (see below);
(c) a Dask `LocalCluster` against local processes on the same runs (start-up included);
(d) the peak RSS of the coordinating process (`getrusage`) and of the largest worker (each run
    records its worker's peak in `runs.parquet`);
(e) Mesa's own `mesa.batch_run` driving `simulation.CityModel` on the same runs, against the
    engine, and whether both give the same final-year emissions;
(f) how long a pool of worker processes takes to start, cold (the first pool of a process: the
    fork server imports the model) and warm (later pools fork from it).

(b) alternates 1-worker and N-worker ensembles `--repeats` times and reports the median of the
pairwise ratios: on a shared virtual machine the speed of a core drifts by 10% or more from
minute to minute, and one pair alone can land anywhere from 1.6x to 2.2x.

Usage::

    python -m benchmarks.ensemble            # the full benchmark (~10 min on 2 cores)
    python -m benchmarks.ensemble --quick    # a one-minute check of every measurement
    python -m benchmarks.ensemble --json     # also print the results as JSON

Timings include everything a user waits for: starting workers, writing the store,
consolidation and the analyses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["main"]

BASE_YEAR = 2020


@dataclass
class Measurement:
    """One timed ensemble."""

    label: str
    runs: int
    workers: int
    wall_s: float

    @property
    def runs_per_s(self) -> float:
        """Throughput."""
        return self.runs / self.wall_s if self.wall_s > 0 else float("nan")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _engine(
    design: Any, out: Path, *, workers: int, local_dask: bool = False, progress: bool = False
) -> tuple[float, Path]:
    from experiments.engine import run_experiment

    start = time.perf_counter()
    result = run_experiment(design, out, workers=workers, local_dask=local_dask, progress=progress)
    wall = time.perf_counter() - start
    if not result.all_ok:
        from experiments.store import read_runs

        runs = read_runs(result.store)
        first = runs[runs["status"] != "ok"].iloc[0]
        raise RuntimeError(
            f"{result.n_failed} of {result.n_total} runs failed in {out}; the first "
            f"(run {first['run_id']}):\n{first['error']}"
        )
    return wall, result.store


PING_S = 0.1


def _ping() -> int:
    """Hold a worker for `PING_S` seconds, so each of N pings lands on its own worker."""
    time.sleep(PING_S)
    return os.getpid()


def _pool_start_s(workers: int) -> float:
    """Seconds from creating a local pool until each of its workers has answered once."""
    from experiments.engine import make_executor

    start = time.perf_counter()
    with make_executor(workers=workers) as executor:
        pids = {f.result() for f in [executor.submit(_ping) for _ in range(workers)]}
        wall = time.perf_counter() - start - PING_S
    if len(pids) != workers:
        _log(f"note: {workers} pings were answered by {len(pids)} worker(s)")
    return wall


def _runs_without_timing(store: Path) -> pd.DataFrame:
    from experiments.store import MEASURED_COLUMNS, read_runs

    return read_runs(store).drop(columns=list(MEASURED_COLUMNS))


def _mesa_batch_run(design: Any, workers: int) -> tuple[float, list[dict]]:
    import mesa

    from simulation import CityModel

    start = time.perf_counter()
    results = mesa.batch_run(
        CityModel,
        parameters={
            "scenario": str(design.base_scenario),
            "scale": design.scale,
            "end_year": design.end_year,
        },
        rng=[run.seed for run in design.runs],
        number_processes=workers,
        data_collection_period=-1,
        max_steps=design.end_year - BASE_YEAR + 1,
        display_progress=False,
    )
    return time.perf_counter() - start, results


def _batch_run_agrees(results: list[dict], design: Any, store: Path) -> bool:
    """Whether batch_run's final-year co2_mt equals the engine's, seed by seed."""
    from experiments.store import read_runs, read_yearly

    runs = read_runs(store)[["run_id", "seed"]]
    yearly = read_yearly(store, columns=["co2_mt"])
    final = yearly[yearly["year"] == design.end_year].merge(runs, on="run_id")
    ours = dict(zip(final["seed"].astype(int), final["co2_mt"], strict=True))
    theirs = {int(r["rng"]): r["co2_mt"] for r in results if "rng" in r}
    if len(theirs) != len(ours):
        return False
    return all(np.isclose(ours[s], theirs[s], rtol=1e-9, atol=0) for s in ours)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.ensemble",
        description="Benchmark the experiment engine on the real model.",
    )
    parser.add_argument("--scenario", default="plan")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--end-year", type=int, default=2060)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=1000, help="(a) Monte Carlo size")
    parser.add_argument(
        "--small-runs", type=int, default=200, help="(b, c, e) ensemble size (default 200)"
    )
    parser.add_argument("--workers", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument(
        "--repeats", type=int, default=3, help="(b) alternating 1/N-worker pairs (default 3)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="shrink: --runs 16 --small-runs 6 (about a minute)"
    )
    parser.add_argument("--skip-dask", action="store_true", help="leave out (c)")
    parser.add_argument("--skip-mesa", action="store_true", help="leave out (e)")
    parser.add_argument("--out", type=Path, help="keep the result stores in this directory")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table; return the exit code."""
    args = _parser().parse_args(argv)
    if args.quick:
        args.runs, args.small_runs, args.repeats = 16, 6, 1
    from experiments.design import montecarlo_design
    from experiments.engine import peak_rss_mib
    from experiments.store import read_runs

    measurements: list[Measurement] = []
    derived: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="carbonpeak-bench-") as tmp:
        root = args.out or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")

        def store(name: str) -> Path:
            return root / f"{stamp}-{name}"

        derived["pool_start_cold_s"] = round(_pool_start_s(args.workers), 2)
        derived["pool_start_warm_s"] = round(_pool_start_s(args.workers), 2)
        rss_before = peak_rss_mib()
        # (a) the large Monte Carlo
        design = montecarlo_design(
            args.scenario, runs=args.runs, seed=args.seed, scale=args.scale, end_year=args.end_year
        )
        _log(f"(a) Monte Carlo: {args.runs} runs on {args.workers} workers ...")
        wall, store_a = _engine(design, store("a-montecarlo"), workers=args.workers, progress=True)
        measurements.append(
            Measurement(f"(a) Monte Carlo, {args.scenario}", args.runs, args.workers, wall)
        )
        # (d) memory of the coordinator during (a)
        derived["coordinator_peak_rss_mib"] = round(peak_rss_mib(), 1)
        derived["coordinator_rss_before_mib"] = round(rss_before, 1)
        derived["largest_worker_peak_rss_mib"] = round(
            float(read_runs(store_a)["worker_peak_rss_mib"].max()), 1
        )

        # (b) scaling on the same seeds, no uncertainty draws (so batch_run can repeat them);
        # 1 and N workers alternate, so a slow spell of the machine hits both alike
        small = montecarlo_design(
            args.scenario,
            runs=args.small_runs,
            seed=args.seed,
            scale=args.scale,
            end_year=args.end_year,
            uncertainties="none",
        )
        walls: dict[str, float] = {}
        stores: dict[str, Path] = {}
        repeats: dict[int, list[float]] = {1: [], args.workers: []}
        for repeat in range(args.repeats):
            for workers in sorted(repeats):
                _log(f"(b) engine: {args.small_runs} runs on {workers} worker(s), "
                     f"repeat {repeat + 1} of {args.repeats} ...")  # fmt: skip
                key = f"processes-{workers}"
                wall, stores[key] = _engine(small, store(f"b{repeat}-{key}"), workers=workers)
                repeats[workers].append(wall)
                measurements.append(
                    Measurement("(b) engine, local processes", args.small_runs, workers, wall)
                )
        many = f"processes-{args.workers}"
        walls[many] = float(np.median(repeats[args.workers]))
        ratios = [one / n for one, n in zip(repeats[1], repeats[args.workers], strict=True)]
        derived["speedup_each_repeat"] = [round(r, 3) for r in ratios]
        derived["speedup_1_to_n_workers"] = round(float(np.median(ratios)), 3)
        reference = _runs_without_timing(stores[many])
        identical = reference.equals(_runs_without_timing(stores["processes-1"]))

        # (c) Dask LocalCluster
        if not args.skip_dask:
            _log(f"(c) engine on a Dask LocalCluster of {args.workers} workers ...")
            walls["dask"], stores["dask"] = _engine(
                small, store("c-dask"), workers=args.workers, local_dask=True
            )
            measurements.append(
                Measurement(
                    "(c) engine, Dask LocalCluster", args.small_runs, args.workers, walls["dask"]
                )
            )
            derived["dask_overhead_s"] = round(walls["dask"] - walls[many], 2)
            derived["dask_over_processes"] = round(walls["dask"] / walls[many], 3)
            identical = identical and reference.equals(_runs_without_timing(stores["dask"]))
        derived["identical_across_executors"] = bool(identical)

        # (e) Mesa's batch_run on the same runs
        if not args.skip_mesa:
            _log(f"(e) mesa.batch_run: {args.small_runs} runs on {args.workers} processes ...")
            wall, results = _mesa_batch_run(small, args.workers)
            measurements.append(
                Measurement("(e) mesa.batch_run (CityModel)", args.small_runs, args.workers, wall)
            )
            derived["batch_run_over_engine"] = round(wall / walls[many], 3)
            derived["batch_run_agrees_with_engine"] = _batch_run_agrees(
                results, small, stores[many]
            )

    _print_table(measurements, derived, args)
    if args.json:
        doc = {
            "settings": {
                "scenario": args.scenario,
                "scale": args.scale,
                "end_year": args.end_year,
                "seed": args.seed,
            },
            "measurements": [
                {**asdict(m), "runs_per_s": round(m.runs_per_s, 3)} for m in measurements
            ],
            **derived,
        }
        print(json.dumps(doc))
    return 0


def _print_table(measurements: list[Measurement], derived: dict[str, Any], args: Any) -> None:
    print(
        f"carbonpeak ensemble benchmark: scenario {args.scenario}, scale {args.scale}, "
        f"end year {args.end_year}, {derived['cpus']} CPUs"
    )
    width = max(len(m.label) for m in measurements)
    print(f"{'measurement':<{width}}  {'runs':>6}  {'workers':>7}  {'wall s':>8}  {'runs/s':>7}")
    for m in measurements:
        print(
            f"{m.label:<{width}}  {m.runs:>6}  {m.workers:>7}  {m.wall_s:>8.1f}  "
            f"{m.runs_per_s:>7.2f}"
        )
    print()
    each = ", ".join(f"{r:.2f}" for r in derived["speedup_each_repeat"])
    print(
        f"speed-up 1 -> {args.workers} workers: {derived['speedup_1_to_n_workers']:.2f}x "
        f"(ideal {args.workers:.2f}x; median of the repeats {each})"
    )
    print(
        f"worker pool start-up, {args.workers} workers: {derived['pool_start_cold_s']:.2f} s "
        f"cold (fork server imports the model), {derived['pool_start_warm_s']:.2f} s warm"
    )
    if "dask_overhead_s" in derived:
        print(
            f"Dask LocalCluster vs processes: {derived['dask_over_processes']:.2f}x "
            f"({derived['dask_overhead_s']:+.1f} s, cluster start-up included)"
        )
    if "batch_run_over_engine" in derived:
        agrees = "same" if derived["batch_run_agrees_with_engine"] else "DIFFERENT"
        print(
            f"mesa.batch_run time / engine time: {derived['batch_run_over_engine']:.2f}x "
            f"(final-year CO2: {agrees})"
        )
    print(
        f"coordinator peak RSS: {derived['coordinator_peak_rss_mib']:.0f} MiB "
        f"(before the ensemble: {derived['coordinator_rss_before_mib']:.0f} MiB); "
        f"largest worker: {derived['largest_worker_peak_rss_mib']:.0f} MiB"
    )
    same = "yes" if derived["identical_across_executors"] else "NO"
    print(f"identical results across executors: {same}")


if __name__ == "__main__":
    sys.exit(main())
