"""The result store: atomic parts, orphan clean-up, consolidation, refusing to overwrite."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from experiments.store import (
    ExperimentStore,
    StoreConflictError,
    design_fingerprint,
    read_runs,
    read_yearly,
)
from experiments.store import consolidate as consolidate_mod
from experiments.store import store as store_mod
from tests.experiments import support as ce


def _row(run_id: int, status: str = "ok", **outputs) -> dict:
    return {
        "run_id": run_id,
        "point_id": 0,
        "sample_id": run_id,
        "replication": 0,
        "seed": 100 + run_id,
        "x": run_id / 10,
        **outputs,
        "status": status,
        "error": None if status == "ok" else "Traceback: boom",
        "runtime_s": 0.01,
    }


def _yearly(run_id: int, years=(2020, 2021, 2022)) -> pa.Table:
    return pa.table(
        {
            "run_id": pa.array([run_id] * len(years), pa.int64()),
            "year": pa.array(list(years), pa.int64()),
            "co2_mt": [float(run_id + y - 2020) for y in years],
        }
    )


def _open(path: Path, design=None, **kw) -> ExperimentStore:
    design = design or ce.make_design(n_samples=6)
    return ExperimentStore.open_for_writing(path, design, param_columns=["x"], **kw)


def test_part_is_written_atomically_and_counts_as_done(tmp_path):
    with _open(tmp_path / "exp") as st:
        runs_file = st.write_part([_row(3), _row(1)], [_yearly(1), _yearly(3)])
        assert runs_file.exists()
        assert runs_file.with_name(runs_file.name.replace("runs", "yearly")).exists()
        leftovers = [p.name for p in st.parts_dir.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == [], f"temporary files must be renamed away, found {leftovers}"
        assert st.done_run_ids() == {1, 3}
        manifest = json.loads(st.manifest_path.read_text())
        assert manifest["status"] == "running"


def test_manifest_records_provenance(tmp_path):
    design = ce.make_design(n_samples=4)
    with _open(tmp_path / "exp", design=design, task=ce.fake_task) as st:
        m = st.manifest
    for key in ("spec", "root_seed", "code_version", "python", "packages", "host", "started"):
        assert key in m, f"manifest must record {key!r}"
    assert m["root_seed"] == 7, "the root seed comes from the design's spec"
    assert m["status"] == "running" and m["finished"] is None
    assert m["counts"]["total"] == 4
    assert m["packages"]["numpy"] and m["packages"]["pyarrow"]
    assert m["task"] == "tests.experiments.support:fake_task"
    assert m["design_fingerprint"] == design_fingerprint(design, ce.fake_task)
    assert len(m["spec"]["runs"]) == 4, "the manifest's spec holds every run"


def test_orphans_of_an_interrupted_write_are_removed_on_resume(tmp_path):
    design = ce.make_design(n_samples=6)
    path = tmp_path / "exp"
    with _open(path, design=design) as st:
        st.write_part([_row(0)], [_yearly(0)])
        parts = st.parts_dir
    # what a kill -9 can leave: a temp file mid-write, a yearly file without its runs file
    (parts / ".part-000001.runs.parquet.123.tmp").write_bytes(b"PAR1 half a file")
    pq.write_table(_yearly(1), parts / "part-000001.yearly.parquet")
    with _open(path, design=design, resume=True) as st:
        names = sorted(p.name for p in st.parts_dir.iterdir())
        assert names == ["part-000000.runs.parquet", "part-000000.yearly.parquet"], names
        assert st.done_run_ids() == {0}
        assert st.write_part([_row(1)], [_yearly(1)]).name == "part-000001.runs.parquet"


def test_consolidation_sorts_unifies_types_and_bounds_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(consolidate_mod, "YEARLY_CHUNK_RUNS", 2)
    design = ce.make_design(n_samples=6)
    with _open(tmp_path / "exp", design=design) as st:
        # batches arrive out of order; peak_year is all-null in one batch, int in another
        st.write_part([_row(4, peak_year=None), _row(5, peak_year=None)], [_yearly(4), _yearly(5)])
        st.write_part([_row(0, peak_year=2028), _row(2, "error")], [_yearly(0)])
        st.write_part(
            [_row(1, peak_year=2031.5), _row(3, peak_year=2029)], [_yearly(3), _yearly(1)]
        )
        counts = st.finish(range(6), ["x"])
        assert counts == {"done": 6, "ok": 5, "failed": 1, "total": 6}
        assert st.manifest["status"] == "running", "complete only after the analyses"
        assert st.parts_dir.exists(), "parts are kept until the store is complete"
        st.mark_complete()
        assert not st.parts_dir.exists(), "parts are removed once complete"
        assert st.manifest["status"] == "complete" and st.manifest["finished"]
    runs = read_runs(tmp_path / "exp")
    assert runs["run_id"].tolist() == list(range(6)), "rows must be sorted by run_id"
    assert list(runs.columns[:6]) == ["run_id", "point_id", "sample_id", "replication", "seed", "x"]
    assert list(runs.columns[-3:]) == ["status", "error", "runtime_s"]
    expected = pd.Series([2028.0, 2031.5, None, 2029.0, None, None], name="peak_year")
    pd.testing.assert_series_equal(runs["peak_year"], expected, check_dtype=False)
    assert pd.api.types.is_float_dtype(runs["peak_year"]), "null + int + float unify to float"
    assert runs.loc[2, "status"] == "error" and "boom" in runs.loc[2, "error"]
    yearly = read_yearly(tmp_path / "exp")
    assert yearly["run_id"].unique().tolist() == [0, 1, 3, 4, 5], "failed runs have no series"
    assert yearly.groupby("run_id")["year"].apply(list).map(len).eq(3).all()
    assert yearly.equals(yearly.sort_values(["run_id", "year"]).reset_index(drop=True))
    files = list((tmp_path / "exp" / "yearly").iterdir())
    assert pq.ParquetFile(files[0]).num_row_groups == 3, "written 2 runs per row group"
    manifest = ExperimentStore(tmp_path / "exp").manifest
    assert manifest["columns"]["params"] == ["x"]
    assert manifest["columns"]["outputs"] == ["peak_year"]
    assert manifest["columns"]["yearly"] == ["co2_mt"]


def test_finish_refuses_to_mark_complete_with_runs_missing(tmp_path):
    with _open(tmp_path / "exp") as st:
        st.write_part([_row(0)], [_yearly(0)])
        with pytest.raises(store_mod.StoreError, match="5 runs"):
            st.finish(range(6), ["x"])
        assert st.manifest["status"] == "incomplete"


def test_refuses_a_foreign_non_empty_directory(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    precious = out / "thesis.tex"
    precious.write_text("do not delete")
    for resume in (False, True):
        with pytest.raises(StoreConflictError, match="not a carbonpeak experiment store"):
            _open(out, resume=resume)
    assert precious.read_text() == "do not delete"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"], "nothing may be written"


def test_refuses_a_file_as_output(tmp_path):
    f = tmp_path / "out.txt"
    f.write_text("x")
    with pytest.raises(StoreConflictError, match="is a file"):
        _open(f)


def test_existing_store_needs_resume_and_the_same_design(tmp_path):
    path = tmp_path / "exp"
    _open(path, design=ce.make_design(n_samples=6)).close()
    with pytest.raises(StoreConflictError, match="--resume"):
        _open(path, design=ce.make_design(n_samples=6))
    with pytest.raises(StoreConflictError, match="different experiment"):
        _open(path, design=ce.make_design(n_samples=6, root_seed=8), resume=True)
    with pytest.raises(StoreConflictError, match="different experiment"):
        _open(path, design=ce.make_design(n_samples=6), resume=True, task=ce.failing_task)
    _open(path, design=ce.make_design(n_samples=6), resume=True).close()


def test_resume_on_an_empty_or_absent_directory_starts_fresh(tmp_path):
    (tmp_path / "empty").mkdir()
    for path in (tmp_path / "empty", tmp_path / "absent"):
        with _open(path, resume=True) as st:
            assert st.manifest["status"] == "running"


def test_resuming_with_other_code_warns_and_records_each_version(tmp_path, monkeypatch):
    path = tmp_path / "exp"
    _open(path).close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the same code: no warning
        _open(path, resume=True).close()
    newer = {"package": "9.9", "git": {"commit": "f" * 40, "describe": "v9.9-dirty"}}
    monkeypatch.setattr(store_mod, "code_version", lambda: newer)
    with pytest.warns(RuntimeWarning, match=r"different code: .* continued with v9\.9-dirty"):
        _open(path, resume=True).close()
    sessions = json.loads((path / "manifest.json").read_text())["sessions"]
    assert sessions[-1]["code_version"] == newer and len(sessions) == 3


def test_a_second_writer_is_locked_out(tmp_path):
    design = ce.make_design(n_samples=6)
    with _open(tmp_path / "exp", design=design):
        with pytest.raises(StoreConflictError, match="another process"):
            _open(tmp_path / "exp", design=design, resume=True)


def test_fingerprint_sees_an_edited_scenario_file(tmp_path):
    scenario = tmp_path / "mine.toml"
    scenario.write_text("[parameters]\nev_purchase_subsidy_yuan = 1000\n")
    design = dataclasses.replace(ce.make_design(n_samples=2), base_scenario=str(scenario))
    before = design_fingerprint(design)
    scenario.write_text("[parameters]\nev_purchase_subsidy_yuan = 2000\n")
    assert design_fingerprint(design) != before, "editing the scenario file changes the results"


@pytest.mark.parametrize("damage", ["truncate_runs", "garble_yearly"])
def test_resume_sets_a_damaged_part_aside_and_its_runs_are_run_again(tmp_path, damage):
    design = ce.make_design(n_samples=6)
    path = tmp_path / "exp"
    with _open(path, design=design) as st:
        st.write_part([_row(0), _row(1)], [_yearly(0), _yearly(1)])
        st.write_part([_row(2), _row(3)], [_yearly(2), _yearly(3)])
    parts = path / "parts"
    if damage == "truncate_runs":
        victim = parts / "part-000001.runs.parquet"
        victim.write_bytes(victim.read_bytes()[:40])
    else:
        victim = parts / "part-000001.yearly.parquet"
        data = bytearray(victim.read_bytes())
        data[4:40] = b"\0" * 36
        victim.write_bytes(bytes(data))
    with pytest.warns(RuntimeWarning, match=r"part-000001.runs.parquet.*cannot be read.*run again"):
        with _open(path, design=design, resume=True) as st:
            assert st.done_run_ids() == {0, 1}, "the damaged part's runs are not done"
            assert st.write_part([_row(2), _row(3)], [_yearly(2), _yearly(3)]).name == (
                "part-000002.runs.parquet"
            )
    quarantined = sorted(p.name for p in (path / "quarantine").iterdir())
    assert quarantined == ["part-000001.runs.parquet", "part-000001.yearly.parquet"]
    assert read_runs(path)["run_id"].tolist() == [0, 1, 2, 3]
