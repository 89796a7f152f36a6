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
