"""What a plugin registers to write the dossier in a format."""

from __future__ import annotations

from collections.abc import Callable

from prepflow._record import Record, _fill
from prepflow.lazyre import LazyPattern

_NAME = LazyPattern(r"^[a-z][a-z0-9_-]*$")


def _check_name(value: str) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(f"renderer name {value!r} must be a lowercase word, e.g. 'md'")


class Renderer(Record):
    """A dossier format, e.g. ``md``.

    ``render(dossier)`` receives the whole dossier (a JSON-like mapping) and
    returns the file's text. It must be deterministic: the same dossier gives
    the same bytes, so reruns rewrite nothing. A function with a ``sections``
    parameter also receives the registered dossier sections (see
    :class:`prepflow.Section`), in order: ``render(dossier, sections=...)``.
    """

    _fields = __slots__ = ("name", "filename", "render", "summary")
    name: str
    filename: str
    render: Callable[..., str]
    summary: str

    def __init__(self, name: str, filename: str, render: Callable[..., str], summary: str = ""):
        _check_name(name)
        _fill(self, locals())
