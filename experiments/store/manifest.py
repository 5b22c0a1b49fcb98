"""What a store's manifest records: the design's identity (fingerprint) and the provenance.

The fingerprint is a SHA-256 over everything that decides the runs' results, so that resuming
with a different design is refused; provenance (code version, packages, host) tells a reader
how the results were made, and a resume with other code is warned about.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import socket
import subprocess
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from experiments.store.files import FORMAT, FORMAT_VERSION, dumps, now
from experiments.store.schema import META_COLUMNS, STATUS_COLUMNS

#: Packages whose versions go into the manifest (when installed).
_PACKAGES = ("numpy", "pandas", "mesa", "pyarrow", "scipy", "SALib", "dask", "distributed")


def callable_name(func: Any) -> str:
    """`module:qualname` of a function (the task recorded in the manifest)."""
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
        "task": None if task is None else callable_name(task),
        "runs": [_run_document(r) for r in design.runs],
    }
    text = dumps(doc, sort_keys=True, separators=(",", ":"))
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


def _git_version() -> dict[str, str] | None:
    repo = Path(__file__).resolve().parents[2]
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


def version_label(version: Mapping[str, Any] | None) -> str:
    """One line for a `code_version()` record: git describe, else the package version."""
    version = version or {}
    git = version.get("git") or {}
    return str(git.get("describe") or git.get("commit") or version.get("package") or "unknown")


def warn_if_code_changed(
    path: Path, started_with: Mapping[str, Any] | None, now: Mapping[str, Any]
) -> None:
    """Warn when an experiment is resumed with other code than it was started with."""
    if started_with is None or dict(started_with) == dict(now):
        return
    warnings.warn(
        f"resuming '{path}' with different code: it was started with "
        f"{version_label(started_with)} and is continued with {version_label(now)}; runs "
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


def new_manifest(
    design: Any,
    fingerprint: str,
    task: Any,
    param_columns: Sequence[str],
    session: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The manifest of a new store for `design` (status "running", nothing done)."""
    started = now()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": design.name,
        "method": design.method,
        "base_scenario": str(design.base_scenario),
        "scale": design.scale,
        "end_year": design.end_year,
        "root_seed": _root_seed(design),
        "design_fingerprint": fingerprint,
        "task": None if task is None else callable_name(task),
        "code_version": code_version(),
        **environment_info(),
        "started": started,
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
        "sessions": [{"started": started, **(session or {})}],
        "spec": design_document(design),
    }
