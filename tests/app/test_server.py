"""Starting the web app: offline assets present, loopback by default, warning otherwise."""

from __future__ import annotations

import socket

import pytest
import solara.__main__

from carbonpeak.cli import main
from visualization.app import serve
from visualization.app.server import (
    REQUIRED_ASSETS,
    AddressUnavailableError,
    AssetsMissingError,
    check_address,
    is_loopback,
    missing_assets,
)


@pytest.fixture
def busy_port():
    """A loopback port some other server listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    port = free_port()
    serve(host="127.0.0.1", port=port)
    assert f"http://127.0.0.1:{port}/" in capsys.readouterr().out
    with pytest.warns(RuntimeWarning, match="0.0.0.0"):
        serve(host="0.0.0.0", port=port)
    args = calls[-1]
    assert args[:5] == ["visualization.app.pages", "--host", "0.0.0.0", "--port", str(port)]
    assert "--production" in args and "--no-open" in args and "--no-check-version" in args


def test_a_port_in_use_or_a_foreign_host_is_refused_before_the_server_starts(busy_port):
    with pytest.raises(AddressUnavailableError, match=f"port {busy_port} .* in use"):
        check_address("127.0.0.1", busy_port)
    with pytest.raises(AddressUnavailableError, match="not known"):
        check_address("no-such-host.invalid", 8765)
    check_address("127.0.0.1", free_port())


def test_ui_command_reports_a_busy_port_on_one_line_and_exits_2(busy_port, capsys):
    assert main(["ui", "--port", str(busy_port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"port {busy_port}" in err and "--port" in err


def test_ui_command_reports_missing_front_end_files_and_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("visualization.app.server.asset_dir", lambda: tmp_path)
    for name in ("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "SOLARA_KERNEL_CULL_TIMEOUT"):
        monkeypatch.setenv(name, "")
    assert main(["ui"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "requirejs" in err and err.startswith("carbonpeak ui: error:")


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_ui_command_refuses_a_port_out_of_range(port, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["ui", "--port", port])
    assert stop.value.code == 2 and "1-65535" in capsys.readouterr().err
