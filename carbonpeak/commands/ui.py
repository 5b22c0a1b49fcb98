"""``carbonpeak ui``: start the policymaker web app (offline, on loopback unless told otherwise)."""

from __future__ import annotations

import argparse
from typing import Any

from carbonpeak.errors import BadInput


def tcp_port(text: str) -> int:
    """A TCP port: an integer in 1-65535."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port in 1-65535, got {text!r}")
    return value


def add_parser(subparsers: Any) -> None:
    """Register ``ui``."""
    parser = subparsers.add_parser(
        "ui",
        help="start the policy web app in the browser (works offline; Ctrl+C stops it)",
        description="Start the policy web app. It serves every file itself, so it works without"
        " internet. It listens on 127.0.0.1 (this computer only) unless --host says otherwise;"
        " --host 0.0.0.0 shares it with the network, without any login.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 shares it with the network)",
    )
    parser.add_argument("--port", type=tcp_port, default=8765, help="TCP port (default 8765)")
    parser.add_argument(
        "--open", action="store_true", help="open the app in the default browser once it runs"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Serve the app until it is stopped."""
    from visualization.app import serve
    from visualization.app.server import AddressUnavailableError, AssetsMissingError

    try:
        serve(host=args.host, port=args.port, open_browser=args.open)
    except (AssetsMissingError, AddressUnavailableError) as e:
        raise BadInput(str(e)) from e
    return 0
