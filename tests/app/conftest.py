"""Fixtures of the web app's browser tests: a server on a free port, Chromium, offline pages.

The server runs `visualization.app.serve` in a child process with Solara's CDN pointed at a
closed loopback port, so a front-end file missing from the app's own assets fails instead of
being fetched. Every page blocks requests to any host but 127.0.0.1 and records them; a test
fails if one was asked for.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
#: How long the page may take to show its first results (the first run also runs BAU and plan).
READY_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Address of a running app server (started once per test session)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = dict(os.environ, SOLARA_ASSETS_CDN="http://127.0.0.1:9/")
    code = f"from visualization.app import serve; serve(host='127.0.0.1', port={port})"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=out,
                                  stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"app server did not start:\n{Path(log).read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: make test installs it (scripts/system_deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


class OfflineContext:
    """A browser context whose requests to other hosts than 127.0.0.1 are blocked and kept."""

    def __init__(self, browser, width: int = 1366, height: int = 768) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           accept_downloads=True)  # fmt: skip
        self.outside: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, url: str):
        """A new page at ``url``, once its first results are shown."""
        page = self.context.new_page()
        page.goto(url)
        page.wait_for_selector(".cp-stat-value", timeout=READY_MS)
        return page


@pytest.fixture
def offline(browser) -> Iterator:
    """Make offline browser contexts; fail the test if any asked for another host."""
    made: list[OfflineContext] = []

    def make(**kwargs) -> OfflineContext:
        made.append(OfflineContext(browser, **kwargs))
        return made[-1]

    yield make
    outside = [url for c in made for url in c.outside]
    for c in made:
        c.context.close()
    assert not outside, f"the page asked for hosts other than 127.0.0.1: {outside}"
