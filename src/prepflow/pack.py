"""A workflow pack as prepflow holds it once its manifest passed every check.

A pack is an installed bundle of plan templates, data, branding and, when it
declares them, step types. :mod:`prepflow.manifest` reads and checks a
``pack.toml`` into a :class:`Pack`; :meth:`prepflow.Plugins.add_pack`
registers it; :mod:`prepflow.packs` resolves a plan's pins against the
registered packs; :mod:`prepflow.packdata` merges and checks their data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prepflow._record import IdentityRecord, Record, _fill
from prepflow.lazyre import LazyPattern
from prepflow.locate import TomlLocator

PACK_FILE = "pack.toml"
_SEPARATORS = LazyPattern(r"[-_.]+")
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
"""The image types a pack's ``[report] logo`` may have, with their media types."""


def canonical(name: str) -> str:
    """A distribution name, normalised (PEP 503) as pins and ``Plugins.packs`` compare them.

    The same as ``packaging.utils.canonicalize_name``, without importing it on every command.
    """
    return _SEPARATORS.sub("-", name).lower()


def shown(path: Path | str) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return text if relative.startswith("..") else relative


class Template(Record):
    """A plan a pack offers to ``prepflow init``."""

    _fields = __slots__ = ("name", "file", "description", "stubs")
    name: str
    file: Path
    description: str
    stubs: Mapping[str, Path]
    """Example input files: path in the new folder (``job.md``) -> the pack's file holding its text."""

    def __init__(self, name: str, file: Path, description: str = "", stubs: Mapping[str, Path] | None = None):
        stubs = {} if stubs is None else stubs
        _fill(self, locals())


class Pack(IdentityRecord):
    """A pack whose manifest passed every check (see :func:`read_manifest`)."""

    _fields = __slots__ = (
        "name",
        "namespace",
        "version",
        "description",
        "manifest",
        "templates",
        "data",
        "report",
        "steps_module",
        "entry_point",
        "text",
    )
    _no_repr = frozenset({"text"})
    name: str
    namespace: str
    version: str
    description: str
    manifest: Path
    """The pack's ``pack.toml``; every path in it is relative to its folder."""
    templates: tuple[Template, ...]
    data: Mapping[str, tuple[Path, ...]]
    """Data kind -> the pack's files of that kind, in the manifest's order."""
    report: Mapping[str, Any]
    """Branding: ``title`` (text), ``css``, ``logo``, ``template`` (paths)."""
    steps_module: str | None
    entry_point: str | None
    text: str

    def __init__(
        self,
        name: str,
        namespace: str,
        version: str,
        description: str,
        manifest: Path,
        templates: tuple[Template, ...] = (),
        data: Mapping[str, tuple[Path, ...]] | None = None,
        report: Mapping[str, Any] | None = None,
        steps_module: str | None = None,
        entry_point: str | None = None,
        text: str = "",
    ):
        data = {} if data is None else data
        report = {} if report is None else report
        _fill(self, locals())

    @property
    def root(self) -> Path:
        return self.manifest.parent

    @property
    def data_only(self) -> bool:
        """True when the pack declares no code: prepflow never imports anything from it."""
        return self.steps_module is None

    def where(self, *path: str | int) -> str:
        """``file:line:column`` of a key of the manifest, e.g. ``where("steps", "module")``."""
        line, column = TomlLocator(self.text).find(path)
        return f"{shown(self.manifest)}:{line}:{column}"

    def template(self, name: str) -> Template | None:
        return next((t for t in self.templates if t.name == name), None)

    def pin(self) -> str:
        """What ``prepflow init`` writes into a plan's ``packs``."""
        return f"{self.name}>={self.version}"
