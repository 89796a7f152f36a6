"""How the dossier shows text from the inputs: Markdown escaping, citations, tables, HTML snippets.

A library module, not a plugin: the Markdown and HTML section contexts use it,
and so do the first-party sections. Text from the inputs is always shown
literally, never as markup, links or table breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

_MD_SPECIAL = re_compile(r"([\\`<>\[\]|])")


def esc(text: Any) -> str:
    """Text from the inputs, shown literally in Markdown: no HTML, links, emphasis or table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def refs(notes: list[dict[str, Any]]) -> str:
    """Citations in Markdown, as `` [job.md:11]``, or nothing."""
    if not notes:
        return ""
    return " " + " ".join(f"[{esc(n['short'])}]" for n in notes)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table's lines, then a blank line; an empty cell shows "—"."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return [*lines, ""]


def pct(value: float, scale: float = 1.0) -> str:
    return f"{round(100 * value / scale)}%" if scale else "—"


def cites_html(notes: list[Mapping[str, Any]]) -> Any:
    """Citations in HTML: numbered links to the page's sources, the file and quote on hover."""
    from markupsafe import Markup, escape

    out = []
    for n in notes:
        quote = f" — “{escape(n['quote'])}”" if n.get("quote") else ""
        out.append(
            f'<a class="cite" href="#src-{escape(n["n"])}" title="{escape(n["where"])}{quote}" '
            f'aria-label="source {escape(n["n"])}: {escape(n["where"])}">{escape(n["n"])}</a>'
        )
    return Markup("".join(out))


def status_html(status: Any) -> Any:
    """A match status as a coloured pill: met, partial or gap (anything else is grey)."""
    from markupsafe import Markup, escape

    kind = status if status in ("met", "partial", "gap") else "other"
    return Markup(f'<span class="pill {escape(kind)}">{escape(status)}</span>')


def template_html(
    template: str,
    name: str,
    rows: Callable[..., Any],
    *,
    cited: bool = True,
    shown: Callable[[Any], bool] = bool,
) -> Callable[[Mapping[str, Any], Any], Any]:
    """A section's ``html(outputs, ctx)``: Jinja2 ``template`` shows ``rows(outputs, ctx.cite)`` as ``name``.

    ``rows(outputs)`` when not ``cited``; nothing (``""``) when ``shown`` finds the rows empty.
    """

    def html(outputs: Mapping[str, Any], ctx: Any) -> Any:
        value = rows(outputs, ctx.cite) if cited else rows(outputs)
        return ctx.html(template, **{name: value}) if shown(value) else ""

    return html
