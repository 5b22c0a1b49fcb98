"""The result store: one directory per experiment, durable as runs finish, safe to resume.

Layout of a store directory::

    manifest.json          what was run and how: design, seeds, code and package versions,
                           host, timing, status ("running" | "incomplete" | "complete"), counts
    parts/                 while running: finished batches, each an atomic pair
      part-000000.yearly.parquet   yearly series of the batch's successful runs (written first)
      part-000000.runs.parquet     one row per run of the batch (written last: the commit)
    runs.parquet           after completion: one row per run, sorted by run_id
    yearly/part-0.parquet  after completion: yearly series (run_id, year, series...), sorted
    .lock                  advisory lock held by the one process writing the store

Every file is written under a temporary name, fsynced and renamed into place (`os.replace`), so
a `kill -9` at any moment leaves only whole files. A batch counts as done once its
`.runs.parquet` exists; a `.yearly.parquet` without one is an orphan of an interrupted write and
is removed on the next open. When all runs are done the parts are consolidated chunk by chunk
with `pyarrow.parquet.ParquetWriter`, so memory stays bounded however many runs there are; the
parts are deleted only after the manifest says "complete".

A directory that is not empty and is not this experiment's store is never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

try:  # POSIX advisory locks; on other systems the store is not locked.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MEASURED_COLUMNS",
    "META_COLUMNS",
    "STATUS_COLUMNS",
    "ExperimentStore",
    "StoreConflictError",
    "StoreError",
    "design_document",
    "design_fingerprint",
    "read_runs",
    "read_yearly",
]

FORMAT = "carbonpeak-experiment-store"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RUNS_FILE = "runs.parquet"
YEARLY_DIR = "yearly"
PARTS_DIR = "parts"
LOCK_FILE = ".lock"

#: Columns that identify a run, first in `runs.parquet`.
META_COLUMNS: tuple[str, ...] = ("run_id", "point_id", "sample_id", "replication", "seed")
#: Columns that describe how a run went, last in `runs.parquet`.
STATUS_COLUMNS: tuple[str, ...] = ("status", "error", "runtime_s", "worker_peak_rss_mib")
#: Status columns measured on the machine, which differ between executions of the same run.
MEASURED_COLUMNS: tuple[str, ...] = ("runtime_s", "worker_peak_rss_mib")

#: Packages whose versions go into the manifest (when installed).
_PACKAGES = ("numpy", "pandas", "mesa", "pyarrow", "scipy", "SALib", "dask", "distributed")
#: Runs per row group when yearly series are consolidated.
_YEARLY_CHUNK_RUNS = 256


class StoreError(RuntimeError):
    """The store on disk cannot be used as asked (corrupt, locked, inconsistent)."""


class StoreConflictError(StoreError):
    """The output directory holds something this experiment must not overwrite or resume."""


# ---------------------------------------------------------------------------------------------
# Small helpers: time, JSON, atomic files
# ---------------------------------------------------------------------------------------------


def _now() -> str:
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


def _dumps(value: Any, **kwargs: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, **kwargs)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system can fsync a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _atomic_write_table(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


# ---------------------------------------------------------------------------------------------
# Design identity
# ---------------------------------------------------------------------------------------------


def _callable_name(func: Any) -> str:
    return f"{getattr(func, '__module__', '?')}:{getattr(func, '__qualname__', repr(func))}"


def design_document(design: Any) -> Any:
    """Return the design as a JSON-able object: `design.to_json()` parsed, or its fields."""
    to_json = getattr(design, "to_json", None)
    if callable(to_json):
        doc = to_json()
        return json.loads(doc) if isinstance(doc, (str, bytes)) else doc
    return {
        "name": design.name,
        "base_scenario": str(design.base_scenario),
        "scale": design.scale,
        "end_year": design.end_year,
        "method": design.method,
        "problem": design.problem,
        "spec": design.spec,
        "runs": [_run_document(r) for r in design.runs],
    }


def _run_document(run: Any) -> list[Any]:
    return [
        run.run_id,
        run.point_id,
        run.sample_id,
        run.replication,
        run.seed,
        dict(run.levers),
        dict(run.uncertainties),
    ]


def _scenario_digest(scenario: Any) -> str | None:
    """SHA-256 of a scenario given as a file, so an edited file is noticed on resume."""
    try:
        path = Path(str(scenario))
        if path.suffix.lower() == ".toml" and path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return None


def design_fingerprint(design: Any, task: Any = None) -> str:
    """Return a SHA-256 over everything that decides the runs' results.

    That is: base scenario (and its file's contents), scale, end year, method and every run's
    ids, seed and parameters, plus the task function's name. The design's display name is left
    out.
    """
    doc = {
        "base_scenario": str(design.base_scenario),
        "scenario_sha256": _scenario_digest(design.base_scenario),
        "scale": design.scale,
        "end_year": design.end_year,
        "method": design.method,
        "task": None if task is None else _callable_name(task),
        "runs": [_run_document(r) for r in design.runs],
    }
    text = _dumps(doc, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _root_seed(design: Any) -> Any:
    for attr in ("root_seed", "seed"):
        if getattr(design, attr, None) is not None:
            return getattr(design, attr)
    spec = getattr(design, "spec", None) or {}
    for key in ("root_seed", "seed"):
        if isinstance(spec, Mapping) and spec.get(key) is not None:
            return spec[key]
    return None


# ---------------------------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------------------------


def _git_version() -> dict[str, str] | None:
    repo = Path(__file__).resolve().parent.parent
    if not (repo / ".git").exists():
        return None
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        describe = subprocess.run(
            ["git", "-C", str(repo), "describe", "--always", "--dirty", "--tags"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "describe": describe}


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def code_version() -> dict[str, Any]:
    """Return the code's version: git commit and `git describe` if known, and package version."""
    return {"package": _package_version("carbonpeak"), "git": _git_version()}


def _version_label(version: Mapping[str, Any] | None) -> str:
    """One line for a `code_version()` record: git describe, else the package version."""
    version = version or {}
    git = version.get("git") or {}
    return str(git.get("describe") or git.get("commit") or version.get("package") or "unknown")


def _warn_if_code_changed(
    path: Path, started_with: Mapping[str, Any] | None, now: Mapping[str, Any]
) -> None:
    """Warn when an experiment is resumed with other code than it was started with."""
    if started_with is None or dict(started_with) == dict(now):
        return
    warnings.warn(
        f"resuming '{path}' with different code: it was started with "
        f"{_version_label(started_with)} and is continued with {_version_label(now)}; runs "
        "made by the two may differ (each session's version is in manifest.json)",
        RuntimeWarning,
        stacklevel=4,
    )


def environment_info() -> dict[str, Any]:
    """Return Python, package versions, host and platform for the manifest."""
    return {
        "python": sys.version.split()[0],
        "packages": {name: _package_version(name) for name in _PACKAGES},
        "host": socket.gethostname(),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------------------------------------
# Arrow tables from run rows
# ---------------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """Normalise one run-table cell to None, bool, int, float or str."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (Mapping, list, tuple)):
        return _dumps(value, sort_keys=True)
    return str(value)


def _column(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def rows_to_table(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Build a table from row dicts; columns in order of first appearance, missing -> null."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return pa.table({name: _column([_cell(r.get(name)) for r in rows]) for name in names})


def _unify_type(types: Iterable[pa.DataType]) -> pa.DataType:
    """The one type every value of a column can take, whatever batch it was written in."""
    seen = [t for t in types if not pa.types.is_null(t)]
    if not seen:
        return pa.null()
    if all(t == seen[0] for t in seen):
        return seen[0]
    if all(pa.types.is_boolean(t) or pa.types.is_integer(t) for t in seen):
        return pa.int64()
    if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in seen):
        return pa.float64()
    return pa.string()


def unify_schemas(schemas: Sequence[pa.Schema], first: Sequence[str] = ()) -> pa.Schema:
    """Union of `schemas`: `first` columns first, then others in order of first appearance."""
    types: dict[str, list[pa.DataType]] = {name: [] for name in first}
    for schema in schemas:
        for field in schema:
            types.setdefault(field.name, []).append(field.type)
    return pa.schema([pa.field(name, _unify_type(ts)) for name, ts in types.items()])


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Cast `table` to `schema`, adding absent columns as nulls (drops schema metadata)."""
    if table.schema.equals(schema):  # the common case: every run has the same columns
        return table.replace_schema_metadata(None)
    columns = []
    for field in schema:
        if field.name in table.column_names:
            col = table.column(field.name)
            columns.append(col if col.type == field.type else col.cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def concat_unified(tables: Sequence[pa.Table], first: Sequence[str] = ()) -> pa.Table:
    """Concatenate tables whose columns or types may differ (see `unify_schemas`)."""
    schema = unify_schemas([t.schema for t in tables], first)
    return pa.concat_tables([conform(t, schema) for t in tables])


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


def _is_store(path: Path) -> bool:
    try:
        doc = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("format") == FORMAT


def _is_empty(path: Path) -> bool:
    return all(entry.name == LOCK_FILE for entry in path.iterdir())


class ExperimentStore:
    """One experiment's directory: manifest, finished batches and consolidated results.

    Writers get a store from `ExperimentStore.open_for_writing`, which checks that the
    directory may be used and holds its lock until `close`. Readers use `ExperimentStore(path)`
    or the module functions `read_runs` / `read_yearly`.
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
        p = store.path
        if p.exists() and not p.is_dir():
            raise StoreConflictError(f"output path '{p}' is a file; give a directory for --out")
        fingerprint = design_fingerprint(design, task)
        existing = p.is_dir() and not _is_empty(p)
        if existing:
            if not _is_store(p):
                raise StoreConflictError(
                    f"output directory '{p}' is not empty and is not a carbonpeak experiment "
                    "store; refusing to overwrite it (choose another --out)"
                )
            if not resume:
                status = store.manifest.get("status", "unknown")
                raise StoreConflictError(
                    f"output directory '{p}' already holds an experiment (status: {status}); "
                    "pass --resume to continue it, or choose another --out"
                )
            old = store.manifest
            if old.get("design_fingerprint") != fingerprint:
                total = old.get("counts", {}).get("total")
                raise StoreConflictError(
                    f"cannot resume '{p}': it holds a different experiment (design "
                    f"'{old.get('name')}', method '{old.get('method')}', {total} runs) than "
                    "the one requested; choose another --out"
                )
        p.mkdir(parents=True, exist_ok=True)
        store._acquire_lock()
        try:
            if existing:
                store._reopen(session)
            else:
                store._create(design, fingerprint, task, param_columns, session)
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

    def _create(
        self,
        design: Any,
        fingerprint: str,
        task: Any,
        param_columns: Sequence[str],
        session: Mapping[str, Any] | None,
    ) -> None:
        now = _now()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": design.name,
            "method": design.method,
            "base_scenario": str(design.base_scenario),
            "scale": design.scale,
            "end_year": design.end_year,
            "root_seed": _root_seed(design),
            "design_fingerprint": fingerprint,
            "task": None if task is None else _callable_name(task),
            "code_version": code_version(),
            **environment_info(),
            "started": now,
            "finished": None,
            "status": "running",
            "counts": {"total": len(design.runs), "done": 0, "ok": 0, "failed": 0},
            "columns": {
                "meta": list(META_COLUMNS),
                "params": list(param_columns),
                "outputs": [],
                "status": list(STATUS_COLUMNS),
                "yearly": [],
            },
            "sessions": [{"started": now, **(session or {})}],
            "spec": design_document(design),
        }
        self.parts_dir.mkdir(exist_ok=True)
        self._write_manifest(manifest)

    def _reopen(self, session: Mapping[str, Any] | None) -> None:
        self._clean_orphans()
        manifest = self.manifest
        if manifest.get("status") == "complete":
            shutil.rmtree(self.parts_dir, ignore_errors=True)  # left if stopped while deleting
            return
        if manifest.get("status") != "complete":
            version = code_version()
            _warn_if_code_changed(self.path, manifest.get("code_version"), version)
            manifest["status"] = "running"
            manifest["finished"] = None
            manifest.setdefault("sessions", []).append(
                {"started": _now(), "code_version": version, **(session or {})}
            )
            self._write_manifest(manifest)
        self.parts_dir.mkdir(exist_ok=True)
        stems = [_part_number(p) for p in self.parts_dir.glob("part-*.runs.parquet")]
        self._next_part = max(stems, default=-1) + 1

    def _clean_orphans(self) -> None:
        """Remove what an interrupted writer left behind: temporary files, unpaired yearly."""
        for tmp in self.path.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        for name in (f"{RUNS_FILE}.partial", f"{YEARLY_DIR}.partial"):
            shutil.rmtree(self.path / name, ignore_errors=True)
            (self.path / name).unlink(missing_ok=True)
        if not self.parts_dir.is_dir():
            return
        for tmp in self.parts_dir.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        for yearly in self.parts_dir.glob("part-*.yearly.parquet"):
            stem = yearly.name.removesuffix(".yearly.parquet")
            if not (self.parts_dir / f"{stem}.runs.parquet").exists():
                yearly.unlink()

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
        text = _dumps(manifest, indent=2) + "\n"
        _atomic_write_bytes(self.manifest_path, text.encode("utf-8"))

    @property
    def status(self) -> str:
        """The experiment's status: "running", "incomplete" or "complete"."""
        return str(self.manifest.get("status"))

    def set_status(self, status: str, **counts: int) -> None:
        """Record the experiment's status (and counts); "complete"/"incomplete" stamp the time."""
        manifest = self.manifest
        manifest["status"] = status
        if status in ("complete", "incomplete"):
            now = _now()
            manifest["finished"] = now
            sessions = manifest.get("sessions") or [{}]
            sessions[-1]["finished"] = now
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
            _atomic_write_table(
                self.parts_dir / f"{stem}.yearly.parquet",
                concat_unified(tables, first=("run_id", "year")),
            )
        runs_path = self.parts_dir / f"{stem}.runs.parquet"
        _atomic_write_table(runs_path, rows_to_table(rows))
        return runs_path

    # -- reading ------------------------------------------------------------------------------

    def _part_files(self) -> list[Path]:
        if not self.parts_dir.is_dir():
            return []
        return sorted(self.parts_dir.glob("part-*.runs.parquet"), key=_part_number)

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

    # -- consolidation ------------------------------------------------------------------------

    def consolidate(self, param_columns: Sequence[str] = ()) -> dict[str, int]:
        """Merge the parts into `runs.parquet` and `yearly/`; return the counts.

        Rows are sorted by run_id (a run written twice keeps its first copy), so the result does
        not depend on which worker finished first. Yearly series are copied `_YEARLY_CHUNK_RUNS`
        runs at a time. The manifest is not marked complete here; see `finish`.
        """
        part_files = self._part_files()
        runs_table = self._parts_runs_table()
        runs_table = _dedupe_sorted(runs_table)
        runs_table = _order_columns(runs_table, param_columns)
        statuses = runs_table.column("status").to_pylist() if runs_table.num_rows else []
        n_ok = sum(1 for s in statuses if s == "ok")
        counts = {"done": runs_table.num_rows, "ok": n_ok, "failed": len(statuses) - n_ok}

        partial_runs = self.path / f"{RUNS_FILE}.partial"
        pq.write_table(runs_table, partial_runs)
        with open(partial_runs, "rb+") as f:
            os.fsync(f.fileno())

        yearly_columns = self._consolidate_yearly(part_files, runs_table)

        os.replace(partial_runs, self.runs_path)
        if self.yearly_dir.exists():
            shutil.rmtree(self.yearly_dir)
        os.replace(self.path / f"{YEARLY_DIR}.partial", self.yearly_dir)
        _fsync_dir(self.path)

        manifest = self.manifest
        outputs = [
            c
            for c in runs_table.column_names
            if c not in META_COLUMNS and c not in STATUS_COLUMNS and c not in param_columns
        ]
        manifest.setdefault("columns", {}).update(
            {"params": list(param_columns), "outputs": outputs, "yearly": yearly_columns}
        )
        manifest.setdefault("counts", {}).update(counts)
        self._write_manifest(manifest)
        return counts

    def _consolidate_yearly(self, part_files: Sequence[Path], runs_table: pa.Table) -> list[str]:
        target = self.path / f"{YEARLY_DIR}.partial"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        sources = []
        for runs_file in part_files:
            yearly = runs_file.with_name(
                runs_file.name.removesuffix(".runs.parquet") + ".yearly.parquet"
            )
            if yearly.exists():
                ids = pq.read_table(yearly, columns=["run_id"]).column("run_id")
                sources.append((yearly, pc.min(ids).as_py(), pc.max(ids).as_py()))
        schema = unify_schemas([pq.read_schema(s[0]) for s in sources], first=("run_id", "year"))
        if pa.types.is_null(schema.field("run_id").type):  # no successful run at all
            schema = pa.schema([("run_id", pa.int64()), ("year", pa.int64())])
        is_ok = pc.equal(runs_table.column("status"), "ok") if runs_table.num_rows else None
        ok_ids = [] if is_ok is None else runs_table.filter(is_ok).column("run_id").to_pylist()
        with pq.ParquetWriter(target / "part-0.parquet", schema) as writer:
            for start in range(0, len(ok_ids), _YEARLY_CHUNK_RUNS):
                chunk = ok_ids[start : start + _YEARLY_CHUNK_RUNS]
                lo, hi = chunk[0], chunk[-1]
                pieces = []
                for path, first, last in sources:
                    if last < lo or first > hi:
                        continue
                    table = pq.read_table(path)
                    mask = pc.and_(
                        pc.greater_equal(table.column("run_id"), lo),
                        pc.less_equal(table.column("run_id"), hi),
                    )
                    pieces.append(conform(table.filter(mask), schema))
                merged = pa.concat_tables(pieces).sort_by(
                    [("run_id", "ascending"), ("year", "ascending")]
                )
                merged = _dedupe_yearly(merged)
                writer.write_table(merged)
        for f in target.iterdir():
            with open(f, "rb+") as fh:
                os.fsync(fh.fileno())
        return [name for name in schema.names if name not in ("run_id", "year")]

    def finish(self, design_run_ids: Iterable[int], param_columns: Sequence[str] = ()) -> dict:
        """Consolidate, check every run is there, mark the store complete, drop the parts.

        Returns:
            The counts ("total", "done", "ok", "failed").

        Raises:
            StoreError: some of `design_run_ids` have no row (the store stays incomplete).
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
        self.set_status("complete", **counts)
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        return counts


def _part_number(path: Path) -> int:
    return int(path.name.split(".", 1)[0].removeprefix("part-"))


def _dedupe_sorted(table: pa.Table) -> pa.Table:
    if table.num_rows == 0:
        return table
    table = table.sort_by("run_id")
    ids = table.column("run_id").to_numpy()
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = ids[1:] != ids[:-1]
    return table if keep.all() else table.filter(pa.array(keep))


def _dedupe_yearly(table: pa.Table) -> pa.Table:
    if table.num_rows == 0:
        return table
    run = table.column("run_id").to_numpy()
    year = table.column("year").to_numpy()
    keep = np.ones(len(run), dtype=bool)
    keep[1:] = (run[1:] != run[:-1]) | (year[1:] != year[:-1])
    return table if keep.all() else table.filter(pa.array(keep))


def _order_columns(table: pa.Table, param_columns: Sequence[str]) -> pa.Table:
    """Meta columns, parameters, outputs (as they came), then the status columns."""
    names = table.column_names
    head = [c for c in (*META_COLUMNS, *param_columns) if c in names]
    tail = [c for c in STATUS_COLUMNS if c in names]
    middle = [c for c in names if c not in head and c not in tail]
    return table.select([*head, *middle, *tail])


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


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
