"""What one user has set: a base scenario, lever changes and assumptions, and their exchange forms.

A `Settings` value is immutable and hashable, so it can key caches and drive Solara's reactive
state. Lever changes are "from year X, value V" (`step`), a linear `ramp` from the base
scenario's value in year X to V in year Y, or a `schedule` taken as is from an uploaded file or
a link. Everything a user gives is checked against the registry (`parameters.validate_value`);
nothing is half-applied.

Exchange forms: a query string for shareable links (`to_query` / `from_query`), a scenario TOML
the command line loads (`to_toml`), and an uploaded TOML read with `tomllib` (`parse_upload`).
"""

from __future__ import annotations

import functools
import json
import math
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

from parameters import (
    REGISTRY,
    ParameterError,
    list_scenarios,
    load_scenario,
    read_scenario_file,
    validate_value,
    value_in_year,
)

Mode = Literal["step", "ramp", "schedule"]
Value = float | int | dict[int, float]

BASE_YEAR = 2020
LAST_YEAR = 2060
#: The year a new setting starts from unless the user says otherwise (policies decided now).
DEFAULT_START_YEAR = 2026
#: The default end of a ramp.
DEFAULT_RAMP_END_YEAR = 2030
#: Largest scenario file accepted for upload (bytes); the built-ins are under 2 KiB.
MAX_UPLOAD_BYTES = 64 * 1024
#: Query keys that are not parameter names.
_QUERY_KEYS = ("preset", "lang")


def _freeze(value: Value) -> float | int | tuple[tuple[int, float], ...]:
    return tuple(value.items()) if isinstance(value, dict) else value


def _thaw(value: Any) -> Value:
    return dict(value) if isinstance(value, tuple) else value


@dataclass(frozen=True, slots=True)
class LeverSetting:
    """One lever's change against the base scenario.

    Attributes:
        mode: ``step`` (value from ``start`` on), ``ramp`` (linear from the base value in
            ``start`` to ``value`` in ``end``, held after) or ``schedule`` (``raw`` as is).
        value: The new value (step, ramp).
        start: First year of the change.
        end: Last year of a ramp.
        raw: A number or frozen ``((year, value), ...)`` schedule (mode ``schedule``).
    """

    mode: Mode = "step"
    value: float = 0.0
    start: int = DEFAULT_START_YEAR
    end: int = DEFAULT_RAMP_END_YEAR
    raw: float | int | tuple[tuple[int, float], ...] | None = None

    def effective(self, name: str, base: Value) -> Value:
        """The lever's value (number or schedule) given its value in the base scenario.

        Raises:
            ParameterError: If the result is not allowed for ``name``.
        """
        p = REGISTRY[name]
        if self.mode == "schedule":
            return validate_value(name, _thaw(self.raw))
        if not p.schedulable or (self.mode == "step" and self.start <= BASE_YEAR):
            return validate_value(name, self.value)
        before = {y: v for y, v in _schedule(base).items() if y < self.start}
        if self.mode == "step":
            return validate_value(name, {**before, self.start: self.value})
        if self.end <= self.start:
            raise ParameterError(
                f"{name}: a ramp must end after it starts (got {self.start}-{self.end})"
            )
        first = value_in_year(base, self.start)
        ramp = {}
        for year in range(self.start, self.end + 1):
            v = first + (self.value - first) * (year - self.start) / (self.end - self.start)
            ramp[year] = round(v) if p.dtype == "int" else round(v, 10)
        return validate_value(name, {**before, **ramp})


@functools.lru_cache(maxsize=16)
def builtin_values(name: str) -> tuple[tuple[str, Any], ...]:
    """A built-in scenario's values, frozen (read once: every render of a page needs them)."""
    return tuple(sorted((k, _freeze(v)) for k, v in load_scenario(name).items()))


def _schedule(value: Value) -> dict[int, float]:
    return dict(value) if isinstance(value, dict) else {BASE_YEAR: value}


