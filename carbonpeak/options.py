"""Argument types and option groups shared by the commands; each refuses bad input on one line.

The checks here run while the arguments are parsed, before any model is built or run: a seed
that is negative, a scheduler that is not an address, an output directory that cannot be
created, a parameter given twice with ``--set``.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from carbonpeak.errors import BadInput

#: ``tcp://host:port``, ``tls://host:port`` or ``host:port`` (a name, IPv4 or [IPv6]).
SCHEDULER_ADDRESS = re.compile(
    r"^(?:(?P<protocol>tcp|tls)://)?(?P<host>[A-Za-z0-9][A-Za-z0-9.\-_]*|\[[0-9A-Fa-f:.]+\])"
    r":(?P<port>[0-9]{1,5})$"
)


def positive_int(text: str) -> int:
    """An integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def seed(text: str) -> int:
    """A seed: an integer >= 0 (numpy's generators take no negative seed)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"a seed must be an integer >= 0, got {text!r} (e.g. --seed 1)"
        )
    return value


def scheduler_address(text: str) -> str:
    """A Dask scheduler's address: ``tcp://host:port``, ``tls://host:port`` or ``host:port``."""
    match = SCHEDULER_ADDRESS.match(text.strip())
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a scheduler address; expected tcp://HOST:PORT, tls://HOST:PORT or "
            "HOST:PORT with a port in 1-65535, e.g. tcp://10.0.0.5:8786"
        )
    return text.strip()


def _nearest_existing(path: Path) -> Path:
    for parent in (path, *path.parents):
        if parent.exists():
            return parent
    return Path.cwd()


def out_dir(text: str) -> Path:
    """A directory to write into: named in UTF-8, not under a file, in a writable folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the output directory name is empty; give a directory")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise argparse.ArgumentTypeError(
            f"the output directory name {shown!r} is not valid UTF-8; use a UTF-8 name"
        ) from None
    path = Path(text)
    existing = _nearest_existing(path.absolute())
    if not existing.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text!r} cannot be created: {str(existing)!r} is a file, not a directory"
        )
    try:  # os.access is no help for root or on a read-only mount: try it
        fd, probe = tempfile.mkstemp(prefix=".carbonpeak-probe-", dir=existing)
    except OSError as e:
        raise argparse.ArgumentTypeError(
            f"{text!r} cannot be written: cannot create files in {str(existing)!r} "
            f"({e.strerror}); choose a writable folder"
        ) from None
    os.close(fd)
    os.unlink(probe)
    return path


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``NAME=VALUE`` where VALUE is a TOML value (number or ``{2025 = 1, 2030 = 2}``).

    Raises:
        BadInput: If the text is not ``NAME=VALUE`` or VALUE is not a TOML value.
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise BadInput(f"--set {text!r}: expected NAME=VALUE, e.g. carbon_price_yuan_per_t=100")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        raise BadInput(
            f"--set {name}: {raw!r} is not a number or a schedule like {{2025 = 100, 2030 = 200}}"
        ) from None
    return name, value


def overrides(assignments: list[str]) -> dict[str, Any]:
    """The ``--set`` values as a dict; a name given twice is refused, naming both values."""
    values: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for text in assignments:
        name, value = parse_assignment(text)
        if name in values:
            first = raw[name].partition("=")[2].strip()
            second = text.partition("=")[2].strip()
            raise BadInput(
                f"--set {name} is given twice ({first} and {second}); give each parameter once"
            )
        values[name], raw[name] = value, text
    return values


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """``--scenario``, ``--scale``, ``--end-year`` and ``--seed``."""
    parser.add_argument(
        "--scenario",
        default="plan",
        metavar="NAME|FILE",
        help="built-in scenario (bau, current, plan, enhanced) or a scenario TOML file "
        "(default: plan)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="F",
        help="fraction of real agents simulated, in (0, 1] (default: 1.0)",
    )
    parser.add_argument(
        "--end-year", type=int, default=2060, metavar="Y", help="last simulated year (default 2060)"
    )
    parser.add_argument("--seed", type=seed, default=0, metavar="N", help="seed, >= 0 (default 0)")
