"""Consolidation: a store's finished batches merged into `runs.parquet` and `yearly/`.

Rows are sorted by run_id (a run written twice keeps its first copy), so the result does not
depend on which worker finished first. Yearly series are copied `YEARLY_CHUNK_RUNS` runs at a
time with `pyarrow.parquet.ParquetWriter`, so memory stays bounded however many runs there are.
Both are built under ``.partial`` names and renamed into place; if building fails (a full
disk), the partial files are removed and the parts are left as they were.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from experiments.store.files import RUNS_FILE, YEARLY_DIR, fsync_dir, fsync_file
from experiments.store.recovery import RUNS_SUFFIX, YEARLY_SUFFIX
from experiments.store.schema import (
    META_COLUMNS,
    STATUS_COLUMNS,
    conform,
    dedupe_sorted,
    dedupe_yearly,
    order_columns,
    unify_schemas,
)

#: Runs whose yearly series are merged at once.
YEARLY_CHUNK_RUNS = 256


@dataclass(frozen=True)
class Consolidated:
    """What consolidation wrote.

    Attributes:
        counts: "done", "ok" and "failed" runs.
        run_ids: Every run id in `runs.parquet`.
        outputs: Output columns of `runs.parquet`.
        yearly_columns: Series columns of `yearly/`.
    """

    counts: dict[str, int]
    run_ids: set[int]
    outputs: list[str]
    yearly_columns: list[str]


def consolidate(
    store_dir: Path, part_files: Sequence[Path], runs_table: pa.Table, param_columns: Sequence[str]
) -> Consolidated:
    """Merge the parts (`part_files`, whose rows are `runs_table`) into the final files."""
    runs_table = order_columns(dedupe_sorted(runs_table), param_columns)
    partial_runs = store_dir / f"{RUNS_FILE}.partial"
    partial_yearly = store_dir / f"{YEARLY_DIR}.partial"
    try:
        pq.write_table(runs_table, partial_runs)
        fsync_file(partial_runs)
        yearly_columns = _consolidate_yearly(partial_yearly, part_files, runs_table)
        os.replace(partial_runs, store_dir / RUNS_FILE)
        if (store_dir / YEARLY_DIR).exists():
            shutil.rmtree(store_dir / YEARLY_DIR)
        os.replace(partial_yearly, store_dir / YEARLY_DIR)
    except BaseException:
        partial_runs.unlink(missing_ok=True)
        shutil.rmtree(partial_yearly, ignore_errors=True)
        raise
    fsync_dir(store_dir)
    statuses = runs_table.column("status").to_pylist() if runs_table.num_rows else []
    n_ok = sum(1 for s in statuses if s == "ok")
    reserved = {*META_COLUMNS, *STATUS_COLUMNS, *param_columns}
    return Consolidated(
        counts={"done": runs_table.num_rows, "ok": n_ok, "failed": len(statuses) - n_ok},
        run_ids=set(runs_table.column("run_id").to_pylist()),
        outputs=[c for c in runs_table.column_names if c not in reserved],
        yearly_columns=yearly_columns,
    )


def _yearly_sources(part_files: Sequence[Path]) -> list[tuple[Path, int, int]]:
    """Each part's yearly file with the smallest and largest run id in it."""
    sources = []
    for runs_file in part_files:
        yearly = runs_file.with_name(runs_file.name.removesuffix(RUNS_SUFFIX) + YEARLY_SUFFIX)
        if yearly.exists():
            ids = pq.read_table(yearly, columns=["run_id"]).column("run_id")
            sources.append((yearly, pc.min(ids).as_py(), pc.max(ids).as_py()))
    return sources


def _ok_run_ids(runs_table: pa.Table) -> list[int]:
    if not runs_table.num_rows:
        return []
    return (
        runs_table.filter(pc.equal(runs_table.column("status"), "ok")).column("run_id").to_pylist()
    )


def _chunk(sources: list[tuple[Path, int, int]], schema: pa.Schema, lo: int, hi: int) -> pa.Table:
    """The yearly rows of runs lo..hi from every part that holds some, sorted and deduplicated."""
    pieces = []
    for path, first, last in sources:
        if last < lo or first > hi:
            continue
        table = pq.read_table(path)
        mask = pc.and_(
            pc.greater_equal(table.column("run_id"), lo), pc.less_equal(table.column("run_id"), hi)
        )
        pieces.append(conform(table.filter(mask), schema))
    merged = pa.concat_tables(pieces).sort_by([("run_id", "ascending"), ("year", "ascending")])
    return dedupe_yearly(merged)


def _consolidate_yearly(
    target: Path, part_files: Sequence[Path], runs_table: pa.Table
) -> list[str]:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    sources = _yearly_sources(part_files)
    schema = unify_schemas([pq.read_schema(s[0]) for s in sources], first=("run_id", "year"))
    if pa.types.is_null(schema.field("run_id").type):  # no successful run at all
        schema = pa.schema([("run_id", pa.int64()), ("year", pa.int64())])
    ok_ids = _ok_run_ids(runs_table)
    with pq.ParquetWriter(target / "part-0.parquet", schema) as writer:
        for start in range(0, len(ok_ids), YEARLY_CHUNK_RUNS):
            chunk = ok_ids[start : start + YEARLY_CHUNK_RUNS]
            writer.write_table(_chunk(sources, schema, chunk[0], chunk[-1]))
    for f in target.iterdir():
        fsync_file(f)
    return [name for name in schema.names if name not in ("run_id", "year")]
