"""Compiled JSON Schema checks: a yes-or-no answer in microseconds, for the schemas steps declare.

jsonschema walks the schema on every call (hundreds of microseconds per step
config) and takes a large import. Step schemas use a small part of JSON Schema
(types, properties, required, items, enum, bounds, local ``$ref``), so each one
is compiled once into nested closures that answer "valid?" directly. A schema
that uses anything else does not compile (``compile_schema`` returns None) and
its callers use jsonschema. A False answer is never reported as is: callers
ask jsonschema for the located, readable problems, so the compiled check only
ever has to agree with jsonschema on *whether* an instance is valid (a property
test holds them to that).

Every keyword value is checked while compiling, so a schema that compiles is a
valid JSON Schema too: runs need not import jsonschema to check the schemas.

A check compiled with ``excused`` passes a property or item value ``excused``
accepts (a plan's ``${...}`` reference, checked once resolved) without
checking it against its schema. Every problem jsonschema finds in such a value
is located at it (a string has nothing inside), and the keywords of the
enclosing value do not depend on it, except inside ``anyOf``: there it is
checked strictly. So an excusing check passes exactly when every problem
jsonschema reports is located at an excused value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin

Check = Callable[[Any], bool]


class _NotCompilable(Exception):
    """The schema uses a keyword (or a form of one) the compiler does not handle."""


# keywords that never change whether an instance is valid
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "default",
        "examples",
        "format",  # an annotation in Draft 2020-12 unless the format vocabulary is asserted
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
_HANDLED = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "pattern",
        "anyOf",
        "$ref",
    }
)


def _is_integer(value: Any) -> bool:
    # JSON Schema counts 3.0 as an integer; bool is never a number
    t = type(value)
    return t is int or (t is float and value.is_integer()) or (isinstance(value, int) and t is not bool)


def _is_number(value: Any) -> bool:
    t = type(value)
    return t is int or t is float or (isinstance(value, int | float) and t is not bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: v is True or v is False,
    "null": lambda v: v is None,
}


def _json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema defines it: 1 == 1.0, but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_json_equal, a, b))
    return type(a) is type(b) or (_is_number(a) and _is_number(b)) if a == b else False


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise _NotCompilable("a length must be a non-negative integer")
    return value


def _bound(value: Any) -> float:
    if not _is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        raise _NotCompilable("a bound must be a finite number")
    return value  # type: ignore[no-any-return]


Resolve = Callable[[str], "Mapping[str, Any] | None"]
"""The schema a URI names (without fragment), or None when it names none."""


def _no_documents(uri: str) -> Mapping[str, Any] | None:
    return None


class _Compiler:
    def __init__(
        self,
        root: Mapping[str, Any],
        base: str,
        resolve: Resolve,
        refs: dict[str, Check],
        excused: Check | None = None,
    ):
        self.root = root
        self.base = base
        self.resolve = resolve
        self.refs = refs  # shared by every document compiled for one schema, keyed by absolute reference
        self.excused = excused

    def _child(self, schema: Any) -> Check:
        """The check of a property or item value: an excused value passes unchecked."""
        check = self.compile(schema)
        excused = self.excused
        if excused is None:
            return check
        return lambda v: excused(v) or check(v)

    def _strict(self) -> _Compiler:
        return self if self.excused is None else _Compiler(self.root, self.base, self.resolve, self.refs)

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, Mapping):
            raise _NotCompilable("a schema must be an object or a boolean")
        unknown = schema.keys() - _HANDLED - _ANNOTATIONS
        if unknown:
            raise _NotCompilable(f"keywords {sorted(unknown)}")
        fused = self._fused(schema)
        if fused is not None:
            return fused
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        if "type" in schema:
            checks.append(self._type(schema["type"]))
        if "enum" in schema:
            options = schema["enum"]
            if not isinstance(options, list):
                raise _NotCompilable("enum must be an array")
            if options and all(type(o) is str for o in options):  # the usual enum: one set lookup
                strings = frozenset(options)
                checks.append(lambda v: isinstance(v, str) and v in strings)
            else:
                checks.append(lambda v: any(_json_equal(v, o) for o in options))
        if "const" in schema:
            const = schema["const"]
            checks.append(lambda v: _json_equal(v, const))
        checks.extend(self._numbers(schema))
        checks.extend(self._strings(schema))
        checks.extend(self._arrays(schema))
        checks.extend(self._objects(schema))
        if "anyOf" in schema:
            branches = schema["anyOf"]
            if not isinstance(branches, list) or not branches:
                raise _NotCompilable("anyOf must be a non-empty array")
            strict = self._strict()  # whether a branch holds depends on every value in it
            compiled = [strict.compile(b) for b in branches]
            checks.append(lambda v: any(c(v) for c in compiled))
        return _every(checks)

    def _fused(self, schema: Mapping[str, Any]) -> Check | None:
        """One check for the usual option schemas: a string with a length, a bounded integer, a typed list.

        Each keyword below checks only values of its type ("not a string, or long
        enough"); with ``type`` naming that type, "a string, and long enough" is the
        same check in one step. None when the schema has anything else.
        """
        kind = schema.get("type")
        keys = schema.keys() - _ANNOTATIONS - {"type"}
        if kind == "string" and keys and keys <= {"minLength", "maxLength"}:
            shortest = _count(schema.get("minLength", 0))
            longest = schema.get("maxLength")
            if longest is None:
                return lambda v: isinstance(v, str) and len(v) >= shortest
            most = _count(longest)
            return lambda v: isinstance(v, str) and shortest <= len(v) <= most
        if kind == "integer" and keys and keys <= {"minimum", "maximum"}:
            low = _bound(schema.get("minimum", -math.inf)) if "minimum" in schema else -math.inf
            high = _bound(schema.get("maximum", math.inf)) if "maximum" in schema else math.inf
            return lambda v: _is_integer(v) and low <= v <= high
        if kind == "array" and keys == {"items"}:
            item = self._child(schema["items"])
            return lambda v: isinstance(v, list) and all(map(item, v))
        return None

    def _ref(self, ref: Any) -> Check:
        if not isinstance(ref, str):
            raise _NotCompilable("$ref must be a string")
        uri, _, fragment = (urljoin(self.base, ref) if self.base else ref).partition("#")
        absolute = f"{uri}#{fragment}" if self.excused is None else f"excusing {uri}#{fragment}"
        found = self.refs.get(absolute)
        if found is not None:
            return found
        document = self.root if uri == self.base.partition("#")[0] else self.resolve(uri)
        if document is None:
            raise _NotCompilable(f"reference {ref} names no known schema")
        target: Any = document
        for part in fragment.split("/")[1:] if fragment else ():
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise _NotCompilable(f"reference {ref} not found")
            target = target[part]
        slot: list[Check] = []
        # a recursive schema refers to itself: compile through a forwarding check
        self.refs[absolute] = lambda v: slot[0](v)
        compiler = (
            self if document is self.root else _Compiler(document, uri, self.resolve, self.refs, self.excused)
        )
        slot.append(compiler.compile(target))
        return self.refs[absolute]

    def _type(self, names: Any) -> Check:
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not names or not all(n in _TYPES for n in names):
            raise _NotCompilable("type must name JSON types")
        tests = [_TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0]
        return lambda v: any(t(v) for t in tests)

    def _numbers(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "minimum" in schema:
            low = _bound(schema["minimum"])
            checks.append(lambda v: not _is_number(v) or v >= low)
        if "maximum" in schema:
            high = _bound(schema["maximum"])
            checks.append(lambda v: not _is_number(v) or v <= high)
        if "exclusiveMinimum" in schema:
            xlow = _bound(schema["exclusiveMinimum"])
            checks.append(lambda v: not _is_number(v) or v > xlow)
        if "exclusiveMaximum" in schema:
            xhigh = _bound(schema["exclusiveMaximum"])
            checks.append(lambda v: not _is_number(v) or v < xhigh)
        return checks

    def _strings(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        # lengths count code points, as Python's len does
        if "minLength" in schema:
            shortest = _count(schema["minLength"])
            checks.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
        if "maxLength" in schema:
            longest = _count(schema["maxLength"])
            checks.append(lambda v: not isinstance(v, str) or len(v) <= longest)
        if "pattern" in schema:
            source = schema["pattern"]
            if not isinstance(source, str):
                raise _NotCompilable("pattern must be a string")
            try:
                search = re.compile(source).search
            except re.error:
                raise _NotCompilable("a pattern Python cannot read") from None
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        return checks

    def _arrays(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "items" in schema:
            item = self._child(schema["items"])
            checks.append(lambda v: not isinstance(v, list) or all(map(item, v)))
        if "minItems" in schema:
            fewest = _count(schema["minItems"])
            checks.append(lambda v: not isinstance(v, list) or len(v) >= fewest)
        if "maxItems" in schema:
            most = _count(schema["maxItems"])
            checks.append(lambda v: not isinstance(v, list) or len(v) <= most)
        if schema.get("uniqueItems") is True:
            checks.append(lambda v: not isinstance(v, list) or _unique(v))
        elif "uniqueItems" in schema and schema["uniqueItems"] is not False:
            raise _NotCompilable("uniqueItems must be a boolean")
        return checks

    def _objects(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        properties = schema.get("properties", {})
        if not isinstance(properties, Mapping):
            raise _NotCompilable("properties must be an object")
        compiled = {name: self._child(sub) for name, sub in properties.items()}
        required = schema.get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise _NotCompilable("required must be an array of strings")
        extra = schema.get("additionalProperties", True)
        closed = extra is False
        other = None if extra is True or closed else self._child(extra)
        known = frozenset(properties)
        needed = tuple(required)
        items = tuple(compiled.items())
        if not (items or needed or closed or other):
            return checks

        def check_object(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for name in needed:
                if name not in v:
                    return False
            if closed and not v.keys() <= known:
                return False
            for name, check in items:
                if name in v and not check(v[name]):
                    return False
            if other is not None:
                return all(other(value) for key, value in v.items() if key not in known)
            return True

        checks.append(check_object)
        return checks


def _every(checks: list[Check]) -> Check:
    """One check that passes when all of ``checks`` pass (without a generator: this runs per value)."""
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    if len(checks) == 3:
        first, second, third = checks
        return lambda v: first(v) and second(v) and third(v)
    every = tuple(checks)

    def check(v: Any) -> bool:
        for one in every:  # noqa: SIM110 (all() would build a generator per value)
            if not one(v):
                return False
        return True

    return check


def _unique(items: list[Any]) -> bool:
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if _json_equal(a, b):
                return False
    return True


def compile_schema(
    schema: Mapping[str, Any],
    base: str = "",
    resolve: Resolve = _no_documents,
    excused: Check | None = None,
) -> Check | None:
    """A function answering whether an instance is valid against ``schema``; None if it does not compile.

    ``base`` is the schema's URI (its ``$id`` wins); ``resolve`` gives the
    schema of any other URI a ``$ref`` names; property and item values ``excused``
    accepts pass unchecked (see the module docstring).
    """
    own = schema.get("$id") if isinstance(schema, Mapping) else None
    base = urljoin(base, own) if isinstance(own, str) else base
    try:
        return _Compiler(schema, base, resolve, {}, excused).compile(schema)
    except (_NotCompilable, RecursionError):
        return None
