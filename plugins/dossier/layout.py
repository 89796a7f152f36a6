"""Laying out the registered dossier sections: which step each shows, its context, its text.

A library module, not a plugin. Each :class:`prepflow.Section` shows the
first successful step of the first of its step types the plan has. Its
renderer gets that step's outputs and a context (:class:`MarkdownContext` or
:class:`HtmlContext`) whose citations are numbered once for the whole
dossier. HTML is trusted only when it comes from ``ctx.html`` (a Jinja2
template with autoescaping); any other text a section returns is escaped and
shown as a paragraph under its title. A renderer that raises, or returns
something that is not text, stops the dossier with one line naming the
section and its plugin.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from prepflow_plugins.dossier.markup import cites_html, esc, refs, status_html
from prepflow_plugins.dossier.view import Citations, mapping, short

import prepflow

TEMPLATES = Path(__file__).with_name("templates")


def shown_step(
    dossier: Mapping[str, Any], section: prepflow.Section
) -> tuple[str, str, Mapping[str, Any]] | None:
    """``(step id, step type, outputs)`` of the step a section shows, or None when the plan has none."""
    steps = mapping(dossier.get("steps"))
    for uses in section.uses:
        for sid, step in steps.items():
            if (
                isinstance(step, Mapping)
                and step.get("uses") == uses
                and isinstance(step.get("outputs"), Mapping)
            ):
                return str(sid), uses, step["outputs"]
    return None


class _Context:
    format = ""

    def __init__(
        self,
        section: prepflow.Section,
        step_id: str,
        uses: str,
        dossier: Mapping[str, Any],
        citations: Citations,
    ) -> None:
        self.section = section
        self.step_id = step_id
        self.uses = uses
        self.anchor = section.name
        self.dossier = dossier
        self._citations = citations

    def cite(self, *values: Any) -> list[dict[str, Any]]:
        return self._citations(*values)


class MarkdownContext(_Context):
    """A section's context in ``dossier.md``."""

    format = "md"

    def escape(self, text: Any) -> str:
        return esc(text)

    def refs(self, notes: list[dict[str, Any]]) -> str:
        return refs(notes)

    def html(self, template: str, /, **values: Any) -> Any:
        raise prepflow.PluginError(
            "ctx.html is for the HTML dossier; a Markdown renderer returns Markdown text"
        )


class HtmlContext(_Context):
    """A section's context in ``dossier.html``."""

    format = "html"

    def escape(self, text: Any) -> Any:
        from markupsafe import escape

        return escape(text)

    def refs(self, notes: list[dict[str, Any]]) -> Any:
        return cites_html(notes)

    def html(self, template: str, /, **values: Any) -> Any:
        """The template rendered with autoescaping; ``anchor`` and ``title`` are set for it."""
        values.setdefault("anchor", self.anchor)
        values.setdefault("title", self.section.title)
        return trusted(environment().get_template(remember(template)).render(**values))


# -- trusted HTML --------------------------------------------------------------------------------


@functools.cache
def _trusted_type() -> type:
    from markupsafe import Markup

    class SectionHTML(Markup):
        """HTML made by ``ctx.html``: the only section output put into the page unescaped."""

    return SectionHTML


def trusted(text: str) -> Any:
    return _trusted_type()(text)


def is_trusted(value: Any) -> bool:
    return isinstance(value, _trusted_type())


def _plain_section(section: prepflow.Section, text: str) -> Any:
    """Plain text from a section: escaped, as a paragraph under the section's title."""
    from markupsafe import escape

    anchor = escape(section.name)
    return trusted(
        f'<section id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'  <h2 id="{anchor}-h">{escape(section.title)}</h2>\n'
        f"  <p>{escape(text)}</p>\n"
        "</section>\n"
    )


# -- the Jinja2 environment -------------------------------------------------------------------------

_SOURCES: dict[str, str] = {}  # "section-<digest>" -> a section's template text


def remember(template: str) -> str:
    """The name under which a section's template text is loaded (and its compiled form cached)."""
    name = "section-" + hashlib.sha256(template.encode()).hexdigest()[:16]
    _SOURCES[name] = template
    return name


def _source(name: str) -> tuple[str, str | None, Callable[[], bool]] | None:
    text = _SOURCES.get(name)
    return None if text is None else (text, None, lambda: True)


def _configure(env: Any) -> Any:
    env.filters["num"] = _num
    env.filters["pct"] = _pct
    env.filters["short"] = short
    env.filters["svgx"] = lambda v: f"{v:.1f}".rstrip("0").rstrip(".")
    env.globals["cites"] = cites_html
    env.globals["status"] = status_html
    return env


def _options() -> dict[str, Any]:
    import jinja2

    try:  # compiled templates, kept per user in the temp folder: compiling costs more than rendering
        cache = jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        cache = None
    return {
        "loader": jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), jinja2.FunctionLoader(_source)]),
        "bytecode_cache": cache,
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }


@functools.cache
def environment() -> Any:
    """The environment of the page and of every section's template."""
    import jinja2

    return _configure(jinja2.Environment(**_options()))


@functools.cache
def sandbox() -> Any:
    """The environment of a pack's page template: a pack's files are data, so they run no Python."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return _configure(ImmutableSandboxedEnvironment(**_options()))


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _pct(value: Any, scale: float = 1.0) -> str:
    return f"{round(100 * value / scale)}%" if isinstance(value, int | float) and scale else "—"


# -- rendering -----------------------------------------------------------------------------------


def render_sections(
    dossier: Mapping[str, Any], sections: Sequence[prepflow.Section], fmt: str, citations: Citations
) -> list[tuple[prepflow.Section, Any]]:
    """Each section that shows something in format ``fmt`` (``"md"`` or ``"html"``), with its text."""
    out = []
    for section in sections:
        if (section.markdown if fmt == "md" else section.html) is None:
            continue
        found = shown_step(dossier, section)
        if found is None:
            continue
        renderer = section.renderer(fmt)
        assert renderer is not None
        step_id, uses, outputs = found
        context = (MarkdownContext if fmt == "md" else HtmlContext)(
            section, step_id, uses, dossier, citations
        )
        try:
            text = renderer(outputs, context)
        except Exception as e:
            raise _failed(section, fmt, f"{type(e).__name__}: {' '.join(str(e).split())}") from e
        if text is None or text == "":
            continue
        if not isinstance(text, str):
            raise _failed(section, fmt, f"returned {type(text).__name__}, expected text")
        if fmt == "html" and not is_trusted(text):
            text = _plain_section(section, str(text))
        out.append((section, text))
    return out


def _failed(section: prepflow.Section, fmt: str, why: str) -> prepflow.PluginError:
    what = "Markdown" if fmt == "md" else "HTML"
    return prepflow.PluginError(
        f"dossier section '{section.name}' of plugin '{section.plugin or 'unknown'}' failed in its {what} "
        f"renderer: {why}"
    )
