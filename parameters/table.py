"""Render the parameter table (registry, calibration facts, scenario levers) as Markdown.

``python -m parameters.table > docs/PARAMETERS.md`` regenerates the documentation table; a test
checks that the committed file equals :func:`render_markdown`, so the table cannot drift from
the code. The output is deterministic (no dates, no environment-dependent content).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from parameters import calibration
from parameters.registry import REGISTRY, Parameter
from parameters.scenarios import list_scenarios, load_scenario, read_scenario_file

KINDS: tuple[tuple[str, str], ...] = (
    ("lever", "Levers (policies the city controls; accept `{year: value}` schedules)"),
    ("uncertainty", "Uncertainties (the world; sampled in Monte Carlo and sensitivity runs)"),
    ("constant", "Constants (technology, behaviour and emission factors; fixed per run)"),
)
#: Calibration tables that are not single ``Fact`` objects: (attribute, source attribute or
#: literal source).
_OTHER_TABLES: tuple[tuple[str, str], ...] = (
    ("URBAN_OTHER_MIX", "HEATING_MIX_SOURCE"),
    ("RURAL_CLEAN_MIX", "HEATING_MIX_SOURCE"),
    (
        "CROP_AREA_SHARE",
        "assumption: chosen so implied yields are plausible (maize 6.6 t/ha, rice 8.8 t/ha, "
        "pulses 2.2 t/ha, other grain 4.0 t/ha)",
    ),
    ("FIRM_CLASSES", "FIRM_SOURCE"),
    ("HEAT_SUPPLIER_SHARES", "HEAT_SUPPLIER_SOURCE"),
)


def fmt(value: Any) -> str:
    """Format a number compactly and without exponent for table cells.

    Args:
        value: A number (int, float or NumPy scalar) or anything printable.

    Returns:
        Integers without decimals, other floats with up to 10 significant digits.
    """
    if hasattr(value, "item") and not isinstance(value, int | float):
        value = value.item()  # NumPy scalars
    if isinstance(value, bool):
        return str(value).lower()
    if not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(float(value), ".10g")
    if "e" in text:
        text = format(float(value), ".12f").rstrip("0").rstrip(".")
    return text


def fmt_value(value: Any) -> str:
    """Format a constant or a ``{year: value}`` schedule, e.g. ``2020: 0 → 2023: 60``."""
    if isinstance(value, Mapping):
        return " → ".join(f"{year}: {fmt(v)}" for year, v in value.items())
    return fmt(value)


def _cell(text: str) -> str:
    """Make text safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return the lines of a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _distribution(p: Parameter) -> str:
    """Describe how a parameter is sampled (uncertainties only)."""
    if p.kind != "uncertainty":
        return "—"
    if p.distribution == "triangular":
        return f"triangular (mode {fmt(p.mode)})"
    return p.distribution or "uniform"


def _groups(params: Iterable[Parameter]) -> dict[str, list[Parameter]]:
    """Group parameters by ``group`` in order of first appearance."""
    groups: dict[str, list[Parameter]] = {}
    for p in params:
        groups.setdefault(p.group, []).append(p)
    return groups


def registry_section() -> list[str]:
    """Return the Markdown lines of the registry table, grouped by kind, then group."""
    counts = {kind: sum(p.kind == kind for p in REGISTRY.values()) for kind, _ in KINDS}
    lines = [
        "## 1 Parameter registry",
        "",
        f"{len(REGISTRY)} parameters: {counts['lever']} levers, {counts['uncertainty']} "
        f"uncertainties, {counts['constant']} constants (`parameters/registry_data/*.toml`). "
        "Defaults are the 2020 values (policies as in force in 2020). Every value given to the "
        "model "
        "(scenario file, `--set`, sweep spec, UI) is validated against the range. Sources "
        "marked `assumption:` have no public figure behind them; `FACTS` is "
        "`shared/data/FACTS.md`.",
    ]
    header = (
        "name", "label (EN) / label_zh", "unit", "default", "range", "distribution", "source",
    )  # fmt: skip
    for kind, title in KINDS:
        params = [p for p in REGISTRY.values() if p.kind == kind]
        if not params:
            continue
        lines += ["", f"### {title}"]
        for group, members in _groups(params).items():
            lines += ["", f"#### {kind}: {group}", ""]
            lines += _table(
                header,
                (
                    (
                        f"`{p.name}`",
                        f"{p.label} / {p.label_zh}",
                        p.unit,
                        fmt(p.default),
                        f"[{fmt(p.low)}, {fmt(p.high)}]" + (" (int)" if p.dtype == "int" else ""),
                        _distribution(p),
                        p.source,
                    )
                    for p in members
                ),
            )
    return lines


