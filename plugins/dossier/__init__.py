"""The dossier: its ``json``, ``md`` and ``html`` formats, and the run's closing summary.

The Markdown and HTML formats lay out the cheat sheet (``cheat``), then every
section registered through ``register_dossier_sections`` (``layout``): the
first-party steps register theirs from their own packages' ``section.py``,
like any plugin. ``markdown`` writes the JSON and Markdown files, ``html`` the
web page (its Jinja2 template and style are in ``templates/``). The modules
are imported when a dossier is written, never when the plugins load.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import prepflow


def render_json(dossier: Mapping[str, Any]) -> str:
    from prepflow_plugins.dossier.markdown import render_json

    return render_json(dossier)


def render_markdown(dossier: Mapping[str, Any], sections: Sequence[prepflow.Section] = ()) -> str:
    from prepflow_plugins.dossier.markdown import render_markdown

    return render_markdown(dossier, sections)


def render_html(dossier: Mapping[str, Any], sections: Sequence[prepflow.Section] = ()) -> str:
    from prepflow_plugins.dossier.html import render_html

    return render_html(dossier, sections)


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
    from prepflow_plugins.dossier.cheat import first_things

    return first_things(dossier)
