"""The values in a plan's steps: durations, whole numbers, option defaults, TOML dates as JSON.

Part of :mod:`prepflow.loader`, with :mod:`prepflow.plan_steps`: plain
functions on the values a step's TOML holds, none of which reports a problem
(the plan schema does).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

from prepflow.lazyre import LazyPattern
from prepflow.steptype import StepType
from prepflow.store import canonical_json

Where = tuple[str | int, ...]

_DURATION = LazyPattern(r"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(value: float | int | str) -> float:
    """Seconds from a number or a duration such as ``"90s"`` or ``"5m"``."""
    if isinstance(value, int | float):
        return float(value)
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"not a duration: {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def per_step_type(cache: dict[int, tuple[StepType, Any]], step_type: StepType, compute: Any) -> Any:
    """Memoise per StepType object; holding the object keeps its id from being reused."""
    entry = cache.get(id(step_type))
    if entry is None or entry[0] is not step_type:
        entry = cache[id(step_type)] = (step_type, compute(step_type))
    return entry[1]


schema_digests: dict[int, tuple[StepType, Any]] = {}


def schema_digest(step_type: StepType) -> str:
    return hashlib.sha256(canonical_json(step_type.config_schema)).hexdigest()


def defaults_of(step_type: StepType) -> dict[str, Any]:
    properties = step_type.config_schema.get("properties", {})
    return {
        name: spec["default"]
        for name, spec in properties.items()
        if isinstance(spec, Mapping) and "default" in spec
    }


Merge = Callable[[dict[str, Any]], dict[str, Any]]


def defaults_merge(step_type: StepType) -> Merge | None:
    """What gives a config of ``step_type`` the default of every top-level option it leaves out; None: none.

    Worked out once per step type: most defaults are plain values, merged in one
    step; tables and arrays are copied for each config, which may change them.
    """
    defaults = defaults_of(step_type)
    if not defaults:
        return None
    if all(type(v) in _SCALARS for v in defaults.values()):
        return lambda config: {**defaults, **config}
    return lambda config: with_defaults(defaults, config)


def with_defaults(defaults: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """``config`` plus the default of every top-level option it leaves out (tables and arrays copied)."""
    if all(type(v) in _SCALARS for v in defaults.values()):
        return {**defaults, **config}  # one merge in C: the usual case, where defaults are plain values
    import copy

    missing = {
        k: v if type(v) in _SCALARS else copy.deepcopy(v) for k, v in defaults.items() if k not in config
    }
    return {**missing, **config} if missing else config


_SCALARS = frozenset({str, int, float, bool, type(None)})


def whole(value: Any) -> int:
    """A whole number from TOML (``3`` or ``3.0``), else 0: the schema reports anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def jsonable(value: Any) -> Any:
    """TOML dates and times become ISO 8601 strings, so configs are plain JSON."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    # a date or time exists only once the datetime module does (a TOML parser imports it for one)
    dt = sys.modules.get("datetime")
    if dt is not None and isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def value_at(value: Any, where: Where) -> Any:
    for part in where:
        if isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
            continue
        if not (isinstance(value, Mapping) and part in value):
            return None
        value = value[part]
    return value
