"""The documentation cannot drift from the code: parameter table and ODD coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parameters import REGISTRY, levers
from parameters.table import fmt, fmt_value, render_markdown
from simulation.kpis import KPI_NAMES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DESIGN = ROOT.parent / "shared" / "DESIGN.md"
REGENERATE = "regenerate it with: python -m parameters.table > docs/PARAMETERS.md"


@pytest.fixture(scope="module")
def parameters_md() -> str:
    return (DOCS / "PARAMETERS.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def odd_md() -> str:
    return (DOCS / "ODD.md").read_text(encoding="utf-8")


def test_parameters_md_is_generated_from_code(parameters_md: str) -> None:
    assert parameters_md == render_markdown(), f"docs/PARAMETERS.md is out of date; {REGENERATE}"


def test_every_registry_parameter_is_in_the_table(parameters_md: str) -> None:
    missing = [name for name in REGISTRY if f"`{name}`" not in parameters_md]
    assert not missing, f"not in docs/PARAMETERS.md: {missing}; {REGENERATE}"


def test_every_lever_is_in_odd(odd_md: str) -> None:
    missing = [p.name for p in levers() if p.name not in odd_md]
    assert not missing, f"levers not described in docs/ODD.md: {missing}"


def test_model_has_every_design_kpi() -> None:
    if not DESIGN.is_file():  # CI always has shared/ beside the repo; a bare clone may not
        pytest.skip("shared/DESIGN.md not beside the repository")
    text = DESIGN.read_text(encoding="utf-8")
    block = text.split("KPI names", 1)[1].split("- Every input", 1)[0]
    missing = set(re.findall(r"`([a-z0-9_]+)`", block)) - set(KPI_NAMES)
    assert not missing, f"DESIGN section 4 KPIs the model does not compute: {sorted(missing)}"


def test_model_kpis_are_in_odd(odd_md: str) -> None:
    missing = [k for k in KPI_NAMES if k not in odd_md]
    assert not missing, f"KPIs not described in docs/ODD.md: {missing}"


def test_odd_links_the_parameter_table(odd_md: str) -> None:
    assert "](PARAMETERS.md)" in odd_md


def test_calibration_heating_options_match_the_agents() -> None:
    from agents.heating import HEATING_NAMES
    from parameters.calibration import HEATING_OPTIONS

    assert HEATING_OPTIONS == HEATING_NAMES


def test_validation_md_is_generated_from_code() -> None:
    from experiments.validation_report import render

    checks, markdown = render()
    assert all(c.passed for c in checks), [c.check for c in checks if not c.passed]
    assert (DOCS / "VALIDATION.md").read_text(encoding="utf-8") == markdown, (
        "docs/VALIDATION.md is out of date; regenerate it with: "
        "carbonpeak validate --markdown docs/VALIDATION.md"
    )


def test_value_formatting() -> None:
    assert fmt(15000.0) == "15000"
    assert fmt(0.8325) == "0.8325"
    assert fmt(1.5e6) == "1500000"
    assert fmt(True) == "true"
    assert fmt_value({2020: 0, 2023: 60}) == "2020: 0 → 2023: 60"
