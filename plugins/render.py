"""The ``json`` and ``md`` dossier formats.

A renderer receives the whole dossier as JSON-like data and returns text. It
must be deterministic: the same dossier must give the same bytes, so that a
rerun with unchanged inputs rewrites nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import prepflow


def render_json(dossier: Mapping[str, Any]) -> str:
    return json.dumps(dossier, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _md_value(value: Any, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, Mapping | list) and item:
                lines.append(f"{indent}- **{key}**:")
                _md_value(item, depth + 1, lines)
            else:
                lines.append(f"{indent}- **{key}**: {_md_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping | list) and item:
                lines.append(f"{indent}-")
                _md_value(item, depth + 1, lines)
            else:
                lines.append(f"{indent}- {_md_scalar(item)}")
    else:
        lines.append(f"{indent}- {_md_scalar(value)}")


def _md_scalar(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).split())


def render_markdown(dossier: Mapping[str, Any]) -> str:
    plan = dossier["plan"]
    lines = [f"# {plan['name']}", ""]
    if plan.get("description"):
        lines += [plan["description"], ""]
    for step in dossier["steps"].values():
        lines += [f"## {step['title']}", "", f"*{step['uses']}* · {step['status']}", ""]
        outputs = step.get("outputs")
        if outputs:
            _md_value(outputs, 0, lines)
        else:
            lines.append("No outputs.")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@prepflow.hookimpl
def register_renderers(register):
    register(prepflow.Renderer("json", "dossier.json", render_json, "The whole dossier as JSON."))
    register(prepflow.Renderer("md", "dossier.md", render_markdown, "The dossier as Markdown."))
