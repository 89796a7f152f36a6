"""The ``html`` dossier format: one self-contained page to read the night before and print.

The page is a Jinja2 template (``templates/dossier.html.j2``) with the style
sheet inlined and the charts drawn as inline SVG, so it makes no network
request at all. Autoescaping is on for the whole template and nothing from the
inputs is ever put into a URL or an event attribute: a posting that contains
``<script>``, ``onerror=`` or a ``javascript:`` link shows as text. A
Content-Security-Policy that allows no script and no remote resource backs
that up.

A pack's ``[report] template`` extends the page (``{% extends
"dossier.html.j2" %}``) and fills its blocks; it is rendered in Jinja2's
sandbox, since a pack's files are data and run no Python, and it cannot drop
the Content-Security-Policy, which sits outside every block.

Jinja2 is imported when the page is rendered, never when prepflow starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from prepflow_plugins.dossier.cheat import cheat_sheet
from prepflow_plugins.dossier.layout import environment, remember, render_sections, sandbox
from prepflow_plugins.dossier.view import Citations, page

import prepflow

PAGE = "dossier.html.j2"


def render_html(dossier: Mapping[str, Any], sections: Sequence[prepflow.Section] = ()) -> str:
    cite = Citations()
    v = page(dossier)
    values = {"v": v, "c": cheat_sheet(dossier, cite)}
    values["parts"] = render_sections(dossier, sections, "html", cite)
    values["notes"] = cite.notes
    pack_template = v["branding"]["template"]
    if not pack_template:
        return str(environment().get_template(PAGE).render(**values))
    return _render_pack_page(pack_template, v["branding"]["pack"] or "a pack", values)


def _render_pack_page(text: str, pack: str, values: Mapping[str, Any]) -> str:
    import jinja2
    from jinja2 import nodes

    env = sandbox()
    where = f"pack '{pack}': [report] template"
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError as e:
        raise prepflow.PluginError(f"{where}, line {e.lineno}: {e.message}") from e
    first = next(
        (n for n in tree.body if not (isinstance(n, nodes.Output) and not _text_of(n).strip())),
        None,
    )
    if not (
        isinstance(first, nodes.Extends)
        and isinstance(first.template, nodes.Const)
        and first.template.value == PAGE
    ):
        raise prepflow.PluginError(
            f'{where} must begin with {{% extends "{PAGE}" %}} and fill its blocks '
            "(title, head, masthead, before_main, after_main, footer); see docs/packs.md"
        )
    try:
        return str(env.get_template(remember(text)).render(**values))
    except jinja2.TemplateError as e:
        raise prepflow.PluginError(f"{where}: {type(e).__name__}: {e}") from e


def _text_of(node: Any) -> str:
    """The literal text of a template's top-level output node (a tag or expression counts as text)."""
    from jinja2 import nodes

    return "".join(n.data if isinstance(n, nodes.TemplateData) else "x" for n in node.nodes)
