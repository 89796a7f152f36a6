"""What a plugin registers for the data its steps read: a data kind and its JSON Schema.

A step reads data by kind with :meth:`prepflow.StepContext.data` (prepflow's
own file of that kind, then the plan's packs' files, merged). The plugin that
owns a kind registers it with the ``register_data_kinds`` hook, so that
``prepflow packs`` and every run check each pack's files of that kind before
a step reads them::

    @prepflow.hookimpl
    def register_data_kinds(register):
        register(prepflow.DataKind("agenda", AGENDA_SCHEMA, "The agenda items of acme.agenda."))

The schema describes **one file**, since a pack's file merges into the data
before it: leave top-level keys and keys of tables optional (a pack may change
one wording), and require the keys of items in arrays of tables with an
``id`` (an item with a known id replaces that item whole). Set
``additionalProperties`` to false wherever a misspelled key would otherwise
be ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow._record import Record, _fill
from prepflow.lazyre import LazyPattern

KIND = LazyPattern(r"^[a-z][a-z0-9_]*$")


def _check_name(value: Any) -> None:
    if not isinstance(value, str) or not KIND.match(value):
        raise ValueError(
            f"data kind name {value!r} must be lowercase letters, digits and _, e.g. 'questions'"
        )


def _check_schema(value: Any) -> None:
    # the schema itself is checked when it is first used (see prepflow.packdata): checking it here
    # would load jsonschema on every command, for plans that pin no pack
    if not isinstance(value, Mapping) or value.get("type", "object") != "object":
        raise ValueError("a data kind's schema must be a JSON Schema of a table (type: object)")


class DataKind(Record):
    """A kind of pack data (``[data] NAME = [files]`` in a ``pack.toml``) and the schema of one file."""

    _fields = __slots__ = ("name", "schema", "description")
    _no_repr = frozenset({"schema"})
    name: str
    schema: Mapping[str, Any]
    description: str

    def __init__(self, name: str, schema: Mapping[str, Any], description: str = ""):
        _check_name(name)
        _check_schema(schema)
        if not isinstance(description, str):
            raise TypeError(f"data kind description must be a string, got {type(description).__name__}")
        _fill(self, locals())
