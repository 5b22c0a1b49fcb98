"""Benchmark of the web app's two targets (issue 11.3 and 11.4).

(a) Live update: after a lever change, how long until the results are ready, at the app's
    live scale (`LIVE_SCALE`): the model run of the new setting (BAU and plan references are
    cached, as in the app) plus building the chart options, over ``--changes`` different lever
    values; the app waits `DEBOUNCE_S` before it starts, which is added for the total. With
    ``--browser`` also end to end in Chromium: key press on a slider until the page shows the
    new result.
(b) Ensemble: ``--runs`` Monte Carlo runs of the plan at `ENSEMBLE_SCALE` on the app's worker
    processes (`visualization.app.ensemble.WORKERS`): first in a fresh process, then with the
    workers warm (as after opening the "How sure?" tab), then the same setting again (cached).

Usage::

    python benchmarks/bench_app.py                 # both, 200 runs (~1 min on 2 cores)
    python benchmarks/bench_app.py --browser       # also the in-browser latency
    python benchmarks/bench_app.py --runs 50 --changes 5   # a quick check
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from visualization.app import charts
from visualization.app.compute import DEFAULT_SEED, LIVE_SCALE, live_result
from visualization.app.ensemble import ENSEMBLE_SCALE, WORKERS, estimate, warm_up
from visualization.app.pages import DEBOUNCE_S
from visualization.app.settings import LeverSetting, Settings


def live_update(changes: int) -> list[float]:
    """Seconds from a new lever value to ready results (model run + chart options)."""
    base = Settings(base="plan")
    live_result(base)  # fills the BAU and plan references, as the app's first page does
    times = []
    for i in range(changes):
        value = 5000.0 + 2500.0 * i  # every value a new setting: nothing is cached
        setting = base.with_lever("ev_purchase_subsidy_yuan", LeverSetting("step", value, 2026))
        start = time.perf_counter()
        result = live_result(setting)
        charts.trajectory(result, "zh")
        charts.costs(result, "zh")
        times.append(time.perf_counter() - start)
    return times


#: In the page: the time of the next key press, and when the results (greyed out while the
#: new setting computes) show again after it, both by the page's own clock, so the latency is
#: not inflated by the test driver's round trips.
_WATCH = """() => {
  const live = document.querySelector('.cp-live');
  window.__pressed = null; window.__shown = null;
  let stale = false;
  document.addEventListener('keydown', () => { window.__pressed = performance.now(); },
                            {capture: true, once: true});
  new MutationObserver((_, observer) => {
    if (live.classList.contains('cp-stale')) stale = true;
    else if (stale) { window.__shown = performance.now(); observer.disconnect(); }
  }).observe(live, {attributes: true, attributeFilter: ['class']});
}"""


def browser_update(changes: int) -> tuple[list[float], list[float]]:
    """Seconds from a key press on a slider to the new result on the page (Chromium).

    Measured twice: with only the results tab opened (a tab's content is built when first
    opened), then after every tab has been opened once.

    Measured by the page's clock: from the key press to the moment the new results are on the
    page (charts drawn; the greying of the pending state removed). Browser and server share
    this machine's cores here; on a user's own computer the browser does not slow the model.
    """
    import socket
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = f"from visualization.app import serve; serve(port={port})"
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    times: list[float] = []
    all_tabs: list[float] = []
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector(".cp-stat-value", timeout=60_000)
            page.locator(".cp-sector-transport .v-expansion-panel-header").click()
            thumb = page.locator(".cp-lever-ev_purchase_subsidy_yuan [role=slider]")
            for series in (times, all_tabs):
                if series is all_tabs:
                    for tab in ("certainty", "compare", "share", "about", "results"):
                        page.locator(f".cp-tab-{tab}").click()
                        page.wait_for_timeout(1000)
                for _ in range(changes):
                    thumb.focus()
                    page.wait_for_timeout(500)  # the previous change has settled
                    page.evaluate(_WATCH)
                    thumb.press("ArrowRight")
                    page.wait_for_function("window.__shown !== null", timeout=30_000)
                    pressed, shown = page.evaluate("[window.__pressed, window.__shown]")
                    series.append((shown - pressed) / 1000)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return times, all_tabs


def ensemble(runs: int) -> dict[str, float]:
    """Seconds of an ensemble: first in this process, warm, and the same setting again.

    ``first`` includes loading the engine and starting the worker fork server (what the app
    does in the background when the "How sure?" tab opens, `warm_up`); ``warm`` is another
    seed of the same setting once that is done, as a user who opened the tab sees it;
    ``cached`` is the first setting again.
    """
    setting = Settings(base="plan")
    start = time.perf_counter()
    result = estimate(setting, runs, scale=ENSEMBLE_SCALE, seed=DEFAULT_SEED)
    first = time.perf_counter() - start
    warm_up()
    start = time.perf_counter()
    estimate(setting, runs, scale=ENSEMBLE_SCALE, seed=DEFAULT_SEED + 1)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    estimate(setting, runs, scale=ENSEMBLE_SCALE, seed=DEFAULT_SEED)
    cached = time.perf_counter() - start
    print(
        f"    P(peaked by 2030) = {result.p_peak:.2f}"
        f" [{result.p_peak_ci[0]:.2f}, {result.p_peak_ci[1]:.2f}], P(plateau or peaked by 2030)"
        f" = {result.p_plateau:.2f}, {result.runs} ok, {result.failed} failed"
    )
    return {"first": first, "warm": warm, "cached": cached}


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"median {statistics.median(times):.3f} s, p90 {p90:.3f} s, max {max(times):.3f} s"


def main() -> None:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--changes", type=int, default=15)
    parser.add_argument("--browser", action="store_true", help="also measure in Chromium")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(
        f"live scale {LIVE_SCALE}, ensemble scale {ENSEMBLE_SCALE}, seed {DEFAULT_SEED},"
        f" {os.cpu_count()} CPUs, load {load:.1f}"
    )
    times = live_update(args.changes)
    print(f"(a) live update, model + charts: {_summary(times)}")
    print(
        f"    with the {DEBOUNCE_S} s debounce:"
        f" median {statistics.median(times) + DEBOUNCE_S:.3f} s"
    )
    if args.browser:
        results_tab, all_tabs = browser_update(args.changes)
        print(f"    in Chromium, key press to new result: {_summary(results_tab)}")
        print(f"    the same after opening every tab: {_summary(all_tabs)}")
    seconds = ensemble(args.runs)
    print(
        f"(b) ensemble of {args.runs} runs on {WORKERS} workers: {seconds['first']:.1f} s first in"
        f" a fresh process, {seconds['warm']:.1f} s with the workers warm"
        f" ({seconds['warm'] / args.runs * WORKERS:.2f} s per run per worker),"
        f" {seconds['cached']:.3f} s cached; load now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
