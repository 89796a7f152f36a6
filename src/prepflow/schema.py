"""JSON Schema: the plan envelope, step configs, and messages people can act on.

jsonschema is thorough but slow (hundreds of microseconds per step), so plans
first go through :func:`envelope_certainly_valid`, a conservative hand check
that only ever answers "valid" when the schema would agree. Anything else goes
to jsonschema, which then reports every problem. A property test keeps the two
in agreement.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from prepflow.lazyre import LazyPattern

Problem = tuple[tuple[str | int, ...], str, bool]  # (path, message, point at the key)

_IDENT = LazyPattern(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_IDENTS = LazyPattern(r"[A-Za-z_][A-Za-z0-9_-]*(?:\n[A-Za-z_][A-Za-z0-9_-]*)*\Z")
"""Ids joined by newlines, each one an id (``$`` would also match before a final newline)."""
_USES = LazyPattern(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_DURATION = LazyPattern(r"^[0-9]+(\.[0-9]+)?(ms|s|m|h)$")
_STEP_KEYS = frozenset(
    {"uses", "name", "with", "needs", "if", "retries", "retry_delay", "timeout", "continue_on_error"}
)
_TOP_KEYS = frozenset({"plan", "plugins", "packs", "inputs", "steps", "output"})


@functools.cache
def plan_schema() -> dict[str, Any]:
    """The envelope schema, ``schemas/plan.schema.json``."""
    from importlib import resources  # only when the fast path is unsure: a run's start need not pay for it

    text = resources.files("prepflow.schemas").joinpath("plan.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _validator(schema_json: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_json))


def validator_for(schema: Mapping[str, Any]) -> Any:
    """A compiled (and cached) Draft 2020-12 validator for ``schema``."""
    return _validator(json.dumps(schema, sort_keys=True))


def check_schema(schema: Mapping[str, Any]) -> str | None:
    """Why ``schema`` is not a valid JSON Schema, or None when it is."""
    from jsonschema import Draft202012Validator, SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as e:
        return e.message
    return None


# -- the fast path --------------------------------------------------------------


def _is_str(value: Any, min_length: int = 0) -> bool:
    return isinstance(value, str) and len(value) >= min_length


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strings(value: Any, unique: bool = False) -> bool:
    if not isinstance(value, list) or not all(_is_str(v, 1) for v in value):
        return False
    return not unique or len(set(value)) == len(value)


def _names_certainly_valid(value: Any, step_ids: Mapping[str, Any]) -> bool:
    """A step id or a list of distinct ones, each matching the id pattern.

    A name that is a key of ``step_ids`` passes without a regex match: the
    envelope is only valid if every step id matches, which the caller checks.
    """
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        value = value[0]  # one name (the usual case): as if written without brackets
    if isinstance(value, str):
        return value in step_ids or bool(_IDENT.match(value))
    if not isinstance(value, list):
        return False
    seen: set[str] = set()
    for name in value:
        if not isinstance(name, str) or name in seen or (name not in step_ids and not _IDENT.match(name)):
            return False
        seen.add(name)
    return True


_USUAL_STEP_KEYS = frozenset({"uses", "with", "needs"})
_GOOD_USES: set[str] = set()


def _step_certainly_valid(step: Any, step_ids: Mapping[str, Any]) -> bool:
    if not isinstance(step, dict) or not step.keys() <= _STEP_KEYS:
        return False
    uses = step.get("uses")
    if not isinstance(uses, str):
        return False
    if uses not in _GOOD_USES:  # a plan repeats a few step types: match each once
        if not _USES.match(uses):
            return False
        if len(_GOOD_USES) < 1000:
            _GOOD_USES.add(uses)
    if "with" in step and not isinstance(step["with"], dict):
        return False
    if "needs" in step and not _names_certainly_valid(step["needs"], step_ids):
        return False
    if step.keys() <= _USUAL_STEP_KEYS:
        return True
    for key, value in step.items():
        if key == "if":
            ok = isinstance(value, str | bool)
        elif key == "retries":
            ok = _is_int(value) and 0 <= value <= 20
        elif key == "retry_delay":
            ok = _is_number(value) and 0 <= value <= 3600
        elif key == "timeout":
            ok = (_is_number(value) and value > 0) or (
                isinstance(value, str) and bool(_DURATION.match(value))
            )
        elif key == "continue_on_error":
            ok = isinstance(value, bool)
        elif key == "name":
            ok = isinstance(value, str)
        else:  # "uses", "with" and "needs", checked above
            ok = True
        if not ok:
            return False
    return True


def _input_certainly_valid(value: Any) -> bool:
    if isinstance(value, str | bool | list) or _is_number(value):
        return True
    if not isinstance(value, dict) or not value.keys() <= {"file", "files", "value", "description"}:
        return False
    if len(value.keys() & {"file", "files", "value"}) != 1:
        return False
    if "file" in value and not _is_str(value["file"], 1):
        return False
    if "files" in value and not _strings(value["files"]):
        return False
    return "description" not in value or isinstance(value["description"], str)


def envelope_certainly_valid(doc: Any) -> bool:
    """True only if ``doc`` is valid against the plan schema (False means "check fully")."""
    if not isinstance(doc, dict) or not doc.keys() <= _TOP_KEYS:
        return False
    steps = doc.get("steps")
    if not isinstance(steps, dict) or not steps:
        return False
    # one match for every id (each on a line of its own), not one per id
    ids = "\n".join(steps)
    if ids.count("\n") != len(steps) - 1 or not _IDENTS.match(ids):  # (an id holding a newline: no id)
        return False
    good_uses = _GOOD_USES
    for step in steps.values():
        # the usual step, inline (this runs once per step): a type seen before, a table of options,
        # one need or none; anything else is checked in full by _step_certainly_valid
        if (
            type(step) is dict
            and step.keys() <= _USUAL_STEP_KEYS
            and type(uses := step.get("uses")) is str
            and uses in good_uses
        ):
            config = step.get("with")
            if config is None or type(config) is dict:
                needs = step.get("needs")
                if needs is None or (
                    type(needs) is list and len(needs) == 1 and type(needs[0]) is str and needs[0] in steps
                ):
                    continue
        if not _step_certainly_valid(step, steps):
            return False
    plan = doc.get("plan", {})
    if not isinstance(plan, dict) or not plan.keys() <= {"name", "description"}:
        return False
    if "name" in plan and not _is_str(plan["name"], 1):
        return False
    if "description" in plan and not isinstance(plan["description"], str):
        return False
    if "plugins" in doc and not _strings(doc["plugins"]):
        return False
    if "packs" in doc and not _strings(doc["packs"], unique=True):
        return False
    inputs = doc.get("inputs", {})
    if not isinstance(inputs, dict):
        return False
    for name, value in inputs.items():
        if not _IDENT.match(name) or not _input_certainly_valid(value):
            return False
    output = doc.get("output", {})
    if not isinstance(output, dict) or not output.keys() <= {"dir", "formats"}:
        return False
    if "dir" in output and not _is_str(output["dir"], 1):
        return False
    return "formats" not in output or _strings(output["formats"], unique=True)


# -- readable messages ----------------------------------------------------------

_TOML_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "object": "a table",
    "array": "an array",
    "null": "nothing",
}


def toml_type(value: Any) -> str:
    """The TOML name of a value's type, with an article."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__}"


