"""Call a step's function once and turn what it returned, or raised, into an outcome.

What a step returns becomes canonical JSON (its artifact), and the outputs
every later reader sees are that JSON read back: a fresh run and a cached rerun
hand dependents and the dossier the same data (an integer key is the string a
cached rerun reads, a tuple is a list). What a step raises is described in one
line, even when the exception cannot say what it is.
"""

from __future__ import annotations

import json
import json.scanner
import math
from collections.abc import Mapping
from typing import Any

from prepflow.contracts import Contracts
from prepflow.errors import StepError, describe_error
from prepflow.expressions import ref_text
from prepflow.steptype import ANY_OUTPUTS, StepContext, StepType
from prepflow.store import canonical_json

Outcome = tuple[bytes, Any] | BaseException
"""A finished attempt: its outputs (serialised, and as read back from that), or what it raised."""


def call(step_type: StepType, ctx: StepContext, contracts: Contracts) -> Outcome:
    """Run a step's function: its outputs, serialised and read back, or what it raised.

    Outputs that break the step type's output schema are an error of the step.
    """
    try:
        run = step_type.run
        outputs = step_type.function()(ctx) if isinstance(run, str) else run(ctx)
        data = serialise(step_type, outputs)
        # serialise made sure of a mapping: the default schema (any object) has nothing left to check
        if step_type.output_schema is not ANY_OUTPUTS:
            contracts.check_outputs(ctx.step_id, step_type, outputs, data)
        return data, _read_back(data)
    except BaseException as e:
        return e


# json.loads costs several microseconds of set-up per call (encoding detection, two regex matches):
# canonical JSON is UTF-8 with no whitespace, so its C scanner can read it directly
_scan: Any = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def _read_back(data: bytes) -> Any:
    """The JSON value ``data`` (canonical JSON) holds."""
    return _scan(data.decode(), 0)[0]


_STR = frozenset({str})


def serialise(step_type: StepType, outputs: Any) -> bytes:
    """The canonical JSON of a step's outputs; a StepError naming the first value JSON cannot hold."""
    # `type(...) is dict` first: isinstance against an abstract class is several times slower
    # the key types checked in C (a set of them), in Python only when one is not exactly str
    if not (type(outputs) is dict or isinstance(outputs, Mapping)) or (
        outputs and not set(map(type, outputs)) <= _STR and not all([isinstance(k, str) for k in outputs])
    ):
        raise StepError(
            f"step type '{step_type.name}' returned {type(outputs).__name__}; "
            "a step must return a mapping of output names to JSON values"
        )
    try:
        return canonical_json(outputs)
    except (TypeError, ValueError, RecursionError) as e:
        where, why = _not_json(outputs) or ((), describe_error(e))
        at = f"{ref_text(('outputs', *where))}: " if where else ""
        raise StepError(
            f"step type '{step_type.name}' returned outputs that are not JSON: {at}{why}"
        ) from None


def _not_json(value: Any, depth: int = 0) -> tuple[tuple[str | int, ...], str] | None:
    """Where in ``value`` the first thing JSON cannot hold is, and what it is (only called on failure)."""
    if depth > 200:
        return (), "values are nested more than 200 deep"
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        try:
            str(value)
        except ValueError:
            return (), "an integer too long to write out (more than 4300 digits)"
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        what = "nan" if math.isnan(value) else "infinite"
        return (), f"the number is {what} (a number too large for a float, such as 1e400, is infinite)"
    if isinstance(value, Mapping):
        keys = list(value)
        if any(not isinstance(k, str) for k in keys) and any(isinstance(k, str) for k in keys):
            odd = next(k for k in keys if not isinstance(k, str))
            return (), f"keys mix strings and {type(odd).__name__}s ({odd!r}); use string keys"
        for key in keys:
            if not isinstance(key, str | int | float | bool) and key is not None:
                return (), f"a key of type {type(key).__name__} ({_short(key)}); use string keys"
            found = _not_json(value[key], depth + 1)
            if found is not None:
                return ((str(key), *found[0]), found[1])
        return None
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _not_json(item, depth + 1)
            if found is not None:
                return ((i, *found[0]), found[1])
        return None
    return (), f"a value of type {type(value).__name__} ({_short(value)}), which JSON cannot hold"


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."