def _facts() -> list[tuple[str, calibration.Fact]]:
    """Every ``Fact`` in ``parameters.calibration`` (also inside dicts), in module order."""
    found: list[tuple[str, calibration.Fact]] = []
    for name, value in vars(calibration).items():
        if name.startswith("_"):
            continue
        if isinstance(value, calibration.Fact):
            found.append((name, value))
        elif isinstance(value, Mapping):
            found += [
                (f"{name}[{key}]", v) for key, v in value.items() if isinstance(v, calibration.Fact)
            ]
    return found


def calibration_section() -> list[str]:
    """Return the Markdown lines of the calibration facts, tables and firm classes."""
    lines = [
        "## 2 Calibration data",
        "",
        "Tables (not single numbers) of `parameters/calibration.py`: county populations, crops, "
        "firm classes, heat companies and the mixes within registry shares. Census and "
        "agricultural figures are reproduced exactly at any allowed scale.",
        "",
        "### 2.1 Facts",
        "",
    ]
    lines += _table(
        ("name", "value", "unit", "source"),
        ((f"`{name}`", fmt(f.value), f.unit, f.source) for name, f in _facts()),
    )
    lines += ["", "### 2.2 Shares and small tables", ""]
    rows = [
        (f"`{attr}`", _describe(getattr(calibration, attr)), getattr(calibration, source, source))
        for attr, source in _OTHER_TABLES
    ]
    lines += _table(("name", "value", "source"), rows)
    return lines


def _describe(value: Any) -> str:
    """Render a calibration table value (mapping, sequence or number) on one line."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_describe(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    return fmt(value)


def scenario_section() -> list[str]:
    """Return the Markdown lines of the lever values set by each built-in scenario."""
    names = list_scenarios()
    values = {name: load_scenario(name) for name in names}
    lines = ["## 3 Built-in scenarios", ""]
    for name in names:
        data = read_scenario_file(name)
        extends = f" Extends `{data['extends']}`." if "extends" in data else ""
        zh = f" ({data['description_zh']})" if "description_zh" in data else ""
        lines.append(f"- `{name}`{zh}: {data.get('description', '')}{extends}")
    lines += [
        "",
        "Values each scenario sets (including those it inherits through `extends`); `—` means "
        "the registry default applies. A schedule `2020: a → 2023: b` holds each value from "
        "its year until the next entry (`parameters.value_in_year`).",
        "",
    ]
    set_anywhere = {n for v in values.values() for n in v}
    rows = [
        (
            f"`{p.name}`",
            p.unit,
            fmt(p.default),
            *(fmt_value(values[s][p.name]) if p.name in values[s] else "—" for s in names),
        )
        for p in REGISTRY.values()
        if p.kind == "lever" or p.name in set_anywhere
    ]
    lines += _table(("parameter", "unit", "default", *(f"`{s}`" for s in names)), rows)
    return lines


def render_markdown() -> str:
    """Return the full parameter document (``docs/PARAMETERS.md``) as Markdown.

    Returns:
        The registry grouped by kind and group, the calibration facts and firm classes with
        their sources, and the lever values of every built-in scenario; ends with a newline.
    """
    lines = [
        "# carbonpeak parameters",
        "",
        "<!-- Generated by `python -m parameters.table > docs/PARAMETERS.md`; do not edit by "
        "hand. tests/test_docs.py fails when this file and the code disagree. -->",
        "",
        "Every number the model reads, with its unit, range and source. The model itself is "
        "described in [ODD.md](ODD.md).",
        "",
        *registry_section(),
        "",
        *calibration_section(),
        "",
        *scenario_section(),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write the parameter document to standard output.

    Returns:
        Process exit status (0).
    """
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    sys.stdout.write(render_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
