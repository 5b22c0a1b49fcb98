"""`ExperimentStore`: one experiment's directory, opened for writing (locked) or for reading."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.store.consolidate import consolidate
from experiments.store.files import (
    FORMAT,
    LOCK_FILE,
    MANIFEST,
    PARTS_DIR,
    QUARANTINE_DIR,
    RUNS_FILE,
    YEARLY_DIR,
    atomic_write_bytes,
    atomic_write_table,
    dumps,
    now,
)
from experiments.store.manifest import (
    code_version,
    design_fingerprint,
    new_manifest,
    warn_if_code_changed,
)
from experiments.store.recovery import (
    RUNS_SUFFIX,
    YEARLY_SUFFIX,
    quarantine_damaged_parts,
    remove_orphans,
)
from experiments.store.schema import META_COLUMNS, concat_unified, rows_to_table

try:  # POSIX advisory locks; on other systems the store is not locked.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Statuses that end a session and stamp the time: stopped by the user (Ctrl-C, SIGTERM, a
#: cancel), stopped by a failure of the executor, or done.
FINAL_STATUSES = ("interrupted", "incomplete", "complete")


class StoreError(RuntimeError):
    """The store on disk cannot be used as asked (corrupt, locked, inconsistent)."""


class StoreConflictError(StoreError):
    """The output directory holds something this experiment must not overwrite or resume."""


def _is_store(path: Path) -> bool:
    try:
        doc = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("format") == FORMAT


def _is_empty(path: Path) -> bool:
    return all(entry.name == LOCK_FILE for entry in path.iterdir())


def _part_number(path: Path) -> int:
    return int(path.name.split(".", 1)[0].removeprefix("part-"))


def _check_can_open(store: ExperimentStore, fingerprint: str, resume: bool) -> bool:
    """Raise if `store.path` must not be used; return whether it holds this experiment."""
    p = store.path
    if p.exists() and not p.is_dir():
        raise StoreConflictError(f"output path '{p}' is a file; give a directory for --out")
    if not (p.is_dir() and not _is_empty(p)):
        return False
    if not _is_store(p):
        raise StoreConflictError(
            f"output directory '{p}' is not empty and is not a carbonpeak experiment "
            "store; refusing to overwrite it (choose another --out)"
        )
    old = store.manifest
    if not resume:
        raise StoreConflictError(
            f"output directory '{p}' already holds an experiment (status: "
            f"{old.get('status', 'unknown')}); pass --resume to continue it, or choose another "
            "--out"
        )
    if old.get("design_fingerprint") != fingerprint:
        raise StoreConflictError(
            f"cannot resume '{p}': it holds a different experiment (design "
            f"'{old.get('name')}', method '{old.get('method')}', "
            f"{old.get('counts', {}).get('total')} runs) than the one requested; choose "
            "another --out"
        )
    return True


class ExperimentStore:
    """One experiment's directory: manifest, finished batches and consolidated results.

    Writers get a store from `ExperimentStore.open_for_writing`, which checks that the
    directory may be used and holds its lock until `close`. Readers use `ExperimentStore(path)`
    or the functions `read_runs` / `read_yearly`.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._lock_fd: int | None = None
        self._next_part = 0
        self._manifest: dict[str, Any] | None = None

    # -- paths --------------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        """The manifest file."""
        return self.path / MANIFEST

    @property
    def parts_dir(self) -> Path:
        """The directory of finished batches."""
        return self.path / PARTS_DIR

    @property
    def runs_path(self) -> Path:
        """The consolidated one-row-per-run table."""
        return self.path / RUNS_FILE

    @property
    def yearly_dir(self) -> Path:
        """The consolidated yearly-series dataset."""
        return self.path / YEARLY_DIR

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open_for_writing(
        cls,
        path: str | os.PathLike[str],
        design: Any,
        *,
        resume: bool = False,
        task: Any = None,
        param_columns: Sequence[str] = (),
        session: Mapping[str, Any] | None = None,
    ) -> ExperimentStore:
        """Create the store for `design` at `path`, or reopen it to resume.

        Args:
            path: The experiment's directory; created if absent.
            design: The experiment's `Design`.
            resume: Continue the experiment already in `path` (the same design). Without it, a
                directory that is not empty is refused. With it, an absent or empty directory
                simply starts a new experiment.
            task: The run function, recorded and part of the design's fingerprint.
            param_columns: The input parameters, one column each in `runs.parquet`.
            session: Facts about this session (executor, workers) for the manifest.

        Returns:
            The store, locked against other writers until `close`.

        Raises:
            StoreConflictError: `path` is a file, is not empty and not an experiment store, is
                this or another experiment's store and `resume` is false, holds a different
                design, or is being written by another process.
        """
        store = cls(path)
        fingerprint = design_fingerprint(design, task)
        existing = _check_can_open(store, fingerprint, resume)
        store.path.mkdir(parents=True, exist_ok=True)
        store._acquire_lock()
        try:
            if existing:
                store._reopen(session)
            else:
                store.parts_dir.mkdir(exist_ok=True)
                store._write_manifest(
                    new_manifest(design, fingerprint, task, param_columns, session)
                )
        except BaseException:
            store.close()
            raise
        return store

    def _acquire_lock(self) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            return
        fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            raise StoreConflictError(
                f"experiment store '{self.path}' is being written by another process; "
                "wait for it to finish or stop it first"
            ) from e
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd

    def close(self) -> None:
        """Release the writer's lock (the lock file stays; it is harmless)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> ExperimentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reopen(self, session: Mapping[str, Any] | None) -> None:
        remove_orphans(self.path, self.parts_dir)
        manifest = self.manifest
        if manifest.get("status") == "complete":
            shutil.rmtree(self.parts_dir, ignore_errors=True)  # left if stopped while deleting
            return
        version = code_version()
        warn_if_code_changed(self.path, manifest.get("code_version"), version)
        manifest["status"] = "running"
        manifest["finished"] = None
        manifest.setdefault("sessions", []).append(
            {"started": now(), "code_version": version, **(session or {})}
        )
        self._write_manifest(manifest)
        self.parts_dir.mkdir(exist_ok=True)
        quarantine_damaged_parts(self.path, self.parts_dir)
        # numbers of set-aside parts are not reused: a later quarantine must not overwrite them
        used = [*self.parts_dir.glob(f"part-*{RUNS_SUFFIX}"),
                *(self.path / QUARANTINE_DIR).glob(f"part-*{RUNS_SUFFIX}")]  # fmt: skip
        self._next_part = max((_part_number(p) for p in used), default=-1) + 1

    # -- manifest -----------------------------------------------------------------------------

    @property
    def manifest(self) -> dict[str, Any]:
        """The manifest as a dict (read once, then kept in step with writes)."""
        if self._manifest is None:
            try:
                self._manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            except FileNotFoundError as e:
                raise StoreError(f"'{self.path}' has no {MANIFEST}; is it a store?") from e
        return self._manifest

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        self._manifest = manifest
        text = dumps(manifest, indent=2) + "\n"
        atomic_write_bytes(self.manifest_path, text.encode("utf-8"))

    @property
    def status(self) -> str:
        """The experiment's status: "running", "interrupted", "incomplete" or "complete"."""
        return str(self.manifest.get("status"))

    def set_status(self, status: str, **counts: int) -> None:
        """Record the experiment's status (and counts); a final status stamps the time."""
        manifest = self.manifest
        manifest["status"] = status
        if status in FINAL_STATUSES:
            stamp = now()
            manifest["finished"] = stamp
            sessions = manifest.get("sessions") or [{}]
            sessions[-1]["finished"] = stamp
        manifest.setdefault("counts", {}).update(counts)
        self._write_manifest(manifest)

    def record_analysis_error(self, error: str | None) -> None:
        """Record in the manifest why the analyses failed (None: they succeeded)."""
        manifest = self.manifest
        if manifest.get("analysis_error") != error:
            manifest["analysis_error"] = error
            self._write_manifest(manifest)

    # -- writing batches ----------------------------------------------------------------------

    def write_part(
        self, rows: Sequence[Mapping[str, Any]], yearly: Sequence[pa.Table] = ()
    ) -> Path:
        """Make a batch of finished runs durable; return the path of its runs file.

        Args:
            rows: One dict per run (meta, parameters, outputs, status columns).
            yearly: The successful runs' yearly tables, each with `run_id` and `year` columns.
        """
        if self._lock_fd is None and fcntl is not None:
            raise StoreError("write_part needs a store opened with open_for_writing")
        stem = f"part-{self._next_part:06d}"
        self._next_part += 1
        tables = [t for t in yearly if t.num_rows]
        if tables:
            atomic_write_table(
                self.parts_dir / f"{stem}{YEARLY_SUFFIX}",
                concat_unified(tables, first=("run_id", "year")),
            )
        runs_path = self.parts_dir / f"{stem}{RUNS_SUFFIX}"
        atomic_write_table(runs_path, rows_to_table(rows))
        return runs_path

    # -- reading ------------------------------------------------------------------------------

    def _part_files(self) -> list[Path]:
        if not self.parts_dir.is_dir():
            return []
        return sorted(self.parts_dir.glob(f"part-*{RUNS_SUFFIX}"), key=_part_number)

    def done_run_ids(self) -> set[int]:
        """Run ids already durable (in parts, or in `runs.parquet` once complete)."""
        if self.status == "complete" and self.runs_path.exists():
            table = pq.read_table(self.runs_path, columns=["run_id"])
            return set(table.column("run_id").to_pylist())
        done: set[int] = set()
        for path in self._part_files():
            done.update(pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist())
        return done

    def _parts_runs_table(self) -> pa.Table:
        tables = [pq.read_table(p) for p in self._part_files()]
        if not tables:
            return pa.table({name: pa.array([], pa.int64()) for name in META_COLUMNS})
        return concat_unified(tables, first=META_COLUMNS)

    def runs(self) -> pd.DataFrame:
        """One row per run, sorted by run_id: consolidated, or the parts so far."""
        if self.status == "complete" and self.runs_path.exists():
            return pd.read_parquet(self.runs_path)
        table = self._parts_runs_table()
        return table.sort_by("run_id").to_pandas() if table.num_rows else table.to_pandas()

    def yearly(
        self, columns: Sequence[str] | None = None, run_ids: Iterable[int] | None = None
    ) -> pd.DataFrame:
        """Yearly series (consolidated store only), optionally some columns and runs."""
        if not self.yearly_dir.is_dir():
            raise StoreError(f"'{self.path}' has no consolidated yearly series yet")
        filters = None
        if run_ids is not None:
            filters = [("run_id", "in", sorted(set(run_ids)))]
        cols = None if columns is None else list(dict.fromkeys(["run_id", "year", *columns]))
        return pd.read_parquet(self.yearly_dir, columns=cols, filters=filters)

    # -- finishing ----------------------------------------------------------------------------

    def consolidate(self, param_columns: Sequence[str] = ()) -> dict[str, int]:
        """Merge the parts into `runs.parquet` and `yearly/`; return the counts.

        The manifest is not marked complete here; see `finish` and `mark_complete`.
        """
        done = consolidate(self.path, self._part_files(), self._parts_runs_table(), param_columns)
        manifest = self.manifest
        manifest.setdefault("columns", {}).update(
            {
                "params": list(param_columns),
                "outputs": done.outputs,
                "yearly": done.yearly_columns,
            }
        )
        manifest.setdefault("counts", {}).update(done.counts)
        self._write_manifest(manifest)
        return dict(done.counts)

    def finish(self, design_run_ids: Iterable[int], param_columns: Sequence[str] = ()) -> dict:
        """Consolidate and check that every run of the design is there.

        The store is not marked complete yet: the analyses come first (`mark_complete`).

        Returns:
            The counts ("total", "done", "ok", "failed").

        Raises:
            StoreError: some of `design_run_ids` have no row (the store is left incomplete).
        """
        wanted = set(design_run_ids)
        counts = self.consolidate(param_columns)
        have = set(pq.read_table(self.runs_path, columns=["run_id"]).column("run_id").to_pylist())
        missing = wanted - have
        counts["total"] = len(wanted)
        if missing:
            self.set_status("incomplete", **counts)
            raise StoreError(
                f"{len(missing)} runs of the design have no result in '{self.path}' "
                f"(e.g. run_id {min(missing)}); rerun with --resume"
            )
        self.manifest.setdefault("counts", {}).update(counts)
        return counts

    def mark_complete(self) -> None:
        """Record the experiment as complete and delete the parts (after `finish`)."""
        self.set_status("complete")
        shutil.rmtree(self.parts_dir, ignore_errors=True)


def read_runs(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Return the one-row-per-run table of the store at `path` (consolidated or so far)."""
    return ExperimentStore(path).runs()


def read_yearly(
    path: str | os.PathLike[str],
    columns: Sequence[str] | None = None,
    run_ids: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Return yearly series of a consolidated store, optionally some columns and runs."""
    return ExperimentStore(path).yearly(columns=columns, run_ids=run_ids)
