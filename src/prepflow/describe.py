"""``prepflow steps``: a list of step types, or one described in full, as text or JSON-like data."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from prepflow.plugins import Plugins


def list_step_types(plugins: Plugins) -> str:
    """One line per step type: name, version, plugin and summary."""
    types = plugins.step_types
    if not types:
        return "no step types installed (see `prepflow plugins`)"
    width = max(len(name) for name in types)
    lines = []
    for name in sorted(types):
        step_type = types[name]
        owner = ",".join(plugins.owners(name))
        lines.append(f"{name:<{width}}  {step_type.summary}  [{owner} v{step_type.version}]")
    return "\n".join(lines)


def list_data(plugins: Plugins) -> list[dict[str, Any]]:
    """``prepflow steps --json``: one item per step type."""
    return [
        {
            "name": name,
            "version": step_type.version,
            "plugins": list(plugins.owners(name)),
            "summary": step_type.summary,
        }
        for name, step_type in sorted(plugins.step_types.items())
    ]


def step_type_data(plugins: Plugins, name: str) -> dict[str, Any]:
    """``prepflow steps NAME --json``: everything the text shows, plus both schemas."""
    step_type = plugins.step_types[name]
    props: Mapping[str, Any] = step_type.config_schema.get("properties", {})
    required = set(step_type.config_schema.get("required", []))
    return {
        "name": name,
        "version": step_type.version,
        "plugins": list(plugins.owners(name)),
        "summary": step_type.summary,
        "description": step_type.description.strip(),
        "options": [
            {
                "name": key,
                "type": _type_of(spec),
                "required": key in required,
                **({"default": spec["default"]} if "default" in spec else {}),
                "description": spec.get("description", ""),
            }
            for key, spec in props.items()
        ],
        "reads": _reads(props),
        "consumes": {producer: list(keys) for producer, keys in step_type.consumes.items()},
        "outputs": [
            {"name": key, "type": kind, "description": text}
            for key, kind, text in _fields(step_type.output_schema.get("properties", {}))
        ],
        "config_schema": step_type.config_schema,
        "output_schema": step_type.output_schema,
    }


def _fields(properties: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(name, type, description) of each property, each array of tables followed by its items' fields.

    ``requirements`` (array of object) is followed by ``requirements[].text``,
    ``requirements[].priority``, ...: what a plan refers to and a consumer reads.
    """
    rows: list[tuple[str, str, str]] = []
    for key, spec in properties.items():
        if not isinstance(spec, Mapping):
            continue
        rows.append((key, _type_of(spec), spec.get("description", "")))
        items = spec.get("items")
        nested = items.get("properties") if isinstance(items, Mapping) else None
        for field, field_spec in (nested if isinstance(nested, Mapping) else {}).items():
            if isinstance(field_spec, Mapping):
                rows.append((f"{key}[].{field}", _type_of(field_spec), field_spec.get("description", "")))
    return rows


def _reads(props: Mapping[str, Any]) -> list[str]:
    reads = [f"the file in `{key}`" for key, spec in props.items() if spec.get("format") == "path"]
    reads += [
        f"the files in `{key}`"
        for key, spec in props.items()
        if isinstance(spec.get("items"), Mapping) and spec["items"].get("format") == "path"
    ]
    return reads


def _type_of(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(kind)
    if kind:
        if kind == "array" and isinstance(schema.get("items"), Mapping) and schema["items"].get("type"):
            return f"array of {schema['items']['type']}"
        return str(kind)
    if "enum" in schema:
        text = " | ".join(json.dumps(v) for v in schema["enum"])
        return text if len(text) <= 60 else f"one of {len(schema['enum'])} values"
    if "anyOf" in schema or "oneOf" in schema:
        return " | ".join(_type_of(s) for s in schema.get("anyOf", schema.get("oneOf", [])))
    return "any"


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = ["  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row in rows:
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return out


def describe_step_type(plugins: Plugins, name: str) -> str:
    """A step type's summary, config options, what it reads and what it produces."""
    step_type = plugins.step_types[name]
    lines = [f"{name} (version {step_type.version}, plugin {', '.join(plugins.owners(name))})", ""]
    lines.append(step_type.summary)
    if step_type.description:
        lines += ["", step_type.description.strip()]
    props: Mapping[str, Any] = step_type.config_schema.get("properties", {})
    required = set(step_type.config_schema.get("required", []))
    lines += ["", "Options (the step's `with` table):"]
    if props:
        rows = [
            (
                key,
                _type_of(spec),
                "yes" if key in required else "",
                json.dumps(spec["default"]) if "default" in spec else "",
                spec.get("description", ""),
            )
            for key, spec in props.items()
        ]
        lines += _table(rows, ("option", "type", "required", "default", "description"))
    else:
        lines.append("  none")
    reads = _reads(props)
    lines += ["", "Reads: " + (", ".join(reads) if reads else "no files")]
    if step_type.consumes:
        consumed = (f"{producer} ({', '.join(keys)})" for producer, keys in step_type.consumes.items())
        lines += ["Consumes: " + "; ".join(consumed)]
    outputs: Mapping[str, Any] = step_type.output_schema.get("properties", {})
    lines += ["", "Produces:"]
    if outputs:
        lines += _table(_fields(outputs), ("output", "type", "description"))
    else:
        lines.append("  (outputs not declared)")
    return "\n".join(lines)
