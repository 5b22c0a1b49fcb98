"""Starting the web app: offline assets present, loopback by default, warning otherwise."""

from __future__ import annotations

import pytest
import solara.__main__

from visualization.app import serve
from visualization.app.server import (
    REQUIRED_ASSETS,
    AssetsMissingError,
    is_loopback,
    missing_assets,
)


def test_every_front_end_file_is_installed_with_the_package():
    assert missing_assets() == [], "solara-assets must install the offline front end"


def test_a_missing_front_end_is_named(tmp_path, monkeypatch):
    assert missing_assets(tmp_path) == list(REQUIRED_ASSETS)
    monkeypatch.setattr("visualization.app.server.asset_dir", lambda: tmp_path)
    monkeypatch.setenv("SOLARA_KERNEL_CULL_TIMEOUT", "")
    with pytest.raises(AssetsMissingError, match="requirejs"):
        serve()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("x", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_prints_the_address_and_warns_off_loopback(monkeypatch, capsys):
    calls = []
    for name in ("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "SOLARA_KERNEL_CULL_TIMEOUT"):
        monkeypatch.setenv(name, "")  # restored after the test: serve() sets them
    monkeypatch.setattr(solara.__main__.run, "main", lambda **kw: calls.append(kw["args"]))
    serve(host="127.0.0.1", port=8123)
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out
    with pytest.warns(RuntimeWarning, match="0.0.0.0"):
        serve(host="0.0.0.0", port=8124)
    args = calls[-1]
    assert args[:5] == ["visualization.app.pages", "--host", "0.0.0.0", "--port", "8124"]
    assert "--production" in args and "--no-open" in args and "--no-check-version" in args