def short(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(word: str, choices: Any) -> str:
    import difflib  # only for a misspelled name

    close = difflib.get_close_matches(word, sorted(map(str, choices)), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"


def problems(
    instance: Any, schema: Mapping[str, Any], base: tuple[str | int, ...] = (), validator: Any = None
) -> Iterator[Problem]:
    """Every way ``instance`` breaks ``schema``, as located, human messages.

    ``validator``: a jsonschema validator for ``schema`` (one whose ``$ref`` reach other schemas).
    """
    validator = validator or validator_for(schema)
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
        yield from _explain(error, base)


def _explain(error: Any, base: tuple[str | int, ...]) -> Iterator[Problem]:
    path = (*base, *error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        for key in sorted(set(instance) - known):
            hint = did_you_mean(key, known)
            if not hint and known:
                hint = " (expected one of: " + ", ".join(sorted(known)) + ")"
            yield (*path, key), f"unknown key '{key}'{hint}", True
    elif kind == "required":
        missing = re.findall(r"'([^']*)' is a required property", error.message)
        for key in missing:
            yield path, f"missing required key '{key}'", True
    elif kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TOML_TYPES.get(n, n) for n in names)
        yield path, f"expected {wanted}, got {toml_type(instance)} {short(instance)}", False
    elif kind == "propertyNames":
        yield (
            (*path, instance),
            (f"'{instance}' is not a valid name: start with a letter or _, then use letters, digits, _ or -"),
            True,
        )
    elif kind == "pattern" and path[-1:] == ("uses",):
        yield (
            path,
            (
                f"'{instance}' is not a step type name: expected lowercase words joined by dots, "
                "e.g. 'job.analyze' (`prepflow steps` lists them)"
            ),
            False,
        )
    elif kind == "minProperties" and path == ("steps",):
        yield path, 'a plan needs at least one step, e.g. [steps.research] with uses = "..."', True
    elif kind in ("anyOf", "oneOf"):
        description = error.schema.get("description")
        wanted = (
            f"expected {description[0].lower()}{description[1:].rstrip('.')}"
            if description
            else error.message
        )
        if len(path) == 3 and path[0] == "steps":  # a step's option, e.g. timeout or needs
            wanted = _STEP_ALTERNATIVES.get(str(path[-1]), wanted)
        if kind == "oneOf" and isinstance(instance, dict):
            wanted = "expected exactly one of 'file', 'files' or 'value'"
        yield path, f"{wanted}; got {toml_type(instance)} {short(instance)}", False
    elif kind == "uniqueItems":
        yield path, f"{short(instance)} lists an item more than once; remove the repeats", False
    elif kind == "enum":
        options = ", ".join(short(v) for v in error.validator_value)
        yield path, f"{short(instance)} is not one of: {options}", False
    else:
        yield path, error.message, False


_STEP_ALTERNATIVES = {
    "timeout": 'expected a number of seconds greater than 0, or a duration such as "90s", "5m" or "1h"',
    "needs": "expected a step id or an array of step ids, each listed once",
}


REFERENCE: dict[str, Any] = {
    "type": "string",
    "pattern": "\\$\\{",
    "description": 'A reference, e.g. "${steps.job.outputs}": checked once resolved, when the plan runs.',
}
"""What ``prepflow validate`` accepts in place of any step option: a string holding a ``${...}``."""

_SUBSCHEMAS = ("properties", "patternProperties", "$defs")  # keyword -> {name: schema}
_SUBSCHEMA = ("additionalProperties", "items", "contains", "not", "if", "then", "else")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "deprecated", "$comment", "format"})


