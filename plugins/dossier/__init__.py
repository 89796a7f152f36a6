"""The dossier: its ``json``, ``md`` and ``html`` formats, and the run's closing summary.

Every format lays out :func:`prepflow_plugins.dossier.view.view`: ``markdown``
writes the JSON and Markdown files, ``html`` the web page (its Jinja2 template
and style are in ``templates/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.html import render_html
from prepflow_plugins.dossier.markdown import render_json, render_markdown
from prepflow_plugins.dossier.view import first_things

import prepflow


@prepflow.hookimpl
def register_renderers(register: Any) -> None:
    register(prepflow.Renderer("json", "dossier.json", render_json, "The whole dossier as JSON."))
    register(prepflow.Renderer("md", "dossier.md", render_markdown, "The dossier as Markdown."))
    register(
        prepflow.Renderer(
            "html",
            "dossier.html",
            render_html,
            "The dossier as one self-contained web page: cheat sheet first, charts, print-ready.",
        )
    )


@prepflow.hookimpl
def dossier_summary(dossier: Mapping[str, Any]) -> Any:
    return first_things(dossier)
