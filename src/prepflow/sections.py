"""What a plugin registers to show a step's outputs in the Markdown and HTML dossiers.

A :class:`Section` names the step types it shows, a title, an order and one
renderer per format. The dossier renderers lay the registered sections out by
``order`` (ties broken by ``name``), each with the outputs of the step it shows
and a :class:`SectionContext` for citations and escaping. The first-party
sections are registered the same way, from each step package's ``section.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from prepflow._record import Record, _fill
from prepflow.errors import PluginError
from prepflow.importstring import IMPORT_STRING, resolve
from prepflow.lazyre import LazyPattern

_NAME = LazyPattern(r"^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$")


def _check_name(value: str) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(
            f"section name {value!r} must be lowercase words joined by '.' or '-', e.g. 'acme.pitch'"
        )


def _step_types(value: str | Iterable[str]) -> tuple[str, ...]:
    found = (value,) if isinstance(value, str) else tuple(value)
    if not found or not all(isinstance(v, str) and v for v in found):
        raise ValueError(f"a section shows at least one step type, given as strings: got {value!r}")
    return found


def _renderer(fmt: str, value: Any) -> Any:
    if value is None or callable(value):
        return value
    if isinstance(value, str) and IMPORT_STRING.match(value):
        return value
    raise ValueError(
        f"a section's {fmt} renderer must be a function, an import string 'module:function' "
        f"(e.g. 'my_plugin.section:{fmt}') or None, got {value!r}"
    )


def _check_order(value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"section order must be a finite number, got {value!r}")


class SectionContext(Protocol):
    """What a section renderer receives besides the step's outputs.

    A renderer gets one context per format; ``format`` says which (``"md"`` or
    ``"html"``). Citations are numbered once for the whole dossier, so a span
    cited by two sections has one number.
    """

    format: str
    """``"md"`` or ``"html"``."""
    section: Section
    step_id: str
    """The id of the step shown, e.g. ``"pitch"``."""
    uses: str
    """The step type of the step shown (one of the section's ``uses``)."""
    anchor: str
    """The section's HTML ``id`` (its name); the page's table of contents links to it."""
    dossier: Mapping[str, Any]
    """The whole dossier, for a section that also reads other steps."""

    def cite(self, *values: Any) -> list[dict[str, Any]]:
        """Numbered notes (``n``, ``file``, ``where``, ``short``, ``quote``) for the citations in ``values``.

        A value may be a citation (``{"file", "start", "end", "quote"}``), a list
        of them, or a mapping with ``cites``, ``citations``, ``source`` or ``sources``.
        """
        ...

    def escape(self, text: Any) -> Any:
        """Text from the inputs, safe to put in this format: shown literally, never as markup."""
        ...

    def refs(self, notes: list[dict[str, Any]]) -> Any:
        """Notes from :meth:`cite` as this format shows citations (Markdown `` [job.md:11]``, HTML links)."""
        ...

    def html(self, template: str, /, **values: Any) -> Any:
        """HTML from a Jinja2 template with every value escaped: the one way a section returns markup.

        Only for ``format == "html"``. ``cites(notes)`` and ``status(text)`` are
        available in the template. Anything else a section returns is escaped.
        """
        ...


SectionRenderer = Callable[[Mapping[str, Any], SectionContext], Any]


class Section(Record):
    """A part of the Markdown and HTML dossiers that shows one step's outputs.

    ``uses`` is the step type (or several) it shows: the section shows the
    first successful step of the first of them that the plan has. ``title`` is
    its name in the page's table of contents and the heading of a plain-text
    section. Sections come in ``order`` (the first-party ones use 100 to 800,
    in steps of 100), ties broken by ``name``.

    ``markdown(outputs, ctx)`` and ``html(outputs, ctx)`` return the section's
    text, heading included, or ``""`` to show nothing; leave one out to show the
    section in one format only. Either may be an import string
    (``"my_plugin.section:markdown"``), imported only when a dossier is written,
    so that loading the plugin stays cheap; :meth:`renderer` gives the function.
    Markdown is written as returned, so pass text from the inputs through
    ``ctx.escape``. HTML is escaped unless it comes from ``ctx.html(template,
    ...)``; plain text is shown as a paragraph under the title.
    """

    _fields = __slots__ = ("name", "uses", "title", "markdown", "html", "order", "contents", "plugin")
    name: str
    uses: tuple[str, ...]
    title: str
    markdown: SectionRenderer | str | None
    html: SectionRenderer | str | None
    order: float
    contents: bool
    """Whether the HTML page's table of contents links to the section."""
    plugin: str
    """The plugin that registered the section; prepflow fills it in."""

    def __init__(
        self,
        name: str,
        uses: str | Iterable[str],
        title: str,
        markdown: SectionRenderer | str | None = None,
        html: SectionRenderer | str | None = None,
        order: float = 1000,
        contents: bool = True,
        *,
        plugin: str = "",
    ):
        _check_name(name)
        _check_order(order)
        uses = _step_types(uses)
        markdown = _renderer("markdown", markdown)
        html = _renderer("html", html)
        _fill(self, locals())

    def renderer(self, fmt: str) -> SectionRenderer | None:
        """The renderer of format ``fmt`` (``"md"`` or ``"html"``), or None; an import string imported once.

        An import string naming nothing callable is a :class:`prepflow.PluginError` naming the section.
        """
        found = self.markdown if fmt == "md" else self.html if fmt == "html" else None
        if isinstance(found, str):
            return resolve(f"section '{self.name}'", found, PluginError)
        return found

    @property
    def sort_key(self) -> tuple[float, str]:
        return (float(self.order), self.name)