def allow_references(schema: Any) -> Any:
    """``schema``, where each value may also be a ``${...}`` reference, as ``prepflow validate`` allows.

    A value that is exactly one reference takes the type of what it refers to,
    so a reference is allowed wherever a value goes, at any depth; a schema that
    a reference string meets already (a plain string) is left as it is. The
    description and default stay at the top, where editors show them.
    """
    if not isinstance(schema, Mapping):
        return schema
    inner = dict(schema)
    for keyword in _SUBSCHEMAS:
        if isinstance(inner.get(keyword), Mapping):
            inner[keyword] = {name: allow_references(sub) for name, sub in inner[keyword].items()}
    for keyword in _SUBSCHEMA:
        if isinstance(inner.get(keyword), Mapping):
            inner[keyword] = allow_references(inner[keyword])
    for keyword in _SUBSCHEMA_LISTS:
        if isinstance(inner.get(keyword), list):
            inner[keyword] = [allow_references(sub) for sub in inner[keyword]]
    checks = set(inner) - _ANNOTATIONS
    if not checks or (checks == {"type"} and inner["type"] == "string"):
        return inner
    kept = {key: inner.pop(key) for key in ("description", "title", "default") if key in inner}
    return {**kept, "anyOf": [inner, REFERENCE]}


def compose_schema(plugins: Any) -> dict[str, Any]:
    """The envelope plus each installed step type's ``with`` schema, keyed on ``uses``.

    Each step type adds one ``if``/``then`` pair rather than a branch of a giant
    ``oneOf``, so editors report the error of the step type actually used.
    ``uses`` must name an installed step type, and every option may hold a
    ``${...}`` reference (see :func:`allow_references`).
    """
    import copy

    schema = copy.deepcopy(plan_schema())
    step = schema["$defs"]["step"]
    names = sorted(plugins.step_types)
    if names:
        pattern = step["properties"]["uses"]
        step["properties"]["uses"] = {
            "description": pattern.get("description", "") + " Installed: " + ", ".join(names) + ".",
            "enum": names,
        }
    step["allOf"] = []
    for name in names:
        config = dict(plugins.step_types[name].config_schema)
        config["properties"] = {
            option: allow_references(sub) for option, sub in config.get("properties", {}).items()
        }
        for keyword in ("patternProperties",):
            if isinstance(config.get(keyword), Mapping):
                config[keyword] = {k: allow_references(v) for k, v in config[keyword].items()}
        if isinstance(config.get("additionalProperties"), Mapping):
            config["additionalProperties"] = allow_references(config["additionalProperties"])
        step["allOf"].append(
            {
                "if": {"properties": {"uses": {"const": name}}, "required": ["uses"]},
                "then": {"properties": {"with": {**config, "description": plugins.step_types[name].summary}}},
            }
        )
    formats = sorted(plugins.renderers)
    if formats:
        schema["properties"]["output"]["properties"]["formats"]["items"] = {"enum": formats}
    return schema
