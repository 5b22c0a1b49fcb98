"""Start the web app's Solara server, offline and on loopback unless told otherwise.

Every script, style and font the page loads comes from this server: Solara's front end
(Vue 2 build), RequireJS, Font Awesome, Mesa's grid layout and ECharts are files of the
``solara-assets`` package, installed into ``<prefix>/share/solara/cdn``, which Solara's
``/_solara/cdn/`` route serves. `missing_assets` checks they are there before the server starts.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
import warnings
from pathlib import Path

APP_MODULE = "visualization.app.pages"
#: Files the pages load from Solara's asset directory (relative to it).
REQUIRED_ASSETS = (
    "@widgetti/solara-vuetify-app@10.1.1/dist/solara-vuetify-app8.min.js",
    "@widgetti/solara-vuetify-app@10.1.1/dist/main8.css",
    "@widgetti/solara-vuetify-app@10.1.1/dist/fonts.css",
    "@widgetti/vue-grid-layout@2.3.13-alpha.2/dist/vue-grid-layout.umd.js",
    "requirejs@2.3.6/require.js",
    "font-awesome@4.5.0/css/font-awesome.min.css",
    "echarts@5.4.0/dist/echarts.min.js",
)
#: How long a closed session's state is kept for a reconnect before it is freed.
SESSION_KEEP = "120s"


class AssetsMissingError(RuntimeError):
    """The offline front-end files are not installed."""


class AddressUnavailableError(RuntimeError):
    """The server cannot listen on the host and port asked for (in use, or not this machine's)."""


def asset_dir() -> Path:
    """Where Solara serves its front-end files from."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def missing_assets(directory: Path | None = None) -> list[str]:
    """The required front-end files absent from ``directory`` (default: Solara's)."""
    root = asset_dir() if directory is None else directory
    return [name for name in REQUIRED_ASSETS if not (root / name).is_file()]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Raise `AddressUnavailableError` unless a server could listen on ``host:port`` now.

    Raises:
        AddressUnavailableError: The port is taken, or ``host`` is not an address of this
            machine.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise AddressUnavailableError(f"host {host!r} is not known ({e.strerror})") from e
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise AddressUnavailableError(
                    f"port {port} on {host} is already in use; choose another with --port"
                ) from e
            raise AddressUnavailableError(
                f"cannot listen on {host}:{port} ({e.strerror}); use an address of this machine,"
                " e.g. --host 127.0.0.1"
            ) from e


def configure() -> None:
    """Settings of an offline, private server: no telemetry, no version check, short keep."""
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ["SOLARA_KERNEL_CULL_TIMEOUT"] = SESSION_KEEP
    from solara.server import settings

    settings.telemetry.mixpanel_enable = False
    settings.kernel.cull_timeout = SESSION_KEEP
    # Solara warns on every page load over plain http that it cannot set an iframe-embeddable
    # cookie; the app is not embedded, and its session cookie works all the same.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")


def serve(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False) -> None:
    """Start the web app and block until it is stopped (Ctrl+C).

    Args:
        host: Address to listen on; loopback by default. Any other address makes the app
            reachable from the network, which prints a warning.
        port: TCP port.
        open_browser: Open the page in the default browser once the server runs.

    Raises:
        AssetsMissingError: The offline front-end files are not installed.
        AddressUnavailableError: The port is in use or the host is not this machine's.
    """
    configure()
    missing = missing_assets()
    if missing:
        raise AssetsMissingError(
            f"the app's front-end files are missing from {asset_dir()} ({', '.join(missing)});"
            " reinstall the project (pip install carbonpeak) so that solara-assets installs them"
        )
    check_address(host, port)
    if not is_loopback(host):
        warnings.warn(
            f"the app listens on {host}, so other machines can reach it; it has no login."
            " Use --host 127.0.0.1 unless this is intended.",
            RuntimeWarning,
            stacklevel=2,
        )
    print(f"carbonpeak web app: http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
    from solara.__main__ import run

    args = [
        APP_MODULE,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",
        "--theme-variant",
        "light",
        "--theme-loader",
        "plain",
        "--log-level-uvicorn",
        "warning",
        "--no-access-log",
        "--open" if open_browser else "--no-open",
    ]
    try:
        run.main(args=args, standalone_mode=False, prog_name="carbonpeak ui")
    except KeyboardInterrupt:
        sys.stderr.write("stopped\n")
