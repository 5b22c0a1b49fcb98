"""File names of a result store and the one way every file in it is written: atomically.

Every file is written under a temporary name, fsynced and renamed into place (`os.replace`), so
a `kill -9` at any moment leaves only whole files; a write that fails (a full disk) removes its
temporary file before the error goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

FORMAT = "carbonpeak-experiment-store"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RUNS_FILE = "runs.parquet"
YEARLY_DIR = "yearly"
PARTS_DIR = "parts"
ANALYSIS_DIR = "analysis"
QUARANTINE_DIR = "quarantine"
LOCK_FILE = ".lock"


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot store {type(value).__name__} value {value!r} as JSON")


def dumps(value: Any, **kwargs: Any) -> str:
    """JSON text of `value`; NumPy scalars, paths, sets and dataclasses are converted."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, **kwargs)


def fsync_dir(path: Path) -> None:
    """Make a directory's entries durable (where the file system allows it)."""
    with contextlib.suppress(OSError):  # not every file system can fsync a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a written file to disk."""
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def temporary_name(path: Path) -> Path:
    """The hidden name a file is written under before it is renamed to `path`."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def removed_on_error(path: Path) -> Iterator[Path]:
    """Yield `path`; if the block raises, remove whatever was written there, then re-raise."""
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    tmp = temporary_name(path)
    with removed_on_error(tmp):
        write(tmp)
        fsync_file(tmp)
        os.replace(tmp, path)
    fsync_dir(path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically and durably."""
    _atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_table(path: Path, table: pa.Table) -> None:
    """Write `table` as Parquet to `path` atomically and durably."""
    _atomic_write(path, lambda tmp: pq.write_table(table, tmp))
