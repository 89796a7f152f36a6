"""Contracts between steps: output schemas enforced, and consumers checked against their producers.

Every step type's output schema and config schema is a document with a URI,
so that one step type's schema can ``$ref`` another's:

- ``https://prepflow.dev/schemas/<step type>.outputs.json`` (also reachable by
  the output schema's own ``$id``, if it declares one);
- ``https://prepflow.dev/schemas/<step type>.config.json``.

A schema without an ``$id`` has its own URI as base, so a relative reference
such as ``{"$ref": "job.analyze.outputs.json#/properties/requirements"}`` works.

Checking is compiled (:mod:`prepflow.validators`): a valid instance costs a few
microseconds and no jsonschema import; only an invalid one, or a schema the
compiler does not handle, goes to jsonschema for located, readable problems.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from prepflow.errors import StepError
from prepflow.expressions import ExpressionError, iter_refs, parse_ref
from prepflow.locate import path_text
from prepflow.model import Step
from prepflow.steptype import StepType
from prepflow.validators import Check, compile_schema

BASE = "https://prepflow.dev/schemas/"

Where = tuple[str | int, ...]


def is_reference(value: Any) -> bool:
    """Whether a config value holds a ``${...}`` reference (checked once resolved, at run time)."""
    return isinstance(value, str) and "${" in value


def output_uri(step_type: str) -> str:
    """The URI of a step type's output schema, e.g. ``https://prepflow.dev/schemas/job.analyze.outputs.json``."""
    return f"{BASE}{step_type}.outputs.json"


def config_uri(step_type: str) -> str:
    """The URI of a step type's config (``with``) schema."""
    return f"{BASE}{step_type}.config.json"


def _base(schema: Mapping[str, Any], default: str) -> str:
    own = schema.get("$id")
    return own.partition("#")[0] if isinstance(own, str) and own else default


