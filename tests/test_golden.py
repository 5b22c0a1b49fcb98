"""Golden baseline: a change in results fails until ``tests/golden/baseline.py`` is rerun."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from parameters import list_scenarios

_SPEC = importlib.util.spec_from_file_location(
    "golden_baseline", Path(__file__).with_name("golden") / "baseline.py"
)
golden = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(golden)

UPDATE = "if the change is intended, run `make golden` and say in the commit what changed and why"


def _compare_json(expected, actual, path="summary"):
    """Yield one line per difference between two JSON values (floats to ``RTOL``)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual or key not in expected:
                yield f"{path}.{key}: only in {'baseline' if key in expected else 'this run'}"
            else:
                yield from _compare_json(expected[key], actual[key], f"{path}.{key}")
    elif isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            yield from _compare_json(e, a, f"{path}[{i}]")
    elif (
        isinstance(expected, float)
        and isinstance(actual, int | float)
        and not isinstance(actual, bool)
    ):
        if not math.isclose(expected, actual, rel_tol=golden.RTOL, abs_tol=1e-12):
            yield f"{path}: baseline {expected!r}, now {actual!r}"
    elif expected != actual:
        yield f"{path}: baseline {expected!r}, now {actual!r}"


@pytest.mark.parametrize("scenario", list_scenarios())
def test_results_match_the_golden_baseline(scenario):
    yearly, summary = golden.run(scenario)
    expected = pd.read_csv(golden.yearly_path(scenario))
    added = sorted(set(yearly.columns) - set(expected.columns))
    removed = sorted(set(expected.columns) - set(yearly.columns))
    assert not added and not removed, (
        f"{scenario}: yearly columns added {added}, removed {removed}; {UPDATE}"
    )
    assert len(yearly) == len(expected), f"{scenario}: {len(yearly)} years, not {len(expected)}"
    diffs = []
    for column in expected.columns:
        a = yearly[column].to_numpy(dtype=float)
        e = expected[column].to_numpy(dtype=float)
        bad = ~np.isclose(a, e, rtol=golden.RTOL, atol=1e-12, equal_nan=True)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            year = int(expected["year"].iloc[i])
            diffs.append(
                f"{column} in {year}: baseline {float(e[i])!r}, now {float(a[i])!r} "
                f"({bad.sum()} years)"
            )
    assert not diffs, f"{scenario}: yearly results changed; {UPDATE}:\n" + "\n".join(diffs[:20])
    baseline = json.loads(golden.summary_path(scenario).read_text(encoding="utf-8"))
    summary_diffs = list(_compare_json(baseline, summary))
    assert not summary_diffs, f"{scenario}: summary changed; {UPDATE}:\n" + "\n".join(
        summary_diffs[:20]
    )