@dataclass(frozen=True, slots=True)
class Settings:
    """A user's whole setting: base scenario, lever changes and assumptions.

    Attributes:
        base: A built-in scenario name, or ``"uploaded"`` for ``uploaded``.
        uploaded: The values of an uploaded scenario (frozen), if ``base == "uploaded"``.
        uploaded_name: The uploaded scenario's name.
        levers: Lever name -> change, sorted by name.
        assumptions: Uncertainty name -> value, sorted by name.
    """

    base: str = "plan"
    uploaded: tuple[tuple[str, Any], ...] = ()
    uploaded_name: str = ""
    levers: tuple[tuple[str, LeverSetting], ...] = ()
    assumptions: tuple[tuple[str, float], ...] = field(default=())

    # -------------------------------------------------------------- derived values
    def base_values(self) -> dict[str, Value]:
        """The values the base scenario sets (not the registry defaults it leaves alone)."""
        frozen = self.uploaded if self.base == "uploaded" else builtin_values(self.base)
        return {k: _thaw(v) for k, v in frozen}

    def base_value(self, name: str) -> Value:
        """A parameter's value in the base scenario (its registry default if not set)."""
        return self.base_values().get(name, REGISTRY[name].default)

    def lever(self, name: str) -> LeverSetting | None:
        """The change of lever ``name``, if any."""
        return dict(self.levers).get(name)

    def assumption(self, name: str) -> float | None:
        """The value the user gave uncertainty ``name``, if any."""
        return dict(self.assumptions).get(name)

    def overrides(self) -> dict[str, Value]:
        """Every value on top of the registry defaults: base scenario, levers, assumptions."""
        values = self.base_values()
        for name, setting in self.levers:
            values[name] = setting.effective(name, values.get(name, REGISTRY[name].default))
        for name, value in self.assumptions:
            values[name] = validate_value(name, value)
        return values

    def changes(self) -> dict[str, Value]:
        """Only what the user changed against the base scenario (levers and assumptions)."""
        full = self.overrides()
        return {name: full[name] for name in (*dict(self.levers), *dict(self.assumptions))}

    def key(self) -> str:
        """A canonical text of the resulting values, equal for equal model inputs."""
        values = {k: _json_value(v) for k, v in sorted(self.overrides().items())}
        return json.dumps(values, sort_keys=True)

    # -------------------------------------------------------------- edits
    def with_base(self, name: str) -> Settings:
        """A fresh setting on built-in scenario ``name`` (changes cleared)."""
        if name not in list_scenarios():
            raise ParameterError(f"unknown scenario {name!r}; built-ins are {list_scenarios()}")
        return Settings(base=name)

    def with_uploaded(self, name: str, values: Mapping[str, Value]) -> Settings:
        """A fresh setting on uploaded values (changes cleared)."""
        frozen = tuple(sorted((k, _freeze(v)) for k, v in values.items()))
        return Settings(base="uploaded", uploaded=frozen, uploaded_name=name)

    def with_lever(self, name: str, setting: LeverSetting | None) -> Settings:
        """This setting with lever ``name`` changed (``None`` returns it to the base).

        Raises:
            ParameterError: If the change is not allowed (nothing changes then).
        """
        if setting is not None:
            setting.effective(name, self.base_value(name))
        levers = {k: v for k, v in self.levers if k != name}
        if setting is not None:
            levers[name] = setting
        return replace(self, levers=tuple(sorted(levers.items())))

    def with_assumption(self, name: str, value: float | None) -> Settings:
        """This setting with uncertainty ``name`` set (``None`` returns it to the base).

        Raises:
            ParameterError: If the value is not allowed (nothing changes then).
        """
        if value is not None:
            value = validate_value(name, value)
        values = {k: v for k, v in self.assumptions if k != name}
        if value is not None:
            values[name] = value
        return replace(self, assumptions=tuple(sorted(values.items())))

    def reset(self) -> Settings:
        """The base scenario with no changes."""
        return replace(self, levers=(), assumptions=())


def _json_value(value: Value) -> Any:
    if isinstance(value, dict):
        return {str(y): v for y, v in value.items()}
    return value


# ------------------------------------------------------------------ links
def _format_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _encode(setting: LeverSetting) -> str:
    if setting.mode == "step":
        return f"{_format_number(setting.value)}@{setting.start}"
    if setting.mode == "ramp":
        return f"{_format_number(setting.value)}@{setting.start}-{setting.end}"
    raw = _thaw(setting.raw)
    if isinstance(raw, dict):
        return ",".join(f"{y}:{_format_number(v)}" for y, v in raw.items())
    return _format_number(raw)