class Contracts:
    """The schemas of one set of step types, able to refer to each other, with their compiled checks."""

    def __init__(self, step_types: Mapping[str, StepType]):
        self.step_types = step_types
        self.documents: dict[str, Mapping[str, Any]] = {}
        for name, step_type in step_types.items():
            self.documents[config_uri(name)] = step_type.config_schema
            self.documents[output_uri(name)] = step_type.output_schema
        for step_type in step_types.values():  # an $id never hides a step type's own URI
            self.documents.setdefault(_base(step_type.output_schema, ""), step_type.output_schema)
            self.documents.setdefault(_base(step_type.config_schema, ""), step_type.config_schema)
        self.documents.pop("", None)
        self._checks: dict[tuple[str, str], Check | None] = {}
        self._validators: dict[tuple[str, str], Any] = {}
        self._output_checks: dict[str, Check] = {}
        self._registry: Any = None

    # -- compiled checks -------------------------------------------------------

    def _schema(self, step_type: StepType, which: str) -> tuple[Mapping[str, Any], str]:
        if which == "outputs":
            return step_type.output_schema, _base(step_type.output_schema, output_uri(step_type.name))
        return step_type.config_schema, _base(step_type.config_schema, config_uri(step_type.name))

    def check(self, step_type: StepType, which: str) -> Check | None:
        """The compiled check of a step type's ``"config"`` or ``"outputs"`` schema (None: use jsonschema)."""
        key = (step_type.name, which)
        if key not in self._checks:
            schema, base = self._schema(step_type, which)
            self._checks[key] = compile_schema(schema, base, self.documents.get)
        return self._checks[key]

    def check_excusing_references(self, step_type: StepType) -> Check | None:
        """The compiled check of a step type's config schema that passes ``${...}`` references unchecked.

        A plan's config holds references that are checked once resolved, at run
        time; this answers, without jsonschema, whether everything else is valid.
        """
        key = (step_type.name, "config excusing references")
        if key not in self._checks:
            schema, base = self._schema(step_type, "config")
            self._checks[key] = compile_schema(schema, base, self.documents.get, excused=is_reference)
        return self._checks[key]

    def schema_error(self, step_type: StepType, which: str) -> str | None:
        """Why the step type's schema is not a usable JSON Schema, or None."""
        if self.check(step_type, which) is not None:
            return None  # it compiled: every keyword was checked on the way
        from prepflow.schema import check_schema

        broken = check_schema(self._schema(step_type, which)[0])
        if broken:
            return broken
        from referencing.exceptions import Unresolvable

        schema, base = self._schema(step_type, which)
        resolver = self._schemas().resolver(base_uri=base)
        for ref in _refs(schema):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                return f"$ref '{ref}' names no known schema (a step type's, e.g. 'job.analyze.outputs.json')"
        return None

    # -- readable problems -----------------------------------------------------

    def validator(self, step_type: StepType, which: str) -> Any:
        """A jsonschema validator whose ``$ref`` reach every step type's schemas."""
        key = (step_type.name, which)
        found = self._validators.get(key)
        if found is None:
            from jsonschema import Draft202012Validator

            schema, base = self._schema(step_type, which)
            found = Draft202012Validator({**schema, "$id": base}, registry=self._schemas())
            self._validators[key] = found
        return found

    def _schemas(self) -> Any:
        if self._registry is None:
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            self._registry = Registry().with_resources(  # type: ignore[call-arg]
                (uri, DRAFT202012.create_resource(dict(schema))) for uri, schema in self.documents.items()
            )
        return self._registry

    def problems(self, step_type: StepType, which: str, instance: Any) -> list[tuple[Where, str, bool]]:
        """Every way ``instance`` breaks the step type's ``"config"`` or ``"outputs"`` schema."""
        check = self.check(step_type, which)
        if check is not None and check(instance):
            return []
        from prepflow.schema import problems

        schema, _ = self._schema(step_type, which)
        return list(problems(instance, schema, validator=self.validator(step_type, which)))

    def check_outputs(self, step_id: str, step_type: StepType, outputs: Any, data: bytes) -> None:
        """Raise a one-line :class:`StepError` when a step's outputs break its output schema.

        ``data`` is the outputs as canonical JSON: when the compiled check says
        no (or there is none), jsonschema judges the JSON, so a tuple counts as
        an array as it will once stored.
        """
        check = self._output_checks.get(step_type.name)  # once per step: one lookup
        if check is None:
            check = self._output_checks[step_type.name] = self.check(step_type, "outputs") or _never
        if check(outputs):
            return
        from prepflow.schema import problems

        validator = self.validator(step_type, "outputs")
        found = list(problems(json.loads(data), step_type.output_schema, validator=validator))
        if not found:
            return
        shown = "; ".join(f"{path_text(('outputs', *where))}: {message}" for where, message, _ in found[:3])
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise StepError(
            f"step '{step_id}' ({step_type.name}) broke its output schema: {shown}{more}; "
            f"fix the step type, or its output_schema"
        )

    # -- consumers and producers ------------------------------------------------

    def at(self, schema: Any, base: str, path: Sequence[str | int]) -> tuple[Any, str] | None:
        """The subschema that describes the value at ``path`` (with its base URI); None if unknown."""
        schema, base = self._deref(schema, base)
        for part in path:
            if not isinstance(schema, Mapping):
                return None
            if isinstance(part, int) or part.isdigit():
                schema = schema.get("items")
            else:
                properties = schema.get("properties", {})
                if part in properties:
                    schema = properties[part]
                elif schema.get("type") == "array" and "items" in schema:
                    return self.at(schema["items"], base, [part])  # a key of every item
                else:
                    return None
            if schema is None:
                return None
            schema, base = self._deref(schema, base)
        return schema, base

    def cannot_give(self, producer: StepType, path: Sequence[str | int]) -> str | None:
        """The first key of ``path`` that the producer's output schema rules out, else None."""
        schema, base = self._deref(producer.output_schema, output_uri(producer.name))
        for i, part in enumerate(path):
            if not isinstance(schema, Mapping):
                return None
            if isinstance(part, int):
                schema = schema.get("items")
            else:
                if schema.get("type") == "array" and "items" in schema:
                    schema, base = self._deref(schema["items"], base)  # a key of every item
                properties = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
                if part not in properties:
                    closed = isinstance(schema, Mapping) and schema.get("additionalProperties") is False
                    return path_text(path[: i + 1]) if closed else None
                schema = properties[part]
            if schema is None:
                return None
            schema, base = self._deref(schema, base)
        return None

    def _deref(self, schema: Any, base: str) -> tuple[Any, str]:
        """Follow ``$ref`` (alone or with annotations) to the schema it names."""
        from urllib.parse import urljoin

        seen = 0
        while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and seen < 20:
            seen += 1
            uri, _, fragment = urljoin(base, schema["$ref"]).partition("#")
            document: Any = self.documents.get(uri) if uri else None
            if document is None:
                return None, base
            base = uri
            for part in fragment.split("/")[1:] if fragment else ():
                document = document.get(part) if isinstance(document, Mapping) else None
            schema = document
        return schema, base


def _never(instance: Any) -> bool:
    """The check of a schema that does not compile: jsonschema judges every instance."""
    return False


