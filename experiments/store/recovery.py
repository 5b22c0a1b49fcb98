"""Recovery when a store is reopened: remove what an interrupted writer left, set aside damage.

An interrupted writer can leave temporary files, a half-built consolidation and a batch whose
yearly file was written but whose runs file (the commit) was not; these are removed. A part
file that cannot be read back (truncated by a full disk or a crash of the file system, or
damaged later) is moved with its partner into ``quarantine/`` with a warning, so that its runs
count as not done and are run again.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from experiments.store.files import QUARANTINE_DIR, RUNS_FILE, YEARLY_DIR, fsync_dir

RUNS_SUFFIX = ".runs.parquet"
YEARLY_SUFFIX = ".yearly.parquet"


def remove_orphans(store_dir: Path, parts_dir: Path) -> None:
    """Remove temporary files, half-built consolidations and analyses, unpaired yearly parts."""
    for tmp in store_dir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    for name in (f"{RUNS_FILE}.partial", f"{YEARLY_DIR}.partial"):
        shutil.rmtree(store_dir / name, ignore_errors=True)
        (store_dir / name).unlink(missing_ok=True)
    for staging in store_dir.glob(".analysis.partial-*"):  # see experiments.analysis.writer
        shutil.rmtree(staging, ignore_errors=True)
    if not parts_dir.is_dir():
        return
    for tmp in parts_dir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    for yearly in parts_dir.glob(f"part-*{YEARLY_SUFFIX}"):
        stem = yearly.name.removesuffix(YEARLY_SUFFIX)
        if not (parts_dir / f"{stem}{RUNS_SUFFIX}").exists():
            yearly.unlink()


def _unreadable(path: Path) -> str | None:
    """Why the Parquet file at `path` cannot be read, on one line, or None if it can."""
    try:
        table = pq.read_table(path)
        if "run_id" not in table.column_names:
            return "it has no run_id column"
    except (OSError, pa.ArrowException) as e:
        return " ".join(f"{type(e).__name__}: {e}".split())
    return None


def quarantine_damaged_parts(store_dir: Path, parts_dir: Path) -> list[Path]:
    """Move every part whose runs or yearly file cannot be read into ``quarantine/``.

    Returns:
        The runs files set aside (their runs are no longer done and will be run again).
    """
    moved = []
    for runs in sorted(parts_dir.glob(f"part-*{RUNS_SUFFIX}")):
        yearly = runs.with_name(runs.name.removesuffix(RUNS_SUFFIX) + YEARLY_SUFFIX)
        problem = _unreadable(runs) or (_unreadable(yearly) if yearly.exists() else None)
        if problem is None:
            continue
        target = store_dir / QUARANTINE_DIR
        target.mkdir(exist_ok=True)
        for path in (runs, yearly):
            if path.exists():
                os.replace(path, target / path.name)
        fsync_dir(parts_dir)
        warnings.warn(
            f"part '{runs.relative_to(store_dir)}' of '{store_dir}' cannot be read ({problem});"
            f" moved it to '{target}' and its runs will be run again",
            RuntimeWarning,
            stacklevel=5,
        )
        moved.append(runs)
    return moved
