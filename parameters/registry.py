"""The parameter registry: every lever, uncertainty and constant the model reads.

The declarations live in the TOML files of ``registry_data/`` beside this module, one file per
domain (one table per parameter: kind, group, unit, default, range, labels, help, source and
optional dtype, distribution, mode, schedulable); this module loads them once, checks them
(a name declared twice is refused) and exposes them read-only. The CLI, scenario files,
sweep specs, the UI and the ODD table all read this registry. Defaults are the 2020 values
(policies as in force in 2020; the ``bau`` scenario lets 2020 measures run out as legislated).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

Kind = Literal["lever", "uncertainty", "constant"]
DType = Literal["float", "int"]
Distribution = Literal["uniform", "triangular", "normal", "lognormal"]

REGISTRY_DIR = Path(__file__).with_name("registry_data")
#: The registry files in declaration order (levers first, then uncertainties, then constants).
REGISTRY_FILES: tuple[str, ...] = (
    "levers", "uncertainties", "fuels", "power", "buildings", "transport", "agriculture",
    "industry", "new_industry", "economy", "prices", "behaviour", "peak",
)  # fmt: skip
_KINDS = ("lever", "uncertainty", "constant")
_DISTRIBUTIONS = ("uniform", "triangular", "normal", "lognormal")
_KEYS = {"kind", "group", "unit", "default", "range", "dtype", "distribution", "mode", "label",
         "label_zh", "help", "help_zh", "source", "schedulable"}  # fmt: skip
#: The sectors levers are grouped by (sliders, tables), with English and Chinese names.
LEVER_SECTORS: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "energy": ("Energy", "能源"),
        "industry": ("Industry", "工业"),
        "new_industry": ("New industry", "新兴产业"),
        "buildings_heating": ("Buildings and heating", "建筑与供暖"),
        "transport": ("Transport", "交通"),
        "agriculture_straw": ("Agriculture and straw", "农业与秸秆"),
        "carbon_market": ("Carbon market", "碳市场"),
    }
)


@dataclass(frozen=True, slots=True)
class Parameter:
    """One model input with its unit, default, allowed range and provenance.

    Attributes:
        name: Stable identifier used by scenarios, ``--set``, sweep specs and the UI.
        unit: Physical or monetary unit.
        default: Business-as-usual value.
        low: Lowest allowed value (inclusive).
        high: Highest allowed value (inclusive).
        kind: ``lever`` (the city controls it), ``uncertainty`` (the world) or ``constant``.
        group: Sector used to group sliders and tables (for levers, a key of
            ``LEVER_SECTORS``).
        label: Short English label.
        label_zh: Short Chinese label.
        help: One or two English sentences for users (levers and uncertainties).
        help_zh: The same in Chinese.
        source: Citation, or ``assumption: why``.
        dtype: ``float`` or ``int``.
        distribution: Sampling distribution for uncertainties (``None`` means uniform).
        mode: Mode of a triangular distribution.
        allow_schedule: False for levers that take one value only (e.g. a ban year).
    """

    name: str
    unit: str
    default: float
    low: float
    high: float
    kind: Kind
    group: str
    label: str
    label_zh: str
    source: str
    help: str = ""
    help_zh: str = ""
    dtype: DType = "float"
    distribution: Distribution | None = None
    mode: float | None = None
    allow_schedule: bool = True

    @property
    def schedulable(self) -> bool:
        """Whether a ``{year: value}`` schedule is accepted (levers, unless told otherwise)."""
        return self.kind == "lever" and self.allow_schedule


def _parameter(name: str, entry: dict[str, Any]) -> Parameter:
    """Build and check one declaration; raise with the parameter's name on any defect."""
    unknown = set(entry) - _KEYS
    missing = {"kind", "group", "unit", "default", "range", "label", "label_zh", "source"} - set(
        entry
    )
    if unknown or missing:
        raise RuntimeError(f"registry entry {name!r}: unknown {unknown or '{}'}, missing {missing}")
    low, high = entry["range"]
    p = Parameter(
        name=name,
        unit=entry["unit"],
        default=entry["default"],
        low=low,
        high=high,
        kind=entry["kind"],
        group=entry["group"],
        label=entry["label"],
        label_zh=entry["label_zh"],
        source=entry["source"],
        help=entry.get("help", ""),
        help_zh=entry.get("help_zh", ""),
        dtype=entry.get("dtype", "float"),
        distribution=entry.get("distribution"),
        mode=entry.get("mode"),
        allow_schedule=entry.get("schedulable", True),
    )
    problems = [
        not name.isidentifier() and "name is not an identifier",
        p.kind not in _KINDS and f"kind must be one of {_KINDS}",
        p.dtype not in ("float", "int") and "dtype must be float or int",
        p.distribution not in (None, *_DISTRIBUTIONS) and f"distribution not in {_DISTRIBUTIONS}",
        not p.low <= p.default <= p.high and "default outside range",
        p.mode is not None and not p.low <= p.mode <= p.high and "mode outside range",
        not p.source.strip() and "no source or assumption",
        p.kind == "lever"
        and p.group not in LEVER_SECTORS
        and f"a lever's group must be one of {tuple(LEVER_SECTORS)}",
        p.kind != "constant"
        and not (p.help.strip() and p.help_zh.strip())
        and "levers and uncertainties need help and help_zh",
    ]
    if any(problems):
        raise RuntimeError(f"registry entry {name!r}: {'; '.join(x for x in problems if x)}")
    return p


def load_registry(directory: Path = REGISTRY_DIR) -> MappingProxyType[str, Parameter]:
    """Load and check every registry file; a name declared in two files is an error."""
    params: dict[str, Parameter] = {}
    for stem in REGISTRY_FILES:
        path = directory / f"{stem}.toml"
        if not path.exists():
            continue
        for name, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if name in params:
                raise RuntimeError(f"registry entry {name!r} is declared twice ({path.name})")
            params[name] = _parameter(name, entry)
    unknown = {p.stem for p in directory.glob("*.toml")} - set(REGISTRY_FILES)
    if unknown:
        raise RuntimeError(f"registry files {sorted(unknown)} are not in REGISTRY_FILES")
    return MappingProxyType(params)


REGISTRY: MappingProxyType[str, Parameter] = load_registry()


def levers() -> list[Parameter]:
    """Return the levers in declaration order."""
    return [p for p in REGISTRY.values() if p.kind == "lever"]


def uncertainties() -> list[Parameter]:
    """Return the uncertainties in declaration order."""
    return [p for p in REGISTRY.values() if p.kind == "uncertainty"]
