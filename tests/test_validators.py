"""Compiled schema checks agree with jsonschema, the reference, on the option schemas plans use most."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepflow.validators import compile_schema

SCHEMAS: list[dict[str, Any]] = [
    {"type": "string", "minLength": 1},
    {"type": "string", "minLength": 2, "maxLength": 4, "description": "A code."},
    {"type": "string", "maxLength": 3},
    {"type": "integer", "minimum": 1, "default": 10},
    {"type": "integer", "minimum": -2, "maximum": 2.5},
    {"type": "integer", "maximum": 0},
    {"type": "array", "items": {"type": "string"}},
    {"type": "array", "items": {"type": "string", "minLength": 1}},
    {"enum": ["fast", "thorough"], "default": "fast"},
    {"enum": ["a", 1, None, True]},
    {
        "type": "object",
        "properties": {"mode": {"enum": ["fast", "thorough"]}, "limit": {"type": "integer", "minimum": 1}},
        "required": ["mode"],
        "additionalProperties": False,
    },
]

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(-5, 5, allow_nan=False)
    | st.sampled_from(["", "a", "ab", "abcde", "fast", "thorough"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["mode", "limit", "x"]), inner)
    ),
    max_leaves=6,
)


@pytest.mark.parametrize("schema", SCHEMAS)
@settings(max_examples=150, deadline=None)
@given(value=VALUES)
def test_compiled_checks_agree_with_jsonschema(schema: dict[str, Any], value: Any) -> None:
    check = compile_schema(schema)
    assert check is not None
    assert check(value) == jsonschema.Draft202012Validator(schema).is_valid(value)


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and "${" in value


#: Config-like schemas: references may stand for a property, an item, an extra value, inside anyOf.
EXCUSING_SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "object",
        "properties": {
            "mode": {"enum": ["fast", "thorough"]},
            "limit": {"type": "integer", "minimum": 1},
            "job": {"type": "object", "required": ["mode"]},
            "files": {"type": "array", "items": {"type": "object"}, "minItems": 1},
        },
        "required": ["mode"],
        "additionalProperties": False,
    },
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer"}}},
    {
        "type": "object",
        "properties": {"x": {"anyOf": [{"type": "object", "properties": {"mode": {"type": "integer"}}}]}},
    },
    {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
    {"$defs": {"n": {"type": "integer"}}, "type": "object", "properties": {"limit": {"$ref": "#/$defs/n"}}},
]

CONFIG_VALUES = st.recursive(
    st.none()
    | st.integers(-2, 2)
    | st.sampled_from(["fast", "thorough", "${steps.a.outputs}", "${inputs.files}"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["mode", "limit", "job", "files", "x"]), inner, max_size=4)
    ),
    max_leaves=8,
)


@pytest.mark.parametrize("schema", EXCUSING_SCHEMAS)
@settings(max_examples=200, deadline=None)
@given(value=CONFIG_VALUES)
def test_an_excusing_check_passes_exactly_when_jsonschema_finds_problems_only_at_references(
    schema: dict[str, Any], value: Any
) -> None:
    check = compile_schema(schema, excused=_is_reference)
    assert check is not None
    unexcused = []
    for error in jsonschema.Draft202012Validator(schema).iter_errors(value):
        at: Any = value
        for part in error.absolute_path:
            at = at[part]
        if not (error.absolute_path and _is_reference(at)):  # a config itself is a table, never excused
            unexcused.append(error.message)
    assert check(value) == (not unexcused), unexcused


def test_an_excusing_check_still_checks_the_values_that_are_not_references() -> None:
    check = compile_schema(EXCUSING_SCHEMAS[0], excused=_is_reference)
    assert check is not None
    assert check({"mode": "fast", "job": "${steps.job.outputs}", "files": "${inputs.files}"})
    assert not check({"mode": "fast", "job": "${steps.job.outputs}", "limit": 0})
    assert not check({"job": "${steps.job.outputs}"})  # a required key is still required