def _refs(schema: Any) -> Iterator[str]:
    """Every ``$ref`` in a schema."""
    if isinstance(schema, Mapping):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _refs(item)


def missing_keys(
    contracts: Contracts, consumer: StepType, where: Where, producer: StepType, path: Sequence[str | int]
) -> Iterator[str]:
    """Keys that the consumer's config schema requires at ``where`` and the producer's outputs lack.

    ``path`` is the part of the producer's outputs the reference takes (empty: all of them).
    """
    wanted = contracts.at(consumer.config_schema, config_uri(consumer.name), where)
    if wanted is None or not isinstance(wanted[0], Mapping):
        return
    for key in wanted[0].get("required", ()):
        if isinstance(key, str):
            lacking = contracts.cannot_give(producer, (*path, key))
            if lacking:
                yield lacking


def plan_problems(
    contracts: Contracts, steps: Mapping[str, Step], raw_steps: Mapping[str, Any]
) -> Iterator[tuple[Where, str]]:
    """Where a plan's consumers need what their producers cannot give, as (key path, message).

    Two kinds of contract are checked: a step type's ``consumes`` against the
    steps it needs, and each ``with`` value that is exactly one
    ``${steps.ID.outputs...}`` reference against the keys the consumer's config
    schema requires there (through ``$ref`` to the producer's schema or not).
    """
    step_types = contracts.step_types
    consuming = {name for name, step_type in step_types.items() if step_type.consumes}
    for sid, step in steps.items():
        if not step.has_refs and step.uses not in consuming:
            continue  # the usual step: nothing to check, and this runs once per step
        consumer = step_types.get(step.uses)
        if consumer is None:
            continue
        raw = raw_steps.get(sid)
        has_needs = isinstance(raw, dict) and "needs" in raw
        at_needs: Where = ("steps", sid, "needs") if has_needs else ("steps", sid)
        for producer_name, keys in consumer.consumes.items():
            producer = step_types.get(producer_name)
            if producer is None:
                yield (
                    ("steps", sid, "uses"),
                    (
                        f"step type '{consumer.name}' consumes the outputs of '{producer_name}', "
                        "which no installed plugin registers (`prepflow steps` lists them)"
                    ),
                )
                continue
            sources = [need for need in step.needs if steps[need].uses == producer_name]
            if not sources:
                yield (
                    at_needs,
                    (
                        f"step type '{consumer.name}' consumes the outputs of a '{producer_name}' step; "
                        f"add one to this step's needs"
                    ),
                )
            for source in sources:
                for key in keys:
                    lacking = contracts.cannot_give(producer, key.split("."))
                    if lacking:
                        yield (
                            at_needs,
                            (
                                f"'{source}' ({producer_name}) cannot give '{key}', which step type "
                                f"'{consumer.name}' consumes: its output schema has no '{lacking}'"
                            ),
                        )
        if step.has_refs:
            yield from _reference_problems(contracts, sid, step, consumer, steps)


def _reference_problems(
    contracts: Contracts, sid: str, step: Step, consumer: StepType, steps: Mapping[str, Step]
) -> Iterator[tuple[Where, str]]:
    for where, text in iter_refs(step.config):
        value = step.config
        for part in where:
            value = value[part]  # type: ignore[index]
        if not isinstance(value, str) or value.strip() != "${" + text + "}":
            continue  # interpolated into a longer string: the consumer gets text
        try:
            ref = parse_ref(text)
        except ExpressionError:
            continue  # reported by the loader
        if len(ref) < 3 or ref[0] != "steps" or ref[2] != "outputs" or ref[1] not in steps:
            continue
        producer = contracts.step_types.get(steps[str(ref[1])].uses)
        if producer is None:
            continue
        for lacking in missing_keys(contracts, consumer, where, producer, ref[3:]):
            key = lacking.rpartition(".")[2]
            yield (
                ("steps", sid, "with", *where),
                (
                    f"${{{text.strip()}}}: step type '{consumer.name}' requires '{key}' here, which "
                    f"'{ref[1]}' ({producer.name}) cannot give: its output schema has no '{lacking}'"
                ),
            )


_cache: dict[int, tuple[Mapping[str, StepType], Contracts]] = {}


def contracts_for(step_types: Mapping[str, StepType]) -> Contracts:
    """The :class:`Contracts` of a registry of step types, built once per registry."""
    entry = _cache.get(id(step_types))
    if entry is None or entry[0] is not step_types:  # holding the registry keeps its id from being reused
        _cache.clear()
        entry = _cache[id(step_types)] = (step_types, Contracts(step_types))
    return entry[1]
