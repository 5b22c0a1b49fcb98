"""Arrow tables of a result store: run rows to tables, one schema across batches, stable order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from experiments.store.files import dumps

#: Columns that identify a run, first in `runs.parquet`.
META_COLUMNS: tuple[str, ...] = ("run_id", "point_id", "sample_id", "replication", "seed")
#: Columns that describe how a run went, last in `runs.parquet`.
STATUS_COLUMNS: tuple[str, ...] = ("status", "error", "runtime_s", "worker_peak_rss_mib")
#: Status columns measured on the machine, which differ between executions of the same run.
MEASURED_COLUMNS: tuple[str, ...] = ("runtime_s", "worker_peak_rss_mib")


def _cell(value: Any) -> Any:
    """Normalise one run-table cell to None, bool, int, float or str."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (Mapping, list, tuple)):
        return dumps(value, sort_keys=True)
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


def dedupe_sorted(table: pa.Table) -> pa.Table:
    """Sort by run_id and keep the first row of each run."""
    if table.num_rows == 0:
        return table
    table = table.sort_by("run_id")
    ids = table.column("run_id").to_numpy()
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = ids[1:] != ids[:-1]
    return table if keep.all() else table.filter(pa.array(keep))


def dedupe_yearly(table: pa.Table) -> pa.Table:
    """Keep the first row of each (run_id, year) of a table sorted by both."""
    if table.num_rows == 0:
        return table
    run = table.column("run_id").to_numpy()
    year = table.column("year").to_numpy()
    keep = np.ones(len(run), dtype=bool)
    keep[1:] = (run[1:] != run[:-1]) | (year[1:] != year[:-1])
    return table if keep.all() else table.filter(pa.array(keep))


def order_columns(table: pa.Table, param_columns: Sequence[str]) -> pa.Table:
    """Meta columns, parameters, outputs (as they came), then the status columns."""
    names = table.column_names
    head = [c for c in (*META_COLUMNS, *param_columns) if c in names]
    tail = [c for c in STATUS_COLUMNS if c in names]
    middle = [c for c in names if c not in head and c not in tail]
    return table.select([*head, *middle, *tail])
