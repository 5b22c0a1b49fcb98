"""The result store: one directory per experiment, durable as runs finish, safe to resume.

Layout of a store directory::

    manifest.json          what was run and how: design, seeds, code and package versions,
                           host, timing, status ("running" | "interrupted" | "incomplete" |
                           "complete"), counts
    parts/                 while running: finished batches, each an atomic pair
      part-000000.yearly.parquet   yearly series of the batch's successful runs (written first)
      part-000000.runs.parquet     one row per run of the batch (written last: the commit)
    runs.parquet           after consolidation: one row per run, sorted by run_id
    yearly/part-0.parquet  after consolidation: yearly series (run_id, year, series...), sorted
    analysis/              the analyses (written before the manifest says "complete")
    quarantine/            part files found unreadable on resume (their runs were run again)
    .lock                  advisory lock held by the one process writing the store

Every file is written under a temporary name, fsynced and renamed into place, so a `kill -9`
at any moment leaves only whole files (`files`). A batch counts as done once its
`.runs.parquet` exists; what an interrupted writer leaves is cleaned, and unreadable parts are
set aside, on the next open (`recovery`). When all runs are done the parts are consolidated
chunk by chunk (`consolidate`); the manifest says "complete" only after the analyses are
written, and the parts are deleted after that. A directory that is not empty and is not this
experiment's store is never overwritten (`store`).

Modules: `files` (names, atomic writes), `schema` (Arrow tables and column order), `manifest`
(fingerprint and provenance), `recovery`, `consolidate`, `store` (`ExperimentStore`).
"""

from experiments.store.manifest import design_document, design_fingerprint
from experiments.store.schema import MEASURED_COLUMNS, META_COLUMNS, STATUS_COLUMNS
from experiments.store.store import (
    ExperimentStore,
    StoreConflictError,
    StoreError,
    read_runs,
    read_yearly,
)

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
