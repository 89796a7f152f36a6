"""Text for ``prepflow steps``: a list of step types, or one described in full."""

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


def _type_of(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(kind)
    if kind:
        if kind == "array" and isinstance(schema.get("items"), Mapping) and schema["items"].get("type"):
            return f"array of {schema['items']['type']}"
        return str(kind)
    if "enum" in schema:
        return " | ".join(json.dumps(v) for v in schema["enum"])
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
    reads = [f"the file in `{key}`" for key, spec in props.items() if spec.get("format") == "path"]
    reads += [
        f"the files in `{key}`"
        for key, spec in props.items()
        if isinstance(spec.get("items"), Mapping) and spec["items"].get("format") == "path"
    ]
    lines += ["", "Reads: " + (", ".join(reads) if reads else "no files")]
    outputs: Mapping[str, Any] = step_type.output_schema.get("properties", {})
    lines += ["", "Produces:"]
    if outputs:
        lines += _table(
            [(k, _type_of(s), s.get("description", "")) for k, s in outputs.items()],
            ("output", "type", "description"),
        )
    else:
        lines.append("  (outputs not declared)")
    return "\n".join(lines)