def _number(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise ValueError(text)
    return x


def _decode(text: str) -> LeverSetting:
    """Parse ``V@Y``, ``V@Y-Z``, ``V`` or ``Y:V,Y:V`` (raises ValueError)."""
    if "@" in text:
        value, years = text.split("@", 1)
        if "-" in years:
            start, end = years.split("-", 1)
            return LeverSetting("ramp", _number(value), int(start), int(end))
        return LeverSetting("step", _number(value), int(years))
    if ":" in text:
        pairs = [item.split(":", 1) for item in text.split(",")]
        return LeverSetting("schedule", raw=tuple((int(y), _number(v)) for y, v in pairs))
    return LeverSetting("schedule", raw=_number(text))


def to_query(settings: Settings, lang: str) -> str:
    """The query string of a link that restores ``settings`` (and the language)."""
    items: list[tuple[str, str]] = [("lang", lang)]
    levers = dict(settings.levers)
    assumptions = dict(settings.assumptions)
    if settings.base == "uploaded":
        # A link names a built-in base; an upload's values sit on the registry defaults, so
        # every parameter BAU sets that the upload does not goes back to its default.
        items.append(("preset", "bau"))
        uploaded = dict(settings.uploaded)
        for name, _ in builtin_values("bau"):
            uploaded.setdefault(name, REGISTRY[name].default)
        for name, value in uploaded.items():
            if REGISTRY[name].kind == "uncertainty":
                assumptions.setdefault(name, value)
            elif name not in levers:
                levers[name] = LeverSetting("schedule", raw=value)
    else:
        items.append(("preset", settings.base))
    items += [(name, _encode(s)) for name, s in sorted(levers.items())]
    items += [(name, _format_number(v)) for name, v in sorted(assumptions.items())]
    return urlencode(items, safe="@:,")


def from_query(query: str | None) -> tuple[Settings, str | None, list[str]]:
    """Settings, language and problems from a link's query string.

    Bad entries are left out, each with a one-line problem; the rest applies.
    """
    settings, lang, problems = Settings(), None, []
    pairs = parse_qsl(query or "", keep_blank_values=True)
    for key, text in pairs:
        if key == "lang":
            lang = text if text in ("zh", "en") else None
        elif key == "preset":
            try:
                settings = settings.with_base(text)
            except ParameterError as e:
                problems.append(str(e))
    for key, text in pairs:
        if key in _QUERY_KEYS:
            continue
        try:
            p = REGISTRY.get(key)
            if p is None:
                validate_value(key, 0)  # raises with the did-you-mean message
            elif p.kind == "lever":
                settings = settings.with_lever(key, _decode(text))
            elif p.kind == "uncertainty":
                settings = settings.with_assumption(key, _number(text))
            else:
                raise ParameterError(f"{key} is a constant of the model and cannot be set here")
        except ParameterError as e:
            problems.append(str(e))
        except ValueError:
            problems.append(f"{key}: {text!r} is not a value this app understands")
    return settings, lang, problems


# ------------------------------------------------------------------ scenario files
def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml_value(value: Value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{y} = {_format_number(v)}" for y, v in value.items()) + " }"
    return _format_number(value)


def to_toml(settings: Settings, name: str, description: str) -> str:
    """A scenario file for ``settings`` that ``carbonpeak run --scenario FILE`` loads.

    A built-in base is named with ``extends``; an uploaded base is written out in full.
    """
    lines = [f"name = {_toml_string(name)}", f"description = {_toml_string(description)}"]
    if settings.base == "uploaded":
        values = settings.overrides()
    else:
        lines.append(f"extends = {_toml_string(settings.base)}")
        values = settings.changes()
    lines += ["", "[parameters]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in sorted(values.items())]
    return "\n".join(lines) + "\n"


def check_upload_size(size: int) -> None:
    """Refuse a file larger than `MAX_UPLOAD_BYTES`.

    Raises:
        ParameterError: Naming the size and the limit.
    """
    if size > MAX_UPLOAD_BYTES:
        raise ParameterError(
            f"the file has {size:,} bytes; scenario files up to {MAX_UPLOAD_BYTES:,} bytes are"
            " accepted"
        )


def parse_upload(data: bytes) -> tuple[str, dict[str, Value]]:
    """The name and values of an uploaded scenario file.

    Raises:
        ParameterError: Too large, not UTF-8 text, not TOML, or a value the registry refuses.
    """
    check_upload_size(len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ParameterError("the file is not UTF-8 text; expected a scenario TOML") from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "uploaded.toml"
        path.write_text(text, encoding="utf-8")
        try:
            name = str(read_scenario_file(path).get("name", "uploaded"))
            values = load_scenario(path)
        except ParameterError as e:
            raise ParameterError(str(e).replace(str(path), "uploaded file")) from None
    return name, values
