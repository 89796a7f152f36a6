"""The ``html`` dossier format: one self-contained page to read the night before and print.

The page is a Jinja2 template (``templates/dossier.html.j2``) with the style
sheet inlined and the charts drawn as inline SVG, so it makes no network
request at all. Autoescaping is on for the whole template and nothing from the
inputs is ever put into a URL or an event attribute: a posting that contains
``<script>``, ``onerror=`` or a ``javascript:`` link shows as text. A
Content-Security-Policy that allows no script and no remote resource backs
that up.

Jinja2 is imported when the page is rendered, never when prepflow starts.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prepflow_plugins.dossier.view import short, view

TEMPLATES = Path(__file__).with_name("templates")


@functools.cache
def _environment() -> Any:
    import jinja2

    try:  # compiled templates, kept per user in the temp folder: compiling costs more than rendering
        cache = jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _num
    env.filters["pct"] = _pct
    env.filters["short"] = short
    env.filters["svgx"] = lambda v: f"{v:.1f}".rstrip("0").rstrip(".")
    return env


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _pct(value: Any, scale: float = 1.0) -> str:
    return f"{round(100 * value / scale)}%" if isinstance(value, int | float) and scale else "—"


def render_html(dossier: Mapping[str, Any]) -> str:
    return _environment().get_template("dossier.html.j2").render(v=view(dossier))
